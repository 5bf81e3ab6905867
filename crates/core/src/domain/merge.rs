//! Merging an imported ledger (another device's export) into the current one, by id.
//!
//! Without a common base version, the rule decides each record from the two copies alone:
//!
//! - only in the file: **new**, added;
//! - in both and identical: **unchanged**;
//! - in both, different, and the file's copy has the later `updated_at`: **changed**, the
//!   file's copy replaces the current one (the more recent edit wins);
//! - in both, different, and the file's copy is not later (same `updated_at`, or older):
//!   **conflicting**, the current copy is kept and the record is listed by name, so the
//!   person sees which of the file's edits were not taken;
//! - only in the current ledger: kept, unless the file's tombstone says it was deleted.
//!
//! Tombstones (what deletions leave, [`super::tombstone`]) from both sides are joined, the
//! later of two for one record kept, and then outrank every copy edited no later than the
//! deletion: the later of an edit and a deletion wins, as for two edits. A contact counts
//! as edited when it or anything logged on it was, since its tombstone stands for all of
//! them: an interaction logged on the laptop after the phone deleted the contact keeps the
//! contact. A record that wins over its tombstone lifts it; a tombstone of a record neither
//! side holds resurrects nothing and is kept, so the deletion travels on.
//!
//! Contacts, interactions and promises follow the same rule, each record on its own: a
//! promise marked kept on the phone replaces the open one on the laptop, because marking it
//! changed its `updated_at`. Merging is idempotent (merging the same file twice changes
//! nothing more), and merging a ledger with itself gives it back.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::contact::Contact;
use super::id::{ContactId, InteractionId, PromiseId};
use super::interaction::Interaction;
use super::ledger::{Ledger, LedgerError, LedgerRecords};
use super::promise::{Party, Promise};
use super::rebase::rebase_pending;
use super::settings::{FieldDefinition, LedgerSettings};
use super::time::{DayFormat, Now, Timestamp};
use super::tombstone::{DeletedId, Tombstone};

/// The kinds of record a merge counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    /// A contact.
    Contact,
    /// An interaction.
    Interaction,
    /// A promise.
    Promise,
}

/// How the records of one kind in the file compare with the current ledger.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecordCounts {
    /// Only in the file: will be added.
    pub new: usize,
    /// Edited more recently in the file: will replace the current copy.
    pub changed: usize,
    /// Different, but not more recent in the file: the current copy stays.
    pub conflicting: usize,
    /// The same in both.
    pub unchanged: usize,
    /// Deleted by a tombstone later than their last edit (one side's deletion).
    pub deleted: usize,
}

/// A record whose copy in the file differs from the current one but is not more recent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// What kind of record.
    pub kind: RecordKind,
    /// The record in words: the contact's name, or what the interaction or promise was,
    /// with whom.
    pub name: String,
}

/// What a merge would do, to show before the person confirms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergePreview {
    /// Contacts.
    pub contacts: RecordCounts,
    /// Interactions.
    pub interactions: RecordCounts,
    /// Promises.
    pub promises: RecordCounts,
    /// Every conflicting record, contacts first.
    pub conflicts: Vec<Conflict>,
    /// The contacts whose copy here the file's newer copy replaces whole, by name: an edit
    /// made here to one of them, to another field, is lost, so the person sees who they are.
    pub replaced_contacts: Vec<String>,
}

/// A record that a merge matches by id and dates by its last change.
trait Versioned: Clone + PartialEq {
    type Id: Ord + Copy;
    fn id(&self) -> Self::Id;
    fn updated_at(&self) -> Timestamp;
}

impl Versioned for Contact {
    type Id = ContactId;
    fn id(&self) -> ContactId {
        self.id
    }
    fn updated_at(&self) -> Timestamp {
        self.updated_at
    }
}

impl Versioned for Interaction {
    type Id = InteractionId;
    fn id(&self) -> InteractionId {
        self.id
    }
    fn updated_at(&self) -> Timestamp {
        self.updated_at
    }
}

impl Versioned for Promise {
    type Id = PromiseId;
    fn id(&self) -> PromiseId {
        self.id
    }
    fn updated_at(&self) -> Timestamp {
        self.updated_at
    }
}

/// The records of one kind after the merge, their counts, and the conflicting ones.
struct Merged<'a, T> {
    records: Vec<T>,
    counts: RecordCounts,
    conflicts: Vec<&'a T>,
    /// The file's records that replace a different copy here.
    replacing: Vec<&'a T>,
}

fn merge_kind<'a, T: Versioned + 'a>(
    current: impl Iterator<Item = &'a T>,
    incoming: impl Iterator<Item = &'a T>,
) -> Merged<'a, T> {
    let mut by_id: BTreeMap<T::Id, T> = current
        .map(|record| (record.id(), record.clone()))
        .collect();
    let mut counts = RecordCounts::default();
    let mut conflicts = Vec::new();
    let mut replacing = Vec::new();
    for record in incoming {
        match by_id.get(&record.id()) {
            None => counts.new += 1,
            Some(kept) if kept == record => {
                counts.unchanged += 1;
                continue;
            }
            Some(kept) if record.updated_at() > kept.updated_at() => {
                counts.changed += 1;
                replacing.push(record);
            }
            Some(_) => {
                counts.conflicting += 1;
                conflicts.push(record);
                continue;
            }
        }
        by_id.insert(record.id(), record.clone());
    }
    Merged {
        records: by_id.into_values().collect(),
        counts,
        conflicts,
        replacing,
    }
}

/// The name of a contact in either ledger.
fn contact_name(current: &Ledger, incoming: &Ledger, id: ContactId) -> String {
    current
        .contact(id)
        .or_else(|| incoming.contact(id))
        .map(|contact| contact.profile.name.clone())
        .unwrap_or_default()
}

/// What a merge of `incoming` (an imported ledger) into `current` would do. Interactions
/// in conflict are named by their day on the person's calendar (`now`'s offset).
pub fn preview(current: &Ledger, incoming: &Ledger, now: Now) -> MergePreview {
    let mut contacts = merge_kind(current.contacts(), incoming.contacts());
    let mut interactions = merge_kind(current.interactions(), incoming.interactions());
    let mut promises = merge_kind(current.promises(), incoming.promises());
    let mut records = LedgerRecords {
        contacts: std::mem::take(&mut contacts.records),
        interactions: std::mem::take(&mut interactions.records),
        promises: std::mem::take(&mut promises.records),
        tombstones: joined_tombstones(current, incoming),
        ..LedgerRecords::default()
    };
    let deleted = honour_tombstones(&mut records);
    contacts.counts.deleted = deleted.contacts;
    interactions.counts.deleted = deleted.interactions;
    promises.counts.deleted = deleted.promises;
    let name_of = |id| contact_name(current, incoming, id);
    let conflicts = contacts
        .conflicts
        .iter()
        .map(|contact| Conflict {
            kind: RecordKind::Contact,
            name: contact.profile.name.clone(),
        })
        .chain(interactions.conflicts.iter().map(|interaction| Conflict {
            kind: RecordKind::Interaction,
            name: format!(
                "{} with {} on {}",
                interaction.details.kind.label(),
                name_of(interaction.contact),
                DayFormat::Iso.of(interaction.details.day_in(|at| now.day_of(at)))
            ),
        }))
        .chain(promises.conflicts.iter().map(|promise| Conflict {
            kind: RecordKind::Promise,
            name: match promise.owed_by {
                Party::Me => format!("{} (to {})", promise.what, name_of(promise.contact)),
                Party::Them => format!("{} (from {})", promise.what, name_of(promise.contact)),
            },
        }))
        .collect();
    MergePreview {
        contacts: contacts.counts,
        interactions: interactions.counts,
        promises: promises.counts,
        conflicts,
        replaced_contacts: contacts
            .replacing
            .iter()
            .map(|contact| contact.profile.name.clone())
            .collect(),
    }
}

/// The current ledger with `incoming` merged in by the rule of the module docs, checked
/// whole by [`Ledger::from_records`]: an error leaves the caller's ledger as it was.
///
/// Settings are joined by [`merge_settings`], so the file's custom values keep their fields.
pub fn merge(current: &Ledger, incoming: &Ledger) -> Result<Ledger, LedgerError> {
    let mut records = current.to_records();
    records.settings = merge_settings(current.settings(), incoming.settings());
    records.contacts = merge_kind(current.contacts(), incoming.contacts()).records;
    records.interactions = merge_kind(current.interactions(), incoming.interactions()).records;
    records.promises = merge_kind(current.promises(), incoming.promises()).records;
    records.tombstones = joined_tombstones(current, incoming);
    honour_tombstones(&mut records);
    Ledger::from_records(records)
}

/// Both ledgers' tombstones; [`Ledger::from_records`] keeps the later of two for a record.
fn joined_tombstones(current: &Ledger, incoming: &Ledger) -> Vec<Tombstone> {
    current
        .tombstones()
        .chain(incoming.tombstones())
        .copied()
        .collect()
}

/// How many records of each kind tombstones deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Deleted {
    contacts: usize,
    interactions: usize,
    promises: usize,
}

/// Deletes from `records` every record a tombstone outranks (the module docs' rule), with
/// what went with it: the records of a deleted contact, a deleted interaction's link from
/// its promises, a deleted organization's memberships. Tombstones of records left live are
/// let go by [`Ledger::from_records`].
fn honour_tombstones(records: &mut LedgerRecords) -> Deleted {
    let mut deleted = Deleted::default();
    if records.tombstones.is_empty() {
        return deleted;
    }
    let mut stones: HashMap<DeletedId, Tombstone> = HashMap::new();
    for &tombstone in &records.tombstones {
        stones
            .entry(tombstone.record)
            .and_modify(|kept| *kept = kept.later(tombstone))
            .or_insert(tombstone);
    }
    let outranked = |record: DeletedId, edited: Timestamp| {
        stones
            .get(&record)
            .is_some_and(|tombstone| tombstone.outranks(edited))
    };
    // A contact's last edit: its own, or of anything logged on it.
    let mut edited: HashMap<ContactId, Timestamp> = records
        .contacts
        .iter()
        .map(|contact| (contact.id, contact.updated_at))
        .collect();
    let owned = records
        .interactions
        .iter()
        .map(|interaction| (interaction.contact, interaction.updated_at))
        .chain(
            records
                .promises
                .iter()
                .map(|promise| (promise.contact, promise.updated_at)),
        );
    for (contact, at) in owned {
        if let Some(last) = edited.get_mut(&contact) {
            *last = (*last).max(at);
        }
    }
    let gone: HashSet<ContactId> = edited
        .iter()
        .filter(|&(&id, &at)| outranked(DeletedId::Contact(id), at))
        .map(|(&id, _)| id)
        .collect();
    let before = records.contacts.len();
    records
        .contacts
        .retain(|contact| !gone.contains(&contact.id));
    deleted.contacts = before - records.contacts.len();
    let before = records.interactions.len();
    records.interactions.retain(|interaction| {
        !gone.contains(&interaction.contact)
            && !outranked(
                DeletedId::Interaction(interaction.id),
                interaction.updated_at,
            )
    });
    deleted.interactions = before - records.interactions.len();
    let before = records.promises.len();
    records.promises.retain(|promise| {
        !gone.contains(&promise.contact)
            && !outranked(DeletedId::Promise(promise.id), promise.updated_at)
    });
    deleted.promises = before - records.promises.len();
    let interactions: HashSet<InteractionId> = records
        .interactions
        .iter()
        .map(|interaction| interaction.id)
        .collect();
    for promise in &mut records.promises {
        if promise
            .interaction
            .is_some_and(|link| !interactions.contains(&link))
        {
            promise.interaction = None;
        }
    }
    records.drop_broken_memberships();
    deleted
}

/// What `changed` (a copy of `base`, changed by an import while the ledger went on) changed,
/// put on the ledger as it is now (`current`), with only those changes and what `current`
/// had not saved yet pending. When `current` is still `base`, that is `changed` itself;
/// otherwise (another tab's save was followed meanwhile) [`rebase_pending`] puts the
/// changes on top, and nothing saved meanwhile is undone.
pub fn changes_on_top(
    mut changed: Ledger,
    base: &Ledger,
    current: &Ledger,
) -> Result<Ledger, LedgerError> {
    changed.mark_changed_since(base);
    let mut ledger = if current == base {
        changed
    } else {
        rebase_pending(&changed, current.clone())?.ledger
    };
    ledger.mark_changed_since(current);
    Ok(ledger)
}

/// The current settings, joined with what only the file has: its custom fields (a field
/// whose name is taken here gets "(imported)" added; a field both have gains the file's
/// extra choices, so every value stays valid), its tag cadences for tags without one here,
/// and its saved lists whose name is free. Nothing set here is overridden.
pub fn merge_settings(current: &LedgerSettings, incoming: &LedgerSettings) -> LedgerSettings {
    let mut merged = current.clone();
    for field in &incoming.fields {
        if let Some(known) = merged.fields.iter_mut().find(|known| known.id == field.id) {
            for choice in &field.choices {
                if !known.choices.contains(choice) {
                    known.choices.push(choice.clone());
                }
            }
            continue;
        }
        let mut added = field.clone();
        let taken = |label: &str, fields: &[FieldDefinition]| {
            fields
                .iter()
                .any(|known| known.label.to_lowercase() == label.to_lowercase())
        };
        while taken(&added.label, &merged.fields) {
            added.label.push_str(" (imported)");
        }
        merged.fields.push(added);
    }
    for (tag, &days) in &incoming.tag_cadences {
        if merged.tag_cadence(tag).is_none() {
            merged.tag_cadences.insert(tag.clone(), days);
        }
    }
    for list in &incoming.saved_lists {
        let free = !merged.saved_lists.iter().any(|known| {
            known.id == list.id || known.name.to_lowercase() == list.name.to_lowercase()
        });
        if free {
            merged.saved_lists.push(list.clone());
        }
    }
    merged
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "merge_tests.rs"]
mod tests;

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "merge_tombstones_tests.rs"]
mod tombstones_tests;
