//! The sweep: chunks no manifest lists any more, removed once they stayed unlisted for
//! the grace (another tab may be about to commit them).

use super::*;

impl<S: KeyValueStore> Engine<S> {
    /// Notes the chunk keys the committed manifest does not list, and removes those that
    /// stayed unlisted for [`SWEEP_GRACE_MS`] ([`retire`](Self::retire)).
    pub(super) fn sweep(&mut self, committed: &Committed) {
        let Ok(keys) = self.store.keys() else {
            return;
        };
        let listed: HashSet<String> = committed.entries().map(ChunkEntry::key).collect();
        // A key noted before keeps its first time: its grace counts from then.
        let now = (self.clock)();
        for key in keys {
            if key.starts_with(CHUNK_PREFIX) && !listed.contains(&key) {
                self.unlisted_since.entry(key).or_insert(now);
            }
        }
        self.retire(committed);
    }

    /// Removes, best effort, every noted key unlisted for at least [`SWEEP_GRACE_MS`]. A
    /// noted key that `committed` lists (another tab's manifest took it up) is forgotten
    /// first, so its grace starts again when it is unlisted again.
    pub(super) fn retire(&mut self, committed: &Committed) {
        self.unlisted_since.retain(|key, _| !committed.lists(key));
        self.remove_expired(committed, SWEEP_GRACE_MS);
    }

    /// Removes, best effort, every noted key `committed` does not list that was noted at
    /// least `grace_ms` ago; says whether anything was removed. A chunk of a bucket whose
    /// listed chunk is missing stays: it may be what replaced it ([`replaced`]). Storage is
    /// listed only when something is due, so a save pays nothing for it.
    fn remove_expired(&mut self, committed: &Committed, grace_ms: i64) -> bool {
        let now = (self.clock)();
        let due: Vec<String> = self
            .unlisted_since
            .iter()
            .filter(|(key, since)| {
                !committed.lists(key) && now.millis() - since.millis() >= grace_ms
            })
            .map(|(key, _)| key.clone())
            .collect();
        if due.is_empty() {
            return false;
        }
        let Ok(keys) = self.store.keys() else {
            return false;
        };
        let keep = replaced::buckets_missing_their_chunk(committed, &keys.into_iter().collect());
        let mut removed = false;
        for key in due {
            if rebuild::parse_chunk_key(&key).is_some_and(|(bucket, _)| keep.contains(&bucket)) {
                continue;
            }
            self.unlisted_since.remove(&key);
            // A key left behind is found unlisted again at the next load.
            removed |= self.store.remove(&key).is_ok();
        }
        removed
    }

    /// Removes the chunks replaced or left over that have now been unlisted for
    /// [`SWEEP_GRACE_MS`]; the app calls it once that time has passed after a save or a
    /// load. Nothing is removed while another tab's manifest has replaced this engine's
    /// (the next load looks again).
    pub fn sweep_due(&mut self) {
        let Some(committed) = self.committed.take() else {
            return;
        };
        if self.manifest_unchanged(&committed) {
            self.retire(&committed);
        }
        self.committed = Some(committed);
    }

    /// As the tab closes: removes the chunks this engine's saves replaced at least
    /// [`LEAVING_GRACE_MS`] ago, when no other tab has committed since, so the text of a
    /// deletion does not stay in storage until the next visit. The rest wait for the next
    /// load's sweep.
    pub fn sweep_on_leaving(&mut self) {
        let Some(committed) = self.committed.take() else {
            return;
        };
        if self.manifest_unchanged(&committed) {
            self.remove_expired(&committed, LEAVING_GRACE_MS);
        }
        self.committed = Some(committed);
    }

    /// When storage is full: removes the noted keys `committed` does not list whose grace
    /// is over, which a save may not have come to yet. Says whether anything was removed, so
    /// the save can try again. A key within its grace stays even now: it may be a chunk
    /// another tab has just written and is about to commit.
    pub(super) fn remove_unlisted_now(&mut self, committed: &Committed) -> bool {
        self.remove_expired(committed, SWEEP_GRACE_MS)
    }

    /// Whether chunks this engine's saves replaced (or a load found unlisted) wait for their
    /// grace to be removed: a save refused for want of room may fit once it is over
    /// ([`SWEEP_GRACE_MS`]), after [`sweep_due`](Self::sweep_due) or at the save itself.
    pub fn awaits_sweep(&self) -> bool {
        self.committed
            .as_ref()
            .is_some_and(|committed| self.units_awaiting_sweep(committed) > 0)
    }

    /// Units of the chunk keys this engine noted unlisted and will remove once their grace
    /// is over: room the next save after it has, beside what the store holds now.
    pub(super) fn units_awaiting_sweep(&self, committed: &Committed) -> usize {
        self.unlisted_since
            .keys()
            .filter(|key| !committed.lists(key))
            .filter_map(|key| {
                let text = self.store.get(key).ok().flatten()?;
                Some(entry_units(key, &text))
            })
            .sum()
    }

    pub(super) fn remove_best_effort<'k>(&mut self, keys: impl Iterator<Item = &'k String>) {
        for key in keys {
            // A key left behind is unreferenced, and swept at the next load.
            let _ = self.store.remove(key);
        }
    }
}
