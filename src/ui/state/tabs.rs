//! Following other tabs of the same ledger: what they saved, and this tab's own changes
//! put back on top.

use super::*;

impl AppState {
    /// Says that another tab saved and offers a reload, still naming any damage that waits
    /// for a decision (going on without it is refused until the page is read again).
    pub(super) fn show_changed_elsewhere(&self) {
        self.changed_elsewhere.set(true);
        let damaged = self.damaged.get_untracked();
        self.storage_problem
            .set(Some(StorageProblem::ChangedElsewhere(damaged)));
    }

    /// Looks at storage again: another tab saved, or this tab was shown again or restored
    /// from the back/forward cache (where it missed the storage events). With nothing
    /// unsaved here, the other tab's ledger is read in so this tab shows it at once (damage
    /// found on the way is named and offered the same choice as at load); otherwise this
    /// tab's changes, and any save of its own the other tab's replaced, go on top of it
    /// and are saved ([`Engine::refresh`]).
    pub(super) fn refresh(&self) {
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
                self.storage_problem
                    .set((!damaged.is_empty()).then(|| StorageProblem::Damaged(damaged.clone())));
                self.damaged.set(damaged);
                self.sweep_later();
            }
            Some((Some(Ok(Refreshed::Erased)), usage)) => {
                self.ledger.notify();
                self.usage_units.set(usage);
                self.changed_elsewhere.set(false);
                self.storage_problem.set(None);
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
                self.storage_problem.set(None);
                self.tab_notice.set(Some(rebase.message()));
                self.sweep_later();
            }
            Some((Some(Err(error)), _)) => {
                // The ledger may have taken in a lost save's changes: show what is unsaved.
                self.ledger.notify();
                self.changed_elsewhere.set(true);
                self.storage_problem
                    .set(Some(StorageProblem::Failed(error)));
            }
            Some((None, _)) | None => {}
        }
    }
}

/// Follows what other tabs commit (and what this tab missed while restored from the
/// back/forward cache or hidden), gives a failed save a last try as the page goes, and asks
/// before leaving with changes not saved.
pub(super) fn follow_other_tabs(state: AppState) {
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
        storage_listener.remove();
        pageshow.remove();
        visibility.remove();
        pagehide.remove();
        beforeunload.remove();
    });
}
