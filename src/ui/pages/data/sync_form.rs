//! The form that turns sync on: where the person's CouchDB is, who they are on it, and the
//! sync passphrase that encrypts everything before it leaves this browser.

use leptos::prelude::*;

use crate::ui::components::FormError;
use crate::ui::state::{use_app_state, SyncForm};

/// One labelled input of the form.
#[component]
fn SyncField(
    /// What the person reads.
    label: &'static str,
    /// Under the label, when it helps.
    #[prop(default = "")]
    hint: &'static str,
    /// The input's type.
    #[prop(default = "text")]
    kind: &'static str,
    /// The browser's autofill hint.
    autocomplete: &'static str,
    /// The tests' handle.
    testid: &'static str,
    /// What it holds.
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            {(!hint.is_empty()).then(|| view! { <span class="field-hint">{hint}</span> })}
            <input type=kind data-testid=testid autocomplete=autocomplete spellcheck="false"
                autocapitalize="off" bind:value=value />
        </label>
    }
}

/// "Turn on sync": checks the server and the passphrase, then syncs.
#[component]
pub fn SyncOnForm() -> impl IntoView {
    let state = use_app_state();
    let (server, user, password) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let (database, passphrase) = (
        RwSignal::new("rapport".to_owned()),
        RwSignal::new(String::new()),
    );
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        busy.set(true);
        let form = SyncForm {
            server: server.get_untracked(),
            user: user.get_untracked(),
            password: password.get_untracked(),
            database: database.get_untracked(),
            passphrase: passphrase.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let turned_on = state.turn_on_sync(form).await;
            busy.set(false);
            match turned_on {
                Ok(()) => passphrase.set(String::new()),
                Err(message) => error.set(Some(message)),
            }
        });
    };
    view! {
        <form class="sync-form" data-testid="sync-form" on:submit=submit>
            <SyncField label="Server address" hint="Your CouchDB, such as https://couch.example.com:6984"
                kind="url" autocomplete="url" testid="sync-server" value=server />
            <SyncField label="User name" autocomplete="username" testid="sync-user" value=user />
            <SyncField label="Password" kind="password" autocomplete="current-password"
                testid="sync-password" value=password />
            <SyncField label="Database" autocomplete="off" testid="sync-database" value=database />
            <SyncField label="Sync passphrase"
                hint=PASSPHRASE_HINT
                kind="password" autocomplete="new-password" testid="sync-passphrase" value=passphrase />
            <FormError error testid="sync-error" />
            <div class="actions">
                <button type="submit" class="primary" data-testid="sync-turn-on" disabled=move || busy.get()>
                    {move || if busy.get() { "Checking the server and the passphrase…" } else { "Turn on sync" }}
                </button>
            </div>
        </form>
    }
}

/// The passphrase's hint, with its minimum length ([`MIN_PASSPHRASE_CHARS`], checked by the
/// test below).
const PASSPHRASE_HINT: &str = "At least 15 characters: a few ordinary words in a row, the \
     same on every device. It encrypts everything before it leaves this browser.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::crypto::MIN_PASSPHRASE_CHARS;

    #[test]
    fn the_hint_states_the_minimum_length() {
        assert!(PASSPHRASE_HINT.contains(&format!("At least {MIN_PASSPHRASE_CHARS} characters")));
    }
}
