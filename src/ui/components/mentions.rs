//! The logged interactions where the words searched for came up.

use std::time::Duration;

use leptos::prelude::*;

use crate::domain::search::{mentions, ContactQuery, InteractionIndex, MENTION_MIN_CHARS};
use crate::domain::words::counted;
use crate::domain::{ContactId, InteractionId};
use crate::ui::browser;
use crate::ui::form::day_label;
use crate::ui::route::Route;
use crate::ui::state::use_app_state;

/// How many of the newest interactions found are listed.
const LISTED: usize = 20;

/// How long typing must pause before the interactions are searched: scanning tens of
/// thousands of them at every keystroke would slow the typing down.
const SETTLE: Duration = Duration::from_millis(250);

/// One interaction found, detached from the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Found {
    interaction: InteractionId,
    contact: ContactId,
    name: String,
    date: String,
    kind: &'static str,
    summary: String,
    learned: String,
}

/// The logged interactions where the words searched for came up: "who did I talk to about
/// the launch?", even when no contact's own details hold the words.
#[component]
pub fn InteractionMentions(
    /// The contact list's search and filters; the filters narrow the interactions too.
    query: Memo<ContactQuery>,
    /// Set to how many interactions the search found, for the contact list to say so.
    mentioned: RwSignal<usize>,
) -> impl IntoView {
    let state = use_app_state();
    let settled = RwSignal::new(query.get_untracked());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let cancel_pending = move || {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
    };
    Effect::new(move |_| {
        let current = query.get();
        cancel_pending();
        pending.set_value(set_timeout_with_handle(move || settled.set(current), SETTLE).ok());
    });
    on_cleanup(cancel_pending);
    // Built the first time a search is long enough, then again after each change of the
    // ledger, only if still read.
    let index = Memo::new(move |_| {
        state.ledger.with(|ledger| {
            browser::measured("rapport:interaction-index", || {
                InteractionIndex::build(ledger)
            })
        })
    });
    let found = Memo::new(move |_| {
        let query = settled.get();
        if query.text.trim().chars().count() < MENTION_MIN_CHARS {
            return (0, Vec::new());
        }
        let now = browser::now();
        state.ledger.with(|ledger| {
            let found = index.with(|index| {
                browser::measured("rapport:mentions", || {
                    mentions(ledger, index, &query, now, LISTED)
                })
            });
            let listed = found
                .newest
                .iter()
                .filter_map(|&id| ledger.interaction(id))
                .map(|interaction| Found {
                    interaction: interaction.id,
                    contact: interaction.contact,
                    name: ledger
                        .contact(interaction.contact)
                        .map(|contact| contact.profile.name.clone())
                        .unwrap_or_default(),
                    date: day_label(browser::day_of(interaction)),
                    kind: interaction.details.kind.label(),
                    summary: interaction.details.summary.clone(),
                    learned: interaction.details.learned.clone(),
                })
                .collect::<Vec<_>>();
            (found.total, listed)
        })
    });
    let total = move || found.with(|(total, _)| *total);
    Effect::new(move |_| mentioned.set(total()));
    view! {
        <Show when=move || { total() > 0 }>
            <details class="card mentions" data-testid="mentions">
                <summary>
                    {move || format!("Found in {}", counted(total(), "logged interaction", "logged interactions"))}
                </summary>
                <ul class="mention-list">
                    <For each=move || found.with(|(_, listed)| listed.clone()) key=|found| found.interaction let:found>
                        <li class="mention" data-testid="mention">
                            <a href=Route::Contact(found.contact).href()>{found.name}</a>
                            <span class="muted">" · "{found.date}" · "{found.kind}</span>
                            <p class="excerpt">{found.summary}</p>
                            {(!found.learned.is_empty()).then(|| view! { <p class="excerpt muted">{found.learned}</p> })}
                        </li>
                    </For>
                </ul>
                <Show when=move || { total() > LISTED }>
                    <p class="muted">
                        {move || format!("The newest {LISTED} of {} are listed; add words to narrow the search.", total())}
                    </p>
                </Show>
            </details>
        </Show>
    }
}
