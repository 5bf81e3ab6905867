//! Changing the sync passphrase: every document on the server sealed again with the key of
//! the new passphrase, then the new key check put in place of the old, so the old
//! passphrase opens nothing any more.
//!
//! A change cut short (a closed tab, a lost connection) is resumed by asking again with
//! the same new passphrase: the new key check waits on the server as `rapport-key-next`
//! meanwhile, and each document is sealed again only if the new key does not open it yet.
//! Other devices, which hold the old key, stop at the first document the new key sealed
//! and ask for the new passphrase ([`key_changed`] tells them why).

use super::couch::{CouchClient, WriteResult};
use super::crypto::{KeyCheck, SyncKey};
use super::round::{sealed_doc, Envelope, SyncFailure};
use super::sealed::{read_check, write_check, Sealed, KEY_CHECK_ID};
use rapport_core::sync::DocId;

/// The id of the new key check while a change of passphrase is under way.
pub const NEXT_KEY_CHECK_ID: &str = "rapport-key-next";

/// Documents read and written per request.
const PAGE: usize = 200;

/// Seals every document again with the key of `new_passphrase` (each one `current` opens),
/// and makes that passphrase the one the server's key check asks for. Returns the new key.
/// A wrong passphrase for a change already under way is refused before anything is
/// written.
pub async fn change_passphrase(
    client: &CouchClient,
    current: &SyncKey,
    new_passphrase: &str,
) -> Result<SyncKey, SyncFailure> {
    let ids = [KEY_CHECK_ID.to_owned(), NEXT_KEY_CHECK_ID.to_owned()];
    let mut found = client.get_many(&ids).await?.into_iter();
    let Some(current_check) = found.next().flatten() else {
        return Err(SyncFailure::Unreadable(KEY_CHECK_ID.to_owned()));
    };
    let (next_check, next_key) = match found.next().flatten() {
        // A change cut short: it goes on with the same new passphrase.
        Some(pending) => {
            let check = read_check(&pending.json, NEXT_KEY_CHECK_ID)?;
            let key = check.unlock(new_passphrase).await?;
            (check, key)
        }
        None => {
            let (check, key) = KeyCheck::create(new_passphrase).await?;
            if !write_check(client, NEXT_KEY_CHECK_ID, &check, None).await? {
                return Err(SyncFailure::PassphraseChanging);
            }
            (check, key)
        }
    };
    let (old, new) = (Sealed(current.clone()), Sealed(next_key.clone()));
    let last = reseal_since(client, &old, &new, None).await?;
    if !write_check(client, KEY_CHECK_ID, &next_check, Some(current_check.rev)).await? {
        return Err(SyncFailure::PassphraseChanging);
    }
    // What a device with the old key wrote while the documents were sealed again.
    reseal_since(client, &old, &new, Some(last)).await?;
    if let Some(Some(pending)) = client.get_many(&ids[1..]).await?.into_iter().next() {
        let deletion = serde_json::json!({
            "_id": NEXT_KEY_CHECK_ID, "_rev": pending.rev, "_deleted": true
        });
        client.bulk_docs(&[deletion]).await?;
    }
    Ok(next_key)
}

/// Whether the passphrase was changed (or is being changed) on another device since this
/// device's `key` was unlocked: then a document the key cannot open is no damage, and the
/// person is asked for the new passphrase.
pub async fn key_changed(client: &CouchClient, key: &SyncKey) -> Result<bool, SyncFailure> {
    let ids = [KEY_CHECK_ID.to_owned(), NEXT_KEY_CHECK_ID.to_owned()];
    let found: Vec<_> = client.get_many(&ids).await?;
    if matches!(found.get(1), Some(Some(_))) {
        return Ok(true);
    }
    match found.first() {
        Some(Some(doc)) => Ok(!read_check(&doc.json, KEY_CHECK_ID)?.is_opened_by(key).await),
        _ => Ok(true),
    }
}

/// Seals again, with `new`, each document of the changes feed after `since` that `new`
/// does not open; returns where the feed ended. A document another device wrote meanwhile
/// comes again later in the feed, and is sealed again then.
async fn reseal_since(
    client: &CouchClient,
    old: &Sealed,
    new: &Sealed,
    mut since: Option<String>,
) -> Result<String, SyncFailure> {
    loop {
        let page = client.changes(since.as_deref(), PAGE).await?;
        let last = page.results.len() < PAGE || page.pending == Some(0);
        let mut writes = Vec::new();
        for change in page.results {
            let (Ok(_), Some(doc), false) =
                (change.id.parse::<DocId>(), change.doc, change.deleted)
            else {
                continue;
            };
            if new.open(&change.id, &doc).await.is_ok() {
                continue;
            }
            let body = old.open(&change.id, &doc).await?;
            writes.push(sealed_doc(new, &change.id, &body, Some(&change.rev)).await?);
        }
        for result in client.bulk_docs(&writes).await? {
            if let WriteResult::Refused { id, reason } = result {
                return Err(SyncFailure::Unreadable(format!("{id}: {reason}")));
            }
        }
        since = Some(page.last_seq);
        if last {
            return Ok(since.unwrap_or_default());
        }
    }
}
