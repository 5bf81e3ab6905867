//! "Change passphrase", once sync is on: a new sync passphrase for every device, with every
//! document on the server sealed again with its key.

use leptos::prelude::*;

use crate::ui::components::FormError;
use crate::ui::state::use_app_state;

/// The button that opens the form, and the form: the new passphrase, then the change.
#[component]
pub fn SyncPassphrase() -> impl IntoView {
    let state = use_app_state();
    let open = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        busy.set(true);
        let new = passphrase.get_untracked();
        leptos::task::spawn_local(async move {
            let changed = state.change_sync_passphrase(new).await;
            busy.set(false);
            match changed {
                Ok(()) => {
                    open.set(false);
                    passphrase.set(String::new());
                    state.notify(
                        "Sync passphrase changed. Your other devices will ask for the new one.",
                        None,
                    );
                }
                Err(message) => error.set(Some(message)),
            }
        });
    };
    view! {
        <Show when=move || open.get() fallback=move || view! {
            <button type="button" data-testid="sync-passphrase-open"
                on:click=move |_| open.set(true)>"Change passphrase"</button>
        }>
            <form class="sync-passphrase" on:submit=submit>
                <label class="field">
                    <span class="field-label">"New sync passphrase"</span>
                    <span class="field-hint">
                        "At least 15 characters. Every device will need it; this one keeps "
                        "syncing. Everything on the server is encrypted again, which takes a "
                        "moment for a large ledger."
                    </span>
                    <input type="password" data-testid="sync-new-passphrase"
                        autocomplete="new-password" spellcheck="false" autocapitalize="off"
                        bind:value=passphrase />
                </label>
                <FormError error=error testid="sync-passphrase-error" />
                <div class="actions">
                    <button type="submit" class="primary" data-testid="sync-passphrase-change"
                        disabled=move || busy.get()>
                        {move || if busy.get() { "Changing…" } else { "Change passphrase" }}
                    </button>
                    <button type="button" on:click=move |_| {
                        open.set(false);
                        error.set(None);
                    }>"Cancel"</button>
                </div>
            </form>
        </Show>
    }
}
