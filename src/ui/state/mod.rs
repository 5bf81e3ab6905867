//! The app's shared state: the ledger signal, the storage engine behind it, and what the
//! person must be told. Every change goes through [`AppState::apply`], which runs a ledger
//! operation and then saves what it changed.

use leptos::prelude::*;

use super::backup::BackupHabit;
use super::browser;
use super::drafts;
use super::keeping::Keeping;
use super::quota::{self, kept_quota, measure_and_keep, DEFAULT_QUOTA_UNITS};
use super::route::Route;
use crate::domain::merge::changes_on_top;
use crate::domain::{
    ContactId, Ledger, LedgerError, Now, PromiseId, PromiseStatus, QualityCheck, RemovedContact,
    Stage, Timestamp,
};
use crate::storage::engine::Refreshed;
use crate::storage::engine::{DamagedChunk, MANIFEST_KEY, SWEEP_GRACE_MS};
use crate::storage::json::{backup_file_name, export_file_name, export_json};
use crate::storage::{raw_dump_file_name, ERASED_KEY};
use crate::storage::{Engine, LocalStore, StorageError};
use chrono::NaiveDate;

mod backups;
mod focus;
mod notices;
mod problem;
mod replacing;
mod routing;
mod saving;
mod sync;
mod sync_lock;
mod sync_passphrase;
mod sync_schedule;
mod sync_store;
mod tabs;
mod undo;

pub use focus::FocusRequest;
use focus::PendingFocus;
pub use notices::Toast;
pub use problem::StorageProblem;
use routing::location_hash;
pub use routing::navigate;
pub use sync::{SyncForm, SyncState};
pub use undo::Undo;

/// The reason recorded with a stage move the playbook proposed and the person accepted.
pub const PROPOSED_MOVE_REASON: &str = "The playbook's evidence supported it";

/// Shared, copyable handles to the app's state; get it with [`use_app_state`].
#[derive(Clone, Copy)]
pub struct AppState {
    /// Every record. Components read it through `with` and memos.
    pub ledger: RwSignal<Ledger>,
    /// The page shown.
    pub route: RwSignal<Route>,
    /// Why the last load or save failed; `None` when all is saved.
    pub storage_problem: RwSignal<Option<StorageProblem>>,
    /// The toast on screen.
    pub toast: RwSignal<Option<Toast>>,
    /// What another tab's work did to this tab's (kept both, or where not): shown until
    /// dismissed, apart from the toast, so the toast an action shows after its save never
    /// hides it.
    pub tab_notice: RwSignal<Option<String>>,
    /// Space the ledger takes in localStorage, in UTF-16 code units.
    pub usage_units: RwSignal<usize>,
    /// The room of this browser's localStorage, in the same units: the figure kept from an
    /// earlier measure, else Chromium's and Firefox's until [`measure_quota`](Self::measure_quota).
    pub quota_units: RwSignal<usize>,
    /// Whether the quota is known (kept or measured, or the measure failed): it is measured
    /// once.
    quota_known: StoredValue<bool>,
    /// What this browser does with the data when Rapport is not visited (Safari's 7 days).
    pub keeping: Keeping,
    /// Another tab changed the stored ledger: what this tab shows may be out of date.
    pub changed_elsewhere: RwSignal<bool>,
    /// Chunks of stored data that could not be read at load; saving waits until the person
    /// decides ([`continue_without_damaged`](Self::continue_without_damaged)).
    pub damaged: RwSignal<Vec<DamagedChunk>>,
    /// The stored ledger could not be read at all: nothing is written over it, and the
    /// person is offered its raw download and the erase.
    pub unreadable: RwSignal<bool>,
    /// The ledger a replace (an imported export, the demo) put aside, kept in this tab until
    /// it closes: the person can put it back or download it, whatever became of the backup
    /// download (a cancelled save dialog is not seen by the page).
    pub replaced: RwSignal<Option<Ledger>>,
    /// When this device last exported, and when to remind.
    pub backup: RwSignal<BackupHabit>,
    /// A contact whose page should open on the guided walk (just added).
    pub walk_requested: RwSignal<Option<crate::domain::ContactId>>,
    /// A name typed in the quick log that matched nobody: the contacts page opens its
    /// new-contact form with it.
    pub name_to_add: RwSignal<Option<String>>,
    /// Sync with the person's CouchDB: on or off, running, when it last synced, what waits.
    pub sync: SyncState,
    /// Where a hand-off asks the keyboard to go ([`request_focus`](Self::request_focus)).
    focus: RwSignal<PendingFocus>,
    /// `None` when storage is unavailable or its data could not be read: then nothing is
    /// ever written, so unreadable data is never overwritten.
    engine: StoredValue<Option<Engine<LocalStore>>, LocalStorage>,
}

impl AppState {
    /// Opens localStorage and loads the ledger, telling the person if either fails. Damaged
    /// chunks do not stop the rest from loading; they are named, and saving waits.
    pub(super) fn load() -> Self {
        let storage_problem = RwSignal::new(None);
        let damaged = RwSignal::new(Vec::new());
        let unreadable = RwSignal::new(false);
        let (ledger, engine, usage) = match LocalStore::open() {
            Err(error) => {
                storage_problem.set(Some(StorageProblem::Unavailable(error)));
                (Ledger::new(), None, 0)
            }
            Ok(store) => {
                let mut engine = Engine::new(store);
                match browser::measured("rapport:load", || engine.load_salvaging()) {
                    Ok(salvaged) => {
                        if !salvaged.damaged.is_empty() {
                            storage_problem
                                .set(Some(StorageProblem::Damaged(salvaged.damaged.clone())));
                            damaged.set(salvaged.damaged);
                        }
                        let usage = engine.usage_units();
                        (salvaged.ledger, Some(engine), usage)
                    }
                    Err(error) => {
                        // The engine stays: it refuses to write over what it could not
                        // read, and still offers the raw download and the erase.
                        unreadable.set(true);
                        storage_problem.set(Some(StorageProblem::Unreadable(error)));
                        (Ledger::new(), Some(engine), 0)
                    }
                }
            }
        };
        let kept_quota = LocalStore::open()
            .ok()
            .and_then(|store| kept_quota(&store, &browser::user_agent()));
        Self {
            ledger: RwSignal::new(ledger),
            route: RwSignal::new(Route::parse(&location_hash().unwrap_or_default())),
            storage_problem,
            toast: RwSignal::new(None),
            tab_notice: RwSignal::new(None),
            usage_units: RwSignal::new(usage),
            quota_units: RwSignal::new(kept_quota.unwrap_or(DEFAULT_QUOTA_UNITS)),
            quota_known: StoredValue::new(kept_quota.is_some()),
            keeping: browser::keeping(),
            walk_requested: RwSignal::new(None),
            name_to_add: RwSignal::new(None),
            focus: RwSignal::new(PendingFocus::default()),
            sync: SyncState::new(),
            changed_elsewhere: RwSignal::new(false),
            damaged,
            unreadable,
            replaced: RwSignal::new(None),
            backup: RwSignal::new(BackupHabit::load()),
            engine: StoredValue::new_local(engine),
        }
    }

    /// Runs a ledger operation at the current time and saves what it changed: the one door
    /// through which the UI changes the ledger. It is a transaction because every ledger
    /// operation and command is all or nothing (a failed one changes neither the records nor
    /// what is unsaved: `a_failing_operation_changes_nothing` in the core crate), so
    /// `operation` must be one of them; a change made of several steps is a command in
    /// `rapport_core::domain::commands`, never several calls here.
    pub fn apply<T>(
        &self,
        operation: impl FnOnce(&mut Ledger, Now) -> Result<T, LedgerError>,
    ) -> Result<T, LedgerError> {
        let now = browser::now();
        let result = self
            .ledger
            .try_update(|ledger| operation(ledger, now))
            .expect("the ledger signal lives as long as the app");
        if result.is_ok() {
            self.save();
        }
        result
    }

    /// Makes the stage move the playbook proposes (from Today, the playbook panel or the
    /// guided walk) and says so, with an undo. Returns whether the move was recorded.
    pub fn accept_proposed_move(&self, contact: ContactId, to: Stage) -> bool {
        let outcome = self.apply(|ledger, now| {
            let moved = ledger.move_stage(contact, to, PROPOSED_MOVE_REASON.to_owned(), now.at)?;
            ledger
                .contact(contact)
                .and_then(|found| {
                    Some((
                        moved,
                        found.profile.name.clone(),
                        found.journey.entered_at()?,
                    ))
                })
                .ok_or(LedgerError::ContactNotFound(contact))
        });
        match outcome {
            // Already there (a second tap, another tab): nothing was moved, nothing to undo.
            Ok((false, name, _)) => {
                self.notify(format!("{name} is already at {}.", to.label()), None);
                false
            }
            Ok((true, name, at)) => {
                self.notify(
                    format!("{name} moved to {}.", to.label()),
                    Some(Undo::Unmove { contact, to, at }),
                );
                true
            }
            Err(error) => {
                self.notify_refusal(&error);
                false
            }
        }
    }
}

/// Loads the ledger, puts the app state in context and follows the location hash.
pub fn provide_app_state() -> AppState {
    let state = AppState::load();
    provide_context(state);
    // A store of an old version that must be rewritten (version 1) is rewritten at once:
    // until then every close would ask about unsaved changes, and other tabs' saves could
    // not be followed.
    if state.has_unsaved_changes()
        && state.can_save()
        && state.damaged.with_untracked(Vec::is_empty)
    {
        state.save();
    }
    // What the load found unlisted (left by a tab closed within the grace) goes too.
    state.sweep_later();
    // Once the ledger could fill a smaller room than the default (WebKit's), the warning
    // needs the real one.
    Effect::new(move |_| {
        if quota::worth_measuring(state.usage_units.get()) {
            state.measure_quota();
        }
    });
    routing::follow_location(state);
    tabs::follow_other_tabs(state);
    sync_schedule::sync_automatically(state);
    state
}

/// The app state provided by [`provide_app_state`].
pub fn use_app_state() -> AppState {
    use_context::<AppState>().expect("AppState is provided by the App component")
}
