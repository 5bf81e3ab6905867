//! Reading the ledger: the manifest, then every listed chunk and its patches, salvaging
//! what can be read when some cannot.

use super::*;

/// What [`Engine::read_records`] read: the records, the parts it could not read, and the
/// missing chunks it read from the newer chunks that replaced them.
pub(super) struct ReadRecords {
    pub(super) records: LedgerRecords,
    pub(super) damaged: Vec<DamagedChunk>,
    pub(super) replaced: Vec<Replaced>,
}

impl<S: KeyValueStore> Engine<S> {
    /// Reads the whole ledger. A store without a manifest holds an empty ledger. Newer or
    /// damaged data is refused and left untouched; after a good read, chunk keys the
    /// manifest does not list (left over by an interrupted save) are removed once they have
    /// stayed unlisted for [`SWEEP_GRACE_MS`].
    pub fn load(&mut self) -> Result<Ledger, StorageError> {
        let salvaged = self.load_salvaging()?;
        match salvaged.damaged.into_iter().next() {
            None => Ok(salvaged.ledger),
            Some(damaged) if damaged.kind == DamageKind::ManifestRebuilt => {
                Err(StorageError::CorruptManifest(damaged.reason))
            }
            Some(damaged) => Err(StorageError::CorruptChunk {
                key: damaged.key,
                reason: damaged.reason,
            }),
        }
    }

    /// Reads everything that can be read. Damaged or missing chunks are listed instead of
    /// failing the load; the engine then refuses to save (so nothing is overwritten) until
    /// [`continue_without_damaged`](Self::continue_without_damaged). A damaged manifest,
    /// newer data or unavailable storage still fail the whole load.
    ///
    /// After a failed load, nothing is ever written ([`save`](Self::save) refuses with the
    /// same error) until the store is erased or read whole: what could not be read is never
    /// written over. It can still be downloaded as it is ([`raw_dump`](Self::raw_dump)).
    pub fn load_salvaging(&mut self) -> Result<Salvaged, StorageError> {
        let loaded = self.read_salvaging();
        // Only what is stored can make the store unreadable; a failure of the browser's
        // storage itself may pass.
        self.unreadable = loaded
            .as_ref()
            .err()
            .filter(|error| {
                matches!(
                    error,
                    StorageError::CorruptManifest(_)
                        | StorageError::Inconsistent(_)
                        | StorageError::Schema(_)
                )
            })
            .cloned();
        loaded
    }

    /// Every key of Rapport's exactly as stored, as one JSON document ([`raw_dump`]).
    pub fn raw_dump(&self) -> Result<String, StorageError> {
        raw_dump(&self.store).map_err(StorageError::from)
    }

    /// [`load_salvaging`](Self::load_salvaging), without noting a failure.
    pub(super) fn read_salvaging(&mut self) -> Result<Salvaged, StorageError> {
        let erase_seen = self.store.get(ERASED_KEY)?;
        let (mut committed, settings, rebuilt) = match self.read_manifest() {
            Ok((committed, settings)) => (committed, settings, None),
            Err(StorageError::CorruptManifest(reason)) => {
                let text = self.store.get(MANIFEST_KEY)?.unwrap_or_default();
                let (committed, settings) = self.rebuild_manifest(&text, &reason)?;
                (committed, settings, Some(reason))
            }
            Err(error) => return Err(error),
        };
        let ReadRecords {
            mut records,
            mut damaged,
            replaced,
        } = self.read_records(&committed, settings)?;
        if rebuilt.is_some() || !replaced.is_empty() {
            // Definitions lost with the manifest (or with the replace's manifest, which
            // another tab's wrote over): the values stay, under plain text fields.
            let used: BTreeSet<_> = records
                .contacts
                .iter()
                .flat_map(|contact| contact.profile.custom_fields.keys().copied())
                .collect();
            records.settings.define_missing_fields(used);
        }
        if let Some(reason) = rebuilt {
            damaged.insert(
                0,
                DamagedChunk {
                    key: MANIFEST_KEY.to_owned(),
                    reason,
                    contacts: 0,
                    interactions: 0,
                    promises: 0,
                    kind: DamageKind::ManifestRebuilt,
                },
            );
        }
        let settings = records.settings.clone();
        let mut ledger = match Ledger::from_records(records) {
            Ok(ledger) => ledger,
            // Rare, so the records are read again rather than kept for it on every load.
            Err(_) => {
                let records = self.read_records(&committed, settings)?.records;
                let (ledger, aside) = Ledger::from_records_setting_aside(records)
                    .map_err(StorageError::Inconsistent)?;
                damaged.extend(parts_set_aside(&aside, &committed));
                ledger
            }
        };
        self.held = None;
        self.members = None;
        self.erase_seen = Some(erase_seen);
        if damaged.is_empty() {
            // Chunks of versions 2 to 4 stay as they are (a full rewrite would need room for
            // two copies of the ledger at once): each text is read with the shape of its own
            // version, so the next save only writes the manifest in today's version beside
            // them. Version 1 chunks stay pending in full, so the next save rewrites them.
            if committed.version.chunks_can_stay() {
                ledger.mark_saved();
            }
            if !replaced.is_empty() {
                self.list_replaced(&mut committed, &replaced, &ledger);
            }
            self.sweep(&committed);
            self.committed = Some(committed);
        } else {
            self.committed = None;
            self.held = Some((committed, damaged.clone()));
        }
        Ok(Salvaged { ledger, damaged })
    }

    /// Reads every listed chunk and applies its patches: the records, with the settings
    /// given, and the parts that could not be read. A listed chunk that is missing is read
    /// from the newer chunk of its bucket that replaced it, when there is one
    /// ([`replaced`]). Membership links that no longer hold (a
    /// damaged chunk's organization, or a link left by an older version's undo) are dropped
    /// rather than failing the whole load.
    pub(super) fn read_records(
        &self,
        committed: &Committed,
        settings: LedgerSettings,
    ) -> Result<ReadRecords, StorageError> {
        let mut records = LedgerRecords {
            settings,
            ..LedgerRecords::default()
        };
        let mut damaged = Vec::new();
        let mut note_damage = |entry: &ChunkEntry, kind, error: StorageError| match error {
            StorageError::CorruptChunk { key, reason } => {
                damaged.push(DamagedChunk {
                    key,
                    reason,
                    contacts: entry.contacts,
                    interactions: entry.interactions,
                    promises: entry.promises,
                    kind,
                });
                Ok(())
            }
            other => Err(other),
        };
        let mut buckets = Vec::with_capacity(committed.chunks.len());
        // Read only when a chunk is unreadable: is it missing, and what replaced it?
        let mut keys: Option<HashSet<String>> = None;
        let mut replaced = Vec::new();
        for entry in &committed.chunks {
            let (mut bucket, was_replaced) = match self.read_chunk(entry, committed) {
                Ok(chunk) => (chunk, false),
                Err(error) => {
                    let keys = match &mut keys {
                        Some(keys) => keys,
                        None => keys.insert(self.store.keys()?.into_iter().collect()),
                    };
                    let newer = (!keys.contains(&entry.key()))
                        .then(|| self.newer_chunk_of(entry, committed, keys))
                        .flatten();
                    match newer {
                        Some((newer, records)) => {
                            replaced.push(Replaced {
                                missing: *entry,
                                newer,
                            });
                            (records, true)
                        }
                        None => {
                            note_damage(entry, DamageKind::Unreadable, error)?;
                            (ChunkRecords::default(), false)
                        }
                    }
                }
            };
            for patch in committed.patches_of(entry.bucket) {
                match self.read_patch(patch, committed) {
                    Ok(patch) => bucket.apply(patch),
                    // Removed with the chunk it was written on: the newer chunk holds it.
                    Err(_)
                        if was_replaced
                            && keys
                                .as_ref()
                                .is_some_and(|keys| !keys.contains(&patch.key())) => {}
                    Err(error) => note_damage(patch, DamageKind::UnreadablePatch, error)?,
                }
            }
            buckets.push(bucket);
        }
        // Joined once their sizes are known: growing the lists bucket by bucket copied
        // tens of thousands of records over and over.
        records
            .contacts
            .reserve_exact(buckets.iter().map(|b| b.contacts.len()).sum());
        records
            .interactions
            .reserve_exact(buckets.iter().map(|b| b.interactions.len()).sum());
        records
            .promises
            .reserve_exact(buckets.iter().map(|b| b.promises.len()).sum());
        for bucket in buckets {
            records.contacts.extend(bucket.contacts);
            records.interactions.extend(bucket.interactions);
            records.promises.extend(bucket.promises);
            records.tombstones.extend(bucket.tombstones);
        }
        records.drop_broken_memberships();
        Ok(ReadRecords {
            records,
            damaged,
            replaced,
        })
    }

    /// After a salvaging load found damage, and the person chose to go on without the
    /// damaged part: keeps each damaged chunk's text under [`damaged_copy_key`] (nothing
    /// the app could not read is deleted), then writes `ledger` in full without them.
    ///
    /// If another tab or window saved since that load, nothing is written and the damage
    /// stays held: `ledger` would overwrite that save, so the store has to be read again.
    pub fn continue_without_damaged(
        &mut self,
        ledger: &mut Ledger,
    ) -> Result<SaveReport, StorageError> {
        let Some((mut committed, damaged)) = self.held.take() else {
            return self.save(ledger);
        };
        if !self.manifest_unchanged(&committed) {
            self.held = Some((committed, damaged));
            return Err(StorageError::ChangedElsewhere);
        }
        // Records set aside may come from the bucket's patches as well as its chunk.
        let kept_aside: Vec<String> = damaged
            .iter()
            .flat_map(|part| {
                let patches = committed
                    .entries()
                    .find(|entry| entry.key() == part.key)
                    .filter(|_| part.kind == DamageKind::DoesNotFit)
                    .map(|chunk| committed.patches_of(chunk.bucket))
                    .unwrap_or_default();
                std::iter::once(part.key.clone()).chain(patches.iter().map(ChunkEntry::key))
            })
            .collect();
        for key in &kept_aside {
            let copied = match self.store.get(key) {
                Ok(Some(text)) => self.store.set(&damaged_copy_key(key), &text),
                Ok(None) => Ok(()),
                Err(error) => Err(error),
            };
            if let Err(error) = copied {
                self.held = Some((committed, damaged));
                return Err(error.into());
            }
        }
        let readable = |entry: &ChunkEntry| !damaged.iter().any(|chunk| chunk.key == entry.key());
        committed.chunks.retain(readable);
        committed.patches.retain(readable);
        self.committed = Some(committed);
        ledger.mark_all_pending();
        self.save(ledger)
    }

    /// Reads and checks the manifest; a store without one is empty.
    pub(super) fn read_committed(&self) -> Result<Committed, StorageError> {
        self.read_manifest().map(|(committed, _)| committed)
    }

    /// Reads and checks the manifest, with the ledger settings it carries.
    pub(super) fn read_manifest(&self) -> Result<(Committed, LedgerSettings), StorageError> {
        let Some(text) = self.store.get(MANIFEST_KEY)? else {
            return Ok((
                Committed::empty(self.new_buckets),
                LedgerSettings::default(),
            ));
        };
        let corrupt = |error: serde_json::Error| StorageError::CorruptManifest(error.to_string());
        let probe: VersionProbe = serde_json::from_str(&text).map_err(corrupt)?;
        let version = SchemaVersion::check(probe.schema_version).map_err(StorageError::Schema)?;
        // Version 1 manifests have no settings, and versions 1 and 2 no patches; the fields
        // default to empty.
        let manifest: Manifest = match version {
            SchemaVersion::V1
            | SchemaVersion::V2
            | SchemaVersion::V3
            | SchemaVersion::V4
            | SchemaVersion::V5
            | SchemaVersion::V6
            | SchemaVersion::V7
            | SchemaVersion::V8
            | SchemaVersion::V9 => serde_json::from_str(&text).map_err(corrupt)?,
        };
        let units = entry_units(MANIFEST_KEY, &text);
        let marker = self.store.get(ERASED_KEY)?;
        let void = manifest
            .erase_seen
            .as_deref()
            .is_some_and(|seen| seen != marker.as_deref().unwrap_or_default());
        if void {
            // Written by a tab that had not seen the latest erase: everything it lists was
            // erased, and the leftovers are swept as unlisted.
            let mut empty = Committed::empty(self.new_buckets);
            empty.manifest_units = units;
            empty.manifest_text = Some(text);
            return Ok((empty, LedgerSettings::default()));
        }
        let mut committed = Committed::from_manifest(version, &manifest, units)?;
        committed.manifest_text = Some(text);
        Ok((committed, manifest.settings))
    }

    /// Reads one chunk and checks it holds what the manifest says, in the right bucket.
    pub(super) fn read_chunk(
        &self,
        entry: &ChunkEntry,
        committed: &Committed,
    ) -> Result<ChunkRecords, StorageError> {
        self.read_entry(
            entry,
            committed.buckets,
            |units| {
                VersionedChunk::decode_units(committed.version, units)
                    .map(VersionedChunk::into_latest)
            },
            |records| (records, &[]),
        )
    }

    /// Reads one patch and checks it as [`read_chunk`](Self::read_chunk) checks a chunk.
    pub(super) fn read_patch(
        &self,
        entry: &ChunkEntry,
        committed: &Committed,
    ) -> Result<PatchRecords, StorageError> {
        self.read_entry(
            entry,
            committed.buckets,
            |units| {
                VersionedPatch::decode_units(committed.version, units)
                    .map(VersionedPatch::into_latest)
            },
            |patch| (&patch.records, &patch.removed),
        )
    }

    /// Reads and decodes the text of `entry`, then checks that its records (as `parts`
    /// shows them) are as many as the manifest says and all belong to its bucket.
    pub(super) fn read_entry<T>(
        &self,
        entry: &ChunkEntry,
        buckets: u32,
        decode: impl FnOnce(&[u16]) -> Result<T, codec::CodecError>,
        parts: fn(&T) -> (&ChunkRecords, &[ContactId]),
    ) -> Result<T, StorageError> {
        let key = entry.key();
        let corrupt = |reason: String| StorageError::CorruptChunk {
            key: key.clone(),
            reason,
        };
        let units = self
            .store
            .get_units(&key)?
            .ok_or_else(|| corrupt("it is missing".to_owned()))?;
        let decoded = decode(&units).map_err(|error| corrupt(error.to_string()))?;
        let (records, removed) = parts(&decoded);
        let counts = (
            records.contacts.len(),
            records.interactions.len(),
            records.promises.len(),
        );
        if counts != (entry.contacts, entry.interactions, entry.promises) {
            return Err(corrupt(
                "its record counts differ from the manifest".to_owned(),
            ));
        }
        for owner in records.owners().chain(removed.iter().copied()) {
            if bucket_of(owner, buckets) != entry.bucket {
                return Err(corrupt("it holds records of another bucket".to_owned()));
            }
        }
        Ok(decoded)
    }
}
