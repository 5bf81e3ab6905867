//! The walk's step over my promises: marking the open ones kept, and making a new one.

use leptos::prelude::*;

use super::Outcome;
use crate::domain::{ContactId, Party, PromiseDraft, PromiseStatus};
use crate::ui::browser;
use crate::ui::element_ref::ElementRef;
use crate::ui::form::{day_label, parse_date};
use crate::ui::state::use_app_state;

/// My open promises to the contact, each with "Kept" (which meets the prompt), and a form
/// that adds one (which does not: a promise made is not yet kept).
#[component]
pub fn PromiseStep(
    /// To whom the promises are owed.
    contact: ContactId,
    /// The first "Kept" button, where the keyboard starts when there is one.
    first_kept: ElementRef,
    /// The new promise's first field.
    start: ElementRef,
    /// Told whether a promise was marked kept.
    outcome: Outcome,
) -> impl IntoView {
    let state = use_app_state();
    let what = RwSignal::new(String::new());
    // As the date input gives it, `YYYY-MM-DD`, read when the promise is added.
    let due = RwSignal::new(String::new());
    let open = Memo::new(move |_| {
        state.ledger.with(|ledger| {
            ledger
                .promises_of(contact)
                .into_iter()
                .filter(|p| p.owed_by == Party::Me && p.status == PromiseStatus::Open)
                .map(|p| (p.id, p.what.clone(), p.due))
                .collect::<Vec<_>>()
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(due_day) = parse_date(&due.get_untracked()) else {
            return outcome.refuse("Pick the date it is due.".to_owned());
        };
        let draft = PromiseDraft {
            what: what.get_untracked(),
            owed_by: Party::Me,
            due: due_day,
            interaction: None,
        };
        let id = browser::new_promise_id();
        match state.apply(|ledger, now| ledger.add_promise(id, contact, draft, now.at)) {
            Ok(_) => {
                outcome.clear();
                what.set(String::new());
                due.set(String::new());
            }
            Err(failure) => outcome.refuse(failure.to_string()),
        }
    };
    view! {
        <div class="walk-action">
            <p>"Your open promises: mark the ones you kept."</p>
            <ul class="promise-list">
                {move || open.get().into_iter().enumerate().map(|(index, (id, what, due))| {
                    let node = if index == 0 { first_kept } else { ElementRef::new() };
                    view! {
                        <li class="promise-item">
                            {what}" · due "{day_label(due)}" "
                            <button type="button" class="small" data-testid="walk-kept" node_ref=node
                                on:click=move |_| outcome.report(state.apply(|ledger, now| ledger.set_promise_status(id, PromiseStatus::Kept, now)))>
                                "Kept"
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form on:submit=submit class="form-grid">
                <label class="field"><span class="field-label">"Promise something"</span>
                    <input type="text" data-testid="walk-text" bind:value=what node_ref=start /></label>
                <label class="field"><span class="field-label">"Due"</span>
                    <input type="date" data-testid="walk-due" bind:value=due /></label>
                <div class="actions"><button type="submit">"Add promise"</button></div>
            </form>
        </div>
    }
}
