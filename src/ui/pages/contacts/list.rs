//! The contact list: one row a contact, windowed when long (only the rows in view are in
//! the page), with a checkbox on each while selecting.

use std::collections::BTreeSet;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::search::{find_indexed, ContactQuery, SearchIndex};
use crate::domain::{ContactId, Ledger, Now, Stage, Timestamp};
use crate::ui::browser;
use crate::ui::components::StageBadge;
use crate::ui::form::day_label;
use crate::ui::route::Route;
use crate::ui::windowing::{visible_range, WINDOW_THRESHOLD};

/// One row of the contact list.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The contact.
    pub id: ContactId,
    /// When it last changed (the list redraws a row that changed).
    version: Timestamp,
    /// Its name.
    name: String,
    /// Its stage.
    stage: Stage,
    /// Its role and organization.
    subtitle: String,
    /// The day of the last contact ("3 Nov 2026"), if there was one.
    last_contact: Option<String>,
}

/// Height of one row of the contact list in pixels (fixed, so the list can be windowed).
const ROW_HEIGHT: f64 = 60.0;

/// The list of contacts; beyond [`WINDOW_THRESHOLD`] rows only those in view are in the DOM.
#[component]
pub fn ContactList(
    rows: Memo<Vec<Row>>,
    /// Whether rows show a checkbox for bulk actions.
    selecting: RwSignal<bool>,
    /// The rows ticked for a bulk action.
    selected: RwSignal<BTreeSet<ContactId>>,
) -> impl IntoView {
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(600.0);
    let range = Memo::new(move |_| {
        visible_range(
            rows.with(Vec::len),
            ROW_HEIGHT,
            scroll_top.get(),
            viewport.get(),
        )
    });
    let on_scroll = move |ev: leptos::ev::Event| {
        if let Some(element) = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        {
            scroll_top.set(f64::from(element.scroll_top()));
            viewport.set(f64::from(element.client_height()));
        }
    };
    let windowed = move || rows.with(Vec::len) > WINDOW_THRESHOLD;
    let spacer = move |height: f64| {
        (height > 0.0).then(|| view! { <li class="spacer" aria-hidden="true" style:height=format!("{height}px")></li> })
    };
    view! {
        <div class="contact-scroller" class:windowed=windowed on:scroll=on_scroll>
            <ul class="contact-list" data-testid="contact-list">
                {move || spacer(range.get().0 as f64 * ROW_HEIGHT)}
                <For
                    each=move || {
                        let (start, end) = range.get();
                        rows.with(|all| all[start..end].to_vec())
                    }
                    key=|row| (row.id, row.version)
                    let:row
                >
                    <li class="contact-item">
                        {
                            let label = format!("Select {}", row.name);
                            view! {
                        <Show when=move || selecting.get()>
                            <input
                                type="checkbox"
                                class="row-check"
                                data-testid="row-select"
                                aria-label=label.clone()
                                prop:checked=move || selected.with(|set| set.contains(&row.id))
                                on:change=move |ev| {
                                    let ticked = event_target_checked(&ev);
                                    selected.update(|set| {
                                        if ticked { set.insert(row.id); } else { set.remove(&row.id); }
                                    });
                                }
                            />
                        </Show>
                            }
                        }
                        <a class="contact-row" data-testid="contact-row" href=Route::Contact(row.id).href()>
                            <span class="contact-name">{row.name.clone()}</span>
                            <span class="muted contact-sub">{row.subtitle.clone()}</span>
                            <span class="muted contact-last" data-testid="row-last-contact">
                                {match row.last_contact.clone() {
                                    // On a phone the words go unseen (still read out): the
                                    // date alone leaves the name its room.
                                    Some(day) => view! { <span class="last-label">"Last contact "</span>{day} }.into_any(),
                                    None => "No contact yet".into_any(),
                                }}
                            </span>
                            <StageBadge stage=row.stage />
                        </a>
                    </li>
                </For>
                {move || {
                    let (_, end) = range.get();
                    spacer(rows.with(Vec::len).saturating_sub(end) as f64 * ROW_HEIGHT)
                }}
            </ul>
        </div>
    }
}

/// The rows of the contacts `query` finds, in its order.
pub fn rows_for(ledger: &Ledger, index: &SearchIndex, query: &ContactQuery, now: Now) -> Vec<Row> {
    find_indexed(ledger, index, query, now)
        .into_iter()
        .filter_map(|id| ledger.contact(id))
        .map(|contact| {
            let organization = contact
                .profile
                .organization
                .and_then(|org| ledger.contact(org))
                .map(|org| org.profile.name.as_str());
            let subtitle = [Some(contact.profile.role.as_str()), organization]
                .into_iter()
                .flatten()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            let last_contact = ledger
                .last_contact(contact.id)
                .map(|last| day_label(browser::day_of(last)));
            Row {
                id: contact.id,
                version: contact.updated_at,
                name: contact.profile.name.clone(),
                stage: contact.stage(),
                subtitle,
                last_contact,
            }
        })
        .collect()
}
