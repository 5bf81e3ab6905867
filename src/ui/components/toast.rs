//! The toast in its dock at the bottom of the window, with Undo after a one-tap change.

use leptos::prelude::*;

use crate::domain::PromiseStatus;
use crate::ui::browser;
use crate::ui::element_ref::ElementRef;
use crate::ui::state::{use_app_state, Undo};

/// The toast, with Undo after a one-tap change, in the dock: a band kept at the bottom of
/// the window whether a toast is shown or not, which the page scrolls above. A toast that
/// appears there covers nothing the person was reading or about to press.
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
            Err(error) => state.notify_refusal(&error),
        }
    };
    let dock = ElementRef::new();
    // A toast too long for the dock's room grows it: the page moves up as much, so what
    // was in view stays in view (pushed, not covered).
    let last_height = StoredValue::new(0);
    Effect::new(move |_| {
        let shown = state.toast.with(Option::is_some);
        let Some(element) = dock.get() else {
            return;
        };
        let height = element.offset_height();
        let grown = height - last_height.get_value();
        if shown && grown > 0 && last_height.get_value() > 0 {
            browser::scroll_to(browser::scroll_y() + f64::from(grown));
        }
        last_height.set_value(height);
    });
    view! {
        <div class="toast-dock" role="status" data-testid="toast-dock" node_ref=dock>
            {move || state.toast.get().map(|toast| {
                let can_undo = toast.undo.is_some();
                view! {
                    <div class="toast" data-testid="toast">
                        <span>{toast.message}</span>
                        <Show when=move || can_undo>
                            <button type="button" data-testid="undo" on:click=undo>"Undo"</button>
                        </Show>
                        <button type="button" aria-label="Dismiss" class="ghost"
                            on:click=move |_| state.toast.set(None)>
                            "×"
                        </button>
                    </div>
                }
            })}
        </div>
    }
}
