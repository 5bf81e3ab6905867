//! How a chunk's records are laid out since schema version 7: its contacts one after the
//! other, its interactions and its promises column by column, and since version 8 its
//! tombstones, column by column after them.
//!
//! Why columns: LZ4 finds repeats only within its window, and a record's fields are of
//! every kind at once (ids, instants, texts, choices). Laid out by field, like values sit
//! together: the choices of a chunk's interactions become a run of small codes, instants
//! become differences of a few bytes, and a record's contact is an index into the chunk
//! instead of a 16-byte id. Ids keep their 80 random bits whole (nothing compresses them)
//! and their time as its difference from when the record was created, most often zero.
//! On the capacity ledger (5,000 contacts, 100,000 interactions) the stored text shrinks
//! by about a quarter, which is what lets it fit in WebKit's room (BENCHMARKS.md).
//!
//! The layout is lossless for any records, not only well-formed ones: an interaction or a
//! promise whose contact is not among the chunk's, or a promise whose interaction is not,
//! names it in a list of other ids; differences wrap around instead of overflowing.
//! Reading checks that every column has one value per record and every index points at
//! something, and refuses the text otherwise.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::Hash;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{
    Channel, Contact, ContactId, Direction, Interaction, InteractionDetails, InteractionId,
    InteractionKind, Party, Pitch, Promise, PromiseId, PromiseStatus, Timestamp,
};
use crate::domain::{DeletedId, Tombstone};

use super::{ChunkRecords, ChunkRecordsRef};

/// A chunk as stored, borrowing the records it is encoded from.
#[derive(Serialize)]
pub(super) struct ChunkColumnsRef<'a> {
    contacts: &'a [&'a Contact],
    other_contacts: Vec<ContactId>,
    interactions: InteractionColumns<'a>,
    promises: PromiseColumns<'a>,
    tombstones: TombstoneColumns,
}

/// A chunk as stored, read back.
#[derive(Deserialize)]
pub(super) struct ChunkColumns {
    contacts: Vec<Contact>,
    other_contacts: Vec<ContactId>,
    interactions: InteractionColumns<'static>,
    promises: PromiseColumns<'static>,
    tombstones: TombstoneColumns,
}

/// A chunk as schema version 7 stored it: today's columns without the tombstones, which
/// come last in today's (postcard writes a struct as its fields one after the other, so
/// version 7's bytes are a prefix of what today's would be).
#[derive(Deserialize)]
pub(super) struct ChunkColumnsV7 {
    contacts: Vec<Contact>,
    other_contacts: Vec<ContactId>,
    interactions: InteractionColumns<'static>,
    promises: PromiseColumns<'static>,
}

impl ChunkColumnsV7 {
    /// The records the columns describe, with no tombstones (version 7 kept none).
    pub(super) fn into_records(self) -> Result<ChunkRecords, String> {
        ChunkColumns {
            contacts: self.contacts,
            other_contacts: self.other_contacts,
            interactions: self.interactions,
            promises: self.promises,
            tombstones: TombstoneColumns::default(),
        }
        .into_records()
    }
}

/// What a deleted record is, as a tombstone's column stores it (one byte).
#[derive(Clone, Copy, Serialize, Deserialize)]
enum DeletedKind {
    Contact,
    Interaction,
    Promise,
}

/// The tombstones of a chunk, one column per field: about 22 bytes each before packing,
/// mostly the id's 80 random bits.
#[derive(Default, Serialize, Deserialize)]
struct TombstoneColumns {
    kind: Vec<DeletedKind>,
    /// The index of the contact each belonged to, as for interactions; none for a
    /// contact's own tombstone, whose contact is itself.
    contact: Vec<Option<u32>>,
    /// The low 80 bits of each deleted record's id.
    id_random: Vec<[u8; 10]>,
    /// Each id's time, in milliseconds after the deletion (so most often a negative number
    /// of a few bytes).
    id_time: Vec<i64>,
    /// When each was deleted, in milliseconds after the one before.
    deleted: Vec<i64>,
}

impl TombstoneColumns {
    fn of(tombstones: &[&Tombstone], contacts: &mut Indexes<ContactId>) -> Self {
        let mut columns = TombstoneColumns::default();
        let mut previous = 0i64;
        for tombstone in tombstones {
            let (kind, id, contact) = match tombstone.record {
                DeletedId::Contact(id) => (DeletedKind::Contact, id.as_u128(), None),
                DeletedId::Interaction(id) => (
                    DeletedKind::Interaction,
                    id.as_u128(),
                    Some(contacts.index(tombstone.contact)),
                ),
                DeletedId::Promise(id) => (
                    DeletedKind::Promise,
                    id.as_u128(),
                    Some(contacts.index(tombstone.contact)),
                ),
            };
            let (random, time) = split_id(id, tombstone.deleted_at);
            columns.kind.push(kind);
            columns.contact.push(contact);
            columns.id_random.push(random);
            columns.id_time.push(time);
            let deleted = tombstone.deleted_at.millis();
            columns.deleted.push(deleted.wrapping_sub(previous));
            previous = deleted;
        }
        columns
    }

    fn into_records(
        self,
        contacts: &[ContactId],
        other_contacts: &[ContactId],
    ) -> Result<Vec<Tombstone>, String> {
        let count = self.kind.len();
        same_lengths(
            count,
            &[
                self.contact.len(),
                self.id_random.len(),
                self.id_time.len(),
                self.deleted.len(),
            ],
        )?;
        let mut records = Vec::with_capacity(count);
        let mut previous = 0i64;
        for index in 0..count {
            let deleted_at = Timestamp::from_millis(previous.wrapping_add(self.deleted[index]));
            previous = deleted_at.millis();
            let id = join_id(self.id_random[index], self.id_time[index], deleted_at);
            let owner = match self.contact[index] {
                Some(at) => Some(id_at(at, contacts, other_contacts)?),
                None => None,
            };
            let (record, contact) = match (self.kind[index], owner) {
                (DeletedKind::Contact, None) => {
                    let id = ContactId::from_u128(id);
                    (DeletedId::Contact(id), id)
                }
                (DeletedKind::Interaction, Some(contact)) => (
                    DeletedId::Interaction(InteractionId::from_u128(id)),
                    contact,
                ),
                (DeletedKind::Promise, Some(contact)) => {
                    (DeletedId::Promise(PromiseId::from_u128(id)), contact)
                }
                _ => return Err(broken("a tombstone's contact does not fit its kind")),
            };
            records.push(Tombstone {
                record,
                contact,
                deleted_at,
            });
        }
        Ok(records)
    }
}

/// The interactions of a chunk, one column per field.
#[derive(Default, Serialize, Deserialize)]
struct InteractionColumns<'a> {
    /// The index of each one's contact among the chunk's contacts, then its other ids.
    contact: Vec<u32>,
    /// The low 80 bits of each id.
    id_random: Vec<[u8; 10]>,
    /// Each id's time, in milliseconds after the interaction's creation.
    id_time: Vec<i64>,
    /// When each happened, in milliseconds after the one before.
    at: Vec<i64>,
    /// When each was logged, in milliseconds after it happened.
    created: Vec<i64>,
    /// When each was last edited, in milliseconds after it was logged.
    updated: Vec<i64>,
    /// The day each happened on, in days after the UTC date of when it happened.
    day: Vec<Option<i32>>,
    channel: Vec<Channel>,
    kind: Vec<InteractionKind>,
    direction: Vec<Direction>,
    summary: Vec<Cow<'a, str>>,
    learned: Vec<Cow<'a, str>>,
    link: Vec<Cow<'a, str>>,
    pitch: Vec<Option<Cow<'a, Pitch>>>,
}

/// The promises of a chunk, one column per field.
#[derive(Default, Serialize, Deserialize)]
struct PromiseColumns<'a> {
    /// The index of each one's contact, as for interactions.
    contact: Vec<u32>,
    /// The low 80 bits of each id.
    id_random: Vec<[u8; 10]>,
    /// Each id's time, in milliseconds after the promise's creation.
    id_time: Vec<i64>,
    /// The index of the interaction each came with among the chunk's, then its other ids.
    interaction: Vec<Option<u32>>,
    /// Interactions promises name that the chunk does not hold.
    other_interactions: Vec<InteractionId>,
    what: Vec<Cow<'a, str>>,
    owed_by: Vec<Party>,
    status: Vec<PromiseStatus>,
    /// When each was made, in milliseconds after the one before.
    created: Vec<i64>,
    /// When each was last edited, in milliseconds after it was made.
    updated: Vec<i64>,
    /// Each one's due day, in days after the UTC date it was made.
    due: Vec<i32>,
    /// When each was resolved, in milliseconds after it was made.
    resolved_at: Vec<Option<i64>>,
    /// The day each was resolved on, in days after its due day.
    resolved_on: Vec<Option<i32>>,
}

/// Numbers records by their id, in the order they come, and keeps the ids of those
/// referred to that are not among them.
struct Indexes<Id> {
    of: HashMap<Id, u32>,
    held: u32,
    others: Vec<Id>,
}

impl<Id: Copy + Eq + Hash> Indexes<Id> {
    fn new(ids: impl Iterator<Item = Id>) -> Self {
        let mut of = HashMap::new();
        let mut held = 0u32;
        for id in ids {
            // A repeated id keeps its first place, where reading finds it.
            of.entry(id).or_insert(held);
            held = held.saturating_add(1);
        }
        Indexes {
            of,
            held,
            others: Vec::new(),
        }
    }

    /// The index of `id`: its place among the records, or past them among the others.
    fn index(&mut self, id: Id) -> u32 {
        if let Some(&index) = self.of.get(&id) {
            return index;
        }
        let index = self
            .held
            .saturating_add(u32::try_from(self.others.len()).unwrap_or(u32::MAX));
        self.others.push(id);
        self.of.insert(id, index);
        index
    }
}

/// Why a stored chunk's columns do not describe records (postcard keeps only that the
/// records could not be read: the words are for debugging in another format).
fn broken(what: &str) -> String {
    format!("the chunk's columns are inconsistent: {what}")
}

/// The id of an `index` read back: a record's own, or one of the others.
fn id_at<Id: Copy>(index: u32, held: &[Id], others: &[Id]) -> Result<Id, String> {
    let index = index as usize;
    held.get(index)
        .or_else(|| others.get(index.wrapping_sub(held.len())))
        .copied()
        .ok_or_else(|| broken("an index points at no record"))
}

/// The 80 random bits and the time of an id, the time as its difference from `created`.
fn split_id(id: u128, created: Timestamp) -> ([u8; 10], i64) {
    let bytes = id.to_be_bytes();
    let mut random = [0; 10];
    random.copy_from_slice(&bytes[6..]);
    let time = (id >> 80) as i64;
    (random, time.wrapping_sub(created.millis()))
}

/// Reverses [`split_id`].
fn join_id(random: [u8; 10], time: i64, created: Timestamp) -> u128 {
    let time = created.millis().wrapping_add(time) as u128 & ((1 << 48) - 1);
    let mut bytes = [0; 16];
    bytes[6..].copy_from_slice(&random);
    (time << 80) | u128::from_be_bytes(bytes)
}

/// Days from `base` to `day`.
fn days_after(base: NaiveDate, day: NaiveDate) -> i32 {
    day.signed_duration_since(base)
        .num_days()
        .clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// Reverses [`days_after`].
fn day_after(base: NaiveDate, days: i32) -> Result<NaiveDate, String> {
    base.checked_add_signed(chrono::Duration::days(i64::from(days)))
        .ok_or_else(|| broken("a day is out of range"))
}

impl<'a> ChunkColumnsRef<'a> {
    /// Lays out `records` in columns.
    pub(super) fn of(records: &'a ChunkRecordsRef<'a>) -> Self {
        let mut contacts = Indexes::new(records.contacts.iter().map(|contact| contact.id));
        let mut interactions = InteractionColumns::default();
        let mut previous = 0i64;
        for interaction in &records.interactions {
            let details = &interaction.details;
            let (random, time) = split_id(interaction.id.as_u128(), interaction.created_at);
            let columns = &mut interactions;
            columns.contact.push(contacts.index(interaction.contact));
            columns.id_random.push(random);
            columns.id_time.push(time);
            columns.at.push(details.at.millis().wrapping_sub(previous));
            previous = details.at.millis();
            columns.created.push(
                interaction
                    .created_at
                    .millis()
                    .wrapping_sub(details.at.millis()),
            );
            columns.updated.push(
                interaction
                    .updated_at
                    .millis()
                    .wrapping_sub(interaction.created_at.millis()),
            );
            columns.day.push(
                details
                    .day
                    .map(|day| days_after(details.at.date_utc(), day)),
            );
            columns.channel.push(details.channel);
            columns.kind.push(details.kind);
            columns.direction.push(details.direction);
            columns.summary.push(Cow::Borrowed(&details.summary));
            columns.learned.push(Cow::Borrowed(&details.learned));
            columns.link.push(Cow::Borrowed(&details.link));
            columns
                .pitch
                .push(details.pitch.as_ref().map(Cow::Borrowed));
        }
        let mut held_interactions = Indexes::new(
            records
                .interactions
                .iter()
                .map(|interaction| interaction.id),
        );
        let mut promises = PromiseColumns::default();
        let mut previous = 0i64;
        for promise in &records.promises {
            let (random, time) = split_id(promise.id.as_u128(), promise.created_at);
            let created = promise.created_at.millis();
            let columns = &mut promises;
            columns.contact.push(contacts.index(promise.contact));
            columns.id_random.push(random);
            columns.id_time.push(time);
            columns
                .interaction
                .push(promise.interaction.map(|id| held_interactions.index(id)));
            columns.what.push(Cow::Borrowed(&promise.what));
            columns.owed_by.push(promise.owed_by);
            columns.status.push(promise.status);
            columns.created.push(created.wrapping_sub(previous));
            previous = created;
            columns
                .updated
                .push(promise.updated_at.millis().wrapping_sub(created));
            columns
                .due
                .push(days_after(promise.created_at.date_utc(), promise.due));
            columns.resolved_at.push(
                promise
                    .resolved_at
                    .map(|at| at.millis().wrapping_sub(created)),
            );
            columns
                .resolved_on
                .push(promise.resolved_on.map(|day| days_after(promise.due, day)));
        }
        promises.other_interactions = held_interactions.others;
        let tombstones = TombstoneColumns::of(&records.tombstones, &mut contacts);
        ChunkColumnsRef {
            contacts: &records.contacts,
            other_contacts: contacts.others,
            interactions,
            promises,
            tombstones,
        }
    }
}

/// Checks that each column has `count` values.
fn same_lengths(count: usize, lengths: &[usize]) -> Result<(), String> {
    if lengths.iter().all(|&length| length == count) {
        Ok(())
    } else {
        Err(broken("its columns differ in length"))
    }
}

impl ChunkColumns {
    /// The records the columns describe, or why they describe none.
    pub(super) fn into_records(self) -> Result<ChunkRecords, String> {
        let contact_ids: Vec<ContactId> = self.contacts.iter().map(|contact| contact.id).collect();
        let interactions = self
            .interactions
            .into_records(&contact_ids, &self.other_contacts)?;
        let interaction_ids: Vec<InteractionId> = interactions
            .iter()
            .map(|interaction| interaction.id)
            .collect();
        let promises =
            self.promises
                .into_records(&contact_ids, &self.other_contacts, &interaction_ids)?;
        let tombstones = self
            .tombstones
            .into_records(&contact_ids, &self.other_contacts)?;
        Ok(ChunkRecords {
            contacts: self.contacts,
            interactions,
            promises,
            tombstones,
        })
    }
}

impl InteractionColumns<'static> {
    fn into_records(
        self,
        contacts: &[ContactId],
        other_contacts: &[ContactId],
    ) -> Result<Vec<Interaction>, String> {
        let count = self.contact.len();
        same_lengths(
            count,
            &[
                self.id_random.len(),
                self.id_time.len(),
                self.at.len(),
                self.created.len(),
                self.updated.len(),
                self.day.len(),
                self.channel.len(),
                self.kind.len(),
                self.direction.len(),
                self.summary.len(),
                self.learned.len(),
                self.link.len(),
                self.pitch.len(),
            ],
        )?;
        let mut records = Vec::with_capacity(count);
        let mut texts = self
            .summary
            .into_iter()
            .zip(self.learned)
            .zip(self.link)
            .zip(self.pitch);
        let mut previous = 0i64;
        for index in 0..count {
            let Some((((summary, learned), link), pitch)) = texts.next() else {
                return Err(broken("its columns differ in length"));
            };
            let at = Timestamp::from_millis(previous.wrapping_add(self.at[index]));
            previous = at.millis();
            let created_at = Timestamp::from_millis(at.millis().wrapping_add(self.created[index]));
            let updated_at =
                Timestamp::from_millis(created_at.millis().wrapping_add(self.updated[index]));
            let day = match self.day[index] {
                Some(days) => Some(day_after(at.date_utc(), days)?),
                None => None,
            };
            records.push(Interaction {
                id: InteractionId::from_u128(join_id(
                    self.id_random[index],
                    self.id_time[index],
                    created_at,
                )),
                contact: id_at(self.contact[index], contacts, other_contacts)?,
                details: InteractionDetails {
                    at,
                    channel: self.channel[index],
                    kind: self.kind[index],
                    direction: self.direction[index],
                    summary: summary.into_owned(),
                    learned: learned.into_owned(),
                    pitch: pitch.map(Cow::into_owned),
                    link: link.into_owned(),
                    day,
                },
                created_at,
                updated_at,
            });
        }
        Ok(records)
    }
}

impl PromiseColumns<'static> {
    fn into_records(
        self,
        contacts: &[ContactId],
        other_contacts: &[ContactId],
        interactions: &[InteractionId],
    ) -> Result<Vec<Promise>, String> {
        let count = self.contact.len();
        same_lengths(
            count,
            &[
                self.id_random.len(),
                self.id_time.len(),
                self.interaction.len(),
                self.what.len(),
                self.owed_by.len(),
                self.status.len(),
                self.created.len(),
                self.updated.len(),
                self.due.len(),
                self.resolved_at.len(),
                self.resolved_on.len(),
            ],
        )?;
        let mut records = Vec::with_capacity(count);
        let mut previous = 0i64;
        for (index, what) in self.what.into_iter().enumerate() {
            let created_at = Timestamp::from_millis(previous.wrapping_add(self.created[index]));
            previous = created_at.millis();
            let created = created_at.millis();
            let due = day_after(created_at.date_utc(), self.due[index])?;
            let resolved_on = match self.resolved_on[index] {
                Some(days) => Some(day_after(due, days)?),
                None => None,
            };
            let interaction = match self.interaction[index] {
                Some(at) => Some(id_at(at, interactions, &self.other_interactions)?),
                None => None,
            };
            records.push(Promise {
                id: PromiseId::from_u128(join_id(
                    self.id_random[index],
                    self.id_time[index],
                    created_at,
                )),
                contact: id_at(self.contact[index], contacts, other_contacts)?,
                interaction,
                what: what.into_owned(),
                owed_by: self.owed_by[index],
                due,
                status: self.status[index],
                resolved_at: self.resolved_at[index]
                    .map(|after| Timestamp::from_millis(created.wrapping_add(after))),
                resolved_on,
                created_at,
                updated_at: Timestamp::from_millis(created.wrapping_add(self.updated[index])),
            });
        }
        Ok(records)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::storage::test_support;

    fn round_trip(records: &ChunkRecords) -> ChunkRecords {
        let bytes = postcard::to_allocvec(records).expect("encode");
        crate::storage::codec::from_postcard(&bytes).expect("decode")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any records come back as they were, even inconsistent ones: interactions and
        /// promises whose contact or interaction the chunk does not hold, any ids, instants
        /// at the ends of their range.
        #[test]
        fn any_records_come_back_as_they_were(
            ledger in test_support::ledger(6),
            kept in 0usize..7,
            ids in proptest::collection::vec(any::<u128>(), 8),
            instants in proptest::collection::vec(any::<i64>(), 8),
        ) {
            let mut records = ChunkRecords {
                contacts: ledger.contacts().take(kept).cloned().collect(),
                interactions: ledger.interactions().cloned().collect(),
                promises: ledger.promises().cloned().collect(),
                tombstones: ledger.tombstones().copied().collect(),
            };
            if let Some(interaction) = records.interactions.first_mut() {
                interaction.id = InteractionId::from_u128(ids[0]);
                interaction.details.at = Timestamp::from_millis(instants[0]);
                interaction.created_at = Timestamp::from_millis(instants[1]);
                interaction.updated_at = Timestamp::from_millis(instants[2]);
            }
            if let Some(promise) = records.promises.first_mut() {
                promise.id = PromiseId::from_u128(ids[1]);
                promise.interaction = Some(InteractionId::from_u128(ids[2]));
                promise.created_at = Timestamp::from_millis(instants[3]);
                promise.updated_at = Timestamp::from_millis(instants[4]);
                promise.resolved_at = Some(Timestamp::from_millis(instants[5]));
            }
            // Tombstones of any ids and instants, of a contact the chunk holds or not.
            records.tombstones.push(Tombstone::of_contact(
                ContactId::from_u128(ids[3]),
                Timestamp::from_millis(instants[6]),
            ));
            records.tombstones.push(Tombstone {
                record: DeletedId::Promise(PromiseId::from_u128(ids[4])),
                contact: ContactId::from_u128(ids[5]),
                deleted_at: Timestamp::from_millis(instants[7]),
            });
            if let Some(contact) = records.contacts.first() {
                records.tombstones.push(Tombstone {
                    record: DeletedId::Interaction(InteractionId::from_u128(ids[6])),
                    contact: contact.id,
                    deleted_at: Timestamp::from_millis(instants[0]),
                });
            }
            prop_assert_eq!(round_trip(&records), records);
        }
    }

    #[test]
    fn columns_of_different_lengths_are_refused() {
        let ledger = crate::domain::sample::generate(
            3,
            crate::domain::sample::SampleSize::DEMO,
            Timestamp::from_millis(1_790_000_000_000),
        );
        let records = ChunkRecordsRef {
            contacts: ledger.contacts().collect(),
            interactions: ledger.interactions().collect(),
            promises: ledger.promises().collect(),
            tombstones: Vec::new(),
        };
        let mut columns = ChunkColumnsRef::of(&records);
        columns.interactions.kind.pop();
        let bytes = postcard::to_allocvec(&columns).expect("encode");
        assert!(matches!(
            crate::storage::codec::from_postcard::<ChunkRecords>(&bytes),
            Err(crate::storage::codec::CodecError::Decode(_))
        ));
        let mut columns = ChunkColumnsRef::of(&records);
        columns.interactions.contact[0] = u32::MAX;
        let bytes = postcard::to_allocvec(&columns).expect("encode");
        assert!(matches!(
            crate::storage::codec::from_postcard::<ChunkRecords>(&bytes),
            Err(crate::storage::codec::CodecError::Decode(_))
        ));
    }
}
