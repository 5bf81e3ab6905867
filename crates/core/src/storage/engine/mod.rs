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
use crate::domain::rebase::{rebase_pending_onto, RebaseReport, StoredHistory};
use crate::domain::set_aside::{SetAside, SetAsideRecord};
use crate::domain::words;
use crate::domain::{
    ContactId, Ledger, LedgerError, LedgerRecords, LedgerSettings, PendingChanges, Timestamp,
};
use crate::sorting::{set_of, sort_by_key};
use crate::sync::Journal;
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

mod buckets;
mod damage;
mod encode;
mod error;
mod load;
mod manifest;
mod rebuild;
mod replaced;
mod save;
mod sweep;
mod tabs;

pub use buckets::bucket_of;
pub use damage::{damaged_copy_key, DamageKind, DamagedChunk, Salvaged};
pub use error::StorageError;
pub use save::SaveReport;
pub use tabs::Refreshed;

use buckets::{dirty_buckets, BucketMembers};
use damage::parts_set_aside;
use encode::{encode_chunk, encode_writes, EncodedChunk};
use manifest::{chunk_key, ChunkEntry, Committed, Manifest};
use tabs::UnconfirmedSave;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod model_tests;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod journal_tests;
