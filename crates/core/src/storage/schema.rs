//! Versions of the stored and exported formats, and the migrations between them.
//!
//! Every manifest and every export names the schema version it was written with. Reading
//! goes in two steps: the version is checked first (data from a newer Rapport is refused
//! whole, before anything is decoded), then the records are decoded with that version's
//! types and migrated up to today's through `From` conversions.
//!
//! Adding version N+1 takes: a variant in [`SchemaVersion`] (and `SCHEMA_VERSION`), freezing
//! the record types that change as a `vN` module (as [`v1`] does), a variant in
//! [`VersionedChunk`], one `From` impl, and one match arm in each decoder. The compiler
//! points at every arm, because every match here is exhaustive.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::codec::{self, CodecError};
use crate::domain::{Contact, ContactId, Interaction, LedgerRecords, Promise};

/// The schema version this copy of Rapport writes, and the newest it understands.
pub const SCHEMA_VERSION: u32 = 4;

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
}

impl SchemaVersion {
    /// The version written today.
    pub const LATEST: SchemaVersion = SchemaVersion::V4;

    /// The version's number, as written in manifests and exports.
    pub fn number(self) -> u32 {
        match self {
            SchemaVersion::V1 => 1,
            SchemaVersion::V2 => 2,
            SchemaVersion::V3 => 3,
            SchemaVersion::V4 => 4,
        }
    }

    /// Whether this version's chunks hold today's records, so they can stay as they are
    /// when the store is next saved (only version 1's must be rewritten).
    pub fn holds_latest_records(self) -> bool {
        match self {
            SchemaVersion::V1 => false,
            SchemaVersion::V2 | SchemaVersion::V3 | SchemaVersion::V4 => true,
        }
    }

    /// Checks the version a manifest or export declares, refusing missing, zero and newer
    /// versions with a plain message.
    pub fn check(declared: Option<u64>) -> Result<SchemaVersion, SchemaError> {
        match declared {
            None | Some(0) => Err(SchemaError::Missing),
            Some(1) => Ok(SchemaVersion::V1),
            Some(2) => Ok(SchemaVersion::V2),
            Some(3) => Ok(SchemaVersion::V3),
            Some(4) => Ok(SchemaVersion::V4),
            Some(newer) => Err(SchemaError::Newer(newer)),
        }
    }
}

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
/// bucket with their interactions and promises.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkRecords {
    /// The bucket's contacts.
    pub contacts: Vec<Contact>,
    /// Their interactions.
    pub interactions: Vec<Interaction>,
    /// Their promises.
    pub promises: Vec<Promise>,
}

/// [`ChunkRecords`] borrowed from the ledger, to encode a chunk without copying its records:
/// it serializes to exactly the same bytes.
#[derive(Debug, Default, Serialize)]
pub struct ChunkRecordsRef<'a> {
    /// The bucket's contacts.
    pub contacts: Vec<&'a Contact>,
    /// Their interactions.
    pub interactions: Vec<&'a Interaction>,
    /// Their promises.
    pub promises: Vec<&'a Promise>,
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

impl ChunkRecords {
    /// Applies a patch: the records of every contact it names are replaced by its own.
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
        self.contacts.extend(patch.records.contacts);
        self.interactions.extend(patch.records.interactions);
        self.promises.extend(patch.records.promises);
    }
}

/// Version 1's stored records, frozen: postcard has no field names, so a chunk written by
/// version 1 decodes only with exactly these shapes. Each field means what the field of the
/// same name in today's type means.
#[allow(missing_docs)]
pub mod v1 {
    use std::collections::BTreeMap;

    use chrono::NaiveDate;
    use serde::{Deserialize, Serialize};

    use crate::domain::{
        Channels, Contact, ContactId, ContactKind, ContactProfile, Interaction, Promise,
        PromptTick, QualityCheck, RelationshipPlan, StageJourney, StakeholderType, Timestamp,
    };

    /// A contact's profile in version 1: no custom field values.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ProfileV1 {
        pub name: String,
        pub kind: ContactKind,
        pub organization: Option<ContactId>,
        pub role: String,
        pub stakeholder: StakeholderType,
        pub interests: Vec<String>,
        pub channels: Channels,
        pub tags: Vec<String>,
        pub notes: String,
        pub cadence_days: Option<u16>,
    }

    /// A contact in version 1.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ContactV1 {
        pub id: ContactId,
        pub profile: ProfileV1,
        pub journey: StageJourney,
        pub plan: RelationshipPlan,
        pub quality_checks: Vec<QualityCheck>,
        pub ticks: Vec<PromptTick>,
        pub created_at: Timestamp,
        pub updated_at: Timestamp,
        pub snoozed_until: Option<NaiveDate>,
    }

    /// One chunk in version 1.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ChunkV1 {
        pub contacts: Vec<ContactV1>,
        pub interactions: Vec<Interaction>,
        pub promises: Vec<Promise>,
    }

    impl From<ProfileV1> for ContactProfile {
        fn from(old: ProfileV1) -> Self {
            ContactProfile {
                name: old.name,
                kind: old.kind,
                organization: old.organization,
                role: old.role,
                stakeholder: old.stakeholder,
                interests: old.interests,
                channels: old.channels,
                tags: old.tags,
                notes: old.notes,
                cadence_days: old.cadence_days,
                custom_fields: BTreeMap::new(),
            }
        }
    }

    impl From<ContactV1> for Contact {
        fn from(old: ContactV1) -> Self {
            Contact {
                id: old.id,
                profile: old.profile.into(),
                journey: old.journey,
                plan: old.plan,
                quality_checks: old.quality_checks,
                ticks: old.ticks,
                created_at: old.created_at,
                updated_at: old.updated_at,
                snoozed_until: old.snoozed_until,
            }
        }
    }

    /// Today's contact in version 1's shape, dropping what version 1 did not have: how
    /// tests write a version 1 store.
    #[cfg(test)]
    pub fn freeze(contact: &Contact) -> ContactV1 {
        let profile = contact.profile.clone();
        ContactV1 {
            id: contact.id,
            profile: ProfileV1 {
                name: profile.name,
                kind: profile.kind,
                organization: profile.organization,
                role: profile.role,
                stakeholder: profile.stakeholder,
                interests: profile.interests,
                channels: profile.channels,
                tags: profile.tags,
                notes: profile.notes,
                cadence_days: profile.cadence_days,
            },
            journey: contact.journey.clone(),
            plan: contact.plan.clone(),
            quality_checks: contact.quality_checks.clone(),
            ticks: contact.ticks.clone(),
            created_at: contact.created_at,
            updated_at: contact.updated_at,
            snoozed_until: contact.snoozed_until,
        }
    }

    impl From<ChunkV1> for super::ChunkRecords {
        fn from(old: ChunkV1) -> Self {
            super::ChunkRecords {
                contacts: old.contacts.into_iter().map(Contact::from).collect(),
                interactions: old.interactions,
                promises: old.promises,
            }
        }
    }
}

/// A chunk's records as the version that wrote them has them, before migration.
#[derive(Debug)]
pub enum VersionedChunk {
    /// Written with schema version 1.
    V1(v1::ChunkV1),
    /// Written with schema version 2, 3 or 4 (their chunks hold the same records).
    V2(ChunkRecords),
}

impl VersionedChunk {
    /// Decodes one stored chunk written with `version` (see [`codec::decode`]).
    pub fn decode(version: SchemaVersion, text: &str) -> Result<Self, CodecError> {
        match version {
            SchemaVersion::V1 => codec::decode(text).map(VersionedChunk::V1),
            SchemaVersion::V2 | SchemaVersion::V3 | SchemaVersion::V4 => {
                codec::decode(text).map(VersionedChunk::V2)
            }
        }
    }

    /// [`decode`](Self::decode) for the chunk's text as UTF-16 code units.
    pub fn decode_units(version: SchemaVersion, units: &[u16]) -> Result<Self, CodecError> {
        match version {
            SchemaVersion::V1 => codec::decode_units(units).map(VersionedChunk::V1),
            SchemaVersion::V2 | SchemaVersion::V3 | SchemaVersion::V4 => {
                codec::decode_units(units).map(VersionedChunk::V2)
            }
        }
    }

    /// Migrates the records to today's version, one `From` step per version.
    pub fn into_latest(self) -> ChunkRecords {
        match self {
            VersionedChunk::V1(records) => records.into(),
            VersionedChunk::V2(records) => records,
        }
    }
}

/// Decodes an export's records written with `version`; unknown fields are ignored.
///
/// JSON names its fields, so every version so far reads into today's types: version 1
/// simply lacks `settings` and `custom_fields`, which default to empty. A version that
/// renames or retypes a field adds its frozen types and a `From` step here, as chunks do.
pub fn records_from_export(
    version: SchemaVersion,
    text: &str,
) -> Result<LedgerRecords, serde_json::Error> {
    match version {
        SchemaVersion::V1 | SchemaVersion::V2 | SchemaVersion::V3 | SchemaVersion::V4 => {
            serde_json::from_str(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_version_is_accepted() {
        assert_eq!(
            SchemaVersion::check(Some(u64::from(SCHEMA_VERSION))),
            Ok(SchemaVersion::LATEST)
        );
        assert_eq!(SchemaVersion::LATEST.number(), SCHEMA_VERSION);
    }

    #[test]
    fn newer_versions_are_refused_plainly() {
        let error = SchemaVersion::check(Some(5)).expect_err("newer");
        assert_eq!(error, SchemaError::Newer(5));
        assert_eq!(
            error.to_string(),
            "This data was saved by a newer version of Rapport (version 5); this copy \
             understands up to version 4. Update the page and try again."
        );
        assert!(SchemaVersion::check(Some(u64::MAX)).is_err());
    }

    #[test]
    fn missing_or_zero_versions_are_refused() {
        assert_eq!(SchemaVersion::check(None), Err(SchemaError::Missing));
        assert_eq!(SchemaVersion::check(Some(0)), Err(SchemaError::Missing));
    }

    #[test]
    fn the_probe_reads_only_the_version() {
        let probe: VersionProbe =
            serde_json::from_str(r#"{"contacts": [1, {"x": null}], "schema_version": 7}"#)
                .expect("probe");
        assert_eq!(probe.schema_version, Some(7));
        let probe: VersionProbe = serde_json::from_str("{}").expect("probe");
        assert_eq!(probe.schema_version, None);
        assert!(serde_json::from_str::<VersionProbe>(r#"{"schema_version": "1"}"#).is_err());
    }

    #[test]
    fn garbage_records_are_refused() {
        assert!(VersionedChunk::decode(SchemaVersion::V1, "garbage").is_err());
        assert!(VersionedChunk::decode(SchemaVersion::V2, "garbage").is_err());
        assert!(records_from_export(SchemaVersion::V1, r#"{"contacts": 1}"#).is_err());
    }

    #[test]
    fn version_one_chunks_migrate_with_empty_custom_fields() {
        let ledger = crate::domain::sample::generate(
            7,
            crate::domain::sample::SampleSize::DEMO,
            crate::domain::Timestamp::from_millis(1_790_000_000_000),
        );
        let latest = ChunkRecords {
            contacts: ledger
                .contacts()
                .cloned()
                .map(|mut contact| {
                    contact.profile.custom_fields.clear();
                    contact
                })
                .collect(),
            interactions: ledger.interactions().cloned().collect(),
            promises: ledger.promises().cloned().collect(),
        };
        let old = v1::ChunkV1 {
            contacts: latest.contacts.iter().map(v1::freeze).collect(),
            interactions: latest.interactions.clone(),
            promises: latest.promises.clone(),
        };
        let text = codec::encode_zlib(&old).expect("encode");
        let decoded = VersionedChunk::decode(SchemaVersion::V1, &text).expect("decode");
        assert_eq!(decoded.into_latest(), latest);
        // The same bytes are not a version 2 chunk: the versions really differ.
        assert!(VersionedChunk::decode(SchemaVersion::V2, &text)
            .map(|chunk| chunk.into_latest() != latest)
            .unwrap_or(true));
    }

    #[test]
    fn borrowed_records_encode_to_the_same_bytes() {
        let ledger = crate::domain::sample::generate(
            7,
            crate::domain::sample::SampleSize::DEMO,
            crate::domain::Timestamp::from_millis(1_790_000_000_000),
        );
        let owned = ChunkRecords {
            contacts: ledger.contacts().cloned().collect(),
            interactions: ledger.interactions().cloned().collect(),
            promises: ledger.promises().cloned().collect(),
        };
        let borrowed = ChunkRecordsRef {
            contacts: ledger.contacts().collect(),
            interactions: ledger.interactions().collect(),
            promises: ledger.promises().collect(),
        };
        assert!(!owned.interactions.is_empty() && !owned.promises.is_empty());
        assert_eq!(
            postcard::to_allocvec(&borrowed).expect("borrowed"),
            postcard::to_allocvec(&owned).expect("owned")
        );
    }

    #[test]
    fn version_one_exports_read_with_empty_settings() {
        let text = r#"{"format": "rapport", "schema_version": 1, "contacts": [],
                       "interactions": [], "promises": []}"#;
        let records = records_from_export(SchemaVersion::V1, text).expect("v1 export");
        assert_eq!(records, LedgerRecords::default());
    }
}
