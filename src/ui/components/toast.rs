//! The toast at the bottom of the screen, with Undo after a one-tap change.

use leptos::prelude::*;

use crate::domain::PromiseStatus;
use crate::ui::browser;
use crate::ui::state::{use_app_state, Undo};

/// The room the toast takes at the bottom of the window, its margin included (the style
/// sheet pads the bottom of `main` as much, so there is always room to scroll).
const TOAST_CLEARANCE_PX: f64 = 96.0;

/// The toast at the bottom of the screen, with Undo after a one-tap change.
#[component]
pub fn ToastView() -> impl IntoView {
    let state = use_app_state();
    let undo = move |_| {
        let Some(undo) = state.toast.get_untracked().and_then(|toast| toast.undo) else {
            return;
        };
        if !state
            .ledger
            .with_untracked(|ledger| undo.still_applies(ledger))
        {
            return state.notify("It has changed since, so there is nothing to undo.", None);
        }
        let outcome = match undo {
            Undo::Restore(removed) => {
                let name = removed.contact.profile.name.clone();
                state
                    .apply(|ledger, now| ledger.restore(*removed, now.at))
                    .map(|()| format!("{name} is back."))
            }
            Undo::Reopen { promise, .. } => state
                .apply(|ledger, now| ledger.set_promise_status(promise, PromiseStatus::Open, now))
                .map(|()| "The promise is open again.".to_owned()),
            Undo::Unsnooze { contact, .. } => state
                .apply(|ledger, now| ledger.snooze(contact, None, now.at))
                .map(|()| "Snooze undone.".to_owned()),
            Undo::Unrate { contact, at } => state
                .apply(|ledger, now| ledger.remove_quality_check(contact, at, now.at))
                .map(|_| "The quality check is removed.".to_owned()),
            Undo::Rerate { contact, check } => state
                .apply(|ledger, _| ledger.add_quality_check(contact, *check))
                .map(|()| "The quality check is back.".to_owned()),
            Undo::Unmove { contact, to, at } => state
                .apply(|ledger, now| ledger.take_back_move(contact, to, at, now.at))
                .map(|_| "The move is taken back.".to_owned()),
        };
        match outcome {
            Ok(message) => state.notify(message, None),
            Err(error) => state.notify(error.to_string(), None),
        }
    };
    // The toast shows at the bottom of the window: the button just pressed (often at the
    // bottom too, on a phone) is scrolled clear of it, so the next press is not on the toast.
    Effect::new(move |_| {
        if state.toast.with(Option::is_some) {
            browser::keep_focus_above(TOAST_CLEARANCE_PX);
        }
    });
    move || {
        state.toast.get().map(|toast| {
            let can_undo = toast.undo.is_some();
            view! {
                <div class="toast" role="status" data-testid="toast">
                    <span>{toast.message}</span>
                    <Show when=move || can_undo>
                        <button type="button" data-testid="undo" on:click=undo>"Undo"</button>
                    </Show>
                    <button type="button" aria-label="Dismiss" class="ghost" on:click=move |_| state.toast.set(None)>
                        "×"
                    </button>
                </div>
            }
        })
    }
}
