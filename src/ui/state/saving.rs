//! Saving what changed, sweeping what no save lists, the room left, and the way out when
//! stored data could not be read.

use super::*;

impl AppState {
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
                    self.storage_problem.set(None);
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
                self.storage_problem
                    .set(Some(StorageProblem::Failed(error)));
                false
            }
            Some((None, _)) | None => false,
        }
    }

    /// As the page goes: removes the chunks replaced a moment ago or more, so the text of
    /// a deletion does not wait in storage for the next visit ([`Engine::sweep_on_leaving`]).
    pub(super) fn sweep_on_leaving(&self) {
        self.engine.try_update_value(|engine| {
            if let Some(engine) = engine {
                engine.sweep_on_leaving();
            }
        });
    }

    /// Whether chunks the last saves replaced wait for their grace to be removed: a save
    /// refused for want of room may fit once it is over.
    pub(super) fn awaits_sweep(&self) -> bool {
        self.engine
            .with_value(|engine| engine.as_ref().is_some_and(Engine::awaits_sweep))
    }

    /// Once the grace of [`SWEEP_GRACE_MS`] has passed, removes the chunks the last save
    /// replaced, so what was deleted leaves storage within seconds.
    pub(super) fn sweep_later(&self) {
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
                self.storage_problem.set(None);
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
                self.storage_problem
                    .set(Some(StorageProblem::Failed(error)));
                false
            }
            Some((None, _)) | None => false,
        }
    }

    /// Whether changes reach storage at all.
    pub fn can_save(&self) -> bool {
        self.engine.with_value(Option::is_some)
    }
}
