//! Erasing everything Rapport keeps on a device: the person's right to leave no trace.

use super::backend::{BackendError, KeyValueStore};

/// What every key Rapport writes to localStorage starts with: the ledger
/// (`rapport.manifest`, `rapport.chunk.…`), the backup reminder (`rapport.backup`), whether
/// the guided walk opens after a new contact (`rapport.walk-after-add`) and the colour theme
/// (`rapport-theme`). (Unsent drafts live in the tab's sessionStorage; the UI drops them
/// itself.)
const APP_KEY_PREFIXES: [&str; 2] = ["rapport.", "rapport-"];

/// The one key an erase leaves: when it happened (milliseconds since 1970), and nothing
/// else. Every tab of Rapport compares it with what it saw when it read the ledger: a tab
/// that was open during the erase then shows the empty ledger instead of writing its own
/// back.
pub const ERASED_KEY: &str = "rapport.erased";

/// Removes every key Rapport wrote to `store`, and nothing else another app of the same
/// site may keep there, then records when ([`ERASED_KEY`]). Returns how many keys were
/// removed.
pub fn erase_everything<S: KeyValueStore>(
    store: &mut S,
    at_millis: i64,
) -> Result<usize, BackendError> {
    let ours: Vec<String> = store
        .keys()?
        .into_iter()
        .filter(|key| {
            APP_KEY_PREFIXES
                .iter()
                .any(|prefix| key.starts_with(prefix))
        })
        .collect();
    for key in &ours {
        store.remove(key)?;
    }
    store.set(ERASED_KEY, &at_millis.to_string())?;
    Ok(ours.len())
}

#[cfg(test)]
mod tests {
    use super::*;
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
