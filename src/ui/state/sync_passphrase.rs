//! The sync passphrase after sync is on: changing it from this device (every document on
//! the server sealed again with the new key, [`crate::sync::rekey`]), and telling the
//! person, in words, when another device changed it.

use super::sync::Link;
use super::*;
use crate::sync::crypto::{CryptoError, MIN_PASSPHRASE_CHARS};
use crate::sync::rekey::{change_passphrase, key_changed};
use crate::sync::round::SyncFailure;

/// What the person reads when the key kept here no longer opens the server's copy.
pub const PASSPHRASE_CHANGED_ELSEWHERE: &str =
    "The sync passphrase was changed on another device, so this device can no longer read \
     the server's copy. Turn sync off, then on again with the new passphrase; your ledger \
     here stays as it is.";

/// What the person reads when another tab's round holds the sync lock.
pub const SYNC_RUNNING_ELSEWHERE: &str =
    "Sync is running in another tab of Rapport. Try again in a moment.";

impl AppState {
    /// Changes the sync passphrase: every document on the server is sealed again with the
    /// key of `new`, which this device keeps; other devices ask for it at their next round.
    /// Other tabs skip their rounds meanwhile. A change cut short is finished by asking
    /// again with the same passphrase.
    pub async fn change_sync_passphrase(&self, new: String) -> Result<(), String> {
        if new.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(CryptoError::PassphraseTooShort.to_string());
        }
        let state = *self;
        let Some(link) = state.sync.link.get_value() else {
            return Err("Sync is not on on this device yet.".to_owned());
        };
        if state.sync.syncing.get_untracked() {
            return Err(super::sync::SYNC_RUNNING.to_owned());
        }
        state.sync.syncing.set(true);
        // Under the tabs' sync lock, until the new key is kept for the other tabs to take
        // up: a round of theirs would seal what it pushes with the old key, which no
        // device could open once the change is done.
        let changed = super::sync_lock::exclusively(move || async move {
            let key = change_passphrase(&link.client, &link.key, &new)
                .await
                .map_err(|failure| failure.to_string())?;
            let mut kept = Ok(());
            state.sync.link.update_value(|link| {
                if let Some(link) = link {
                    link.connection.key = key.kept().clone();
                    link.key = key;
                    kept = link.connection.keep();
                }
            });
            kept.map_err(|failure| failure.to_string())
        })
        .await;
        state.sync.syncing.set(false);
        changed.ok_or_else(|| SYNC_RUNNING_ELSEWHERE.to_owned())??;
        state.sync.failure.set(None);
        state.sync_now();
        Ok(())
    }

    /// The words for a round that failed: a key that no longer opens the server's copy
    /// because the passphrase was changed elsewhere says so, instead of "damaged".
    pub(super) async fn failure_words(&self, link: &Link, failure: &SyncFailure) -> String {
        let unreadable = matches!(failure, SyncFailure::Crypto(CryptoError::Damaged));
        if unreadable && key_changed(&link.client, &link.key).await.unwrap_or(false) {
            return PASSPHRASE_CHANGED_ELSEWHERE.to_owned();
        }
        failure.to_string()
    }
}
