use leptos::prelude::*;

use crate::domain::sample::{self, SampleSize};
use crate::domain::search::find_contacts;
use crate::domain::{ContactId, ContactKind, ContactProfile, Stage, Timestamp};
use crate::ui::browser;
use crate::ui::components::{ContactForm, StageBadge};
use crate::ui::route::Route;
use crate::ui::state::{navigate, use_app_state, AppState};

/// The seed of the demo ledger: everyone who loads it sees the same people.
const DEMO_SEED: u64 = 2026;

/// One row of the contact list.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: ContactId,
    version: Timestamp,
    name: String,
    stage: Stage,
    subtitle: String,
}

/// Replaces the ledger with the demo ledger.
pub fn load_demo(state: AppState) {
    let now = browser::now();
    state.replace_ledger(sample::generate(DEMO_SEED, SampleSize::DEMO, now.at));
    state.notify("Demo ledger loaded: 40 invented contacts to explore.", None);
}

/// The contact list with instant search, and the form to add a contact.
#[component]
pub fn ContactsPage() -> impl IntoView {
    let state = use_app_state();
    let query = RwSignal::new(String::new());
    let adding = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        let query = query.get();
        state.ledger.with(|ledger| {
            find_contacts(ledger, &query)
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
                    Row {
                        id: contact.id,
                        version: contact.updated_at,
                        name: contact.profile.name.clone(),
                        stage: contact.stage(),
                        subtitle,
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let total = Memo::new(move |_| state.ledger.with(|ledger| ledger.counts().0));

    let on_submit = Callback::new(move |(profile, stage): (ContactProfile, Stage)| {
        let id = browser::new_contact_id();
        state
            .apply(|ledger, now| ledger.add_contact(id, profile, stage, now.at))
            .map(|id| {
                adding.set(false);
                if stage <= Stage::Connection {
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
                <button type="button" class="primary" data-testid="add-contact" on:click=move |_| adding.set(true)>
                    "Add contact"
                </button>
            </div>
            <Show when=move || adding.get()>
                <ContactForm
                    initial=ContactProfile::named("", ContactKind::Person)
                    initial_stage=Stage::Target
                    on_submit=on_submit
                    on_cancel=Callback::new(move |()| adding.set(false))
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
                            <button type="button" class="primary" on:click=move |_| adding.set(true)>"Add your first contact"</button>
                            <button type="button" data-testid="load-demo" on:click=move |_| load_demo(state)>
                                "Load the demo ledger"
                            </button>
                        </div>
                    </div>
                }
            >
                <input
                    type="search"
                    class="search"
                    placeholder="Search names, organizations, interests, tags, notes"
                    aria-label="Search contacts"
                    data-testid="search"
                    bind:value=query
                />
                <p class="muted" data-testid="contact-count" aria-live="polite">
                    {move || {
                        let shown = rows.with(Vec::len);
                        let total = total.get();
                        if shown == total { format!("{total} contacts") } else { format!("{shown} of {total} contacts") }
                    }}
                </p>
                <ul class="contact-list" data-testid="contact-list">
                    <For each=move || rows.get() key=|row| (row.id, row.version) let:row>
                        <li>
                            <a class="contact-row" data-testid="contact-row" href=Route::Contact(row.id).href()>
                                <span class="contact-name">{row.name.clone()}</span>
                                <span class="muted">{row.subtitle.clone()}</span>
                                <StageBadge stage=row.stage />
                            </a>
                        </li>
                    </For>
                </ul>
            </Show>
        </section>
    }
}
