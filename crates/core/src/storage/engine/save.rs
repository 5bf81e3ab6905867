//! Saving: the changed buckets written, then the manifest (the commit point); in steps
//! when the ledger is too big to write beside what it replaces.

use super::*;

/// What a save wrote, for the status line and for tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SaveReport {
    /// Chunks written (the manifest not included).
    pub chunks_written: usize,
    /// UTF-16 code units written, chunks and manifest, keys included.
    pub units_written: usize,
}

/// A save committed: the state it committed, what it wrote, and the keys it left unlisted
/// (replaced chunks, and a save in steps' empty chunks), whose grace starts now.
pub(super) type Commit = (Committed, SaveReport, Vec<String>);

impl<S: KeyValueStore> Engine<S> {
    /// Writes the ledger's pending changes: the changed chunks under a new generation, then
    /// the manifest, then removes the chunks it replaced. On failure storage still holds the
    /// previous save, the ledger keeps its pending changes, and the error says why.
    ///
    /// The first save of an engine that has not loaded writes everything. While sync is
    /// on, the changes saved are noted in its journal, committed with them
    /// ([`Journal::note_pending`]).
    pub fn save(&mut self, ledger: &mut Ledger) -> Result<SaveReport, StorageError> {
        self.save_noting(ledger, None)
    }

    /// [`save`](Self::save), committing `journal` with the ledger (`None` turns sync off)
    /// instead of noting the pending changes in the journal committed before: a sync step's
    /// journal accounts for them already ([`sync_journal`](Self::sync_journal)), and for
    /// what the step changed, which is not a change made here.
    pub fn save_with_journal(
        &mut self,
        ledger: &mut Ledger,
        journal: Option<Journal>,
    ) -> Result<SaveReport, StorageError> {
        self.save_noting(ledger, Some(journal))
    }

    /// Sync's journal as committed; `None` while sync is off (or before a load).
    pub fn journal(&self) -> Option<&Journal> {
        self.committed.as_ref()?.journal.as_ref()
    }

    /// What a sync step starts from: the journal as committed, with what `ledger` changed
    /// since its last save noted. `None` while sync is off.
    pub fn sync_journal(&self, ledger: &Ledger) -> Option<Journal> {
        noted(self.journal(), ledger)
    }

    /// [`save`](Self::save) with the journal `given`, or else the committed one with the
    /// pending changes noted.
    fn save_noting(
        &mut self,
        ledger: &mut Ledger,
        given: Option<Option<Journal>>,
    ) -> Result<SaveReport, StorageError> {
        if let Some(first) = self.held.as_ref().and_then(|(_, damaged)| damaged.first()) {
            return Err(StorageError::CorruptChunk {
                key: first.key.clone(),
                reason: first.reason.clone(),
            });
        }
        if let Some(error) = &self.unreadable {
            return Err(error.clone());
        }
        if self.erased_elsewhere()? {
            return Err(StorageError::Erased);
        }
        let (committed, everything) = match self.committed.take() {
            Some(committed) => {
                if !self.manifest_unchanged(&committed) {
                    let stored = self.read_committed();
                    let current = stored
                        .as_ref()
                        .is_ok_and(|stored| stored.generation == committed.generation);
                    if !current {
                        self.committed = Some(committed);
                        return Err(stored.err().unwrap_or(StorageError::ChangedElsewhere));
                    }
                }
                (committed, ledger.pending_changes().everything)
            }
            None => (self.read_committed()?, true),
        };
        let journal = given.unwrap_or_else(|| noted(committed.journal.as_ref(), ledger));
        let mut result = self.commit(&committed, ledger, everything, &journal);
        if matches!(result, Err(StorageError::QuotaExceeded))
            && self.remove_unlisted_now(&committed)
        {
            result = self.commit(&committed, ledger, everything, &journal);
        }
        let before = committed.generation;
        let result = match result {
            // Too big to write beside what it replaces: bucket by bucket instead.
            Err(StorageError::QuotaExceeded) => {
                self.commit_in_steps(&committed, ledger, everything, &journal)
            }
            other => other.map_err(|error| (error, Box::new(committed.clone()))),
        };
        match result {
            Ok((next, report, superseded)) => {
                // Their grace starts now, even for a key a load noted earlier.
                let now = (self.clock)();
                for key in superseded {
                    self.unlisted_since.insert(key, now);
                }
                self.retire(&next);
                if next.generation != before {
                    self.remember_unconfirmed(next.generation, now, ledger);
                }
                self.committed = Some(next);
                ledger.mark_saved();
                Ok(report)
            }
            Err((error, stored)) => {
                // What storage holds now: the state before, or the steps done of a save in
                // steps, which the next save goes on from.
                if stored.generation != before {
                    self.members = None;
                }
                self.committed = Some(*stored);
                Err(error)
            }
        }
    }

    /// Writes the new chunks and the manifest, with `journal`; on failure removes what it
    /// wrote. Returns the new committed state, what was written, and the keys of the chunks
    /// it replaced.
    pub(super) fn commit(
        &mut self,
        committed: &Committed,
        ledger: &Ledger,
        everything: bool,
        journal: &Option<Journal>,
    ) -> Result<Commit, StorageError> {
        let dirty = dirty_buckets(committed, ledger, everything);
        let settings_changed = everything || ledger.pending_changes().settings;
        let journal_changed = *journal != committed.journal;
        if dirty.is_empty() && committed.manifest_units > 0 && !settings_changed && !journal_changed
        {
            return Ok((committed.clone(), SaveReport::default(), Vec::new()));
        }
        let members = match self.members.take() {
            Some(mut members) if !everything && members.buckets == committed.buckets => {
                members.follow(ledger);
                members
            }
            _ => BucketMembers::of(ledger, committed.buckets),
        };
        let generation = self.generation_after(committed)?;
        let writes = encode_writes(ledger, committed, &members, &dirty, everything, generation);
        self.members = Some(members);
        let (chunks, rewritten) = writes?;
        let mut next = committed.after(&chunks, &rewritten, generation, SchemaVersion::LATEST);
        next.journal = journal.clone();
        let superseded = committed
            .entries()
            .filter(|entry| rewritten.contains(&entry.bucket))
            .map(ChunkEntry::key)
            .collect();
        let manifest =
            next.to_manifest_text(wall_clock(), ledger.settings(), self.marker_seen())?;
        next.manifest_units = entry_units(MANIFEST_KEY, &manifest);

        self.write_all(&chunks, &manifest)?;
        next.manifest_text = Some(manifest);
        let report = SaveReport {
            chunks_written: chunks.len(),
            units_written: chunks.iter().map(|chunk| chunk.entry.units).sum::<usize>()
                + next.manifest_units,
        };
        Ok((next, report, superseded))
    }

    /// The generation of the save that follows `committed`.
    pub(super) fn generation_after(&self, committed: &Committed) -> Result<u64, StorageError> {
        committed
            .generation
            .checked_add((self.step)())
            .ok_or_else(|| {
                StorageError::CorruptManifest("its save counter is at its limit".to_owned())
            })
    }

    /// [`commit`](Self::commit) for a save too big to write beside what it replaces (a
    /// whole ledger above about half the quota: a replace, a rebase, a restore, a
    /// migration, a page of a first sync): one bucket at a time, each step committed by a
    /// manifest of its own, and the bucket's replaced chunk and patches removed at once to
    /// make room for the next. The buckets that free room go first, and every bucket with
    /// patches is rewritten whole too. So a ledger is replaced by another of its size with
    /// room for one bucket more, not for two ledgers, and a store of patches is compacted.
    ///
    /// Removing at once is the one exception to the sweep's grace ([`SWEEP_GRACE_MS`]): a
    /// tab committing in the same instant over the manifest read here lists the removed
    /// chunks, and its manifest may be the one that stays. Loads then read each removed
    /// chunk's bucket from the chunk this save wrote for it ([`replaced`]; a bucket emptied
    /// gets an empty chunk, unlisted, for that). Still, a save that fits once the chunks
    /// this engine already waits to sweep are gone (left by saves moments ago, its own or
    /// another tab's) is not written in steps: it fails with
    /// [`StorageError::QuotaExceeded`], nothing written, and the next save after their
    /// grace writes it whole.
    ///
    /// Between two steps the store holds some buckets old and some new, and it loads: the
    /// interim manifests keep the earlier settings' custom fields beside the new ones, and
    /// the version of the oldest chunks. On failure the steps done stay committed, the
    /// error comes with that state, and the ledger keeps its pending changes, so the next
    /// save goes on where this one stopped.
    pub(super) fn commit_in_steps(
        &mut self,
        committed: &Committed,
        ledger: &Ledger,
        everything: bool,
        journal: &Option<Journal>,
    ) -> Result<Commit, (StorageError, Box<Committed>)> {
        let unchanged = |error| (error, Box::new(committed.clone()));
        let (_, stored_settings) = self.read_manifest().map_err(unchanged)?;
        let interim_settings = ledger.settings().keeping_fields_of(&stored_settings);
        let interim_journal =
            noted(committed.journal.as_ref(), ledger).map(|noted| match journal {
                Some(finished) => noted.between_steps(committed.journal.as_ref(), finished),
                None => noted,
            });
        let members = BucketMembers::of(ledger, committed.buckets);
        // Short of room, each bucket is written whole, never as a patch, and so is each
        // bucket carrying patches, which hold their contacts' records a second time beside
        // the chunk: the store ends as compact as the ledger written whole. Pages of a first
        // sync, saved one by one as patches, took 24 % more room than that, past WebKit's.
        let dirty = dirty_buckets(committed, ledger, everything);
        let patched = committed.patches.iter().map(|patch| patch.bucket);
        let buckets: BTreeSet<u32> = dirty.iter().copied().chain(patched).collect();
        let mut steps = Vec::new();
        // What the save would write whole, patches and all, were there room beside it.
        let mut writes = 0;
        for bucket in buckets {
            let only = BTreeSet::from([bucket]);
            let mut whole = None;
            if dirty.contains(&bucket) {
                let (chunks, rewritten) =
                    encode_writes(ledger, committed, &members, &only, everything, 0)
                        .map_err(unchanged)?;
                writes += chunks.iter().map(|chunk| chunk.entry.units).sum::<usize>();
                whole = rewritten.contains(&bucket).then_some((chunks, rewritten));
            }
            let (chunks, rewritten) = match whole {
                Some(encoded) => encoded,
                None => {
                    encode_writes(ledger, committed, &members, &only, true, 0).map_err(unchanged)?
                }
            };
            let replaced: usize = committed
                .entries()
                .filter(|entry| rewritten.contains(&entry.bucket))
                .map(|entry| entry.units)
                .sum();
            let added: usize = chunks.iter().map(|chunk| chunk.entry.units).sum();
            steps.push((added as i64 - replaced as i64, chunks, rewritten));
        }
        // Nothing but the manifest to write, and it does not fit: there are no steps to take.
        if steps.is_empty() {
            return Err(unchanged(StorageError::QuotaExceeded));
        }
        if self.units_awaiting_sweep(committed) >= writes + committed.manifest_units {
            return Err(unchanged(StorageError::QuotaExceeded));
        }
        sort_by_key(&mut steps, |(growth, _, _)| *growth);

        let mut current = committed.clone();
        let mut report = SaveReport::default();
        // The empty chunks left for buckets emptied: swept after the grace.
        let mut empties = Vec::new();
        let count = steps.len();
        for (done, (_, mut chunks, rewritten)) in steps.into_iter().enumerate() {
            let last = done + 1 == count;
            if done > 0 && !self.manifest_unchanged(&current) {
                return Err((StorageError::ChangedElsewhere, Box::new(current)));
            }
            let generation = match self.generation_after(&current) {
                Ok(generation) => generation,
                Err(error) => return Err((error, Box::new(current))),
            };
            for chunk in &mut chunks {
                chunk.entry.generation = generation;
                chunk.entry.units = entry_units(&chunk.entry.key(), &chunk.text);
            }
            let version = if last || committed.version.chunks_can_stay() {
                SchemaVersion::LATEST
            } else {
                committed.version
            };
            let mut next = current.after(&chunks, &rewritten, generation, version);
            // The journal given goes with the last step, which completes the ledger it
            // describes (a sync step's checkpoint moves only then). Each earlier step, which
            // a reload or another tab may find, notes what the save changed here, so that a
            // change it stored is pushed even if the save stops there; noted too widely, a
            // document the server already has is found synced at the push. Not noted: what
            // the server has as it is, which a later pull gives again
            // ([`Journal::between_steps`]).
            next.journal = if last {
                journal.clone()
            } else {
                interim_journal.clone()
            };
            // A bucket this step empties keeps an empty chunk, unlisted: should another tab
            // commit over this step listing the chunk removed below, loads read this one in
            // its place ([`replaced`]) instead of finding the bucket's chunk missing.
            let listed = chunks.len();
            for bucket in rewritten.iter().copied().filter(|&bucket| {
                current.chunk_of(bucket).is_some() && next.chunk_of(bucket).is_none()
            }) {
                match encode_chunk(bucket, generation, &ChunkRecordsRef::default(), false) {
                    Ok(mut empty) => {
                        empty.entry.units = entry_units(&empty.entry.key(), &empty.text);
                        empties.push(empty.entry.key());
                        chunks.push(empty);
                    }
                    Err(error) => return Err((error, Box::new(current))),
                }
            }
            let settings = if last {
                ledger.settings()
            } else {
                &interim_settings
            };
            let manifest = match next.to_manifest_text(wall_clock(), settings, self.marker_seen()) {
                Ok(manifest) => manifest,
                Err(error) => return Err((error, Box::new(current))),
            };
            next.manifest_units = entry_units(MANIFEST_KEY, &manifest);
            if let Err(error) = self.write_all(&chunks, &manifest) {
                return Err((error, Box::new(current)));
            }
            next.manifest_text = Some(manifest);
            // No grace for what this step replaced: the next step needs its room now.
            let replaced: Vec<String> = current
                .entries()
                .filter(|entry| rewritten.contains(&entry.bucket))
                .map(ChunkEntry::key)
                .collect();
            self.remove_best_effort(replaced.iter());
            report.chunks_written += listed;
            report.units_written +=
                chunks.iter().map(|chunk| chunk.entry.units).sum::<usize>() + next.manifest_units;
            current = next;
        }
        Ok((current, report, empties))
    }

    /// Writes the chunks, then the manifest (the commit point). On failure removes the
    /// chunks it wrote, best effort: the committed manifest never lists them.
    pub(super) fn write_all(
        &mut self,
        chunks: &[EncodedChunk],
        manifest: &str,
    ) -> Result<(), StorageError> {
        let mut written = Vec::with_capacity(chunks.len());
        let outcome = chunks
            .iter()
            .try_for_each(|chunk| {
                let key = chunk.entry.key();
                self.store.set(&key, &chunk.text)?;
                written.push(key);
                Ok(())
            })
            .and_then(|()| self.store.set(MANIFEST_KEY, manifest));
        outcome.map_err(|error| {
            self.remove_best_effort(written.iter());
            error.into()
        })
    }

    /// Whether storage still holds the very manifest `committed` was read from or wrote.
    pub(super) fn manifest_unchanged(&self, committed: &Committed) -> bool {
        committed
            .manifest_text
            .as_deref()
            .is_some_and(|text| self.store.holds(MANIFEST_KEY, text).unwrap_or(false))
    }
}

/// `journal` with what `ledger` changed since its last save noted; `None` while sync is off.
fn noted(journal: Option<&Journal>, ledger: &Ledger) -> Option<Journal> {
    journal.cloned().map(|mut journal| {
        journal.note_pending(ledger);
        journal
    })
}
