//! The storage engine: the ledger in chunks under a manifest, saved incrementally and
//! committed atomically.
//!
//! See the [module docs](super) for the layout and the commit protocol.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::backend::{entry_units, BackendError, KeyValueStore};
use super::codec;
use super::erase::{erase_everything, raw_dump, ERASED_KEY};
use super::schema::{
    ChunkRecords, ChunkRecordsRef, PatchRecords, PatchRecordsRef, SchemaError, SchemaVersion,
    VersionProbe, VersionedChunk, VersionedPatch,
};
use crate::domain::rebase::{rebase_pending, RebaseReport};
use crate::domain::set_aside::{SetAside, SetAsideRecord};
use crate::domain::words;
use crate::domain::{
    ContactId, Ledger, LedgerError, LedgerRecords, LedgerSettings, PendingChanges, Timestamp,
};
use crate::sorting::{set_of, sort_by_key};
use replaced::Replaced;

/// How many buckets contacts are spread over in a new store.
///
/// Measured on the capacity ledger (5,000 contacts, 100,000 interactions), units written:
///
/// | buckets | whole ledger | median chunk | manifest | one edit (chunk + manifest) |
/// |--------:|-------------:|-------------:|---------:|----------------------------:|
/// |     128 |    2,630,762 |       20,847 |    3,122 |                      26,684 |
/// |     256 |    2,692,403 |       10,300 |    6,034 |                      15,960 |
/// |     512 |    2,804,755 |        5,169 |   11,282 |                      18,012 |
/// |    1024 |    2,990,847 |        2,732 |   20,982 |                      25,487 |
///
/// 256 writes the least per edit: fewer buckets make each chunk bigger, more buckets make
/// the manifest (rewritten by every save) bigger and compress worse. Smaller ledgers have
/// one contact per chunk either way.
pub const BUCKETS: u32 = 256;

/// A bucket carries at most this many patches; the next edit rewrites the bucket whole.
///
/// An edit writes a patch (the changed contacts' records) instead of its whole bucket while
/// the bucket's patches stay few and, together, at most half the size of its chunk
/// ([`PATCH_SHARE`]): loading then reads at most that much more, and the space patches take
/// stays bounded. On the heavy ledger an edit's bucket is about 20 contacts; a patch is one.
const MAX_PATCHES: usize = 8;

/// A bucket's patches may take up to 1/`PATCH_SHARE` of its chunk's units.
const PATCH_SHARE: usize = 2;

/// How long, in milliseconds, a chunk key must have been unlisted before it is removed:
/// the chunks a save replaced, and the leftovers a load finds.
///
/// Tabs in different processes see each other's writes a moment late, so two tabs saving
/// in the same instant can each commit a manifest, and either may be the one that stays.
/// Removing at once what one tab's manifest replaced, or what a loading tab does not see
/// listed yet, would leave the other manifest listing chunks that are gone: damage instead
/// of a lost edit. What stayed unlisted this long, no manifest lists any more.
pub const SWEEP_GRACE_MS: i64 = 10_000;

/// How long, in milliseconds, a replaced chunk must have been unlisted before it is removed
/// as the tab closes ([`Engine::sweep_on_leaving`]), when it cannot wait the whole
/// [`SWEEP_GRACE_MS`]: the chunk may hold deleted text, which should not stay behind in
/// storage until the next visit. A tab in another process sees a commit within a few
/// milliseconds, so one second still covers a save racing this one.
pub const LEAVING_GRACE_MS: i64 = 1_000;

/// The key of the manifest: the commit point of every save.
pub const MANIFEST_KEY: &str = "rapport.manifest";

/// Every chunk key starts with this; unreferenced ones are swept on load.
pub const CHUNK_PREFIX: &str = "rapport.chunk.";

/// More buckets than this in a manifest means the manifest is damaged.
const MAX_BUCKETS: u32 = 1 << 16;

/// How many of the latest saves' generations a manifest lists ([`Manifest::lineage`]).
const LINEAGE: usize = 64;

/// How many of its own saves a tab keeps ready to put back, until they are known to stay.
const MAX_UNCONFIRMED: usize = 64;

/// Why loading or saving failed, in words a person understands.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// The browser's quota for this origin is used up.
    #[error(
        "Your browser's storage for this page is full. Your changes are kept in this tab: \
         export them now so nothing is lost."
    )]
    QuotaExceeded,
    /// The browser offers no storage (disabled, private mode, no window).
    #[error(
        "This browser does not let Rapport keep data on this device (storage is turned off, or \
         this is a private window). Your changes last only while this tab is open: export them \
         before you close it."
    )]
    Unavailable(String),
    /// The manifest cannot be read.
    #[error(
        "Rapport's saved data could not be read: its table of contents ({MANIFEST_KEY}) is \
         damaged ({0}). Nothing was changed or deleted."
    )]
    CorruptManifest(String),
    /// A chunk cannot be read or does not match the manifest.
    #[error(
        "Rapport's saved data could not be read: the part stored under {key} is damaged \
         ({reason}). Nothing was changed or deleted."
    )]
    CorruptChunk {
        /// The chunk's key.
        key: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The chunks decode, but together they break a ledger invariant.
    #[error(
        "Rapport's saved data could not be read: its records do not fit together. {0} \
         Nothing was changed or deleted."
    )]
    Inconsistent(LedgerError),
    /// The data was written by a newer Rapport, or names no version.
    #[error(transparent)]
    Schema(SchemaError),
    /// Everything was erased from another tab or window since this one read the ledger.
    #[error(
        "Everything Rapport kept in this browser was erased from another tab or window, so \
         this change was not saved. Export now to keep what is only in this tab, then reload."
    )]
    Erased,
    /// Another tab or window saved since this one last read or wrote: saving now would
    /// overwrite its work, so nothing is written.
    #[error(
        "Rapport was changed in another tab or window. This change was not saved, so nothing \
         there is overwritten: reload this page to see the latest ledger (export first to keep \
         what is only in this tab)."
    )]
    ChangedElsewhere,
    /// Any other storage failure.
    #[error(
        "The browser's storage failed ({0}). Your changes are kept in this tab: export them \
         now so nothing is lost."
    )]
    Failed(String),
}

impl From<BackendError> for StorageError {
    fn from(error: BackendError) -> Self {
        match error {
            BackendError::QuotaExceeded => StorageError::QuotaExceeded,
            BackendError::Unavailable(detail) => StorageError::Unavailable(detail),
            BackendError::Failed(detail) => StorageError::Failed(detail),
        }
    }
}

/// A stored chunk that could not be read, and what it held according to the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DamagedChunk {
    /// The chunk's key in storage.
    pub key: String,
    /// What is wrong with it, in plain words.
    pub reason: String,
    /// Contacts it held.
    pub contacts: usize,
    /// Interactions it held.
    pub interactions: usize,
    /// Promises it held.
    pub promises: usize,
    /// What is wrong with it.
    pub kind: DamageKind,
}

/// How a stored part failed to load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DamageKind {
    /// A bucket's chunk could not be read: its records are missing.
    Unreadable,
    /// A patch could not be read: the latest changes to its bucket's contacts are missing,
    /// and those contacts load as they were before them.
    UnreadablePatch,
    /// The bucket reads, but some of its records break an invariant of the ledger (a value
    /// of a custom field the settings no longer define, an id twice, …): they are set aside
    /// and the counts are theirs, and the rest of the bucket loads.
    DoesNotFit,
    /// The manifest could not be read, and the ledger was rebuilt from the chunks found
    /// ([`rebuild`]); no counts.
    ManifestRebuilt,
}

impl DamagedChunk {
    /// What is missing, in plain words: "3 contacts, 41 interactions and 2 promises", for
    /// a patch "the latest changes to 1 contact, 12 interactions and 0 promises (…)", for
    /// records set aside "1 contact … that do not fit with the rest".
    pub fn missing(&self) -> String {
        let records = words::records(self.contacts, self.interactions, self.promises);
        match (self.kind, self.contacts) {
            (DamageKind::Unreadable, _) => records,
            (DamageKind::UnreadablePatch, 0) => {
                "a recent deletion (what it deleted shows again)".to_owned()
            }
            (DamageKind::UnreadablePatch, _) => {
                format!(
                    "the latest changes to {records} (those contacts show as they were before \
                 them, and any they added are missing)"
                )
            }
            (DamageKind::DoesNotFit, _) => {
                format!("{records} that do not fit with the rest, set aside")
            }
            (DamageKind::ManifestRebuilt, _) => "its table of contents, so the ledger was \
                 rebuilt from the parts found (a change made in the moments before the damage \
                 may show as it was before it)"
                .to_owned(),
        }
    }
}

/// The key a damaged chunk's text is kept under once the person continues without it, so
/// the app never deletes what it could not read.
pub fn damaged_copy_key(chunk_key: &str) -> String {
    format!(
        "rapport.damaged.{}",
        chunk_key
            .trim_start_matches(CHUNK_PREFIX)
            .trim_start_matches("rapport.")
    )
}

/// What [`Engine::read_records`] read: the records, the parts it could not read, and the
/// missing chunks it read from the newer chunks that replaced them.
struct ReadRecords {
    records: LedgerRecords,
    damaged: Vec<DamagedChunk>,
    replaced: Vec<Replaced>,
}

/// A ledger loaded in spite of damaged chunks: everything readable, and what is missing.
#[derive(Debug)]
pub struct Salvaged {
    /// The readable records. People who belonged to an organization in a damaged chunk
    /// are shown without it.
    pub ledger: Ledger,
    /// The chunks that could not be read; empty when everything loaded.
    pub damaged: Vec<DamagedChunk>,
}

/// What a save wrote, for the status line and for tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SaveReport {
    /// Chunks written (the manifest not included).
    pub chunks_written: usize,
    /// UTF-16 code units written, chunks and manifest, keys included.
    pub units_written: usize,
}

/// The bucket a contact's records live in: FNV-1a over the id's bytes, so placement is
/// stable across platforms and releases.
pub fn bucket_of(id: ContactId, buckets: u32) -> u32 {
    let hash = id
        .as_u128()
        .to_le_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    // The remainder is below `buckets`, a u32.
    (hash % u64::from(buckets)) as u32
}

fn chunk_key(bucket: u32, generation: u64) -> String {
    format!("{CHUNK_PREFIX}{bucket}.{generation}")
}

/// One chunk as the manifest lists it; stored as a JSON array to keep the manifest small.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "ChunkRow", into = "ChunkRow")]
struct ChunkEntry {
    bucket: u32,
    generation: u64,
    contacts: usize,
    interactions: usize,
    promises: usize,
    /// Units of the chunk's key and text.
    units: usize,
}

/// `[bucket, generation, contacts, interactions, promises, units]`.
type ChunkRow = (u32, u64, usize, usize, usize, usize);

/// A save committed: the state it committed, what it wrote, and the keys it left unlisted
/// (replaced chunks, and a save in steps' empty chunks), whose grace starts now.
type Commit = (Committed, SaveReport, Vec<String>);

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
    fn key(&self) -> String {
        chunk_key(self.bucket, self.generation)
    }
}

/// The manifest as stored: plain JSON, readable in the browser's developer tools.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    schema_version: u32,
    /// Moved on by every save ([`generation_step`]); chunks written by a save carry its
    /// generation.
    generation: u64,
    buckets: u32,
    saved_at: Timestamp,
    /// Units of every listed chunk, keys included (the manifest itself not included).
    chunk_units: usize,
    /// Non-empty buckets only, in bucket order.
    chunks: Vec<ChunkEntry>,
    /// Patches over those buckets (schema version 3), in bucket then generation order:
    /// applied over their bucket's chunk, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    patches: Vec<ChunkEntry>,
    /// The ledger's settings (absent before schema version 2).
    #[serde(default)]
    settings: LedgerSettings,
    /// The generations of the latest saves this one builds on, oldest first, itself last
    /// (at most [`LINEAGE`]; absent in stores written before it was kept). A tab whose save
    /// is not in the lineage of the manifest that followed it knows that save was lost: two
    /// tabs committed in the same instant and the other's manifest stayed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    lineage: Vec<u64>,
    /// The erase marker ([`ERASED_KEY`]) the writer had seen, "" for none (absent in
    /// stores written before it was kept). A manifest whose marker is not the one in
    /// storage was written by a tab that had not yet seen an erase made in another: it is
    /// void, as everything before the erase, and the store reads as empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    erase_seen: Option<String>,
}

/// The committed state: what the manifest in storage says.
#[derive(Clone, Debug)]
struct Committed {
    /// The version the chunks were written with.
    version: SchemaVersion,
    generation: u64,
    buckets: u32,
    /// Non-empty buckets only, in bucket order: a list, so that a save copies it in one go.
    chunks: Vec<ChunkEntry>,
    /// Patches, in bucket then generation order; each bucket listed has a chunk.
    patches: Vec<ChunkEntry>,
    /// Units of the manifest entry itself.
    manifest_units: usize,
    /// The manifest's text as read or written: while storage still holds exactly this text,
    /// no other tab has committed, and a save need not parse the manifest again.
    manifest_text: Option<String>,
    /// The generations of the latest saves, oldest first ([`Manifest::lineage`]).
    lineage: Vec<u64>,
}

impl Committed {
    /// The lineage of the save of `generation` that builds on this state: this one's, or
    /// this generation alone in a store written before lineages were kept.
    fn lineage_after(&self, generation: u64) -> Vec<u64> {
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
    fn descends_from(&self, generation: u64) -> Option<bool> {
        if generation == self.generation || self.lineage.contains(&generation) {
            return Some(true);
        }
        let reach = self.lineage.first().copied().unwrap_or(self.generation);
        (generation >= reach).then_some(false)
    }
}

impl Committed {
    fn empty(buckets: u32) -> Self {
        Committed {
            version: SchemaVersion::LATEST,
            generation: 0,
            buckets,
            chunks: Vec::new(),
            patches: Vec::new(),
            manifest_units: 0,
            manifest_text: None,
            lineage: Vec::new(),
        }
    }

    fn from_manifest(
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
    fn after(
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
        };
        sort_by_key(&mut next.chunks, |entry| entry.bucket);
        sort_by_key(&mut next.patches, |entry| (entry.bucket, entry.generation));
        next
    }

    fn chunk_units(&self) -> usize {
        self.chunks
            .iter()
            .chain(&self.patches)
            .fold(0, |sum: usize, entry| sum.saturating_add(entry.units))
    }

    /// The chunk of `bucket`, if it has one.
    fn chunk_of(&self, bucket: u32) -> Option<&ChunkEntry> {
        self.chunks
            .binary_search_by_key(&bucket, |entry| entry.bucket)
            .ok()
            .map(|at| &self.chunks[at])
    }

    /// The patches of `bucket`, oldest first.
    fn patches_of(&self, bucket: u32) -> &[ChunkEntry] {
        let start = self.patches.partition_point(|entry| entry.bucket < bucket);
        let end = self.patches.partition_point(|entry| entry.bucket <= bucket);
        &self.patches[start..end]
    }

    /// Every chunk and patch listed.
    fn entries(&self) -> impl Iterator<Item = &ChunkEntry> {
        self.chunks.iter().chain(&self.patches)
    }

    /// Whether the chunk or patch stored under `key` is listed, found without building
    /// every listed key.
    fn lists(&self, key: &str) -> bool {
        let parsed = key.strip_prefix(CHUNK_PREFIX).and_then(|rest| {
            let (bucket, generation) = rest.split_once('.')?;
            Some((bucket.parse::<u32>().ok()?, generation.parse::<u64>().ok()?))
        });
        parsed.is_some_and(|(bucket, generation)| {
            self.entries()
                .any(|entry| entry.bucket == bucket && entry.generation == generation)
        })
    }

    fn to_manifest_text(
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
        };
        serde_json::to_string(&manifest).map_err(|error| StorageError::Failed(error.to_string()))
    }
}

/// A chunk or patch encoded and ready to write.
struct EncodedChunk {
    entry: ChunkEntry,
    text: String,
    /// A patch over its bucket's chunk, rather than the bucket's whole chunk.
    patch: bool,
}

/// Loads and saves a [`Ledger`] in a [`KeyValueStore`].
///
/// The engine remembers the committed manifest between calls, so a save touches only the
/// chunks of changed contacts. Before writing, a save checks that the stored manifest is
/// still the one it remembers: when another engine (another tab) committed in between, the
/// save is refused with [`StorageError::ChangedElsewhere`] instead of overwriting that work.
#[derive(Debug)]
pub struct Engine<S: KeyValueStore> {
    store: S,
    /// Bucket count for a store that has no manifest yet.
    new_buckets: u32,
    /// `None` until the manifest has been read (by `load`, or by the first `save`).
    committed: Option<Committed>,
    /// After a load that found damaged chunks: the manifest read, held back so that no save
    /// happens until the person chooses to continue without them.
    held: Option<(Committed, Vec<DamagedChunk>)>,
    /// Which contacts each bucket holds in the ledger last saved, so an edit encodes its
    /// bucket without scanning every contact. `None` until a save builds it.
    members: Option<BucketMembers>,
    /// Chunk keys a save replaced or a load found unlisted, with when; they are removed
    /// once unlisted for [`SWEEP_GRACE_MS`].
    unlisted_since: HashMap<String, Timestamp>,
    /// The clock the grace is counted on (a fixed one in tests).
    clock: fn() -> Timestamp,
    /// How far a save moves the generation on ([`generation_step`]).
    step: fn() -> u64,
    /// The erase marker ([`ERASED_KEY`]) as this engine last read it: when storage holds
    /// another, everything was erased from another tab since, and nothing is written.
    erase_seen: Option<Option<String>>,
    /// Why the last load failed, if it did: nothing is written while it stands.
    unreadable: Option<StorageError>,
    /// This engine's latest saves, with what each wrote, until they are known to stay: a
    /// save is lost when another tab committed in the same instant and its manifest won, and
    /// then its changes are put back on top ([`refresh`](Self::refresh)).
    unconfirmed: Vec<UnconfirmedSave>,
}

/// A save that another tab's manifest may still have replaced.
#[derive(Debug)]
struct UnconfirmedSave {
    generation: u64,
    /// When a manifest building on it was first seen; `None` until then.
    seen_kept_at: Option<Timestamp>,
    changes: PendingChanges,
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
    /// An engine over `store`; nothing is read until [`load`](Self::load) or
    /// [`save`](Self::save).
    pub fn new(store: S) -> Self {
        Self::with_buckets(store, BUCKETS)
    }

    /// An engine that spreads a new store over `buckets` buckets (clamped to 1..=65,536)
    /// instead of [`BUCKETS`]; an existing store keeps the count its manifest records.
    /// Tests use few buckets so that chunks hold several contacts.
    pub fn with_buckets(store: S, buckets: u32) -> Self {
        Engine {
            store,
            new_buckets: buckets.clamp(1, MAX_BUCKETS),
            committed: None,
            held: None,
            members: None,
            unlisted_since: HashMap::new(),
            clock: wall_clock,
            step: generation_step,
            unconfirmed: Vec::new(),
            erase_seen: None,
            unreadable: None,
        }
    }

    /// The store, to inspect it.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Erases every key Rapport wrote to the store ([`erase_everything`]) and forgets what
    /// was committed, as an engine that has just read an empty store. Returns how many keys
    /// went.
    pub fn erase_everything(&mut self) -> Result<usize, BackendError> {
        let erased = erase_everything(&mut self.store, (self.clock)().millis())?;
        // As an engine that has read the empty store: a save from here on is checked against
        // what another tab may have saved since, never a first save that writes over it.
        self.committed = Some(Committed::empty(self.new_buckets));
        self.held = None;
        self.members = None;
        self.unlisted_since.clear();
        self.unconfirmed.clear();
        self.unreadable = None;
        self.erase_seen = Some(self.store.get(ERASED_KEY)?);
        Ok(erased)
    }

    /// The store, to change it behind the engine's back (as another tab would).
    #[cfg(test)]
    pub fn store_mut(&mut self) -> &mut S {
        &mut self.store
    }

    /// Space the committed ledger takes, in UTF-16 code units (keys included), as the
    /// browser counts it against its quota; 0 before the first load or save.
    pub fn usage_units(&self) -> usize {
        self.committed.as_ref().map_or(0, |committed| {
            committed.chunk_units() + committed.manifest_units
        })
    }

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
    fn read_salvaging(&mut self) -> Result<Salvaged, StorageError> {
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
                self.list_replaced(&mut committed, &replaced, ledger.settings());
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
    fn read_records(
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

    /// Writes the ledger's pending changes: the changed chunks under a new generation, then
    /// the manifest, then removes the chunks it replaced. On failure storage still holds the
    /// previous save, the ledger keeps its pending changes, and the error says why.
    ///
    /// The first save of an engine that has not loaded writes everything.
    pub fn save(&mut self, ledger: &mut Ledger) -> Result<SaveReport, StorageError> {
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
        let mut result = self.commit(&committed, ledger, everything);
        if matches!(result, Err(StorageError::QuotaExceeded))
            && self.remove_unlisted_now(&committed)
        {
            result = self.commit(&committed, ledger, everything);
        }
        let before = committed.generation;
        let result = match result {
            // Too big to write beside what it replaces: bucket by bucket instead.
            Err(StorageError::QuotaExceeded) => {
                self.commit_in_steps(&committed, ledger, everything)
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
                    // The manifest just read tells which saves of this engine it replaced.
                    if let Some(loaded) = self.committed.take() {
                        self.reclaim_lost_saves(&loaded, ledger);
                        self.committed = Some(loaded);
                    }
                    let rebased =
                        rebase_pending(ledger, stored).map_err(StorageError::Inconsistent)?;
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
    fn erased_elsewhere(&mut self) -> Result<bool, StorageError> {
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
    fn marker_seen(&self) -> Option<&str> {
        self.erase_seen.as_ref().and_then(Option::as_deref)
    }

    /// Remembers a save this engine just committed, with what it wrote, until it is known
    /// to stay.
    fn remember_unconfirmed(&mut self, generation: u64, at: Timestamp, ledger: &Ledger) {
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
    fn forget_settled_saves(&mut self) {
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
    fn reclaim_lost_saves(&mut self, stored: &Committed, ledger: &mut Ledger) {
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

    /// Writes the new chunks and the manifest; on failure removes what it wrote. Returns
    /// the new committed state, what was written, and the keys of the chunks it replaced.
    fn commit(
        &mut self,
        committed: &Committed,
        ledger: &Ledger,
        everything: bool,
    ) -> Result<Commit, StorageError> {
        let dirty = dirty_buckets(committed, ledger, everything);
        let settings_changed = everything || ledger.pending_changes().settings;
        if dirty.is_empty() && committed.manifest_units > 0 && !settings_changed {
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
    fn generation_after(&self, committed: &Committed) -> Result<u64, StorageError> {
        committed
            .generation
            .checked_add((self.step)())
            .ok_or_else(|| {
                StorageError::CorruptManifest("its save counter is at its limit".to_owned())
            })
    }

    /// [`commit`](Self::commit) for a save too big to write beside what it replaces (a
    /// whole ledger above about half the quota: a replace, a rebase, a restore, a
    /// migration): one bucket at a time, each step committed by a manifest of its own, and
    /// the bucket's replaced chunk and patches removed at once to make room for the next.
    /// The buckets that free room go first. So a ledger is replaced by another of its size
    /// with room for one bucket more, not for two ledgers.
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
    fn commit_in_steps(
        &mut self,
        committed: &Committed,
        ledger: &Ledger,
        everything: bool,
    ) -> Result<Commit, (StorageError, Box<Committed>)> {
        let unchanged = |error| (error, Box::new(committed.clone()));
        let (_, stored_settings) = self.read_manifest().map_err(unchanged)?;
        let interim_settings = ledger.settings().keeping_fields_of(&stored_settings);
        let members = BucketMembers::of(ledger, committed.buckets);
        let mut steps = Vec::new();
        for bucket in dirty_buckets(committed, ledger, everything) {
            let only = BTreeSet::from([bucket]);
            let (chunks, rewritten) =
                encode_writes(ledger, committed, &members, &only, everything, 0)
                    .map_err(unchanged)?;
            let replaced: usize = committed
                .entries()
                .filter(|entry| rewritten.contains(&entry.bucket))
                .map(|entry| entry.units)
                .sum();
            let added: usize = chunks.iter().map(|chunk| chunk.entry.units).sum();
            steps.push((added as i64 - replaced as i64, chunks, rewritten));
        }
        let writes: usize = steps
            .iter()
            .flat_map(|(_, chunks, _)| chunks)
            .map(|chunk| chunk.entry.units)
            .sum();
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
    fn write_all(&mut self, chunks: &[EncodedChunk], manifest: &str) -> Result<(), StorageError> {
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
    fn manifest_unchanged(&self, committed: &Committed) -> bool {
        committed
            .manifest_text
            .as_deref()
            .is_some_and(|text| self.store.holds(MANIFEST_KEY, text).unwrap_or(false))
    }

    /// Reads and checks the manifest; a store without one is empty.
    fn read_committed(&self) -> Result<Committed, StorageError> {
        self.read_manifest().map(|(committed, _)| committed)
    }

    /// Reads and checks the manifest, with the ledger settings it carries.
    fn read_manifest(&self) -> Result<(Committed, LedgerSettings), StorageError> {
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
            | SchemaVersion::V7 => serde_json::from_str(&text).map_err(corrupt)?,
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
    fn read_chunk(
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
    fn read_patch(
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
    fn read_entry<T>(
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
        let owners = records
            .contacts
            .iter()
            .map(|contact| contact.id)
            .chain(
                records
                    .interactions
                    .iter()
                    .map(|interaction| interaction.contact),
            )
            .chain(records.promises.iter().map(|promise| promise.contact))
            .chain(removed.iter().copied());
        for owner in owners {
            if bucket_of(owner, buckets) != entry.bucket {
                return Err(corrupt("it holds records of another bucket".to_owned()));
            }
        }
        Ok(decoded)
    }

    /// Notes the chunk keys the committed manifest does not list, and removes those that
    /// stayed unlisted for [`SWEEP_GRACE_MS`] ([`retire`](Self::retire)).
    fn sweep(&mut self, committed: &Committed) {
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
    fn retire(&mut self, committed: &Committed) {
        let now = (self.clock)();
        self.unlisted_since.retain(|key, _| !committed.lists(key));
        let Ok(keys) = self.store.keys() else {
            return;
        };
        // A chunk of a bucket whose listed chunk is missing may be what replaced it.
        let keep = replaced::buckets_missing_their_chunk(committed, &keys.into_iter().collect());
        let expired: Vec<String> = self
            .unlisted_since
            .iter()
            .filter(|(_, since)| now.millis() - since.millis() >= SWEEP_GRACE_MS)
            .filter(|(key, _)| {
                rebuild::parse_chunk_key(key).is_none_or(|(bucket, _)| !keep.contains(&bucket))
            })
            .map(|(key, _)| key.clone())
            .collect();
        for key in expired {
            self.unlisted_since.remove(&key);
            // A key left behind is found unlisted again at the next load.
            let _ = self.store.remove(&key);
        }
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
        let Some(committed) = self.committed.as_ref() else {
            return;
        };
        if !self.manifest_unchanged(committed) {
            return;
        }
        let now = (self.clock)();
        let gone: Vec<String> = self
            .unlisted_since
            .iter()
            .filter(|(key, since)| {
                !committed.lists(key) && now.millis() - since.millis() >= LEAVING_GRACE_MS
            })
            .map(|(key, _)| key.clone())
            .collect();
        for key in gone {
            self.unlisted_since.remove(&key);
            // A key left behind is found unlisted again at the next load.
            let _ = self.store.remove(&key);
        }
    }

    /// When storage is full: removes the noted keys `committed` does not list whose grace
    /// is over, which a save may not have come to yet. Says whether anything was removed, so
    /// the save can try again. A key within its grace stays even now: it may be a chunk
    /// another tab has just written and is about to commit.
    fn remove_unlisted_now(&mut self, committed: &Committed) -> bool {
        let now = (self.clock)();
        let expired: Vec<String> = self
            .unlisted_since
            .iter()
            .filter(|(key, since)| {
                !committed.lists(key) && now.millis() - since.millis() >= SWEEP_GRACE_MS
            })
            .map(|(key, _)| key.clone())
            .collect();
        let mut removed = false;
        for key in expired {
            self.unlisted_since.remove(&key);
            removed |= self.store.remove(&key).is_ok();
        }
        removed
    }

    /// Units of the chunk keys this engine noted unlisted and will remove once their grace
    /// is over: room the next save after it has, beside what the store holds now.
    fn units_awaiting_sweep(&self, committed: &Committed) -> usize {
        self.unlisted_since
            .keys()
            .filter(|key| !committed.lists(key))
            .filter_map(|key| {
                let text = self.store.get(key).ok().flatten()?;
                Some(entry_units(key, &text))
            })
            .sum()
    }

    fn remove_best_effort<'k>(&mut self, keys: impl Iterator<Item = &'k String>) {
        for key in keys {
            // A key left behind is unreferenced, and swept at the next load.
            let _ = self.store.remove(key);
        }
    }
}

/// The records set aside at load, as one part per bucket (named by the bucket's chunk,
/// which holds them with its patches), with the reasons they do not fit.
fn parts_set_aside(aside: &[SetAside], committed: &Committed) -> Vec<DamagedChunk> {
    let mut parts: BTreeMap<u32, (DamagedChunk, BTreeSet<String>)> = BTreeMap::new();
    for set in aside {
        let bucket = bucket_of(set.owner(), committed.buckets);
        let (part, reasons) = parts.entry(bucket).or_insert_with(|| {
            let key = committed
                .chunk_of(bucket)
                .map_or_else(|| chunk_key(bucket, committed.generation), ChunkEntry::key);
            let part = DamagedChunk {
                key,
                reason: String::new(),
                contacts: 0,
                interactions: 0,
                promises: 0,
                kind: DamageKind::DoesNotFit,
            };
            (part, BTreeSet::new())
        });
        match set.record {
            SetAsideRecord::Contact(_) => part.contacts += 1,
            SetAsideRecord::Interaction(_) => part.interactions += 1,
            SetAsideRecord::Promise(_) => part.promises += 1,
        }
        reasons.insert(set.reason.to_string());
    }
    parts
        .into_values()
        .map(|(mut part, reasons)| {
            part.reason = reasons.into_iter().collect::<Vec<_>>().join(" ");
            part
        })
        .collect()
}

/// The buckets a save must rewrite: those of changed contacts, or every bucket in use.
fn dirty_buckets(committed: &Committed, ledger: &Ledger, everything: bool) -> BTreeSet<u32> {
    let buckets = committed.buckets;
    if everything {
        committed
            .entries()
            .map(|entry| entry.bucket)
            .chain(
                ledger
                    .contacts()
                    .map(|contact| bucket_of(contact.id, buckets)),
            )
            .collect()
    } else {
        ledger
            .pending_changes()
            .contacts
            .iter()
            .map(|&id| bucket_of(id, buckets))
            .collect()
    }
}

/// The contacts of each bucket, in id order (the order a chunk lists them in).
#[derive(Debug)]
struct BucketMembers {
    buckets: u32,
    contacts: HashMap<u32, Vec<ContactId>>,
}

impl BucketMembers {
    /// Every contact of `ledger`, placed in its bucket.
    fn of(ledger: &Ledger, buckets: u32) -> Self {
        let mut contacts: HashMap<u32, Vec<ContactId>> = HashMap::new();
        for contact in ledger.contacts() {
            contacts
                .entry(bucket_of(contact.id, buckets))
                .or_default()
                .push(contact.id);
        }
        BucketMembers { buckets, contacts }
    }

    /// Brings the contacts with pending changes up to date: added ones join their bucket,
    /// deleted ones leave it. Every other contact is where it was.
    fn follow(&mut self, ledger: &Ledger) {
        for &id in &ledger.pending_changes().contacts {
            let members = self
                .contacts
                .entry(bucket_of(id, self.buckets))
                .or_default();
            match (members.binary_search(&id), ledger.contact(id).is_some()) {
                (Err(at), true) => members.insert(at, id),
                (Ok(at), false) => {
                    members.remove(at);
                }
                _ => {}
            }
        }
    }

    fn of_bucket(&self, bucket: u32) -> &[ContactId] {
        self.contacts.get(&bucket).map_or(&[], Vec::as_slice)
    }
}

/// Encodes what a save writes for each dirty bucket: a patch of its changed contacts
/// while the bucket's patches stay few and small, else the whole bucket as a new chunk
/// (none when it has no contacts left). A bucket where something was deleted is always
/// rewritten whole, so the deleted text leaves storage and frees its space. Returns the
/// encoded texts and the buckets rewritten whole, whose earlier chunk and patches the save
/// replaces.
fn encode_writes(
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
        if !records.contacts.is_empty() {
            encoded.push(encode_chunk(bucket, generation, &records, false)?);
        }
    }
    Ok((encoded, rewritten))
}

/// A patch of `bucket` holding the latest records of the contacts `changed` (the deleted
/// ones by id), or `None` when the bucket must be rewritten whole instead: it has no chunk
/// yet, or its patches would grow past [`MAX_PATCHES`] or their share of its chunk.
fn encode_patch(
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
    }
    let encoded = encode_chunk(bucket, generation, &patch, true)?;
    let patches_units = earlier.iter().fold(encoded.entry.units, |sum, entry| {
        sum.saturating_add(entry.units)
    });
    Ok((patches_units <= chunk.units / PATCH_SHARE).then_some(encoded))
}

/// Encodes a chunk's or a patch's records; the manifest entry counts its records.
fn encode_chunk<R: Serialize + CountedRecords>(
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
trait CountedRecords {
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

/// How far a save moves the generation on: in the browser a random step from 1 to
/// 1,000,000. Two tabs saving from the same generation in the same instant (each before it
/// sees the other's manifest) then write their chunks under different keys, but for one
/// chance in a million, so neither overwrites a chunk the other's manifest lists. (With
/// steps to 1,000 the chance was one in a thousand.) A million saves a day for a thousand
/// years stay far below the counter's limit.
#[cfg(target_arch = "wasm32")]
fn generation_step() -> u64 {
    1 + (js_sys::Math::random() * 1_000_000.0) as u64
}

/// How far a save moves the generation on: off the web (tests, benchmarks), one.
#[cfg(not(target_arch = "wasm32"))]
fn generation_step() -> u64 {
    1
}

/// The time recorded in the manifest, for people inspecting storage; nothing depends on it.
#[cfg(target_arch = "wasm32")]
fn wall_clock() -> Timestamp {
    Timestamp::from_millis(js_sys::Date::now() as i64)
}

/// The time recorded in the manifest, for people inspecting storage; nothing depends on it.
#[cfg(not(target_arch = "wasm32"))]
fn wall_clock() -> Timestamp {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp::from_millis(i64::try_from(since_epoch.as_millis()).unwrap_or(0))
}

mod rebuild;
mod replaced;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod model_tests;
