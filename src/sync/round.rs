//! One round of sync against a real server: the core's steps (`rapport_core::sync`) driven
//! through the [`CouchClient`], each document's body wrapped by an [`Envelope`] (the
//! encryption) on its way out and unwrapped on its way in.
//!
//! Sync never blocks editing: while a request is in flight the person may edit, and another
//! tab may save. So a round holds no copy of the ledger across a request: after each answer
//! it takes the ledger and journal as they are now from its [`SyncStore`], runs the core's
//! step on them and keeps the result at once, before anything else can change them. When
//! the store says another tab committed first ([`Kept::Refreshed`]), the step is run again,
//! with the same answer, on what the store holds now.
//!
//! A round cut anywhere (a lost connection, a closed tab) resumes from what was kept: a page
//! taken twice changes nothing more, and a write whose answer was lost is found on the
//! server by the next round's fetch.

use serde_json::{Map, Value};

use super::conflicts::resolve;
use super::couch::{CouchClient, CouchError, WriteResult};
use crate::domain::ledger::Ledger;
use rapport_core::sync::{
    acknowledge, take_page, to_push, writes, Ack, Body, DocId, Fetched, Journal, Pulled, SyncError,
    Write,
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

/// Where a round reads the ledger and its journal from, and keeps them after each step.
pub trait SyncStore {
    /// The ledger as it is now (with any change not saved yet) and the journal a sync step
    /// starts from: the one kept, with the ledger's unsaved changes noted.
    fn current(&mut self) -> Result<(Ledger, Journal), SyncFailure>;
    /// Keeps `ledger` and `journal` together, in one step. [`Kept::Refreshed`] when another
    /// tab committed since [`current`](Self::current): nothing was kept, the store now holds
    /// what storage holds, and the step must be run again from there.
    fn keep(&mut self, ledger: Ledger, journal: Journal) -> Result<Kept, SyncFailure>;
    /// `documents` more were taken from the server and kept: a first sync's progress.
    fn took(&mut self, _documents: usize) {}
    /// `documents` more were written to the server and acknowledged.
    fn sent(&mut self, _documents: usize) {}
}

/// What became of a [`SyncStore::keep`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    /// Kept.
    Kept,
    /// Not kept: another tab committed first, and the store read what it committed.
    Refreshed,
    /// Not kept: storage is full of the copies this device's last saves replaced, which
    /// are removed once no other tab can still be reading them (the storage engine's
    /// grace). The step is kept again after `retry_in_ms`: a first sync saves the ledger
    /// page after page, faster than that grace.
    Full {
        /// How long to wait before keeping the step again, in milliseconds.
        retry_in_ms: u32,
    },
}

/// The most documents a pull asks for at once, however far behind the device is.
const MAX_PAGE: usize = 25_000;

/// How many times a step is run again while other tabs keep committing first.
const TRIES: usize = 5;

/// How many times a step waits for storage to free the room its last saves took.
const WAITS: usize = 3;

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
    #[error(
        "A record on the server could not be read ({0}), so what follows it on the server is \
         not taken in yet; your changes here still reach the server."
    )]
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
    /// The sync settings could not be kept or read on this device.
    #[error("The sync settings could not be kept on this device: {0}.")]
    Settings(String),
    /// Sync was turned off (here or in another tab) while a round ran.
    #[error("Sync is off on this device.")]
    Off,
}

/// How far a round got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Documents taken from the server.
    pub pulled: usize,
    /// Documents written to the server.
    pub pushed: usize,
}

/// Runs `step` on what `store` holds now and keeps its result, again from what the store
/// holds after another tab's commit, up to [`TRIES`] times, and after storage had the time
/// to free the room of the copies the last saves replaced, up to [`WAITS`] times.
async fn kept_step(
    store: &mut impl SyncStore,
    mut step: impl FnMut(Ledger, Journal) -> Result<(Ledger, Journal), SyncFailure>,
) -> Result<(), SyncFailure> {
    let (mut tries, mut waits) = (0, 0);
    while tries < TRIES {
        let (ledger, journal) = store.current()?;
        let (ledger, journal) = step(ledger, journal)?;
        match store.keep(ledger, journal)? {
            Kept::Kept => return Ok(()),
            Kept::Refreshed => tries += 1,
            Kept::Full { retry_in_ms } if waits < WAITS => {
                waits += 1;
                sleep(retry_in_ms).await;
            }
            Kept::Full { .. } => {
                return Err(SyncFailure::NotKept(
                    "this browser's storage for the page is full".to_owned(),
                ))
            }
        }
    }
    Err(SyncFailure::NotKept(
        "another tab of Rapport kept saving at the same moment; sync tries again shortly"
            .to_owned(),
    ))
}

/// Resolves after `ms` milliseconds (at once where the page has no timer).
async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let timer = web_sys::window().and_then(|window| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    &resolve,
                    i32::try_from(ms).unwrap_or(i32::MAX),
                )
                .ok()
        });
        if timer.is_none() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Takes every change on the server since the journal's checkpoint, `page` documents at a
/// time at first and more as the round takes more, keeping the ledger and journal after
/// each page.
pub async fn pull(
    client: &CouchClient,
    envelope: &impl Envelope,
    store: &mut impl SyncStore,
    page: usize,
) -> Result<usize, SyncFailure> {
    let (mut pulled, mut limit) = (0, page);
    loop {
        let (_, journal) = store.current()?;
        let since = journal.checkpoint;
        let changes = client.changes(since.as_deref(), limit).await?;
        let last = changes.results.len() < limit || changes.pending == Some(0);
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
            // Revisions kept in conflict (servers that replicate with each other) are
            // decided by the rule first, and the server left with none open.
            let body = if change.conflicts.is_empty() {
                read(envelope, &change.id, &doc).await?
            } else {
                resolve(client, envelope, &change.id, &doc, &change.conflicts).await?
            };
            documents.push(Pulled { id, body });
        }
        let count = documents.len();
        let checkpoint = Some(changes.last_seq);
        let mut moved_on = false;
        kept_step(store, |ledger, mut journal| {
            // Another tab took the feed on meanwhile (where there are no Web Locks), and
            // may have changed and pushed what this page holds since: the page, taken now,
            // would bring older copies back. The feed is read again from where it stands.
            moved_on = journal.checkpoint != since;
            if moved_on {
                return Ok((ledger, journal));
            }
            let mut taken =
                take_page(&ledger, &mut journal, documents.clone(), checkpoint.clone())?;
            // What was not saved yet stays to be saved, with what the page changed.
            taken.add_pending(ledger.pending_changes().clone());
            Ok((taken, journal))
        })
        .await?;
        if moved_on {
            continue;
        }
        pulled += count;
        // Pages grow with what this round took (a quarter of it, up to `MAX_PAGE`): in a
        // first sync each page's save rewrites most of the stored ledger, and storage frees
        // the room of the copies replaced only after a grace, so fewer pages wait less.
        limit = page.max(pulled / 4).min(MAX_PAGE);
        store.took(count);
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
    store: &mut impl SyncStore,
    batch: usize,
) -> Result<usize, SyncFailure> {
    let mut pushed = 0;
    let mut after = None;
    loop {
        let (ledger, journal) = store.current()?;
        let ids = to_push(&journal, &ledger, after, batch);
        drop((ledger, journal));
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
        // What to write is planned on the ledger as it is after the fetch.
        let (ledger, mut journal) = store.current()?;
        let planned = writes(&ledger, &mut journal, fetched.clone());
        drop((ledger, journal));
        let mut docs = Vec::with_capacity(planned.len());
        for write in &planned {
            let id = write.id.to_string();
            docs.push(written(envelope, &id, &write.body, write.rev.as_deref()).await?);
        }
        let results = if docs.is_empty() {
            Vec::new()
        } else {
            client.bulk_docs(&docs).await?
        };
        let acks = acks(planned, &results);
        let written = acks.iter().filter(|(_, ack)| *ack == Ack::Written).count();
        pushed += written;
        // What the server said is recorded against the ledger as it is after the write: a
        // document edited meanwhile stays unsynced, based on what was written.
        kept_step(store, |ledger, mut journal| {
            // The fetch's findings (a document the same on both sides is synced) first.
            writes(&ledger, &mut journal, fetched.clone());
            acknowledge(&ledger, &mut journal, acks.clone());
            Ok((ledger, journal))
        })
        .await?;
        store.sent(written);
    }
}

/// Each planned write with what the server said of it (a write it did not mention is taken
/// as stale: the next round finds it).
fn acks(planned: Vec<Write>, results: &[WriteResult]) -> Vec<(Write, Ack)> {
    planned
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
        .collect()
}

/// Pulls, then pushes: one whole round.
pub async fn round(
    client: &CouchClient,
    envelope: &impl Envelope,
    store: &mut impl SyncStore,
) -> Result<Progress, SyncFailure> {
    /// Documents per page pulled and per batch pushed: small enough that a page's request
    /// and its save stay short on a phone, large enough that a first sync takes few trips.
    const PAGE: usize = 500;
    // What this device offers (sync just turned on) goes before anything is taken in.
    let (_, journal) = store.current()?;
    let offered = if journal.is_offering() {
        drop(journal);
        push(client, envelope, store, PAGE).await?
    } else {
        0
    };
    // A pull that stops (a record it cannot read) does not keep this device's changes from
    // the server: they are pushed all the same, and the pull's failure is told.
    let pulled = pull(client, envelope, store, PAGE).await;
    let pushed = push(client, envelope, store, PAGE).await;
    let (pulled, pushed) = (pulled?, pushed?);
    Ok(Progress {
        pulled,
        pushed: offered + pushed,
    })
}

/// The server document that carries `body` as document `id`'s body, over revision `rev`
/// (`None`: a new document): [`read`]'s way back.
pub(super) async fn written(
    envelope: &impl Envelope,
    id: &str,
    body: &Body,
    rev: Option<&str>,
) -> Result<Value, SyncFailure> {
    let text =
        serde_json::to_vec(body).map_err(|error| SyncFailure::Unreadable(error.to_string()))?;
    sealed_doc(envelope, id, &text, rev).await
}

/// The server document that carries `text`, the JSON text of document `id`'s body, wrapped
/// by `envelope`, over revision `rev` (`None`: a new document).
pub(super) async fn sealed_doc(
    envelope: &impl Envelope,
    id: &str,
    text: &[u8],
    rev: Option<&str>,
) -> Result<Value, SyncFailure> {
    let mut doc = envelope.seal(id, text).await?;
    doc.insert("_id".to_owned(), Value::String(id.to_owned()));
    if let Some(rev) = rev {
        doc.insert("_rev".to_owned(), Value::String(rev.to_owned()));
    }
    Ok(Value::Object(doc))
}

/// The body a server document carries, unwrapped and read.
pub(super) async fn read(
    envelope: &impl Envelope,
    id: &str,
    doc: &Value,
) -> Result<Body, SyncFailure> {
    let text = envelope.open(id, doc).await?;
    serde_json::from_slice(&text).map_err(|_| SyncFailure::Unreadable(id.to_owned()))
}
