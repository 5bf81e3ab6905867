//! The contacts page: search, filters, saved lists, the list itself (windowed when long),
//! selecting several to tag or move, and adding a contact.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::domain::sample::{self, SampleSize};
use crate::domain::search::{ContactQuery, SearchIndex};
use crate::domain::{ContactId, ContactKind, ContactProfile, Stage};
use crate::jobs::{Answer, Job};
use crate::ui::browser;
use crate::ui::components::{
    guided_walk, ContactForm, ContactSubmission, InteractionMentions, SavedLists,
};
use crate::ui::contact_filters::ContactFilters;
use crate::ui::element_ref::ElementRef;
use crate::ui::route::Route;
use crate::ui::state::{navigate, use_app_state, AppState, FocusRequest};
use crate::ui::worker::{self, WorkerError};

mod bulk;
mod empty;
mod filters;
mod list;

use bulk::BulkActions;
use empty::EmptyLedger;
pub use empty::LoadDemoButton;
use filters::FilterBox;
use list::{rows_for, ContactList};

/// Opens the form that adds a contact, with the keyboard in its name field.
fn open_form(state: AppState, adding: RwSignal<bool>) {
    adding.set(true);
    state.request_focus(FocusRequest::ContactName { reveal_form: true });
}

thread_local! {
    /// Whether a demo ledger is being made: clicks meanwhile are not new requests.
    static MAKING_DEMO: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Why a demo that came after the ledger changed was not put in its place.
const DEMO_OVERTAKEN: &str = "Your ledger changed while the demo was being made, so the demo \
     was not loaded and nothing was replaced. Load it again to replace the ledger as it is now.";

/// Replaces the ledger with the demo ledger, and says so only when it is saved: otherwise
/// that it is in this tab alone (the banner at the top says why). The worker makes it (its
/// generator is in the worker's module), so it comes a moment after the click: it replaces
/// the ledger only if that is still the ledger the person chose to replace (empty, or the
/// one just backed up); anything changed meanwhile, by this tab, another one or sync, stays.
pub fn load_demo(state: AppState) {
    let now = browser::now();
    let job = Job::Demo {
        seed: sample::DEMO_SEED,
        now,
    };
    // A second click while the first demo is on its way (the worker's first start takes a
    // moment) is the same request: not made twice.
    if MAKING_DEMO.replace(true) {
        return;
    }
    let chosen = state.ledger.get_untracked();
    leptos::task::spawn_local(async move {
        let demo = match worker::ask(&job, None, |_| {}).await {
            Ok(Answer::Ledger(transfer)) => transfer
                .into_ledger()
                .map_err(|error| format!("The demo ledger could not be made: {error}.")),
            Ok(_) => Err(WorkerError::OtherVersion.to_string()),
            Err(failed) => Err(failed.to_string()),
        };
        MAKING_DEMO.set(false);
        let demo = match demo {
            Ok(demo) => demo,
            Err(message) => return state.notify(message, None),
        };
        if state.ledger.with_untracked(|current| *current != chosen) {
            return state.notify(DEMO_OVERTAKEN, None);
        }
        let saved = state.replace_ledger(demo);
        // Invented contacts need no backup: the reminder counts from now.
        state.backup.update(|habit| habit.demo_loaded(now.at));
        state.store_backup_habit();
        let message = if saved {
            format!(
                "Demo ledger loaded: {} invented contacts to explore.",
                SampleSize::DEMO.contacts
            )
        } else {
            "The demo ledger is only in this tab: it could not be saved, so it is gone when \
             the tab closes."
                .to_owned()
        };
        state.notify(message, None);
    });
}

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
    let add_button = ElementRef::new();
    state.answer_focus(add_button, FocusRequest::NewContact);
    let search = ElementRef::new();
    state.answer_focus(search, FocusRequest::Search);
    let query = Memo::new(move |_| filters.query());
    let open_list = Callback::new(move |list: ContactQuery| filters.open(list));
    let selecting = RwSignal::new(false);
    let selected = RwSignal::new(BTreeSet::<ContactId>::new());
    let index = Memo::new(move |_| state.ledger.with(SearchIndex::build));
    let rows = Memo::new(move |_| {
        let query = query.get();
        let now = browser::now();
        state
            .ledger
            .with(|ledger| index.with(|index| rows_for(ledger, index, &query, now)))
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
                    <EmptyLedger on_add=Callback::new(move |()| {
                        prefill.set(String::new());
                        open_form(state, adding);
                    }) />
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
                <FilterBox filters />
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
                <BulkActions rows selecting selected />
                <ContactList rows selecting selected />
            </Show>
        </section>
    }
}
