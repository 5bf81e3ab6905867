//! The first sync of the capacity ledger (5,000 contacts, 100,000 interactions) in the
//! browser, against the pouchdb-server that scripts/couch.sh starts: a laptop offers every
//! document, sealed with the sync key, then an empty phone takes them all into its
//! localStorage through the storage engine, page by page, as the app does. A benchmark, not
//! a test: ignored by the test command, run by `bash scripts/bench-sync.sh`, which prints
//! the times, the bytes sealed and sent, and the room the phone's copy takes. Nothing here
//! asserts on time.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;

use rapport::domain::ledger::Ledger;
use rapport::domain::sample::{generate, SampleSize};
use rapport::domain::time::Timestamp;
use rapport::storage::engine::SWEEP_GRACE_MS;
use rapport::storage::{Engine, LocalStore, StorageError};
use rapport::sync::couch::{CouchClient, Opened};
use rapport::sync::round::{push, round, Envelope, Kept, SyncFailure, SyncStore};
use rapport::sync::sealed::{unlock_or_create, Sealed};
use rapport_core::storage::KeyValueStore;
use rapport_core::sync::Journal;
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod couch_server;
use couch_server::{admin, fresh_database, server};

fn log(line: &str) {
    web_sys::console::log_1(&JsValue::from_str(line));
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}

/// The sync envelope, counting what it seals and opens.
struct Counting {
    sealed: Sealed,
    bytes_sealed: Cell<usize>,
    opened: Cell<usize>,
}

impl Envelope for Counting {
    async fn seal(&self, id: &str, body: &[u8]) -> Result<Map<String, Value>, SyncFailure> {
        let fields = self.sealed.seal(id, body).await?;
        let size = Value::Object(fields.clone()).to_string().len() + id.len();
        self.bytes_sealed.set(self.bytes_sealed.get() + size);
        Ok(fields)
    }

    async fn open(&self, id: &str, doc: &Value) -> Result<Vec<u8>, SyncFailure> {
        self.opened.set(self.opened.get() + 1);
        self.sealed.open(id, doc).await
    }
}

/// The laptop: its ledger and journal in memory (what it sends is measured, not its saves).
struct Memory(Ledger, Journal);

impl SyncStore for Memory {
    fn current(&mut self) -> Result<(Ledger, Journal), SyncFailure> {
        Ok((self.0.clone(), self.1.clone()))
    }

    fn keep(&mut self, ledger: Ledger, journal: Journal) -> Result<Kept, SyncFailure> {
        (self.0, self.1) = (ledger, journal);
        Ok(Kept::Kept)
    }
}

/// The phone: its ledger kept in localStorage by the storage engine, with the journal, after
/// every step; the slowest step's save is noted.
struct Stored {
    engine: Engine<LocalStore>,
    ledger: Ledger,
    slowest_keep: f64,
    keeps: usize,
    waits: usize,
}

impl SyncStore for Stored {
    fn current(&mut self) -> Result<(Ledger, Journal), SyncFailure> {
        let journal = self
            .engine
            .sync_journal(&self.ledger)
            .ok_or(SyncFailure::Off)?;
        Ok((self.ledger.clone(), journal))
    }

    fn keep(&mut self, mut ledger: Ledger, journal: Journal) -> Result<Kept, SyncFailure> {
        let started = now();
        match self.engine.save_with_journal(&mut ledger, Some(journal)) {
            Ok(_) => {}
            // As the app does: full of what the last pages replaced, kept again after the
            // engine's grace for those copies.
            Err(StorageError::QuotaExceeded) if self.engine.awaits_sweep() => {
                self.waits += 1;
                return Ok(Kept::Full {
                    retry_in_ms: SWEEP_GRACE_MS.unsigned_abs() as u32 + 500,
                });
            }
            Err(error) => return Err(SyncFailure::NotKept(error.to_string())),
        }
        self.ledger = ledger;
        self.slowest_keep = self.slowest_keep.max(now() - started);
        self.keeps += 1;
        Ok(Kept::Kept)
    }
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: bash scripts/bench-sync.sh"]
async fn the_first_sync_of_the_capacity_ledger() {
    let client = CouchClient::new(server(), &fresh_database(), admin());
    assert_eq!(client.open().await, Ok(Opened::Created));
    let started = now();
    let key = unlock_or_create(&client, "paper lantern under rain")
        .await
        .expect("a key");
    log(&format!(
        "key made and its check written: {:.0} ms",
        now() - started
    ));
    let envelope = Counting {
        sealed: Sealed(key),
        bytes_sealed: Cell::new(0),
        opened: Cell::new(0),
    };

    let started = now();
    let ledger = generate(
        7,
        SampleSize::CAPACITY,
        Timestamp::from_millis(1_795_305_600_000),
    );
    log(&format!(
        "capacity ledger {:?}, generated in {:.0} ms",
        ledger.counts(),
        now() - started
    ));
    let mut laptop = Memory(ledger, Journal::offering_everything());
    let started = now();
    let offered = push(&client, &envelope, &mut laptop, 500)
        .await
        .expect("offered");
    log(&format!(
        "laptop offers {offered} documents in {:.1} s: {} B sealed (bodies and ids)",
        (now() - started) / 1000.0,
        envelope.bytes_sealed.get()
    ));

    let mut store = LocalStore::open().expect("localStorage");
    for key in store.keys().expect("keys") {
        store.remove(&key).expect("cleared");
    }
    let mut phone = Stored {
        engine: Engine::new(store),
        ledger: Ledger::new(),
        slowest_keep: 0.0,
        keeps: 0,
        waits: 0,
    };
    phone.engine.load().expect("an empty store");
    phone
        .engine
        .save_with_journal(&mut phone.ledger, Some(Journal::offering_everything()))
        .expect("sync turned on");
    let (sealed_before, opened_before) = (envelope.bytes_sealed.get(), envelope.opened.get());
    let started = now();
    let progress = round(&client, &envelope, &mut phone).await.expect("synced");
    log(&format!(
        "phone takes {} documents in {:.1} s ({} saves, the slowest {:.0} ms; {} waits for \
         room), sends {} B; its copy takes {} UTF-16 units of localStorage",
        envelope.opened.get() - opened_before,
        (now() - started) / 1000.0,
        phone.keeps,
        phone.slowest_keep,
        phone.waits,
        envelope.bytes_sealed.get() - sealed_before,
        phone.engine.usage_units()
    ));
    assert_eq!(progress.pushed, 0, "the phone had nothing to send");
    assert_eq!(
        phone.ledger.counts(),
        laptop.0.counts(),
        "the phone holds the laptop's ledger"
    );
}
