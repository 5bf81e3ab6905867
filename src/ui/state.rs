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

thread_local! {
    /// How many toasts were shown (their serial numbers).
    static TOASTS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The reason recorded with a stage move the playbook proposed and the person accepted.
pub const PROPOSED_MOVE_REASON: &str = "The playbook's evidence supported it";

/// A short message at the bottom of the screen, with an undo for one-tap changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    /// Tells apart two toasts with the same words, so one's timer never closes the other.
    serial: u64,
    /// What happened, in plain words.
    pub message: String,
    /// What Undo puts back, if the change can be undone.
    pub undo: Option<Undo>,
}

/// A change the toast's Undo reverses.
#[derive(Clone, Debug, PartialEq)]
pub enum Undo {
    /// A deleted contact, with everything that went with it.
    Restore(Box<RemovedContact>),
    /// A promise marked kept or missed from Today: open it again, unless it changed since.
    Reopen {
        /// The promise.
        promise: PromiseId,
        /// Kept or missed.
        status: PromiseStatus,
        /// When it was marked so.
        resolved_at: Timestamp,
    },
    /// A contact snoozed from Today: wake it, unless its snooze changed since.
    Unsnooze {
        /// Who was snoozed.
        contact: ContactId,
        /// The day the snooze ends.
        until: NaiveDate,
    },
    /// A quality check just recorded: remove it, unless it is gone already.
    Unrate {
        /// Whose relationship.
        contact: ContactId,
        /// When the check was recorded.
        at: Timestamp,
    },
    /// A quality check just deleted: put it back, unless one of that instant is back already.
    Rerate {
        /// Whose relationship.
        contact: ContactId,
        /// The check deleted.
        check: Box<QualityCheck>,
    },
    /// A stage move made from Today: take it back, unless the contact moved again since.
    Unmove {
        /// Who moved.
        contact: ContactId,
        /// The stage entered.
        to: Stage,
        /// When the move was recorded.
        at: Timestamp,
    },
}

impl Undo {
    /// Whether the change is still the ledger's latest word on the record, so undoing it
    /// overwrites nothing done since (on another page, or in another tab).
    pub fn still_applies(&self, ledger: &Ledger) -> bool {
        match self {
            Undo::Restore(removed) => ledger.contact(removed.contact.id).is_none(),
            Undo::Reopen {
                promise,
                status,
                resolved_at,
            } => ledger.promise(*promise).is_some_and(|found| {
                found.status == *status && found.resolved_at == Some(*resolved_at)
            }),
            Undo::Unsnooze { contact, until } => ledger
                .contact(*contact)
                .is_some_and(|found| found.snoozed_until == Some(*until)),
            Undo::Unrate { contact, at } => ledger
                .contact(*contact)
                .is_some_and(|found| found.quality_checks.iter().any(|check| check.at == *at)),
            Undo::Rerate { contact, check } => ledger
                .contact(*contact)
                .is_some_and(|found| !found.quality_checks.iter().any(|kept| kept.at == check.at)),
            Undo::Unmove { contact, to, at } => ledger
                .contact(*contact)
                .is_some_and(|found| found.journey.can_take_back(*to, *at)),
        }
    }
}

/// Shared, copyable handles to the app's state; get it with [`use_app_state`].
#[derive(Clone, Copy)]
pub struct AppState {
    /// Every record. Components read it through `with` and memos.
    pub ledger: RwSignal<Ledger>,
    /// The page shown.
    pub route: RwSignal<Route>,
    /// Why the last load or save failed, in plain words; `None` when all is saved.
    pub storage_error: RwSignal<Option<String>>,
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
    /// `None` when storage is unavailable or its data could not be read: then nothing is
    /// ever written, so unreadable data is never overwritten.
    engine: StoredValue<Option<Engine<LocalStore>>, LocalStorage>,
}

impl AppState {
    /// Opens localStorage and loads the ledger, telling the person if either fails. Damaged
    /// chunks do not stop the rest from loading; they are named, and saving waits.
    fn load() -> Self {
        let storage_error = RwSignal::new(None);
        let damaged = RwSignal::new(Vec::new());
        let unreadable = RwSignal::new(false);
        let (ledger, engine, usage) = match LocalStore::open() {
            Err(error) => {
                storage_error.set(Some(error.to_string()));
                (Ledger::new(), None, 0)
            }
            Ok(store) => {
                let mut engine = Engine::new(store);
                match browser::measured("rapport:load", || engine.load_salvaging()) {
                    Ok(salvaged) => {
                        if !salvaged.damaged.is_empty() {
                            storage_error.set(Some(damage_message(&salvaged.damaged)));
                            damaged.set(salvaged.damaged);
                        }
                        let usage = engine.usage_units();
                        (salvaged.ledger, Some(engine), usage)
                    }
                    Err(error) => {
                        // The engine stays: it refuses to write over what it could not
                        // read, and still offers the raw download and the erase.
                        unreadable.set(true);
                        storage_error.set(Some(format!("{error} {UNREADABLE_WAY_OUT}")));
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
            storage_error,
            toast: RwSignal::new(None),
            tab_notice: RwSignal::new(None),
            usage_units: RwSignal::new(usage),
            quota_units: RwSignal::new(kept_quota.unwrap_or(DEFAULT_QUOTA_UNITS)),
            quota_known: StoredValue::new(kept_quota.is_some()),
            keeping: browser::keeping(),
            walk_requested: RwSignal::new(None),
            name_to_add: RwSignal::new(None),
            changed_elsewhere: RwSignal::new(false),
            damaged,
            unreadable,
            replaced: RwSignal::new(None),
            backup: RwSignal::new(BackupHabit::load()),
            engine: StoredValue::new_local(engine),
        }
    }

    /// Runs a ledger operation at the current time and saves what it changed.
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

    /// Puts a whole new ledger in place (the demo) and saves it. Returns whether
    /// it is in storage.
    pub fn replace_ledger(&self, ledger: Ledger) -> bool {
        self.keep_replaced();
        let ledger = self.as_change_from_current(ledger);
        self.ledger.set(ledger);
        self.save()
    }

    /// `ledger`, with what differs from the ledger in place marked as this tab's changes:
    /// saved, a replace then writes only what changed, bucket by bucket when it is big, and
    /// what another tab saved at the same moment stays on top of it (a whole rewrite would
    /// wipe it out).
    fn as_change_from_current(&self, mut ledger: Ledger) -> Ledger {
        self.ledger
            .with_untracked(|current| ledger.mark_changed_since(current));
        ledger
    }

    /// Puts a ledger read from an export in place, replacing this one, and
    /// saves it. Returns whether it is in storage.
    pub fn restore_from_export(&self, ledger: Ledger) -> bool {
        self.keep_replaced();
        let ledger = self.as_change_from_current(ledger);
        self.put_restoring(ledger)
    }

    /// Puts the ledger in place aside ([`replaced`](Self::replaced)) before a replace, unless
    /// it is empty (nothing to keep).
    fn keep_replaced(&self) {
        let current = self.ledger.get_untracked();
        if !current.is_empty() {
            self.replaced.set(Some(current));
        }
    }

    /// Puts back the ledger the last replace put aside, and saves it. Returns whether
    /// it is in storage; the replacing one is let go.
    pub fn undo_replace(&self) -> bool {
        let Some(previous) = self.replaced.try_update(Option::take).flatten() else {
            return false;
        };
        let previous = self.as_change_from_current(previous);
        self.put_restoring(previous)
    }

    /// Downloads the ledger the last replace put aside, as an export under the backup's
    /// name.
    pub fn download_replaced(&self) {
        let now = browser::now();
        let text = self.replaced.with_untracked(|previous| {
            previous
                .as_ref()
                .map(|previous| export_json(previous, now.at))
        });
        let Some(text) = text else {
            return;
        };
        if browser::download(&backup_file_name(now.today), "application/json", &text).is_err() {
            self.notify("The browser refused the download.", None);
        }
    }

    /// Puts an export merged into this ledger in place and writes only what the merge
    /// changed ([`Ledger::mark_changed_since`]): no room for a second copy of the ledger is
    /// needed, and another tab's save meanwhile is kept. Returns whether it is in storage.
    pub fn put_merged(&self, mut merged: Ledger) -> bool {
        self.ledger
            .with_untracked(|current| merged.mark_changed_since(current));
        self.put_restoring(merged)
    }

    /// Puts contacts imported into `imported`, a copy of `base` (the ledger when the import
    /// began), in place and writes only what the import changed. When the ledger changed
    /// meanwhile (another tab's save followed, or an edit here while the import paused),
    /// the import's changes go on top of it ([`changes_on_top`]) instead of over it. With
    /// damaged storage nothing is written, as for any save: the person decides first.
    /// Returns whether it is in storage, or why the import cannot go on top of the ledger
    /// (then nothing changed).
    pub fn put_imported(&self, imported: Ledger, base: &Ledger) -> Result<bool, LedgerError> {
        let ledger = self
            .ledger
            .with_untracked(|current| changes_on_top(imported, base, current))?;
        self.ledger.set(ledger);
        Ok(self.save())
    }

    /// Puts a ledger built from an export in place and saves it. After damage, importing
    /// the last export is how the damage banner says to restore everything: the ledger now
    /// in place goes on without the damaged part, whose unreadable text stays aside.
    fn put_restoring(&self, ledger: Ledger) -> bool {
        self.ledger.set(ledger);
        if self.damaged.with_untracked(|damaged| !damaged.is_empty()) {
            return self.continue_without_damaged();
        }
        self.save()
    }

    /// Removes everything Rapport keeps in this browser (the ledger, the backup reminder,
    /// the theme, this tab's drafts) and starts again from an empty page. Returns why it could not,
    /// in plain words.
    pub fn erase_everything(&self) -> Result<(), String> {
        let erased = self
            .engine
            .try_update_value(|engine| engine.as_mut().map(|engine| engine.erase_everything()));
        match erased.flatten() {
            Some(Ok(_)) => {
                // Nothing may write the ledger in memory back while the page goes: no engine,
                // no save (the reload's "pagehide" saves would undo the erase).
                self.engine.set_value(None);
                drafts::forget_all();
                browser::reload();
                Ok(())
            }
            Some(Err(error)) => Err(format!("Storage refused to erase everything: {error}")),
            None => Err(
                "Storage is not available in this browser, so there is nothing to erase."
                    .to_owned(),
            ),
        }
    }

    /// Writes the pending changes; on failure the ledger stays in memory with its changes
    /// pending, and the person is told what happened and offered an export. Returns whether
    /// everything is in storage.
    pub fn save(&self) -> bool {
        let ledger = self.ledger;
        let outcome = self.engine.try_update_value(|engine| {
            engine.as_mut().map(|engine| {
                let saved = browser::measured("rapport:save", || {
                    ledger.try_update_untracked(|ledger| engine.save_rebasing(ledger))
                });
                (saved, engine.usage_units())
            })
        });
        match outcome.flatten() {
            Some((Some(Ok((_, rebased))), usage)) => {
                self.changed_elsewhere.set(false);
                if self.damaged.with_untracked(Vec::is_empty) {
                    self.storage_error.set(None);
                }
                self.usage_units.set(usage);
                if let Some(rebase) = rebased {
                    // The ledger now holds the other tab's work too: show it.
                    self.ledger.notify();
                    self.tab_notice.set(Some(rebase.message()));
                }
                self.sweep_later();
                true
            }
            Some((Some(Err(error)), _)) => {
                self.storage_error.set(Some(error.to_string()));
                false
            }
            Some((None, _)) | None => false,
        }
    }

    /// As the page goes: removes the chunks replaced a moment ago or more, so the text of
    /// a deletion does not wait in storage for the next visit ([`Engine::sweep_on_leaving`]).
    fn sweep_on_leaving(&self) {
        self.engine.try_update_value(|engine| {
            if let Some(engine) = engine {
                engine.sweep_on_leaving();
            }
        });
    }

    /// Once the grace of [`SWEEP_GRACE_MS`] has passed, removes the chunks the last save
    /// replaced, so what was deleted leaves storage within seconds.
    fn sweep_later(&self) {
        let engine = self.engine;
        set_timeout(
            move || {
                engine.try_update_value(|engine| {
                    if let Some(engine) = engine {
                        engine.sweep_due();
                    }
                });
            },
            std::time::Duration::from_millis(SWEEP_GRACE_MS.unsigned_abs() + 500),
        );
    }

    /// Measures the room of this browser's localStorage once, unless a figure is kept
    /// already. The figure is kept ([`quota::measure_and_keep`]) only beside a ledger: a
    /// browser where Rapport holds nothing (just erased) keeps nothing of it. Where storage
    /// cannot be measured, the default stays.
    pub fn measure_quota(&self) {
        if self.quota_known.get_value() {
            return;
        }
        self.quota_known.set_value(true);
        let keep = !self.ledger.with_untracked(Ledger::is_empty);
        let measured = LocalStore::open().ok().and_then(|mut store| {
            if keep {
                measure_and_keep(&mut store, &browser::user_agent()).ok()
            } else {
                quota::probe_quota(&mut store).ok()
            }
        });
        if let Some(units) = measured {
            self.quota_units.set(units);
        }
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
                self.notify(error.to_string(), None);
                false
            }
        }
    }

    /// Shows a toast.
    pub fn notify(&self, message: impl Into<String>, undo: Option<Undo>) {
        let linger = if undo.is_some() { 12 } else { 6 };
        let toast = Toast {
            serial: TOASTS.with(|count| {
                count.set(count.get() + 1);
                count.get()
            }),
            message: message.into(),
            undo,
        };
        self.toast.set(Some(toast.clone()));
        let shown = self.toast;
        set_timeout(
            move || {
                if shown.with_untracked(|current| current.as_ref() == Some(&toast)) {
                    shown.set(None);
                }
            },
            std::time::Duration::from_secs(linger),
        );
    }

    /// Downloads the whole ledger as a JSON export and remembers when, for the backup
    /// reminder. Returns whether the download happened, so a replace can wait for its backup.
    pub fn export_now(&self) -> bool {
        self.export_as(export_file_name)
    }

    /// Downloads the whole ledger before it is replaced, under a name of its own (see
    /// [`backup_file_name`]). Returns whether the download happened: the replace waits for it.
    pub fn back_up_before_replace(&self) -> bool {
        self.export_as(backup_file_name)
    }

    /// Downloads the whole ledger under the name `name_for` gives today's date, and
    /// remembers when, for the backup reminder. When the stored ledger could not be read,
    /// the file holds only what this tab has, so it does not count as a backup.
    fn export_as(&self, name_for: fn(NaiveDate) -> String) -> bool {
        let now = browser::now();
        let text = self
            .ledger
            .with_untracked(|ledger| export_json(ledger, now.at));
        if browser::download(&name_for(now.today), "application/json", &text).is_err() {
            self.notify("The browser refused the download.", None);
            return false;
        }
        if self.unreadable.get_untracked() {
            self.notify(
                "Exported what this tab holds. Your stored ledger could not be read, so this \
                 file is not a backup of it: download what is stored, as it is, too.",
                None,
            );
            return true;
        }
        self.backup
            .update(|habit| habit.last_export_at = Some(now.at));
        self.store_backup_habit();
        true
    }

    /// Saves the backup habit on this device; a failure only means an early reminder.
    pub fn store_backup_habit(&self) {
        if let Err(error) = self.backup.get_untracked().store() {
            self.notify(
                format!("The backup reminder could not be saved: {error}"),
                None,
            );
        }
    }

    /// Downloads every key Rapport keeps in this browser exactly as stored, for when the
    /// ledger cannot be read: nothing of it is lost, and it is never taken for an export.
    pub fn download_raw_storage(&self) {
        let dump = self
            .engine
            .with_value(|engine| engine.as_ref().map(Engine::raw_dump));
        let outcome = match dump {
            Some(Ok(text)) => browser::download(
                &raw_dump_file_name(browser::now().today),
                "application/json",
                &text,
            )
            .map_err(|_| "The browser refused the download.".to_owned()),
            Some(Err(error)) => Err(error.to_string()),
            None => Err("Storage is not available in this browser.".to_owned()),
        };
        if let Err(message) = outcome {
            self.notify(message, None);
        }
    }

    /// Whether some change is not in storage yet (its save failed or is refused).
    pub fn has_unsaved_changes(&self) -> bool {
        self.ledger
            .with_untracked(|ledger| !ledger.pending_changes().is_empty())
    }

    /// Goes on without the damaged chunks found at load: their text stays in storage under
    /// another key, and everything that loaded (with any change made since) is saved.
    /// Returns whether it was saved.
    pub fn continue_without_damaged(&self) -> bool {
        let ledger = self.ledger;
        let outcome = self.engine.try_update_value(|engine| {
            engine.as_mut().map(|engine| {
                let saved =
                    ledger.try_update_untracked(|ledger| engine.continue_without_damaged(ledger));
                (saved, engine.usage_units())
            })
        });
        match outcome.flatten() {
            Some((Some(Ok(_)), usage)) => {
                self.damaged.set(Vec::new());
                self.storage_error.set(None);
                self.usage_units.set(usage);
                self.notify(
                    "Saving is back on. The damaged part is kept aside, unread.",
                    None,
                );
                self.sweep_later();
                true
            }
            Some((Some(Err(StorageError::ChangedElsewhere)), _)) => {
                self.show_changed_elsewhere();
                false
            }
            Some((Some(Err(error)), _)) => {
                self.storage_error.set(Some(error.to_string()));
                false
            }
            Some((None, _)) | None => false,
        }
    }

    /// Says that another tab saved and offers a reload, still naming any damage that waits
    /// for a decision (going on without it is refused until the page is read again).
    fn show_changed_elsewhere(&self) {
        self.changed_elsewhere.set(true);
        let changed = StorageError::ChangedElsewhere.to_string();
        let message = self.damaged.with_untracked(|damaged| {
            if damaged.is_empty() {
                changed
            } else {
                format!("{} {changed}", damage_message(damaged))
            }
        });
        self.storage_error.set(Some(message));
    }

    /// Looks at storage again: another tab saved, or this tab was shown again or restored
    /// from the back/forward cache (where it missed the storage events). With nothing
    /// unsaved here, the other tab's ledger is read in so this tab shows it at once (damage
    /// found on the way is named and offered the same choice as at load); otherwise this
    /// tab's changes, and any save of its own the other tab's replaced, go on top of it
    /// and are saved ([`Engine::refresh`]).
    fn refresh(&self) {
        if self.damaged.with_untracked(|damaged| !damaged.is_empty()) {
            self.show_changed_elsewhere();
            return;
        }
        let ledger = self.ledger;
        let outcome = self.engine.try_update_value(|engine| {
            engine.as_mut().map(|engine| {
                let refreshed = ledger.try_update_untracked(|ledger| engine.refresh(ledger));
                (refreshed, engine.usage_units())
            })
        });
        match outcome.flatten() {
            Some((Some(Ok(Refreshed::Unchanged)), _)) => {}
            Some((Some(Ok(Refreshed::Followed(damaged))), usage)) => {
                self.ledger.notify();
                self.usage_units.set(usage);
                self.changed_elsewhere.set(false);
                self.storage_error
                    .set((!damaged.is_empty()).then(|| damage_message(&damaged)));
                self.damaged.set(damaged);
                self.sweep_later();
            }
            Some((Some(Ok(Refreshed::Erased)), usage)) => {
                self.ledger.notify();
                self.usage_units.set(usage);
                self.changed_elsewhere.set(false);
                self.storage_error.set(None);
                drafts::forget_all();
                self.tab_notice.set(Some(
                    "Everything Rapport kept in this browser was erased from another tab or \
                     window. This tab shows the empty ledger now."
                        .to_owned(),
                ));
            }
            Some((Some(Ok(Refreshed::Rebased(rebase))), usage)) => {
                self.ledger.notify();
                self.usage_units.set(usage);
                self.changed_elsewhere.set(false);
                self.storage_error.set(None);
                self.tab_notice.set(Some(rebase.message()));
                self.sweep_later();
            }
            Some((Some(Err(error)), _)) => {
                // The ledger may have taken in a lost save's changes: show what is unsaved.
                self.ledger.notify();
                self.changed_elsewhere.set(true);
                self.storage_error.set(Some(error.to_string()));
            }
            Some((None, _)) | None => {}
        }
    }

    /// Whether changes reach storage at all.
    pub fn can_save(&self) -> bool {
        self.engine.with_value(Option::is_some)
    }
}

/// What the person is told after the stored ledger could not be read at all.
const UNREADABLE_WAY_OUT: &str = "Nothing will be written over it. Download what is stored, \
     as it is, to keep it (it is not an export), or erase everything on the Data page to \
     start again.";

/// What the person is told when part of the stored data could not be read.
fn damage_message(damaged: &[DamagedChunk]) -> String {
    let parts: Vec<String> = damaged
        .iter()
        .map(|chunk| {
            format!(
                "{} (stored under {}: {})",
                chunk.missing(),
                chunk.key,
                chunk.reason
            )
        })
        .collect();
    format!(
        "Part of your saved data could not be loaded: {}. Everything else is loaded. Saving \
         is paused so nothing more is lost: export what loaded now, or import your last \
         export on the Data page to restore everything. Without an export, continue without \
         the damaged part: its stored text is kept aside in storage (and in \"Download what \
         is stored, as it is\"), and saving resumes.",
        parts.join("; ")
    )
}

/// Goes to a page (through the location hash, so the browser's back button works).
pub fn navigate(route: Route) {
    if let Some(window) = web_sys::window() {
        // A failure leaves the person on the current page, which is harmless.
        let _ = window.location().set_hash(&route.href());
    }
}

fn location_hash() -> Option<String> {
    web_sys::window()?.location().hash().ok()
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
    // Where each list page (Today, Contacts) was scrolled when it was left: coming back to
    // one, from a contact opened in it, goes on from there. Other pages start at the top.
    let scrolled = StoredValue::new(Vec::<(Route, f64)>::new());
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let route = Route::parse(&location_hash().unwrap_or_default());
        let left = state.route.get_untracked();
        if route == left {
            return;
        }
        if matches!(left, Route::Today | Route::Contacts) {
            let y = browser::scroll_y();
            scrolled.update_value(|list| {
                list.retain(|(page, _)| *page != left);
                list.push((left, y));
            });
        }
        // Before the new page renders, so that a dialog it opens keeps the focus.
        browser::start_page();
        state.route.set(route);
        let back_to = scrolled.with_value(|list| {
            list.iter()
                .find(|(page, _)| *page == route)
                .map(|&(_, y)| y)
        });
        if let Some(y) = back_to {
            // Once the page has rendered at its full height.
            request_animation_frame(move || browser::scroll_to(y));
        }
    });
    // The manifest is written last by every save: its change means another tab committed.
    let storage_listener = window_event_listener(leptos::ev::storage, move |event| {
        if event
            .key()
            .is_none_or(|key| key == MANIFEST_KEY || key == ERASED_KEY)
        {
            state.refresh();
        }
    });
    // A page restored from the back/forward cache missed the storage events of its time
    // away, and a hidden tab may have been frozen: look again when it shows.
    let pageshow = window_event_listener_untyped("pageshow", move |event| {
        let restored = js_sys::Reflect::get(&event, &"persisted".into())
            .ok()
            .and_then(|persisted| persisted.as_bool())
            .unwrap_or(false);
        if restored {
            state.refresh();
        }
    });
    let visibility = window_event_listener_untyped("visibilitychange", move |_| {
        let shown = web_sys::window()
            .and_then(|window| window.document())
            .is_some_and(|document| !document.hidden());
        if shown {
            state.refresh();
        }
    });
    // Saves happen as changes are made; one that failed gets a last try as the page goes.
    let pagehide = window_event_listener_untyped("pagehide", move |_| {
        if state.has_unsaved_changes() && state.can_save() {
            state.save();
        }
        state.sweep_on_leaving();
    });
    let beforeunload = window_event_listener(leptos::ev::beforeunload, move |event| {
        if state.has_unsaved_changes() {
            // Browsers show their own words; asking is all a page can do.
            event.prevent_default();
            event.set_return_value("Some changes are not saved yet.");
        }
    });
    on_cleanup(move || {
        listener.remove();
        storage_listener.remove();
        pageshow.remove();
        visibility.remove();
        pagehide.remove();
        beforeunload.remove();
    });
    state
}

/// The app state provided by [`provide_app_state`].
pub fn use_app_state() -> AppState {
    use_context::<AppState>().expect("AppState is provided by the App component")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample::{demo, DEMO_SEED};

    const NOW: Timestamp = Timestamp::from_millis(1_795_305_600_000);

    #[test]
    fn an_undo_applies_only_while_its_change_is_the_latest() {
        let now = Now::utc(NOW);
        let mut ledger = demo(DEMO_SEED, now);
        let promise = ledger
            .promises()
            .find(|promise| promise.status == PromiseStatus::Open)
            .map(|promise| promise.id)
            .expect("an open promise");
        ledger
            .set_promise_status(promise, PromiseStatus::Kept, now)
            .expect("kept");
        let reopen = Undo::Reopen {
            promise,
            status: PromiseStatus::Kept,
            resolved_at: NOW,
        };
        assert!(reopen.still_applies(&ledger));
        let later = NOW.plus_days(1);
        ledger
            .set_promise_status(promise, PromiseStatus::Missed, Now::utc(later))
            .expect("missed");
        assert!(!reopen.still_applies(&ledger), "marked missed since");

        let contact = ledger.contacts().next().map(|c| c.id).expect("contact");
        let until = now.today.succ_opt().expect("tomorrow");
        ledger.snooze(contact, Some(until), NOW).expect("snooze");
        let unsnooze = Undo::Unsnooze { contact, until };
        assert!(unsnooze.still_applies(&ledger));
        ledger.snooze(contact, None, later).expect("woken");
        assert!(!unsnooze.still_applies(&ledger), "woken since");

        let entered = ledger.contact(contact).expect("contact").journey.clone();
        let to = if entered.current() == Stage::Partnership {
            Stage::Relationship
        } else {
            Stage::Partnership
        };
        ledger
            .move_stage(contact, to, String::new(), later)
            .expect("moved");
        let unmove = Undo::Unmove {
            contact,
            to,
            at: later,
        };
        assert!(unmove.still_applies(&ledger));
        ledger
            .move_stage(contact, entered.current(), String::new(), later)
            .expect("moved back by hand");
        assert!(!unmove.still_applies(&ledger), "moved again since");

        let check = QualityCheck {
            at: later,
            trust: 3,
            mutuality: 3,
            commitment: 3,
            satisfaction: 3,
            note: String::new(),
            relationship_type: None,
        };
        ledger
            .add_quality_check(contact, check.clone())
            .expect("rated");
        let unrate = Undo::Unrate { contact, at: later };
        assert!(unrate.still_applies(&ledger));
        let deleted = ledger
            .remove_quality_check(contact, later, later)
            .expect("removed by hand");
        assert!(!unrate.still_applies(&ledger), "removed since");
        let rerate = Undo::Rerate {
            contact,
            check: Box::new(deleted),
        };
        assert!(rerate.still_applies(&ledger));
        ledger.add_quality_check(contact, check).expect("back");
        assert!(!rerate.still_applies(&ledger), "already back");

        let removed = ledger.delete_contact(contact, later).expect("deleted");
        let restore = Undo::Restore(Box::new(removed.clone()));
        assert!(restore.still_applies(&ledger));
        ledger.restore(removed, later).expect("restored");
        assert!(!restore.still_applies(&ledger), "already back");
    }
}
