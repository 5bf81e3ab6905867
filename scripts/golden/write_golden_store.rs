//! Writes a golden store (every key and value the engine wrote) and the export of the
//! ledger the engine saved, for today's Rapport to load: dropped into an old commit's
//! storage module as a test by make-golden-store.sh, and run there with that commit's own
//! sample generator and engine (docs/SCHEMA.md). It uses only what every commit since the
//! first with storage has, so it builds unchanged at each of them.

use super::{export_json, Engine, KeyValueStore, MemoryStore};
use crate::domain::sample::{generate, SampleSize};
use crate::domain::Timestamp;

#[test]
fn write_golden_store() {
    let Ok(out) = std::env::var("GOLDEN_OUT") else {
        return;
    };
    let now = Timestamp::from_millis(1_790_000_000_000);
    let size = SampleSize {
        contacts: 24,
        interactions: 160,
    };
    let mut ledger = generate(19, size, now);
    let mut engine = Engine::with_buckets(MemoryStore::new(), 8);
    engine.save(&mut ledger).expect("first save");
    // Two edits, each saved on its own (a patch from version 3 on), then a deletion.
    let people: Vec<_> = ledger
        .contacts()
        .filter(|contact| !contact.is_organization())
        .map(|contact| contact.id)
        .collect();
    for (step, id) in people.iter().take(2).enumerate() {
        let mut profile = ledger.contact(*id).expect("contact").profile.clone();
        profile.notes = format!("Golden edit {}", step + 1);
        let at = now.plus_days(step as i64 + 1);
        ledger.update_profile(*id, profile, at).expect("edit");
        engine.save(&mut ledger).expect("edit save");
    }
    let gone = ledger
        .interactions()
        .find(|interaction| interaction.contact == people[2])
        .expect("an interaction")
        .id;
    ledger
        .delete_interaction(gone, now.plus_days(3))
        .expect("delete");
    engine.save(&mut ledger).expect("delete save");

    // Reloaded by the same commit, the store holds what was saved.
    let store = engine.store().clone();
    let mut check = Engine::new(store.clone());
    let loaded = check.load().expect("reload");
    assert_eq!(loaded.to_records(), ledger.to_records());

    let entries: serde_json::Map<String, serde_json::Value> = store
        .entries()
        .iter()
        .map(|(key, value)| (key.clone(), serde_json::Value::String(value.clone())))
        .collect();
    let text = serde_json::to_string_pretty(&serde_json::Value::Object(entries)).expect("json");
    std::fs::write(format!("{out}.store.json"), text + "\n").expect("write store");
    std::fs::write(
        format!("{out}.export.json"),
        export_json(&ledger, now.plus_days(4)) + "\n",
    )
    .expect("write export");
    let _ = KeyValueStore::get(&store, "rapport.manifest");
}
