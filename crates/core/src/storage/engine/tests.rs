use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use proptest::prelude::*;

use super::*;
use crate::domain::sample::{generate, SampleSize};
use crate::domain::LedgerSettings;
use crate::domain::{
    Channel, ContactKind, ContactProfile, Direction, FieldId, InteractionDetails, InteractionId,
    InteractionKind, QualityCheck, RelationshipType, Stage,
};
use crate::storage::backend::{FailureMode, MemoryStore};
use crate::storage::schema::SCHEMA_VERSION;
use crate::storage::test_support;

const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);

/// Chromium's localStorage quota per origin, in UTF-16 code units.
const CHROMIUM_QUOTA: usize = 5 * 1024 * 1024;

fn demo() -> Ledger {
    generate(5, SampleSize::DEMO, NOW)
}

/// Saves `ledger` into a fresh store and returns the store.
fn saved(ledger: &Ledger, buckets: u32) -> MemoryStore {
    let mut engine = Engine::with_buckets(MemoryStore::new(), buckets);
    let mut ledger = ledger.clone();
    engine.save(&mut ledger).expect("save");
    engine.store().clone()
}

fn load(store: &MemoryStore) -> Result<Ledger, StorageError> {
    let mut store = store.clone();
    store.heal();
    Engine::new(store).load()
}

/// Asserts that `store` loads exactly `expected`, printing only counts on failure (a
/// ledger's debug output runs to megabytes).
#[track_caller]
fn assert_loads(store: &MemoryStore, expected: &Ledger, context: &str) {
    match load(store) {
        Ok(loaded) => assert!(
            loaded == *expected,
            "{context}: loaded {:?}, expected {:?}",
            loaded.counts(),
            expected.counts()
        ),
        Err(error) => panic!("{context}: {error:?}"),
    }
}

fn chunk_keys(store: &MemoryStore) -> Vec<&String> {
    store
        .entries()
        .keys()
        .filter(|key| key.starts_with(CHUNK_PREFIX))
        .collect()
}

fn manifest(store: &MemoryStore) -> serde_json::Value {
    serde_json::from_str(&store.entries()[MANIFEST_KEY]).expect("manifest is JSON")
}

/// A person who is alone in their bucket, if there is one.
fn lonely_person(ledger: &Ledger, buckets: u32) -> Option<ContactId> {
    let mut per_bucket: BTreeMap<u32, usize> = BTreeMap::new();
    for contact in ledger.contacts() {
        *per_bucket
            .entry(bucket_of(contact.id, buckets))
            .or_default() += 1;
    }
    ledger
        .contacts()
        .find(|contact| {
            !contact.is_organization() && per_bucket[&bucket_of(contact.id, buckets)] == 1
        })
        .map(|contact| contact.id)
}

/// Edits `id`'s notes: the simplest change that makes a save write its bucket.
fn set_notes(ledger: &mut Ledger, id: ContactId, notes: &str) {
    let mut profile = ledger.contact(id).expect("contact").profile.clone();
    profile.notes = notes.to_owned();
    ledger.update_profile(id, profile, NOW).expect("edit");
}

fn note(text: &str) -> InteractionDetails {
    InteractionDetails {
        day: None,
        link: String::new(),
        at: NOW,
        channel: Channel::Email,
        kind: InteractionKind::Give,
        direction: Direction::Outbound,
        summary: text.to_owned(),
        learned: String::new(),
        pitch: None,
    }
}

/// The change from S0 to S1 in the failure tests: an edit, a new interaction, a new
/// contact and a deletion, so chunks are rewritten, added and dropped.
fn change(ledger: &mut Ledger, buckets: u32) {
    let doomed = lonely_person(ledger, buckets)
        .or_else(|| {
            ledger
                .contacts()
                .find(|contact| !contact.is_organization())
                .map(|c| c.id)
        })
        .expect("a person");
    let mut contacts = ledger
        .contacts()
        .map(|contact| contact.id)
        .filter(|id| *id != doomed);
    let edited = contacts.next().expect("a contact");
    let talked_to = contacts.last().expect("another contact");
    set_notes(
        ledger,
        edited,
        "Prefers short pitches — by email, never by phone. 🙂",
    );
    ledger
        .log_interaction(
            InteractionId::new(NOW, 1),
            talked_to,
            note("sent the data"),
            NOW,
        )
        .expect("log");
    ledger
        .add_contact(
            ContactId::new(NOW, 7),
            ContactProfile::named("Ngozi Adichie", ContactKind::Person),
            Stage::Target,
            NOW,
        )
        .expect("add");
    ledger.delete_contact(doomed, NOW).expect("delete");
}

#[test]
fn an_empty_store_loads_an_empty_ledger() {
    let mut engine = Engine::new(MemoryStore::new());
    let ledger = engine.load().expect("load");
    assert!(ledger.is_empty());
    assert!(ledger.pending_changes().is_empty());
    assert_eq!(engine.usage_units(), 0);
}

#[test]
fn save_then_load_gives_the_same_ledger() {
    let mut ledger = demo();
    let mut engine = Engine::new(MemoryStore::new());
    let report = engine.save(&mut ledger).expect("save");
    assert!(ledger.pending_changes().is_empty());
    assert_eq!(report.chunks_written, chunk_keys(engine.store()).len());
    assert_eq!(report.units_written, engine.store().units_used());
    assert_eq!(engine.usage_units(), engine.store().units_used());

    let mut reopened = Engine::new(engine.store().clone());
    let loaded = reopened.load().expect("load");
    assert_eq!(loaded, ledger);
    assert!(loaded.pending_changes().is_empty());
    assert_eq!(reopened.usage_units(), engine.store().units_used());
}

#[test]
fn the_manifest_is_plain_json_listing_non_empty_buckets() {
    let store = saved(&demo(), BUCKETS);
    let manifest = manifest(&store);
    assert_eq!(manifest["schema_version"], SCHEMA_VERSION);
    assert_eq!(manifest["generation"], 1);
    assert_eq!(manifest["settings"]["fields"][0]["label"], "Audience reach");
    assert_eq!(manifest["buckets"], BUCKETS);
    assert!(manifest["saved_at"].is_string());
    let chunks = manifest["chunks"].as_array().expect("chunks");
    assert_eq!(chunks.len(), chunk_keys(&store).len());
    let contacts: u64 = chunks
        .iter()
        .map(|row| row[2].as_u64().expect("count"))
        .sum();
    assert_eq!(contacts, 40);
}

#[test]
fn saving_without_changes_writes_nothing() {
    let mut ledger = demo();
    let mut engine = Engine::new(MemoryStore::new());
    engine.save(&mut ledger).expect("save");
    let writes = engine.store().writes();
    assert_eq!(engine.save(&mut ledger), Ok(SaveReport::default()));
    assert_eq!(engine.store().writes(), writes);
}

#[test]
fn an_edit_writes_a_patch_of_its_contact_only() {
    let size = SampleSize {
        contacts: 2_000,
        interactions: 20_000,
    };
    let mut ledger = generate(3, size, NOW);
    let mut engine = Engine::new(MemoryStore::new());
    let full = engine.save(&mut ledger).expect("first save");
    assert_eq!(
        full.chunks_written, BUCKETS as usize,
        "2,000 contacts fill every bucket"
    );

    let id = ledger.contacts().nth(500).expect("a contact").id;
    ledger
        .log_interaction(InteractionId::new(NOW, 3), id, note("coffee"), NOW)
        .expect("log");
    let report = engine.save(&mut ledger).expect("save");
    assert_eq!(report.chunks_written, 1);
    // One patch and the manifest: under 2 % of the ledger.
    assert!(
        report.units_written * 50 < full.units_written,
        "{report:?} vs {full:?}"
    );
    assert_eq!(engine.usage_units(), engine.store().units_used());
    assert_eq!(chunk_keys(engine.store()).len(), full.chunks_written + 1);
    let patches = manifest(engine.store())["patches"].clone();
    assert_eq!(patches.as_array().map(Vec::len), Some(1));
    assert_eq!(patches[0][0], bucket_of(id, BUCKETS));
    assert_eq!(patches[0][2], 1, "the patch holds the one contact");
    assert_loads(engine.store(), &ledger, "reload");
}

#[test]
fn patches_pile_up_to_a_limit_then_the_bucket_is_rewritten_whole() {
    let size = SampleSize {
        contacts: 2_000,
        interactions: 20_000,
    };
    let mut ledger = generate(3, size, NOW);
    let mut engine = Engine::new(MemoryStore::new());
    let full = engine.save(&mut ledger).expect("first save");
    // The quietest contact of the fullest bucket, its notes edited: eight patches of it
    // stay within their share of its bucket, so the number of patches is the limit reached.
    let mut members = vec![0usize; BUCKETS as usize];
    for contact in ledger.contacts() {
        members[bucket_of(contact.id, BUCKETS) as usize] += 1;
    }
    let id = ledger
        .contacts()
        .min_by_key(|contact| {
            let bucket = bucket_of(contact.id, BUCKETS) as usize;
            (
                usize::MAX - members[bucket],
                ledger.interactions_of(contact.id).len(),
            )
        })
        .expect("a contact")
        .id;
    let bucket = bucket_of(id, BUCKETS);
    let first_chunk = manifest(engine.store())["chunks"]
        .as_array()
        .expect("chunks")
        .iter()
        .find(|row| row[0] == bucket)
        .cloned()
        .expect("the bucket's chunk");
    let mut edit = |ledger: &mut Ledger, n: usize| {
        set_notes(ledger, id, &format!("Edit {n}"));
        engine.save(ledger).expect("save");
        assert_loads(engine.store(), ledger, "reload after an edit");
        manifest(engine.store())["patches"]
            .as_array()
            .map_or(0, Vec::len)
    };
    for n in 1..=MAX_PATCHES {
        assert_eq!(edit(&mut ledger, n), n, "edit {n} adds a patch");
    }
    assert_eq!(
        edit(&mut ledger, 99),
        0,
        "the next edit rewrites the bucket"
    );
    settle(&mut engine);
    assert_eq!(chunk_keys(engine.store()).len(), full.chunks_written);
    let rewritten = manifest(engine.store())["chunks"]
        .as_array()
        .expect("chunks")
        .iter()
        .find(|row| row[0] == bucket)
        .cloned()
        .expect("the bucket's chunk");
    assert_ne!(rewritten[1], first_chunk[1], "a new generation");
    assert_eq!(rewritten[2], first_chunk[2], "as many contacts");
    assert_eq!(engine.usage_units(), engine.store().units_used());
}

#[test]
fn patches_never_outgrow_their_share_of_the_bucket() {
    let size = SampleSize {
        contacts: 2_000,
        interactions: 20_000,
    };
    let mut ledger = generate(3, size, NOW);
    let mut engine = Engine::new(MemoryStore::new());
    engine.save(&mut ledger).expect("first save");
    let id = ledger.contacts().nth(900).expect("a contact").id;
    let bucket = bucket_of(id, BUCKETS);
    let units_of = |rows: &serde_json::Value| -> u64 {
        rows.as_array()
            .into_iter()
            .flatten()
            .filter(|row| row[0] == bucket)
            .filter_map(|row| row[5].as_u64())
            .sum()
    };
    let mut rewritten = false;
    for n in 0..40 {
        ledger
            .log_interaction(
                InteractionId::new(NOW, 100 + n),
                id,
                note("a long call"),
                NOW,
            )
            .expect("log");
        engine.save(&mut ledger).expect("save");
        let manifest = manifest(engine.store());
        let patches = units_of(&manifest["patches"]);
        assert!(patches * PATCH_SHARE as u64 <= units_of(&manifest["chunks"]));
        rewritten |= n > 0 && patches == 0;
    }
    assert!(
        rewritten,
        "the growing patches made the bucket be rewritten whole"
    );
    assert_loads(engine.store(), &ledger, "reload");
}

#[test]
fn a_patch_without_an_older_chunk_is_refused() {
    let mut store = saved(&demo(), BUCKETS);
    tamper_manifest(&mut store, |manifest| {
        // A patch as old as its bucket's chunk cannot apply to it.
        let orphan = manifest["chunks"][0].clone();
        manifest["patches"] = serde_json::json!([orphan]);
    });
    assert!(matches!(
        Engine::new(store).load(),
        Err(StorageError::CorruptManifest(reason)) if reason.contains("patch")
    ));
}

#[test]
fn deleting_the_last_contact_of_a_bucket_leaves_only_its_tombstone_there() {
    let mut ledger = demo();
    let mut engine = Engine::new(MemoryStore::new());
    engine.save(&mut ledger).expect("save");
    let chunks_before = chunk_keys(engine.store()).len();
    let doomed = lonely_person(&ledger, BUCKETS).expect("a person alone in a bucket");
    let bucket = bucket_of(doomed, BUCKETS);
    let before = listed_chunk(engine.store(), bucket).expect("the bucket's chunk");
    ledger.delete_contact(doomed, NOW).expect("delete");

    let report = engine.save(&mut ledger).expect("save");
    assert_eq!(
        report.chunks_written, 1,
        "the bucket keeps the contact's tombstone, so the deletion travels"
    );
    let prefix = format!("{CHUNK_PREFIX}{bucket}.");
    settle(&mut engine);
    assert_eq!(
        chunk_keys(engine.store())
            .iter()
            .filter(|key| key.starts_with(&prefix))
            .count(),
        1
    );
    assert_eq!(chunk_keys(engine.store()).len(), chunks_before);
    let after = listed_chunk(engine.store(), bucket).expect("the tombstone's chunk");
    assert_eq!((after[2].as_u64(), after[3].as_u64()), (Some(0), Some(0)));
    assert!(
        after[5].as_u64() < before[5].as_u64().map(|units| units / 4),
        "the contact's text left storage: {after} after {before}"
    );
    assert!(
        manifest(engine.store()).get("patches").is_none(),
        "no patch records the deletion"
    );
    assert_loads(engine.store(), &ledger, "reload");
    let reloaded = Engine::new(engine.store().clone()).load().expect("load");
    assert!(reloaded
        .tombstone(crate::domain::DeletedId::Contact(doomed))
        .is_some());
}

/// The entry of `bucket` in the stored manifest's chunk list.
fn listed_chunk(store: &MemoryStore, bucket: u32) -> Option<serde_json::Value> {
    manifest(store)["chunks"]
        .as_array()
        .expect("chunks")
        .iter()
        .find(|row| row[0] == bucket)
        .cloned()
}

#[test]
fn deleting_an_interaction_or_promise_rewrites_its_bucket_so_the_text_leaves_storage() {
    let mut ledger = demo();
    let mut engine = Engine::new(MemoryStore::new());
    engine.save(&mut ledger).expect("save");
    // Records with words in them: a tombstone (about 12 units) stays in their place, so
    // deleting a record of a few bytes frees nothing.
    let interaction = ledger
        .interactions()
        .max_by_key(|interaction| interaction.details.summary.len())
        .expect("an interaction")
        .clone();
    let promise = ledger
        .promises()
        .max_by_key(|promise| promise.what.len())
        .expect("a promise")
        .clone();

    for (owner, delete) in [
        (
            interaction.contact,
            Box::new(|ledger: &mut Ledger| {
                ledger.delete_interaction(interaction.id, NOW).map(|_| ())
            }) as Box<dyn Fn(&mut Ledger) -> Result<(), LedgerError>>,
        ),
        (
            promise.contact,
            Box::new(|ledger: &mut Ledger| ledger.delete_promise(promise.id, NOW).map(|_| ())),
        ),
    ] {
        let bucket = bucket_of(owner, BUCKETS);
        let before = listed_chunk(engine.store(), bucket).expect("the owner's chunk");
        let usage_before = engine.usage_units();
        delete(&mut ledger).expect("delete");
        engine.save(&mut ledger).expect("save");

        let after = listed_chunk(engine.store(), bucket).expect("the owner's chunk");
        assert!(after[1].as_u64() > before[1].as_u64(), "a newer chunk");
        assert!(after[5].as_u64() < before[5].as_u64(), "a smaller chunk");
        assert!(
            engine.usage_units() < usage_before,
            "the deletion frees space"
        );
        assert!(manifest(engine.store()).get("patches").is_none());
        let of_bucket = |engine: &Engine<MemoryStore>| {
            chunk_keys(engine.store())
                .iter()
                .filter(|key| key.starts_with(&format!("{CHUNK_PREFIX}{bucket}.")))
                .count()
        };
        assert_eq!(
            of_bucket(&engine),
            2,
            "kept for the grace another tab may need"
        );
        settle(&mut engine);
        assert_eq!(
            chunk_keys(engine.store())
                .iter()
                .filter(|key| key.starts_with(&format!("{CHUNK_PREFIX}{bucket}.")))
                .count(),
            1,
            "the chunk that held the deleted text is gone"
        );
        assert_loads(engine.store(), &ledger, "reload after the deletion");
    }
}

#[test]
fn replacing_the_ledger_rewrites_everything_and_removes_the_old_chunks() {
    let mut engine = Engine::new(MemoryStore::new());
    engine.save(&mut demo()).expect("save");
    let mut other = generate(6, SampleSize::DEMO, NOW);
    other.mark_all_pending();
    engine.save(&mut other).expect("save");
    assert_loads(engine.store(), &other, "reload");
    settle(&mut engine);
    assert_eq!(engine.store().units_used(), engine.usage_units());

    let mut empty = Ledger::new();
    empty.mark_all_pending();
    engine.save(&mut empty).expect("save");
    settle(&mut engine);
    assert!(chunk_keys(engine.store()).is_empty());
    assert_loads(engine.store(), &Ledger::new(), "reload");
}

#[test]
fn a_first_save_without_load_replaces_what_is_stored() {
    let store = saved(&demo(), BUCKETS);
    let mut other = generate(9, SampleSize::DEMO, NOW);
    other.mark_saved();
    let mut engine = Engine::new(store);
    engine.save(&mut other).expect("save");
    assert_loads(engine.store(), &other, "reload");
    settle(&mut engine);
    assert_eq!(engine.store().units_used(), engine.usage_units());
}

/// For every write a save makes, failing it (once, or from then on) leaves storage
/// loading exactly S0 when the save reports an error and S1 when it reports success.
fn check_every_failure_point(s0: &Ledger, buckets: u32, to_s1: impl FnMut(&mut Ledger)) {
    let s0_store = if s0.is_empty() {
        MemoryStore::new()
    } else {
        saved(s0, buckets)
    };
    check_every_failure_point_from(s0_store, s0, buckets, to_s1);
}

/// [`check_every_failure_point`] from a store that already holds `s0` (with patches, say).
fn check_every_failure_point_from(
    s0_store: MemoryStore,
    s0: &Ledger,
    buckets: u32,
    mut to_s1: impl FnMut(&mut Ledger),
) {
    let mut s1 = s0.clone();
    to_s1(&mut s1);

    let mut dry_run = Engine::with_buckets(s0_store.clone(), buckets);
    let mut ledger = dry_run.load().expect("load S0");
    to_s1(&mut ledger);
    dry_run.save(&mut ledger).expect("save S1");
    let writes = dry_run.store().writes() - s0_store.writes();
    assert!(
        writes >= 2,
        "the change should take several writes, took {writes}"
    );

    let (mut failed, mut succeeded) = (0, 0);
    for mode in [FailureMode::Once, FailureMode::FromThenOn] {
        for n in 0..=writes {
            let mut store = s0_store.clone();
            store.fail_at_write(n, mode);
            let mut engine = Engine::with_buckets(store, buckets);
            let mut ledger = engine.load().expect("load S0");
            to_s1(&mut ledger);
            match engine.save(&mut ledger) {
                Ok(_) => {
                    succeeded += 1;
                    assert!(ledger.pending_changes().is_empty());
                    assert_loads(engine.store(), &s1, &format!("{mode:?} at {n}"));
                }
                Err(error) => {
                    failed += 1;
                    assert!(matches!(error, StorageError::Failed(_)), "{error:?}");
                    assert!(!ledger.pending_changes().is_empty(), "changes kept");
                    assert_loads(engine.store(), s0, &format!("{mode:?} at {n}"));
                    if mode == FailureMode::Once {
                        assert_eq!(engine.store().entries(), s0_store.entries(), "cleaned up");
                        engine.save(&mut ledger).expect("retry");
                        assert_loads(engine.store(), &s1, &format!("retry after {n}"));
                    }
                }
            }
        }
    }
    assert!(
        failed > 0 && succeeded > 0,
        "{failed} failed, {succeeded} succeeded"
    );
}

#[test]
fn a_failure_at_any_write_leaves_the_previous_or_the_new_state() {
    for buckets in [BUCKETS, 4] {
        check_every_failure_point(&demo(), buckets, |ledger| change(ledger, buckets));
    }
}

#[test]
fn a_failure_at_any_write_over_patches_leaves_the_previous_or_the_new_state() {
    let buckets = 4;
    let mut s0 = demo();
    let mut engine = Engine::with_buckets(MemoryStore::new(), buckets);
    engine.save(&mut s0).expect("save");
    let edited: Vec<ContactId> = s0.contacts().map(|contact| contact.id).take(3).collect();
    for id in edited {
        set_notes(&mut s0, id, &format!("Patched note for {id}"));
        engine.save(&mut s0).expect("save a patch");
    }
    assert!(manifest(engine.store()).get("patches").is_some());
    let s0_store = engine.store().clone();

    // Edits over the patches, and a deletion that rewrites a bucket that has patches.
    check_every_failure_point_from(s0_store.clone(), &s0, buckets, |ledger| {
        change(ledger, buckets)
    });
    let patched = s0.contacts().next().expect("contact").id;
    check_every_failure_point_from(s0_store, &s0, buckets, |ledger| {
        let interactions: Vec<InteractionId> = ledger
            .interactions_of(patched)
            .iter()
            .map(|interaction| interaction.id)
            .collect();
        for id in interactions {
            ledger.delete_interaction(id, NOW).expect("delete");
        }
        ledger
            .log_interaction(
                InteractionId::new(NOW, 9),
                patched,
                note("a fresh start"),
                NOW,
            )
            .expect("log");
    });
}

#[test]
fn a_failure_during_a_full_rewrite_leaves_the_previous_or_the_new_state() {
    let replacement = generate(21, SampleSize::DEMO, NOW);
    check_every_failure_point(&demo(), 16, |ledger| {
        *ledger = replacement.clone();
        ledger.mark_all_pending();
    });
}

#[test]
fn a_failure_during_the_very_first_save_leaves_an_empty_store() {
    let first = demo();
    check_every_failure_point(&Ledger::new(), 8, |ledger| {
        *ledger = first.clone();
        ledger.mark_all_pending();
    });
}

#[test]
fn a_full_store_refuses_the_save_and_keeps_the_previous_state() {
    let s0 = demo();
    let s0_store = saved(&s0, BUCKETS);
    let mut store = MemoryStore::with_quota(s0_store.units_used() + 2_000);
    for (key, value) in s0_store.entries() {
        store.set(key, value).expect("copy");
    }
    let mut engine = Engine::new(store);
    let mut ledger = engine.load().expect("load");
    let id = ledger.contacts().next().expect("a contact").id;
    let mut profile = ledger.contact(id).expect("contact").profile.clone();
    // Text that does not compress: a pseudo-random walk over the CJK block.
    profile.notes = (0..10_000u32)
        .map(|i| char::from_u32(0x4E00 + (i.wrapping_mul(2_654_435_761) >> 20)).unwrap_or('x'))
        .collect();
    ledger.update_profile(id, profile, NOW).expect("edit");

    let error = engine.save(&mut ledger).expect_err("quota");
    assert_eq!(error, StorageError::QuotaExceeded);
    assert!(error
        .to_string()
        .starts_with("Your browser's storage for this page is full."));
    assert!(!ledger.pending_changes().is_empty());
    assert_loads(engine.store(), &s0, "reload");
}

/// Lets the sweep's grace pass and sweeps, as the app does a few seconds after a save:
/// the engine's clock becomes [`test_clock`], moved past the grace of all it noted so far.
pub(super) fn settle(engine: &mut Engine<MemoryStore>) {
    let latest = (engine.clock)().millis();
    TEST_NOW.with(|now| now.set(now.get().max(latest) + SWEEP_GRACE_MS));
    engine.clock = test_clock;
    engine.sweep_due();
}

thread_local! {
    /// The time [`test_clock`] reads, set by each test that counts the sweep's grace.
    static TEST_NOW: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

fn test_clock() -> Timestamp {
    Timestamp::from_millis(TEST_NOW.with(std::cell::Cell::get))
}

/// An engine over `store` whose grace is counted on [`test_clock`], set to `at` ms.
pub(super) fn engine_at(store: MemoryStore, at: i64) -> Engine<MemoryStore> {
    TEST_NOW.with(|now| now.set(at));
    let mut engine = Engine::new(store);
    engine.clock = test_clock;
    engine
}

#[test]
fn a_leftover_chunk_is_swept_once_it_stayed_unlisted_long_enough() {
    let ledger = demo();
    let mut store = saved(&ledger, BUCKETS);
    store.set("rapport.chunk.3.0", "Aleftover").expect("set");
    store.set("rapport.chunk.999.77", "Aleftover").expect("set");
    store.set("someone.else", "kept").expect("set");
    let listed = chunk_keys(&store).len() - 2;

    let mut engine = engine_at(store, 1_000);
    assert!(
        engine.load() == Ok(ledger.clone()),
        "loads the saved ledger"
    );
    assert_eq!(
        chunk_keys(engine.store()).len(),
        listed + 2,
        "another tab may be writing them: they stay for now"
    );
    TEST_NOW.with(|now| now.set(1_000 + SWEEP_GRACE_MS - 1));
    assert!(engine.load() == Ok(ledger.clone()));
    assert_eq!(chunk_keys(engine.store()).len(), listed + 2);
    TEST_NOW.with(|now| now.set(1_000 + SWEEP_GRACE_MS));
    assert!(engine.load() == Ok(ledger));
    assert_eq!(chunk_keys(engine.store()).len(), listed, "swept");
    assert_eq!(
        engine.store().get("someone.else"),
        Ok(Some("kept".to_owned()))
    );
}

#[test]
fn a_load_in_one_tab_never_sweeps_the_chunks_another_tab_is_committing() {
    let ledger = demo();
    let store = saved(&ledger, BUCKETS);
    // Tab A has written its new chunks, not its manifest yet, when tab B loads.
    let mut tab_a = engine_at(store, 0);
    let mut edited = tab_a.load().expect("load");
    let id = edited.contacts().next().expect("a contact").id;
    let mut profile = edited.contact(id).expect("contact").profile.clone();
    profile.notes = "Written by tab A".into();
    edited.update_profile(id, profile, NOW).expect("edit");
    let mut written = tab_a.store().clone();
    tab_a.save(&mut edited).expect("save");
    let manifest_a = tab_a
        .store()
        .get(MANIFEST_KEY)
        .expect("get")
        .expect("manifest");
    for key in chunk_keys(tab_a.store()) {
        let text = tab_a.store().entries()[key].clone();
        written.set(key, &text).expect("chunk written");
    }
    let mut tab_b = engine_at(written, 0);
    tab_b.load().expect("B loads the previous save");
    // A's manifest arrives: every chunk it lists is still there.
    tab_b
        .store_mut()
        .set(MANIFEST_KEY, &manifest_a)
        .expect("A commits");
    TEST_NOW.with(|now| now.set(SWEEP_GRACE_MS * 2));
    assert!(tab_b.load() == Ok(edited), "B reads A's save whole");
}

/// A store filled to the brim by a leftover chunk that a load saw at `TEST_NOW` 0, and an
/// edit of the loaded ledger that needs the leftover's room.
fn full_store_with_a_leftover() -> (Engine<MemoryStore>, Ledger) {
    let s0 = demo();
    let s0_store = saved(&s0, BUCKETS);
    let leftover: String = std::iter::repeat_n('x', 15_000).collect();
    let mut store = MemoryStore::with_quota(s0_store.units_used() + 20_000);
    for (key, value) in s0_store.entries() {
        store.set(key, value).expect("copy");
    }
    store.set("rapport.chunk.7.99", &leftover).expect("set");
    let mut engine = engine_at(store, 0);
    let mut ledger = engine.load().expect("load");
    assert!(engine
        .store()
        .get("rapport.chunk.7.99")
        .expect("get")
        .is_some());
    let id = ledger.contacts().next().expect("a contact").id;
    let mut profile = ledger.contact(id).expect("contact").profile.clone();
    profile.notes = (0..4_000u32)
        .map(|i| char::from_u32(0x4E00 + (i.wrapping_mul(2_654_435_761) >> 20)).unwrap_or('x'))
        .collect();
    ledger.update_profile(id, profile, NOW).expect("edit");
    (engine, ledger)
}

#[test]
fn a_full_store_keeps_unlisted_chunks_within_their_grace() {
    // The leftover may be a chunk another tab has just written and is about to commit.
    let (mut engine, mut ledger) = full_store_with_a_leftover();
    TEST_NOW.with(|now| now.set(SWEEP_GRACE_MS - 1));
    assert_eq!(engine.save(&mut ledger), Err(StorageError::QuotaExceeded));
    assert!(engine
        .store()
        .get("rapport.chunk.7.99")
        .expect("get")
        .is_some());
    assert!(
        !ledger.pending_changes().is_empty(),
        "the edit waits in the tab"
    );
}

#[test]
fn a_full_store_sweeps_unlisted_chunks_whose_grace_is_over_and_saves() {
    let (mut engine, mut ledger) = full_store_with_a_leftover();
    TEST_NOW.with(|now| now.set(SWEEP_GRACE_MS));
    engine.save(&mut ledger).expect("the leftover makes room");
    assert_eq!(engine.store().get("rapport.chunk.7.99"), Ok(None));
    assert_loads(engine.store(), &ledger, "reload");
}

/// Rewrites the stored manifest through `edit`.
fn tamper_manifest(store: &mut MemoryStore, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut value = manifest(store);
    edit(&mut value);
    store.set(MANIFEST_KEY, &value.to_string()).expect("set");
}

#[test]
fn a_manifest_from_a_newer_version_is_refused_and_nothing_is_deleted() {
    let mut store = saved(&demo(), BUCKETS);
    let newer = SCHEMA_VERSION + 1;
    tamper_manifest(&mut store, |manifest| {
        manifest["schema_version"] = newer.into()
    });
    store.set("rapport.chunk.3.99", "Afuture").expect("set");
    let before = store.clone();

    let mut engine = Engine::new(store);
    let error = engine.load().expect_err("newer");
    assert_eq!(
        error,
        StorageError::Schema(SchemaError::Newer(newer.into()))
    );
    assert!(error
        .to_string()
        .contains(&format!("newer version of Rapport (version {newer})")));
    assert_eq!(engine.store(), &before);
    // Saving over it is refused too: the engine never overwrote what it cannot read.
    assert_eq!(
        engine.save(&mut demo()),
        Err(StorageError::Schema(SchemaError::Newer(newer.into())))
    );
    assert_eq!(engine.store().entries(), before.entries());
}

#[test]
fn a_damaged_manifest_is_refused_and_named() {
    let mut store = saved(&demo(), BUCKETS);
    store.set(MANIFEST_KEY, "{not json").expect("set");
    let error = Engine::new(store.clone()).load().expect_err("corrupt");
    assert!(matches!(error, StorageError::CorruptManifest(_)));
    assert!(error.to_string().contains("rapport.manifest"));

    let mut store = saved(&demo(), BUCKETS);
    tamper_manifest(&mut store, |manifest| manifest["buckets"] = 0.into());
    assert!(matches!(
        Engine::new(store).load(),
        Err(StorageError::CorruptManifest(_))
    ));

    let mut store = saved(&demo(), BUCKETS);
    tamper_manifest(&mut store, |manifest| manifest["chunks"][0][1] = 5.into());
    assert!(matches!(
        Engine::new(store).load(),
        Err(StorageError::CorruptManifest(_))
    ));

    let mut store = saved(&demo(), BUCKETS);
    tamper_manifest(&mut store, |manifest| {
        manifest
            .as_object_mut()
            .expect("object")
            .remove("schema_version");
    });
    assert_eq!(
        Engine::new(store).load(),
        Err(StorageError::Schema(SchemaError::Missing))
    );
}

#[test]
fn a_damaged_or_missing_chunk_is_refused_and_named() {
    let store = saved(&demo(), BUCKETS);
    let key = chunk_keys(&store)[0].clone();
    let before = store.clone();

    let mut damaged = store.clone();
    let mut text = damaged.entries()[&key].clone();
    text.pop();
    damaged.set(&key, &text).expect("set");
    let error = Engine::new(damaged).load().expect_err("damaged");
    assert!(matches!(&error, StorageError::CorruptChunk { key: named, .. } if *named == key));
    assert!(error.to_string().contains(&key));

    let mut missing = before.clone();
    missing.remove(&key).expect("remove");
    let mut engine = Engine::new(missing.clone());
    assert!(matches!(
        engine.load(),
        Err(StorageError::CorruptChunk { .. })
    ));
    assert_eq!(
        engine.store().entries(),
        missing.entries(),
        "nothing deleted"
    );
}

#[test]
fn a_chunk_that_disagrees_with_the_manifest_is_refused() {
    let mut store = saved(&demo(), BUCKETS);
    tamper_manifest(&mut store, |manifest| {
        manifest["chunks"][0][3] = 1_000.into()
    });
    assert!(matches!(
        Engine::new(store).load(),
        Err(StorageError::CorruptChunk { .. })
    ));

    // A chunk moved under another bucket's key holds records of the wrong bucket.
    let mut store = saved(&demo(), BUCKETS);
    let mut value = manifest(&store);
    let row = value["chunks"][0].clone();
    let (bucket, generation) = (
        row[0].as_u64().expect("bucket"),
        row[1].as_u64().expect("gen"),
    );
    let free = (0..u64::from(BUCKETS))
        .find(|candidate| {
            value["chunks"]
                .as_array()
                .expect("chunks")
                .iter()
                .all(|row| row[0] != *candidate)
        })
        .expect("a free bucket");
    let text = store.entries()[&chunk_key(bucket as u32, generation)].clone();
    store
        .set(&chunk_key(free as u32, generation), &text)
        .expect("set");
    value["chunks"][0][0] = free.into();
    store.set(MANIFEST_KEY, &value.to_string()).expect("set");
    assert!(matches!(
        Engine::new(store).load(),
        Err(StorageError::CorruptChunk { .. })
    ));
}

#[test]
fn errors_read_as_plain_sentences() {
    let messages = [
        StorageError::QuotaExceeded.to_string(),
        StorageError::Unavailable("SecurityError".into()).to_string(),
        StorageError::Failed("boom".into()).to_string(),
        StorageError::Inconsistent(LedgerError::EmptyName).to_string(),
    ];
    assert_eq!(
        messages[0],
        "Your browser's storage for this page is full. Your changes are kept in this tab: \
         export them now so nothing is lost."
    );
    assert!(messages[1].contains("private window"));
    for message in messages {
        assert!(message.ends_with('.'), "{message}");
    }
}

#[test]
fn buckets_spread_contacts_evenly() {
    let contacts_only = SampleSize {
        contacts: 5_000,
        interactions: 0,
    };
    let ledger = generate(4, contacts_only, NOW);
    let mut counts = vec![0usize; BUCKETS as usize];
    for contact in ledger.contacts() {
        counts[bucket_of(contact.id, BUCKETS) as usize] += 1;
    }
    let most = counts.iter().max().copied().unwrap_or(0);
    let least = counts.iter().min().copied().unwrap_or(0);
    // 19.5 per bucket on average.
    assert!(least >= 5 && most <= 40, "buckets hold {least} to {most}");
}

/// The capacity target: 5,000 contacts and 100,000 interactions within Chromium's quota.
#[test]
fn capacity_target_fits_the_quota() {
    let started = Instant::now();
    let mut ledger = generate(1, SampleSize::CAPACITY, NOW);
    let generated = started.elapsed();
    let json_units = crate::storage::export_json(&ledger, NOW)
        .encode_utf16()
        .count();

    let mut engine = Engine::new(MemoryStore::with_quota(CHROMIUM_QUOTA));
    let started = Instant::now();
    let report = engine.save(&mut ledger).expect("the capacity ledger fits");
    let saved_in = started.elapsed();

    let store = engine.store().clone();
    let mut sizes: Vec<usize> = store
        .entries()
        .iter()
        .filter(|(key, _)| key.starts_with(CHUNK_PREFIX))
        .map(|(key, value)| entry_units(key, value))
        .collect();
    sizes.sort_unstable();
    let manifest_units = entry_units(MANIFEST_KEY, &store.entries()[MANIFEST_KEY]);

    let started = Instant::now();
    let loaded = Engine::new(store.clone()).load().expect("load");
    let loaded_in = started.elapsed();
    assert!(loaded == ledger, "the capacity ledger reloads equal");

    let id = ledger.contacts().nth(2_500).expect("a contact").id;
    ledger
        .log_interaction(InteractionId::new(NOW, 5), id, note("follow-up"), NOW)
        .expect("log");
    let started = Instant::now();
    let edit = engine.save(&mut ledger).expect("incremental save");
    let edit_in = started.elapsed();

    println!(
        "capacity: {} units of {CHROMIUM_QUOTA} ({:.1} %); JSON export would be {json_units} \
         units\n  {} chunks: min {} / median {} / max {} units; manifest {manifest_units} units\n  \
         generate {generated:?}, full save {saved_in:?}, load {loaded_in:?}, one-edit save \
         {edit_in:?} ({} units)",
        report.units_written,
        100.0 * report.units_written as f64 / CHROMIUM_QUOTA as f64,
        sizes.len(),
        sizes[0],
        sizes[sizes.len() / 2],
        sizes[sizes.len() - 1],
        edit.units_written,
    );
    assert!(report.units_written <= CHROMIUM_QUOTA);
    assert_eq!(edit.chunks_written, 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_ledger_survives_save_and_load(ledger in test_support::ledger(8), buckets in 1u32..6) {
        let store = saved(&ledger, buckets);
        prop_assert_eq!(load(&store), Ok(ledger.clone()));
        let store = saved(&ledger, BUCKETS);
        prop_assert_eq!(load(&store), Ok(ledger));
    }
}

/// One step of [`a_long_run_of_edits_saves_what_the_ledger_holds`]: its number picks the
/// contact it touches among those in the ledger.
#[derive(Clone, Debug)]
enum Step {
    Add,
    Delete(usize),
    Log(usize),
    Edit(usize),
    Save,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        Just(Step::Add),
        (0usize..64).prop_map(Step::Delete),
        (0usize..64).prop_map(Step::Log),
        (0usize..64).prop_map(Step::Edit),
        Just(Step::Save),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// One engine saving edit after edit (as a tab does) keeps each bucket's contacts up to
    /// date: after every save, a fresh load gives exactly the ledger.
    #[test]
    fn a_long_run_of_edits_saves_what_the_ledger_holds(
        ledger in test_support::ledger(6),
        buckets in 1u32..5,
        steps in prop::collection::vec(step(), 1..40),
    ) {
        let mut ledger = ledger;
        let mut engine = Engine::with_buckets(MemoryStore::new(), buckets);
        engine.save(&mut ledger).expect("first save");
        for (n, step) in steps.into_iter().enumerate() {
            let n = u128::try_from(n).expect("few steps");
            let people: Vec<ContactId> = ledger
                .contacts()
                .filter(|contact| !contact.is_organization())
                .map(|contact| contact.id)
                .collect();
            let pick = |i: usize| people.get(i % people.len().max(1)).copied();
            match step {
                Step::Add => {
                    ledger
                        .add_contact(
                            ContactId::new(NOW, 100 + n),
                            ContactProfile::named("Added", ContactKind::Person),
                            Stage::Connection,
                            NOW,
                        )
                        .expect("add");
                }
                Step::Delete(i) => {
                    if let Some(id) = pick(i) {
                        ledger.delete_contact(id, NOW).expect("delete");
                    }
                }
                Step::Log(i) => {
                    if let Some(id) = pick(i) {
                        ledger
                            .log_interaction(InteractionId::new(NOW, 100 + n), id, note("a call"), NOW)
                            .expect("log");
                    }
                }
                Step::Edit(i) => {
                    if let Some(id) = pick(i) {
                        set_notes(&mut ledger, id, &format!("Edit {n}"));
                    }
                }
                Step::Save => {
                    engine.save(&mut ledger).expect("save");
                    prop_assert_eq!(load(engine.store()), Ok(ledger.clone()));
                }
            }
        }
        engine.save(&mut ledger).expect("last save");
        prop_assert_eq!(load(engine.store()), Ok(ledger));
    }
}

/// Two tabs over one store: the tab whose view is stale must not overwrite the other's save.
#[test]
fn a_save_over_another_tabs_newer_commit_is_refused_and_changes_nothing() {
    let original = demo();
    let store = saved(&original, 8);
    let mut first_tab = Engine::with_buckets(store.clone(), 8);
    let mut first_view = first_tab.load().expect("first tab loads");
    let mut second_tab = Engine::with_buckets(store, 8);
    let mut second_view = second_tab.load().expect("second tab loads");

    change(&mut second_view, 8);
    second_tab
        .save(&mut second_view)
        .expect("the second tab saves first");
    let after_second = second_tab.store().entries().clone();
    // Both tabs share one localStorage: give the first tab's engine what the second wrote.
    *first_tab.store_mut() = second_tab.store().clone();

    let mut profile = first_view
        .contacts()
        .next()
        .expect("a contact")
        .profile
        .clone();
    profile.notes = "edited in a stale tab".into();
    let id = first_view.contacts().next().expect("a contact").id;
    first_view.update_profile(id, profile, NOW).expect("edit");
    assert_eq!(
        first_tab.save(&mut first_view),
        Err(StorageError::ChangedElsewhere)
    );
    assert_eq!(
        first_tab.store().entries(),
        &after_second,
        "nothing was written"
    );
    assert!(
        !first_view.pending_changes().is_empty(),
        "the stale tab keeps its change"
    );
    assert_loads(
        first_tab.store(),
        &second_view,
        "the second tab's save survives",
    );
}

/// `ledger` stored as version 1 wrote it: v1 chunks, and a manifest without settings.
fn saved_as_version_one(ledger: &Ledger) -> MemoryStore {
    let mut store = saved(ledger, BUCKETS);
    for key in chunk_keys(&store).into_iter().cloned().collect::<Vec<_>>() {
        let text = store.entries()[&key].clone();
        let latest: ChunkRecords = codec::decode(&text).expect("chunk");
        let old = crate::storage::schema::v1::ChunkV1 {
            contacts: latest
                .contacts
                .iter()
                .map(crate::storage::schema::v1::freeze)
                .collect(),
            interactions: latest
                .interactions
                .iter()
                .map(crate::storage::schema::v4::freeze_interaction)
                .collect(),
            promises: latest
                .promises
                .iter()
                .map(crate::storage::schema::v4::freeze_promise)
                .collect(),
        };
        store
            .set(&key, &codec::encode_zlib(&old).expect("encode v1"))
            .expect("set");
    }
    tamper_manifest(&mut store, |manifest| {
        manifest["schema_version"] = 1.into();
        manifest.as_object_mut().expect("object").remove("settings");
    });
    store
}

/// `ledger` without what only schema version 5 records: each quality check's relationship
/// type, and each promise's day of resolution.
fn as_version_four_kept_it(ledger: &Ledger) -> Ledger {
    let mut records = ledger.to_records();
    for check in records
        .contacts
        .iter_mut()
        .flat_map(|contact| &mut contact.quality_checks)
    {
        check.relationship_type = None;
    }
    for promise in &mut records.promises {
        promise.resolved_on = None;
    }
    for interaction in &mut records.interactions {
        interaction.details.day = None;
    }
    Ledger::from_records(records).expect("the same ledger")
}

/// `store`'s chunks and patches as version 3 or 4 wrote them: records without relationship
/// types, compressed with zlib (version 3) or behind LZ4's older first byte (version 4),
/// under a manifest of that version.
fn written_as_version(store: &MemoryStore, version: u32) -> MemoryStore {
    use crate::storage::schema::{v4, PatchRecords};
    let freeze = |chunk: ChunkRecords| v4::ChunkV4 {
        contacts: chunk.contacts.iter().map(v4::freeze).collect(),
        interactions: chunk
            .interactions
            .iter()
            .map(v4::freeze_interaction)
            .collect(),
        promises: chunk.promises.iter().map(v4::freeze_promise).collect(),
    };
    let mut store = store.clone();
    for key in chunk_keys(&store).into_iter().cloned().collect::<Vec<_>>() {
        let packed = codec::unpack(&store.entries()[&key]).expect("packed");
        let bytes = codec::decompress(&packed).expect("lz4");
        // A patch has its removed contacts after the records: as a chunk, trailing bytes.
        let old = match codec::from_postcard::<ChunkRecords>(&bytes) {
            Ok(chunk) => postcard::to_allocvec(&freeze(chunk)),
            Err(_) => {
                let patch: PatchRecords = codec::from_postcard(&bytes).expect("a patch");
                postcard::to_allocvec(&v4::PatchV4 {
                    records: freeze(patch.records),
                    removed: patch.removed,
                })
            }
        }
        .expect("postcard");
        let packed = if version == 3 {
            miniz_oxide::deflate::compress_to_vec_zlib(&old, 1)
        } else {
            let mut packed = codec::compress(&old);
            packed[0] = 0x4C;
            packed
        };
        store.set(&key, &codec::pack(&packed)).expect("set");
    }
    tamper_manifest(&mut store, |manifest| {
        manifest["schema_version"] = version.into();
    });
    store
}

#[test]
fn a_version_four_store_loads_and_keeps_its_chunks_while_new_ones_record_more() {
    // Version 4 wrote the chunks, and a patch over one contact's bucket.
    let mut ledger = as_version_four_kept_it(&demo());
    let mut engine = Engine::with_buckets(MemoryStore::new(), 8);
    engine.save(&mut ledger).expect("save");
    let rated = ledger.contacts().next().expect("a contact").id;
    set_notes(&mut ledger, rated, "Edited into a patch by version 4");
    engine.save(&mut ledger).expect("save a patch");
    let patches = |store: &MemoryStore| {
        manifest(store)["patches"]
            .as_array()
            .map_or(0, |patches| patches.len())
    };
    assert_eq!(patches(engine.store()), 1);
    let version_four = written_as_version(engine.store(), 4);
    let mut engine = Engine::new(version_four.clone());
    let mut loaded = engine.load().expect("version 4 loads");
    assert_eq!(loaded, ledger);
    assert!(loaded.pending_changes().is_empty());

    // A check that says the relationship is communal is written in today's version, as a
    // second patch over the same bucket; the other buckets stay as version 4 wrote them,
    // and everything reads back.
    let check = QualityCheck {
        at: NOW,
        trust: 4,
        mutuality: 4,
        commitment: 5,
        satisfaction: 5,
        note: "They sent the data unasked".into(),
        relationship_type: Some(RelationshipType::Communal),
    };
    loaded
        .add_quality_check(rated, check.clone())
        .expect("check");
    let report = engine.save(&mut loaded).expect("save");
    assert_eq!(report.chunks_written, 1);
    assert_eq!(manifest(engine.store())["schema_version"], SCHEMA_VERSION);
    assert_eq!(
        patches(engine.store()),
        2,
        "a version 5 patch over a version 4 one"
    );
    let untouched = chunk_keys(engine.store())
        .into_iter()
        .filter(|key| version_four.entries().get(*key) == engine.store().entries().get(*key))
        .count();
    assert!(untouched > 0, "version 4 chunks are kept as they are");
    let reloaded = load(engine.store()).expect("reload");
    assert_eq!(reloaded, loaded);
    let last = reloaded
        .contact(rated)
        .expect("rated")
        .quality_checks
        .last();
    assert_eq!(last, Some(&check));
}

#[test]
fn a_version_one_store_loads_and_is_rewritten_in_the_latest_version() {
    let mut records = as_version_four_kept_it(&demo()).to_records();
    records.settings = LedgerSettings::default();
    for contact in &mut records.contacts {
        contact.profile.custom_fields.clear();
    }
    let ledger = Ledger::from_records(records).expect("ledger without v2 data");
    let store = saved_as_version_one(&ledger);

    let mut engine = Engine::new(store);
    let mut loaded = engine.load().expect("v1 loads");
    assert_eq!(loaded, ledger);
    assert!(
        loaded.pending_changes().everything,
        "an older version is rewritten in full at the next save"
    );
    let report = engine.save(&mut loaded).expect("save");
    settle(&mut engine);
    assert_eq!(report.chunks_written, chunk_keys(engine.store()).len());
    assert_eq!(manifest(engine.store())["schema_version"], SCHEMA_VERSION);
    assert_eq!(load(engine.store()).expect("reload"), ledger);
}

#[test]
fn a_version_three_store_with_patches_loads_and_keeps_its_chunks_until_they_change() {
    let mut ledger = as_version_four_kept_it(&demo());
    let mut engine = Engine::with_buckets(MemoryStore::new(), 4);
    engine.save(&mut ledger).expect("save");
    let mut ids = ledger.contacts().map(|contact| contact.id);
    let (patched, edited_later) = (ids.next().expect("contact"), ids.last().expect("another"));
    set_notes(&mut ledger, patched, "Edited into a patch");
    engine.save(&mut ledger).expect("save a patch");
    assert!(manifest(engine.store()).get("patches").is_some());

    // Version 3 wrote the records of version 4, compressed with zlib.
    let store = written_as_version(engine.store(), 3);
    let version_three = store.clone();

    let mut engine = Engine::new(store);
    let mut loaded = engine.load().expect("version 3 loads");
    assert_eq!(loaded, ledger);
    assert!(
        loaded.pending_changes().is_empty(),
        "nothing is rewritten just for the new version"
    );

    // The next change writes today's manifest; the other zlib chunks stay and still read.
    let mut profile = loaded
        .contact(edited_later)
        .expect("contact")
        .profile
        .clone();
    profile.notes = "Edited after the upgrade".into();
    loaded
        .update_profile(edited_later, profile, NOW)
        .expect("edit");
    let report = engine.save(&mut loaded).expect("save");
    assert_eq!(report.chunks_written, 1);
    assert_eq!(manifest(engine.store())["schema_version"], SCHEMA_VERSION);
    let untouched = chunk_keys(engine.store())
        .into_iter()
        .filter(|key| version_three.entries().get(*key) == engine.store().entries().get(*key))
        .count();
    assert!(untouched > 0, "zlib chunks are kept as they are");
    assert_loads(engine.store(), &loaded, "reload in the latest version");
}

#[test]
fn a_settings_change_rewrites_only_the_manifest() {
    let mut ledger = demo();
    let mut engine = Engine::new(saved(&ledger, BUCKETS));
    ledger = engine.load().expect("load");
    ledger
        .set_tag_cadence("Berlin", Some(45))
        .expect("tag cadence");
    let report = engine.save(&mut ledger).expect("save");
    assert_eq!(report.chunks_written, 0);
    assert!(report.units_written > 0, "the manifest was written");
    let reloaded = load(engine.store()).expect("reload");
    assert_eq!(reloaded.settings().tag_cadence("berlin"), Some(45));
    assert_eq!(reloaded, ledger);
}

/// The demo ledger saved over few buckets, with the chunk holding `victim` damaged.
fn damaged_store(victim: impl Fn(&Ledger) -> ContactId) -> (Ledger, MemoryStore, String, u32) {
    let buckets = 8;
    let ledger = demo();
    let mut store = saved(&ledger, buckets);
    let bucket = bucket_of(victim(&ledger), buckets);
    let key = chunk_keys(&store)
        .into_iter()
        .find(|key| key.starts_with(&format!("{CHUNK_PREFIX}{bucket}.")))
        .expect("the victim's chunk")
        .clone();
    store.set(&key, "Anot a chunk").expect("set");
    (ledger, store, key, buckets)
}

#[test]
fn a_damaged_patch_leaves_its_contact_as_the_bucket_last_held_it() {
    let mut ledger = demo();
    let mut engine = Engine::with_buckets(MemoryStore::new(), 4);
    engine.save(&mut ledger).expect("save");
    let before_edit = ledger.clone();
    let id = ledger.contacts().next().expect("contact").id;
    set_notes(&mut ledger, id, "Edited after the chunk was written");
    engine.save(&mut ledger).expect("save a patch");
    let patch_key = manifest(engine.store())["patches"][0].clone();
    let key = format!("{CHUNK_PREFIX}{}.{}", patch_key[0], patch_key[1]);
    let mut store = engine.store().clone();
    store.set(&key, "Anot a patch").expect("damage");

    let salvaged = Engine::with_buckets(store, 4)
        .load_salvaging()
        .expect("salvaged");
    assert_eq!(salvaged.damaged.len(), 1);
    assert_eq!(salvaged.damaged[0].key, key);
    assert_eq!(salvaged.damaged[0].contacts, 1);
    assert_eq!(
        salvaged.ledger, before_edit,
        "the contact as its bucket's chunk holds it"
    );
}

#[test]
fn a_damaged_patch_that_broke_a_membership_loads_without_the_membership() {
    let buckets = 4;
    let mut ledger = demo();
    let mut engine = Engine::with_buckets(MemoryStore::new(), buckets);
    engine.save(&mut ledger).expect("save");
    let people: Vec<ContactId> = ledger
        .contacts()
        .filter(|contact| {
            contact.profile.kind == ContactKind::Person
                && contact.profile.organization.is_none()
                && ledger.members_of(contact.id).is_empty()
        })
        .map(|contact| contact.id)
        .collect();
    let (new_organization, joiner) = people
        .iter()
        .flat_map(|&a| people.iter().map(move |&b| (a, b)))
        .find(|&(a, b)| bucket_of(a, buckets) != bucket_of(b, buckets))
        .expect("two unattached people in different buckets");

    // The first patch turns a person into an organization, the second has someone join it.
    let mut profile = ledger
        .contact(new_organization)
        .expect("contact")
        .profile
        .clone();
    profile.kind = ContactKind::Organization;
    ledger
        .update_profile(new_organization, profile, NOW)
        .expect("now an organization");
    engine.save(&mut ledger).expect("first patch");
    let mut profile = ledger.contact(joiner).expect("contact").profile.clone();
    profile.organization = Some(new_organization);
    ledger.update_profile(joiner, profile, NOW).expect("joins");
    engine.save(&mut ledger).expect("second patch");
    let patches = manifest(engine.store())["patches"].clone();
    let first = patches
        .as_array()
        .expect("patches")
        .iter()
        .find(|row| row[0] == bucket_of(new_organization, buckets))
        .expect("the first patch")
        .clone();
    let key = format!("{CHUNK_PREFIX}{}.{}", first[0], first[1]);
    let mut store = engine.store().clone();
    store.set(&key, "Anot a patch").expect("damage");

    let salvaged = Engine::with_buckets(store, buckets)
        .load_salvaging()
        .expect("salvaged, not refused as inconsistent");
    assert_eq!(salvaged.damaged.len(), 1);
    assert_eq!(salvaged.damaged[0].kind, DamageKind::UnreadablePatch);
    assert!(salvaged.damaged[0]
        .missing()
        .starts_with("the latest changes to 1 contact"));
    let reverted = salvaged
        .ledger
        .contact(new_organization)
        .expect("still there");
    assert_eq!(reverted.profile.kind, ContactKind::Person);
    let joined = salvaged.ledger.contact(joiner).expect("still there");
    assert_eq!(
        joined.profile.organization, None,
        "the broken link is dropped"
    );
    assert_eq!(
        joined.profile.notes,
        ledger.contact(joiner).expect("c").profile.notes
    );
}

#[test]
fn a_damaged_chunk_loads_everything_else_and_names_what_is_missing() {
    let (ledger, store, key, buckets) =
        damaged_store(|ledger| ledger.contacts().next().expect("contact").id);
    let before = store.clone();
    let mut engine = Engine::with_buckets(store, buckets);
    let Salvaged {
        ledger: loaded,
        damaged,
    } = engine.load_salvaging().expect("salvaged");

    assert_eq!(damaged.len(), 1);
    assert_eq!(damaged[0].key, key);
    let bucket: Option<u32> = key
        .trim_start_matches(CHUNK_PREFIX)
        .split('.')
        .next()
        .and_then(|bucket| bucket.parse().ok());
    let lost: Vec<ContactId> = ledger
        .contacts()
        .map(|contact| contact.id)
        .filter(|&id| Some(bucket_of(id, buckets)) == bucket)
        .collect();
    assert_eq!(damaged[0].contacts, lost.len());
    assert_eq!(
        loaded.counts().contacts,
        ledger.counts().contacts - lost.len()
    );
    assert!(damaged[0]
        .missing()
        .contains(&format!("{} contact", lost.len())));
    for contact in loaded.contacts() {
        assert_eq!(
            ledger.contact(contact.id).map(|c| &c.journey),
            Some(&contact.journey)
        );
    }

    // Saving is refused while the damage is unanswered, and nothing is written.
    let mut edited = loaded.clone();
    let id = edited.contacts().next().expect("contact").id;
    edited
        .snooze(id, NOW.date_utc().succ_opt(), NOW)
        .expect("snooze");
    assert!(matches!(
        engine.save(&mut edited),
        Err(StorageError::CorruptChunk { .. })
    ));
    assert_eq!(engine.store().entries(), before.entries());
}

#[test]
fn continuing_without_the_damaged_part_keeps_its_text_and_saves_the_rest() {
    let (_, store, key, buckets) =
        damaged_store(|ledger| ledger.contacts().next().expect("contact").id);
    let damaged_text = store.entries()[&key].clone();
    let mut engine = Engine::with_buckets(store, buckets);
    let mut salvaged = engine.load_salvaging().expect("salvaged").ledger;
    engine
        .continue_without_damaged(&mut salvaged)
        .expect("continue");
    assert_eq!(
        engine.store().entries().get(&damaged_copy_key(&key)),
        Some(&damaged_text),
        "the unreadable text is kept, never deleted"
    );

    let mut reopened = Engine::new(engine.store().clone());
    assert_eq!(reopened.load().expect("loads cleanly"), salvaged);
    assert!(
        reopened
            .store()
            .entries()
            .contains_key(&damaged_copy_key(&key)),
        "the load's sweep leaves the kept copy alone"
    );
}

#[test]
fn continuing_fails_plainly_when_the_copy_does_not_fit() {
    let (_, store, key, buckets) =
        damaged_store(|ledger| ledger.contacts().next().expect("contact").id);
    let mut full = MemoryStore::with_quota(store.units_used() + 3);
    for (stored_key, text) in store.entries() {
        full.set(stored_key, text).expect("copy");
    }
    let before = full.clone();
    let mut engine = Engine::with_buckets(full, buckets);
    let mut salvaged = engine.load_salvaging().expect("salvaged").ledger;
    assert_eq!(
        engine.continue_without_damaged(&mut salvaged),
        Err(StorageError::QuotaExceeded)
    );
    assert_eq!(engine.store().entries(), before.entries());
    assert!(matches!(
        engine.save(&mut salvaged),
        Err(StorageError::CorruptChunk { key: named, .. }) if named == key
    ));
}

#[test]
fn continuing_waits_when_another_tab_saved_since_the_damage_was_found() {
    let (_, store, key, buckets) =
        damaged_store(|ledger| ledger.contacts().next().expect("contact").id);
    let mut engine = Engine::with_buckets(store, buckets);
    let mut salvaged = engine.load_salvaging().expect("salvaged").ledger;

    // Another tab commits: the same records, a manifest written anew.
    let manifest = engine.store().entries()[MANIFEST_KEY].clone();
    engine
        .store_mut()
        .set(MANIFEST_KEY, &format!("{manifest} "))
        .expect("set");
    let before = engine.store().clone();
    assert_eq!(
        engine.continue_without_damaged(&mut salvaged),
        Err(StorageError::ChangedElsewhere)
    );
    assert_eq!(
        engine.store().entries(),
        before.entries(),
        "nothing is written over the other tab's save"
    );
    assert!(
        matches!(
            engine.save(&mut salvaged),
            Err(StorageError::CorruptChunk { key: named, .. }) if named == key
        ),
        "saving still waits for a decision on the damage"
    );

    // Read again, the damage is found again and going on works.
    let mut reread = Engine::with_buckets(engine.store().clone(), buckets);
    let mut salvaged = reread.load_salvaging().expect("salvaged").ledger;
    reread
        .continue_without_damaged(&mut salvaged)
        .expect("continue");
    assert!(reread
        .store()
        .entries()
        .contains_key(&damaged_copy_key(&key)));
}

#[test]
fn people_of_an_organization_lost_with_a_chunk_load_without_it() {
    let (ledger, store, _, buckets) = damaged_store(|ledger| {
        ledger
            .contacts()
            .find(|contact| !ledger.members_of(contact.id).is_empty())
            .expect("an organization with people")
            .id
    });
    let mut engine = Engine::with_buckets(store, buckets);
    let salvaged = engine.load_salvaging().expect("salvaged");
    let orphaned = salvaged
        .ledger
        .contacts()
        .filter(|contact| {
            ledger
                .contact(contact.id)
                .and_then(|original| original.profile.organization)
                .is_some_and(|org| salvaged.ledger.contact(org).is_none())
        })
        .count();
    assert!(
        orphaned > 0,
        "some people belonged to the lost organization"
    );
    assert!(salvaged.ledger.contacts().all(|contact| contact
        .profile
        .organization
        .is_none_or(|org| salvaged.ledger.contact(org).is_some())));
}

#[test]
fn two_tabs_saving_in_turn_keep_both_changes() {
    let start = demo();
    let store = saved(&start, BUCKETS);
    // Two tabs over one storage: each has its own engine, as each tab has its own memory.
    let mut tab_a = Engine::new(store);
    let mut ledger_a = tab_a.load().expect("tab a loads");
    let mut tab_b = Engine::new(tab_a.store().clone());
    let mut ledger_b = tab_b.load().expect("tab b loads");

    let mut ids = start.contacts().map(|contact| contact.id);
    let (first, second, gone) = (
        ids.next().expect("a"),
        ids.next().expect("b"),
        ids.next().expect("c"),
    );
    let rename = |ledger: &mut Ledger, id: ContactId, name: &str| {
        let mut profile = ledger.contact(id).expect("contact").profile.clone();
        profile.name = name.into();
        ledger.update_profile(id, profile, NOW).expect("rename");
    };
    rename(&mut ledger_a, first, "Renamed in A");
    ledger_a.delete_contact(gone, NOW).expect("delete in A");
    let (_, rebased) = tab_a.save_rebasing(&mut ledger_a).expect("a saves");
    assert!(rebased.is_none());

    // Tab B has not heard of A's save: its plain save is refused, the rebasing one combines.
    *tab_b.store_mut() = tab_a.store().clone();
    rename(&mut ledger_b, second, "Renamed in B");
    let mut refused = ledger_b.clone();
    assert_eq!(
        tab_b.save(&mut refused),
        Err(StorageError::ChangedElsewhere)
    );
    let (_, rebased) = tab_b.save_rebasing(&mut ledger_b).expect("b saves");
    assert!(rebased.is_some());

    let stored = load(tab_b.store()).expect("reload");
    assert_eq!(stored, ledger_b);
    let name = |id| stored.contact(id).map(|c| c.profile.name.clone());
    assert_eq!(name(first).as_deref(), Some("Renamed in A"));
    assert_eq!(name(second).as_deref(), Some("Renamed in B"));
    assert_eq!(name(gone), None, "A's deletion is not undone by B");
    assert_eq!(stored.counts().contacts, start.counts().contacts - 1);
}

#[test]
fn a_merge_saved_after_another_tabs_save_keeps_what_that_tab_added() {
    let start = demo();
    let store = saved(&start, BUCKETS);
    let mut tab_a = Engine::new(store);
    let before = tab_a.load().expect("tab a loads");
    let mut tab_b = Engine::new(tab_a.store().clone());
    let mut ledger_b = tab_b.load().expect("tab b loads");

    // Tab A merges a file; its save is refused (say storage was full), so it waits.
    let file = generate(8, SampleSize::DEMO, NOW);
    let mut merged = crate::domain::merge::merge(&before, &file).expect("merge");
    merged.mark_changed_since(&before);
    let pending = merged.pending_changes();
    assert!(!pending.everything, "a merge is not a replacement");
    assert_eq!(
        pending.contacts.len(),
        file.counts().contacts,
        "the file's contacts, only"
    );
    assert!(pending.erased.is_empty(), "a merge removes nothing");
    // An edit not saved before the merge stays pending.
    let mut unsaved = before.clone();
    let edited = unsaved.contacts().next().expect("a contact").id;
    let mut profile = unsaved.contact(edited).expect("contact").profile.clone();
    profile.notes = "Not saved yet".into();
    unsaved.update_profile(edited, profile, NOW).expect("edit");
    let mut merged_over_unsaved = crate::domain::merge::merge(&unsaved, &file).expect("merge");
    merged_over_unsaved.mark_changed_since(&unsaved);
    assert!(merged_over_unsaved
        .pending_changes()
        .contacts
        .contains(&edited));

    // Meanwhile tab B adds a contact and saves.
    let bob = ledger_b
        .add_contact(
            ContactId::new(NOW, 77),
            ContactProfile::named("Bob from tab B", ContactKind::Person),
            Stage::Connection,
            NOW,
        )
        .expect("add");
    tab_b.save(&mut ledger_b).expect("b saves");
    *tab_a.store_mut() = tab_b.store().clone();

    let (_, rebased) = tab_a.save_rebasing(&mut merged).expect("a saves");
    assert!(rebased.is_some());
    let stored = load(tab_a.store()).expect("reload");
    assert!(
        stored.contact(bob).is_some(),
        "B's contact survives A's merge"
    );
    assert_eq!(
        stored.counts().contacts,
        start.counts().contacts + file.counts().contacts + 1
    );
}

#[test]
fn a_key_listed_again_gets_its_whole_grace_when_it_is_replaced() {
    let ledger = demo();
    let store = saved(&ledger, BUCKETS);
    let id = ledger.contacts().next().expect("a contact").id;
    let with_notes = |ledger: &mut Ledger, notes: &str| {
        let mut profile = ledger.contact(id).expect("contact").profile.clone();
        profile.notes = notes.into();
        ledger.update_profile(id, profile, NOW).expect("edit");
    };
    // Tab A writes its chunk for the contact; tab B loads before A's manifest arrives.
    let mut tab_a = engine_at(store.clone(), 0);
    let mut ledger_a = tab_a.load().expect("a loads");
    with_notes(&mut ledger_a, "From tab A");
    let before: Vec<String> = chunk_keys(tab_a.store()).into_iter().cloned().collect();
    tab_a.save(&mut ledger_a).expect("a saves");
    let written: Vec<String> = chunk_keys(tab_a.store())
        .into_iter()
        .filter(|key| !before.contains(key))
        .cloned()
        .collect();
    assert_eq!(written.len(), 1, "one chunk or patch for one contact");
    let a_key = written[0].clone();
    let manifest_a = tab_a
        .store()
        .get(MANIFEST_KEY)
        .expect("get")
        .expect("manifest");
    let mut tab_b = engine_at(store, 0);
    let text = tab_a.store().get(&a_key).expect("get").expect("chunk");
    tab_b
        .store_mut()
        .set(&a_key, &text)
        .expect("a's chunk arrives");
    tab_b.load().expect("b loads, a's chunk not listed yet");
    // A's manifest arrives; B reads it, then replaces A's chunk with its own edit.
    tab_b
        .store_mut()
        .set(MANIFEST_KEY, &manifest_a)
        .expect("a commits");
    TEST_NOW.with(|now| now.set(1_000));
    let mut ledger_b = tab_b.load().expect("b reads a's save");
    TEST_NOW.with(|now| now.set(SWEEP_GRACE_MS - 100));
    with_notes(&mut ledger_b, "From tab B");
    tab_b.save(&mut ledger_b).expect("b saves");
    // Just after the first grace would have ended, A's chunk is still there.
    TEST_NOW.with(|now| now.set(SWEEP_GRACE_MS));
    tab_b.sweep_due();
    assert!(
        tab_b.store().get(&a_key).expect("get").is_some(),
        "a whole grace from its replacement"
    );
    TEST_NOW.with(|now| now.set(2 * SWEEP_GRACE_MS - 100));
    tab_b.sweep_due();
    assert_eq!(tab_b.store().get(&a_key), Ok(None));
    assert_loads(tab_b.store(), &ledger_b, "reload");
}

#[test]
fn nothing_is_swept_while_another_tabs_manifest_has_replaced_this_one() {
    let mut ledger = demo();
    let mut engine = engine_at(MemoryStore::new(), 0);
    engine.save(&mut ledger).expect("save");
    let id = ledger.contacts().next().expect("a contact").id;
    ledger.delete_contact(id, NOW).expect("delete");
    engine.save(&mut ledger).expect("save");
    let listed = |engine: &Engine<MemoryStore>| {
        let manifest = manifest(engine.store());
        ["chunks", "patches"]
            .iter()
            .map(|list| manifest[list].as_array().map_or(0, Vec::len))
            .sum::<usize>()
    };
    let stored = chunk_keys(engine.store()).len();
    assert!(
        stored > listed(&engine),
        "the replaced chunk waits out its grace"
    );
    // Another tab writes a manifest of its own (here: the same one, reformatted).
    let ours = engine
        .store()
        .get(MANIFEST_KEY)
        .expect("get")
        .expect("manifest");
    engine
        .store_mut()
        .set(MANIFEST_KEY, &format!("{ours} "))
        .expect("another tab commits");
    TEST_NOW.with(|now| now.set(2 * SWEEP_GRACE_MS));
    engine.sweep_due();
    assert_eq!(
        chunk_keys(engine.store()).len(),
        stored,
        "the next load looks again"
    );
    engine
        .store_mut()
        .set(MANIFEST_KEY, &ours)
        .expect("ours again");
    engine.sweep_due();
    assert_eq!(chunk_keys(engine.store()).len(), listed(&engine));
}

#[test]
fn two_tabs_saving_the_same_bucket_in_the_same_instant_never_overwrite_each_others_chunk() {
    let ledger = demo();
    let store = saved(&ledger, BUCKETS);
    let id = ledger.contacts().next().expect("a contact").id;
    // Each tab edits the same contact, from the same save, before seeing the other's.
    let save_in_tab = |notes: &str, step: fn() -> u64| {
        let mut tab = Engine::new(store.clone());
        tab.step = step;
        let mut ledger = tab.load().expect("load");
        let mut profile = ledger.contact(id).expect("contact").profile.clone();
        profile.notes = notes.into();
        ledger.update_profile(id, profile, NOW).expect("edit");
        tab.save(&mut ledger).expect("save");
        let written: Vec<(String, String)> = tab
            .store()
            .entries()
            .iter()
            .filter(|(key, text)| store.entries().get(*key) != Some(*text))
            .map(|(key, text)| (key.clone(), text.clone()))
            .collect();
        (ledger, written)
    };
    let (ledger_a, written_a) = save_in_tab("From tab A", || 1);
    let (_, written_b) = save_in_tab("From tab B", || 2);
    // A's chunk, then B's chunk and manifest, then A's manifest: A's commit is the last.
    let mut interleaved = store.clone();
    for (key, text) in written_a.iter().filter(|(key, _)| key != MANIFEST_KEY) {
        interleaved.set(key, text).expect("a's chunk");
    }
    for (key, text) in &written_b {
        interleaved.set(key, text).expect("b's writes");
    }
    let manifest_a = &written_a
        .iter()
        .find(|(key, _)| key == MANIFEST_KEY)
        .expect("a's manifest")
        .1;
    interleaved
        .set(MANIFEST_KEY, manifest_a)
        .expect("a's manifest");
    assert!(
        load(&interleaved) == Ok(ledger_a),
        "A's save loads whole: B's chunk went under its own key"
    );
}

/// Two tabs over copies of one store, each loaded.
fn two_tabs(store: &MemoryStore) -> ((Engine<MemoryStore>, Ledger), (Engine<MemoryStore>, Ledger)) {
    let mut tab_a = engine_at(store.clone(), 0);
    let ledger_a = tab_a.load().expect("a loads");
    let mut tab_b = Engine::new(store.clone());
    tab_b.clock = test_clock;
    let ledger_b = tab_b.load().expect("b loads");
    ((tab_a, ledger_a), (tab_b, ledger_b))
}

#[test]
fn a_rebase_that_fails_leaves_the_tab_knowing_it_is_stale() {
    let start = demo();
    let store = saved(&start, 8);
    let ((mut tab_a, mut ledger_a), (mut tab_b, mut ledger_b)) = two_tabs(&store);
    let mut people = start
        .contacts()
        .filter(|contact| !contact.is_organization())
        .map(|contact| contact.id);
    let (in_a, in_b) = (people.next().expect("a"), people.next().expect("b"));
    // Tab A defines a custom field and gives a contact a value in it.
    let field = ledger_a
        .define_field(
            crate::domain::FieldId::new(NOW, 987_654_321),
            "Beat",
            crate::domain::FieldKind::Text,
            Vec::new(),
        )
        .expect("field");
    let mut profile = ledger_a.contact(in_a).expect("contact").profile.clone();
    profile.custom_fields.insert(field, "Climate".into());
    ledger_a.update_profile(in_a, profile, NOW).expect("value");
    tab_a.save(&mut ledger_a).expect("a saves");

    // Tab B, stale, edits another contact; its rebase's save fails (storage broke).
    *tab_b.store_mut() = tab_a.store().clone();
    set_notes(&mut ledger_b, in_b, "Written in tab B");
    tab_b.store_mut().fail_at_write(0, FailureMode::FromThenOn);
    assert!(tab_b.save_rebasing(&mut ledger_b).is_err());
    tab_b.store_mut().heal();
    // The last try as the page goes is a plain save: it must not write B's stale ledger.
    let mut retried = ledger_b.clone();
    assert_eq!(
        tab_b.save(&mut retried),
        Err(StorageError::ChangedElsewhere)
    );
    let stored = load(tab_b.store()).expect("A's save still loads");
    assert_eq!(
        stored
            .contact(in_a)
            .expect("a")
            .profile
            .custom_fields
            .get(&field),
        Some(&"Climate".to_owned())
    );
    // The next rebasing save combines both.
    let (_, rebased) = tab_b.save_rebasing(&mut ledger_b).expect("b saves");
    assert!(rebased.is_some());
    let stored = load(tab_b.store()).expect("both load");
    assert!(stored.settings().field(field).is_some());
    assert_eq!(
        stored.contact(in_b).expect("b").profile.notes,
        "Written in tab B"
    );
}

/// What `tab` wrote over `before`: every key whose text changed.
pub(super) fn writes_over(
    tab: &Engine<MemoryStore>,
    before: &MemoryStore,
) -> Vec<(String, String)> {
    tab.store()
        .entries()
        .iter()
        .filter(|(key, text)| before.entries().get(*key) != Some(*text))
        .map(|(key, text)| (key.clone(), text.clone()))
        .collect()
}

/// How far a tab's save moves the generation on.
type GenerationStep = fn() -> u64;

/// Two tabs that committed in the same instant, over one store.
struct Collision {
    tab_a: Engine<MemoryStore>,
    ledger_a: Ledger,
    tab_b: Engine<MemoryStore>,
    ledger_b: Ledger,
    /// What A logged, in the save B's manifest replaced.
    logged: InteractionId,
    /// Whose notes B wrote.
    in_b: ContactId,
}

/// From the demo's store, A logs an interaction and B writes `b_notes`; both check that
/// storage is unchanged, then both commit, each reporting its save done (with generation
/// steps `steps`). A's writes land first, B's after: B's manifest is the one that stays, and
/// both tabs see that store.
fn colliding_commits(steps: (GenerationStep, GenerationStep), b_notes: &str) -> Collision {
    let start = demo();
    let store = saved(&start, BUCKETS);
    let ((mut tab_a, mut ledger_a), (mut tab_b, mut ledger_b)) = two_tabs(&store);
    (tab_a.step, tab_b.step) = steps;
    let mut people = start
        .contacts()
        .filter(|contact| !contact.is_organization())
        .map(|contact| contact.id);
    let (in_a, in_b) = (people.next().expect("a"), people.next().expect("b"));
    let logged = ledger_a
        .log_interaction(InteractionId::new(NOW, 5), in_a, note("logged in A"), NOW)
        .expect("log");
    set_notes(&mut ledger_b, in_b, b_notes);
    tab_a.save(&mut ledger_a).expect("a saves");
    tab_b.save(&mut ledger_b).expect("b saves");
    let mut shared = store.clone();
    for (key, text) in writes_over(&tab_a, &store)
        .into_iter()
        .chain(writes_over(&tab_b, &store))
    {
        shared.set(&key, &text).expect("write");
    }
    *tab_a.store_mut() = shared.clone();
    *tab_b.store_mut() = shared;
    Collision {
        tab_a,
        ledger_a,
        tab_b,
        ledger_b,
        logged,
        in_b,
    }
}

#[test]
fn a_save_lost_to_another_tab_committing_in_the_same_instant_is_put_back_on_top() {
    let Collision {
        mut tab_a,
        mut ledger_a,
        mut tab_b,
        mut ledger_b,
        logged,
        in_b,
    } = colliding_commits((|| 1, || 2), "Written in tab B");
    let lost = load(tab_a.store()).expect("loads");
    assert!(lost.interaction(logged).is_none(), "A's save was replaced");

    // A hears of B's manifest: it sees its own save is not under it, and puts it back.
    let refreshed = tab_a.refresh(&mut ledger_a).expect("refresh");
    assert!(matches!(refreshed, Refreshed::Rebased(_)), "{refreshed:?}");
    let stored = load(tab_a.store()).expect("loads");
    assert!(stored.interaction(logged).is_some(), "A's change is back");
    assert_eq!(
        stored.contact(in_b).expect("b").profile.notes,
        "Written in tab B"
    );
    assert_eq!(stored, ledger_a);
    // B follows: nothing is unsaved there.
    *tab_b.store_mut() = tab_a.store().clone();
    let followed = tab_b.refresh(&mut ledger_b).expect("refresh");
    assert!(matches!(followed, Refreshed::Followed(_)), "{followed:?}");
    assert_eq!(ledger_b, stored);
}

#[test]
fn a_save_another_tab_built_on_is_never_put_back() {
    let start = demo();
    let store = saved(&start, BUCKETS);
    let ((mut tab_a, mut ledger_a), (mut tab_b, _)) = two_tabs(&store);
    let who = start.contacts().next().expect("a contact").id;
    set_notes(&mut ledger_a, who, "From A");
    tab_a.save(&mut ledger_a).expect("a saves");
    // B reads A's save and overwrites the same field after it.
    *tab_b.store_mut() = tab_a.store().clone();
    let mut ledger_b = tab_b.load().expect("b reads a's save");
    set_notes(&mut ledger_b, who, "From B, later");
    tab_b.save(&mut ledger_b).expect("b saves");
    *tab_a.store_mut() = tab_b.store().clone();
    let refreshed = tab_a.refresh(&mut ledger_a).expect("refresh");
    assert!(matches!(refreshed, Refreshed::Followed(_)), "{refreshed:?}");
    assert_eq!(
        ledger_a.contact(who).expect("contact").profile.notes,
        "From B, later"
    );
    assert_loads(tab_a.store(), &ledger_b, "B's edit stays");
}

#[test]
fn an_erase_in_another_tab_is_final_in_this_one_too() {
    let start = demo();
    let store = saved(&start, BUCKETS);
    let ((mut tab_a, _), (mut tab_b, mut ledger_b)) = two_tabs(&store);
    tab_a.erase_everything().expect("a erases");
    // Tab B has not heard of it: its next save is refused, and writes nothing back.
    *tab_b.store_mut() = tab_a.store().clone();
    set_notes(
        &mut ledger_b,
        start.contacts().next().expect("a contact").id,
        "Written in tab B",
    );
    assert_eq!(
        tab_b.save_rebasing(&mut ledger_b).map(|_| ()),
        Err(StorageError::Erased)
    );
    assert_eq!(
        tab_b.store().get(MANIFEST_KEY),
        Ok(None),
        "nothing written back"
    );
    // When B looks again, it shows the empty ledger, and goes on from there.
    let refreshed = tab_b.refresh(&mut ledger_b).expect("refresh");
    assert!(matches!(refreshed, Refreshed::Erased), "{refreshed:?}");
    assert!(ledger_b.is_empty());
    let id = ledger_b
        .add_contact(
            ContactId::new(NOW, 5),
            ContactProfile::named("After the erase", ContactKind::Person),
            Stage::Target,
            NOW,
        )
        .expect("add");
    tab_b.save_rebasing(&mut ledger_b).expect("b saves anew");
    let stored = load(tab_b.store()).expect("loads");
    assert_eq!(stored.counts().contacts, 1);
    assert!(stored.contact(id).is_some());
}

#[test]
fn a_store_that_cannot_be_read_is_never_written_over_and_can_be_dumped_and_erased() {
    let ledger = demo();
    let mut store = saved(&ledger, BUCKETS);
    // Settings that fail their own checks (a custom field listed twice): every contact
    // depends on them, so nothing can be loaded on its own.
    tamper_manifest(&mut store, |manifest| {
        let fields = manifest["settings"]["fields"]
            .as_array_mut()
            .expect("fields");
        let first = fields.first().cloned().expect("a custom field");
        fields.push(first);
    });
    let before = store.clone();
    let mut engine = Engine::new(store);
    assert!(matches!(
        engine.load_salvaging(),
        Err(StorageError::Inconsistent(_))
    ));
    // What the tab shows is empty; saving it would replace the person's ledger.
    let mut shown = Ledger::new();
    shown
        .add_contact(
            ContactId::new(NOW, 3),
            ContactProfile::named("Typed after the failure", ContactKind::Person),
            Stage::Target,
            NOW,
        )
        .expect("add");
    assert!(matches!(
        engine.save(&mut shown),
        Err(StorageError::Inconsistent(_))
    ));
    assert!(matches!(
        engine.save_rebasing(&mut shown),
        Err(StorageError::Inconsistent(_))
    ));
    assert_eq!(engine.store(), &before, "nothing written");
    // The way out: every key as stored, then an erase, after which saving works.
    let dump: serde_json::Value =
        serde_json::from_str(&engine.raw_dump().expect("dump")).expect("JSON");
    assert_eq!(
        dump["entries"].as_object().expect("entries").len(),
        before.entries().len()
    );
    engine.erase_everything().expect("erase");
    engine.save(&mut shown).expect("saves after the erase");
    assert_loads(engine.store(), &shown, "reload");
}

#[test]
fn a_lost_save_is_put_back_even_after_many_saves_elsewhere() {
    let Collision {
        mut tab_a,
        mut ledger_a,
        mut tab_b,
        mut ledger_b,
        logged,
        in_b,
    } = colliding_commits((|| 5, || 1), "B 0");
    // B saves on, past what a lineage lists, while A sleeps.
    for n in 1..=70 {
        set_notes(&mut ledger_b, in_b, &format!("B {n}"));
        tab_b.save(&mut ledger_b).expect("b saves");
    }
    TEST_NOW.with(|now| now.set(now.get() + SWEEP_GRACE_MS + 1));
    *tab_a.store_mut() = tab_b.store().clone();
    let refreshed = tab_a.refresh(&mut ledger_a).expect("refresh");
    assert!(matches!(refreshed, Refreshed::Rebased(_)), "{refreshed:?}");
    let stored = load(tab_a.store()).expect("loads");
    assert!(stored.interaction(logged).is_some(), "A's change is back");
    assert_eq!(stored.contact(in_b).expect("b").profile.notes, "B 70");
}

#[test]
fn an_erase_is_final_even_when_its_removals_arrive_before_the_rest() {
    let start = demo();
    let store = saved(&start, BUCKETS);
    let ((mut tab_a, _), (mut tab_b, mut ledger_b)) = two_tabs(&store);
    set_notes(
        &mut ledger_b,
        start.contacts().next().expect("a contact").id,
        "unsaved in B",
    );
    tab_a.erase_everything().expect("a erases");
    // B sees the marker, then only part of the removals, when it looks again.
    let mut view = store.clone();
    let marker = tab_a.store().get(ERASED_KEY).expect("get").expect("marker");
    view.set(ERASED_KEY, &marker).expect("marker arrives first");
    view.remove(MANIFEST_KEY).expect("the manifest goes");
    *tab_b.store_mut() = view;
    let refreshed = tab_b.refresh(&mut ledger_b).expect("refresh");
    assert!(matches!(refreshed, Refreshed::Erased), "{refreshed:?}");
    assert!(ledger_b.is_empty());
    assert_eq!(
        tab_b.store().get(MANIFEST_KEY),
        Ok(None),
        "nothing written back"
    );
}

/// The demo saved over 8 buckets, then the manifest's settings lose the custom field the
/// fewest contacts use: those contacts no longer fit. Returns the store and their ids.
fn store_with_contacts_that_do_not_fit() -> (MemoryStore, Vec<ContactId>) {
    let ledger = demo();
    let mut store = saved(&ledger, 8);
    let users = |field: FieldId| -> Vec<ContactId> {
        ledger
            .contacts()
            .filter(|contact| contact.profile.custom_fields.contains_key(&field))
            .map(|contact| contact.id)
            .collect()
    };
    let field = ledger
        .settings()
        .fields
        .iter()
        .map(|field| field.id)
        .filter(|&field| !users(field).is_empty())
        .min_by_key(|&field| users(field).len())
        .expect("a custom field in use");
    let field_json = serde_json::to_value(field).expect("id");
    tamper_manifest(&mut store, |manifest| {
        let fields = manifest["settings"]["fields"]
            .as_array_mut()
            .expect("fields");
        fields.retain(|definition| definition["id"] != field_json);
    });
    (store, users(field))
}

#[test]
fn a_record_that_does_not_fit_is_set_aside_and_the_rest_loads() {
    let (store, misfits) = store_with_contacts_that_do_not_fit();
    let before = store.clone();
    let everyone = load_salvaging_counts(&saved(&demo(), 8));
    let mut engine = Engine::with_buckets(store, 8);
    let salvaged = engine.load_salvaging().expect("the rest loads");

    for id in &misfits {
        assert!(salvaged.ledger.contact(*id).is_none());
    }
    assert_eq!(
        salvaged.ledger.counts().contacts,
        everyone.contacts - misfits.len()
    );
    assert!(!salvaged.damaged.is_empty());
    assert!(salvaged
        .damaged
        .iter()
        .all(|part| part.kind == DamageKind::DoesNotFit));
    let set_aside: usize = salvaged.damaged.iter().map(|part| part.contacts).sum();
    assert_eq!(set_aside, misfits.len());
    let said = salvaged.damaged[0].missing();
    assert!(said.contains("do not fit"), "{said}");

    // Nothing is written until the person decides.
    let mut edited = salvaged.ledger.clone();
    let id = edited.contacts().next().expect("contact").id;
    set_notes(&mut edited, id, "typed while the question is open");
    assert!(engine.save(&mut edited).is_err());
    assert_eq!(engine.store(), &before);

    // Going on keeps the stored text of every part set aside, then saves the rest.
    let mut ledger = salvaged.ledger;
    engine
        .continue_without_damaged(&mut ledger)
        .expect("continue");
    for part in &salvaged.damaged {
        assert_eq!(
            engine.store().entries().get(&damaged_copy_key(&part.key)),
            before.entries().get(&part.key),
            "the stored text of {} is kept",
            part.key
        );
    }
    assert_loads(engine.store(), &ledger, "after going on");
}

fn load_salvaging_counts(store: &MemoryStore) -> crate::domain::Counts {
    Engine::with_buckets(store.clone(), 8)
        .load_salvaging()
        .expect("loads")
        .ledger
        .counts()
}

/// A ledger of `contacts` contacts with ten interactions each, from `seed`, as an import
/// brings it: every record pending.
fn imported(seed: u64, contacts: usize) -> Ledger {
    let size = SampleSize {
        contacts,
        interactions: contacts * 10,
    };
    Ledger::from_records(generate(seed, size, NOW).to_records()).expect("fits")
}

/// A store holding `ledger` at nine tenths of its quota, and that quota.
fn store_at_nine_tenths(ledger: &Ledger, room_for: &Ledger) -> (MemoryStore, usize) {
    let units = |ledger: &Ledger| saved(ledger, BUCKETS).units_used();
    let quota = units(ledger).max(units(room_for)) * 10 / 9;
    let mut store = MemoryStore::with_quota(quota);
    let mut engine = Engine::new(store.clone());
    let mut ledger = ledger.clone();
    engine.save(&mut ledger).expect("the first ledger fits");
    store = engine.store().clone();
    (store, quota)
}

#[test]
fn a_ledger_at_nine_tenths_of_the_quota_is_replaced_by_another_of_its_size() {
    let old = imported(11, 600);
    let new = imported(12, 600);
    let (store, quota) = store_at_nine_tenths(&old, &new);
    assert!(
        store.units_used() * 10 >= quota * 8,
        "the store is nearly full"
    );

    let mut engine = Engine::new(store);
    engine.load().expect("loads");
    let mut replacing = new.clone();
    engine.save(&mut replacing).expect("replaced in place");
    assert!(replacing.pending_changes().is_empty());
    assert_loads(engine.store(), &new, "after the replace");
    assert!(
        engine.store().units_used() <= quota,
        "{} of {quota}",
        engine.store().units_used()
    );
    let listed = manifest(engine.store())["chunks"]
        .as_array()
        .expect("chunks")
        .len();
    let committed = engine.read_committed().expect("the manifest reads");
    let leftovers: Vec<String> = chunk_keys(engine.store())
        .into_iter()
        .filter(|key| !committed.lists(key))
        .cloned()
        .collect();
    for key in &leftovers {
        let units = engine
            .store()
            .get_units(key)
            .expect("read")
            .expect("stored");
        let records = VersionedChunk::decode_units(SchemaVersion::LATEST, &units)
            .expect("a chunk")
            .into_latest();
        assert_eq!(
            records,
            ChunkRecords::default(),
            "{key}: the replaced chunks are gone; an empty one stays for each bucket emptied"
        );
    }
    settle(&mut engine);
    assert_eq!(
        chunk_keys(engine.store()).len(),
        listed,
        "the empty chunks are swept after the grace"
    );
}

#[test]
fn a_failure_while_replacing_in_steps_leaves_a_store_that_loads_and_a_retry_finishes() {
    let old = imported(21, 300);
    let new = imported(22, 300);
    let (store, _) = store_at_nine_tenths(&old, &new);
    // How many writes the replace takes when nothing fails.
    let mut dry = Engine::new(store.clone());
    dry.load().expect("loads");
    dry.save(&mut new.clone()).expect("replaced");
    let writes = dry.store().writes() - store.writes();
    let mut mixed = 0;
    for n in (0..writes).step_by((writes / 40).max(1)) {
        let mut failing = store.clone();
        failing.fail_at_write(n, FailureMode::Once);
        let mut engine = Engine::new(failing);
        engine.load().expect("loads");
        let mut replacing = new.clone();
        if engine.save(&mut replacing).is_err() {
            assert!(!replacing.pending_changes().is_empty(), "the changes wait");
            let loaded = Engine::new(engine.store().clone())
                .load()
                .unwrap_or_else(|error| panic!("after a failure at write {n}: {error}"));
            if loaded != old && loaded != new {
                mixed += 1;
            }
            engine.save(&mut replacing).expect("the retry goes on");
        }
        assert_loads(engine.store(), &new, &format!("failure at write {n}"));
    }
    assert!(mixed > 0, "some failures came between two steps");
}

#[test]
fn a_version_one_store_at_nine_tenths_of_the_quota_is_rewritten_in_steps() {
    let mut records = as_version_four_kept_it(&imported(31, 300)).to_records();
    records.settings = LedgerSettings::default();
    for contact in &mut records.contacts {
        contact.profile.custom_fields.clear();
    }
    let ledger = Ledger::from_records(records).expect("ledger without v2 data");
    let written = saved_as_version_one(&ledger);
    // Version 1's zlib packs tighter than today's LZ4: the ledger in today's form is what
    // must fit at nine tenths.
    let quota = saved(&ledger, BUCKETS)
        .units_used()
        .max(written.units_used())
        * 10
        / 9;
    let mut store = MemoryStore::with_quota(quota);
    for (key, text) in written.entries() {
        store.set(key, text).expect("copy");
    }
    let writes = {
        let mut dry = Engine::new(store.clone());
        let mut loaded = dry.load().expect("v1 loads");
        dry.save(&mut loaded).expect("rewritten in place");
        assert_eq!(manifest(dry.store())["schema_version"], SCHEMA_VERSION);
        assert_loads(dry.store(), &ledger, "after the rewrite");
        dry.store().writes() - store.writes()
    };
    // Stopped between two steps, the store still loads, as version 1 where it is so.
    for n in [writes / 2, writes * 3 / 4, writes - 2] {
        let mut failing = store.clone();
        failing.fail_at_write(n, FailureMode::Once);
        let mut engine = Engine::new(failing);
        let mut loaded = engine.load().expect("v1 loads");
        if engine.save(&mut loaded).is_err() {
            assert_loads(engine.store(), &ledger, &format!("stopped at write {n}"));
            engine.save(&mut loaded).expect("goes on");
        }
        assert_loads(engine.store(), &ledger, &format!("after write {n}"));
        assert_eq!(manifest(engine.store())["schema_version"], SCHEMA_VERSION);
    }
}

/// The demo over 8 buckets, with an edit saved as a patch over its bucket.
fn saved_with_a_patch() -> (Ledger, MemoryStore) {
    let mut ledger = demo();
    let mut engine = Engine::with_buckets(MemoryStore::new(), 8);
    engine.save(&mut ledger).expect("save");
    let id = ledger.contacts().nth(3).expect("contact").id;
    set_notes(&mut ledger, id, "Edited after the chunk was written");
    engine.save(&mut ledger).expect("save a patch");
    assert!(!manifest(engine.store())["patches"]
        .as_array()
        .expect("patches")
        .is_empty());
    (ledger, engine.store().clone())
}

#[test]
fn a_manifest_cut_short_is_rebuilt_from_the_chunks_and_nothing_is_lost() {
    let (ledger, mut store) = saved_with_a_patch();
    let text = store.entries()[MANIFEST_KEY].clone();
    let cut = &text[..text.len() / 2];
    store.set(MANIFEST_KEY, cut).expect("damage");
    let before = store.clone();

    let mut engine = Engine::with_buckets(store, 8);
    let salvaged = engine.load_salvaging().expect("rebuilt");
    assert_eq!(salvaged.damaged.len(), 1);
    assert_eq!(salvaged.damaged[0].kind, DamageKind::ManifestRebuilt);
    assert!(salvaged.damaged[0].missing().contains("rebuilt"));
    let (expected, found) = (ledger.to_records(), salvaged.ledger.to_records());
    assert!(
        expected.contacts == found.contacts,
        "every contact, edit included"
    );
    assert!(expected.interactions == found.interactions);
    assert!(expected.promises == found.promises);
    // The field definitions went with the manifest; the values stay, under text fields.
    let used: BTreeSet<FieldId> = ledger
        .contacts()
        .flat_map(|contact| contact.profile.custom_fields.keys().copied())
        .collect();
    assert!(!used.is_empty());
    for id in &used {
        let field = found.settings.field(*id).expect("defined again");
        assert!(
            field.label.starts_with("Recovered field"),
            "{}",
            field.label
        );
    }
    // Nothing is written until the person goes on; `load` names the manifest.
    assert_eq!(engine.store(), &before);
    assert!(matches!(
        Engine::with_buckets(before.clone(), 8).load(),
        Err(StorageError::CorruptManifest(_))
    ));

    let mut rebuilt = salvaged.ledger;
    engine
        .continue_without_damaged(&mut rebuilt)
        .expect("go on");
    assert_eq!(
        engine.store().get("rapport.damaged.manifest"),
        Ok(Some(cut.to_owned())),
        "the damaged text is kept"
    );
    assert_loads(engine.store(), &rebuilt, "after going on");
}

#[test]
fn a_manifest_that_parses_but_lists_nonsense_is_rebuilt_with_its_settings() {
    let (ledger, mut store) = saved_with_a_patch();
    tamper_manifest(&mut store, |manifest| manifest["buckets"] = 0.into());
    let salvaged = Engine::with_buckets(store, 8)
        .load_salvaging()
        .expect("rebuilt");
    assert_eq!(salvaged.damaged[0].kind, DamageKind::ManifestRebuilt);
    assert!(salvaged.ledger == ledger, "everything, settings included");
}

#[test]
fn a_manifest_damaged_with_no_readable_chunk_stays_unreadable_and_can_be_dumped() {
    let mut store = MemoryStore::new();
    store.set(MANIFEST_KEY, "{not json").expect("set");
    store
        .set(&format!("{CHUNK_PREFIX}3.7"), "Anot a chunk")
        .expect("set");
    let mut engine = Engine::new(store);
    assert!(matches!(
        engine.load_salvaging(),
        Err(StorageError::CorruptManifest(_))
    ));
    assert!(engine.raw_dump().is_ok());
}

#[test]
fn deleted_text_leaves_storage_as_the_tab_closes_once_a_moment_has_passed() {
    let mut ledger = demo();
    let mut engine = engine_at(MemoryStore::new(), 1_000);
    engine.save(&mut ledger).expect("save");
    let doomed = ledger.contacts().next().expect("a contact").id;
    let name = ledger
        .contact(doomed)
        .expect("contact")
        .profile
        .name
        .clone();
    let old_chunk = listed_chunk(engine.store(), bucket_of(doomed, BUCKETS)).expect("chunk");
    let old_key = format!("{CHUNK_PREFIX}{}.{}", old_chunk[0], old_chunk[1]);
    ledger.delete_contact(doomed, NOW).expect("delete");
    engine.save(&mut ledger).expect("save the deletion");
    assert!(engine.store().entries().contains_key(&old_key));

    // Closed at once: another tab may still be committing over the old chunk.
    engine.sweep_on_leaving();
    assert!(engine.store().entries().contains_key(&old_key));
    // Closed a moment later: the deleted text goes, well before the full grace.
    TEST_NOW.with(|now| now.set(1_000 + LEAVING_GRACE_MS));
    engine.sweep_on_leaving();
    assert!(
        !engine.store().entries().contains_key(&old_key),
        "{name} gone"
    );
    assert_loads(engine.store(), &ledger, "after leaving");
}

#[test]
fn leaving_removes_nothing_when_another_tab_committed_since() {
    let mut ledger = demo();
    let mut engine = engine_at(MemoryStore::new(), 1_000);
    engine.save(&mut ledger).expect("save");
    let doomed = ledger.contacts().next().expect("a contact").id;
    ledger.delete_contact(doomed, NOW).expect("delete");
    engine.save(&mut ledger).expect("save the deletion");
    let manifest = engine.store().entries()[MANIFEST_KEY].clone();
    engine
        .store_mut()
        .set(MANIFEST_KEY, &format!("{manifest} "))
        .expect("another tab's commit");
    let before = engine.store().clone();
    TEST_NOW.with(|now| now.set(1_000 + SWEEP_GRACE_MS));
    engine.sweep_on_leaving();
    assert_eq!(engine.store(), &before);
}

#[test]
fn a_save_from_a_tab_that_had_not_seen_an_erase_is_void_once_the_erase_arrives() {
    let start = demo();
    let store = saved(&start, BUCKETS);
    let ((mut tab_a, _), (mut tab_b, mut ledger_b)) = two_tabs(&store);
    tab_a.erase_everything().expect("a erases");
    // B saves in its own copy of storage, which has not had the erase yet.
    set_notes(
        &mut ledger_b,
        start.contacts().next().expect("a contact").id,
        "saved in B at the moment A erased",
    );
    tab_b.save(&mut ledger_b).expect("b saves, not knowing");
    // Then the erase arrives, and B's writes after it, as the browser delivers them.
    let mut shared = tab_a.store().clone();
    for (key, value) in tab_b.store().entries() {
        if key.starts_with("rapport.") && key != ERASED_KEY {
            shared.set(key, value).expect("b's write arrives");
        }
    }
    let loaded = Engine::new(shared).load_salvaging().expect("loads");
    assert!(loaded.damaged.is_empty(), "{:?}", loaded.damaged);
    assert!(loaded.ledger.is_empty(), "the erase is final");
}

#[test]
fn an_erase_cut_short_after_its_marker_leaves_an_empty_ledger_not_damage() {
    let mut store = saved(&demo(), BUCKETS);
    // The marker and the manifest's removal land, then every other removal fails.
    store.fail_at_write(2, FailureMode::FromThenOn);
    assert!(
        erase_everything(&mut store, 5).is_ok(),
        "the erase happened"
    );
    store.heal();
    assert!(!chunk_keys(&store).is_empty(), "chunks left behind");
    let loaded = Engine::new(store).load_salvaging().expect("loads");
    assert!(loaded.damaged.is_empty());
    assert!(loaded.ledger.is_empty());
}

/// Prints the fullest store, as a share of its quota, whose ledger is replaced in place by
/// another of its size (a figure for BENCHMARKS.md, not a check):
/// `cargo test -p rapport-core --release --lib replace_headroom -- --ignored --nocapture`.
#[test]
#[ignore = "a figure, run on demand"]
fn replace_headroom() {
    for contacts in [600, 5_000] {
        let old = imported(41, contacts);
        let new = imported(42, contacts);
        let units = saved(&old, BUCKETS)
            .units_used()
            .max(saved(&new, BUCKETS).units_used());
        let fits = |share: f64| {
            let quota = (units as f64 / share) as usize;
            let mut store = MemoryStore::with_quota(quota);
            let mut first = old.clone();
            let mut engine = Engine::new(store.clone());
            if engine.save(&mut first).is_err() {
                return false;
            }
            store = engine.store().clone();
            let mut engine = Engine::new(store);
            engine.load().is_ok() && engine.save(&mut new.clone()).is_ok()
        };
        let (mut low, mut high) = (0.5, 1.0);
        for _ in 0..12 {
            let middle = (low + high) / 2.0;
            if fits(middle) {
                low = middle;
            } else {
                high = middle;
            }
        }
        println!(
            "{contacts} contacts, {} interactions ({units} units): replaced in place up to \
             {:.1} % of the quota",
            contacts * 10,
            low * 100.0
        );
    }
}
