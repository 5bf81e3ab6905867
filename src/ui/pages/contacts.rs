//! The contacts page: search, filters, saved lists, the list itself (windowed when long),
//! selecting several to tag or move, and adding a contact.

use leptos::prelude::*;

use crate::domain::sample::{self, SampleSize};
use crate::domain::search::{
    all_tags, find_indexed, Attention, ContactQuery, SearchIndex, SortOrder,
};
use crate::domain::words::counted;
use crate::domain::{
    BulkMove, ContactId, ContactKind, ContactProfile, Stage, StakeholderType, Timestamp,
};
use crate::ui::browser;
use crate::ui::choice_signal::{choices, MaybeChoiceSignal};
use crate::ui::components::select_field::SelectField;
use crate::ui::components::{
    guided_walk, ContactForm, ContactSubmission, InteractionMentions, SavedLists, StageBadge,
};
use crate::ui::contact_filters::ContactFilters;
use crate::ui::form::day_label;
use crate::ui::route::Route;
use crate::ui::state::{navigate, use_app_state, AppState, FocusRef, FocusRequest};
use crate::ui::windowing::{visible_range, WINDOW_THRESHOLD};
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;

/// One row of the contact list.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    id: ContactId,
    version: Timestamp,
    name: String,
    stage: Stage,
    subtitle: String,
    /// The day of the last contact ("3 Nov 2026"), if there was one.
    last_contact: Option<String>,
}

/// Height of one row of the contact list in pixels (fixed, so the list can be windowed).
const ROW_HEIGHT: f64 = 60.0;

/// The list of contacts; beyond [`WINDOW_THRESHOLD`] rows only those in view are in the DOM.
#[component]
fn ContactList(
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

/// Opens the form that adds a contact, with the keyboard in its name field.
fn open_form(state: AppState, adding: RwSignal<bool>) {
    adding.set(true);
    state.request_focus(FocusRequest::ContactName { reveal_form: true });
}

/// Replaces the ledger with the demo ledger, and says so only when it is saved: otherwise
/// that it is in this tab alone (the banner at the top says why).
pub fn load_demo(state: AppState) {
    let now = browser::now();
    let saved = state.replace_ledger(sample::demo(sample::DEMO_SEED, now));
    // Invented contacts need no backup: the reminder counts from now.
    state.backup.update(|habit| habit.demo_loaded(now.at));
    state.store_backup_habit();
    let message = if saved {
        format!(
            "Demo ledger loaded: {} invented contacts to explore.",
            SampleSize::DEMO.contacts
        )
    } else {
        "The demo ledger is only in this tab: it could not be saved, so it is gone when the \
         tab closes."
            .to_owned()
    };
    state.notify(message, None);
}

/// The reason recorded with a stage move made for several contacts at once.
const BULK_MOVE_REASON: &str = "Moved with others from the contact list";

/// The contact list with instant search, and the form to add a contact.
#[component]
pub fn ContactsPage() -> impl IntoView {
    let state = use_app_state();
    let filters = ContactFilters::new();
    let adding = RwSignal::new(false);
    // The name the new-contact form starts with: one typed in the quick log that matched
    // nobody, else none.
    let prefill = RwSignal::new(String::new());
    if let Some(name) = state.name_to_add.get_untracked() {
        state.name_to_add.set(None);
        prefill.set(name);
        open_form(state, adding);
    }
    // "Add contact": a shortcut or Today's welcome presses it; Escape from the form comes
    // back to it.
    let add_button = FocusRef::new();
    state.answer_focus(add_button, FocusRequest::NewContact);
    let search = FocusRef::new();
    state.answer_focus(search, FocusRequest::Search);
    let query = Memo::new(move |_| filters.query());
    let open_list = Callback::new(move |list: ContactQuery| filters.open(list));
    let tags = Memo::new(move |_| state.ledger.with(all_tags));
    let selecting = RwSignal::new(false);
    let selected = RwSignal::new(BTreeSet::<ContactId>::new());
    let bulk_tag = RwSignal::new(String::new());
    let add_tag_to_selected = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let tag = bulk_tag.get_untracked();
        let ids = selected.get_untracked();
        if tag.trim().is_empty() || ids.is_empty() {
            return state.notify("Select contacts and type a tag first.", None);
        }
        // All or nothing (Ledger::tag_contacts).
        let outcome = state.apply(|ledger, now| ledger.tag_contacts(ids, &tag, now.at));
        match outcome {
            Ok(tagged) => {
                bulk_tag.set(String::new());
                state.notify(
                    format!("Tagged {tagged} contacts \u{201c}{}\u{201d}.", tag.trim()),
                    None,
                );
            }
            Err(error) => state.notify(error.to_string(), None),
        }
    };
    let bulk_stage = MaybeChoiceSignal::<Stage>::new(None);
    let move_selected = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ids = selected.get_untracked();
        let Some(to) = bulk_stage.get_untracked() else {
            return state.notify("Choose the stage to move them to.", None);
        };
        if ids.is_empty() {
            return state.notify("Select the contacts to move first.", None);
        }
        // All or nothing; a selected contact deleted meanwhile (in another tab) is skipped.
        let outcome =
            state.apply(|ledger, now| ledger.move_contacts(ids, to, BULK_MOVE_REASON, now.at));
        match outcome {
            Ok(BulkMove { moved, already }) => {
                let mut message = format!(
                    "Moved {} to {}.",
                    counted(moved, "contact", "contacts"),
                    to.label()
                );
                if already > 0 {
                    message.push_str(&format!(
                        " {} there already.",
                        counted(already, "was", "were")
                    ));
                }
                state.notify(message, None);
            }
            Err(error) => state.notify(error.to_string(), None),
        }
    };
    let index = Memo::new(move |_| state.ledger.with(SearchIndex::build));
    let rows = Memo::new(move |_| {
        let query = query.get();
        let now = browser::now();
        state.ledger.with(|ledger| {
            index
                .with(|index| find_indexed(ledger, index, &query, now))
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
                .collect::<Vec<_>>()
        })
    });
    let total = Memo::new(move |_| state.ledger.with(|ledger| ledger.counts().contacts));
    let mentioned = RwSignal::new(0usize);

    let on_submit = Callback::new(move |(profile, stage, outlet): ContactSubmission| {
        let id = browser::new_contact_id();
        // The person and a new outlet's organization go in together, or neither does.
        state
            .apply(|ledger, now| {
                let stakeholder = profile.stakeholder;
                ledger.save_at_outlet(&outlet, stakeholder, now.at, |ledger, organization| {
                    let profile = ContactProfile {
                        organization,
                        ..profile
                    };
                    ledger.add_contact(id, profile, stage, now.at)
                })
            })
            .map(|id| {
                adding.set(false);
                if stage <= Stage::Connection && guided_walk::opens_after_add() {
                    state.walk_requested.set(Some(id));
                }
                navigate(Route::Contact(id));
            })
            .map_err(|error| error.to_string())
    });

    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Contacts"</h1>
                <button type="button" class="primary" data-testid="add-contact" node_ref=add_button
                    on:click=move |_| {
                        prefill.set(String::new());
                        open_form(state, adding);
                    }>
                    "Add contact"
                </button>
            </div>
            <Show when=move || adding.get()>
                <ContactForm
                    initial=ContactProfile::named(prefill.get_untracked(), ContactKind::Person)
                    initial_stage=Stage::Target
                    on_submit=on_submit
                    on_cancel=Callback::new(move |()| {
                        adding.set(false);
                        if let Some(button) = add_button.get_untracked() {
                            browser::focus_element(&button);
                        }
                    })
                />
            </Show>
            <Show
                when=move || { total.get() > 0 }
                fallback=move || view! {
                    <div class="card empty-state" data-testid="empty-state">
                        <h2>"Your ledger is empty"</h2>
                        <p>
                            "Add the people you want a relationship with: journalists, creators, customers, partners. "
                            "Everything stays in this browser until you export it."
                        </p>
                        <div class="actions">
                            <button type="button" class="primary" on:click=move |_| {
                                prefill.set(String::new());
                                open_form(state, adding);
                            }>"Add your first contact"</button>
                            <button type="button" data-testid="load-demo" on:click=move |_| {
                                load_demo(state);
                                browser::focus_main();
                            }>
                                "Load the demo ledger"
                            </button>
                        </div>
                    </div>
                }
            >
                <input
                    type="search"
                    class="search"
                    placeholder="Search names, organizations, tags, notes, interactions"
                    aria-label="Search contacts"
                    data-testid="search"
                    node_ref=search
                    bind:value=filters.text
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" && !ev.is_composing() {
                            if let Some(first) = rows.with_untracked(|rows| rows.first().map(|row| row.id)) {
                                ev.prevent_default();
                                navigate(Route::Contact(first));
                            }
                        }
                    }
                />
                <SavedLists current=query on_open=open_list />
                <details class="filters-box" open=!browser::is_narrow()>
                    // Folded on a phone, it still says how many filters narrow the list.
                    <summary data-testid="filters-toggle">
                        "Filters and sort"
                        {move || {
                            let on = filters.narrowing();
                            (on > 0).then(|| format!(" · {on} on"))
                        }}
                    </summary>
                    <div class="filters">
                        <SelectField label="Stage" testid="filter-stage" value=filters.stage.with_blank("All stages")
                            options=choices(Stage::ALL) />
                        <SelectField label="Type" testid="filter-type" value=filters.stakeholder.with_blank("All types")
                            options=choices(StakeholderType::ALL) />
                        <SelectField label="Tag" testid="filter-tag" value=filters.tag.with_blank("All tags")
                            options=Signal::derive(move || choices(&tags.get())) />
                        <SelectField label="Needs attention" testid="filter-attention" value=filters.attention.with_blank("Everyone")
                            options=choices(&[Attention::Quiet, Attention::Overdue]) />
                        <SelectField label="Sort by" testid="sort" value=filters.sort
                            options=choices(&[SortOrder::Name, SortOrder::LastContact, SortOrder::Stage]) />
                    </div>
                </details>
                <Show when=move || filters.any()>
                    <button type="button" data-testid="clear-filters" on:click=move |_| filters.clear()>
                        "Clear search and filters"
                    </button>
                </Show>

                <p class="muted" data-testid="contact-count" aria-live="polite">
                    {move || {
                        let shown = rows.with(Vec::len);
                        let total = total.get();
                        let noun = if total == 1 { "contact" } else { "contacts" };
                        if shown == total { format!("{total} {noun}") } else { format!("{shown} of {total} {noun}") }
                    }}
                </p>
                <Show when=move || rows.with(Vec::is_empty)>
                    <p class="empty" data-testid="no-match">
                        {move || if mentioned.get() > 0 {
                            "No contact's own details hold these words; the logged interactions below do."
                        } else {
                            "No contact matches. Try fewer words, or clear the filters."
                        }}
                    </p>
                </Show>
                <InteractionMentions query mentioned />
                <div class="actions bulk">
                    <button type="button" data-testid="select-mode" aria-pressed=move || selecting.get().to_string()
                        on:click=move |_| { selecting.update(|on| *on = !*on); selected.set(BTreeSet::new()); }>
                        {move || if selecting.get() { "Done selecting" } else { "Select" }}
                    </button>
                    <Show when=move || selecting.get()>
                        <button type="button" data-testid="select-all"
                            on:click=move |_| selected.set(rows.with(|all| all.iter().map(|row| row.id).collect()))>
                            "Select all shown"
                        </button>
                        <form class="bulk-tag" on:submit=add_tag_to_selected>
                            <label class="field">
                                <span class="field-label">{move || format!("Tag for {} selected", selected.with(BTreeSet::len))}</span>
                                <input type="text" data-testid="bulk-tag" bind:value=bulk_tag />
                            </label>
                            <button type="submit" data-testid="bulk-tag-submit">"Add tag"</button>
                        </form>
                        <form class="bulk-tag" on:submit=move_selected>
                            <SelectField label="Move selected to" testid="bulk-stage" value=bulk_stage.with_blank("Choose a stage") options=choices(Stage::ALL) />
                            <button type="submit" data-testid="bulk-stage-submit">"Move"</button>
                        </form>
                    </Show>
                </div>
                <ContactList rows selecting selected />
            </Show>
        </section>
    }
}
