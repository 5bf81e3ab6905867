//! Version 7's stored records, frozen: chunks without tombstones.
//!
//! Contacts, interactions, promises and the lists of choices have not changed since
//! version 7, so they are today's types; so is the column layout of their records
//! ([`super::columns::ChunkColumnsV7`]: today's, less the tombstone columns that come after
//! it). The version that changes one of them freezes it here first, as [`super::v6`] did
//! for interactions. The golden store `v7-3ae60a5` holds these shapes to what version 7
//! really wrote.

use serde::{Deserialize, Deserializer};

use crate::domain as today;

/// A chunk's records as version 7 stored them: a bucket's contacts with their
/// interactions and promises, laid out in columns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChunkV7 {
    /// The bucket's contacts.
    pub contacts: Vec<today::Contact>,
    /// Their interactions.
    pub interactions: Vec<today::Interaction>,
    /// Their promises.
    pub promises: Vec<today::Promise>,
}

impl<'de> Deserialize<'de> for ChunkV7 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let records = super::columns::ChunkColumnsV7::deserialize(deserializer)?
            .into_records()
            .map_err(serde::de::Error::custom)?;
        Ok(ChunkV7 {
            contacts: records.contacts,
            interactions: records.interactions,
            promises: records.promises,
        })
    }
}

/// A patch as version 7 stored it: its contacts' records, then the contacts it removed,
/// as every version's patch since 3.
pub type PatchV7 = super::v4::PatchV4<ChunkV7>;

impl From<ChunkV7> for super::ChunkRecords {
    fn from(old: ChunkV7) -> Self {
        super::ChunkRecords {
            contacts: old.contacts,
            interactions: old.interactions,
            promises: old.promises,
            // Version 7 kept no tombstones: what it deleted is simply absent.
            tombstones: Vec::new(),
        }
    }
}

impl From<PatchV7> for super::PatchRecords {
    fn from(old: PatchV7) -> Self {
        super::PatchRecords {
            records: old.records.into(),
            removed: old.removed,
        }
    }
}
