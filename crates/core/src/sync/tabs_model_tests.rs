//! Two tabs of one device syncing with one CouchDB at the same time, as they do where the
//! browser has no Web Locks (`src/ui/state/sync_lock.rs`): no change is pushed twice, and
//! none is lost.
//!
//! Each tab has its own storage engine and ledger over one shared store (writes are seen at
//! once; a tab notices another tab's save only when it refreshes, as on a storage event, or
//! when its own save is refused with [`StorageError::ChangedElsewhere`]). A tab's sync step
//! runs as the app's round runs it (`src/sync/round.rs`): it starts from the tab's ledger and
//! the journal its engine committed, waits for the server, and then runs the core's step on
//! the tab's ledger and journal as they are by then, keeping the result with
//! [`Engine::save_with_journal`]; a keep refused because the other tab saved first refreshes
//! the tab and runs the step again on what that tab committed. Random runs interleave edits
//! in either tab (saved as the app saves them), pulls and pushes begun in one tab and
//! completed later, after edits and steps in the other, lost requests and answers, storage
//! events and reloads. Then both tabs sync until nothing is left, and:
//! - no write the server accepted carried the body the document held already (a change
//!   written twice); each accepted body is one a tab committed, and a document was written
//!   at most as many times as the commits of both tabs changed it;
//! - every change a tab reported saved (contacts added, interactions logged, notes and tags
//!   set) is in both tabs, in the store and on the server, unless a tab deleted its record;
//! - both tabs, a tab opened afresh and the server hold the same ledger.
//!
//! A page read before the other tab took the feed on is not taken, as the app's round does
//! not take it: taken, it put older copies back until the next pull (the last example).
//!
//! The number of cases is `PROPTEST_CASES` (1,000 in the test command).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use proptest::prelude::*;

use super::model_support::{cases, details, fault, runner, Fault, MemoryCouch};
use super::*;
use crate::domain::sample::{generate, SampleSize};
use crate::domain::time::Timestamp;
use crate::domain::{ContactId, ContactKind, ContactProfile, InteractionId, Ledger, Stage};
use crate::storage::engine::{Refreshed, MANIFEST_KEY};
use crate::storage::{BackendError, Engine, KeyValueStore, MemoryStore, StorageError};

const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);
const TABS: usize = 2;

/// How many times a step is run again while the other tab keeps committing first (the
/// round's `TRIES`).
const TRIES: usize = 5;

/// One localStorage, shared by the tabs' engines: a write is seen by every tab at once.
#[derive(Clone, Debug, Default)]
struct SharedStore(Rc<RefCell<MemoryStore>>);

impl KeyValueStore for SharedStore {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        self.0.borrow().get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), BackendError> {
        self.0.borrow_mut().set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), BackendError> {
        self.0.borrow_mut().remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, BackendError> {
        self.0.borrow().keys()
    }
}

/// One step of a run.
#[derive(Clone, Debug)]
enum Op {
    /// A tab adds a contact, and saves.
    Add(usize),
    /// A tab logs an interaction with its `n`-th contact, and saves.
    Log(usize, usize),
    /// A tab sets its `n`-th contact's notes, and saves.
    Note(usize, usize),
    /// A tab adds a tag to its `n`-th contact, and saves.
    Tag(usize, usize),
    /// A tab deletes its `n`-th contact, and saves.
    DeleteContact(usize, usize),
    /// A tab deletes its `n`-th interaction, and saves.
    DeleteInteraction(usize, usize),
    /// A tab with no step under way reads a page of up to `n` changes (or, while it still
    /// offers what it held when sync was turned on, starts a push, as the round does).
    BeginPull(usize, usize),
    /// A tab with no step under way fetches the server's copies of up to `n` documents
    /// changed here and plans their writes.
    BeginPush(usize, usize),
    /// A tab's step under way goes on: planned writes reach the server, and an answer is
    /// taken into the ledger and journal as they are now.
    Advance(usize, Fault),
    /// A tab handles a storage event: it looks at storage again.
    Refresh(usize),
    /// A tab is reloaded: its step under way is gone with it.
    Reload(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let tab = 0..TABS;
    let n = 0usize..8;
    prop_oneof![
        2 => tab.clone().prop_map(Op::Add),
        3 => (tab.clone(), n.clone()).prop_map(|(t, n)| Op::Log(t, n)),
        3 => (tab.clone(), n.clone()).prop_map(|(t, n)| Op::Note(t, n)),
        2 => (tab.clone(), n.clone()).prop_map(|(t, n)| Op::Tag(t, n)),
        1 => (tab.clone(), n.clone()).prop_map(|(t, n)| Op::DeleteContact(t, n)),
        1 => (tab.clone(), n.clone()).prop_map(|(t, n)| Op::DeleteInteraction(t, n)),
        4 => (tab.clone(), 1usize..5).prop_map(|(t, n)| Op::BeginPull(t, n)),
        4 => (tab.clone(), 1usize..5).prop_map(|(t, n)| Op::BeginPush(t, n)),
        8 => (tab.clone(), fault()).prop_map(|(t, f)| Op::Advance(t, f)),
        3 => tab.clone().prop_map(Op::Refresh),
        1 => tab.prop_map(Op::Reload),
    ]
}

/// A sync step under way in a tab, waiting for the server.
#[derive(Clone, Debug)]
enum Step {
    /// A page of the changes feed, read from checkpoint `since`, is on its way back.
    Pulling {
        since: Option<String>,
        page: Vec<Pulled>,
        checkpoint: Option<String>,
    },
    /// The server's copies were fetched and the writes planned; they are not sent yet.
    Planned {
        fetched: Vec<Fetched>,
        planned: Vec<Write>,
    },
    /// The server took the writes; its answer is on its way back.
    Sent {
        fetched: Vec<Fetched>,
        results: Vec<(Write, Ack)>,
    },
}

/// One tab: its engine, its ledger (as shown, with any change not saved yet), and its step
/// under way.
struct Tab {
    engine: Engine<SharedStore>,
    ledger: Ledger,
    step: Option<Step>,
}

/// Changes a tab reported saved, which must be found everywhere at the end.
#[derive(Debug, Default)]
struct Saved {
    contacts: BTreeSet<ContactId>,
    interactions: BTreeMap<InteractionId, ContactId>,
    /// Each contact's notes as last set.
    notes: BTreeMap<ContactId, String>,
    tags: Vec<(ContactId, String)>,
    /// Records a tab deleted: what was saved of them may go with them.
    deleted_contacts: BTreeSet<ContactId>,
    deleted_interactions: BTreeSet<InteractionId>,
}

/// What one run did, for the figures the test prints.
#[derive(Clone, Copy, Debug, Default)]
struct Figures {
    steps: usize,
    lost: usize,
    written: usize,
    /// Writes the server refused because the document moved on since the fetch.
    refused: usize,
    /// Keeps refused because the other tab committed first, and the step run again.
    redone: usize,
    /// Steps completed after the other tab had committed since they began.
    overlapped: usize,
}

/// The whole simulation: two tabs, their store, the server, and what must hold.
struct Model {
    store: SharedStore,
    server: MemoryCouch,
    tabs: Vec<Tab>,
    saved: Saved,
    /// Every body each document held in a ledger some tab committed.
    committed: BTreeMap<DocId, Vec<Body>>,
    /// Each document's body in the last commit, and how many commits changed it: the
    /// commits of both tabs form one line, each checked against the one before.
    last_committed: BTreeMap<DocId, Option<Body>>,
    changes: BTreeMap<DocId, usize>,
    /// Every body the server accepted for each document, in order.
    accepted: BTreeMap<DocId, Vec<Body>>,
    /// The store's manifest when each tab began its step under way.
    begun_at: Vec<Option<String>>,
    figures: Figures,
    serial: u128,
    clock: Timestamp,
}

impl Model {
    /// A small ledger, saved with sync just turned on (everything still to offer), and two
    /// tabs opened on it.
    fn new() -> Self {
        let store = SharedStore::default();
        let mut ledger = generate(
            7,
            SampleSize {
                contacts: 3,
                interactions: 4,
            },
            NOW,
        );
        let mut first = Engine::with_buckets(store.clone(), 4);
        first
            .save_with_journal(&mut ledger, Some(Journal::offering_everything()))
            .expect("sync turned on");
        let mut model = Model {
            store,
            server: MemoryCouch::default(),
            tabs: Vec::new(),
            saved: Saved::default(),
            committed: BTreeMap::new(),
            last_committed: BTreeMap::new(),
            changes: BTreeMap::new(),
            accepted: BTreeMap::new(),
            begun_at: vec![None; TABS],
            figures: Figures::default(),
            serial: 0,
            clock: NOW,
        };
        model.note_committed(&ledger);
        for _ in 0..TABS {
            let tab = model.open();
            model.tabs.push(tab);
        }
        model
    }

    /// A tab opened on the store, as a page load does.
    fn open(&self) -> Tab {
        let mut engine = Engine::with_buckets(self.store.clone(), 4);
        let ledger = engine.load().expect("the store loads");
        Tab {
            engine,
            ledger,
            step: None,
        }
    }

    /// The store's manifest: it changes with every commit.
    fn manifest(&self) -> Option<String> {
        self.store.0.borrow().get(MANIFEST_KEY).ok().flatten()
    }

    /// Notes the body of each document in `ledger`, just committed, and counts the
    /// documents it changed.
    fn note_committed(&mut self, ledger: &Ledger) {
        let ids: BTreeSet<DocId> = every_doc(ledger)
            .into_iter()
            .chain(self.server.docs.keys().copied())
            .chain(self.last_committed.keys().copied())
            .collect();
        for id in ids {
            // A record that went with its contact is found by its copy on the server.
            let base = self.server.docs.get(&id).map(|(_, body, _)| body);
            let body = body_of(ledger, id, base);
            let last = self.last_committed.entry(id).or_default();
            if *last == body {
                continue;
            }
            last.clone_from(&body);
            *self.changes.entry(id).or_default() += 1;
            if let Some(body) = body {
                let bodies = self.committed.entry(id).or_default();
                if !bodies.contains(&body) {
                    bodies.push(body);
                }
            }
        }
    }

    /// Saves a tab's change as the app does ([`Engine::save_rebasing`]: on top of what the
    /// other tab saved, if it did).
    fn save(&mut self, tab: usize) -> Result<(), TestCaseError> {
        let state = &mut self.tabs[tab];
        state
            .engine
            .save_rebasing(&mut state.ledger)
            .map_err(|error| TestCaseError::fail(format!("tab {tab} save: {error}")))?;
        let ledger = self.tabs[tab].ledger.clone();
        self.note_committed(&ledger);
        Ok(())
    }

    /// A tab looks at storage again, as on a storage event: it follows the other tab's
    /// save, or puts its unsaved changes on top of it.
    fn refresh(&mut self, tab: usize) -> Result<(), TestCaseError> {
        let state = &mut self.tabs[tab];
        let refreshed = state
            .engine
            .refresh(&mut state.ledger)
            .map_err(|error| TestCaseError::fail(format!("tab {tab} refresh: {error}")))?;
        if let Refreshed::Rebased(_) = refreshed {
            let ledger = self.tabs[tab].ledger.clone();
            self.note_committed(&ledger);
        }
        Ok(())
    }

    /// What a step starts from, as the app's round reads it: the tab's ledger, and the
    /// journal its engine committed with the ledger's unsaved changes noted.
    fn current(&self, tab: usize) -> Result<(Ledger, Journal), TestCaseError> {
        let state = &self.tabs[tab];
        let journal = state
            .engine
            .sync_journal(&state.ledger)
            .ok_or_else(|| TestCaseError::fail(format!("tab {tab}: sync is off")))?;
        Ok((state.ledger.clone(), journal))
    }

    /// Runs `step` on what the tab holds now and keeps the result with its journal, as the
    /// round's `kept_step` does: when the other tab committed first, the tab refreshes and
    /// the step runs again on what it committed. A pull that must wait for the offer to be
    /// pushed ends the step, as it ends the round.
    fn kept_step(
        &mut self,
        tab: usize,
        step: impl Fn(Ledger, Journal) -> Result<(Ledger, Journal), SyncError>,
    ) -> Result<(), TestCaseError> {
        if self.begun_at[tab] != self.manifest() {
            self.figures.overlapped += 1;
        }
        for _ in 0..TRIES {
            let (ledger, journal) = self.current(tab)?;
            let (mut ledger, journal) = match step(ledger, journal) {
                Ok(result) => result,
                Err(SyncError::NotOffered) => return Ok(()),
                Err(error) => return Err(TestCaseError::fail(format!("tab {tab} step: {error}"))),
            };
            match self.tabs[tab]
                .engine
                .save_with_journal(&mut ledger, Some(journal))
            {
                Ok(_) => {
                    self.note_committed(&ledger);
                    self.tabs[tab].ledger = ledger;
                    return Ok(());
                }
                Err(StorageError::ChangedElsewhere) => {
                    self.figures.redone += 1;
                    self.refresh(tab)?;
                }
                Err(error) => {
                    return Err(TestCaseError::fail(format!("tab {tab} keep: {error}")));
                }
            }
        }
        Err(TestCaseError::fail(format!(
            "tab {tab}: the step was refused {TRIES} times"
        )))
    }

    /// Starts a pull in a tab: reads a page of the changes feed from its journal's
    /// checkpoint. While the tab still offers what it held, a push starts instead.
    fn begin_pull(&mut self, tab: usize, limit: usize) -> Result<(), TestCaseError> {
        let (_, journal) = self.current(tab)?;
        if journal.is_offering() {
            return self.begin_push(tab, limit);
        }
        let since = journal.checkpoint;
        let (page, checkpoint) = self.server.changes(since.as_deref(), limit);
        self.begun_at[tab] = self.manifest();
        self.tabs[tab].step = Some(Step::Pulling {
            since,
            page,
            checkpoint,
        });
        Ok(())
    }

    /// Starts a push in a tab: the documents changed here, the server's copies of them,
    /// and the writes planned over those copies.
    fn begin_push(&mut self, tab: usize, limit: usize) -> Result<(), TestCaseError> {
        let (ledger, journal) = self.current(tab)?;
        let ids = to_push(&journal, &ledger, None, limit);
        if ids.is_empty() {
            return Ok(());
        }
        let fetched = self.server.fetch(&ids);
        let (ledger, mut journal) = self.current(tab)?;
        let planned = writes(&ledger, &mut journal, fetched.clone());
        self.begun_at[tab] = self.manifest();
        self.tabs[tab].step = Some(Step::Planned { fetched, planned });
        Ok(())
    }

    /// Sends planned writes to the server, checking each one it accepts: never the body the
    /// document holds already.
    fn send(&mut self, planned: Vec<Write>) -> Result<Vec<(Write, Ack)>, TestCaseError> {
        let before: Vec<Option<Body>> = planned
            .iter()
            .map(|write| {
                self.server
                    .docs
                    .get(&write.id)
                    .map(|(_, body, _)| body.clone())
            })
            .collect();
        let acks = self.server.bulk_docs(&planned);
        for ((write, ack), had) in planned.iter().zip(&acks).zip(before) {
            if *ack != Ack::Written {
                self.figures.refused += 1;
                continue;
            }
            self.figures.written += 1;
            prop_assert!(
                had.as_ref() != Some(&write.body),
                "{} written again with the body it had: {:?}",
                write.id,
                write.body
            );
            self.accepted
                .entry(write.id)
                .or_default()
                .push(write.body.clone());
        }
        Ok(planned.into_iter().zip(acks).collect())
    }

    /// Moves a tab's step under way on by one exchange with the server.
    fn advance(&mut self, tab: usize, fault: Fault) -> Result<(), TestCaseError> {
        let Some(step) = self.tabs[tab].step.take() else {
            return Ok(());
        };
        if !matches!(fault, Fault::None) {
            self.figures.lost += 1;
            if let (Fault::LostAnswer, Step::Planned { planned, .. }) = (fault, step) {
                self.send(planned)?;
            }
            return Ok(());
        }
        match step {
            Step::Pulling {
                since,
                page,
                checkpoint,
            } => self.kept_step(tab, |ledger, mut journal| {
                // As the app's round: a page read before the other tab took the feed on is
                // not taken (it would bring older copies back); the next pull reads again.
                if journal.checkpoint != since {
                    return Ok((ledger, journal));
                }
                let mut taken = take_page(&ledger, &mut journal, page.clone(), checkpoint.clone())?;
                // What was not saved yet stays to be saved, with what the page changed.
                taken.add_pending(ledger.pending_changes().clone());
                Ok((taken, journal))
            }),
            Step::Planned { fetched, planned } => {
                let results = self.send(planned)?;
                self.tabs[tab].step = Some(Step::Sent { fetched, results });
                Ok(())
            }
            Step::Sent { fetched, results } => self.kept_step(tab, |ledger, mut journal| {
                // The fetch's findings first, on the journal as it is now.
                writes(&ledger, &mut journal, fetched.clone());
                acknowledge(&ledger, &mut journal, results.clone());
                Ok((ledger, journal))
            }),
        }
    }

    /// The tab's `n`-th contact (wrapping), if it has any.
    fn nth_contact(&self, tab: usize, n: usize) -> Option<ContactId> {
        let ids: Vec<ContactId> = self.tabs[tab].ledger.contacts().map(|c| c.id).collect();
        (!ids.is_empty()).then(|| ids[n % ids.len()])
    }

    /// A number no record of the run had: new records' ids, notes and tags.
    fn next_serial(&mut self) -> u128 {
        self.serial += 1;
        self.serial
    }

    /// Runs one step, a minute after the one before.
    fn step(&mut self, op: &Op) -> Result<(), TestCaseError> {
        self.figures.steps += 1;
        self.clock = self.clock.plus_minutes(1);
        let at = self.clock;
        match *op {
            Op::Add(tab) => {
                let id = ContactId::new(at, self.next_serial());
                let profile = ContactProfile::named(format!("Added in {tab}"), ContactKind::Person);
                let added = self.tabs[tab]
                    .ledger
                    .add_contact(id, profile, Stage::Target, at);
                if added.is_ok() {
                    self.save(tab)?;
                    self.saved.contacts.insert(id);
                }
            }
            Op::Log(tab, n) => {
                let Some(contact) = self.nth_contact(tab, n) else {
                    return Ok(());
                };
                let id = InteractionId::new(at, self.next_serial());
                let logged = self.tabs[tab]
                    .ledger
                    .log_interaction(id, contact, details(at, 0), at);
                if logged.is_ok() {
                    self.save(tab)?;
                    self.saved.interactions.insert(id, contact);
                }
            }
            Op::Note(tab, n) | Op::Tag(tab, n) => {
                let Some(contact) = self.nth_contact(tab, n) else {
                    return Ok(());
                };
                let serial = self.next_serial();
                let ledger = &mut self.tabs[tab].ledger;
                let Some(mut profile) = ledger.contact(contact).map(|c| c.profile.clone()) else {
                    return Ok(());
                };
                let text = format!("{serial} in tab {tab}");
                if matches!(op, Op::Note(..)) {
                    profile.notes = text.clone();
                } else {
                    profile.tags.push(text.clone());
                }
                if ledger.update_profile(contact, profile, at).is_ok() {
                    self.save(tab)?;
                    if matches!(op, Op::Note(..)) {
                        self.saved.notes.insert(contact, text);
                    } else {
                        self.saved.tags.push((contact, text));
                    }
                }
            }
            Op::DeleteContact(tab, n) => {
                let Some(contact) = self.nth_contact(tab, n) else {
                    return Ok(());
                };
                if self.tabs[tab].ledger.delete_contact(contact, at).is_ok() {
                    // Gone as soon as it is asked for, whatever becomes of the save.
                    self.saved.deleted_contacts.insert(contact);
                    self.save(tab)?;
                }
            }
            Op::DeleteInteraction(tab, n) => {
                let ids: Vec<InteractionId> =
                    self.tabs[tab].ledger.interactions().map(|i| i.id).collect();
                let Some(&id) = ids.get(n % ids.len().max(1)) else {
                    return Ok(());
                };
                if self.tabs[tab].ledger.delete_interaction(id, at).is_ok() {
                    self.saved.deleted_interactions.insert(id);
                    self.save(tab)?;
                }
            }
            Op::BeginPull(tab, limit) if self.tabs[tab].step.is_none() => {
                self.begin_pull(tab, limit)?;
            }
            Op::BeginPush(tab, limit) if self.tabs[tab].step.is_none() => {
                self.begin_push(tab, limit)?;
            }
            Op::BeginPull(..) | Op::BeginPush(..) => {}
            Op::Advance(tab, fault) => self.advance(tab, fault)?,
            Op::Refresh(tab) => self.refresh(tab)?,
            Op::Reload(tab) => {
                if self.tabs[tab].step.is_some() {
                    self.figures.lost += 1;
                }
                self.tabs[tab] = self.open();
            }
        }
        Ok(())
    }

    /// Finishes a tab's step under way, nothing lost on the way.
    fn finish(&mut self, tab: usize) -> Result<(), TestCaseError> {
        while self.tabs[tab].step.is_some() {
            self.advance(tab, Fault::None)?;
        }
        Ok(())
    }

    /// One whole round in a tab, as the app's: what it offers first, then every page of
    /// the changes feed (at least one), then everything changed here.
    fn round(&mut self, tab: usize) -> Result<(), TestCaseError> {
        self.begin_pull(tab, usize::MAX)?;
        self.finish(tab)?;
        loop {
            self.begin_pull(tab, 50)?;
            self.finish(tab)?;
            let (_, journal) = self.current(tab)?;
            if journal.checkpoint.as_deref() == Some(&self.server.last_seq()) {
                break;
            }
        }
        self.begin_push(tab, usize::MAX)?;
        self.finish(tab)
    }

    /// Every step under way finishes, then the tabs take turns at whole rounds until a turn
    /// writes nothing and both hold nothing unsynced. Returns how many turns it took.
    fn settle(&mut self) -> Result<usize, TestCaseError> {
        for tab in 0..TABS {
            self.finish(tab)?;
        }
        for turn in 1..=10 {
            let written = self.figures.written;
            for tab in 0..TABS {
                self.refresh(tab)?;
                self.round(tab)?;
            }
            for tab in 0..TABS {
                self.refresh(tab)?;
            }
            let mut settled = self.figures.written == written;
            for tab in 0..TABS {
                let (ledger, journal) = self.current(tab)?;
                settled &= journal.waiting_to_push(&ledger) == 0
                    && journal.checkpoint.as_deref() == Some(&self.server.last_seq());
            }
            if settled {
                return Ok(turn);
            }
        }
        Err(TestCaseError::fail("sync did not settle in 10 turns"))
    }

    /// The module's properties, once settled.
    fn check(&self) -> Result<(), TestCaseError> {
        let ledger = &self.tabs[0].ledger;
        prop_assert_eq!(&self.tabs[1].ledger, ledger, "the tabs differ");
        let mut fresh = Engine::new(self.store.clone());
        let stored = fresh
            .load()
            .map_err(|error| TestCaseError::fail(format!("the store does not load: {error}")))?;
        prop_assert_eq!(&stored, ledger, "the store differs from the tabs");
        let journal = fresh.journal().cloned().unwrap_or_default();
        prop_assert!(journal.waiting.is_empty(), "documents still waiting");
        // The ledger is what the server's documents say, and the server has all of it.
        for (&id, (_, body, _)) in &self.server.docs {
            let held = body_of(ledger, id, Some(body));
            prop_assert_eq!(held.as_ref(), Some(body), "{} differs on the server", id);
        }
        for id in every_doc(ledger) {
            prop_assert!(
                self.server.docs.contains_key(&id),
                "{} never reached the server",
                id
            );
        }
        // Each accepted body is one the device committed, and no change went twice: a
        // document's writes are at most the commits that changed it.
        for (id, bodies) in &self.accepted {
            let changes = self.changes.get(id).copied().unwrap_or(0);
            prop_assert!(
                bodies.len() <= changes,
                "{} written {} times, changed by {} commits: {:?}",
                id,
                bodies.len(),
                changes,
                bodies
            );
            let made = self.committed.get(id).map_or(&[][..], Vec::as_slice);
            for body in bodies {
                prop_assert!(
                    made.contains(body),
                    "{} written as {:?}, which no tab committed",
                    id,
                    body
                );
            }
        }
        // Nothing saved was lost.
        let saved = &self.saved;
        let gone = |contact: &ContactId| saved.deleted_contacts.contains(contact);
        for contact in saved.contacts.iter().filter(|c| !gone(c)) {
            prop_assert!(
                ledger.contact(*contact).is_some(),
                "contact {} lost",
                contact
            );
        }
        for (id, contact) in &saved.interactions {
            if !gone(contact) && !saved.deleted_interactions.contains(id) {
                prop_assert!(ledger.interaction(*id).is_some(), "interaction {} lost", id);
            }
        }
        for (contact, notes) in saved.notes.iter().filter(|(c, _)| !gone(c)) {
            let held = ledger.contact(*contact).map(|c| c.profile.notes.as_str());
            prop_assert_eq!(held, Some(notes.as_str()), "notes of {}", contact);
        }
        for (contact, tag) in saved.tags.iter().filter(|(c, _)| !gone(c)) {
            let tags = ledger.contact(*contact).map(|c| c.profile.tags.clone());
            prop_assert!(
                tags.as_ref().is_some_and(|tags| tags.contains(tag)),
                "tag {:?} of {} lost: {:?}",
                tag,
                contact,
                tags
            );
        }
        Ok(())
    }
}

/// Runs `ops`, settles, and checks the properties.
fn run(ops: &[Op]) -> Result<Figures, TestCaseError> {
    let mut model = Model::new();
    for op in ops {
        model.step(op)?;
    }
    model.settle()?;
    model.check()?;
    Ok(model.figures)
}

#[test]
fn two_tabs_syncing_at_once_push_each_change_once_and_lose_none() {
    let mut runner = runner();
    let started = std::time::Instant::now();
    let totals = RefCell::new(Figures::default());
    runner
        .run(&proptest::collection::vec(op(), 1..60), |ops| {
            let figures = run(&ops)?;
            let mut totals = totals.borrow_mut();
            totals.steps += figures.steps;
            totals.lost += figures.lost;
            totals.written += figures.written;
            totals.refused += figures.refused;
            totals.redone += figures.redone;
            totals.overlapped += figures.overlapped;
            Ok(())
        })
        .unwrap_or_else(|failure| panic!("{failure}"));
    let totals = totals.into_inner();
    println!(
        "two-tab sync model: {} cases, {} steps, {} steps completed after the other tab \
         committed, {} keeps refused and redone, {} writes accepted, {} refused as stale, \
         {} requests or answers lost; {:.1} s",
        cases(),
        totals.steps,
        totals.overlapped,
        totals.redone,
        totals.written,
        totals.refused,
        totals.lost,
        started.elapsed().as_secs_f64()
    );
}

/// Both tabs synced once, with the starting ledger on the server: the start of the
/// examples below.
fn synced_tabs() -> Model {
    let mut model = Model::new();
    model.round(0).expect("first round");
    model.refresh(1).expect("follows");
    model
}

/// The notes of the first contact, as tab `tab` holds them.
fn first_notes(model: &Model, tab: usize) -> (DocId, String) {
    let contact = model.nth_contact(tab, 0).expect("a contact");
    let held = model.tabs[tab].ledger.contact(contact).expect("held");
    (DocId::Contact(contact), held.profile.notes.clone())
}

#[test]
fn a_write_planned_before_the_other_tab_pushed_the_same_change_is_refused_and_written_once() {
    let mut model = synced_tabs();
    model.step(&Op::Note(0, 0)).expect("noted");
    model.refresh(1).expect("follows");
    // Tab 0 plans the write of the note; tab 1 pushes the same note before it is sent.
    model.begin_push(0, usize::MAX).expect("planned");
    model.round(1).expect("tab 1 pushes");
    let (refused, redone) = (model.figures.refused, model.figures.redone);
    model.finish(0).expect("tab 0 sends");
    assert_eq!(
        model.figures.refused,
        refused + 1,
        "the server refuses the revision it no longer holds"
    );
    assert_eq!(
        model.figures.redone,
        redone + 1,
        "the answer is taken again on tab 1's commit"
    );
    model.settle().expect("settles");
    model.check().expect("holds");
    let (doc, notes) = first_notes(&model, 0);
    let written = &model.accepted[&doc];
    assert_eq!(
        written.len(),
        2,
        "offered once, then noted once: {written:?}"
    );
    assert!(notes.ends_with("in tab 0"), "{notes}");
}

#[test]
fn a_page_read_before_the_other_tab_took_the_feed_on_never_puts_an_older_copy_back() {
    let mut model = synced_tabs();
    model.step(&Op::Note(0, 0)).expect("noted");
    model.round(0).expect("pushed");
    model.refresh(1).expect("follows");
    // Tab 1 reads the page with that note; tab 0 then sets the note again and pushes it.
    model.begin_pull(1, 50).expect("page read");
    model.step(&Op::Note(0, 0)).expect("noted again");
    model.round(0).expect("pushed");
    let (doc, newer) = first_notes(&model, 0);
    // Tab 0's round took the feed on from where tab 1 read its page: taken now, the page
    // would put the older note back. It is not taken.
    model.finish(1).expect("page dropped");
    for tab in 0..TABS {
        assert_eq!(
            first_notes(&model, tab).1,
            newer,
            "tab {tab}, before settling"
        );
    }
    model.settle().expect("settles");
    model.check().expect("holds");
    for tab in 0..TABS {
        assert_eq!(first_notes(&model, tab).1, newer, "tab {tab}");
    }
    assert_eq!(
        model.accepted[&doc].len(),
        3,
        "offered, then each note once"
    );
}
