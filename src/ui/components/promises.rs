//! A contact's promises: made, kept, missed, and the form to make one.

use leptos::prelude::*;

use crate::domain::{
    ContactId, Now, Party, Promise, PromiseDraft, PromiseId, PromiseStatus, Timestamp,
};
use crate::sorting::sort_by_key;
use crate::ui::browser;
use crate::ui::choice_signal::{choices, ChoiceSignal};
use crate::ui::components::select_field::SelectField;
use crate::ui::components::{ConfirmDelete, FormError};
use crate::ui::form::{day_label, parse_date};
use crate::ui::state::use_app_state;

#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: PromiseId,
    version: Timestamp,
    what: String,
    owed_by: &'static str,
    due: String,
    status: PromiseStatus,
    overdue: bool,
    /// ", kept 12 Dec, late" or ", missed 9 Dec": when it was resolved, on the person's
    /// calendar; empty while open.
    resolved: String,
}

/// When a resolved promise was marked kept or missed, and whether kept late, in words.
fn resolved_words(promise: &Promise, now: Now) -> String {
    let Some(day) = promise.resolved_day(now).map(day_label) else {
        return String::new();
    };
    match promise.status {
        PromiseStatus::Open => String::new(),
        PromiseStatus::Missed => format!(" · marked missed {day}"),
        PromiseStatus::Kept if promise.was_kept_late(now) => format!(" · kept {day}, late"),
        PromiseStatus::Kept => format!(" · kept {day}"),
    }
}

/// A contact's promises, with the form to record a new one.
#[component]
pub fn Promises(
    /// Whose promises.
    contact: ContactId,
) -> impl IntoView {
    let state = use_app_state();
    let rows = Memo::new(move |_| {
        let now = browser::now();
        state.ledger.with(|ledger| {
            // What is still owed comes first, soonest due first; then what was resolved,
            // most recently resolved first.
            let (mut listed, mut resolved): (Vec<&Promise>, Vec<&Promise>) = ledger
                .promises_of(contact)
                .into_iter()
                .partition(|promise| promise.status == PromiseStatus::Open);
            sort_by_key(&mut resolved, |promise| {
                std::cmp::Reverse(promise.resolved_at)
            });
            listed.extend(resolved);
            listed
                .into_iter()
                .map(|promise| Row {
                    id: promise.id,
                    version: promise.updated_at,
                    what: promise.what.clone(),
                    owed_by: match promise.owed_by {
                        Party::Me => "I owe",
                        Party::Them => "They owe",
                    },
                    due: day_label(promise.due),
                    status: promise.status,
                    overdue: promise.is_overdue(now.today),
                    resolved: resolved_words(promise, now),
                })
                .collect::<Vec<_>>()
        })
    });
    let what = RwSignal::new(String::new());
    let owed_by = ChoiceSignal::new(Party::Me);
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);

    let set_status = move |id: PromiseId, status: PromiseStatus| {
        if let Err(failure) = state.apply(|ledger, now| ledger.set_promise_status(id, status, now))
        {
            state.notify_refusal(&failure);
        }
    };
    let delete_promise = move |id: PromiseId| {
        if let Err(failure) =
            state.apply(|ledger, now| ledger.delete_promise(id, now.at).map(|_| ()))
        {
            state.notify_refusal(&failure);
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(due_date) = parse_date(&due.get_untracked()) else {
            return error.set(Some("Pick the date it is due.".to_owned()));
        };
        let draft = PromiseDraft {
            what: what.get_untracked(),
            owed_by: owed_by.get_untracked(),
            due: due_date,
            interaction: None,
        };
        let id = browser::new_promise_id();
        match state.apply(|ledger, now| ledger.add_promise(id, contact, draft, now.at)) {
            Ok(_) => {
                error.set(None);
                what.set(String::new());
                due.set(String::new());
            }
            Err(failure) => error.set(Some(failure.to_string())),
        }
    };

    view! {
        <section class="card" aria-labelledby="promises-title">
            <h2 id="promises-title">"Promises"</h2>
            <Show
                when=move || rows.with(|list| !list.is_empty())
                fallback=|| view! { <p class="empty">"No promises yet. Follow through on what you say: record it here."</p> }
            >
                <ul class="promise-list" data-testid="promise-list">
                    <For each=move || rows.get() key=|row| (row.id, row.version) let:row>
                        <li class="promise-item" class:overdue=row.overdue data-testid="promise-item">
                            <div>
                                <strong>{row.what.clone()}</strong>
                                <span class="muted" data-testid="promise-when">
                                    " · "{row.owed_by}" · due "{row.due.clone()}{row.resolved.clone()}" "
                                </span>
                                <span class=format!("chip status-{}", row.status.key())>
                                    {if row.overdue { "Overdue" } else { row.status.label() }}
                                </span>
                            </div>
                            <div class="actions">
                                <Show
                                    when=move || row.status == PromiseStatus::Open
                                    fallback=move || view! {
                                        <button type="button" class="small" data-testid="promise-reopen"
                                            on:click=move |_| set_status(row.id, PromiseStatus::Open)>"Reopen"</button>
                                    }
                                >
                                    <button type="button" class="small" data-testid="promise-kept"
                                        on:click=move |_| set_status(row.id, PromiseStatus::Kept)>"Kept"</button>
                                    <button type="button" class="small" data-testid="promise-missed"
                                        on:click=move |_| set_status(row.id, PromiseStatus::Missed)>"Missed"</button>
                                </Show>
                                <ConfirmDelete
                                    label=format!("Delete the promise: {}", row.what)
                                    question="Delete this promise for good?"
                                    testid="promise-delete"
                                    confirm_testid="confirm-delete-promise"
                                    on_confirm=Callback::new(move |()| delete_promise(row.id))
                                />
                            </div>
                        </li>
                    </For>
                </ul>
            </Show>
            <form class="promise-form" on:submit=submit>
                <FormError error />
                <div class="form-grid">
                    <label class="field">
                        <span class="field-label">"What was promised"</span>
                        <input type="text" data-testid="promise-what" bind:value=what />
                    </label>
                    <SelectField label="Who owes it" testid="promise-owed-by" value=owed_by
                        options=choices(Party::ALL) />
                    <label class="field">
                        <span class="field-label">"Due"</span>
                        <input type="date" data-testid="promise-due" bind:value=due />
                    </label>
                </div>
                <div class="actions">
                    <button type="submit" data-testid="promise-submit">"Add promise"</button>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PromiseId;
    use chrono::NaiveDate;

    #[test]
    fn a_resolved_promise_says_when_and_whether_it_was_late() {
        let noon = |day: u32| {
            let at = NaiveDate::from_ymd_opt(2026, 12, day)
                .and_then(|date| date.and_hms_opt(12, 0, 0))
                .expect("day");
            Timestamp::from_millis(at.and_utc().timestamp_millis())
        };
        let promise = |status, resolved_at| Promise {
            id: PromiseId::new(noon(1), 1),
            contact: ContactId::new(noon(1), 2),
            interaction: None,
            what: "Send the deck".into(),
            owed_by: Party::Me,
            due: NaiveDate::from_ymd_opt(2026, 12, 9).expect("due"),
            status,
            resolved_at,
            resolved_on: None,
            created_at: noon(1),
            updated_at: noon(1),
        };
        let now = Now::utc(noon(20));
        assert_eq!(resolved_words(&promise(PromiseStatus::Open, None), now), "");
        assert_eq!(
            resolved_words(&promise(PromiseStatus::Kept, Some(noon(9))), now),
            " · kept 9 Dec 2026"
        );
        assert_eq!(
            resolved_words(&promise(PromiseStatus::Kept, Some(noon(12))), now),
            " · kept 12 Dec 2026, late"
        );
        assert_eq!(
            resolved_words(&promise(PromiseStatus::Missed, Some(noon(10))), now),
            " · marked missed 10 Dec 2026"
        );
    }
}
