//! Version 6's stored records, frozen: interactions without the day they happened on, and
//! each chunk's records one after the other (version 7 lays them out in columns).
//!
//! Contacts, promises and the lists of choices have not changed since version 6, so they
//! are today's types; the version that changes one freezes it here first, as [`super::v4`]
//! and [`super::v5`] did. The golden store `v6-21b82a1` holds these shapes to what version
//! 6 really wrote.
#![allow(missing_docs)]

use serde::{Deserialize, Serialize};

use crate::domain as today;
use crate::domain::{ContactId, InteractionId, Timestamp};

/// What happened in an interaction, in version 6.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailsV6 {
    pub at: Timestamp,
    pub channel: today::Channel,
    pub kind: today::InteractionKind,
    pub direction: today::Direction,
    pub summary: String,
    pub learned: String,
    pub pitch: Option<today::Pitch>,
    pub link: String,
}

/// An interaction in version 6.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionV6 {
    pub id: InteractionId,
    pub contact: ContactId,
    pub details: DetailsV6,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One chunk of version 6.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkV6 {
    pub contacts: Vec<today::Contact>,
    pub interactions: Vec<InteractionV6>,
    pub promises: Vec<today::Promise>,
}

/// One patch of version 6.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatchV6 {
    pub records: ChunkV6,
    pub removed: Vec<ContactId>,
}

impl From<InteractionV6> for today::Interaction {
    fn from(old: InteractionV6) -> Self {
        let details = old.details;
        today::Interaction {
            id: old.id,
            contact: old.contact,
            details: today::InteractionDetails {
                at: details.at,
                channel: details.channel,
                kind: details.kind,
                direction: details.direction,
                summary: details.summary,
                learned: details.learned,
                pitch: details.pitch,
                link: details.link,
                // Version 6 kept no day: it is read from the instant, as it was then.
                day: None,
            },
            created_at: old.created_at,
            updated_at: old.updated_at,
        }
    }
}

impl From<ChunkV6> for super::v7::ChunkV7 {
    fn from(old: ChunkV6) -> Self {
        super::v7::ChunkV7 {
            contacts: old.contacts,
            interactions: old
                .interactions
                .into_iter()
                .map(today::Interaction::from)
                .collect(),
            promises: old.promises,
        }
    }
}

impl From<PatchV6> for super::v7::PatchV7 {
    fn from(old: PatchV6) -> Self {
        super::v7::PatchV7 {
            records: old.records.into(),
            removed: old.removed,
        }
    }
}

/// Today's interaction in version 6's shape (without its day): how tests write an older
/// store.
#[cfg(test)]
pub fn freeze_interaction(interaction: &today::Interaction) -> InteractionV6 {
    let details = &interaction.details;
    InteractionV6 {
        id: interaction.id,
        contact: interaction.contact,
        details: DetailsV6 {
            at: details.at,
            channel: details.channel,
            kind: details.kind,
            direction: details.direction,
            summary: details.summary.clone(),
            learned: details.learned.clone(),
            pitch: details.pitch.clone(),
            link: details.link.clone(),
        },
        created_at: interaction.created_at,
        updated_at: interaction.updated_at,
    }
}

/// Today's records in version 6's shape: how tests write an older store.
#[cfg(test)]
pub fn freeze_records(records: &super::ChunkRecords) -> ChunkV6 {
    ChunkV6 {
        contacts: records.contacts.clone(),
        interactions: records
            .interactions
            .iter()
            .map(freeze_interaction)
            .collect(),
        promises: records.promises.clone(),
    }
}
