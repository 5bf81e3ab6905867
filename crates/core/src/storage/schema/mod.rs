//! Versions of the stored and exported formats, and the migrations between them.
//!
//! Every manifest and every export names the schema version it was written with. Reading
//! goes in two steps: the version is checked first (data from a newer Rapport is refused
//! whole, before anything is decoded), then the records are decoded with that version's
//! types and migrated up to today's through `From` conversions.
//!
//! Adding version N+1 (docs/SCHEMA.md has the whole recipe): a variant in
//! [`SchemaVersion`], made [`SchemaVersion::LATEST`]; the record types that change frozen
//! as they are today in a `vN` module (as [`v1`] and [`v4`] do, self-contained, so later
//! changes to today's types cannot change how old texts read), with `From` conversions as
//! the migration; a variant in [`VersionedChunk`] and [`VersionedPatch`]; a magic byte for
//! the texts of the new version (see [`codec`]); and a golden store written by the commit
//! that ships it. The compiler points at every match on the version, because every one is
//! exhaustive, and refuses a `LATEST` that is not the newest.
//!
//! Since version 5 each stored text names its records' version (in its first byte), so a
//! store keeps the chunks an older version wrote until their bucket is rewritten; older
//! texts have the shape of their manifest's version, or of version 4 under a later manifest
//! (versions 2 to 4 share one shape).

use serde::{Deserialize, Serialize};
use thiserror::Error;

mod columns;

use super::codec::{self, CodecError};
use crate::domain::{Contact, ContactId, Interaction, LedgerRecords, Promise, Tombstone};

/// The schema version this copy of Rapport writes, and the newest it understands.
pub const SCHEMA_VERSION: u32 = SchemaVersion::LATEST.number();

/// A schema version this copy of Rapport can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaVersion {
    /// The first stored format: postcard chunks of contacts without custom fields, and no
    /// ledger settings.
    V1,
    /// Contacts carry custom field values; the manifest and exports carry the ledger's
    /// settings (tag cadences, field definitions, saved lists).
    V2,
    /// A stored bucket may carry patches: an edit writes only the changed contacts' records
    /// ([`PatchRecords`]) instead of rewriting their whole bucket. Chunks and exports hold
    /// the same records as in version 2.
    V3,
    /// Chunks and patches are written compressed with LZ4 instead of zlib (the first byte
    /// of a text tells which, so a store keeps its zlib chunks until their buckets are
    /// rewritten): the ledger loads and saves faster for a little more space. The records
    /// are as in version 3.
    V4,
    /// Quality checks say whether the relationship is one of exchange or communal (Hon
    /// and Grunig). Chunks and patches name their records' version in their first byte, so
    /// an upgraded store keeps its version 4 chunks as they are.
    V5,
    /// Interactions carry a link (the coverage's article or segment, the post), and may be
    /// of a practitioner's kind (pitch, coverage, interview, exclusive, embargo) that means
    /// one of the method's kinds. Version 5's texts keep their chunks.
    V6,
    /// Interactions keep the person's day they happened on, beside the instant; chunks and
    /// patches lay their interactions and promises out in [`columns`], a quarter smaller
    /// once compressed. Version 6's texts keep their chunks.
    V7,
    /// A deleted record leaves a tombstone (its kind, id, contact and when), kept in its
    /// contact's bucket after the records, and exports carry them, so a deletion travels
    /// to other devices. Version 7's texts keep their chunks.
    V8,
    /// The manifest may carry sync's journal (`rapport_core::sync::Journal`): what this
    /// device changed that the server has not seen, saved in the same commit as the
    /// ledger, so that no version without sync writes a manifest that forgets it. Chunks,
    /// patches and exports hold the same records as in version 8 (their texts name
    /// version 8).
    V9,
}

impl SchemaVersion {
    /// The version written today.
    pub const LATEST: SchemaVersion = SchemaVersion::V9;

    /// The first version.
    pub const OLDEST: SchemaVersion = SchemaVersion::V1;

    /// The version's number, as written in manifests and exports.
    pub const fn number(self) -> u32 {
        match self {
            SchemaVersion::V1 => 1,
            SchemaVersion::V2 => 2,
            SchemaVersion::V3 => 3,
            SchemaVersion::V4 => 4,
            SchemaVersion::V5 => 5,
            SchemaVersion::V6 => 6,
            SchemaVersion::V7 => 7,
            SchemaVersion::V8 => 8,
            SchemaVersion::V9 => 9,
        }
    }

    /// The version that followed this one; none after [`LATEST`](Self::LATEST) (checked
    /// when compiling), so every version is reachable from [`OLDEST`](Self::OLDEST).
    pub const fn next(self) -> Option<SchemaVersion> {
        match self {
            SchemaVersion::V1 => Some(SchemaVersion::V2),
            SchemaVersion::V2 => Some(SchemaVersion::V3),
            SchemaVersion::V3 => Some(SchemaVersion::V4),
            SchemaVersion::V4 => Some(SchemaVersion::V5),
            SchemaVersion::V5 => Some(SchemaVersion::V6),
            SchemaVersion::V6 => Some(SchemaVersion::V7),
            SchemaVersion::V7 => Some(SchemaVersion::V8),
            SchemaVersion::V8 => Some(SchemaVersion::V9),
            SchemaVersion::V9 => None,
        }
    }

    /// The version numbered `number`, if this copy knows it.
    pub fn from_number(number: u64) -> Option<SchemaVersion> {
        let mut version = SchemaVersion::OLDEST;
        loop {
            if u64::from(version.number()) == number {
                return Some(version);
            }
            version = version.next()?;
        }
    }

    /// Whether this version's chunks can stay as they are when the store is next saved:
    /// they are read as they are, in the same buckets, so only version 1's (without custom
    /// fields, in a store whose manifest cannot say so) must be rewritten.
    pub fn chunks_can_stay(self) -> bool {
        match self {
            SchemaVersion::V1 => false,
            SchemaVersion::V2
            | SchemaVersion::V3
            | SchemaVersion::V4
            | SchemaVersion::V5
            | SchemaVersion::V6
            | SchemaVersion::V7
            | SchemaVersion::V8
            | SchemaVersion::V9 => true,
        }
    }

    /// The version of the records in a text that names none: its manifest's, up to
    /// version 4 (every later text names its own).
    fn of_unnamed_records(self) -> SchemaVersion {
        match self {
            SchemaVersion::V1 => SchemaVersion::V1,
            SchemaVersion::V2 => SchemaVersion::V2,
            SchemaVersion::V3 => SchemaVersion::V3,
            SchemaVersion::V4
            | SchemaVersion::V5
            | SchemaVersion::V6
            | SchemaVersion::V7
            | SchemaVersion::V8
            | SchemaVersion::V9 => SchemaVersion::V4,
        }
    }

    /// The version of a text's records: the one it names, or else its manifest's.
    fn of_records(self, named: Option<u32>) -> SchemaVersion {
        named
            .and_then(|number| SchemaVersion::from_number(u64::from(number)))
            .unwrap_or_else(|| self.of_unnamed_records())
    }

    /// Checks the version a manifest or export declares, refusing missing, zero and newer
    /// versions with a plain message.
    pub fn check(declared: Option<u64>) -> Result<SchemaVersion, SchemaError> {
        match declared {
            None | Some(0) => Err(SchemaError::Missing),
            Some(number) => SchemaVersion::from_number(number).ok_or(SchemaError::Newer(number)),
        }
    }
}

// A version added after `LATEST` would be read but never written: `LATEST` moves with it.
const _: () = assert!(
    SchemaVersion::LATEST.next().is_none(),
    "SchemaVersion::LATEST must be the newest version"
);

/// Why data's declared version cannot be read.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SchemaError {
    /// The data names a version this copy does not know yet.
    #[error(
        "This data was saved by a newer version of Rapport (version {0}); this copy understands \
         up to version {SCHEMA_VERSION}. Update the page and try again."
    )]
    Newer(u64),
    /// The data names no version (or version 0): it was not written by Rapport.
    #[error("This data does not say which version of Rapport wrote it, so it cannot be read.")]
    Missing,
}

/// Reads only `schema_version` from a JSON document, skipping everything else, so the
/// version is known before the records are decoded.
#[derive(Debug, Deserialize)]
pub struct VersionProbe {
    /// The declared version, if the document has one.
    pub schema_version: Option<u64>,
}

/// The records of one stored chunk, as today's version writes them: the contacts of one
/// bucket with their interactions and promises. Stored in [`columns`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChunkRecords {
    /// The bucket's contacts.
    pub contacts: Vec<Contact>,
    /// Their interactions.
    pub interactions: Vec<Interaction>,
    /// Their promises.
    pub promises: Vec<Promise>,
    /// The tombstones of their records, and of the bucket's deleted contacts (since
    /// version 8).
    pub tombstones: Vec<Tombstone>,
}

/// [`ChunkRecords`] borrowed from the ledger, to encode a chunk without copying its records:
/// it serializes to exactly the same bytes.
#[derive(Debug, Default)]
pub struct ChunkRecordsRef<'a> {
    /// The bucket's contacts.
    pub contacts: Vec<&'a Contact>,
    /// Their interactions.
    pub interactions: Vec<&'a Interaction>,
    /// Their promises.
    pub promises: Vec<&'a Promise>,
    /// The tombstones kept with them.
    pub tombstones: Vec<&'a Tombstone>,
}

/// A patch over a stored bucket (schema version 3): the latest records of the contacts an
/// edit changed. Reading applies it over the bucket's chunk: every record of a contact it
/// names is replaced by the patch's, and the contacts in `removed` are gone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct PatchRecords {
    /// The changed contacts with all their interactions and promises.
    pub records: ChunkRecords,
    /// Contacts deleted since the bucket's chunk was written.
    pub removed: Vec<ContactId>,
}

/// [`PatchRecords`] borrowed from the ledger, to encode without copying.
#[derive(Debug, Default, Serialize)]
pub struct PatchRecordsRef<'a> {
    /// The changed contacts with all their interactions and promises.
    pub records: ChunkRecordsRef<'a>,
    /// Contacts deleted since the bucket's chunk was written.
    pub removed: Vec<ContactId>,
}

impl Serialize for ChunkRecordsRef<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        columns::ChunkColumnsRef::of(self).serialize(serializer)
    }
}

impl Serialize for ChunkRecords {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ChunkRecordsRef {
            contacts: self.contacts.iter().collect(),
            interactions: self.interactions.iter().collect(),
            promises: self.promises.iter().collect(),
            tombstones: self.tombstones.iter().collect(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ChunkRecords {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        columns::ChunkColumns::deserialize(deserializer)?
            .into_records()
            .map_err(serde::de::Error::custom)
    }
}

impl ChunkRecords {
    /// The contact each record belongs to: every contact's own id, every interaction's,
    /// promise's and tombstone's contact. All lie in one bucket in a chunk that is what it says.
    pub fn owners(&self) -> impl Iterator<Item = ContactId> + '_ {
        self.contacts
            .iter()
            .map(|contact| contact.id)
            .chain(
                self.interactions
                    .iter()
                    .map(|interaction| interaction.contact),
            )
            .chain(self.promises.iter().map(|promise| promise.contact))
            .chain(self.tombstones.iter().map(|tombstone| tombstone.contact))
    }

    /// Applies a patch: the records (tombstones included) of every contact it names are
    /// replaced by its own.
    pub fn apply(&mut self, patch: PatchRecords) {
        let named: std::collections::HashSet<ContactId> = patch
            .records
            .contacts
            .iter()
            .map(|contact| contact.id)
            .chain(patch.removed.iter().copied())
            .collect();
        self.contacts.retain(|contact| !named.contains(&contact.id));
        self.interactions
            .retain(|interaction| !named.contains(&interaction.contact));
        self.promises
            .retain(|promise| !named.contains(&promise.contact));
        self.tombstones
            .retain(|tombstone| !named.contains(&tombstone.contact));
        self.contacts.extend(patch.records.contacts);
        self.interactions.extend(patch.records.interactions);
        self.promises.extend(patch.records.promises);
        self.tombstones.extend(patch.records.tombstones);
    }
}

/// Declares a frozen copy of a closed list of choices, its variants in their stored
/// order, and its migration into today's list (variant by variant, so a variant today's
/// list renames or drops stops the build here).
macro_rules! frozen_choice {
    ($(#[$doc:meta])* $name:ident => $today:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub enum $name {
            $($variant),+
        }

        impl From<$name> for today::$today {
            fn from(old: $name) -> Self {
                match old {
                    $($name::$variant => today::$today::$variant),+
                }
            }
        }
    };
}

pub mod v4;

pub mod v1;

pub mod v5;

pub mod v6;

pub mod v7;

/// A chunk's records as the version that wrote them has them, before migration.
#[derive(Debug)]
pub enum VersionedChunk {
    /// Written with schema version 1.
    V1(v1::ChunkV1),
    /// Written with schema version 2, 3 or 4 (their chunks hold the same records).
    V4(v4::ChunkV4),
    /// Written with schema version 5.
    V5(v5::ChunkV5),
    /// Written with schema version 6.
    V6(v6::ChunkV6),
    /// Written with schema version 7.
    V7(v7::ChunkV7),
    /// Written with schema version 8 or 9 (their chunks hold the same records).
    V8(ChunkRecords),
}

impl VersionedChunk {
    /// Decodes one stored chunk listed by a manifest of version `manifest`, as UTF-16 code
    /// units: the records are of the version the text names, or else of the manifest's
    /// (version 4's shape under a later manifest).
    pub fn decode_units(manifest: SchemaVersion, units: &[u16]) -> Result<Self, CodecError> {
        let inflated = codec::inflate_units(units)?;
        let bytes = &inflated.bytes;
        match manifest.of_records(inflated.records_version) {
            SchemaVersion::V1 => codec::from_postcard(bytes)
                .or_else(|error| {
                    codec::from_postcard::<v1::ChunkV1Unsnoozed>(bytes)
                        .map(v1::ChunkV1::from)
                        .map_err(|_| error)
                })
                .map(VersionedChunk::V1),
            SchemaVersion::V2 | SchemaVersion::V3 | SchemaVersion::V4 => {
                codec::from_postcard(bytes).map(VersionedChunk::V4)
            }
            SchemaVersion::V5 => codec::from_postcard(bytes)
                .or_else(|error| {
                    codec::from_postcard::<v5::ChunkV5Unresolved>(bytes)
                        .map(v5::ChunkV5::from)
                        .map_err(|_| error)
                })
                .map(VersionedChunk::V5),
            SchemaVersion::V6 => codec::from_postcard(bytes).map(VersionedChunk::V6),
            SchemaVersion::V7 => codec::from_postcard(bytes).map(VersionedChunk::V7),
            SchemaVersion::V8 | SchemaVersion::V9 => {
                codec::from_postcard(bytes).map(VersionedChunk::V8)
            }
        }
    }

    /// Migrates the records to today's version, one `From` step per version.
    pub fn into_latest(self) -> ChunkRecords {
        match self {
            VersionedChunk::V1(records) => {
                v7::ChunkV7::from(v5::ChunkV5::from(v4::ChunkV4::from(records))).into()
            }
            VersionedChunk::V4(records) => v7::ChunkV7::from(v5::ChunkV5::from(records)).into(),
            VersionedChunk::V5(records) => v7::ChunkV7::from(records).into(),
            VersionedChunk::V6(records) => v7::ChunkV7::from(records).into(),
            VersionedChunk::V7(records) => records.into(),
            VersionedChunk::V8(records) => records,
        }
    }
}

/// A patch's records as the version that wrote them has them, before migration (patches
/// began with version 3).
#[derive(Debug)]
pub enum VersionedPatch {
    /// Written with schema version 3 or 4.
    V4(v4::PatchV4),
    /// Written with schema version 5.
    V5(v5::PatchV5),
    /// Written with schema version 6.
    V6(v6::PatchV6),
    /// Written with schema version 7.
    V7(v7::PatchV7),
    /// Written with schema version 8 or 9.
    V8(PatchRecords),
}

impl VersionedPatch {
    /// Decodes one stored patch listed by a manifest of version `manifest`, as UTF-16 code
    /// units ([`VersionedChunk::decode_units`]).
    pub fn decode_units(manifest: SchemaVersion, units: &[u16]) -> Result<Self, CodecError> {
        let inflated = codec::inflate_units(units)?;
        let bytes = &inflated.bytes;
        match manifest.of_records(inflated.records_version) {
            SchemaVersion::V1 | SchemaVersion::V2 | SchemaVersion::V3 | SchemaVersion::V4 => {
                codec::from_postcard(bytes).map(VersionedPatch::V4)
            }
            SchemaVersion::V5 => codec::from_postcard(bytes)
                .or_else(|error| {
                    codec::from_postcard::<v5::PatchV5Unresolved>(bytes)
                        .map(v5::PatchV5::from)
                        .map_err(|_| error)
                })
                .map(VersionedPatch::V5),
            SchemaVersion::V6 => codec::from_postcard(bytes).map(VersionedPatch::V6),
            SchemaVersion::V7 => codec::from_postcard(bytes).map(VersionedPatch::V7),
            SchemaVersion::V8 | SchemaVersion::V9 => {
                codec::from_postcard(bytes).map(VersionedPatch::V8)
            }
        }
    }

    /// Migrates the records to today's version.
    pub fn into_latest(self) -> PatchRecords {
        match self {
            VersionedPatch::V4(patch) => v7::PatchV7::from(v5::PatchV5::from(patch)).into(),
            VersionedPatch::V5(patch) => v7::PatchV7::from(patch).into(),
            VersionedPatch::V6(patch) => v7::PatchV7::from(patch).into(),
            VersionedPatch::V7(patch) => patch.into(),
            VersionedPatch::V8(patch) => patch,
        }
    }
}

/// Decodes an export's records written with `version`; unknown fields are ignored.
///
/// JSON names its fields, so every version so far reads into today's types: version 1
/// simply lacks `settings` and `custom_fields`, which default to empty, and versions 1 to
/// 4 lack each quality check's `relationship_type` and each promise's `resolved_on`, which
/// default to none, versions 1 to 5 each interaction's `link`, which defaults to empty,
/// versions 1 to 6 each interaction's `day`, which defaults to none, and versions 1 to 7
/// the `tombstones`, which default to none (nothing deleted); version 9 changed only the manifest. A version that
/// renames or retypes a field adds its frozen types and a `From` step here, as chunks do.
pub fn records_from_export(
    version: SchemaVersion,
    json: &[u8],
) -> Result<LedgerRecords, serde_json::Error> {
    match version {
        SchemaVersion::V1
        | SchemaVersion::V2
        | SchemaVersion::V3
        | SchemaVersion::V4
        | SchemaVersion::V5
        | SchemaVersion::V6
        | SchemaVersion::V7
        | SchemaVersion::V8
        | SchemaVersion::V9 => serde_json::from_slice(json),
    }
}

#[cfg(test)]
mod tests;
