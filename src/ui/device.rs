//! What this device keeps apart from the ledger, typed, in one place, through
//! [`gloo_storage`]: the colour theme and whether the guided walk opens after a contact is
//! added (localStorage, for every tab), and the log forms' unsent drafts (sessionStorage,
//! for this tab). None of it is part of the ledger or an export, and all of it is best
//! effort: where storage is blocked or full, a preference is only not remembered.
//!
//! The ledger's own engine stays on `web-sys` (see `crates/core/src/storage/local.rs`): it
//! needs every failure typed, and gloo-storage throws where storage is disabled, so each
//! call here checks that storage is there first.

use gloo_storage::{LocalStorage, SessionStorage, Storage};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Whether this browser gives the page a localStorage (not in some private modes, nor with
/// storage turned off): gloo-storage's calls throw without one.
fn has_local_storage() -> bool {
    web_sys::window().is_some_and(|window| window.local_storage().ok().flatten().is_some())
}

/// Whether this tab has a sessionStorage (see [`has_local_storage`]).
fn has_session_storage() -> bool {
    web_sys::window().is_some_and(|window| window.session_storage().ok().flatten().is_some())
}

/// A preference of this device kept in localStorage as a plain word, not JSON: `web/boot.js`
/// reads the theme's word before the app starts, and installs already hold these words.
pub struct Word {
    /// Its localStorage key.
    pub key: &'static str,
}

impl Word {
    /// The word kept, if any.
    pub fn get(&self) -> Option<String> {
        if !has_local_storage() {
            return None;
        }
        LocalStorage::raw().get_item(self.key).ok().flatten()
    }

    /// Keeps `word`, or forgets the preference for `None`.
    pub fn set(&self, word: Option<&str>) {
        if !has_local_storage() {
            return;
        }
        // A word that cannot be kept (storage full) is only not remembered.
        let _ = match word {
            Some(word) => LocalStorage::raw().set_item(self.key, word),
            None => LocalStorage::raw().remove_item(self.key),
        };
    }
}

/// The value this tab keeps under `key` in sessionStorage, as JSON; `None` when there is
/// none or it no longer reads.
pub fn session_get<T: DeserializeOwned>(key: &str) -> Option<T> {
    if !has_session_storage() {
        return None;
    }
    SessionStorage::get(key).ok()
}

/// Keeps `value` under `key` in this tab's sessionStorage, as JSON.
pub fn session_set<T: Serialize>(key: &str, value: &T) {
    if has_session_storage() {
        // A value that cannot be kept only does not survive a reload.
        let _ = SessionStorage::set(key, value);
    }
}

/// Forgets what this tab keeps under `key`.
pub fn session_delete(key: &str) {
    if has_session_storage() {
        SessionStorage::delete(key);
    }
}

/// The keys this tab keeps that start with `prefix`.
pub fn session_keys(prefix: &str) -> Vec<String> {
    if !has_session_storage() {
        return Vec::new();
    }
    let storage = SessionStorage::raw();
    (0..storage.length().unwrap_or(0))
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with(prefix))
        .collect()
}
