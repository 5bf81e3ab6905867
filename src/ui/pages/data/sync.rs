//! The Data page's "Sync" card: the ledger on every device of the person's, through a
//! CouchDB they own, encrypted in this browser first.

use leptos::prelude::*;

use super::sync_form::SyncOnForm;
use super::sync_status::SyncStatus;
use crate::ui::state::use_app_state;

/// Sync: the form to turn it on, or its status once on.
#[component]
pub fn SyncSection() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="card" aria-labelledby="sync-title" data-testid="sync">
            <h2 id="sync-title">"Sync"</h2>
            <p>
                "Keep this ledger the same on all your devices, with a copy off this browser, "
                "through a CouchDB server you run or rent. Everything is encrypted here with "
                "your sync passphrase before it leaves: the server sees only record ids, sizes "
                "and times, never a name or a note."
            </p>
            <p class="field-hint">
                "Forget the passphrase and only the server copy is lost: this device keeps your "
                "ledger. The server's password and the key stay on this device until you turn "
                "sync off."
            </p>
            <Show when=move || state.sync.on.get() fallback=|| view! { <SyncOnForm /> }>
                <SyncStatus />
            </Show>
        </section>
    }
}
