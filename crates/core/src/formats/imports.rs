//! The contact import formats, one row each: which files a format reads, and what reading
//! one gives. A new format is its parser, a [`FormatKind`] naming it, and one row of
//! [`IMPORT_FORMATS`]; the import page offers every row (its file chooser's `accept`), and
//! the worker reads the file with the parser its kind names.
//!
//! The rows hold no parser themselves: the page's module names the rows, and a function
//! pointer in them would bring every parser into that module too, where nothing calls them
//! (they run in the worker's module, crates/worker).

use serde::{Deserialize, Serialize};

use super::csv_import::CsvTable;
use super::vcard::import_vcards_reporting;
use super::{FormatError, ImportedContact};

/// What reading a file gives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ReadFile {
    /// Contacts, ready to review for duplicates.
    Drafts(Vec<ImportedContact>),
    /// A table whose columns the person maps to fields first.
    Table(CsvTable),
}

/// One format contacts can be imported from.
#[derive(Debug)]
pub struct ImportFormat {
    /// Its name, as the page says it.
    pub name: &'static str,
    /// The file name endings it reads, lower case, without the dot.
    pub extensions: &'static [&'static str],
    /// The media types a browser may give its files.
    pub media_types: &'static [&'static str],
    /// Which parser reads its files.
    pub kind: FormatKind,
}

/// The parser of one import format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatKind {
    /// A table, read by [`CsvTable::parse`].
    Csv,
    /// Address cards, read by [`import_vcards_reporting`].
    Vcard,
}

impl FormatKind {
    /// Reads a file's text, telling `progress` the share read (0 to 1) now and then.
    pub fn read(self, text: &str, progress: &mut dyn FnMut(f64)) -> Result<ReadFile, FormatError> {
        match self {
            FormatKind::Csv => CsvTable::parse_reporting(text, progress).map(ReadFile::Table),
            FormatKind::Vcard => import_vcards_reporting(text, progress).map(ReadFile::Drafts),
        }
    }
}

/// Every import format. The last one reads a file no row names (an address book's export
/// often has no type, nor a known ending).
pub static IMPORT_FORMATS: [ImportFormat; 2] = [
    ImportFormat {
        name: "CSV",
        extensions: &["csv"],
        media_types: &["text/csv"],
        kind: FormatKind::Csv,
    },
    ImportFormat {
        name: "vCard",
        extensions: &["vcf", "vcard"],
        media_types: &["text/vcard", "text/x-vcard"],
        kind: FormatKind::Vcard,
    },
];

/// The format for a file named `file_name` whose media type the browser gave as
/// `media_type` (often empty): the row naming its ending or its type, else the last row.
pub fn format_for(file_name: &str, media_type: &str) -> &'static ImportFormat {
    let name = file_name.to_lowercase();
    let ending = name.rsplit_once('.').map(|(_, ending)| ending);
    IMPORT_FORMATS
        .iter()
        .find(|format| {
            ending.is_some_and(|ending| format.extensions.contains(&ending))
                || format.media_types.contains(&media_type)
        })
        .unwrap_or(&IMPORT_FORMATS[IMPORT_FORMATS.len() - 1])
}

/// The file chooser's `accept` attribute: every ending and media type of every format.
pub fn accept_attribute() -> String {
    let endings = IMPORT_FORMATS
        .iter()
        .flat_map(|format| format.extensions.iter().map(|ending| format!(".{ending}")));
    let types = IMPORT_FORMATS
        .iter()
        .flat_map(|format| format.media_types.iter().map(|&kind| kind.to_owned()));
    endings.chain(types).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_by_the_format_its_ending_or_type_names_else_as_vcard() {
        assert_eq!(format_for("Connections.CSV", "").name, "CSV");
        assert_eq!(format_for("export", "text/csv").name, "CSV");
        assert_eq!(format_for("people.vcf", "").name, "vCard");
        assert_eq!(format_for("people.VCARD", "text/plain").name, "vCard");
        assert_eq!(format_for("contacts", "").name, "vCard");
        assert_eq!(format_for("notes.txt", "text/plain").name, "vCard");
    }

    #[test]
    fn each_format_reads_its_own_files() {
        let read = |name: &str, text: &str| format_for(name, "").kind.read(text, &mut |_| {});
        let csv = read("a.csv", "Name,Email\nAda,ada@example.com\n");
        assert!(matches!(csv, Ok(ReadFile::Table(table)) if table.rows.len() == 1));
        let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nEND:VCARD\r\n";
        let vcard = read("a.vcf", card);
        assert!(matches!(vcard, Ok(ReadFile::Drafts(drafts)) if drafts.len() == 1));
    }

    #[test]
    fn the_file_chooser_accepts_every_format() {
        assert_eq!(
            accept_attribute(),
            ".csv,.vcf,.vcard,text/csv,text/vcard,text/x-vcard"
        );
    }
}
