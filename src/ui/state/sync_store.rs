//! The app's side of a sync round: the ledger signal and the storage engine as a
//! [`SyncStore`], read afresh after every answer from the server and kept together with the
//! journal, so the person edits on while a request is in flight.

use super::*;
use crate::sync::round::{Kept, SyncFailure, SyncStore};
use rapport_core::sync::Journal;

/// How long a step refused for want of room waits before it is kept again: the storage
/// engine's grace for the copies replaced, and a little more.
const RETRY_WHEN_FULL_MS: u32 = SWEEP_GRACE_MS.unsigned_abs() as u32 + 500;

/// The app's ledger and engine as a round reads and keeps them: read afresh after every
/// answer, kept together with the journal, and read again from storage when another tab
/// committed first.
pub(super) struct AppStore(pub(super) AppState);

impl SyncStore for AppStore {
    fn current(&mut self) -> Result<(Ledger, Journal), SyncFailure> {
        let ledger = self.0.ledger.get_untracked();
        let journal = self.0.engine.with_value(|engine| {
            engine
                .as_ref()
                .and_then(|engine| engine.sync_journal(&ledger))
        });
        journal
            .map(|journal| (ledger, journal))
            .ok_or(SyncFailure::Off)
    }

    fn keep(&mut self, mut ledger: Ledger, journal: Journal) -> Result<Kept, SyncFailure> {
        let state = self.0;
        let saved = state.engine.try_update_value(|engine| {
            engine.as_mut().map(|engine| {
                (
                    engine.save_with_journal(&mut ledger, Some(journal)),
                    engine.usage_units(),
                )
            })
        });
        match saved.flatten() {
            Some((Ok(_), usage)) => {
                // A step that changed no record (a push, an empty page) re-renders nothing.
                if state.ledger.with_untracked(|current| *current == ledger) {
                    state.ledger.update_untracked(|current| *current = ledger);
                } else {
                    state.ledger.set(ledger);
                }
                state.usage_units.set(usage);
                state.sweep_later();
                state.count_waiting();
                Ok(Kept::Kept)
            }
            Some((Err(StorageError::ChangedElsewhere), _)) => {
                state.refresh();
                Ok(Kept::Refreshed)
            }
            // Full of what the last steps replaced, removed once their grace is over.
            Some((Err(StorageError::QuotaExceeded), _)) if state.awaits_sweep() => Ok(Kept::Full {
                retry_in_ms: RETRY_WHEN_FULL_MS,
            }),
            Some((Err(error), _)) => Err(SyncFailure::NotKept(error.to_string())),
            None => Err(SyncFailure::NotKept(
                "this browser's storage is not available".to_owned(),
            )),
        }
    }

    fn took(&mut self, documents: usize) {
        self.0
            .sync
            .progress
            .update(|(taken, _)| *taken += documents);
    }

    fn sent(&mut self, documents: usize) {
        self.0.sync.progress.update(|(_, sent)| *sent += documents);
    }
}
