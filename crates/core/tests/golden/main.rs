//! Golden stores: today's engine loads what every shipped schema version really wrote to
//! localStorage, finds the records that version held, and saves them on correctly.
//!
//! The stores and their expected records are fixtures in this folder ([`check`]); the
//! browser runs the same checks over real localStorage (`tests/web_golden.rs`).
#![cfg(not(target_arch = "wasm32"))]

mod check;

use check::{actual, assert_same, edit, Golden, GOLDEN};
use rapport_core::storage::{import_json, Engine, KeyValueStore, MemoryStore, SCHEMA_VERSION};

/// A memory store holding exactly the golden store's keys and values.
fn prefilled(golden: &Golden) -> MemoryStore {
    let mut store = MemoryStore::new();
    for (key, value) in golden.entries() {
        store.set(&key, &value).expect("no quota");
    }
    store
}

fn manifest_version(store: &MemoryStore) -> u64 {
    let manifest = store
        .get("rapport.manifest")
        .expect("readable")
        .expect("a manifest");
    let manifest: serde_json::Value = serde_json::from_str(&manifest).expect("JSON");
    manifest["schema_version"].as_u64().expect("a version")
}

#[test]
fn there_is_a_golden_store_for_every_schema_version() {
    let mut versions: Vec<u32> = GOLDEN.iter().map(|golden| golden.version).collect();
    versions.dedup();
    let every: Vec<u32> = (1..=SCHEMA_VERSION).collect();
    assert_eq!(
        versions, every,
        "a new schema version adds its golden store"
    );
}

#[test]
fn golden_stores_declare_their_version() {
    for golden in GOLDEN {
        assert_eq!(
            manifest_version(&prefilled(golden)),
            u64::from(golden.version),
            "{}",
            golden.name
        );
    }
}

#[test]
fn golden_stores_load_the_records_their_version_held() {
    for golden in GOLDEN {
        let ledger = Engine::new(prefilled(golden))
            .load()
            .unwrap_or_else(|error| panic!("{} ({}): {error}", golden.name, golden.commit));
        assert_same(&golden.expected(), &actual(&ledger), golden.name);
    }
}

#[test]
fn golden_exports_import_as_the_records_their_version_held() {
    for golden in GOLDEN {
        let ledger = import_json(golden.export)
            .unwrap_or_else(|error| panic!("{} ({}): {error}", golden.name, golden.commit));
        assert_same(&golden.expected(), &actual(&ledger), golden.name);
    }
}

#[test]
fn golden_stores_save_an_edit_in_todays_version_and_reload_it() {
    for golden in GOLDEN {
        let mut engine = Engine::new(prefilled(golden));
        let mut ledger = engine.load().expect("load");
        let edited = edit(&mut ledger);
        engine.save(&mut ledger).expect("save");
        assert_eq!(
            manifest_version(engine.store()),
            u64::from(SCHEMA_VERSION),
            "{}",
            golden.name
        );

        let reloaded = Engine::new(engine.store().clone())
            .load()
            .unwrap_or_else(|error| panic!("{}: {error}", golden.name));
        assert_eq!(
            reloaded
                .contact(edited)
                .map(|contact| contact.profile.notes.as_str()),
            Some("Edited by today's Rapport"),
            "{}",
            golden.name
        );
        assert!(reloaded == ledger, "{}: the reload differs", golden.name);
        // Nothing but the edit changed: the rest is still what the old version held.
        let mut expected = golden.expected();
        let mut reloaded = actual(&reloaded);
        for document in [&mut expected, &mut reloaded] {
            let contacts = document["contacts"].as_array_mut().expect("contacts");
            contacts.retain(|contact| contact["id"] != edited.to_string());
        }
        assert_same(&expected, &reloaded, golden.name);
    }
}

#[test]
fn golden_stores_with_a_damaged_manifest_are_rebuilt_from_their_chunks() {
    for golden in GOLDEN {
        let intact = Engine::new(prefilled(golden)).load().expect("load");
        let mut store = prefilled(golden);
        let text = store
            .get("rapport.manifest")
            .expect("get")
            .expect("manifest");
        let cut = &text[..text.len() / 2];
        store.set("rapport.manifest", cut).expect("damage");
        // The golden stores were written with 8 buckets.
        let salvaged = Engine::with_buckets(store, 8)
            .load_salvaging()
            .unwrap_or_else(|error| panic!("{}: {error}", golden.name));
        assert_eq!(salvaged.damaged.len(), 1, "{}", golden.name);
        let (expected, rebuilt) = (intact.to_records(), salvaged.ledger.to_records());
        assert!(
            expected.contacts == rebuilt.contacts
                && expected.interactions == rebuilt.interactions
                && expected.promises == rebuilt.promises,
            "{}: the rebuilt ledger differs",
            golden.name
        );
    }
}
