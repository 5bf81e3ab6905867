//! The envelope sync uses: each document's body encrypted with the sync key, under one field,
//! `sealed` (base64 of nonce, ciphertext and tag), bound to the document's id; and the key
//! check kept on the server as the document `rapport-key`, so a second device needs only the
//! passphrase. The server sees `_id`, `_rev`, the sealed text's length and when it changed.

use serde_json::{Map, Value};

use super::couch::{CouchClient, WriteResult};
use super::crypto::{decrypt, encrypt, from_base64, to_base64, CryptoError, KeyCheck, SyncKey};
use super::round::{Envelope, SyncFailure};

/// The id of the key check's document. Not a record's id (those are `<kind>:<id>`), so sync
/// never reads it as one.
pub const KEY_CHECK_ID: &str = "rapport-key";

/// Bodies sealed with the sync key.
pub struct Sealed(pub SyncKey);

impl Envelope for Sealed {
    async fn seal(&self, id: &str, body: &[u8]) -> Result<Map<String, Value>, SyncFailure> {
        let sealed = encrypt(&self.0, id, body).await?;
        Ok(Map::from_iter([(
            "sealed".to_owned(),
            Value::String(to_base64(&sealed)),
        )]))
    }

    async fn open(&self, id: &str, doc: &Value) -> Result<Vec<u8>, SyncFailure> {
        let text = doc
            .get("sealed")
            .and_then(Value::as_str)
            .ok_or_else(|| SyncFailure::Unreadable(id.to_owned()))?;
        Ok(decrypt(&self.0, id, &from_base64(text)?).await?)
    }
}

/// The sync key for `passphrase`: unlocked with the server's key check, or, on a database
/// that has none yet, made now and its check written. A wrong passphrase is refused before
/// anything is written.
pub async fn unlock_or_create(
    client: &CouchClient,
    passphrase: &str,
) -> Result<SyncKey, SyncFailure> {
    let ids = [KEY_CHECK_ID.to_owned()];
    // Twice at most: another device may write the first check between our read and write.
    for _ in 0..2 {
        if let Some(Some(doc)) = client.get_many(&ids).await?.into_iter().next() {
            return Ok(read_check(&doc.json, KEY_CHECK_ID)?
                .unlock(passphrase)
                .await?);
        }
        let (check, key) = KeyCheck::create(passphrase).await?;
        if write_check(client, KEY_CHECK_ID, &check, None).await? {
            return Ok(key);
        }
    }
    Err(SyncFailure::Unreadable(KEY_CHECK_ID.to_owned()))
}

/// A key check as stored in document `id` (the key check, or a new one while the passphrase
/// is being changed).
pub(super) fn read_check(json: &Value, id: &str) -> Result<KeyCheck, SyncFailure> {
    serde_json::from_value(json.clone()).map_err(|_| SyncFailure::Unreadable(id.to_owned()))
}

/// Writes `check` as document `id`, over revision `rev` when it replaces one. `false` when
/// another device wrote that document first.
pub(super) async fn write_check(
    client: &CouchClient,
    id: &str,
    check: &KeyCheck,
    rev: Option<String>,
) -> Result<bool, SyncFailure> {
    let mut doc = match serde_json::to_value(check) {
        Ok(Value::Object(doc)) => doc,
        _ => return Err(SyncFailure::Unreadable(id.to_owned())),
    };
    doc.insert("_id".to_owned(), Value::String(id.to_owned()));
    if let Some(rev) = rev {
        doc.insert("_rev".to_owned(), Value::String(rev));
    }
    match client
        .bulk_docs(&[Value::Object(doc)])
        .await?
        .into_iter()
        .next()
    {
        Some(WriteResult::Written { .. }) => Ok(true),
        Some(WriteResult::Conflict { .. }) => Ok(false),
        Some(WriteResult::Refused { reason, .. }) => {
            Err(SyncFailure::Unreadable(format!("{id}: {reason}")))
        }
        None => Err(SyncFailure::Unreadable(id.to_owned())),
    }
}

impl From<CryptoError> for SyncFailure {
    fn from(error: CryptoError) -> Self {
        SyncFailure::Crypto(error)
    }
}
