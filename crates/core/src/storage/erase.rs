//! Erasing everything Rapport keeps on a device: the person's right to leave no trace.

use super::backend::{BackendError, KeyValueStore};
use super::engine::MANIFEST_KEY;
use crate::domain::DayFormat;

/// What every key Rapport writes to localStorage starts with: the ledger
/// (`rapport.manifest`, `rapport.chunk.…`), the backup reminder (`rapport.backup`), whether
/// the guided walk opens after a new contact (`rapport.walk-after-add`), sync's connection
/// with the server's password and the key (`rapport.sync`) and the colour theme
/// (`rapport-theme`). (Unsent drafts live in the tab's sessionStorage; the UI drops them
/// itself.)
const APP_KEY_PREFIXES: [&str; 2] = ["rapport.", "rapport-"];

/// The one key an erase leaves: when it happened (milliseconds since 1970), and nothing
/// else. Every tab of Rapport compares it with what it saw when it read the ledger: a tab
/// that was open during the erase then shows the empty ledger instead of writing its own
/// back.
pub const ERASED_KEY: &str = "rapport.erased";

/// Every key Rapport wrote to `store`, in no particular order.
fn app_keys<S: KeyValueStore>(store: &S) -> Result<Vec<String>, BackendError> {
    Ok(store
        .keys()?
        .into_iter()
        .filter(|key| {
            APP_KEY_PREFIXES
                .iter()
                .any(|prefix| key.starts_with(prefix))
        })
        .collect())
}

/// What a raw dump says it is, so it is never mistaken for an export (an import refuses it:
/// it has no `format` of an export).
pub const RAW_DUMP_FORMAT: &str = "rapport-raw-storage";

/// Every key Rapport wrote to `store` with its text exactly as stored, as one JSON document:
/// the way out when the ledger cannot be read, so nothing is lost to a damaged store (the
/// texts can be sent to someone who can repair them, or read by a later version).
pub fn raw_dump<S: KeyValueStore>(store: &S) -> Result<String, BackendError> {
    let mut keys = app_keys(store)?;
    keys.sort();
    let mut entries = serde_json::Map::new();
    for key in keys {
        if let Some(text) = store.get(&key)? {
            entries.insert(key, serde_json::Value::String(text));
        }
    }
    let dump = serde_json::json!({
        "kind": RAW_DUMP_FORMAT,
        "about": "Rapport's storage in this browser, exactly as stored, because it could not \
                  be read. This is not an export: it cannot be imported as a ledger.",
        "entries": entries,
    });
    serde_json::to_string_pretty(&dump).map_err(|error| BackendError::Failed(error.to_string()))
}

/// The file name of a raw dump made on `date`: `rapport-raw-storage-2026-12-05.json`.
pub fn raw_dump_file_name(date: chrono::NaiveDate) -> String {
    format!("{RAW_DUMP_FORMAT}-{}.json", DayFormat::Iso.of(date))
}

/// Records when ([`ERASED_KEY`]), then removes every key Rapport wrote to `store`, and
/// nothing else another app of the same site may keep there. Fails only when the marker
/// cannot be written (then nothing changed); returns how many keys were removed.
pub fn erase_everything<S: KeyValueStore>(
    store: &mut S,
    at_millis: i64,
) -> Result<usize, BackendError> {
    // The marker first: a tab that sees the ledger's keys go also sees that it was an
    // erase, and never writes its copy back into the emptied store.
    store.set(ERASED_KEY, &at_millis.to_string())?;
    // Then the manifest, the commit point: an erase cut short (a crash, or its removals
    // seen only in part by another tab) leaves an empty ledger with leftovers to sweep,
    // never a manifest listing chunks that are gone.
    let mut ours: Vec<String> = app_keys(store)?
        .into_iter()
        .filter(|key| key != ERASED_KEY)
        .collect();
    ours.sort_by_key(|key| key != MANIFEST_KEY);
    // Once the marker is down the erase has happened: every manifest written before it
    // is void (see the engine), so a removal that fails only leaves text for a later
    // sweep or save to take away, and the rest still go.
    let removed = ours.iter().filter(|key| store.remove(key).is_ok()).count();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raw_dump_holds_every_key_of_rapport_as_stored_and_no_other() {
        let mut store = crate::storage::MemoryStore::new();
        store.set("rapport.manifest", "{ damaged").expect("set");
        store.set("rapport.chunk.1.2", "Zoë 🚀").expect("set");
        store.set("another-app", "not ours").expect("set");
        let dump: serde_json::Value =
            serde_json::from_str(&raw_dump(&store).expect("dump")).expect("JSON");
        assert_eq!(dump["kind"], RAW_DUMP_FORMAT);
        let entries = dump["entries"].as_object().expect("entries");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries["rapport.manifest"], "{ damaged");
        assert_eq!(entries["rapport.chunk.1.2"], "Zoë 🚀");
        assert!(crate::storage::import_json(&raw_dump(&store).expect("dump")).is_err());
    }
    use crate::domain::sample::{generate, SampleSize};
    use crate::domain::Timestamp;
    use crate::storage::{Engine, MemoryStore};

    #[test]
    fn every_key_of_rapport_goes_and_no_other() {
        let mut ledger = generate(
            3,
            SampleSize {
                contacts: 40,
                interactions: 200,
            },
            Timestamp::from_millis(1_795_305_600_000),
        );
        let mut engine = Engine::new(MemoryStore::new());
        engine.save(&mut ledger).expect("save");
        let store = engine.store_mut();
        store.set("rapport-theme", "dark").expect("theme");
        store.set("rapport.draft.x", "{}").expect("draft");
        // Sync's connection: the server's password and the key's bits.
        store
            .set("rapport.sync", r#"{"password": "pw", "key": "AAAA"}"#)
            .expect("sync");
        store.set("another-app", "keep me").expect("other");
        let before = store.keys().expect("keys").len();
        let erased = engine.erase_everything().expect("erase");
        assert_eq!(erased, before - 1);
        assert_eq!(
            engine.store().keys().expect("keys"),
            vec!["another-app".to_owned(), ERASED_KEY.to_owned()]
        );
        assert!(engine.load().expect("load").is_empty());
        let mut fresh = Engine::new(engine.store().clone());
        assert!(fresh.load().expect("load").is_empty());
        // The engine saves again from nothing, as on a new device.
        let mut again = ledger.clone();
        again.mark_all_pending();
        engine.save(&mut again).expect("save again");
        assert_eq!(
            Engine::new(engine.store().clone()).load().expect("load"),
            ledger
        );
    }
}
