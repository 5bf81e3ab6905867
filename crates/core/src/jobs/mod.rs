//! Work the page hands to its worker (crates/worker), off the thread that draws the page:
//! reading a contact file or a Rapport export, and making the demo ledger. A big file is
//! then read while the page stays responsive and shows real progress, and the readers'
//! code is in the worker's module, loaded on first use, not in the page's.
//!
//! [`Job`] says what to do and [`Answer`] what came of it; both cross between the page and
//! the worker as postcard bytes (the page's module already has postcard for its storage).
//! [`run`] does a job wherever it runs: in the worker, and in the native tests.
//!
//! A new job is a [`Job`] variant, its arm in [`run`], and the page's call through
//! `src/ui/worker.rs`.

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::domain::ledger::LedgerError;
use crate::domain::sample;
use crate::domain::{Ledger, LedgerRecords, LedgerSettings, Now};
use crate::formats::imports::{format_for, ReadFile};
use crate::formats::text::decode_file_text;
use crate::storage::codec;
use crate::storage::json::import_json_bytes;
use crate::storage::schema::ChunkRecords;

/// What the page asks the worker to do. Jobs that read a file get its bytes beside.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// Read contacts from a vCard or CSV file, chosen by the file's name and media type.
    ReadContacts {
        /// The file's name, whose ending names its format.
        file_name: String,
        /// The media type the browser gave (often empty).
        media_type: String,
    },
    /// Check a Rapport JSON export whole, as its import does.
    ReadExport,
    /// Make the demo ledger.
    Demo {
        /// The generator's seed.
        seed: u64,
        /// The moment the demo's dates are drawn around.
        now: Now,
    },
}

/// What a job gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// Contacts, or a table to map first.
    Contacts(ReadFile),
    /// A whole ledger, checked.
    Ledger(LedgerTransfer),
    /// The file was refused: why, in plain words for the page to show.
    Refused(String),
}

/// A ledger as it crosses to the page: its settings and every record, in the columns a
/// stored chunk uses (a quarter of the bytes of the records one by one, and the page's
/// module already reads them). The page builds the ledger again, checking everything.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerTransfer {
    /// The ledger's settings.
    settings: LedgerSettings,
    /// Every contact, interaction, promise and tombstone.
    records: ChunkRecords,
}

impl LedgerTransfer {
    /// The ledger's settings and records.
    pub fn of(ledger: &Ledger) -> Self {
        let records = ledger.to_records();
        Self {
            settings: records.settings,
            records: ChunkRecords {
                contacts: records.contacts,
                interactions: records.interactions,
                promises: records.promises,
                tombstones: records.tombstones,
            },
        }
    }

    /// The ledger again, with every invariant checked.
    pub fn into_ledger(self) -> Result<Ledger, LedgerError> {
        Ledger::from_records(LedgerRecords {
            settings: self.settings,
            contacts: self.records.contacts,
            interactions: self.records.interactions,
            promises: self.records.promises,
            tombstones: self.records.tombstones,
        })
    }
}

/// Why a message between the page and the worker could not be read: the two are of
/// different builds (a page cached from before an update), or the message was damaged.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("a message between the page and its worker could not be read: {0}")]
pub struct MessageError(String);

impl Job {
    /// The job as bytes to post.
    pub fn to_bytes(&self) -> Vec<u8> {
        to_bytes(self)
    }

    /// A job read from posted bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MessageError> {
        from_bytes(bytes)
    }
}

impl Answer {
    /// The answer as bytes to post.
    pub fn to_bytes(&self) -> Vec<u8> {
        to_bytes(self)
    }

    /// An answer read from posted bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MessageError> {
        from_bytes(bytes)
    }
}

fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    // postcard fails only on a serializer it does not support (none of these types needs
    // one) or on a full buffer (an allocating one never is): an empty message, which the
    // other side refuses in plain words, is the answer to the impossible.
    postcard::to_allocvec(value).unwrap_or_default()
}

fn from_bytes<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, MessageError> {
    codec::from_postcard(bytes).map_err(|error| MessageError(error.to_string()))
}

/// Does `job` on `file` (the chosen file's bytes; empty for a job without a file), telling
/// `progress` the share done (0 to 1) now and then.
pub fn run(job: &Job, file: &[u8], progress: &mut dyn FnMut(f64)) -> Answer {
    match job {
        Job::ReadContacts {
            file_name,
            media_type,
        } => {
            let text = decode_file_text(file);
            match format_for(file_name, media_type).kind.read(&text, progress) {
                Ok(read) => Answer::Contacts(read),
                Err(refused) => Answer::Refused(refused.to_string()),
            }
        }
        Job::ReadExport => {
            // The checker is one pass of serde over the whole file: the share done is
            // known only before and after it.
            progress(0.0);
            let answer = match import_json_bytes(file) {
                Ok(ledger) => Answer::Ledger(LedgerTransfer::of(&ledger)),
                Err(refused) => Answer::Refused(refused.to_string()),
            };
            progress(1.0);
            answer
        }
        Job::Demo { seed, now } => Answer::Ledger(LedgerTransfer::of(&sample::demo(*seed, *now))),
    }
}
