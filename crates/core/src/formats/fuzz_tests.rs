//! Fuzz tests of every import (vCard, CSV, and the JSON export's import): arbitrary bytes,
//! text built from each format's own tokens, and valid files mutated at random. Each must
//! end in `Ok` or a plain error, never a panic, and whatever an import accepts must fit the
//! ledger.
//!
//! `cargo test --workspace` runs a short pass (1,000 cases per test). The long run sets the number of cases:
//!
//! ```sh
//! bash scripts/fuzz.sh     # RAPPORT_FUZZ_CASES=1000000 cargo test -p rapport-core --lib fuzz_
//! ```

use std::sync::LazyLock;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;

use super::csv_import::{apply, ColumnMapping, CsvTable};
use super::vcard::{import_vcards, vcards};
use super::{FormatError, ImportedContact};
use crate::domain::sample::{generate, SampleSize};
use crate::domain::{ContactId, Ledger, Stage, Timestamp};
use crate::storage::{export_json, import_json, ImportError};

const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);

/// Cases per fuzz test: `RAPPORT_FUZZ_CASES`, or a short pass.
fn cases() -> u32 {
    std::env::var("RAPPORT_FUZZ_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(1_000)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        ..ProptestConfig::default()
    }
}

/// A small ledger whose files are the seeds of the mutations: every kind of record, small
/// enough that a million cases take minutes rather than hours.
static SEED_LEDGER: LazyLock<Ledger> = LazyLock::new(|| {
    generate(
        7,
        SampleSize {
            contacts: 4,
            interactions: 8,
        },
        NOW,
    )
});

static SEED_VCARD: LazyLock<String> = LazyLock::new(|| vcards(&SEED_LEDGER));

static SEED_CSV: LazyLock<String> = LazyLock::new(|| {
    format!(
        "Notes:\n\"a note, with a comma\"\n\nFirst Name,Last Name,URL,Email Address,Company,\
         Position,Connected On\n{}",
        "Amara,Okafor,https://example.com/in/a,amara@example.com,Lagos Daily,\"Reporter, tech\",\
         12 Mar 2024\n"
            .repeat(3)
    )
});

static SEED_JSON: LazyLock<String> = LazyLock::new(|| export_json(&SEED_LEDGER, NOW));

/// One change to a file's bytes.
#[derive(Clone, Debug)]
enum Mutation {
    Delete(Index, u8),
    Insert(Index, Vec<u8>),
    Replace(Index, u8),
    Duplicate(Index, u16),
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), any::<u8>()).prop_map(|(at, len)| Mutation::Delete(at, len)),
        (any::<Index>(), vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Replace(at, byte)),
        (any::<Index>(), any::<u16>()).prop_map(|(at, len)| Mutation::Duplicate(at, len)),
        any::<Index>().prop_map(Mutation::Truncate),
    ]
}

/// The seed with the mutations applied, read as a browser reads a file: invalid UTF-8
/// becomes U+FFFD.
fn mutated(seed: &str, mutations: &[Mutation]) -> String {
    let mut bytes = seed.as_bytes().to_vec();
    for mutation in mutations {
        let position = |at: &Index, len: usize| if len == 0 { 0 } else { at.index(len + 1) };
        match mutation {
            Mutation::Delete(at, len) => {
                let start = position(at, bytes.len());
                let end = (start + usize::from(*len)).min(bytes.len());
                bytes.drain(start..end);
            }
            Mutation::Insert(at, inserted) => {
                let start = position(at, bytes.len());
                bytes.splice(start..start, inserted.iter().copied());
            }
            Mutation::Replace(at, byte) => {
                if !bytes.is_empty() {
                    let index = at.index(bytes.len());
                    bytes[index] = *byte;
                }
            }
            Mutation::Duplicate(at, len) => {
                let start = position(at, bytes.len());
                let end = (start + usize::from(*len)).min(bytes.len());
                let copy = bytes[start..end].to_vec();
                bytes.splice(end..end, copy);
            }
            Mutation::Truncate(at) => bytes.truncate(position(at, bytes.len())),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Arbitrary bytes, read as a browser reads a file.
fn any_text() -> impl Strategy<Value = String> {
    vec(any::<u8>(), 0..512).prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

/// Text made of a format's own tokens, which reaches deeper than random bytes.
fn token_text(tokens: &'static [&'static str]) -> impl Strategy<Value = String> {
    vec(proptest::sample::select(tokens), 0..120).prop_map(|parts| parts.concat())
}

const VCARD_TOKENS: &[&str] = &[
    "BEGIN:VCARD",
    "END:VCARD",
    "begin:vcard",
    "VERSION:3.0",
    "\r\n",
    "\n",
    "\r",
    " ",
    "\t",
    ":",
    ";",
    ",",
    "\\",
    "\\n",
    "\"",
    "=",
    ".",
    "FN",
    "N",
    "ORG",
    "KIND:org",
    "EMAIL",
    "TEL",
    "tel:",
    "URL",
    "NOTE",
    "CATEGORIES",
    "TITLE",
    "ROLE",
    "X-ABShowAs:COMPANY",
    "item1.",
    "PHOTO;ENCODING=b:",
    "TYPE=\"a:b\"",
    "é",
    "👩‍💻",
    "\u{feff}",
    "Ada",
    "\0",
];

const CSV_TOKENS: &[&str] = &[
    ",",
    ";",
    "\"",
    "\"\"",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "Name",
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
    "E-mail 1 - Value",
    "Phone 1 - Value",
    "Labels",
    " ::: ",
    "* myContacts",
    "Notes:",
    "Ada",
    "=1+1",
    "é",
    "\u{feff}",
    "\0",
];

const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\"format\"",
    "\"rapport\"",
    "\"schema_version\"",
    "1",
    "2",
    "-1",
    "1e999",
    "null",
    "true",
    "\"contacts\"",
    "\"interactions\"",
    "\"promises\"",
    "\"id\"",
    "\"01HZ0000000000000000000000\"",
    "\"name\"",
    "\\u0000",
    "\\ud800",
    " ",
    "\n",
    "é",
];

/// Every draft must be addable to an empty ledger as it is.
fn assert_drafts_fit(drafts: &[ImportedContact]) {
    let mut ledger = Ledger::new();
    for (serial, draft) in drafts.iter().enumerate() {
        let id = ContactId::new(NOW, serial as u128);
        let added = ledger.add_contact(id, draft.profile.clone(), Stage::Target, NOW);
        assert!(added.is_ok(), "{added:?} for {draft:?}");
    }
}

fn check_vcard(text: &str) {
    if let Ok(drafts) = import_vcards(text) {
        assert_drafts_fit(&drafts);
    }
}

fn check_csv(text: &str) {
    let Ok(table) = CsvTable::parse(text) else {
        return;
    };
    assert!(table
        .rows
        .iter()
        .all(|row| row.len() == table.headers.len()));
    match apply(&table, &ColumnMapping::guess(&table.headers)) {
        Ok(drafts) => assert_drafts_fit(&drafts),
        Err(error) => assert_eq!(error, FormatError::NoNameColumn),
    }
}

fn check_json(text: &str) {
    // Any outcome but a panic is fine: `import_json` checks every invariant itself.
    let _outcome: Result<Ledger, ImportError> = import_json(text);
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fuzz_vcard_any_bytes(text in any_text()) {
        check_vcard(&text);
    }

    #[test]
    fn fuzz_vcard_tokens(text in token_text(VCARD_TOKENS)) {
        check_vcard(&text);
    }

    #[test]
    fn fuzz_vcard_mutated(mutations in vec(mutation(), 1..6)) {
        check_vcard(&mutated(&SEED_VCARD, &mutations));
    }

    #[test]
    fn fuzz_csv_any_bytes(text in any_text()) {
        check_csv(&text);
    }

    #[test]
    fn fuzz_csv_tokens(text in token_text(CSV_TOKENS)) {
        check_csv(&text);
    }

    #[test]
    fn fuzz_csv_mutated(mutations in vec(mutation(), 1..6)) {
        check_csv(&mutated(&SEED_CSV, &mutations));
    }

    #[test]
    fn fuzz_json_any_bytes(text in any_text()) {
        check_json(&text);
    }

    #[test]
    fn fuzz_json_tokens(text in token_text(JSON_TOKENS)) {
        check_json(&text);
    }

    #[test]
    fn fuzz_json_mutated(mutations in vec(mutation(), 1..6)) {
        check_json(&mutated(&SEED_JSON, &mutations));
    }
}

#[test]
fn the_seeds_are_valid_files() {
    assert_eq!(import_vcards(&SEED_VCARD).map(|drafts| drafts.len()), Ok(4));
    check_csv(&SEED_CSV);
    assert_eq!(import_json(&SEED_JSON).as_ref(), Ok(&*SEED_LEDGER));
}

#[test]
fn absurd_json_nesting_is_refused_without_overflowing_the_stack() {
    let depth = 100_000;
    let nested = |inner: &str| format!("{}{inner}{}", "[".repeat(depth), "]".repeat(depth));
    let at_top = nested("");
    let in_records = format!(
        "{{\"format\":\"rapport\",\"schema_version\":1,\"contacts\":{}}}",
        nested("")
    );
    let in_header = format!(
        "{{\"format\":\"rapport\",\"extra\":{},\"schema_version\":1}}",
        nested("{\"a\":1}")
    );
    for text in [at_top, in_records, in_header] {
        assert!(import_json(&text).is_err());
    }
}
