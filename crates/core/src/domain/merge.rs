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
//! - only in the current ledger: kept (a merge never deletes).
//!
//! Contacts, interactions and promises follow the same rule, each record on its own: a
//! promise marked kept on the phone replaces the open one on the laptop, because marking it
//! changed its `updated_at`. Merging is idempotent (merging the same file twice changes
//! nothing more), and merging a ledger with itself gives it back.

use std::collections::BTreeMap;

use super::contact::Contact;
use super::id::{ContactId, InteractionId, PromiseId};
use super::interaction::Interaction;
use super::ledger::{Ledger, LedgerError};
use super::promise::{Party, Promise};
use super::rebase::rebase_pending;
use super::settings::{FieldDefinition, LedgerSettings};
use super::time::{Now, Timestamp};

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
    let contacts = merge_kind(current.contacts(), incoming.contacts());
    let interactions = merge_kind(current.interactions(), incoming.interactions());
    let promises = merge_kind(current.promises(), incoming.promises());
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
                interaction.details.day_in(|at| now.day_of(at)).format("%Y-%m-%d")
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
    Ledger::from_records(records)
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
