//! Golden stores in the real localStorage of headless Chromium: what every shipped schema
//! version wrote loads with the records it held, and saves on in today's version (the
//! native twin is `crates/core/tests/golden/main.rs`).
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown
//! --test web_golden`.
#![cfg(target_arch = "wasm32")]

#[path = "../crates/core/tests/golden/check.rs"]
mod check;

use check::{actual, assert_same, edit, GOLDEN};
use rapport::storage::backend::KeyValueStore;
use rapport::storage::{Engine, LocalStore, SCHEMA_VERSION};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn local_storage() -> web_sys::Storage {
    web_sys::window()
        .expect("a window")
        .local_storage()
        .expect("localStorage allowed")
        .expect("localStorage present")
}

fn manifest_version() -> serde_json::Value {
    let manifest = local_storage()
        .get_item("rapport.manifest")
        .expect("readable")
        .expect("a manifest");
    serde_json::from_str::<serde_json::Value>(&manifest).expect("JSON")["schema_version"].clone()
}

#[wasm_bindgen_test]
fn golden_stores_load_from_local_storage_and_save_on_in_todays_version() {
    for golden in GOLDEN {
        local_storage().clear().expect("clear");
        // The golden texts go in through the same adapter the app writes with.
        let mut store = LocalStore::open().expect("open");
        for (key, value) in golden.entries() {
            store.set(&key, &value).expect("set");
        }
        assert_eq!(manifest_version(), golden.version, "{}", golden.name);

        let mut engine = Engine::new(LocalStore::open().expect("open"));
        let mut ledger = engine
            .load()
            .unwrap_or_else(|error| panic!("{} ({}): {error}", golden.name, golden.commit));
        assert_same(&golden.expected(), &actual(&ledger), golden.name);

        let edited = edit(&mut ledger);
        engine.save(&mut ledger).expect("save");
        assert_eq!(manifest_version(), SCHEMA_VERSION, "{}", golden.name);
        let reloaded = Engine::new(LocalStore::open().expect("open"))
            .load()
            .expect("reload");
        assert!(reloaded == ledger, "{}: the reload differs", golden.name);
        assert_eq!(
            reloaded
                .contact(edited)
                .map(|contact| contact.profile.notes.as_str()),
            Some("Edited by today's Rapport")
        );
    }
    local_storage().clear().expect("clear");
}
