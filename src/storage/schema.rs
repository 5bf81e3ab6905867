//! Versions of the stored and exported formats, and the migrations between them.
//!
//! Every manifest and every export names the schema version it was written with. Reading
//! goes in two steps: the version is checked first (data from a newer Rapport is refused
//! whole, before anything is decoded), then the records are decoded with that version's
//! types and migrated up to today's through `From` conversions.
//!
//! Adding version 2 takes: a `V2` variant in [`SchemaVersion`] (and `SCHEMA_VERSION = 2`),
//! freezing today's record types as the `V1` payload, a `V2` variant in [`VersionedRecords`],
//! one `From<RecordsV1> for RecordsV2` impl, and one match arm in each decoder. The compiler
//! points at every arm, because every match here is exhaustive.

use serde::Deserialize;
use thiserror::Error;

use super::codec::{self, CodecError};
use crate::domain::LedgerRecords;

/// The schema version this copy of Rapport writes, and the newest it understands.
pub const SCHEMA_VERSION: u32 = 1;

/// A schema version this copy of Rapport can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaVersion {
    /// The first stored format: postcard chunks of [`LedgerRecords`], JSON exports of them.
    V1,
}

impl SchemaVersion {
    /// The version written today.
    pub const LATEST: SchemaVersion = SchemaVersion::V1;

    /// The version's number, as written in manifests and exports.
    pub fn number(self) -> u32 {
        match self {
            SchemaVersion::V1 => 1,
        }
    }

    /// Checks the version a manifest or export declares, refusing missing, zero and newer
    /// versions with a plain message.
    pub fn check(declared: Option<u64>) -> Result<SchemaVersion, SchemaError> {
        match declared {
            None | Some(0) => Err(SchemaError::Missing),
            Some(1) => Ok(SchemaVersion::V1),
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

/// The ledger's records as version 1 stored them. Today they are the domain's own types;
/// version 2 will freeze a copy of them here.
pub type RecordsV1 = LedgerRecords;

/// The records as the version that wrote them has them, before migration.
#[derive(Debug)]
pub enum VersionedRecords {
    /// Written with schema version 1.
    V1(RecordsV1),
}

impl VersionedRecords {
    /// Decodes one stored chunk written with `version` (see [`codec::decode`]).
    pub fn from_chunk(version: SchemaVersion, text: &str) -> Result<Self, CodecError> {
        match version {
            SchemaVersion::V1 => codec::decode(text).map(VersionedRecords::V1),
        }
    }

    /// Decodes an export's records written with `version`; unknown fields are ignored.
    pub fn from_export(version: SchemaVersion, text: &str) -> Result<Self, serde_json::Error> {
        match version {
            SchemaVersion::V1 => serde_json::from_str(text).map(VersionedRecords::V1),
        }
    }

    /// Migrates the records to today's version, one `From` step per version.
    // Version 1 is today's version, so its step is the identity conversion for now.
    #[allow(clippy::useless_conversion)]
    pub fn into_latest(self) -> LedgerRecords {
        match self {
            VersionedRecords::V1(records) => LedgerRecords::from(records),
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
        let error = SchemaVersion::check(Some(2)).expect_err("newer");
        assert_eq!(error, SchemaError::Newer(2));
        assert_eq!(
            error.to_string(),
            "This data was saved by a newer version of Rapport (version 2); this copy \
             understands up to version 1. Update the page and try again."
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
        assert!(VersionedRecords::from_chunk(SchemaVersion::V1, "garbage").is_err());
        assert!(VersionedRecords::from_export(SchemaVersion::V1, r#"{"contacts": 1}"#).is_err());
    }

    #[test]
    fn version_one_migrates_to_itself() {
        let records = LedgerRecords::default();
        let text = codec::encode(&records).expect("encode");
        let decoded = VersionedRecords::from_chunk(SchemaVersion::V1, &text).expect("decode");
        assert_eq!(decoded.into_latest(), records);
    }
}
