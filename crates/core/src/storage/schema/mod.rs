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
pub mod v6;

use super::codec::{self, CodecError};
use crate::domain::{Contact, ContactId, Interaction, LedgerRecords, Promise};

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
}

impl SchemaVersion {
    /// The version written today.
    pub const LATEST: SchemaVersion = SchemaVersion::V7;

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
            SchemaVersion::V7 => None,
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
            | SchemaVersion::V7 => true,
        }
    }

    /// The version of the records in a text that names none: its manifest's, up to
    /// version 4 (every later text names its own).
    fn of_unnamed_records(self) -> SchemaVersion {
        match self {
            SchemaVersion::V1 => SchemaVersion::V1,
            SchemaVersion::V2 => SchemaVersion::V2,
            SchemaVersion::V3 => SchemaVersion::V3,
            SchemaVersion::V4 | SchemaVersion::V5 | SchemaVersion::V6 | SchemaVersion::V7 => {
                SchemaVersion::V4
            }
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

/// Versions 1 to 4's stored records, frozen: their quality checks have no relationship
/// type, and their promises no day of resolution (version 1's profiles differ as well:
/// [`v1`]).
///
/// Postcard has no field names, so a text decodes only with exactly the shapes that wrote
/// it: every type a stored record is made of is copied here as version 4 had it, and
/// today's types may change freely without changing how old texts read. Each field means
/// what the field of the same name in today's type means. Ids and instants are not
/// copied: their compact form (the raw 128 bits of a ULID, milliseconds as an `i64`) is
/// the same in every version; dates are chrono's. The golden stores
/// (`crates/core/tests/golden/`) hold these copies to what version 4 really wrote.
#[allow(missing_docs)]
pub mod v4 {
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
}

/// Version 1's stored records, frozen: its profiles have no custom field values. The rest
/// of a record is as in version 4 ([`v4`]), whose frozen types version 1 shares.
#[allow(missing_docs)]
pub mod v1 {
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
}

/// Version 5's stored records, frozen: as version 4's ([`v4`], whose frozen types it
/// shares), but quality checks say whether the relationship is one of exchange or
/// communal, and promises keep the day they were resolved on. Its interactions have no
/// link (version 6 added it).
///
/// Version 5 was first written (commit ea3da32) before a promise kept the day it was
/// resolved on: that came 30 minutes later (commit 9fa746b) without a new version number,
/// so a text naming version 5 has either shape, and the reader tries both. In a text with
/// promises, the later shape fails at the first one (an instant's first byte is no
/// option's); in one without, the two shapes are the same bytes.
#[allow(missing_docs)]
pub mod v5 {
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

    impl From<ChunkV5> for super::ChunkRecords {
        fn from(old: ChunkV5) -> Self {
            super::ChunkRecords {
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

    impl From<PatchV5> for super::PatchRecords {
        fn from(old: PatchV5) -> Self {
            super::PatchRecords {
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
}

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
    V7(ChunkRecords),
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
        }
    }

    /// Migrates the records to today's version, one `From` step per version.
    pub fn into_latest(self) -> ChunkRecords {
        match self {
            VersionedChunk::V1(records) => v5::ChunkV5::from(v4::ChunkV4::from(records)).into(),
            VersionedChunk::V4(records) => v5::ChunkV5::from(records).into(),
            VersionedChunk::V5(records) => records.into(),
            VersionedChunk::V6(records) => records.into(),
            VersionedChunk::V7(records) => records,
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
    V7(PatchRecords),
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
        }
    }

    /// Migrates the records to today's version.
    pub fn into_latest(self) -> PatchRecords {
        match self {
            VersionedPatch::V4(patch) => v5::PatchV5::from(patch).into(),
            VersionedPatch::V5(patch) => patch.into(),
            VersionedPatch::V6(patch) => patch.into(),
            VersionedPatch::V7(patch) => patch,
        }
    }
}

/// Decodes an export's records written with `version`; unknown fields are ignored.
///
/// JSON names its fields, so every version so far reads into today's types: version 1
/// simply lacks `settings` and `custom_fields`, which default to empty, and versions 1 to
/// 4 lack each quality check's `relationship_type` and each promise's `resolved_on`, which
/// default to none, versions 1 to 5 each interaction's `link`, which defaults to empty,
/// and versions 1 to 6 each interaction's `day`, which defaults to none. A version that
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
        | SchemaVersion::V7 => serde_json::from_slice(json),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(manifest: SchemaVersion, text: &str) -> Result<VersionedChunk, CodecError> {
        VersionedChunk::decode_units(manifest, &text.encode_utf16().collect::<Vec<u16>>())
    }

    /// The demo's records as every version before 7 can hold them: interactions without
    /// the day they happened on.
    fn sample_records() -> ChunkRecords {
        let ledger = crate::domain::sample::generate(
            7,
            crate::domain::sample::SampleSize::DEMO,
            crate::domain::Timestamp::from_millis(1_790_000_000_000),
        );
        let mut records = ChunkRecords {
            contacts: ledger.contacts().cloned().collect(),
            interactions: ledger.interactions().cloned().collect(),
            promises: ledger.promises().cloned().collect(),
        };
        for interaction in &mut records.interactions {
            interaction.details.day = None;
        }
        records
    }

    #[test]
    fn the_current_version_is_accepted() {
        assert_eq!(
            SchemaVersion::check(Some(u64::from(SCHEMA_VERSION))),
            Ok(SchemaVersion::LATEST)
        );
        assert_eq!(SchemaVersion::LATEST.number(), SCHEMA_VERSION);
    }

    #[test]
    fn every_version_follows_the_one_before_up_to_the_latest() {
        let mut numbers = Vec::new();
        let mut version = Some(SchemaVersion::OLDEST);
        while let Some(current) = version {
            numbers.push(current.number());
            assert_eq!(
                SchemaVersion::check(Some(u64::from(current.number()))),
                Ok(current)
            );
            version = current.next();
        }
        assert_eq!(numbers, (1..=SCHEMA_VERSION).collect::<Vec<u32>>());
    }

    #[test]
    fn newer_versions_are_refused_plainly() {
        let error = SchemaVersion::check(Some(8)).expect_err("newer");
        assert_eq!(error, SchemaError::Newer(8));
        assert_eq!(
            error.to_string(),
            "This data was saved by a newer version of Rapport (version 8); this copy \
             understands up to version 7. Update the page and try again."
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
        assert!(decode(SchemaVersion::V1, "garbage").is_err());
        assert!(decode(SchemaVersion::V2, "garbage").is_err());
        assert!(records_from_export(SchemaVersion::V1, br#"{"contacts": 1}"#).is_err());
    }

    #[test]
    fn version_one_chunks_migrate_with_empty_custom_fields() {
        let mut latest = sample_records();
        for contact in &mut latest.contacts {
            contact.profile.custom_fields.clear();
            for check in &mut contact.quality_checks {
                check.relationship_type = None;
            }
        }
        for promise in &mut latest.promises {
            promise.resolved_on = None;
        }
        let old = v1::ChunkV1 {
            contacts: latest.contacts.iter().map(v1::freeze).collect(),
            interactions: latest
                .interactions
                .iter()
                .map(v4::freeze_interaction)
                .collect(),
            promises: latest.promises.iter().map(v4::freeze_promise).collect(),
        };
        let text = codec::encode_zlib(&old).expect("encode");
        let decoded = decode(SchemaVersion::V1, &text).expect("decode");
        assert_eq!(decoded.into_latest(), latest);
        // The same bytes are not a version 2 chunk: the versions really differ.
        assert!(decode(SchemaVersion::V2, &text)
            .map(|chunk| chunk.into_latest() != latest)
            .unwrap_or(true));
    }

    #[test]
    fn version_four_chunks_migrate_with_no_relationship_type_nor_day_of_resolution() {
        let mut latest = sample_records();
        assert!(latest
            .contacts
            .iter()
            .flat_map(|contact| &contact.quality_checks)
            .any(|check| check.relationship_type.is_some()));
        for check in latest
            .contacts
            .iter_mut()
            .flat_map(|contact| &mut contact.quality_checks)
        {
            check.relationship_type = None;
        }
        assert!(latest
            .promises
            .iter()
            .any(|promise| promise.resolved_on.is_some()));
        for promise in &mut latest.promises {
            promise.resolved_on = None;
        }
        let old = v4::ChunkV4 {
            contacts: latest.contacts.iter().map(v4::freeze).collect(),
            interactions: latest
                .interactions
                .iter()
                .map(v4::freeze_interaction)
                .collect(),
            promises: latest.promises.iter().map(v4::freeze_promise).collect(),
        };
        // As version 4 wrote it: LZ4 behind the older first byte.
        let mut packed = codec::compress(&postcard::to_allocvec(&old).expect("postcard"));
        packed[0] = 0x4C;
        let text = codec::pack(&packed);
        for manifest in [SchemaVersion::V2, SchemaVersion::V4, SchemaVersion::V5] {
            let decoded = decode(manifest, &text).expect("decode");
            assert!(matches!(decoded, VersionedChunk::V4(_)), "{manifest:?}");
            assert_eq!(decoded.into_latest(), latest);
        }
        // A patch of version 4 migrates the same way.
        let patch = v4::PatchV4 {
            records: old,
            removed: vec![latest.contacts[0].id],
        };
        let mut packed = codec::compress(&postcard::to_allocvec(&patch).expect("postcard"));
        packed[0] = 0x4C;
        let units: Vec<u16> = codec::pack(&packed).encode_utf16().collect();
        let decoded = VersionedPatch::decode_units(SchemaVersion::V5, &units).expect("patch");
        assert_eq!(
            decoded.into_latest(),
            PatchRecords {
                records: latest.clone(),
                removed: vec![latest.contacts[0].id],
            }
        );
    }

    proptest::proptest! {
        #[test]
        fn reading_arbitrary_or_damaged_texts_never_panics(
            units in proptest::collection::vec(proptest::prelude::any::<u16>(), 0..256),
            flipped in proptest::prelude::any::<proptest::sample::Index>(),
        ) {
            let versions = [
                SchemaVersion::V1,
                SchemaVersion::V2,
                SchemaVersion::V3,
                SchemaVersion::V4,
                SchemaVersion::V5,
                SchemaVersion::V6,
                SchemaVersion::V7,
            ];
            // A real chunk with one unit changed, and arbitrary units, under every version.
            let text = codec::encode(&sample_records()).expect("encode");
            let mut damaged: Vec<u16> = text.encode_utf16().collect();
            let at = flipped.index(damaged.len());
            damaged[at] ^= 1;
            for version in versions {
                let _ = VersionedChunk::decode_units(version, &units);
                let _ = VersionedPatch::decode_units(version, &units);
                let _ = VersionedChunk::decode_units(version, &damaged);
                let _ = VersionedPatch::decode_units(version, &damaged);
            }
        }
    }

    /// `records` packed as version 5 wrote them: LZ4 behind version 5's first byte.
    fn as_version_five<T: Serialize>(records: &T) -> String {
        let mut packed = codec::compress(&postcard::to_allocvec(records).expect("postcard"));
        packed[0] = 0x4F;
        codec::pack(&packed)
    }

    #[test]
    fn version_seven_chunks_name_themselves_under_any_manifest() {
        let mut latest = sample_records();
        latest.interactions[0].details.kind = crate::domain::InteractionKind::Coverage;
        latest.interactions[0].details.link = "https://news.example/story".to_owned();
        latest.interactions[1].details.day = Some(latest.interactions[1].details.at.date_utc());
        let text = codec::encode(&latest).expect("encode");
        for manifest in [
            SchemaVersion::V4,
            SchemaVersion::V5,
            SchemaVersion::V6,
            SchemaVersion::V7,
        ] {
            let decoded = decode(manifest, &text).expect("decode");
            assert!(matches!(decoded, VersionedChunk::V7(_)), "{manifest:?}");
            assert_eq!(decoded.into_latest(), latest);
        }
    }

    /// `records` packed as version 6 wrote them: LZ4 behind version 6's first byte.
    fn as_version_six<T: Serialize>(records: &T) -> String {
        let mut packed = codec::compress(&postcard::to_allocvec(records).expect("postcard"));
        packed[0] = 0x59;
        codec::pack(&packed)
    }

    #[test]
    fn version_six_chunks_and_patches_migrate_with_no_day() {
        let mut latest = sample_records();
        latest.interactions[0].details.link = "https://news.example/story".to_owned();
        assert!(latest
            .interactions
            .iter()
            .all(|interaction| interaction.details.day.is_none()));
        let old = v6::freeze_records(&latest);
        let text = as_version_six(&old);
        for manifest in [SchemaVersion::V6, SchemaVersion::V7] {
            let decoded = decode(manifest, &text).expect("decode");
            assert!(matches!(decoded, VersionedChunk::V6(_)), "{manifest:?}");
            assert_eq!(decoded.into_latest(), latest);
        }
        let patch = v6::PatchV6 {
            records: old,
            removed: vec![latest.contacts[0].id],
        };
        let units: Vec<u16> = as_version_six(&patch).encode_utf16().collect();
        let decoded = VersionedPatch::decode_units(SchemaVersion::V7, &units).expect("patch");
        assert!(matches!(decoded, VersionedPatch::V6(_)));
        assert_eq!(
            decoded.into_latest(),
            PatchRecords {
                records: latest.clone(),
                removed: vec![latest.contacts[0].id],
            }
        );
        // Today's records are not version 6's: they are laid out in columns.
        let today = postcard::to_allocvec(&latest).expect("postcard");
        assert!(codec::from_postcard::<v6::ChunkV6>(&today).is_err());
    }

    #[test]
    fn version_five_chunks_and_patches_migrate_with_no_link() {
        let latest = sample_records();
        assert!(latest
            .interactions
            .iter()
            .all(|interaction| interaction.details.link.is_empty()));
        let old = v5::freeze_records(&latest);
        let text = as_version_five(&old);
        for manifest in [SchemaVersion::V5, SchemaVersion::V6] {
            let decoded = decode(manifest, &text).expect("decode");
            assert!(matches!(decoded, VersionedChunk::V5(_)), "{manifest:?}");
            assert_eq!(decoded.into_latest(), latest);
        }
        let patch = v5::PatchV5 {
            records: old,
            removed: vec![latest.contacts[0].id],
        };
        let units: Vec<u16> = as_version_five(&patch).encode_utf16().collect();
        let decoded = VersionedPatch::decode_units(SchemaVersion::V6, &units).expect("patch");
        assert!(matches!(decoded, VersionedPatch::V5(_)));
        assert_eq!(
            decoded.into_latest(),
            PatchRecords {
                records: latest.clone(),
                removed: vec![latest.contacts[0].id],
            }
        );
        // Today's records are not version 5's: the link is one field more.
        let today = postcard::to_allocvec(&latest).expect("postcard");
        assert!(codec::from_postcard::<v5::ChunkV5>(&today).is_err());
    }

    #[test]
    fn version_five_exports_read_with_no_link() {
        let latest = sample_records();
        let expected = LedgerRecords {
            contacts: latest.contacts,
            interactions: latest.interactions,
            promises: latest.promises,
            ..LedgerRecords::default()
        };
        let mut json = serde_json::to_value(&expected).expect("json");
        for interaction in json["interactions"].as_array_mut().expect("interactions") {
            let details = interaction["details"].as_object_mut().expect("details");
            assert!(details.remove("link").is_some());
        }
        json["schema_version"] = 5.into();
        let records =
            records_from_export(SchemaVersion::V5, json.to_string().as_bytes()).expect("v5");
        assert_eq!(records, expected);
    }

    #[test]
    fn version_four_exports_read_with_no_relationship_type_nor_day_of_resolution() {
        let latest = sample_records();
        let mut expected = LedgerRecords {
            contacts: latest.contacts,
            interactions: latest.interactions,
            promises: latest.promises,
            ..LedgerRecords::default()
        };
        let mut json = serde_json::to_value(&expected).expect("json");
        let mut stripped = 0;
        for contact in json["contacts"].as_array_mut().expect("contacts") {
            for check in contact["quality_checks"].as_array_mut().expect("checks") {
                let check = check.as_object_mut().expect("check");
                stripped += usize::from(check.remove("relationship_type").is_some());
            }
        }
        assert!(stripped > 0);
        for promise in json["promises"].as_array_mut().expect("promises") {
            let promise = promise.as_object_mut().expect("promise");
            promise.remove("resolved_on");
        }
        json["schema_version"] = 4.into();
        let records =
            records_from_export(SchemaVersion::V4, json.to_string().as_bytes()).expect("v4 export");
        for check in expected
            .contacts
            .iter_mut()
            .flat_map(|contact| &mut contact.quality_checks)
        {
            check.relationship_type = None;
        }
        for promise in &mut expected.promises {
            promise.resolved_on = None;
        }
        assert_eq!(records, expected);
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
    fn version_one_chunks_from_before_the_snooze_still_read() {
        let mut latest = sample_records();
        for contact in &mut latest.contacts {
            contact.profile.custom_fields.clear();
            contact.snoozed_until = None;
            for check in &mut contact.quality_checks {
                check.relationship_type = None;
            }
        }
        for promise in &mut latest.promises {
            promise.resolved_on = None;
        }
        let unsnoozed = |contact: &Contact| {
            let frozen = v1::freeze(contact);
            v1::ContactV1Unsnoozed {
                id: frozen.id,
                profile: frozen.profile,
                journey: frozen.journey,
                plan: frozen.plan,
                quality_checks: frozen.quality_checks,
                ticks: frozen.ticks,
                created_at: frozen.created_at,
                updated_at: frozen.updated_at,
            }
        };
        let old = v1::ChunkV1Unsnoozed {
            contacts: latest.contacts.iter().map(unsnoozed).collect(),
            interactions: latest
                .interactions
                .iter()
                .map(v4::freeze_interaction)
                .collect(),
            promises: latest.promises.iter().map(v4::freeze_promise).collect(),
        };
        let text = codec::encode_zlib(&old).expect("encode");
        let decoded = decode(SchemaVersion::V1, &text).expect("decode");
        assert_eq!(decoded.into_latest(), latest);
    }

    #[test]
    fn version_five_texts_from_before_the_day_of_resolution_still_read() {
        let mut latest = sample_records();
        for promise in &mut latest.promises {
            promise.resolved_on = None;
        }
        let old = v5::ChunkV5Unresolved {
            contacts: latest.contacts.iter().map(v5::freeze).collect(),
            interactions: latest
                .interactions
                .iter()
                .map(v4::freeze_interaction)
                .collect(),
            promises: latest.promises.iter().map(v4::freeze_promise).collect(),
        };
        let text = as_version_five(&old);
        for manifest in [SchemaVersion::V4, SchemaVersion::V5, SchemaVersion::V6] {
            let decoded = decode(manifest, &text).expect("decode");
            assert!(matches!(decoded, VersionedChunk::V5(_)), "{manifest:?}");
            assert_eq!(decoded.into_latest(), latest);
        }
        let patch = v5::PatchV5Unresolved {
            records: old,
            removed: vec![latest.contacts[0].id],
        };
        let units: Vec<u16> = as_version_five(&patch).encode_utf16().collect();
        let decoded = VersionedPatch::decode_units(SchemaVersion::V5, &units).expect("patch");
        assert_eq!(decoded.into_latest().records, latest);
    }

    #[test]
    fn version_one_exports_read_with_empty_settings() {
        let text = r#"{"format": "rapport", "schema_version": 1, "contacts": [],
                       "interactions": [], "promises": []}"#;
        let records = records_from_export(SchemaVersion::V1, text.as_bytes()).expect("v1 export");
        assert_eq!(records, LedgerRecords::default());
    }
}
