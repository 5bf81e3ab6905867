//! The golden stores and how today's Rapport is held to them; shared by the native test
//! (`crates/core/tests/golden/main.rs`) and the browser test (`tests/web_golden.rs`).
//!
//! Each golden store is what an old commit of Rapport really wrote to localStorage: every
//! key and value, after saving a seeded sample ledger and a few edits with that commit's
//! own engine. Beside it is that same commit's JSON export of the ledger it held: the
//! records today's Rapport must find when it loads the store. docs/SCHEMA.md says how the
//! files were made and when to add one.

use std::collections::BTreeMap;

use rapport_core::domain::{ContactId, Ledger, Timestamp};
use rapport_core::storage::{export_json, SCHEMA_VERSION};
use serde_json::{json, Value};

/// One golden store.
pub struct Golden {
    /// The file names' stem, e.g. `v3`.
    pub name: &'static str,
    /// The schema version the store's manifest declares.
    pub version: u32,
    /// The commit that wrote it.
    pub commit: &'static str,
    /// Every key and value, as a JSON object.
    pub store: &'static str,
    /// That commit's export of the ledger it had saved.
    pub export: &'static str,
}

macro_rules! golden {
    ($name:literal, $version:literal, $commit:literal) => {
        Golden {
            name: $name,
            version: $version,
            commit: $commit,
            store: include_str!(concat!($name, ".store.json")),
            export: include_str!(concat!($name, ".export.json")),
        }
    };
}

/// Every golden store, oldest first: for every schema version, the store written by the
/// commit that introduced it and, after each change to what the version writes made
/// without a new number, a store written since (docs/SCHEMA.md).
pub const GOLDEN: &[Golden] = &[
    golden!("v1-de53c39", 1, "de53c399cf9ad88def51802638059b635e93082e"),
    golden!("v1-83333e4", 1, "83333e4a6d6c5c411c46552759f4ff5502988c21"),
    golden!("v2-b36c24f", 2, "b36c24f514bd3c9880100fe535c3791e3dcfaf09"),
    golden!("v3-be6fcd5", 3, "be6fcd5ade78299e5f84f956a0ddd8c3264769a2"),
    golden!("v4-8d9cde2", 4, "8d9cde2b294d535ca81d96d0ade73985567485ea"),
    golden!("v4-b39485c", 4, "b39485cacd49c90fef5215a01f17e2b79c758fd2"),
    golden!("v4-f687eff", 4, "f687eff232b62e0c27e03d51df223bce7ece4edf"),
    golden!("v5-ea3da32", 5, "ea3da3237f2353ed398f411b3867a14d1172eabd"),
    golden!("v5-9fa746b", 5, "9fa746b836dad33680f0fbe652198f370026fe8d"),
    golden!("v6-21b82a1", 6, "21b82a162643d4b27094d12a3c825d05a18eaf71"),
    golden!("v7-3ae60a5", 7, "3ae60a543a9019b9c9ae5e86a77613d24c47c725"),
    golden!("v8-4254f6d", 8, "4254f6d3190ee04d5a533f22cfdb3a1e3fb786c8"),
    golden!("v9-01666c9", 9, "01666c94d200674c68b1c4ebafc396248d779bdd"),
];

/// The "now" of the edit made after loading.
pub const EDITED_AT: Timestamp = Timestamp::from_millis(1_795_000_000_000);

impl Golden {
    /// The store's keys and values.
    pub fn entries(&self) -> BTreeMap<String, String> {
        serde_json::from_str(self.store).expect("a golden store is a JSON object of texts")
    }

    /// The records the old commit held, as today's export writes them: its export with
    /// every documented migration applied, without the time of export.
    pub fn expected(&self) -> Value {
        let mut document: Value =
            serde_json::from_str(self.export).expect("a golden export is JSON");
        assert_eq!(
            document["schema_version"],
            json!(self.version),
            "{}",
            self.name
        );
        migrate(self.version, &mut document);
        comparable(document)
    }
}

/// Applies to an export of `version` every migration of a later version, as
/// docs/SCHEMA.md lists them: each gives the fields it added their default.
pub fn migrate(version: u32, document: &mut Value) {
    // Two fields came within a version, without a new number: a contact's snooze (late in
    // version 1) and a promise's day of resolution (early in version 5). Both default to
    // none where a store or an export lacks them.
    for contact in records(document, "contacts") {
        default_to_null(contact, "snoozed_until");
    }
    for promise in records(document, "promises") {
        default_to_null(promise, "resolved_on");
    }
    for step in version + 1..=SCHEMA_VERSION {
        match step {
            // Version 2: ledger settings, and custom field values on contacts.
            2 => {
                document["settings"] =
                    json!({ "tag_cadences": {}, "fields": [], "saved_lists": [] });
                for contact in records(document, "contacts") {
                    contact["profile"]["custom_fields"] = json!({});
                }
            }
            // Versions 3 and 4 changed how records are stored (patches, LZ4), not the records.
            3 | 4 => {}
            // Version 5: a quality check's relationship type, a promise's day of resolution.
            5 => {
                for contact in records(document, "contacts") {
                    for check in contact["quality_checks"]
                        .as_array_mut()
                        .into_iter()
                        .flatten()
                    {
                        check["relationship_type"] = Value::Null;
                    }
                }
                for promise in records(document, "promises") {
                    promise["resolved_on"] = Value::Null;
                }
            }
            // Version 6: an interaction's link.
            6 => {
                for interaction in records(document, "interactions") {
                    interaction["details"]["link"] = json!("");
                }
            }
            // Version 7: an interaction's day, none before (an export leaves a missing day
            // out); chunks hold their records in columns, which the records do not show.
            7 => {}
            // Version 8: tombstones, none before (older versions let a deletion leave no
            // trace).
            8 => {
                document["tombstones"] = json!([]);
            }
            // Version 9: the manifest may carry sync's journal; the records did not change.
            9 => {}
            newer => panic!("no migration to version {newer} is listed here (docs/SCHEMA.md)"),
        }
    }
    document["schema_version"] = json!(SCHEMA_VERSION);
}

fn default_to_null(record: &mut Value, field: &str) {
    let record = record.as_object_mut().expect("a record is a JSON object");
    record.entry(field).or_insert(Value::Null);
}

fn records<'a>(document: &'a mut Value, list: &str) -> impl Iterator<Item = &'a mut Value> {
    document[list]
        .as_array_mut()
        .expect("an export lists its records")
        .iter_mut()
}

/// An export without its time of export, the one thing two exports of the same records
/// may differ in.
fn comparable(mut document: Value) -> Value {
    document
        .as_object_mut()
        .expect("an export is a JSON object")
        .remove("exported_at");
    document
}

/// Today's export of `ledger`, without its time of export.
pub fn actual(ledger: &Ledger) -> Value {
    comparable(serde_json::from_str(&export_json(ledger, EDITED_AT)).expect("export is JSON"))
}

/// Asserts two JSON values are equal, naming the first place they differ (the whole of
/// two ledgers would not fit in a failure message).
pub fn assert_same(expected: &Value, actual: &Value, at: &str) {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            for (key, value) in expected {
                match actual.get(key) {
                    Some(found) => assert_same(value, found, &format!("{at}.{key}")),
                    None => panic!("{at}.{key} is missing; expected {value}"),
                }
            }
            for key in actual.keys() {
                assert!(
                    expected.contains_key(key),
                    "{at}.{key} is not expected: {}",
                    actual[key]
                );
            }
        }
        (Value::Array(expected), Value::Array(actual)) => {
            for (index, (value, found)) in expected.iter().zip(actual).enumerate() {
                assert_same(value, found, &format!("{at}[{index}]"));
            }
            assert_eq!(expected.len(), actual.len(), "{at} has another length");
        }
        _ => assert_eq!(expected, actual, "{at} differs"),
    }
}

/// The edit made after loading, so the next save writes the loaded records with today's
/// engine: one contact's notes.
pub fn edit(ledger: &mut Ledger) -> ContactId {
    let contact = ledger.contacts().nth(3).expect("a fourth contact");
    let (id, mut profile) = (contact.id, contact.profile.clone());
    profile.notes = "Edited by today's Rapport".to_owned();
    ledger
        .update_profile(id, profile, EDITED_AT)
        .expect("the edit is valid");
    id
}
