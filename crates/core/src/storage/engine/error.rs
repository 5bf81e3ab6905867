//! The storage engine's one error type, in words a person can act on.

use super::*;

/// Why loading or saving failed, in words a person understands.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// The browser's quota for this origin is used up.
    #[error(
        "Your browser's storage for this page is full. Your changes are kept in this tab: \
         export them now so nothing is lost."
    )]
    QuotaExceeded,
    /// The browser offers no storage (disabled, private mode, no window).
    #[error(
        "This browser does not let Rapport keep data on this device (storage is turned off, or \
         this is a private window). Your changes last only while this tab is open: export them \
         before you close it."
    )]
    Unavailable(String),
    /// The manifest cannot be read.
    #[error(
        "Rapport's saved data could not be read: its table of contents ({MANIFEST_KEY}) is \
         damaged ({0}). Nothing was changed or deleted."
    )]
    CorruptManifest(String),
    /// A chunk cannot be read or does not match the manifest.
    #[error(
        "Rapport's saved data could not be read: the part stored under {key} is damaged \
         ({reason}). Nothing was changed or deleted."
    )]
    CorruptChunk {
        /// The chunk's key.
        key: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The chunks decode, but together they break a ledger invariant.
    #[error(
        "Rapport's saved data could not be read: its records do not fit together. {0} \
         Nothing was changed or deleted."
    )]
    Inconsistent(LedgerError),
    /// The data was written by a newer Rapport, or names no version.
    #[error(transparent)]
    Schema(SchemaError),
    /// Everything was erased from another tab or window since this one read the ledger.
    #[error(
        "Everything Rapport kept in this browser was erased from another tab or window, so \
         this change was not saved. Export now to keep what is only in this tab, then reload."
    )]
    Erased,
    /// Another tab or window saved since this one last read or wrote: saving now would
    /// overwrite its work, so nothing is written.
    #[error(
        "Rapport was changed in another tab or window. This change was not saved, so nothing \
         there is overwritten: reload this page to see the latest ledger (export first to keep \
         what is only in this tab)."
    )]
    ChangedElsewhere,
    /// Any other storage failure.
    #[error(
        "The browser's storage failed ({0}). Your changes are kept in this tab: export them \
         now so nothing is lost."
    )]
    Failed(String),
}

impl From<BackendError> for StorageError {
    fn from(error: BackendError) -> Self {
        match error {
            BackendError::QuotaExceeded => StorageError::QuotaExceeded,
            BackendError::Unavailable(detail) => StorageError::Unavailable(detail),
            BackendError::Failed(detail) => StorageError::Failed(detail),
        }
    }
}
