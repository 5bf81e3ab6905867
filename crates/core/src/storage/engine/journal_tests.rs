//! Sync's journal in storage: committed in the same manifest as the ledger it describes, so
//! no save, failed save, other tab or reload loses which changes the server has not seen.

use super::*;
use crate::domain::sample::{generate, SampleSize};
use crate::storage::backend::{FailureMode, MemoryStore};
use crate::sync::{body_of, take_page, DocId, Pulled};

const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);

/// A store holding the demo ledger with sync turned on, nothing synced yet but the contact
/// returned, whose document is marked synced as a pull would leave it.
fn synced_store() -> (MemoryStore, Ledger) {
    let mut ledger = generate(5, SampleSize::DEMO, NOW);
    let mut engine = Engine::with_buckets(MemoryStore::new(), 8);
    engine.save(&mut ledger).expect("first save");
    engine
        .save_with_journal(&mut ledger, Some(Journal::default()))
        .expect("sync turned on");
    (engine.store().clone(), ledger)
}

fn rename(ledger: &mut Ledger, id: ContactId, name: &str) {
    let mut profile = ledger.contact(id).expect("contact").profile.clone();
    profile.name = name.to_owned();
    ledger.update_profile(id, profile, NOW).expect("rename");
}

fn people(ledger: &Ledger) -> Vec<ContactId> {
    ledger
        .contacts()
        .filter(|contact| !contact.is_organization())
        .map(|contact| contact.id)
        .collect()
}

fn loaded_journal(store: &MemoryStore) -> Option<Journal> {
    let mut engine = Engine::new(store.clone());
    engine.load().expect("loads");
    engine.journal().cloned()
}

#[test]
fn while_sync_is_off_no_journal_is_written() {
    let mut ledger = generate(5, SampleSize::DEMO, NOW);
    let mut engine = Engine::with_buckets(MemoryStore::new(), 8);
    engine.save(&mut ledger).expect("save");
    let first = people(&ledger)[0];
    rename(&mut ledger, first, "Renamed");
    engine.save(&mut ledger).expect("save");
    let manifest: serde_json::Value =
        serde_json::from_str(&engine.store().entries()[MANIFEST_KEY]).expect("json");
    assert!(manifest.get("sync").is_none(), "{manifest}");
    assert_eq!(manifest["schema_version"], 9);
    assert_eq!(loaded_journal(engine.store()), None);
}

#[test]
fn every_save_notes_its_changes_in_the_journal_it_commits() {
    let (store, _) = synced_store();
    let mut engine = Engine::new(store);
    let mut ledger = engine.load().expect("loads");
    assert_eq!(engine.journal(), Some(&Journal::default()));
    let first = people(&ledger)[0];
    rename(&mut ledger, first, "Renamed here");
    assert_eq!(
        engine
            .sync_journal(&ledger)
            .map(|j| j.is_unsynced(DocId::Contact(first))),
        Some(true),
        "a sync step starts from the unsaved change too"
    );
    engine.save(&mut ledger).expect("save");
    let journal = loaded_journal(engine.store()).expect("sync is on");
    assert!(journal.is_unsynced(DocId::Contact(first)));
    assert_eq!(journal.waiting_to_push(&ledger), 1);
}

#[test]
fn a_failed_save_commits_neither_the_ledger_nor_the_journal() {
    let (store, start) = synced_store();
    let first = people(&start)[0];
    let mut dry_run = Engine::new(store.clone());
    let mut ledger = dry_run.load().expect("loads");
    rename(&mut ledger, first, "Renamed here");
    dry_run.save(&mut ledger).expect("save");
    let writes = dry_run.store().writes() - store.writes();
    let (mut failed, mut succeeded) = (0, 0);
    for n in 0..=writes {
        let mut failing = store.clone();
        failing.fail_at_write(n, FailureMode::FromThenOn);
        let mut engine = Engine::new(failing);
        let mut ledger = engine.load().expect("loads");
        rename(&mut ledger, first, "Renamed here");
        let saved = engine.save(&mut ledger);
        let mut stored = engine.store().clone();
        stored.heal();
        let journal = loaded_journal(&stored).expect("sync is on");
        let mut reader = Engine::new(stored);
        let reloaded = reader.load().expect("loads");
        let renamed = reloaded.contact(first).expect("contact").profile.name == "Renamed here";
        assert_eq!(
            journal.is_unsynced(DocId::Contact(first)),
            renamed,
            "write {n}: the journal notes the change exactly when the ledger holds it"
        );
        assert_eq!(saved.is_ok(), renamed, "write {n}");
        if saved.is_ok() {
            succeeded += 1;
        } else {
            failed += 1;
            assert_eq!(engine.journal(), Some(&Journal::default()), "write {n}");
        }
    }
    assert!(
        failed > 0 && succeeded > 0,
        "{failed} failed, {succeeded} succeeded"
    );
}

#[test]
fn another_tabs_save_carries_the_journal_and_a_rebase_keeps_both_tabs_changes() {
    let (store, _) = synced_store();
    let mut tab_a = Engine::new(store.clone());
    let mut ledger_a = tab_a.load().expect("a loads");
    let mut tab_b = Engine::new(store);
    let mut ledger_b = tab_b.load().expect("b loads");
    let everyone = people(&ledger_a);
    let (in_a, in_b) = (everyone[0], everyone[1]);

    rename(&mut ledger_a, in_a, "Renamed in A");
    tab_a.save_rebasing(&mut ledger_a).expect("a saves");
    // Tab B has not followed A's save yet: its change goes on top, and so does its note.
    *tab_b.store_mut() = tab_a.store().clone();
    rename(&mut ledger_b, in_b, "Renamed in B");
    let (_, rebased) = tab_b.save_rebasing(&mut ledger_b).expect("b saves");
    assert!(rebased.is_some());

    let journal = loaded_journal(tab_b.store()).expect("sync is on");
    assert!(
        journal.is_unsynced(DocId::Contact(in_a)),
        "A's change is still to push"
    );
    assert!(
        journal.is_unsynced(DocId::Contact(in_b)),
        "B's change is to push"
    );
    // Tab A follows, and sees both.
    *tab_a.store_mut() = tab_b.store().clone();
    tab_a.refresh(&mut ledger_a).expect("a follows");
    assert_eq!(tab_a.journal(), Some(&journal));
}

#[test]
fn a_sync_step_over_another_tabs_save_is_refused_and_writes_nothing() {
    let (store, _) = synced_store();
    let mut tab_a = Engine::new(store.clone());
    let mut ledger_a = tab_a.load().expect("a loads");
    let mut tab_b = Engine::new(store);
    let mut ledger_b = tab_b.load().expect("b loads");
    let first = people(&ledger_a)[0];
    rename(&mut ledger_a, first, "Renamed in A");
    tab_a.save(&mut ledger_a).expect("a saves");

    *tab_b.store_mut() = tab_a.store().clone();
    let before = tab_b.store().entries().clone();
    let mut step = Journal::default();
    step.checkpoint = Some("7".to_owned());
    assert_eq!(
        tab_b.save_with_journal(&mut ledger_b, Some(step)),
        Err(StorageError::ChangedElsewhere)
    );
    assert_eq!(tab_b.store().entries(), &before);
    // Followed, the step's journal starts from A's note.
    tab_b.refresh(&mut ledger_b).expect("b follows");
    let journal = tab_b.sync_journal(&ledger_b).expect("sync is on");
    assert!(journal.is_unsynced(DocId::Contact(first)));
}

#[test]
fn turning_sync_off_drops_the_journal_and_a_restart_keeps_it_off() {
    let (store, _) = synced_store();
    let mut engine = Engine::new(store);
    let mut ledger = engine.load().expect("loads");
    engine
        .save_with_journal(&mut ledger, None)
        .expect("sync turned off");
    assert_eq!(engine.journal(), None);
    assert_eq!(loaded_journal(engine.store()), None);
}

/// A ledger of `contacts` contacts and ten interactions each, as an import loads it.
fn imported(seed: u64, contacts: usize) -> Ledger {
    let size = SampleSize {
        contacts,
        interactions: contacts * 10,
    };
    Ledger::from_records(generate(seed, size, NOW).to_records()).expect("fits")
}

/// The units `ledger` takes written whole into an empty store.
fn units(ledger: &Ledger) -> usize {
    let mut engine = Engine::new(MemoryStore::new());
    engine.save(&mut ledger.clone()).expect("save");
    engine.store().units_used()
}

/// An engine holding `old` with sync turned on, in a store whose quota leaves it or `new`
/// at nine tenths of the room, and that quota.
fn synced_at_nine_tenths(old: &Ledger, new: &Ledger) -> (Engine<MemoryStore>, usize) {
    let quota = units(old).max(units(new)) * 10 / 9;
    let mut engine = Engine::new(MemoryStore::with_quota(quota));
    let mut ledger = old.clone();
    engine.save(&mut ledger).expect("the first ledger fits");
    engine
        .save_with_journal(&mut ledger, Some(Journal::default()))
        .expect("sync turned on");
    (engine, quota)
}

#[test]
fn a_replace_in_steps_commits_the_journal_with_its_last_step() {
    let (old, new) = (imported(11, 600), imported(12, 600));
    let (mut engine, quota) = synced_at_nine_tenths(&old, &new);
    assert!(units(&old) + units(&new) > quota, "both do not fit at once");

    let mut replacing = new.clone();
    replacing.mark_all_pending();
    engine.save(&mut replacing).expect("replaced in steps");
    let journal = loaded_journal(engine.store()).expect("sync is on");
    // Every document of the new ledger is offered again.
    assert_eq!(
        journal.waiting_to_push(&replacing),
        crate::sync::every_doc(&replacing).len()
    );
}

#[test]
fn a_replace_cut_between_its_steps_leaves_a_journal_that_offers_what_it_stored() {
    let (old, new) = (imported(21, 300), imported(22, 300));
    let (engine, _) = synced_at_nine_tenths(&old, &new);
    let store = engine.store().clone();
    let mut dry = Engine::new(store.clone());
    dry.load().expect("loads");
    let mut replacing = new.clone();
    replacing.mark_all_pending();
    dry.save(&mut replacing).expect("replaced in steps");
    let writes = dry.store().writes() - store.writes();
    let mut mixed = 0;
    for n in (0..writes).step_by((writes / 30).max(1)) {
        let mut failing = store.clone();
        failing.fail_at_write(n, FailureMode::FromThenOn);
        let mut engine = Engine::new(failing);
        engine.load().expect("loads");
        let mut replacing = new.clone();
        replacing.mark_all_pending();
        if engine.save(&mut replacing).is_ok() {
            continue;
        }
        let mut stored = engine.store().clone();
        stored.heal();
        let mut reader = Engine::new(stored);
        let loaded = reader.load().expect("loads after a cut");
        if loaded != old {
            mixed += 1;
            let journal = reader.journal().expect("sync is on");
            assert!(
                journal.is_offering(),
                "write {n}: part of the new ledger is stored, and nothing is to offer"
            );
        }
    }
    assert!(mixed > 0, "some failures came between two steps");
}

/// `full` as a server's changes feed lists it after a device offered it in id order: every
/// contact, then the interactions, the promises and the settings.
fn feed_of(full: &Ledger) -> Vec<Pulled> {
    let mut ids = crate::sync::every_doc(full);
    ids.sort_unstable();
    ids.into_iter()
        .filter_map(|id| {
            Some(Pulled {
                id,
                body: body_of(full, id, None)?,
            })
        })
        .collect()
}

/// A first sync onto the empty device `engine` holds: the feed taken page by page as the
/// app's round takes it (500 documents, then a quarter of what it took, up to 25,000), each
/// page kept with its journal, after up to three waits for the sweep's grace when storage
/// is full (as the round's `Kept::Full`). Returns the ledger, or where a page was not kept.
fn first_sync(engine: &mut Engine<MemoryStore>, feed: &[Pulled]) -> Result<Ledger, String> {
    let mut ledger = Ledger::new();
    engine
        .save_with_journal(&mut ledger, Some(Journal::default()))
        .map_err(|error| error.to_string())?;
    let (mut taken, mut page) = (0, 500);
    while taken < feed.len() {
        let end = (taken + page).min(feed.len());
        let mut journal = engine.sync_journal(&ledger).ok_or("sync is off")?;
        let checkpoint = Some(end.to_string());
        let mut next = take_page(&ledger, &mut journal, feed[taken..end].to_vec(), checkpoint)
            .map_err(|error| error.to_string())?;
        let mut waits = 0;
        loop {
            match engine.save_with_journal(&mut next, Some(journal.clone())) {
                Ok(_) => break,
                Err(StorageError::QuotaExceeded) if waits < 3 => {
                    waits += 1;
                    super::tests::settle(engine);
                }
                Err(error) => {
                    let stored = engine.store().units_used();
                    return Err(format!("{end} of {}: {error} ({stored} units)", feed.len()));
                }
            }
        }
        (ledger, taken) = (next, end);
        page = page.max(taken / 4).min(25_000);
    }
    Ok(ledger)
}

/// A first sync keeps each page as it takes it, and each page adds records to most
/// buckets. On the capacity ledger the copy it left took 24 % more room than the ledger
/// written whole (patches, which hold a contact's records a second time), and while a page
/// was saved in steps each step's manifest listed every document of the page as changed
/// here (over a megabyte): past WebKit's room, which holds that ledger whole at nine tenths
/// (2,371,099 units of 2,621,440). Short of room, a save now writes its buckets whole and
/// compacts those with patches, and its steps note only what the server does not have.
#[test]
fn a_first_sync_fits_wherever_the_ledger_fits_whole() {
    // 20 contacts a bucket and pages from a third of the contacts, as on the capacity
    // ledger (about 20 contacts in each of 256 buckets, pages from 1,250 of 5,000).
    let buckets = 64;
    let full = imported(41, 1_280);
    let mut whole = Engine::with_buckets(MemoryStore::new(), buckets);
    whole.save(&mut full.clone()).expect("save");
    let whole = whole.store().units_used();
    let quota = whole * 2_621_440 / 2_371_099;
    let mut engine = super::tests::engine_at(MemoryStore::with_quota(quota), 0);
    engine.new_buckets = buckets;

    let taken = first_sync(&mut engine, &feed_of(&full)).expect("every page is kept");
    assert_eq!(taken, full, "the device holds the server's ledger");
    let mut reader = Engine::new(engine.store().clone());
    assert_eq!(reader.load().expect("loads"), full, "and stores it");
    assert!(
        reader
            .journal()
            .is_some_and(|journal| !journal.is_unsynced(DocId::Settings)),
        "with nothing left to push"
    );
}

/// A save in steps removes each chunk it replaced at once, and another tab that read the
/// manifest before a step can commit after it: loads then read the step's chunk in place of
/// the one that tab's manifest lists ([`replaced`](super::replaced)). The change that chunk
/// holds is in the store, but that tab's journal never noted it, and the tab whose save it
/// was finds it stored and no longer pending: it must still be pushed.
#[test]
fn a_change_read_from_a_chunk_that_replaced_a_listed_one_is_still_pushed() {
    let mut start = generate(5, SampleSize::DEMO, NOW);
    let mut engine = Engine::new(MemoryStore::new());
    engine.save(&mut start).expect("first save");
    engine
        .save_with_journal(&mut start, Some(Journal::default()))
        .expect("sync turned on");
    let store = engine.store().clone();
    let buckets = engine.committed.as_ref().expect("saved").buckets;
    let people = people(&start);
    let renamed_in_a = people[0];
    let renamed_in_b = *people
        .iter()
        .find(|&&id| bucket_of(id, buckets) != bucket_of(renamed_in_a, buckets))
        .expect("a person in another bucket");
    let bucket = bucket_of(renamed_in_a, buckets);
    let replaced = engine
        .committed
        .as_ref()
        .and_then(|committed| committed.chunk_of(bucket))
        .expect("her bucket's chunk")
        .key();

    // Tab A renames her; a step of its save writes her bucket whole and removes its chunk.
    let mut tab_a = Engine::new(store.clone());
    let mut ledger_a = tab_a.load().expect("a loads");
    rename(&mut ledger_a, renamed_in_a, "Renamed in A");
    let mut step = Engine::new(store.clone());
    step.load().expect("loads");
    step.save(&mut ledger_a.clone()).expect("the step");
    let written: Vec<(String, String)> = super::tests::writes_over(&step, &store)
        .into_iter()
        .filter(|(key, _)| key.starts_with(CHUNK_PREFIX))
        .collect();
    assert_eq!(written.len(), 1, "her bucket, whole: {written:?}");
    // Tab B read the manifest before that step, and commits after it.
    let mut tab_b = Engine::new(store.clone());
    let mut ledger_b = tab_b.load().expect("b loads");
    rename(&mut ledger_b, renamed_in_b, "Renamed in B");
    tab_b.save(&mut ledger_b).expect("b saves");
    let mut shared = store.clone();
    for (key, text) in written
        .into_iter()
        .chain(super::tests::writes_over(&tab_b, &store))
    {
        shared.set(&key, &text).expect("write");
    }
    shared.remove(&replaced).expect("removed at once");

    // A hears of B's commit, and saves on top of it.
    *tab_a.store_mut() = shared;
    tab_a
        .save_rebasing(&mut ledger_a)
        .expect("a saves on b's commit");
    let journal = loaded_journal(tab_a.store()).expect("sync is on");
    assert!(
        journal.is_unsynced(DocId::Contact(renamed_in_a)),
        "A's rename is still to push"
    );
    assert!(journal.is_unsynced(DocId::Contact(renamed_in_b)), "and B's");
    let mut reader = Engine::new(tab_a.store().clone());
    let stored = reader.load().expect("loads");
    assert_eq!(
        stored.contact(renamed_in_a).expect("a").profile.name,
        "Renamed in A"
    );
    assert_eq!(
        stored.contact(renamed_in_b).expect("b").profile.name,
        "Renamed in B"
    );
}
