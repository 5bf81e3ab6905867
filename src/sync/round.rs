//! One round of sync against a real server: the core's steps (`rapport_core::sync`) driven
//! through the [`CouchClient`], each document's body wrapped by an [`Envelope`] (the
//! encryption) on its way out and unwrapped on its way in.
//!
//! After every page pulled and every batch pushed, the caller's `keep` saves the ledger and
//! the journal together; a round cut anywhere (a lost connection, a closed tab) resumes from
//! what was kept: a page taken twice changes nothing more, and a write whose answer was lost
//! is found on the server by the next round's fetch.

use serde_json::{Map, Value};

use super::couch::{CouchClient, CouchError, WriteResult};
use crate::domain::ledger::Ledger;
use rapport_core::sync::{
    acknowledge, take_page, to_push, writes, Ack, Body, DocId, Fetched, Journal, Pulled, SyncError,
};

/// How a document's body travels: wrapped into fields of the server's document, and back.
// Async trait methods: the page is single-threaded, so no caller needs the futures `Send`.
#[allow(async_fn_in_trait)]
pub trait Envelope {
    /// The fields (besides `_id` and `_rev`) that carry `body`, the JSON text of document
    /// `id`'s body.
    async fn seal(&self, id: &str, body: &[u8]) -> Result<Map<String, Value>, SyncFailure>;
    /// The JSON text of the body that the server's document `doc` (of id `id`) carries.
    async fn open(&self, id: &str, doc: &Value) -> Result<Vec<u8>, SyncFailure>;
}

/// Why a round stopped, in words for the person.
#[derive(Debug, thiserror::Error)]
pub enum SyncFailure {
    /// The server could not be reached or refused (its message says what to do).
    #[error(transparent)]
    Server(#[from] CouchError),
    /// The passphrase, or a sealed body, was refused (its message says what to do).
    #[error(transparent)]
    Crypto(super::crypto::CryptoError),
    /// A document on the server could not be unwrapped or read.
    #[error("A record on the server could not be read ({0}); it was left as it is.")]
    Unreadable(String),
    /// The server's records do not fit together with this ledger.
    #[error(transparent)]
    Ledger(#[from] SyncError),
    /// Another device is changing the sync passphrase at the same moment.
    #[error(
        "The sync passphrase is being changed on another device. Wait until it is done there, \
         then enter the new passphrase here."
    )]
    PassphraseChanging,
    /// This device could not keep what it synced (its storage refused).
    #[error("What was synced could not be kept on this device: {0}")]
    NotKept(String),
}

/// How far a round got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Documents taken from the server.
    pub pulled: usize,
    /// Documents written to the server.
    pub pushed: usize,
}

/// Takes every change on the server since the journal's checkpoint, `page` documents at a
/// time, keeping the ledger and journal after each page.
pub async fn pull(
    client: &CouchClient,
    envelope: &impl Envelope,
    ledger: &mut Ledger,
    journal: &mut Journal,
    page: usize,
    keep: &mut impl FnMut(&Ledger, &Journal) -> Result<(), SyncFailure>,
) -> Result<usize, SyncFailure> {
    let mut pulled = 0;
    loop {
        let changes = client.changes(journal.checkpoint.as_deref(), page).await?;
        let last = changes.results.len() < page || changes.pending == Some(0);
        let mut documents = Vec::new();
        for change in changes.results {
            // Another program's documents, the key check, and CouchDB's own deletions (sync
            // writes deletions as tombstones) are not records.
            let Ok(id) = change.id.parse::<DocId>() else {
                continue;
            };
            let Some(doc) = change.doc.filter(|_| !change.deleted) else {
                continue;
            };
            documents.push(Pulled {
                id,
                body: read(envelope, &change.id, &doc).await?,
            });
        }
        pulled += documents.len();
        let mut next_journal = journal.clone();
        let next = take_page(ledger, &mut next_journal, documents, Some(changes.last_seq))?;
        keep(&next, &next_journal)?;
        *ledger = next;
        *journal = next_journal;
        if last {
            return Ok(pulled);
        }
    }
}

/// Writes every document changed here whose server copy is still its base, `batch` at a
/// time, keeping the journal after each batch. Documents the server moved on from are left
/// for the next pull.
pub async fn push(
    client: &CouchClient,
    envelope: &impl Envelope,
    ledger: &Ledger,
    journal: &mut Journal,
    batch: usize,
    keep: &mut impl FnMut(&Ledger, &Journal) -> Result<(), SyncFailure>,
) -> Result<usize, SyncFailure> {
    let mut pushed = 0;
    let mut after = None;
    loop {
        let ids = to_push(journal, ledger, after, batch);
        let Some(&last) = ids.last() else {
            return Ok(pushed);
        };
        after = Some(last);
        let texts: Vec<String> = ids.iter().map(DocId::to_string).collect();
        let mut fetched = Vec::with_capacity(ids.len());
        for (&id, found) in ids.iter().zip(client.get_many(&texts).await?) {
            let current = match found {
                Some(doc) => Some((doc.rev, read(envelope, &doc.id, &doc.json).await?)),
                None => None,
            };
            fetched.push(Fetched { id, current });
        }
        let mut next_journal = journal.clone();
        let planned = writes(ledger, &mut next_journal, fetched);
        let mut docs = Vec::with_capacity(planned.len());
        for write in &planned {
            let id = write.id.to_string();
            let text = serde_json::to_vec(&write.body)
                .map_err(|error| SyncFailure::Unreadable(error.to_string()))?;
            let mut doc = envelope.seal(&id, &text).await?;
            doc.insert("_id".to_owned(), Value::String(id));
            if let Some(rev) = &write.rev {
                doc.insert("_rev".to_owned(), Value::String(rev.clone()));
            }
            docs.push(Value::Object(doc));
        }
        let results = if docs.is_empty() {
            Vec::new()
        } else {
            client.bulk_docs(&docs).await?
        };
        let acks: Vec<(rapport_core::sync::Write, Ack)> = planned
            .into_iter()
            .map(|write| {
                let id = write.id.to_string();
                let ack = results
                    .iter()
                    .find_map(|result| match result {
                        WriteResult::Written { id: written, .. } if *written == id => {
                            Some(Ack::Written)
                        }
                        WriteResult::Conflict { id: stale } if *stale == id => Some(Ack::Stale),
                        WriteResult::Refused {
                            id: refused,
                            reason,
                        } if *refused == id => Some(Ack::Refused(reason.clone())),
                        _ => None,
                    })
                    .unwrap_or(Ack::Stale);
                (write, ack)
            })
            .collect();
        pushed += acks.iter().filter(|(_, ack)| *ack == Ack::Written).count();
        acknowledge(ledger, &mut next_journal, acks);
        keep(ledger, &next_journal)?;
        *journal = next_journal;
    }
}

/// Pulls, then pushes: one whole round.
pub async fn round(
    client: &CouchClient,
    envelope: &impl Envelope,
    ledger: &mut Ledger,
    journal: &mut Journal,
    keep: &mut impl FnMut(&Ledger, &Journal) -> Result<(), SyncFailure>,
) -> Result<Progress, SyncFailure> {
    /// Documents per page pulled and per batch pushed: small enough that a page's request
    /// and its save stay short on a phone, large enough that a first sync takes few trips.
    const PAGE: usize = 500;
    // What this device offers (sync just turned on) goes before anything is taken in.
    let offered = if journal.is_offering() {
        push(client, envelope, ledger, journal, PAGE, keep).await?
    } else {
        0
    };
    let pulled = pull(client, envelope, ledger, journal, PAGE, keep).await?;
    let pushed = push(client, envelope, ledger, journal, PAGE, keep).await?;
    Ok(Progress {
        pulled,
        pushed: offered + pushed,
    })
}

/// The body a server document carries, unwrapped and read.
async fn read(envelope: &impl Envelope, id: &str, doc: &Value) -> Result<Body, SyncFailure> {
    let text = envelope.open(id, doc).await?;
    serde_json::from_slice(&text).map_err(|_| SyncFailure::Unreadable(id.to_owned()))
}
