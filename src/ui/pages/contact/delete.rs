//! The question asked before a contact is deleted, saying what goes with them.

use leptos::prelude::*;

use crate::domain::words::counted;
use crate::domain::ContactId;
use crate::ui::components::ConfirmDialog;
use crate::ui::element_ref::ElementRef;
use crate::ui::route::Route;
use crate::ui::state::{navigate, use_app_state, Undo};

/// "Delete this contact with its 3 interactions and 1 promise?": Delete deletes (with an
/// undo in the toast) and goes back to the contacts; "Keep it" or Escape closes the
/// question and gives the keyboard back to `delete_button`.
#[component]
pub fn DeleteQuestion(
    /// The contact asked about.
    id: ContactId,
    /// Whether the question is asked.
    confirming_delete: RwSignal<bool>,
    /// The page's Delete button, which asked.
    delete_button: ElementRef,
) -> impl IntoView {
    let state = use_app_state();
    let delete = move |()| match state.apply(|ledger, now| ledger.delete_contact(id, now.at)) {
        Ok(removed) => {
            let message = format!("Deleted {}.", removed.contact.profile.name);
            state.notify(message, Some(Undo::Restore(Box::new(removed))));
            navigate(Route::Contacts);
        }
        Err(error) => state.notify_refusal(&error),
    };
    // "Keep it" or Escape: the question goes, the keyboard back on Delete.
    let keep_contact = move || {
        confirming_delete.set(false);
        if let Some(button) = delete_button.get_untracked() {
            let _ = button.focus();
        }
    };
    let impact = move || {
        state
            .ledger
            .with(|ledger| ledger.deletion_impact(id).unwrap_or_default())
    };
    let question = Signal::derive(move || {
        let impact = impact();
        format!(
            "Delete this contact with its {} and {}{}? You can undo right after.",
            counted(impact.interactions, "interaction", "interactions"),
            counted(impact.promises, "promise", "promises"),
            if impact.members > 0 {
                format!(
                    ", and unlink {} to it",
                    counted(impact.members, "person who belongs", "people who belong")
                )
            } else {
                String::new()
            },
        )
    });
    view! {
        <Show when=move || confirming_delete.get()>
            // The keyboard goes to the question's answer, as in every other confirmation.
            <ConfirmDialog question_id="confirm-delete-title" question class="card confirm"
                focus_confirm=true confirm_label="Delete" confirm_testid="confirm-delete"
                cancel_label="Keep it" on_confirm=Callback::new(delete)
                on_cancel=Callback::new(move |()| keep_contact()) />
        </Show>
    }
}
