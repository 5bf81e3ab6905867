//! The manifest (the commit point: every chunk and patch that makes up the ledger) as
//! stored, and the committed state an engine reads from it and builds the next one on.

use super::*;

pub(super) fn chunk_key(bucket: u32, generation: u64) -> String {
    format!("{CHUNK_PREFIX}{bucket}.{generation}")
}

/// One chunk as the manifest lists it; stored as a JSON array to keep the manifest small.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "ChunkRow", into = "ChunkRow")]
pub(super) struct ChunkEntry {
    pub(super) bucket: u32,
    pub(super) generation: u64,
    pub(super) contacts: usize,
    pub(super) interactions: usize,
    pub(super) promises: usize,
    /// Units of the chunk's key and text.
    pub(super) units: usize,
}

/// `[bucket, generation, contacts, interactions, promises, units]`.
pub(super) type ChunkRow = (u32, u64, usize, usize, usize, usize);

impl From<ChunkRow> for ChunkEntry {
    fn from(row: ChunkRow) -> Self {
        let (bucket, generation, contacts, interactions, promises, units) = row;
        ChunkEntry {
            bucket,
            generation,
            contacts,
            interactions,
            promises,
            units,
        }
    }
}

impl From<ChunkEntry> for ChunkRow {
    fn from(entry: ChunkEntry) -> Self {
        (
            entry.bucket,
            entry.generation,
            entry.contacts,
            entry.interactions,
            entry.promises,
            entry.units,
        )
    }
}

impl ChunkEntry {
    pub(super) fn key(&self) -> String {
        chunk_key(self.bucket, self.generation)
    }
}

/// The manifest as stored: plain JSON, readable in the browser's developer tools.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Manifest {
    pub(super) schema_version: u32,
    /// Moved on by every save ([`generation_step`]); chunks written by a save carry its
    /// generation.
    pub(super) generation: u64,
    pub(super) buckets: u32,
    pub(super) saved_at: Timestamp,
    /// Units of every listed chunk, keys included (the manifest itself not included).
    pub(super) chunk_units: usize,
    /// Non-empty buckets only, in bucket order.
    pub(super) chunks: Vec<ChunkEntry>,
    /// Patches over those buckets (schema version 3), in bucket then generation order:
    /// applied over their bucket's chunk, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) patches: Vec<ChunkEntry>,
    /// The ledger's settings (absent before schema version 2).
    #[serde(default)]
    pub(super) settings: LedgerSettings,
    /// The generations of the latest saves this one builds on, oldest first, itself last
    /// (at most [`LINEAGE`]; absent in stores written before it was kept). A tab whose save
    /// is not in the lineage of the manifest that followed it knows that save was lost: two
    /// tabs committed in the same instant and the other's manifest stayed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) lineage: Vec<u64>,
    /// The erase marker ([`ERASED_KEY`]) the writer had seen, "" for none (absent in
    /// stores written before it was kept). A manifest whose marker is not the one in
    /// storage was written by a tab that had not yet seen an erase made in another: it is
    /// void, as everything before the erase, and the store reads as empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) erase_seen: Option<String>,
    /// Sync's journal, while sync is on (schema version 9): committed with the ledger it
    /// describes, so a save never forgets which changes the server has not seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) sync: Option<Journal>,
}

/// The committed state: what the manifest in storage says.
#[derive(Clone, Debug)]
pub(super) struct Committed {
    /// The version the chunks were written with.
    pub(super) version: SchemaVersion,
    pub(super) generation: u64,
    pub(super) buckets: u32,
    /// Non-empty buckets only, in bucket order: a list, so that a save copies it in one go.
    pub(super) chunks: Vec<ChunkEntry>,
    /// Patches, in bucket then generation order; each bucket listed has a chunk.
    pub(super) patches: Vec<ChunkEntry>,
    /// Units of the manifest entry itself.
    pub(super) manifest_units: usize,
    /// The manifest's text as read or written: while storage still holds exactly this text,
    /// no other tab has committed, and a save need not parse the manifest again.
    pub(super) manifest_text: Option<String>,
    /// The generations of the latest saves, oldest first ([`Manifest::lineage`]).
    pub(super) lineage: Vec<u64>,
    /// Sync's journal as committed ([`Manifest::sync`]); `None` while sync is off.
    pub(super) journal: Option<Journal>,
}

impl Committed {
    /// The lineage of the save of `generation` that builds on this state: this one's, or
    /// this generation alone in a store written before lineages were kept.
    pub(super) fn lineage_after(&self, generation: u64) -> Vec<u64> {
        let mut lineage = if self.lineage.is_empty() && self.generation > 0 {
            vec![self.generation]
        } else {
            self.lineage.clone()
        };
        lineage.push(generation);
        let excess = lineage.len().saturating_sub(LINEAGE);
        lineage.drain(..excess);
        lineage
    }

    /// Whether the save of `generation` is part of this state's history, as far as its
    /// lineage reaches back: `None` when it is older than what the lineage lists.
    pub(super) fn descends_from(&self, generation: u64) -> Option<bool> {
        if generation == self.generation || self.lineage.contains(&generation) {
            return Some(true);
        }
        let reach = self.lineage.first().copied().unwrap_or(self.generation);
        (generation >= reach).then_some(false)
    }
}

impl Committed {
    pub(super) fn empty(buckets: u32) -> Self {
        Committed {
            version: SchemaVersion::LATEST,
            generation: 0,
            buckets,
            chunks: Vec::new(),
            patches: Vec::new(),
            manifest_units: 0,
            manifest_text: None,
            lineage: Vec::new(),
            journal: None,
        }
    }

    pub(super) fn from_manifest(
        version: SchemaVersion,
        manifest: &Manifest,
        manifest_units: usize,
    ) -> Result<Self, StorageError> {
        let corrupt = |reason: &str| StorageError::CorruptManifest(reason.to_owned());
        if !(1..=MAX_BUCKETS).contains(&manifest.buckets) {
            return Err(corrupt("bucket count out of range"));
        }
        let mut chunks = manifest.chunks.clone();
        if chunks
            .iter()
            .chain(&manifest.patches)
            .any(|entry| entry.bucket >= manifest.buckets || entry.generation > manifest.generation)
        {
            return Err(corrupt("a chunk entry is out of range"));
        }
        sort_by_key(&mut chunks, |entry| entry.bucket);
        if chunks
            .windows(2)
            .any(|pair| pair[0].bucket == pair[1].bucket)
        {
            return Err(corrupt("a bucket is listed twice"));
        }
        let mut patches = manifest.patches.clone();
        sort_by_key(&mut patches, |entry| (entry.bucket, entry.generation));
        if patches.windows(2).any(|pair| {
            (pair[0].bucket, pair[0].generation) == (pair[1].bucket, pair[1].generation)
        }) {
            return Err(corrupt("a patch is listed twice"));
        }
        let committed = Committed {
            version,
            generation: manifest.generation,
            buckets: manifest.buckets,
            chunks,
            patches,
            manifest_units,
            manifest_text: None,
            lineage: manifest.lineage.clone(),
            journal: manifest.sync.clone(),
        };
        let orphan = committed.patches.iter().any(|patch| {
            committed
                .chunk_of(patch.bucket)
                .is_none_or(|chunk| chunk.generation >= patch.generation)
        });
        if orphan {
            return Err(corrupt("a patch has no older chunk to apply to"));
        }
        Ok(committed)
    }

    /// The state after a save of `generation` wrote `chunks`: the buckets `rewritten` lose
    /// their earlier chunk and patches, the new chunks and patches join.
    pub(super) fn after(
        &self,
        chunks: &[EncodedChunk],
        rewritten: &BTreeSet<u32>,
        generation: u64,
        version: SchemaVersion,
    ) -> Committed {
        let kept = |entry: &&ChunkEntry| !rewritten.contains(&entry.bucket);
        let new_entries = |patch: bool| {
            chunks
                .iter()
                .filter(move |chunk| chunk.patch == patch)
                .map(|chunk| chunk.entry)
        };
        let mut next = Committed {
            version,
            generation,
            buckets: self.buckets,
            chunks: self
                .chunks
                .iter()
                .filter(kept)
                .copied()
                .chain(new_entries(false))
                .collect(),
            patches: self
                .patches
                .iter()
                .filter(kept)
                .copied()
                .chain(new_entries(true))
                .collect(),
            manifest_units: 0,
            manifest_text: None,
            lineage: self.lineage_after(generation),
            journal: self.journal.clone(),
        };
        sort_by_key(&mut next.chunks, |entry| entry.bucket);
        sort_by_key(&mut next.patches, |entry| (entry.bucket, entry.generation));
        next
    }

    pub(super) fn chunk_units(&self) -> usize {
        self.chunks
            .iter()
            .chain(&self.patches)
            .fold(0, |sum: usize, entry| sum.saturating_add(entry.units))
    }

    /// The chunk of `bucket`, if it has one.
    pub(super) fn chunk_of(&self, bucket: u32) -> Option<&ChunkEntry> {
        self.chunks
            .binary_search_by_key(&bucket, |entry| entry.bucket)
            .ok()
            .map(|at| &self.chunks[at])
    }

    /// The patches of `bucket`, oldest first.
    pub(super) fn patches_of(&self, bucket: u32) -> &[ChunkEntry] {
        let start = self.patches.partition_point(|entry| entry.bucket < bucket);
        let end = self.patches.partition_point(|entry| entry.bucket <= bucket);
        &self.patches[start..end]
    }

    /// Every chunk and patch listed.
    pub(super) fn entries(&self) -> impl Iterator<Item = &ChunkEntry> {
        self.chunks.iter().chain(&self.patches)
    }

    /// Whether the chunk or patch stored under `key` is listed, found without building
    /// every listed key.
    pub(super) fn lists(&self, key: &str) -> bool {
        rebuild::parse_chunk_key(key).is_some_and(|(bucket, generation)| {
            self.entries()
                .any(|entry| entry.bucket == bucket && entry.generation == generation)
        })
    }

    pub(super) fn to_manifest_text(
        &self,
        saved_at: Timestamp,
        settings: &LedgerSettings,
        erase_seen: Option<&str>,
    ) -> Result<String, StorageError> {
        let manifest = Manifest {
            schema_version: self.version.number(),
            generation: self.generation,
            buckets: self.buckets,
            saved_at,
            chunk_units: self.chunk_units(),
            chunks: self.chunks.clone(),
            patches: self.patches.clone(),
            settings: settings.clone(),
            lineage: self.lineage.clone(),
            erase_seen: Some(erase_seen.unwrap_or_default().to_owned()),
            sync: self.journal.clone(),
        };
        serde_json::to_string(&manifest).map_err(|error| StorageError::Failed(error.to_string()))
    }
}
