//! Files in and out besides the JSON export: CSV, vCard and iCalendar.
//!
//! Pure Rust, no browser: every function takes text or the ledger and returns text or
//! drafts, so all of it is tested (and fuzzed) natively. Imports never touch the ledger:
//! they return [`ImportedContact`] drafts that the caller checks for
//! [duplicates](duplicates::likely_duplicates) and adds one by one.
//!
//! Every import refuses input over [`MAX_INPUT_BYTES`] and caps rows, columns and cards, so a
//! hostile file costs bounded memory and time; no input makes a parser panic.

pub mod content_line;
pub mod csv_export;
pub mod csv_import;
pub mod duplicates;
pub mod formula;
pub mod ics;
pub mod import_plan;
pub mod imports;
pub mod text;
pub mod vcard;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz_tests;

use thiserror::Error;

use crate::domain::ledger::limits;
use crate::domain::{ContactProfile, Stage};

/// The largest file an import reads, in bytes (50 MiB, as for the JSON import).
pub const MAX_INPUT_BYTES: usize = 50 * 1024 * 1024;

/// Most data rows a CSV import reads.
pub const MAX_ROWS: usize = 100_000;

/// Most columns a CSV import reads.
pub const MAX_COLUMNS: usize = 500;

/// Most cells a CSV import reads: bounds the memory a file of many short cells takes.
pub const MAX_CELLS: usize = 3_000_000;

/// Most cards a vCard import reads.
pub const MAX_CARDS: usize = 100_000;

/// Why a file could not be read or written, in words a person understands.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The file is larger than [`MAX_INPUT_BYTES`].
    #[error("This file is {megabytes} MB; Rapport imports files of up to 50 MB.")]
    TooLarge {
        /// The file's size in whole megabytes, rounded up.
        megabytes: usize,
    },
    /// More rows than [`MAX_ROWS`].
    #[error("This file has more than {max} rows; split it into smaller files.")]
    TooManyRows {
        /// The limit.
        max: usize,
    },
    /// More columns than [`MAX_COLUMNS`].
    #[error("This file has more than {max} columns; it does not look like a contact list.")]
    TooManyColumns {
        /// The limit.
        max: usize,
    },
    /// More cells than [`MAX_CELLS`].
    #[error("This file has more than {max} cells; split it into smaller files.")]
    TooManyCells {
        /// The limit.
        max: usize,
    },
    /// More cards than [`MAX_CARDS`].
    #[error("This file has more than {max} contacts; split it into smaller files.")]
    TooManyCards {
        /// The limit.
        max: usize,
    },
    /// The CSV text could not be read or written.
    #[error("This CSV file could not be read near line {line}: {detail}.")]
    Csv {
        /// Line of the problem, from 1.
        line: u64,
        /// What the CSV reader found wrong.
        detail: String,
    },
    /// The CSV file has no header row.
    #[error("This CSV file is empty: it needs a header row naming its columns.")]
    EmptyCsv,
    /// The CSV file has a header row and nothing under it.
    #[error("This CSV file has a header row but no contacts under it.")]
    NoRows,
    /// The file holds bytes no text file has (it is a spreadsheet or an image, say).
    #[error(
        "This file does not look like text. Save the spreadsheet as CSV (comma-separated \
         values) and import that file."
    )]
    NotText,
    /// A quoted cell never ends, so every row after it would be read into it.
    #[error(
        "A quoted cell starting on line {line} is never closed, so every row after it would \
         be read into it. Check the quotes on that line."
    )]
    UnclosedQuote {
        /// Line where the quoted cell starts, from 1.
        line: usize,
    },
    /// The column mapping does not fit the table (a different file was chosen meanwhile).
    #[error("The column choices do not fit this file; choose the columns again.")]
    MappingMismatch,
    /// No column was chosen for the name.
    #[error("Choose which column holds the name (or the first and last name).")]
    NoNameColumn,
    /// The text holds no vCard at all.
    #[error("This file holds no contact card: a vCard file has BEGIN:VCARD … END:VCARD.")]
    NotVcard,
    /// A card starts but never ends (the file is cut short) or one starts inside another.
    #[error("The contact card starting at line {line} does not end properly; the file may be cut short.")]
    UnclosedVcard {
        /// Line where the card starts, from 1.
        line: usize,
    },
}

impl FormatError {
    /// The error for an input of `bytes` bytes, if it is over [`MAX_INPUT_BYTES`].
    fn check_size(bytes: usize) -> Result<(), FormatError> {
        match megabytes_over(bytes as u64, MAX_INPUT_BYTES) {
            Some(megabytes) => Err(FormatError::TooLarge { megabytes }),
            None => Ok(()),
        }
    }
}

/// The size of a file of `bytes` bytes in whole megabytes (rounded up) when it is over
/// `max_bytes`, else `None`. An import asks this of the size the browser states
/// (`File.size`) before reading a byte of the file: reading a file of gigabytes whole, only
/// to refuse it afterwards, could exhaust a phone's memory first.
pub fn megabytes_over(bytes: u64, max_bytes: usize) -> Option<usize> {
    (bytes > max_bytes as u64)
        .then(|| usize::try_from(bytes.div_ceil(1024 * 1024)).unwrap_or(usize::MAX))
}

/// A contact read from a file, not yet in the ledger.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportedContact {
    /// Everything the file said about the contact, within the ledger's limits.
    pub profile: ContactProfile,
    /// The organization's name as the file wrote it (empty when none), to link the contact
    /// to an organization of the ledger, or to create one, once the person confirms.
    pub organization_name: String,
    /// The stage the file gives the contact, if it gives one; the person picks the stage
    /// of the others.
    pub stage: Option<Stage>,
}

impl ImportedContact {
    /// A draft tidied and cut to the ledger's limits, so adding it can only fail for reasons
    /// of the ledger itself (an id clash), never for its size.
    fn new(profile: ContactProfile, organization_name: &str) -> Self {
        Self {
            profile: fit_to_limits(profile.normalized()),
            organization_name: clip(organization_name.trim(), limits::NAME),
            stage: None,
        }
    }
}

/// Appends the non-blank `entries` while the list is shorter than the ledger allows, and
/// reads no further once it is full.
fn extend_capped(list: &mut Vec<String>, entries: impl IntoIterator<Item = String>) {
    for entry in entries {
        if list.len() >= limits::LIST_ENTRIES {
            break;
        }
        if !entry.trim().is_empty() {
            list.push(entry);
        }
    }
}

/// The first `max` characters of `text`.
fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn clip_list(list: &mut Vec<String>) {
    list.truncate(limits::LIST_ENTRIES);
    for entry in list.iter_mut() {
        *entry = clip(entry, limits::SHORT_TEXT);
    }
}

/// Cuts every text and list of a profile to the ledger's limits.
fn fit_to_limits(mut profile: ContactProfile) -> ContactProfile {
    profile.name = clip(&profile.name, limits::NAME).trim().to_owned();
    profile.role = clip(&profile.role, limits::SHORT_TEXT);
    profile.notes = clip(&profile.notes, limits::LONG_TEXT);
    profile.channels.website = clip(&profile.channels.website, limits::SHORT_TEXT);
    clip_list(&mut profile.interests);
    clip_list(&mut profile.tags);
    clip_list(&mut profile.channels.emails);
    clip_list(&mut profile.channels.phones);
    clip_list(&mut profile.channels.social);
    profile
}

/// Strips a leading byte-order mark, which spreadsheet programs write before CSV and vCard.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_refused_from_its_size_alone() {
        const MIB: u64 = 1024 * 1024;
        let max = MAX_INPUT_BYTES as u64;
        assert_eq!(megabytes_over(0, MAX_INPUT_BYTES), None);
        assert_eq!(
            megabytes_over(max, MAX_INPUT_BYTES),
            None,
            "the limit itself fits"
        );
        assert_eq!(megabytes_over(max + 1, MAX_INPUT_BYTES), Some(51));
        assert_eq!(
            megabytes_over(4 * 1024 * MIB + 1, MAX_INPUT_BYTES),
            Some(4097)
        );
        assert_eq!(
            FormatError::TooLarge { megabytes: 51 }.to_string(),
            "This file is 51 MB; Rapport imports files of up to 50 MB."
        );
    }
}
