//! A damaged manifest rebuilt from the chunks themselves, so that damage to the one key
//! every load starts from never locks a person out of the rest.
//!
//! The chunks describe themselves well enough: a chunk's key names its bucket and its
//! generation; its text names its records' version (since schema version 5) and is checked
//! by its checksum; it decodes only as what it is (postcard refuses missing and trailing
//! bytes, so a chunk never reads as a patch, nor a patch as a chunk); and every record in
//! it belongs to the bucket its key names. So the newest readable chunk of each bucket,
//! with the readable patches written after it, is what the lost manifest listed, or newer:
//! a save whose manifest never landed. What the manifest alone held (the settings) is read
//! from its text when that still parses.

use std::collections::BTreeMap;

use super::{
    bucket_of, ChunkEntry, Committed, Engine, StorageError, BUCKETS, CHUNK_PREFIX, MANIFEST_KEY,
};
use crate::domain::{ContactId, LedgerSettings};
use crate::storage::backend::{entry_units, KeyValueStore};
use crate::storage::schema::{ChunkRecords, SchemaVersion, VersionedChunk, VersionedPatch};

/// A stored text found under a chunk key, decoded.
struct Found {
    entry: ChunkEntry,
    patch: bool,
    /// Read with version 1's shape, which only a manifest of version 1 reads.
    version_one: bool,
    /// The contacts its records belong to.
    owners: Vec<ContactId>,
}

impl<S: KeyValueStore> Engine<S> {
    /// The committed state a damaged manifest (`text`, refused for `reason`) listed, as far
    /// as the chunks in storage tell it, with the settings its text still holds. Refused
    /// with the manifest's own error when no chunk can be read.
    pub(super) fn rebuild_manifest(
        &self,
        text: &str,
        reason: &str,
    ) -> Result<(Committed, LedgerSettings), StorageError> {
        let refused = || StorageError::CorruptManifest(reason.to_owned());
        let mut found = Vec::new();
        let mut generation = 0;
        for key in self.store.keys()? {
            let Some((bucket, key_generation)) = parse_chunk_key(&key) else {
                continue;
            };
            generation = generation.max(key_generation);
            let Some(units) = self.store.get_units(&key)? else {
                continue;
            };
            if let Some(mut decoded) = decode(&units) {
                decoded.entry.bucket = bucket;
                decoded.entry.generation = key_generation;
                decoded.entry.units = entry_units(&key, "") + units.len();
                found.push(decoded);
            }
        }
        let buckets = bucket_count(&found, self.new_buckets).ok_or_else(refused)?;
        found.retain(|part| fits(part, buckets));

        let mut by_bucket: BTreeMap<u32, Vec<&Found>> = BTreeMap::new();
        for part in &found {
            by_bucket.entry(part.entry.bucket).or_default().push(part);
        }
        let mut committed = Committed::empty(buckets);
        let mut version_one = false;
        for parts in by_bucket.values() {
            let Some(chunk) = parts
                .iter()
                .filter(|part| !part.patch)
                .max_by_key(|part| part.entry.generation)
            else {
                continue;
            };
            committed.chunks.push(chunk.entry);
            version_one |= chunk.version_one;
            let mut patches: Vec<&Found> = parts
                .iter()
                .filter(|part| part.patch && part.entry.generation > chunk.entry.generation)
                .copied()
                .collect();
            patches.sort_by_key(|part| part.entry.generation);
            committed
                .patches
                .extend(patches.iter().map(|patch| patch.entry));
        }
        if committed.chunks.is_empty() {
            return Err(refused());
        }
        if version_one {
            committed.version = SchemaVersion::V1;
        }
        committed.generation = generation;
        committed.manifest_units = entry_units(MANIFEST_KEY, text);
        // Storage must still hold this very text when the person goes on: a save of
        // another tab in between is not written over.
        committed.manifest_text = Some(text.to_owned());
        Ok((committed, settings_in(text)))
    }
}

/// The bucket and generation a chunk key names.
pub(super) fn parse_chunk_key(key: &str) -> Option<(u32, u64)> {
    let (bucket, generation) = key.strip_prefix(CHUNK_PREFIX)?.split_once('.')?;
    Some((bucket.parse().ok()?, generation.parse().ok()?))
}

/// Decodes a text as a chunk or a patch, of today's shapes (which read every version's
/// texts but version 1's) or else of version 1's.
fn decode(units: &[u16]) -> Option<Found> {
    [SchemaVersion::LATEST, SchemaVersion::V1]
        .into_iter()
        .find_map(|version| {
            let found = |records: &ChunkRecords, removed: &[ContactId], patch| {
                let entry = ChunkEntry {
                    bucket: 0,
                    generation: 0,
                    contacts: records.contacts.len(),
                    interactions: records.interactions.len(),
                    promises: records.promises.len(),
                    units: 0,
                };
                let owners = records.owners().chain(removed.iter().copied()).collect();
                Found {
                    entry,
                    patch,
                    version_one: version == SchemaVersion::V1,
                    owners,
                }
            };
            if let Ok(chunk) = VersionedChunk::decode_units(version, units) {
                return Some(found(&chunk.into_latest(), &[], false));
            }
            let patch = VersionedPatch::decode_units(version, units).ok()?;
            let patch = patch.into_latest();
            Some(found(&patch.records, &patch.removed, true))
        })
}

/// Whether every record of `part` belongs to the bucket its key names.
fn fits(part: &Found, buckets: u32) -> bool {
    part.entry.bucket < buckets
        && part
            .owners
            .iter()
            .all(|&owner| bucket_of(owner, buckets) == part.entry.bucket)
}

/// The bucket count the parts were written with: the one under which the most of them
/// fit, among the counts this engine and Rapport use.
fn bucket_count(found: &[Found], this_engine: u32) -> Option<u32> {
    let mut candidates = vec![this_engine, BUCKETS];
    candidates.dedup();
    candidates
        .into_iter()
        .map(|buckets| {
            let fitting = found.iter().filter(|part| fits(part, buckets)).count();
            (fitting, buckets)
        })
        .filter(|&(fitting, _)| fitting > 0)
        .max_by_key(|&(fitting, _)| fitting)
        .map(|(_, buckets)| buckets)
}

/// The settings a damaged manifest's text still holds, when it parses that far.
fn settings_in(text: &str) -> LedgerSettings {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|manifest| manifest.get("settings").cloned())
        .and_then(|settings| serde_json::from_value(settings).ok())
        .unwrap_or_default()
}
