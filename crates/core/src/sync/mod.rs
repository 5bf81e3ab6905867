//! Sync with a CouchDB the person owns, without the network: what to send, what to take,
//! and how to decide a document changed on both sides. The app does the requests (and the
//! encryption) and hands the answers here, so every step is tested natively, against a
//! model of CouchDB's documents and revisions (`model_tests.rs`; two tabs of one device
//! syncing at once, `tabs_model_tests.rs`).
//!
//! One round of sync:
//! 1. **pull**: read the server's changes feed from the journal's checkpoint, a page at a
//!    time, and [take each page](take_page) into the ledger;
//! 2. **push**: [fetch](to_push) the server's copies of the documents changed here, make
//!    the [writes](writes) whose server copy is still their base, and
//!    [acknowledge](acknowledge) what the server said.
//!
//! The ledger and its [`Journal`] are saved together after each step, so a cut connection
//! or a closed tab resumes where it stopped: a page taken twice changes nothing more, and a
//! write whose answer was lost is found on the server by the next round.

mod doc;
mod journal;
mod pull;
mod push;
mod rule;

pub use doc::{body_of, every_doc, Body, DocId, ForeignDoc};
pub use journal::Journal;
pub use pull::{take_page, Pulled};
pub use push::{acknowledge, to_push, writes, Ack, Fetched, Write};
pub use rule::{decide, decide_conflict};

use crate::domain::ledger::LedgerError;

/// Why a sync step could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The server's records do not fit together with this ledger.
    #[error("The synced copy could not be placed in your ledger: {0}")]
    Unplaceable(#[from] LedgerError),
    /// A pull was tried before this device offered what it held when sync was turned on.
    #[error("This device's records must reach the server before the server's are taken in.")]
    NotOffered,
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod model_support;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod model_tests;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tabs_model_tests;
