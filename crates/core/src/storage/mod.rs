//! Storage: the ledger in the browser's localStorage, and the JSON export and import.
//!
//! # Layout
//!
//! Contacts are spread over [`BUCKETS`] buckets by a hash of their id ([`bucket_of`]). A
//! bucket's contacts, with all their interactions and promises, form one *chunk*: postcard
//! bytes, LZ4-compressed (zlib before schema version 4), packed 15 bits per UTF-16 code
//! unit ([`codec`]). Since schema version 5 a chunk's first byte names its records' version,
//! so an upgraded store keeps the chunks an older version wrote until their bucket changes
//! ([`schema`]). Keys:
//!
//! - `rapport.manifest`: plain JSON naming the schema version, the save generation, the
//!   bucket count, for every non-empty bucket `[bucket, generation, contacts, interactions,
//!   promises, units]`, and the same for every *patch*;
//! - `rapport.chunk.{bucket}.{generation}`: one chunk or patch, written by the save of that
//!   generation.
//!
//! An edit changes one contact, so a save writes a *patch*: that contact's records alone,
//! applied over its bucket's chunk when loading, plus the manifest. Once a bucket has eight
//! patches, or its patches would take more than half the size of its chunk, the next edit
//! rewrites the bucket whole instead (about 1/256 of a big ledger) and drops its patches. A
//! deletion (of a contact, an interaction or a promise) always rewrites its bucket whole, so
//! what was deleted leaves storage within seconds (the replaced chunks stay for a short grace
//! another tab may need: `engine::SWEEP_GRACE_MS`). So an edit writes about what the edited contact holds,
//! whatever the size of the ledger, and loading reads at most half as much again.
//!
//! # Commit protocol
//!
//! localStorage makes each single `setItem` atomic and nothing larger, so a save is built on
//! one atomic step, the manifest write:
//!
//! 1. the changed chunks are written under the *new* generation: keys no committed manifest
//!    references, so the committed state is never touched;
//! 2. the manifest listing them is written: this is the commit point;
//! 3. the chunks and patches it replaced are removed, best effort.
//!
//! A failure in step 1 or 2 leaves the previous manifest and all its chunks in place; the
//! engine removes what it wrote, the ledger keeps its pending changes, and the error says
//! why. A failure in step 3 only leaves unreferenced chunks, swept by a later load (once they
//! have stayed unlisted for a few seconds: another tab may be committing them). So at
//! any instant storage loads either the previous save or the new one, never a mix.
//!
//! # Versions
//!
//! Manifests and exports carry [`SCHEMA_VERSION`]; data of a newer version is refused and
//! left untouched ([`schema`]).

pub mod backend;
pub mod codec;
pub mod engine;
pub mod erase;
pub mod json;
pub mod local;
pub mod schema;

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod test_support;

pub use backend::{BackendError, FailureMode, KeyValueStore, MemoryStore};
pub use engine::{bucket_of, Engine, SaveReport, StorageError, BUCKETS};
pub use erase::{erase_everything, raw_dump, raw_dump_file_name, ERASED_KEY, RAW_DUMP_FORMAT};
pub use json::{export_file_name, export_json, import_json, ImportError};
pub use local::LocalStore;
pub use schema::{SchemaError, SCHEMA_VERSION};
