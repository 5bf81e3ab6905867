//! Versions 1 to 4's stored records, frozen: their quality checks have no relationship
//! type, and their promises no day of resolution (version 1's profiles differ as well:
//! [`v1`](super::v1)).
//!
//! Postcard has no field names, so a text decodes only with exactly the shapes that wrote
//! it: every type a stored record is made of is copied here as version 4 had it, and
//! today's types may change freely without changing how old texts read. Each field means
//! what the field of the same name in today's type means. Ids and instants are not
//! copied: their compact form (the raw 128 bits of a ULID, milliseconds as an `i64`) is
//! the same in every version; dates are chrono's. The golden stores
//! (`crates/core/tests/golden/`) hold these copies to what version 4 really wrote.
#![allow(missing_docs)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::v5;
use crate::domain as today;
use crate::domain::{ContactId, FieldId, InteractionId, PromiseId, Timestamp};

frozen_choice!(
    /// A contact's kind in versions 1 to 4.
    ContactKindV4 => ContactKind { Person, Organization }
);
frozen_choice!(
    /// A stakeholder type in versions 1 to 4.
    StakeholderTypeV4 => StakeholderType {
        Journalist, Creator, Influencer, Analyst, Customer, Client, Partner, Supplier,
        Investor, Employee, Community, Academic, Other,
    }
);
frozen_choice!(
    /// A relationship stage in versions 1 to 4.
    StageV4 => Stage { Target, Connection, Relationship, Partnership }
);
frozen_choice!(
    /// An interaction's channel in versions 1 to 4.
    ChannelV4 => Channel { Email, Phone, Meeting, Video, Event, Social, Message, Other }
);
frozen_choice!(
    /// An interaction's kind in versions 1 to 4.
    InteractionKindV4 => InteractionKind {
        SurfaceEngagement, Introduction, Conversation, Give, Ask, Received, Promise,
        Collaboration, Broadcast,
    }
);
frozen_choice!(
    /// Who reached out, in versions 1 to 4.
    DirectionV4 => Direction { Outbound, Inbound }
);
frozen_choice!(
    /// A pitch's status in versions 1 to 4.
    PitchStatusV4 => PitchStatus { Draft, Sent, Answered, Covered, Declined }
);
frozen_choice!(
    /// Who owes a promise, in versions 1 to 4.
    PartyV4 => Party { Me, Them }
);
frozen_choice!(
    /// A promise's status in versions 1 to 4.
    PromiseStatusV4 => PromiseStatus { Open, Kept, Missed }
);

/// A contact's channels in versions 1 to 4.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelsV4 {
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub website: String,
    pub social: Vec<String>,
}

/// A contact's profile in versions 2 to 4.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileV4 {
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
    pub custom_fields: BTreeMap<FieldId, String>,
}

/// A move between stages in versions 1 to 4.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageMoveV4 {
    pub at: Timestamp,
    pub from: Option<StageV4>,
    pub to: StageV4,
    pub reason: String,
}

/// A contact's stages in versions 1 to 4.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JourneyV4 {
    pub history: Vec<StageMoveV4>,
}

/// One part of a relationship plan in versions 1 to 4.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanEntryV4 {
    pub text: String,
    pub updated_at: Option<Timestamp>,
}

/// A relationship plan in versions 1 to 4.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanV4 {
    pub purpose: PlanEntryV4,
    pub partnership_idea: PlanEntryV4,
    pub agreement: PlanEntryV4,
    pub capacity: PlanEntryV4,
}

/// A playbook prompt ticked off, in versions 1 to 4.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TickV4 {
    pub prompt: String,
    pub at: Timestamp,
}

/// A quality check in versions 1 to 4: the four ratings and a note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityCheckV4 {
    pub at: Timestamp,
    pub trust: u8,
    pub mutuality: u8,
    pub commitment: u8,
    pub satisfaction: u8,
    pub note: String,
}

/// A contact in versions 2 to 4.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactV4 {
    pub id: ContactId,
    pub profile: ProfileV4,
    pub journey: JourneyV4,
    pub plan: PlanV4,
    pub quality_checks: Vec<QualityCheckV4>,
    pub ticks: Vec<TickV4>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub snoozed_until: Option<NaiveDate>,
}

/// A pitch in versions 1 to 4.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PitchV4 {
    pub angle: String,
    pub status: PitchStatusV4,
}

/// What happened in an interaction, in versions 1 to 4.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailsV4 {
    pub at: Timestamp,
    pub channel: ChannelV4,
    pub kind: InteractionKindV4,
    pub direction: DirectionV4,
    pub summary: String,
    pub learned: String,
    pub pitch: Option<PitchV4>,
}

/// An interaction in versions 1 to 4.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionV4 {
    pub id: InteractionId,
    pub contact: ContactId,
    pub details: DetailsV4,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A promise in versions 1 to 4.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromiseV4 {
    pub id: PromiseId,
    pub contact: ContactId,
    pub interaction: Option<InteractionId>,
    pub what: String,
    pub owed_by: PartyV4,
    pub due: NaiveDate,
    pub status: PromiseStatusV4,
    pub resolved_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One chunk in versions 2 to 4.
///
/// The interactions' type is a parameter only so that tests can write a version 4
/// chunk with today's interactions, which have the same stored shape; a store is read
/// with the frozen [`InteractionV4`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkV4<I = InteractionV4> {
    pub contacts: Vec<ContactV4>,
    pub interactions: Vec<I>,
    pub promises: Vec<PromiseV4>,
}

/// One patch in versions 3 and 4 (its records' type is a parameter for the same
/// reason as [`ChunkV4`]'s).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatchV4<C = ChunkV4> {
    pub records: C,
    pub removed: Vec<ContactId>,
}

impl From<ChannelsV4> for today::Channels {
    fn from(old: ChannelsV4) -> Self {
        today::Channels {
            emails: old.emails,
            phones: old.phones,
            website: old.website,
            social: old.social,
        }
    }
}

impl From<ProfileV4> for today::ContactProfile {
    fn from(old: ProfileV4) -> Self {
        today::ContactProfile {
            name: old.name,
            kind: old.kind.into(),
            organization: old.organization,
            role: old.role,
            stakeholder: old.stakeholder.into(),
            interests: old.interests,
            channels: old.channels.into(),
            tags: old.tags,
            notes: old.notes,
            cadence_days: old.cadence_days,
            custom_fields: old.custom_fields,
        }
    }
}

impl From<StageMoveV4> for today::StageMove {
    fn from(old: StageMoveV4) -> Self {
        today::StageMove {
            at: old.at,
            from: old.from.map(today::Stage::from),
            to: old.to.into(),
            reason: old.reason,
        }
    }
}

impl From<JourneyV4> for today::StageJourney {
    fn from(old: JourneyV4) -> Self {
        today::StageJourney {
            history: old
                .history
                .into_iter()
                .map(today::StageMove::from)
                .collect(),
        }
    }
}

impl From<PlanEntryV4> for today::PlanEntry {
    fn from(old: PlanEntryV4) -> Self {
        today::PlanEntry {
            text: old.text,
            updated_at: old.updated_at,
        }
    }
}

impl From<PlanV4> for today::RelationshipPlan {
    fn from(old: PlanV4) -> Self {
        today::RelationshipPlan {
            purpose: old.purpose.into(),
            partnership_idea: old.partnership_idea.into(),
            agreement: old.agreement.into(),
            capacity: old.capacity.into(),
        }
    }
}

impl From<TickV4> for today::PromptTick {
    fn from(old: TickV4) -> Self {
        today::PromptTick {
            prompt: old.prompt,
            at: old.at,
        }
    }
}

impl From<QualityCheckV4> for v5::QualityCheckV5 {
    fn from(old: QualityCheckV4) -> Self {
        v5::QualityCheckV5 {
            at: old.at,
            trust: old.trust,
            mutuality: old.mutuality,
            commitment: old.commitment,
            satisfaction: old.satisfaction,
            note: old.note,
            relationship_type: None,
        }
    }
}

impl From<ContactV4> for v5::ContactV5 {
    fn from(old: ContactV4) -> Self {
        v5::ContactV5 {
            id: old.id,
            profile: old.profile,
            journey: old.journey,
            plan: old.plan,
            quality_checks: old
                .quality_checks
                .into_iter()
                .map(v5::QualityCheckV5::from)
                .collect(),
            ticks: old.ticks,
            created_at: old.created_at,
            updated_at: old.updated_at,
            snoozed_until: old.snoozed_until,
        }
    }
}

impl From<PitchV4> for today::Pitch {
    fn from(old: PitchV4) -> Self {
        today::Pitch {
            angle: old.angle,
            status: old.status.into(),
        }
    }
}

impl From<DetailsV4> for today::InteractionDetails {
    fn from(old: DetailsV4) -> Self {
        today::InteractionDetails {
            day: None,
            at: old.at,
            channel: old.channel.into(),
            kind: old.kind.into(),
            direction: old.direction.into(),
            summary: old.summary,
            learned: old.learned,
            pitch: old.pitch.map(today::Pitch::from),
            link: String::new(),
        }
    }
}

/// Interactions kept their shape from version 1 to 5: this is version 5's step to
/// today's, which gave each a link (none).
impl From<InteractionV4> for today::Interaction {
    fn from(old: InteractionV4) -> Self {
        today::Interaction {
            id: old.id,
            contact: old.contact,
            details: old.details.into(),
            created_at: old.created_at,
            updated_at: old.updated_at,
        }
    }
}

impl From<PromiseV4> for v5::PromiseV5 {
    fn from(old: PromiseV4) -> Self {
        v5::PromiseV5 {
            id: old.id,
            contact: old.contact,
            interaction: old.interaction,
            what: old.what,
            owed_by: old.owed_by,
            due: old.due,
            status: old.status,
            resolved_at: old.resolved_at,
            resolved_on: None,
            created_at: old.created_at,
            updated_at: old.updated_at,
        }
    }
}

impl From<ChunkV4> for v5::ChunkV5 {
    fn from(old: ChunkV4) -> Self {
        v5::ChunkV5 {
            contacts: old.contacts.into_iter().map(v5::ContactV5::from).collect(),
            interactions: old.interactions,
            promises: old.promises.into_iter().map(v5::PromiseV5::from).collect(),
        }
    }
}

impl From<PatchV4> for v5::PatchV5 {
    fn from(old: PatchV4) -> Self {
        v5::PatchV5 {
            records: old.records.into(),
            removed: old.removed,
        }
    }
}

/// Test only: today's value read back as the frozen type of the same stored shape (a
/// postcard round trip), for the parts of a record that have not changed since. The
/// golden stores, not these, prove the frozen types match what old versions wrote.
#[cfg(test)]
pub(crate) fn same_shape<T: Serialize, U: serde::de::DeserializeOwned>(value: &T) -> U {
    let bytes = postcard::to_allocvec(value).expect("records always encode");
    postcard::from_bytes(&bytes).expect("the frozen type has today's stored shape")
}

/// A quality check in the shape of versions 1 to 4, without its relationship type: how
/// tests write an older store.
#[cfg(test)]
pub fn freeze_check(check: &today::QualityCheck) -> QualityCheckV4 {
    QualityCheckV4 {
        at: check.at,
        trust: check.trust,
        mutuality: check.mutuality,
        commitment: check.commitment,
        satisfaction: check.satisfaction,
        note: check.note.clone(),
    }
}

/// A promise in the shape of versions 1 to 4, without its day of resolution: how tests
/// write an older store.
#[cfg(test)]
pub fn freeze_promise(promise: &today::Promise) -> PromiseV4 {
    PromiseV4 {
        id: promise.id,
        contact: promise.contact,
        interaction: promise.interaction,
        what: promise.what.clone(),
        owed_by: same_shape(&promise.owed_by),
        due: promise.due,
        status: same_shape(&promise.status),
        resolved_at: promise.resolved_at,
        created_at: promise.created_at,
        updated_at: promise.updated_at,
    }
}

/// An interaction in the shape of versions 1 to 5, without its link (and of one of the
/// method's kinds): how tests write an older store.
#[cfg(test)]
pub fn freeze_interaction(interaction: &today::Interaction) -> InteractionV4 {
    let details = &interaction.details;
    InteractionV4 {
        id: interaction.id,
        contact: interaction.contact,
        details: DetailsV4 {
            at: details.at,
            channel: same_shape(&details.channel),
            kind: same_shape(&details.kind),
            direction: same_shape(&details.direction),
            summary: details.summary.clone(),
            learned: details.learned.clone(),
            pitch: same_shape(&details.pitch),
        },
        created_at: interaction.created_at,
        updated_at: interaction.updated_at,
    }
}

/// Today's contact in the shape of versions 2 to 4: how tests write an older store.
#[cfg(test)]
pub fn freeze(contact: &today::Contact) -> ContactV4 {
    ContactV4 {
        id: contact.id,
        profile: same_shape(&contact.profile),
        journey: same_shape(&contact.journey),
        plan: same_shape(&contact.plan),
        quality_checks: contact.quality_checks.iter().map(freeze_check).collect(),
        ticks: same_shape(&contact.ticks),
        created_at: contact.created_at,
        updated_at: contact.updated_at,
        snoozed_until: contact.snoozed_until,
    }
}
