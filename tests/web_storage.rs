//! The storage engine against the real localStorage of a headless browser: Chromium, and
//! in scripts/test-all.sh also Firefox and WebKit.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown
//! --test web_storage` (add `--release` for realistic timings); `GECKODRIVER=$(command -v
//! geckodriver)` runs it in Firefox, `SAFARIDRIVER=/usr/bin/WebKitWebDriver` (with a
//! DISPLAY) in WebKit.
#![cfg(target_arch = "wasm32")]

use rapport::domain::sample::{generate, SampleSize};
use rapport::domain::{ContactId, ContactKind, ContactProfile, Ledger, Stage, Timestamp};
use rapport::storage::backend::KeyValueStore;
use rapport::storage::schema::{SchemaVersion, VersionedChunk};
use rapport::storage::{Engine, LocalStore, StorageError};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);

fn local_storage() -> web_sys::Storage {
    web_sys::window()
        .expect("a window")
        .local_storage()
        .expect("localStorage allowed")
        .expect("localStorage present")
}

/// Every test starts from an empty localStorage.
fn fresh_engine() -> Engine<LocalStore> {
    local_storage().clear().expect("clear");
    Engine::new(LocalStore::open().expect("open"))
}

fn reload() -> Result<Ledger, StorageError> {
    Engine::new(LocalStore::open().expect("open")).load()
}

fn millis_since(start: f64) -> f64 {
    js_sys::Date::now() - start
}

#[wasm_bindgen_test]
fn local_storage_is_compared_with_a_text_without_reading_it_out() {
    let mut store = fresh_engine().store().clone();
    store
        .set("rapport.test", "Zoë 🚀 {\"generation\":3}")
        .expect("set");
    assert_eq!(
        store.holds("rapport.test", "Zoë 🚀 {\"generation\":3}"),
        Ok(true)
    );
    assert_eq!(
        store.holds("rapport.test", "Zoë 🚀 {\"generation\":4}"),
        Ok(false)
    );
    assert_eq!(store.holds("rapport.missing", ""), Ok(false));
    local_storage().clear().expect("clear");
}

#[wasm_bindgen_test]
fn a_ledger_survives_save_and_reload() {
    let mut engine = fresh_engine();
    assert!(engine.load().expect("empty load").is_empty());
    let mut ledger = generate(2, SampleSize::DEMO, NOW);
    engine.save(&mut ledger).expect("save");
    assert!(reload() == Ok(ledger.clone()), "reloads the saved ledger");

    ledger
        .add_contact(
            ContactId::new(NOW, 1),
            ContactProfile::named("Zoë Łukasiewicz 🚀", ContactKind::Person),
            Stage::Target,
            NOW,
        )
        .expect("add");
    let report = engine.save(&mut ledger).expect("incremental save");
    assert_eq!(report.chunks_written, 1);
    assert!(reload() == Ok(ledger), "reloads the edit");
    local_storage().clear().expect("clear");
}

#[wasm_bindgen_test]
fn the_capacity_target_persists_and_reloads() {
    // The room of this engine (WebKit's is half of Chromium's and Firefox's).
    local_storage().clear().expect("clear");
    let quota =
        rapport::ui::quota::probe_quota(&mut LocalStore::open().expect("open")).expect("probe");
    let mut engine = fresh_engine();
    let mut ledger = generate(1, SampleSize::CAPACITY, NOW);

    let start = js_sys::Date::now();
    let report = engine.save(&mut ledger).expect("the capacity ledger fits");
    let saved_in = millis_since(start);

    let start = js_sys::Date::now();
    let loaded = reload().expect("load");
    let loaded_in = millis_since(start);
    assert!(loaded == ledger, "the capacity ledger reloads equal");

    let id = ledger.contacts().nth(2_500).expect("a contact").id;
    let mut profile = ledger.contact(id).expect("contact").profile.clone();
    profile.notes = "Met again at the summit.".into();
    ledger.update_profile(id, profile, NOW).expect("edit");
    let start = js_sys::Date::now();
    let edit = engine.save(&mut ledger).expect("incremental save");
    let edit_in = millis_since(start);

    console_log!(
        "capacity: {} units ({} chunks), usage {} units of this engine's {quota} ({:.1} %); \
         save {saved_in} ms, load {loaded_in} ms, one-edit save {edit_in} ms ({} units)",
        report.units_written,
        report.chunks_written,
        engine.usage_units(),
        100.0 * engine.usage_units() as f64 / quota as f64,
        edit.units_written,
    );
    assert!(engine.usage_units() <= quota);
    assert_eq!(edit.chunks_written, 1);
    local_storage().clear().expect("clear");
}

/// The same stored text decodes to the same records every time. WebKitGTK 2.50.6 broke this
/// in about one run in three of the build without optimisations (an instant read as
/// 0x2020202020202020, records of another bucket, an LZ4 copy past its buffer) while
/// JavaScriptCore compiled code on its background threads; `scripts/xvfb.sh` turns that off
/// for every WebKit run (`JSC_useConcurrentJIT=false`), and this test watches that it holds.
#[wasm_bindgen_test]
fn every_chunk_decodes_to_the_same_records_twice() {
    let mut engine = fresh_engine();
    let mut ledger = generate(1, SampleSize::CAPACITY, NOW);
    engine.save(&mut ledger).expect("save");
    let store = engine.store().clone();
    let chunks: Vec<String> = store
        .keys()
        .expect("keys")
        .into_iter()
        .filter(|key| key.starts_with("rapport.chunk."))
        .collect();
    assert_eq!(chunks.len(), 256, "one chunk a bucket");
    for key in &chunks {
        let units = store.get_units(key).expect("read").expect("listed");
        let decode = || {
            VersionedChunk::decode_units(SchemaVersion::V7, &units)
                .map(VersionedChunk::into_latest)
                .expect("decodes")
        };
        assert!(
            decode() == decode(),
            "{key} decodes to the same records twice"
        );
    }
    local_storage().clear().expect("clear");
}

#[wasm_bindgen_test]
fn a_ledger_at_nine_tenths_of_the_quota_is_replaced_in_place_by_another_of_its_size() {
    // The room of this engine, in units of the text the codec writes (WebKit's is half).
    local_storage().clear().expect("clear");
    let quota =
        rapport::ui::quota::probe_quota(&mut LocalStore::open().expect("open")).expect("probe");
    // The capacity ledger where it takes less than nine tenths of the room (Chromium,
    // Firefox), the heavy one where it alone takes more (WebKit, 90.4 %).
    let size = if quota > 4_000_000 {
        SampleSize::CAPACITY
    } else {
        SampleSize::HEAVY
    };
    let mut engine = fresh_engine();
    let mut ledger = generate(1, size, NOW);
    engine.save(&mut ledger).expect("the first ledger fits");
    // Other data of the origin brings the store to nine tenths of the room, in the same
    // kind of text (WebKit counts Latin-1 text at half the cost).
    let padding = (quota * 9 / 10).saturating_sub(engine.usage_units());
    local_storage()
        .set_item("other.app", &"\u{100}".repeat(padding.saturating_sub(9)))
        .expect("padding fits");

    let records = generate(2, size, NOW).to_records();
    let mut replacing = Ledger::from_records(records).expect("an import");
    let expected = replacing.clone();
    let start = js_sys::Date::now();
    let report = engine.save(&mut replacing).expect("replaced in place");
    console_log!(
        "replace at 90 % of the quota: {} units in {} chunks, {} ms",
        report.units_written,
        report.chunks_written,
        millis_since(start)
    );
    assert!(reload() == Ok(expected), "the new ledger reloads");
    local_storage().clear().expect("clear");
}

/// Fills localStorage with junk until even a small `setItem` throws; returns the junk keys.
fn fill_local_storage() -> Vec<String> {
    let storage = local_storage();
    let mut keys = Vec::new();
    let mut size = 1 << 20;
    while size >= 8 {
        let key = format!("junk.{}", keys.len());
        if storage.set_item(&key, &"x".repeat(size)).is_ok() {
            keys.push(key);
        } else {
            size /= 2;
        }
    }
    keys
}

#[wasm_bindgen_test]
fn a_full_local_storage_refuses_the_save_and_keeps_the_previous_state() {
    let mut engine = fresh_engine();
    let mut ledger = generate(3, SampleSize::DEMO, NOW);
    engine.save(&mut ledger).expect("save");
    let committed = ledger.clone();

    let junk = fill_local_storage();
    assert!(!junk.is_empty());
    let id = ledger.contacts().nth(5).expect("a contact").id;
    let mut profile = ledger.contact(id).expect("contact").profile.clone();
    profile.notes = "A note that no longer fits.".into();
    ledger.update_profile(id, profile, NOW).expect("edit");

    assert_eq!(engine.save(&mut ledger), Err(StorageError::QuotaExceeded));
    assert!(
        !ledger.pending_changes().is_empty(),
        "changes kept in memory"
    );
    assert!(reload() == Ok(committed), "the previous save still loads");

    for key in &junk {
        local_storage().remove_item(key).expect("remove junk");
    }
    engine.save(&mut ledger).expect("saves once space is freed");
    assert!(reload() == Ok(ledger), "the edit loads");
    local_storage().clear().expect("clear");
}

#[wasm_bindgen_test]
fn a_damaged_chunk_in_real_local_storage_leaves_the_rest_readable() {
    let mut engine = fresh_engine();
    let mut ledger = generate(5, SampleSize::DEMO, NOW);
    engine.save(&mut ledger).expect("save");
    let storage = local_storage();
    let key = (0..storage.length().expect("length"))
        .filter_map(|index| storage.key(index).ok().flatten())
        .find(|key| key.starts_with(rapport::storage::engine::CHUNK_PREFIX))
        .expect("a chunk");
    storage.set_item(&key, "not a chunk").expect("damage it");

    let mut reopened = Engine::new(LocalStore::open().expect("open"));
    let salvaged = reopened.load_salvaging().expect("salvaged");
    assert_eq!(salvaged.damaged.len(), 1);
    assert_eq!(salvaged.damaged[0].key, key);
    let lost = salvaged.damaged[0].contacts;
    assert_eq!(
        salvaged.ledger.counts().contacts,
        ledger.counts().contacts - lost
    );

    let mut rest = salvaged.ledger;
    reopened
        .continue_without_damaged(&mut rest)
        .expect("continue");
    let kept = rapport::storage::engine::damaged_copy_key(&key);
    assert_eq!(
        storage.get_item(&kept).expect("get").as_deref(),
        Some("not a chunk")
    );
    assert!(reload() == Ok(rest), "the rest reloads cleanly");
    local_storage().clear().expect("clear");
}

/// The quota probe finds the room of the engine it runs in: Chromium and Firefox hold
/// 5,242,880 units of any text, WebKit 5 MiB of bytes, two a unit for text above U+00FF
/// (what the codec writes), so 2,621,440. It leaves storage as it found it.
#[wasm_bindgen_test]
fn the_quota_probe_finds_the_room_of_this_engine() {
    use rapport::ui::keeping::BrowserEngine;
    use rapport::ui::quota::probe_quota;

    local_storage().clear().expect("clear");
    let mut store = LocalStore::open().expect("open");
    store.set("rapport.manifest", "{}").expect("set");
    let agent = web_sys::window()
        .expect("a window")
        .navigator()
        .user_agent()
        .expect("a user agent");
    let expected = match BrowserEngine::from_user_agent(&agent) {
        BrowserEngine::WebKit => 2_621_440,
        _ => 5_242_880,
    };
    let start = js_sys::Date::now();
    let measured = probe_quota(&mut store).expect("probe");
    let probed_in = millis_since(start);
    console_log!("quota probe in {agent}: {measured} units in {probed_in} ms");
    assert!(
        measured <= expected && expected - measured < 1_024,
        "measured {measured}, expected {expected}"
    );
    assert_eq!(
        store.keys().expect("keys"),
        vec!["rapport.manifest".to_owned()]
    );
    local_storage().clear().expect("clear");
}
