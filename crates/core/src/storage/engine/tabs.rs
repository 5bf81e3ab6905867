//! Other tabs: following their saves, putting this tab's changes on top of them, and
//! putting back a save of this tab's that another tab's replaced.

use super::*;

/// A save that another tab's manifest may still have replaced.
#[derive(Debug)]
pub(super) struct UnconfirmedSave {
    pub(super) generation: u64,
    /// When a manifest building on it was first seen; `None` until then.
    pub(super) seen_kept_at: Option<Timestamp>,
    pub(super) changes: PendingChanges,
}

/// What [`Engine::refresh`] found in storage.
#[derive(Debug)]
pub enum Refreshed {
    /// Storage still holds this tab's last save (or nothing newer than it).
    Unchanged,
    /// Another tab saved, and this tab had nothing unsaved: the ledger is now that save.
    /// Chunks that could not be read are listed, as for [`Engine::load_salvaging`].
    Followed(Vec<DamagedChunk>),
    /// Another tab saved, and this tab's unsaved changes (or a save of its own that the
    /// other tab's replaced) were put on top of it and saved.
    Rebased(RebaseReport),
    /// Everything was erased from another tab: the ledger is now the empty one, and what
    /// this tab had not saved went with the rest, as the person asked there.
    Erased,
}

impl<S: KeyValueStore> Engine<S> {
    /// [`save`](Self::save), and when another tab committed first: reads its ledger, puts
    /// this ledger's pending changes on top of it ([`rebase_pending`]) and saves that, so
    /// neither tab's work is lost. `ledger` becomes the combined ledger; the result says
    /// what the rebase kept, when one happened.
    ///
    /// A save of this engine that the other tab's manifest replaced (both committed in the
    /// same instant) is put back on top too. When the rebase or its save fails, the engine
    /// goes back to the state it had, so the next save finds the other tab's save again
    /// instead of writing over it.
    pub fn save_rebasing(
        &mut self,
        ledger: &mut Ledger,
    ) -> Result<(SaveReport, Option<RebaseReport>), StorageError> {
        match self.save(ledger) {
            Err(StorageError::ChangedElsewhere) => {
                let previous = self.committed.clone();
                let outcome = self.load().and_then(|stored| {
                    // The manifest just read tells which saves of this engine it replaced,
                    // and whether it builds on the state this tab changed.
                    let mut history = StoredHistory::BuildsOnMine;
                    if let Some(loaded) = self.committed.take() {
                        self.reclaim_lost_saves(&loaded, ledger);
                        if let Some(base) = &previous {
                            if loaded.descends_from(base.generation) != Some(true) {
                                history = StoredHistory::Diverged;
                            }
                        }
                        self.committed = Some(loaded);
                    }
                    let rebased = rebase_pending_onto(ledger, stored, history)
                        .map_err(StorageError::Inconsistent)?;
                    let mut combined = rebased.ledger;
                    let report = self.save(&mut combined)?;
                    // This save carries this tab's changes even where the stored ledger had
                    // them already (a save of this tab's that another tab built on): should
                    // that ledger be replaced in turn, they are put back from here.
                    let saved = self
                        .committed
                        .as_ref()
                        .map(|committed| committed.generation);
                    if let Some(last) = self.unconfirmed.last_mut() {
                        if Some(last.generation) == saved {
                            last.changes
                                .absorb_earlier(ledger.pending_changes().clone());
                        }
                    }
                    Ok((report, combined, rebased.report))
                });
                match outcome {
                    Ok((report, combined, rebase)) => {
                        *ledger = combined;
                        Ok((report, Some(rebase)))
                    }
                    Err(error) => {
                        self.committed = previous;
                        self.held = None;
                        self.members = None;
                        Err(error)
                    }
                }
            }
            other => other.map(|report| (report, None)),
        }
    }

    /// Looks at storage again (another tab's save announced, the tab shown again, restored
    /// from the back/forward cache): when another tab saved, follows it with `ledger` when
    /// nothing here is unsaved, or puts this tab's changes on top and saves; a save of this
    /// tab that the other's replaced is put back on top too, so no change reported as saved
    /// is lost. While damage found at load waits for the person's decision, nothing is done.
    pub fn refresh(&mut self, ledger: &mut Ledger) -> Result<Refreshed, StorageError> {
        if self.erased_elsewhere()? {
            // Final in every tab: this one starts again from the empty store.
            self.committed = None;
            self.held = None;
            self.members = None;
            self.unconfirmed.clear();
            let salvaged = self.load_salvaging()?;
            *ledger = salvaged.ledger;
            return Ok(Refreshed::Erased);
        }
        if self.held.is_some() {
            return Ok(Refreshed::Unchanged);
        }
        let Some(committed) = self.committed.as_ref() else {
            if !ledger.pending_changes().is_empty() {
                return Ok(Refreshed::Unchanged);
            }
            let salvaged = self.load_salvaging()?;
            *ledger = salvaged.ledger;
            return Ok(Refreshed::Followed(salvaged.damaged));
        };
        if self.manifest_unchanged(committed) {
            // This tab's latest save is still the stored one: every save of its is kept.
            let now = (self.clock)();
            for save in &mut self.unconfirmed {
                save.seen_kept_at.get_or_insert(now);
            }
            self.forget_settled_saves();
            return Ok(Refreshed::Unchanged);
        }
        let stored = self.read_committed()?;
        if stored.generation == committed.generation && !ledger.pending_changes().is_empty() {
            // The same save, written out again: the pending changes go on it as they are.
            let text = stored.manifest_text.clone();
            if let Some(committed) = self.committed.as_mut() {
                committed.manifest_text = text;
            }
            return Ok(Refreshed::Unchanged);
        }
        self.reclaim_lost_saves(&stored, ledger);
        if ledger.pending_changes().is_empty() {
            let salvaged = self.load_salvaging()?;
            *ledger = salvaged.ledger;
            return Ok(Refreshed::Followed(salvaged.damaged));
        }
        let (_, rebase) = self.save_rebasing(ledger)?;
        Ok(Refreshed::Rebased(rebase.unwrap_or_default()))
    }

    /// Whether everything was erased from another tab since this engine read the ledger:
    /// the erase marker differs from the one it saw. An engine that never read sees it now.
    pub(super) fn erased_elsewhere(&mut self) -> Result<bool, StorageError> {
        let marker = self.store.get(ERASED_KEY)?;
        match &self.erase_seen {
            Some(seen) => Ok(*seen != marker),
            None => {
                self.erase_seen = Some(marker);
                Ok(false)
            }
        }
    }

    /// The erase marker this engine last read, for the manifest it writes.
    pub(super) fn marker_seen(&self) -> Option<&str> {
        self.erase_seen.as_ref().and_then(Option::as_deref)
    }

    /// Remembers a save this engine just committed, with what it wrote, until it is known
    /// to stay.
    pub(super) fn remember_unconfirmed(&mut self, generation: u64, at: Timestamp, ledger: &Ledger) {
        self.forget_settled_saves();
        if self.unconfirmed.len() >= MAX_UNCONFIRMED {
            self.unconfirmed.remove(0);
        }
        // The earlier saves are in this one's lineage: kept, as long as this one is.
        for save in &mut self.unconfirmed {
            save.seen_kept_at.get_or_insert(at);
        }
        self.unconfirmed.push(UnconfirmedSave {
            generation,
            seen_kept_at: None,
            changes: ledger.pending_changes().clone(),
        });
    }

    /// Forgets the saves seen kept [`SWEEP_GRACE_MS`] ago or more: by then every tab has
    /// seen the manifest that kept them, and any manifest written later builds on it (the
    /// grace the sweep counts on). A save never seen kept stays until it is.
    pub(super) fn forget_settled_saves(&mut self) {
        let now = (self.clock)();
        self.unconfirmed.retain(|save| {
            save.seen_kept_at
                .is_none_or(|seen| now.millis() - seen.millis() < SWEEP_GRACE_MS)
        });
    }

    /// Puts back into `ledger`'s pending changes every save of this engine that `stored`
    /// (another tab's newer manifest) does not build on: that tab committed in the same
    /// instant, and its manifest replaced this one's. A save it builds on is kept until it
    /// settles, since the manifest that built on it may itself be replaced in turn by a tab
    /// that had not seen either.
    pub(super) fn reclaim_lost_saves(&mut self, stored: &Committed, ledger: &mut Ledger) {
        // Newest first, so each older save's bases (the older ancestors) win.
        let now = (self.clock)();
        let mut kept = Vec::new();
        for mut save in std::mem::take(&mut self.unconfirmed).into_iter().rev() {
            // Older than the lineage reaches counts as lost too: putting back what this tab
            // holds of it loses nothing, forgetting it might.
            if stored.descends_from(save.generation) == Some(true) {
                save.seen_kept_at.get_or_insert(now);
                kept.push(save);
            } else {
                ledger.add_pending(save.changes);
            }
        }
        kept.reverse();
        self.unconfirmed = kept;
        self.forget_settled_saves();
    }
}
