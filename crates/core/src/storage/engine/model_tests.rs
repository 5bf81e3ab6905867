//! The model-based test of the store: several simulated tabs over one localStorage.
//!
//! Each tab has its own engine and its own view of storage, as each browser tab has its own
//! process with a cached copy: a tab's writes apply to its view at once and reach the shared
//! store, and from there the other tabs' views, only when the model delivers them, one at a
//! time and in order (a storage event then tells the other tabs that the manifest changed). A
//! view skips another tab's write to a key it has itself written since, as Chromium's does,
//! so every view ends equal to the shared store. Views have a
//! quota in UTF-16 units, any write can fail, and a tab can crash between two writes.
//!
//! Random runs of operations (adds, logs, edits, deletes, replaces by an import, erases,
//! saves, deliveries, storage events, back/forward restores, reloads, failures, crashes, the
//! clock moving on) check after every
//! step that a new tab can load the shared store, and at the end, once every write is
//! delivered and every tab has caught up, that every change a tab reported as saved is in the
//! store, unless a tab deleted it since. The number of cases is `PROPTEST_CASES` (1,000 in
//! the test command; `scripts/model.sh` runs 100,000).

use std::cell::RefCell;
use std::collections::{BTreeSet, VecDeque};
use std::rc::Rc;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use super::*;
use crate::domain::sample::{generate, SampleSize};
use crate::domain::{
    Channel, ContactKind, ContactProfile, Direction, InteractionDetails, InteractionId,
    InteractionKind, Stage,
};
use crate::storage::backend::{FailureMode, MemoryStore};

const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);
const TABS: usize = 3;

/// The shared store, the tabs' views of it, and the writes on their way.
#[derive(Debug, Default)]
struct Hub {
    shared: MemoryStore,
    views: Vec<MemoryStore>,
    /// Writes made in a view and not yet delivered: (tab, key, value or removal).
    outbox: VecDeque<(usize, String, Option<String>)>,
    /// Tabs that a delivered manifest change has not been handled in yet.
    events: BTreeSet<usize>,
    /// Writes delivered, faults injected: figures for the run.
    delivered: usize,
}

impl Hub {
    /// Delivers every write up to the last one `tab` made: a tab that goes (reloaded,
    /// crashed) has handed its writes to the browser already, and a page loaded after it
    /// reads them.
    fn flush(&mut self, tab: usize) {
        while self.outbox.iter().any(|(from, _, _)| *from == tab) {
            self.deliver_one();
        }
    }

    /// Delivers the oldest write: to the shared store and to every view.
    fn deliver_one(&mut self) -> bool {
        let Some((from, key, value)) = self.outbox.pop_front() else {
            return false;
        };
        self.delivered += 1;
        let apply = |store: &mut MemoryStore| {
            // Delivery is the browser's own copy, never refused: the view's quota and
            // faults were met when the tab wrote.
            let (quota, failure) = store.take_limits();
            let _ = match &value {
                Some(text) => store.set(&key, text),
                None => store.remove(&key),
            };
            store.restore_limits(quota, failure);
        };
        apply(&mut self.shared);
        for (tab, view) in self.views.iter_mut().enumerate() {
            // A tab's own write is in its view already. Another tab's write to a key this
            // tab has written since, and not yet delivered, is not applied to this view:
            // that write of its own comes after it (as in Chromium, whose tabs ignore a
            // change to a key while a change of their own to it is on its way).
            let own_write_pending = self
                .outbox
                .iter()
                .any(|(writer, written, _)| *writer == tab && *written == key);
            if tab == from || own_write_pending {
                continue;
            }
            apply(view);
            if key == MANIFEST_KEY {
                self.events.insert(tab);
            }
        }
        true
    }
}

/// A tab's window onto the hub: an engine's store.
#[derive(Debug)]
struct TabStore {
    tab: usize,
    hub: Rc<RefCell<Hub>>,
}

impl KeyValueStore for TabStore {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        self.hub.borrow().views[self.tab].get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), BackendError> {
        let mut hub = self.hub.borrow_mut();
        hub.views[self.tab].set(key, value)?;
        hub.outbox
            .push_back((self.tab, key.to_owned(), Some(value.to_owned())));
        Ok(())
    }
    fn remove(&mut self, key: &str) -> Result<(), BackendError> {
        let mut hub = self.hub.borrow_mut();
        hub.views[self.tab].remove(key)?;
        hub.outbox.push_back((self.tab, key.to_owned(), None));
        Ok(())
    }
    fn keys(&self) -> Result<Vec<String>, BackendError> {
        self.hub.borrow().views[self.tab].keys()
    }
}

thread_local! {
    /// The model's clock, in milliseconds.
    static MODEL_NOW: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

fn model_clock() -> Timestamp {
    Timestamp::from_millis(MODEL_NOW.with(std::cell::Cell::get))
}

thread_local! {
    /// The state of [`model_step`]'s generator.
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0x9E37_79B9_7F4A_7C15) };
}

/// A generation step from 1 to 1,000,000, as in the browser, from a fixed generator so a
/// failing run replays.
fn model_step() -> u64 {
    STEPS.with(|state| {
        let next = state
            .get()
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state.set(next);
        1 + (next >> 33) % 1_000_000
    })
}

/// One step of a run.
#[derive(Clone, Debug)]
enum Op {
    /// A tab adds a contact and saves.
    Add(usize),
    /// A tab logs an interaction with its `n`-th contact and saves.
    Log(usize, usize),
    /// A tab edits its `n`-th contact's notes and saves.
    Edit(usize, usize),
    /// A tab deletes its `n`-th contact and saves.
    DeleteContact(usize, usize),
    /// A tab deletes its `n`-th interaction and saves.
    DeleteInteraction(usize, usize),
    /// A tab tries again to save what is unsaved (the next edit, the page going).
    Save(usize),
    /// Delivers up to `n` writes.
    Deliver(usize),
    /// A tab handles its storage event, or is shown again, or is restored from the
    /// back/forward cache: it looks at storage again.
    Refresh(usize),
    /// A tab is reloaded: what it had not saved is gone (the person was asked first).
    Reload(usize),
    /// A tab replaces its ledger with an imported one of `n` × 8 contacts (as the change
    /// from one to the other, as the app does), and saves.
    Replace(usize, usize),
    /// A tab erases everything.
    Erase(usize),
    /// The `n`-th write from now of a tab fails once.
    Fault(usize, usize),
    /// A tab crashes at its `n`-th write from now, and is opened again.
    Crash(usize, usize),
    /// Every write is delivered and the clock moves past the sweep's grace.
    Settle,
}

fn op() -> impl Strategy<Value = Op> {
    let tab = 0..TABS;
    let n = 0usize..12;
    prop_oneof![
        3 => tab.clone().prop_map(Op::Add),
        6 => (tab.clone(), n.clone()).prop_map(|(t, n)| Op::Log(t, n)),
        4 => (tab.clone(), n.clone()).prop_map(|(t, n)| Op::Edit(t, n)),
        1 => (tab.clone(), n.clone()).prop_map(|(t, n)| Op::DeleteContact(t, n)),
        1 => (tab.clone(), n.clone()).prop_map(|(t, n)| Op::DeleteInteraction(t, n)),
        2 => tab.clone().prop_map(Op::Save),
        5 => (1usize..8).prop_map(Op::Deliver),
        4 => tab.clone().prop_map(Op::Refresh),
        1 => tab.clone().prop_map(Op::Reload),
        1 => (tab.clone(), 1usize..6).prop_map(|(t, n)| Op::Replace(t, n)),
        1 => tab.clone().prop_map(Op::Erase),
        2 => (tab.clone(), 0usize..4).prop_map(|(t, n)| Op::Fault(t, n)),
        1 => (tab.clone(), 0usize..4).prop_map(|(t, n)| Op::Crash(t, n)),
        1 => Just(Op::Settle),
    ]
}

/// A run: the quota of every view, and the steps.
fn run() -> impl Strategy<Value = (usize, Vec<Op>)> {
    (
        prop_oneof![Just(usize::MAX), 60_000usize..400_000],
        proptest::collection::vec(op(), 1..50),
    )
}

/// What the model knows a tab did.
struct Tab {
    engine: Engine<TabStore>,
    ledger: Ledger,
    /// Interactions and contacts added here and not yet reported saved.
    unsaved: Vec<Fact>,
}

/// A change that must stay once reported saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fact {
    Contact(ContactId),
    Interaction(InteractionId, ContactId),
}

/// The whole simulation.
struct Model {
    hub: Rc<RefCell<Hub>>,
    tabs: Vec<Tab>,
    /// Changes reported saved: by which tab, and when.
    saved: Vec<(Fact, usize, i64)>,
    /// Changes a tab reported saved shortly before it was reloaded or crashed: if another
    /// tab committed in the same instant, no tab is left that knows them (a known limit,
    /// counted, not failed).
    at_risk: BTreeSet<usize>,
    /// Of those, how many were lost.
    lost_at_risk: usize,
    /// Changes reported saved, then found lost and not saved again before their tab went:
    /// the tab told the person.
    told: BTreeSet<usize>,
    /// Of those, how many were lost.
    lost_told: usize,
    deleted_contacts: BTreeSet<ContactId>,
    deleted_interactions: BTreeSet<InteractionId>,
    /// Every view's quota, in units (`None`: no limit).
    quota: Option<usize>,
    /// Tabs left at the end with changes that do not fit the quota (storage full, said so).
    full: usize,
    /// Changes reported saved before a replace or an erase took them away, as asked.
    cleared: BTreeSet<usize>,
    /// Tabs that have not seen the latest erase yet: what they report saved meanwhile is
    /// erased with the rest once they do (the person erased everything at that moment).
    erase_unseen: BTreeSet<usize>,
    /// Changes reported saved by a tab that had not seen an erase made at the same moment.
    erased_meanwhile: BTreeSet<usize>,
    serial: u128,
    faults: usize,
    steps: usize,
}

impl Model {
    fn new(quota: usize) -> Self {
        let mut start = generate(
            9,
            SampleSize {
                contacts: 8,
                interactions: 20,
            },
            NOW,
        );
        let mut seeded = Engine::with_buckets(MemoryStore::new(), 4);
        seeded.save(&mut start).expect("the first save");
        let quota_units = (quota != usize::MAX).then(|| seeded.store().units_used() + quota);
        let mut store = quota_units.map_or_else(MemoryStore::new, MemoryStore::with_quota);
        for (key, value) in seeded.store().entries() {
            store.set(key, value).expect("copy");
        }
        let hub = Rc::new(RefCell::new(Hub {
            shared: store.clone(),
            views: vec![store; TABS],
            ..Hub::default()
        }));
        MODEL_NOW.with(|now| now.set(0));
        STEPS.with(|state| state.set(0x9E37_79B9_7F4A_7C15));
        let mut model = Model {
            hub,
            tabs: Vec::new(),
            saved: Vec::new(),
            at_risk: BTreeSet::new(),
            lost_at_risk: 0,
            told: BTreeSet::new(),
            lost_told: 0,
            deleted_contacts: BTreeSet::new(),
            deleted_interactions: BTreeSet::new(),
            quota: quota_units,
            full: 0,
            cleared: BTreeSet::new(),
            erase_unseen: BTreeSet::new(),
            erased_meanwhile: BTreeSet::new(),
            serial: 0,
            faults: 0,
            steps: 0,
        };
        for tab in 0..TABS {
            let opened = model.open(tab);
            model.tabs.push(opened);
        }
        model
    }

    /// Opens a tab on its view, as a page load does.
    fn open(&self, tab: usize) -> Tab {
        let store = TabStore {
            tab,
            hub: Rc::clone(&self.hub),
        };
        let mut engine = Engine::with_buckets(store, 4);
        engine.clock = model_clock;
        engine.step = model_step;
        let ledger = match engine.load_salvaging() {
            Ok(salvaged) => {
                assert!(
                    salvaged.damaged.is_empty(),
                    "damage: {:?}",
                    salvaged.damaged
                );
                salvaged.ledger
            }
            Err(error) => panic!("tab {tab} cannot load: {error}"),
        };
        Tab {
            engine,
            ledger,
            unsaved: Vec::new(),
        }
    }

    fn next_id(&mut self) -> u128 {
        self.serial += 1;
        self.serial
    }

    /// Saves a tab's pending changes, as the app does after each change.
    fn save(&mut self, tab: usize) {
        let state = &mut self.tabs[tab];
        let pending = state.ledger.pending_changes().clone();
        let outcome = state.engine.save_rebasing(&mut state.ledger);
        if std::env::var_os("RAPPORT_MODEL_TRACE").is_some() {
            if let Err(error) = &outcome {
                eprintln!("  tab {tab} save: {error:?}");
            }
        }
        if outcome.is_ok() && state.ledger.pending_changes().is_empty() {
            self.report_saved(tab, &pending);
        }
    }

    /// The tab's unsaved changes are now reported saved, and so are those it saved before
    /// and had to save again (`resaved`: the pending changes of the save that succeeded, and
    /// its own saves within the grace, which it may have put back): their latest save is
    /// this one.
    fn report_saved(&mut self, tab: usize, resaved: &PendingChanges) {
        let now = MODEL_NOW.with(std::cell::Cell::get);
        for (fact, by, at) in &mut self.saved {
            // A save of this tab's within the grace may have been found lost and put back
            // in this one.
            let again = match *fact {
                Fact::Contact(id) => resaved.contacts.contains(&id),
                Fact::Interaction(id, _) => resaved.interactions.contains(&id),
            } || (*by == tab && now - *at < SWEEP_GRACE_MS);
            if again {
                *by = tab;
                *at = now;
            }
        }
        let facts = std::mem::take(&mut self.tabs[tab].unsaved);
        let first = self.saved.len();
        self.saved
            .extend(facts.into_iter().map(|fact| (fact, tab, now)));
        if self.erase_unseen.contains(&tab) {
            self.erased_meanwhile.extend(first..self.saved.len());
        }
    }

    /// A tab just opened has seen the latest erase when its view holds its marker.
    fn note_erase_seen(&mut self, tab: usize) {
        let hub = self.hub.borrow();
        let marker = |store: &MemoryStore| store.get(ERASED_KEY).ok().flatten();
        let latest = hub
            .views
            .iter()
            .filter_map(marker)
            .max_by_key(|text| text.parse::<i64>().unwrap_or(0));
        if marker(&hub.views[tab]) == latest {
            drop(hub);
            self.erase_unseen.remove(&tab);
        }
    }

    /// A replace or an erase took away what every tab knew of: every change reported
    /// saved so far, and every contact known, may go.
    fn clear_known(&mut self) {
        self.cleared.extend(0..self.saved.len());
        for tab in &self.tabs {
            self.deleted_contacts
                .extend(tab.ledger.contacts().map(|contact| contact.id));
        }
        let shared = self.hub.borrow().shared.clone();
        if let Ok(stored) = Engine::with_buckets(shared, 4).load() {
            self.deleted_contacts
                .extend(stored.contacts().map(|contact| contact.id));
        }
    }

    /// A tab goes: the changes it reported saved within the grace are at risk. A change
    /// saved once, found lost to another tab's save and not saved again since is pending in
    /// the tab: the tab said so (the storage error, and the browser's question before
    /// leaving), so it may be missing.
    fn forget_tab(&mut self, tab: usize) {
        let now = MODEL_NOW.with(std::cell::Cell::get);
        let pending = self.tabs[tab].ledger.pending_changes();
        for (index, (fact, by, at)) in self.saved.iter().enumerate() {
            let unsaved_again = match *fact {
                Fact::Contact(id) => pending.contacts.contains(&id),
                Fact::Interaction(id, _) => pending.interactions.contains(&id),
            };
            if unsaved_again {
                self.told.insert(index);
            } else if *by == tab && now - at < SWEEP_GRACE_MS {
                self.at_risk.insert(index);
            }
        }
    }

    fn nth_contact(&self, tab: usize, n: usize) -> Option<ContactId> {
        let ledger = &self.tabs[tab].ledger;
        let count = ledger.contacts().count();
        (count > 0).then(|| ledger.contacts().nth(n % count).map(|c| c.id))?
    }

    fn step(&mut self, op: &Op) {
        self.steps += 1;
        MODEL_NOW.with(|now| now.set(now.get() + 37));
        let at = Timestamp::from_millis(NOW.millis() + model_clock().millis());
        match *op {
            Op::Add(tab) => {
                let id = ContactId::new(at, self.next_id());
                let profile = ContactProfile::named(format!("Added in {tab}"), ContactKind::Person);
                if self.tabs[tab]
                    .ledger
                    .add_contact(id, profile, Stage::Target, at)
                    .is_ok()
                {
                    self.tabs[tab].unsaved.push(Fact::Contact(id));
                }
                self.save(tab);
            }
            Op::Log(tab, n) => {
                if let Some(contact) = self.nth_contact(tab, n) {
                    let id = InteractionId::new(at, self.next_id());
                    let details = InteractionDetails {
                        day: None,
                        link: String::new(),
                        at,
                        channel: Channel::Email,
                        kind: InteractionKind::Give,
                        direction: Direction::Outbound,
                        summary: format!("Logged in tab {tab}"),
                        learned: String::new(),
                        pitch: None,
                    };
                    if self.tabs[tab]
                        .ledger
                        .log_interaction(id, contact, details, at)
                        .is_ok()
                    {
                        self.tabs[tab].unsaved.push(Fact::Interaction(id, contact));
                    }
                }
                self.save(tab);
            }
            Op::Edit(tab, n) => {
                if let Some(contact) = self.nth_contact(tab, n) {
                    let ledger = &mut self.tabs[tab].ledger;
                    if let Some(found) = ledger.contact(contact) {
                        let mut profile = found.profile.clone();
                        profile.notes = format!("Edited in tab {tab} at {}", at.millis());
                        let _ = ledger.update_profile(contact, profile, at);
                    }
                }
                self.save(tab);
            }
            Op::DeleteContact(tab, n) => {
                if let Some(contact) = self.nth_contact(tab, n) {
                    if self.tabs[tab].ledger.delete_contact(contact, at).is_ok() {
                        self.deleted_contacts.insert(contact);
                    }
                }
                self.save(tab);
            }
            Op::DeleteInteraction(tab, n) => {
                let ledger = &mut self.tabs[tab].ledger;
                let count = ledger.interactions().count();
                let victim = (count > 0)
                    .then(|| ledger.interactions().nth(n % count).map(|i| i.id))
                    .flatten();
                if let Some(id) = victim {
                    if ledger.delete_interaction(id, at).is_ok() {
                        self.deleted_interactions.insert(id);
                    }
                }
                self.save(tab);
            }
            Op::Save(tab) => self.save(tab),
            Op::Deliver(count) => {
                let mut hub = self.hub.borrow_mut();
                for _ in 0..count {
                    hub.deliver_one();
                }
            }
            Op::Refresh(tab) => {
                self.hub.borrow_mut().events.remove(&tab);
                let state = &mut self.tabs[tab];
                let before = state.ledger.pending_changes().clone();
                let refreshed = state.engine.refresh(&mut state.ledger);
                if let Ok(Refreshed::Erased) = refreshed {
                    self.tabs[tab].unsaved.clear();
                    // The erase it saw may not be the latest one.
                    self.note_erase_seen(tab);
                }
                // What a rebase saved: what was pending, and any save of its own put back.
                if let Ok(Refreshed::Rebased(_)) = refreshed {
                    if self.tabs[tab].ledger.pending_changes().is_empty() {
                        self.report_saved(tab, &before);
                    }
                }
            }
            Op::Reload(tab) => {
                // What was not saved is lost, and the person was asked before leaving.
                self.hub.borrow_mut().flush(tab);
                self.forget_tab(tab);
                self.tabs[tab] = self.open(tab);
                self.note_erase_seen(tab);
            }
            Op::Replace(tab, n) => {
                self.serial += 1;
                let seed = 1_000 + self.serial as u64;
                let size = SampleSize {
                    contacts: n * 8,
                    interactions: n * 30,
                };
                let mut imported = generate(seed, size, at);
                self.clear_known();
                let state = &mut self.tabs[tab];
                // As the app replaces: the change from the ledger in place to the file's.
                imported.mark_changed_since(&state.ledger);
                state.unsaved = imported.contacts().map(|c| Fact::Contact(c.id)).collect();
                state.ledger = imported;
                self.save(tab);
            }
            Op::Erase(tab) => {
                if self.tabs[tab].engine.erase_everything().is_ok() {
                    self.clear_known();
                    let state = &mut self.tabs[tab];
                    state.ledger = Ledger::new();
                    state.unsaved.clear();
                    self.erase_unseen = (0..TABS).filter(|&other| other != tab).collect();
                }
            }
            Op::Fault(tab, n) => {
                self.faults += 1;
                self.hub.borrow_mut().views[tab].fail_at_write(n, FailureMode::Once);
            }
            Op::Crash(tab, n) => {
                self.faults += 1;
                self.hub.borrow_mut().views[tab].fail_at_write(n, FailureMode::FromThenOn);
                // The tab's next change dies at that write; then it is opened again.
                if let Some(contact) = self.nth_contact(tab, n) {
                    let state = &mut self.tabs[tab];
                    let id = InteractionId::new(at, self.serial + 1_000_000);
                    let _ = state.ledger.log_interaction(
                        id,
                        contact,
                        InteractionDetails {
                            day: None,
                            link: String::new(),
                            at,
                            channel: Channel::Phone,
                            kind: InteractionKind::Conversation,
                            direction: Direction::Inbound,
                            summary: "Cut short by a crash".into(),
                            learned: String::new(),
                            pitch: None,
                        },
                        at,
                    );
                    let _ = state.engine.save_rebasing(&mut state.ledger);
                }
                let mut hub = self.hub.borrow_mut();
                hub.views[tab].heal();
                hub.flush(tab);
                drop(hub);
                self.forget_tab(tab);
                self.tabs[tab] = self.open(tab);
                self.note_erase_seen(tab);
            }
            Op::Settle => self.settle(),
        }
        if std::env::var_os("RAPPORT_MODEL_TRACE").is_some() {
            self.trace(op);
        }
        self.check_loadable();
    }

    /// Prints the state after `op`, to follow a failing run step by step.
    fn trace(&self, op: &Op) {
        let hub = self.hub.borrow();
        let generation = |store: &MemoryStore| {
            store
                .get(MANIFEST_KEY)
                .ok()
                .flatten()
                .and_then(|text| serde_json::from_str::<Manifest>(&text).ok())
                .map(|manifest| (manifest.generation, manifest.lineage))
        };
        let watched: Option<u128> = std::env::var("RAPPORT_MODEL_WATCH")
            .ok()
            .and_then(|text| text.parse::<u128>().ok());
        let has = |ledger: &Ledger| {
            watched.map(|id| {
                ledger.interactions().any(|found| found.id.as_u128() == id)
                    || ledger.contact(ContactId::from_u128(id)).is_some()
            })
        };
        let stored = Engine::with_buckets(hub.shared.clone(), 4).load().ok();
        eprintln!(
            "{op:?}: shared {:?}, outbox {}, watched: stored {:?}, tabs {:?}",
            generation(&hub.shared),
            hub.outbox.len(),
            stored.as_ref().map(has),
            self.tabs
                .iter()
                .map(|tab| has(&tab.ledger))
                .collect::<Vec<_>>()
        );
        for (index, tab) in self.tabs.iter().enumerate() {
            eprintln!(
                "  tab {index}: view {:?}, committed {:?}, unconfirmed {:?}, pending {}, contacts {}",
                generation(&hub.views[index]).map(|g| g.0),
                tab.engine.committed.as_ref().map(|c| c.generation),
                tab.engine
                    .unconfirmed
                    .iter()
                    .map(|save| save.generation)
                    .collect::<Vec<_>>(),
                !tab.ledger.pending_changes().is_empty(),
                tab.ledger.contacts().count(),
            );
        }
    }

    /// Every write delivered and every storage event handled (a tab hears of another's save
    /// within moments, far within the grace), then the clock past the grace, so sweeps may run.
    fn settle(&mut self) {
        for _ in 0..8 {
            while self.hub.borrow_mut().deliver_one() {}
            let events = std::mem::take(&mut self.hub.borrow_mut().events);
            if events.is_empty() {
                break;
            }
            for tab in events {
                self.step(&Op::Refresh(tab));
            }
        }
        MODEL_NOW.with(|now| now.set(now.get() + SWEEP_GRACE_MS + 1));
        for tab in &mut self.tabs {
            tab.engine.sweep_due();
        }
        while self.hub.borrow_mut().deliver_one() {}
    }

    /// A tab opened now on the shared store loads it whole.
    fn check_loadable(&self) {
        let shared = self.hub.borrow().shared.clone();
        let mut fresh = Engine::with_buckets(shared, 4);
        fresh.clock = model_clock;
        match fresh.load_salvaging() {
            Ok(salvaged) => assert!(
                salvaged.damaged.is_empty(),
                "after step {}: damaged {:?}",
                self.steps,
                salvaged.damaged
            ),
            Err(error) => panic!(
                "after step {}: the store does not load: {error}",
                self.steps
            ),
        }
    }

    /// Heals every fault, lets the grace pass, delivers everything and lets every tab catch
    /// up and save, then checks that every change reported saved is in the store.
    fn finish(&mut self) {
        for view in &mut self.hub.borrow_mut().views {
            view.heal();
        }
        // Time passes, as it does before a person tries again: what saves replaced within
        // the grace (a burst of replaces can fill a tight quota with them) is swept.
        self.settle();
        for _ in 0..4 {
            while self.hub.borrow_mut().deliver_one() {}
            for tab in 0..TABS {
                self.step(&Op::Refresh(tab));
                if !self.tabs[tab].ledger.pending_changes().is_empty() {
                    self.save(tab);
                }
            }
        }
        while self.hub.borrow_mut().deliver_one() {}
        let shared = self.hub.borrow().shared.clone();
        let stored = Engine::with_buckets(shared, 4)
            .load()
            .expect("the settled store loads");
        for (index, (fact, by, at)) in self.saved.iter().enumerate() {
            let kept = match *fact {
                Fact::Contact(id) => {
                    self.deleted_contacts.contains(&id) || stored.contact(id).is_some()
                }
                Fact::Interaction(id, contact) => {
                    self.deleted_contacts.contains(&contact)
                        || self.deleted_interactions.contains(&id)
                        || stored.interaction(id).is_some()
                }
            };
            if !kept && (self.cleared.contains(&index) || self.erased_meanwhile.contains(&index)) {
                continue;
            }
            if !kept && self.told.contains(&index) {
                self.lost_told += 1;
            } else if !kept && self.at_risk.contains(&index) {
                self.lost_at_risk += 1;
            } else {
                assert!(
                    kept,
                    "{fact:?} was reported saved (by tab {by} at {at}) and is missing"
                );
            }
        }
        for tab in &self.tabs {
            if tab.ledger.pending_changes().is_empty() {
                continue;
            }
            // Storage full, and the tab said so: allowed only when what it would save does
            // not fit, with the room a save in steps needs (a bucket, a quarter of the
            // ledger over the model's 4 buckets) and the manifest's.
            let combined = crate::domain::rebase::rebase_pending(&tab.ledger, stored.clone())
                .expect("the tab's changes rebase")
                .ledger;
            let mut measure = Engine::with_buckets(MemoryStore::new(), 4);
            let mut ledger = combined;
            measure
                .save(&mut ledger)
                .expect("an unlimited store takes it");
            let needed = measure.store().units_used();
            assert!(
                self.quota
                    .is_some_and(|quota| needed + needed / 4 + 4_000 > quota),
                "a tab could not save once storage healed, though its {needed} units fit"
            );
            self.full += 1;
        }
    }
}

/// How many runs: `PROPTEST_CASES`, else `default`.
/// Runs `ops` from the starting store with every view's `quota`, then settles and checks
/// that nothing reported saved is missing ([`Model::finish`]); the model, for its figures.
fn replay(quota: usize, ops: &[Op]) -> Model {
    let mut model = Model::new(quota);
    for op in ops {
        model.step(op);
    }
    model.finish();
    model
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

#[test]
fn tabs_faults_and_crashes_never_lose_a_saved_change() {
    let config = Config {
        cases: cases(1_000),
        failure_persistence: None,
        ..Config::default()
    };
    let started = std::time::Instant::now();
    let totals = RefCell::new((0usize, 0usize, 0usize, 0usize, 0usize, 0usize, 0usize));
    // The test command replays the same runs each time, so CI never fails by chance;
    // scripts/model.sh draws new ones.
    let mut runner = if std::env::var_os("RAPPORT_MODEL_RANDOM").is_some() {
        TestRunner::new(config.clone())
    } else {
        TestRunner::new_with_rng(
            config.clone(),
            TestRng::deterministic_rng(RngAlgorithm::ChaCha),
        )
    };
    runner
        .run(&run(), |(quota, ops)| {
            let model = replay(quota, &ops);
            let mut totals = totals.borrow_mut();
            totals.0 += model.steps;
            totals.1 += model.faults;
            totals.2 += model.hub.borrow().delivered;
            totals.3 += model.lost_at_risk;
            totals.4 += model.saved.len();
            totals.5 += model.lost_told;
            totals.6 += model.full;
            Ok(())
        })
        .unwrap_or_else(|failure| panic!("{failure}"));
    let (steps, faults, delivered, lost_at_risk, saved, lost_told, full) = totals.into_inner();
    println!(
        "model: {} cases, {steps} steps, {faults} faults injected, {delivered} writes \
         delivered, {saved} changes reported saved; lost: {lost_told} found lost, not saved again and \
         said so before their tab went, {lost_at_risk} by a tab that went within the grace of \
         a concurrent commit; {full} tabs left with changes too big for the quota (storage \
         full, said so); {:.1} s",
        config.cases,
        started.elapsed().as_secs_f64()
    );
}

/// A run the model found: tab 0's saves were built on by tab 2's manifest, which a stale
/// tab 1 then replaced; tab 0 had already forgotten them as safe. Set
/// `RAPPORT_MODEL_TRACE=1` to follow a run step by step.
#[test]
fn a_save_built_on_by_a_manifest_replaced_in_turn_is_put_back() {
    use Op::*;
    let ops = [
        Save(0),
        Save(0),
        Save(0),
        Add(0),
        Save(0),
        Add(0),
        Add(0),
        Add(0),
        Deliver(5),
        Log(2, 1),
        Log(0, 0),
        Log(1, 0),
        Deliver(7),
        Add(2),
        Add(1),
        Deliver(5),
        Log(0, 0),
        Edit(1, 0),
    ];
    replay(usize::MAX, &ops);
}

/// A run the model found: a contact added in a tab that was then reloaded, its save lost to
/// a stale tab's, while another tab had logged an interaction with it; that tab's rebase
/// took the contact's unchanged record for a side effect and let the deletion stand. Set
/// `RAPPORT_MODEL_WATCH` to an interaction id (a number) to follow it through a trace.
#[test]
fn an_interaction_logged_on_a_contact_lost_elsewhere_brings_the_contact_back() {
    use Op::*;
    let ops = [
        Add(0),
        Crash(0, 0),
        Add(2),
        Log(1, 0),
        Reload(2),
        Add(1),
        Edit(0, 0),
        Add(2),
        Deliver(4),
        Add(1),
        Add(1),
        Deliver(4),
        Log(0, 9),
        Log(1, 0),
        Save(0),
    ];
    replay(usize::MAX, &ops);
}

/// A run the model found: a tab put its lost saves back on top of a ledger that, it turned
/// out, already held them (another tab had built on them); that ledger was replaced in turn,
/// and the tab's new save, which wrote only the difference, could not put them back again.
#[test]
fn changes_saved_again_over_a_ledger_that_held_them_are_put_back_when_it_is_lost() {
    use Op::*;
    let ops = [
        Save(0),
        Add(0),
        Deliver(2),
        Log(1, 0),
        Log(1, 2),
        Refresh(0),
        Add(0),
        Edit(0, 0),
        Deliver(5),
        Add(2),
        Deliver(3),
        Refresh(1),
        Add(0),
        Log(2, 0),
        Deliver(7),
        Add(0),
        Deliver(2),
        Add(0),
        Add(0),
        Add(0),
        Add(0),
        Refresh(1),
        Edit(0, 0),
    ];
    replay(usize::MAX, &ops);
}

/// A run the model found: a tab adds a contact while its view has not yet received
/// another tab's replace; both commits are on their way at once.
#[test]
fn a_contact_added_while_another_tab_replaces_the_ledger_stays() {
    use Op::*;
    let ops = [Replace(0, 1), Add(1)];
    replay(usize::MAX, &ops);
}

/// A run the model found: a contact added after one replace, then another tab's replace
/// made without having seen either.
#[test]
fn a_replace_over_saves_its_tab_never_saw_keeps_them() {
    use Op::*;
    let ops = [Replace(0, 1), Add(0), Replace(2, 1), Settle, Reload(2)];
    replay(usize::MAX, &ops);
}

/// A run the model found: a tab that crashed and reopened before another tab's erase reached
/// it adds a contact.
#[test]
fn a_contact_added_after_a_crash_while_another_tab_erases_is_kept_or_said_erased() {
    use Op::*;
    let ops = [Erase(0), Crash(1, 1), Add(1), Deliver(2), Log(0, 0)];
    replay(usize::MAX, &ops);
}

/// A run the model found: two replaces at once under a tight quota.
#[test]
fn two_replaces_at_once_under_a_tight_quota() {
    use Op::*;
    let ops = [
        Replace(1, 5),
        Edit(2, 1),
        Edit(0, 0),
        Save(0),
        Reload(2),
        Replace(2, 5),
        Deliver(7),
        Log(2, 0),
        Log(2, 0),
        Add(0),
        Refresh(1),
        Add(0),
        Add(0),
    ];
    replay(60_000, &ops);
}

/// A run the model found (`scripts/model.sh`): tab 0, rebasing onto tab 1's save in a
/// store full of chunks that saves moments before had left (still within the grace), wrote
/// in steps and removed tab 1's chunks at once, while tab 2, not having seen it yet,
/// committed over tab 1's save; tab 2's manifest stayed, listing chunks that were gone.
/// Now tab 0's save waits for the sweep instead.
#[test]
fn a_save_that_fits_after_the_sweep_never_removes_chunks_another_tab_builds_on() {
    use Op::*;
    let ops = [
        Add(0),
        Replace(2, 1),
        Add(0),
        Replace(0, 5),
        Add(0),
        Add(1),
        Crash(2, 1),
        Replace(1, 5),
        Add(0),
        Reload(1),
        Replace(1, 2),
        Fault(2, 2),
        Log(2, 0),
        Add(2),
    ];
    replay(70_297, &ops);
}

/// A tab replaces a ledger too big to write beside the old one, in steps, removing each
/// replaced chunk at once; another tab, not having seen the replace, adds a contact over
/// the manifest it read before, and its manifest is the one that stays, listing chunks that
/// are gone. A load reads each from the chunk of its bucket the replace wrote (an empty one
/// where the replace emptied the bucket), lists those, and nothing is lost.
#[test]
fn a_save_over_a_replace_in_steps_loads_from_the_chunks_the_replace_wrote() {
    use Op::*;
    // (the quota above the starting ledger, in units; the imported ledger's size)
    for (quota, size) in [(1_000, 1), (500, 2), (3_500, 2)] {
        let ops = [Replace(0, size), Add(1), Deliver(200)];
        replay(quota, &ops);
    }
}

/// A run the 100,000-case run found: tab 1 follows tab 0's import, deletes an organization
/// of it (which unlinks its people) and its save fails; tab 2, which never saw the import,
/// commits meanwhile, and tab 0 crashes. Tab 1's rebase took the people it unlinked as
/// deleted in tab 2's ledger, though that ledger never had them: it does not build on the
/// one tab 1 changed. Now only a ledger that builds on this tab's is read as deleting.
#[test]
fn a_rebase_onto_a_ledger_that_never_had_a_contact_changed_here_keeps_it() {
    use Op::*;
    let ops = [
        Replace(0, 3),
        Add(2),
        DeleteContact(0, 8),
        Add(0),
        Deliver(3),
        Add(2),
        Deliver(6),
        Edit(2, 0),
        Refresh(1),
        Fault(1, 0),
        DeleteContact(1, 7),
        Log(0, 0),
        Deliver(4),
        Add(1),
        Crash(0, 0),
    ];
    replay(usize::MAX, &ops);
}
