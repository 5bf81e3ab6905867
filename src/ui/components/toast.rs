use leptos::prelude::*;

use crate::ui::state::use_app_state;

/// The toast at the bottom of the screen, with Undo after a deletion.
#[component]
pub fn ToastView() -> impl IntoView {
    let state = use_app_state();
    let undo = move |_| {
        let Some(removed) = state.toast.get_untracked().and_then(|toast| toast.undo) else {
            return;
        };
        let name = removed.contact.profile.name.clone();
        match state.apply(|ledger, now| ledger.restore(removed, now.at)) {
            Ok(()) => state.notify(format!("{name} is back."), None),
            Err(error) => state.notify(error.to_string(), None),
        }
    };
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
