//! A listed chunk that is missing because a replace in steps removed it: read from the
//! newer chunk of its bucket that the replace wrote.
//!
//! A whole-ledger write above half the quota ([`Engine::commit_in_steps`]) removes each
//! bucket's replaced chunk at once, to make room for the next bucket. Another tab that read
//! the manifest just before can commit over it in the same instant: its manifest lists the
//! chunks the replace removed, beside its own new ones. Nothing is lost, because the
//! replace's chunk of that bucket is still stored under a newer generation, unlisted; so a
//! load reads that one in place of the missing one, drops the bucket's listed patches that
//! went with it (those still stored are the other tab's, and are applied on top), writes
//! the manifest again naming what it read, and the sweep never removes a chunk of a bucket
//! whose listed chunk is missing. While sync is on, every document of such a bucket is
//! noted to push: what the replace changed there, the other tab's journal never noted, and
//! the tab of the replace finds it stored, no longer a change of its own.

use std::collections::HashSet;

use super::rebuild::parse_chunk_key;
use super::{bucket_of, ChunkEntry, Committed, Engine, MANIFEST_KEY};
use crate::domain::Ledger;
use crate::storage::backend::{entry_units, KeyValueStore};
use crate::storage::schema::{ChunkRecords, VersionedChunk};
use crate::sync::DocId;

/// A missing listed chunk, and the newer chunk of its bucket read in its place.
#[derive(Clone, Copy, Debug)]
pub(super) struct Replaced {
    pub(super) missing: ChunkEntry,
    pub(super) newer: ChunkEntry,
}

impl<S: KeyValueStore> Engine<S> {
    /// The newest readable chunk of `missing`'s bucket written after it and not listed by
    /// `committed`, with its records; `None` when there is none.
    pub(super) fn newer_chunk_of(
        &self,
        missing: &ChunkEntry,
        committed: &Committed,
        keys: &HashSet<String>,
    ) -> Option<(ChunkEntry, ChunkRecords)> {
        let mut candidates: Vec<(u64, &String)> = keys
            .iter()
            .filter_map(|key| {
                let (bucket, generation) = parse_chunk_key(key)?;
                (bucket == missing.bucket
                    && generation > missing.generation
                    && !committed.lists(key))
                .then_some((generation, key))
            })
            .collect();
        candidates.sort_unstable_by_key(|&(generation, _)| std::cmp::Reverse(generation));
        candidates.into_iter().find_map(|(generation, key)| {
            let units = self.store.get_units(key).ok()??;
            // A patch never decodes as a chunk (postcard refuses what is missing or left
            // over), so only a whole chunk of the bucket is taken.
            let records = VersionedChunk::decode_units(committed.version, &units)
                .ok()?
                .into_latest();
            if records
                .owners()
                .any(|owner| bucket_of(owner, committed.buckets) != missing.bucket)
            {
                return None;
            }
            let entry = ChunkEntry {
                bucket: missing.bucket,
                generation,
                contacts: records.contacts.len(),
                interactions: records.interactions.len(),
                promises: records.promises.len(),
                units: entry_units(key, "") + units.len(),
            };
            Some((entry, records))
        })
    }

    /// Lists the newer chunks read in place of missing ones in `committed`, without the
    /// missing patches of their buckets, and writes that manifest at once under a new
    /// generation when storage still holds the one read (best effort: until it is written,
    /// every load reads the same chunks in place, and the sweep leaves them). When storage
    /// cannot list its keys, `committed` stays as read.
    pub(super) fn list_replaced(
        &mut self,
        committed: &mut Committed,
        replaced: &[Replaced],
        ledger: &Ledger,
    ) {
        let settings = ledger.settings();
        if let Some(journal) = committed.journal.as_mut() {
            let buckets: HashSet<u32> = replaced.iter().map(|swap| swap.missing.bucket).collect();
            journal.note_unknown(docs_of_buckets(ledger, &buckets, committed.buckets));
        }
        let Ok(keys) = self.store.keys() else {
            return;
        };
        let keys: HashSet<String> = keys.into_iter().collect();
        for swap in replaced {
            if let Some(entry) = committed
                .chunks
                .iter_mut()
                .find(|entry| **entry == swap.missing)
            {
                *entry = swap.newer;
            }
            committed
                .patches
                .retain(|patch| patch.bucket != swap.missing.bucket || keys.contains(&patch.key()));
        }
        // What a save builds on is at least as new as every chunk it lists: a manifest
        // listing a chunk newer than itself is refused as damaged.
        let newest = replaced.iter().map(|swap| swap.newer.generation).max();
        committed.generation = committed.generation.max(newest.unwrap_or(0));
        if !self.manifest_unchanged(committed) {
            return;
        }
        let Ok(generation) = self.generation_after(committed) else {
            return;
        };
        let mut repaired = committed.clone();
        repaired.lineage = committed.lineage_after(generation);
        repaired.generation = generation;
        let Ok(text) = repaired.to_manifest_text(super::wall_clock(), settings, self.marker_seen())
        else {
            return;
        };
        if self.store.set(MANIFEST_KEY, &text).is_ok() {
            repaired.manifest_units = entry_units(MANIFEST_KEY, &text);
            repaired.manifest_text = Some(text);
            *committed = repaired;
        }
    }
}

/// Every document of the contacts in `buckets` (of `count`): the contacts, their
/// interactions and promises, and the tombstones kept with them.
fn docs_of_buckets(ledger: &Ledger, buckets: &HashSet<u32>, count: u32) -> Vec<DocId> {
    let mut docs = Vec::new();
    for contact in ledger
        .contacts()
        .filter(|contact| buckets.contains(&bucket_of(contact.id, count)))
    {
        docs.push(DocId::Contact(contact.id));
        let (interactions, promises) = ledger.records_of(contact.id);
        docs.extend(interactions.map(|interaction| DocId::Interaction(interaction.id)));
        docs.extend(promises.map(|promise| DocId::Promise(promise.id)));
    }
    docs.extend(
        ledger
            .tombstones()
            .filter(|tombstone| buckets.contains(&bucket_of(tombstone.contact, count)))
            .map(|tombstone| DocId::of_deleted(tombstone.record)),
    );
    docs
}

/// The buckets whose listed chunk is not among `keys`: their unlisted chunks may be what a
/// load reads in its place, so the sweep keeps them.
pub(super) fn buckets_missing_their_chunk(
    committed: &Committed,
    keys: &HashSet<String>,
) -> HashSet<u32> {
    committed
        .chunks
        .iter()
        .filter(|entry| !keys.contains(&entry.key()))
        .map(|entry| entry.bucket)
        .collect()
}
