//! Version 5's stored records, frozen: as version 4's ([`v4`](super::v4), whose frozen types it
//! shares), but quality checks say whether the relationship is one of exchange or
//! communal, and promises keep the day they were resolved on. Its interactions have no
//! link (version 6 added it).
//!
//! Version 5 was first written (commit ea3da32) before a promise kept the day it was
//! resolved on: that came 30 minutes later (commit 9fa746b) without a new version number,
//! so a text naming version 5 has either shape, and the reader tries both. In a text with
//! promises, the later shape fails at the first one (an instant's first byte is no
//! option's); in one without, the two shapes are the same bytes.
#![allow(missing_docs)]

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::v4::{
    InteractionV4, JourneyV4, PartyV4, PlanV4, ProfileV4, PromiseStatusV4, PromiseV4, TickV4,
};
use crate::domain as today;
use crate::domain::{ContactId, InteractionId, PromiseId, Timestamp};

frozen_choice!(
    /// Why the two sides give, in version 5.
    RelationshipTypeV5 => RelationshipType { Exchange, Communal }
);

/// A quality check in version 5: the four ratings, a note, and exchange or communal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityCheckV5 {
    pub at: Timestamp,
    pub trust: u8,
    pub mutuality: u8,
    pub commitment: u8,
    pub satisfaction: u8,
    pub note: String,
    pub relationship_type: Option<RelationshipTypeV5>,
}

/// A contact in version 5.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactV5 {
    pub id: ContactId,
    pub profile: ProfileV4,
    pub journey: JourneyV4,
    pub plan: PlanV4,
    pub quality_checks: Vec<QualityCheckV5>,
    pub ticks: Vec<TickV4>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub snoozed_until: Option<NaiveDate>,
}

/// A promise in version 5 (from commit 9fa746b on).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromiseV5 {
    pub id: PromiseId,
    pub contact: ContactId,
    pub interaction: Option<InteractionId>,
    pub what: String,
    pub owed_by: PartyV4,
    pub due: NaiveDate,
    pub status: PromiseStatusV4,
    pub resolved_at: Option<Timestamp>,
    pub resolved_on: Option<NaiveDate>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One chunk of version 5.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkV5 {
    pub contacts: Vec<ContactV5>,
    pub interactions: Vec<InteractionV4>,
    pub promises: Vec<PromiseV5>,
}

/// One patch of version 5.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatchV5 {
    pub records: ChunkV5,
    pub removed: Vec<ContactId>,
}

/// One chunk of version 5 as first written: promises as in version 4.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkV5Unresolved {
    pub contacts: Vec<ContactV5>,
    pub interactions: Vec<InteractionV4>,
    pub promises: Vec<PromiseV4>,
}

/// One patch of version 5 as first written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatchV5Unresolved {
    pub records: ChunkV5Unresolved,
    pub removed: Vec<ContactId>,
}

impl From<ChunkV5Unresolved> for ChunkV5 {
    fn from(old: ChunkV5Unresolved) -> Self {
        ChunkV5 {
            contacts: old.contacts,
            interactions: old.interactions,
            promises: old.promises.into_iter().map(PromiseV5::from).collect(),
        }
    }
}

impl From<PatchV5Unresolved> for PatchV5 {
    fn from(old: PatchV5Unresolved) -> Self {
        PatchV5 {
            records: old.records.into(),
            removed: old.removed,
        }
    }
}

impl From<QualityCheckV5> for today::QualityCheck {
    fn from(old: QualityCheckV5) -> Self {
        today::QualityCheck {
            at: old.at,
            trust: old.trust,
            mutuality: old.mutuality,
            commitment: old.commitment,
            satisfaction: old.satisfaction,
            note: old.note,
            relationship_type: old.relationship_type.map(today::RelationshipType::from),
        }
    }
}

impl From<ContactV5> for today::Contact {
    fn from(old: ContactV5) -> Self {
        today::Contact {
            id: old.id,
            profile: old.profile.into(),
            journey: old.journey.into(),
            plan: old.plan.into(),
            quality_checks: old
                .quality_checks
                .into_iter()
                .map(today::QualityCheck::from)
                .collect(),
            ticks: old.ticks.into_iter().map(today::PromptTick::from).collect(),
            created_at: old.created_at,
            updated_at: old.updated_at,
            snoozed_until: old.snoozed_until,
        }
    }
}

impl From<PromiseV5> for today::Promise {
    fn from(old: PromiseV5) -> Self {
        today::Promise {
            id: old.id,
            contact: old.contact,
            interaction: old.interaction,
            what: old.what,
            owed_by: old.owed_by.into(),
            due: old.due,
            status: old.status.into(),
            resolved_at: old.resolved_at,
            resolved_on: old.resolved_on,
            created_at: old.created_at,
            updated_at: old.updated_at,
        }
    }
}

impl From<ChunkV5> for super::v7::ChunkV7 {
    fn from(old: ChunkV5) -> Self {
        super::v7::ChunkV7 {
            contacts: old.contacts.into_iter().map(today::Contact::from).collect(),
            interactions: old
                .interactions
                .into_iter()
                .map(today::Interaction::from)
                .collect(),
            promises: old.promises.into_iter().map(today::Promise::from).collect(),
        }
    }
}

impl From<PatchV5> for super::v7::PatchV7 {
    fn from(old: PatchV5) -> Self {
        super::v7::PatchV7 {
            records: old.records.into(),
            removed: old.removed,
        }
    }
}

/// Today's contact in version 5's shape: how tests write an older store.
#[cfg(test)]
pub fn freeze(contact: &today::Contact) -> ContactV5 {
    let frozen = super::v4::freeze(contact);
    ContactV5 {
        id: frozen.id,
        profile: frozen.profile,
        journey: frozen.journey,
        plan: frozen.plan,
        quality_checks: contact
            .quality_checks
            .iter()
            .map(|check| QualityCheckV5 {
                relationship_type: super::v4::same_shape(&check.relationship_type),
                ..super::v4::freeze_check(check).into()
            })
            .collect(),
        ticks: frozen.ticks,
        created_at: frozen.created_at,
        updated_at: frozen.updated_at,
        snoozed_until: frozen.snoozed_until,
    }
}

/// Today's promise in version 5's shape: how tests write an older store.
#[cfg(test)]
pub fn freeze_promise(promise: &today::Promise) -> PromiseV5 {
    PromiseV5 {
        resolved_on: promise.resolved_on,
        ..super::v4::freeze_promise(promise).into()
    }
}

/// Today's records in version 5's shape (interactions without their link): how tests
/// write an older store.
#[cfg(test)]
pub fn freeze_records(records: &super::ChunkRecords) -> ChunkV5 {
    ChunkV5 {
        contacts: records.contacts.iter().map(freeze).collect(),
        interactions: records
            .interactions
            .iter()
            .map(super::v4::freeze_interaction)
            .collect(),
        promises: records.promises.iter().map(freeze_promise).collect(),
    }
}
