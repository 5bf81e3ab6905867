//! A save's writes: the changed buckets' chunks or patches, encoded.

use super::*;
use crate::domain::Tombstone;

/// A chunk or patch encoded and ready to write.
pub(super) struct EncodedChunk {
    pub(super) entry: ChunkEntry,
    pub(super) text: String,
    /// A patch over its bucket's chunk, rather than the bucket's whole chunk.
    pub(super) patch: bool,
}

/// Encodes what a save writes for each dirty bucket: a patch of its changed contacts
/// while the bucket's patches stay few and small, else the whole bucket as a new chunk
/// (none when it has no contacts or tombstones left). A bucket where something was deleted is always
/// rewritten whole, so the deleted text leaves storage and frees its space. Returns the
/// encoded texts and the buckets rewritten whole, whose earlier chunk and patches the save
/// replaces.
pub(super) fn encode_writes(
    ledger: &Ledger,
    committed: &Committed,
    members: &BucketMembers,
    dirty: &BTreeSet<u32>,
    everything: bool,
    generation: u64,
) -> Result<(Vec<EncodedChunk>, BTreeSet<u32>), StorageError> {
    let mut changed: HashMap<u32, Vec<ContactId>> = HashMap::new();
    if !everything {
        let pending = ledger.pending_changes();
        let erased = set_of(
            pending
                .erased
                .iter()
                .map(|&id| bucket_of(id, committed.buckets)),
        );
        for &id in &pending.contacts {
            let bucket = bucket_of(id, committed.buckets);
            if !erased.contains(&bucket) {
                changed.entry(bucket).or_default().push(id);
            }
        }
    }
    // The tombstones of the buckets rewritten, gathered in one pass (in id order).
    let mut buried: HashMap<u32, Vec<&Tombstone>> = HashMap::new();
    for tombstone in ledger.tombstones() {
        let bucket = bucket_of(tombstone.contact, committed.buckets);
        if dirty.contains(&bucket) {
            buried.entry(bucket).or_default().push(tombstone);
        }
    }
    let mut encoded = Vec::with_capacity(dirty.len());
    let mut rewritten = BTreeSet::new();
    for &bucket in dirty {
        let patch = match changed.get(&bucket) {
            Some(ids) => encode_patch(ledger, committed, bucket, ids, generation)?,
            None => None,
        };
        if let Some(patch) = patch {
            encoded.push(patch);
            continue;
        }
        rewritten.insert(bucket);
        let mut records = ChunkRecordsRef::default();
        for contact in members
            .of_bucket(bucket)
            .iter()
            .filter_map(|&id| ledger.contact(id))
        {
            let (interactions, promises) = ledger.records_of(contact.id);
            records.contacts.push(contact);
            records.interactions.extend(interactions);
            records.promises.extend(promises);
        }
        records.tombstones = buried.remove(&bucket).unwrap_or_default();
        if !records.contacts.is_empty() || !records.tombstones.is_empty() {
            encoded.push(encode_chunk(bucket, generation, &records, false)?);
        }
    }
    Ok((encoded, rewritten))
}

/// A patch of `bucket` holding the latest records of the contacts `changed` (the deleted
/// ones by id), or `None` when the bucket must be rewritten whole instead: it has no chunk
/// yet, or its patches would grow past [`MAX_PATCHES`] or their share of its chunk.
pub(super) fn encode_patch(
    ledger: &Ledger,
    committed: &Committed,
    bucket: u32,
    changed: &[ContactId],
    generation: u64,
) -> Result<Option<EncodedChunk>, StorageError> {
    let Some(chunk) = committed.chunk_of(bucket) else {
        return Ok(None);
    };
    let earlier = committed.patches_of(bucket);
    if earlier.len() >= MAX_PATCHES {
        return Ok(None);
    }
    let mut patch = PatchRecordsRef::default();
    for &id in changed {
        match ledger.contact(id) {
            Some(contact) => {
                let (interactions, promises) = ledger.records_of(id);
                patch.records.contacts.push(contact);
                patch.records.interactions.extend(interactions);
                patch.records.promises.extend(promises);
            }
            None => patch.removed.push(id),
        }
        // A patch names the contact: its tombstones are replaced by these.
        patch.records.tombstones.extend(ledger.tombstones_of(id));
    }
    let encoded = encode_chunk(bucket, generation, &patch, true)?;
    let patches_units = earlier.iter().fold(encoded.entry.units, |sum, entry| {
        sum.saturating_add(entry.units)
    });
    Ok((patches_units <= chunk.units / PATCH_SHARE).then_some(encoded))
}

/// Encodes a chunk's or a patch's records; the manifest entry counts its records.
pub(super) fn encode_chunk<R: Serialize + CountedRecords>(
    bucket: u32,
    generation: u64,
    records: &R,
    patch: bool,
) -> Result<EncodedChunk, StorageError> {
    let text = codec::encode(records).map_err(|error| StorageError::Failed(error.to_string()))?;
    let (contacts, interactions, promises) = records.counts();
    let entry = ChunkEntry {
        bucket,
        generation,
        contacts,
        interactions,
        promises,
        units: entry_units(&chunk_key(bucket, generation), &text),
    };
    Ok(EncodedChunk { entry, text, patch })
}

/// Records whose counts a manifest entry lists.
pub(super) trait CountedRecords {
    /// Contacts, interactions and promises held.
    fn counts(&self) -> (usize, usize, usize);
}

impl CountedRecords for ChunkRecordsRef<'_> {
    fn counts(&self) -> (usize, usize, usize) {
        (
            self.contacts.len(),
            self.interactions.len(),
            self.promises.len(),
        )
    }
}

impl CountedRecords for PatchRecordsRef<'_> {
    fn counts(&self) -> (usize, usize, usize) {
        self.records.counts()
    }
}
