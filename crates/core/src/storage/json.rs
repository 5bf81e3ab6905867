//! The JSON export: the whole ledger in one readable file that the person owns, and the
//! import that checks such a file completely before the caller replaces anything.
//!
//! ```json
//! {
//!   "format": "rapport",
//!   "schema_version": 2,
//!   "exported_at": "2026-11-22T05:00:00.000Z",
//!   "settings": { "tag_cadences": { ... }, "fields": [ ... ], "saved_lists": [ ... ] },
//!   "contacts": [ ... ],
//!   "interactions": [ ... ],
//!   "promises": [ ... ],
//!   "tombstones": [ { "kind": "contact", "id": "01K…", "contact": "01K…",
//!                     "deleted_at": "2026-11-21T09:12:00.000Z" }, ... ]
//! }
//! ```
//!
//! The tombstones (since schema version 8) are what deletions left, so a merge of this file
//! elsewhere deletes what was deleted here ([`crate::domain::merge`]); an export of an older
//! version has none, and imports as a ledger where nothing was deleted.
//!
//! Nothing here touches storage: the caller decides what to do with an imported ledger.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::schema::{records_from_export, SchemaError, SchemaVersion};
use crate::domain::{
    Contact, DayFormat, Interaction, Ledger, LedgerError, LedgerSettings, Promise, Timestamp,
    Tombstone,
};

/// The `format` value that marks a Rapport export.
pub const FORMAT: &str = "rapport";

/// The most room any browser gives localStorage, in UTF-16 units (Chromium and Firefox:
/// 5 MiB of units; WebKit gives half of that to the text Rapport stores).
const LARGEST_STORE_UNITS: usize = 5 * 1024 * 1024;

/// Bytes of compact JSON export per UTF-16 unit of stored ledger, at most: the capacity
/// ledger (5,000 contacts, 100,000 interactions) takes 2,371,099 units stored (schema
/// version 7's columns) and exports to about 19 bytes a unit; 24 leaves room for ledgers
/// that compress better (long repeated notes) without letting in a file far beyond what
/// any store can hold.
const EXPORT_BYTES_PER_STORED_UNIT: usize = 24;

/// The largest file [`import_json`] reads, in bytes: the export of any ledger a browser's
/// storage can hold imports back (about 126 MB), and nothing much larger is read whole
/// into a phone's memory.
pub const MAX_IMPORT_BYTES: usize = LARGEST_STORE_UNITS * EXPORT_BYTES_PER_STORED_UNIT;

/// Why an import was refused, in words a person understands.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The file is larger than [`MAX_IMPORT_BYTES`].
    #[error(
        "This file is {megabytes} MB; Rapport imports files of up to {} MB, more than the \
         largest ledger a browser can hold. Choose a Rapport export file.",
        MAX_IMPORT_BYTES.div_ceil(1024 * 1024)
    )]
    TooLarge {
        /// The file's size, in whole megabytes (rounded up).
        megabytes: usize,
    },
    /// The text is not JSON at all.
    #[error(
        "This file is not valid JSON (line {line}, column {column}): it may be damaged or \
         cut short."
    )]
    Malformed {
        /// Line of the error, from 1.
        line: usize,
        /// Column of the error, from 1.
        column: usize,
    },
    /// The JSON is not a Rapport export.
    #[error(
        "This file is not a Rapport export (one has \"format\": \"rapport\" and a \
         \"schema_version\"). Contacts from a spreadsheet (CSV) or an address book (vCard) \
         come in through Import contacts."
    )]
    NotRapport,
    /// The export's version cannot be read.
    #[error(transparent)]
    Schema(SchemaError),
    /// A value has the wrong type or a required field is missing.
    #[error("This Rapport export has a wrong value at line {line}, column {column}: {detail}.")]
    Invalid {
        /// What serde found wrong, e.g. "invalid type: integer `5`, expected a string".
        detail: String,
        /// Line of the error, from 1.
        line: usize,
        /// Column of the error, from 1.
        column: usize,
    },
    /// The records are well formed but do not fit together.
    #[error("This Rapport export is inconsistent: {0}")]
    Inconsistent(LedgerError),
}

/// The export document as written. The field order is the order in the file.
#[derive(Serialize)]
struct ExportDocument<'a> {
    format: &'static str,
    schema_version: u32,
    exported_at: Timestamp,
    settings: &'a LedgerSettings,
    contacts: Vec<&'a Contact>,
    interactions: Vec<&'a Interaction>,
    promises: Vec<&'a Promise>,
    tombstones: Vec<&'a Tombstone>,
}

/// The first fields of an export, read before the records so a wrong or newer file is
/// refused before anything else is decoded.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    schema_version: Option<u64>,
}

/// The whole ledger as a JSON export, compact: the largest ledger a store holds exports
/// to 45 MB this way (62 MB indented), and imports back ([`MAX_IMPORT_BYTES`]).
pub fn export_json(ledger: &Ledger, exported_at: Timestamp) -> String {
    let document = ExportDocument {
        format: FORMAT,
        schema_version: SchemaVersion::LATEST.number(),
        exported_at,
        settings: ledger.settings(),
        contacts: ledger.contacts().collect(),
        interactions: ledger.interactions().collect(),
        promises: ledger.promises().collect(),
        tombstones: ledger.tombstones().collect(),
    };
    // Serializing to memory fails only on maps with non-string keys or a failing Serialize
    // impl; the ledger's records have neither, so this cannot panic.
    serde_json::to_string(&document).expect("ledger records always serialize to JSON")
}

/// The file name an export made on `date` gets: `rapport-2026-11-22.json`.
pub fn export_file_name(date: NaiveDate) -> String {
    format!("rapport-{}.json", DayFormat::Iso.of(date))
}

/// The file name of the backup downloaded on `date` before the ledger is replaced:
/// `rapport-before-replace-2026-11-22.json`, told apart from the person's own exports.
pub fn backup_file_name(date: NaiveDate) -> String {
    format!("rapport-before-replace-{}.json", DayFormat::Iso.of(date))
}

/// Reads an export and checks it completely: size, JSON syntax, format, version, every
/// value's type, then every reference and invariant through [`Ledger::from_records`].
///
/// The ledger returned has every record pending, so saving it writes it in full.
pub fn import_json(text: &str) -> Result<Ledger, ImportError> {
    import_json_bytes(text.as_bytes())
}

/// [`import_json`] on the file's bytes as read (UTF-8, as Rapport writes it), so a large
/// file is never also held as text: a browser's string of it would take twice its size.
pub fn import_json_bytes(bytes: &[u8]) -> Result<Ledger, ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            megabytes: bytes.len().div_ceil(1024 * 1024),
        });
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let start = bytes.trim_ascii_start();
    // A CSV or vCard file is not JSON that went wrong: say what it is not, and where it goes.
    if !start.is_empty() && !start.starts_with(b"{") && !start.starts_with(b"[") {
        return Err(ImportError::NotRapport);
    }
    let header: Header =
        serde_json::from_slice(bytes).map_err(|error| match syntax_error(&error) {
            Some(malformed) => malformed,
            None => ImportError::NotRapport,
        })?;
    // serde also reads a struct from an array (`["rapport", 1]`): only an object is an export.
    if header.format.as_deref() != Some(FORMAT) || !start.starts_with(b"{") {
        return Err(ImportError::NotRapport);
    }
    let version = SchemaVersion::check(header.schema_version).map_err(ImportError::Schema)?;
    let records = records_from_export(version, bytes)
        .map_err(|error| syntax_error(&error).unwrap_or_else(|| invalid(&error)))?;
    Ledger::from_records(records).map_err(ImportError::Inconsistent)
}

/// The error for text that is not JSON at all (or ends early), if that is the case.
fn syntax_error(error: &serde_json::Error) -> Option<ImportError> {
    (error.is_syntax() || error.is_eof()).then(|| ImportError::Malformed {
        line: error.line(),
        column: error.column(),
    })
}

/// The error for a value of the wrong type, keeping serde's description without its
/// position suffix (the message states the position itself).
fn invalid(error: &serde_json::Error) -> ImportError {
    let message = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    ImportError::Invalid {
        detail: message.strip_suffix(&suffix).unwrap_or(&message).to_owned(),
        line: error.line(),
        column: error.column(),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "json_tests.rs"]
mod tests;
