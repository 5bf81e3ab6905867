//! Version 1's stored records, frozen: its profiles have no custom field values. The rest
//! of a record is as in version 4 ([`v4`](super::v4)), whose frozen types version 1 shares.
#![allow(missing_docs)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::v4::{
    ChannelsV4, ChunkV4, ContactKindV4, ContactV4, InteractionV4, JourneyV4, PlanV4, ProfileV4,
    PromiseV4, QualityCheckV4, StakeholderTypeV4, TickV4,
};
use crate::domain::{ContactId, Timestamp};

/// A contact's profile in version 1: no custom field values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileV1 {
    pub name: String,
    pub kind: ContactKindV4,
    pub organization: Option<ContactId>,
    pub role: String,
    pub stakeholder: StakeholderTypeV4,
    pub interests: Vec<String>,
    pub channels: ChannelsV4,
    pub tags: Vec<String>,
    pub notes: String,
    pub cadence_days: Option<u16>,
}

/// A contact in version 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactV1 {
    pub id: ContactId,
    pub profile: ProfileV1,
    pub journey: JourneyV4,
    pub plan: PlanV4,
    pub quality_checks: Vec<QualityCheckV4>,
    pub ticks: Vec<TickV4>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub snoozed_until: Option<NaiveDate>,
}

/// One chunk in version 1 (the interactions' type is a parameter for the same reason
/// as [`ChunkV4`]'s).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkV1<I = InteractionV4> {
    pub contacts: Vec<ContactV1>,
    pub interactions: Vec<I>,
    pub promises: Vec<PromiseV4>,
}

/// A contact as version 1 was first written (commit de53c39), before a contact could be
/// snoozed: the snooze came later in version 1 (commit b12595f) without a new version
/// number, so a version 1 text has either shape, and the reader tries both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactV1Unsnoozed {
    pub id: ContactId,
    pub profile: ProfileV1,
    pub journey: JourneyV4,
    pub plan: PlanV4,
    pub quality_checks: Vec<QualityCheckV4>,
    pub ticks: Vec<TickV4>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One chunk of contacts that could not be snoozed yet ([`ContactV1Unsnoozed`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkV1Unsnoozed {
    pub contacts: Vec<ContactV1Unsnoozed>,
    pub interactions: Vec<InteractionV4>,
    pub promises: Vec<PromiseV4>,
}

impl From<ContactV1Unsnoozed> for ContactV1 {
    fn from(old: ContactV1Unsnoozed) -> Self {
        ContactV1 {
            id: old.id,
            profile: old.profile,
            journey: old.journey,
            plan: old.plan,
            quality_checks: old.quality_checks,
            ticks: old.ticks,
            created_at: old.created_at,
            updated_at: old.updated_at,
            snoozed_until: None,
        }
    }
}

impl From<ChunkV1Unsnoozed> for ChunkV1 {
    fn from(old: ChunkV1Unsnoozed) -> Self {
        ChunkV1 {
            contacts: old.contacts.into_iter().map(ContactV1::from).collect(),
            interactions: old.interactions,
            promises: old.promises,
        }
    }
}

/// Version 1's profile in version 2's shape: no custom field values yet.
impl From<ProfileV1> for ProfileV4 {
    fn from(old: ProfileV1) -> Self {
        ProfileV4 {
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

/// Version 1's contact in version 4's shape: the one step version 1 takes; version 4's
/// own step ([`ContactV4`] into today's contact) does the rest.
impl From<ContactV1> for ContactV4 {
    fn from(old: ContactV1) -> Self {
        ContactV4 {
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

impl From<ChunkV1> for ChunkV4 {
    fn from(old: ChunkV1) -> Self {
        ChunkV4 {
            contacts: old.contacts.into_iter().map(ContactV4::from).collect(),
            interactions: old.interactions,
            promises: old.promises,
        }
    }
}

/// Today's contact in version 1's shape, dropping what version 1 did not have: how
/// tests write a version 1 store.
#[cfg(test)]
pub fn freeze(contact: &crate::domain::Contact) -> ContactV1 {
    let frozen = super::v4::freeze(contact);
    let profile = frozen.profile;
    ContactV1 {
        id: frozen.id,
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
        journey: frozen.journey,
        plan: frozen.plan,
        quality_checks: frozen.quality_checks,
        ticks: frozen.ticks,
        created_at: frozen.created_at,
        updated_at: frozen.updated_at,
        snoozed_until: frozen.snoozed_until,
    }
}
