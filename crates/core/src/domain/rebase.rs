//! Putting this tab's unsaved changes on top of a ledger another tab saved meanwhile.
//!
//! Records are separate things with their own ids, so the rebase goes record by record:
//!
//! - an interaction or promise added or deleted here is added or deleted; one edited here and
//!   there is merged field by field against its copy before this tab's change, this tab's
//!   value kept where both set one (the contact is named); every other one is the other tab's;
//! - a contact whose record changed here is merged field by field with the stored copy,
//!   against the record as it was before this tab's first change (a three-way merge): a field
//!   only one side changed takes that side's value; lists (tags, emails, quality checks, stage
//!   moves…) take what each side added and drop what each side removed; a field both sides
//!   set differently keeps this tab's value, and the contact is named in the report;
//! - a contact deleted here is deleted, with what the other tab had logged on it (named in
//!   the report); a contact deleted there but changed here is kept, with its records from here;
//! - the settings are merged the same way, so a custom field defined there survives a
//!   settings change here;
//! - a ledger replaced here whole (the demo, a restored export) wins whole, and says so;
//! - tombstones are the stored ledger's, with this tab's for the records it changed, except
//!   those of records the rebase kept.
//!
//! The result has only its differences from the stored ledger pending, so the save that
//! follows writes just those buckets.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use super::contact::Contact;
use super::id::{ContactId, InteractionId, PromiseId};
use super::interaction::Interaction;
use super::ledger::{check_contact, check_settings, Ledger, LedgerError};
use super::merge::merge_settings;
use super::promise::Promise;
use super::settings::LedgerSettings;
use super::tombstone::DeletedId;
use super::words;

/// What a rebase kept and what it could not, for the person.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RebaseReport {
    /// This tab's ledger replaced the stored one whole: the other tab's work is not in it.
    pub replaced_whole: bool,
    /// Contacts both tabs set differently in the same field; this tab's value was kept.
    pub edited_in_both: Vec<String>,
    /// Contacts deleted here that the other tab had changed; its changes went with them.
    pub deleted_here_changed_there: Vec<String>,
    /// Contacts the other tab deleted and this one changed: kept, with this tab's records.
    pub kept_though_deleted_there: Vec<String>,
    /// Contacts changed in both tabs in ways that do not combine (each moved the stage): the
    /// other tab's copy, changed later, was kept whole, without this tab's changes.
    pub theirs_kept_whole: Vec<String>,
}

impl RebaseReport {
    /// The toast that says what happened, truthfully.
    pub fn message(&self) -> String {
        if self.replaced_whole {
            return "Rapport was also changed in another tab. This tab's ledger replaced it \
                    whole, as you asked: the other tab's latest changes are not in it."
                .to_owned();
        }
        let mut parts = vec![
            "Rapport was also changed in another tab: both sets of changes are kept".to_owned(),
        ];
        if !self.edited_in_both.is_empty() {
            parts.push(format!(
                "where both changed the same detail of {}, this tab's is kept",
                words::names(&self.edited_in_both)
            ));
        }
        if !self.deleted_here_changed_there.is_empty() {
            parts.push(format!(
                "{} stayed deleted, with what the other tab added to them",
                words::names(&self.deleted_here_changed_there)
            ));
        }
        if !self.theirs_kept_whole.is_empty() {
            parts.push(format!(
                "{} changed in both in ways that do not combine, so the other tab's later \
                 change is kept and this tab's is not",
                words::names(&self.theirs_kept_whole)
            ));
        }
        if !self.kept_though_deleted_there.is_empty() {
            parts.push(format!(
                "{} was deleted there but changed here, so is kept",
                words::names(&self.kept_though_deleted_there)
            ));
        }
        format!("{}.", parts.join("; "))
    }
}

/// A rebased ledger and what the rebase did.
#[derive(Debug)]
pub struct Rebased {
    /// The combined ledger, with its differences from the stored one pending.
    pub ledger: Ledger,
    /// What was kept.
    pub report: RebaseReport,
}

/// Whether the stored ledger builds on the one this tab's changes were made on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoredHistory {
    /// It does: a contact missing there was deleted there.
    BuildsOnMine,
    /// It does not (two tabs committed in the same instant, or it was saved from another
    /// tab that never saw this tab's ledger): a contact missing there may never have been
    /// there, so one changed here in any way is kept.
    Diverged,
}

/// `mine`'s pending changes put on top of `stored`, a ledger that builds on `mine`'s, as
/// the module docs say.
pub fn rebase_pending(mine: &Ledger, stored: Ledger) -> Result<Rebased, LedgerError> {
    rebase_pending_onto(mine, stored, StoredHistory::BuildsOnMine)
}

/// [`rebase_pending`] onto a ledger of the history given.
pub fn rebase_pending_onto(
    mine: &Ledger,
    stored: Ledger,
    history: StoredHistory,
) -> Result<Rebased, LedgerError> {
    let pending = mine.pending_changes();
    let mut report = RebaseReport::default();
    if pending.everything {
        let mut whole = mine.clone();
        whole.mark_all_pending();
        report.replaced_whole = true;
        return Ok(Rebased {
            ledger: whole,
            report,
        });
    }
    let mut records = stored.to_records();
    let mut contacts: BTreeMap<ContactId, Contact> = std::mem::take(&mut records.contacts)
        .into_iter()
        .map(|contact| (contact.id, contact))
        .collect();
    let mut interactions: BTreeMap<InteractionId, Interaction> =
        std::mem::take(&mut records.interactions)
            .into_iter()
            .map(|interaction| (interaction.id, interaction))
            .collect();
    let mut promises: BTreeMap<PromiseId, Promise> = std::mem::take(&mut records.promises)
        .into_iter()
        .map(|promise| (promise.id, promise))
        .collect();

    // Without a settings change here, the stored settings stand: a field, list or cadence
    // deleted there stays deleted (values of deleted fields are let go below).
    if pending.settings {
        records.settings = rebase_settings(
            pending.base_settings.as_ref(),
            mine.settings(),
            &records.settings,
        );
    }

    // Contacts whose every record comes from here: kept though deleted in the other tab.
    let mut whole_from_here = BTreeSet::new();
    for &id in &pending.contacts {
        let base = pending.base.get(&id);
        let theirs = contacts.get(&id);
        match (mine.contact(id), theirs) {
            (None, Some(theirs)) => {
                let (their_interactions, mut their_promises) = stored.records_of(id);
                let changed_there = base.is_some_and(|base| base.as_ref() != Some(theirs))
                    || their_interactions
                        .map(|record| record.id)
                        .any(|record| !pending.interactions.contains(&record))
                    || their_promises.any(|record| !pending.promises.contains(&record.id));
                if changed_there {
                    report
                        .deleted_here_changed_there
                        .push(theirs.profile.name.clone());
                }
                contacts.remove(&id);
            }
            (None, None) => {}
            (Some(mine_contact), None) => {
                // Deleted there, and changed here only as a side effect (its organization or
                // a custom field deleted here): the deletion stands. Unless the stored ledger
                // does not build on this tab's: then it may never have had the contact.
                if let Some(Some(base)) = base {
                    if history == StoredHistory::BuildsOnMine
                        && only_side_effects(base, mine_contact)
                        && !records_changed_here(mine, id)
                    {
                        continue;
                    }
                }
                // Added here, or deleted there while this tab changed it: nothing is lost.
                if !matches!(base, Some(None)) {
                    report
                        .kept_though_deleted_there
                        .push(mine_contact.profile.name.clone());
                    whole_from_here.insert(id);
                }
                contacts.insert(id, mine_contact.clone());
            }
            (Some(mine_contact), Some(theirs)) => {
                let merged = match base {
                    // Only its interactions or promises changed here.
                    None => theirs.clone(),
                    Some(None) => mine_contact.clone(),
                    Some(Some(base)) => {
                        let (merged, outcome) = rebase_contact(base, mine_contact, theirs);
                        let name = mine_contact.profile.name.clone();
                        match outcome {
                            Combined::Cleanly => {}
                            Combined::MineWhereBoth => report.edited_in_both.push(name),
                            Combined::TheirsWhole => report.theirs_kept_whole.push(name),
                        }
                        merged
                    }
                };
                contacts.insert(id, merged);
            }
        }
    }

    let name_of = |contact: ContactId| {
        mine.contact(contact)
            .or_else(|| stored.contact(contact))
            .map(|found| found.profile.name.clone())
            .unwrap_or_default()
    };
    for &id in &pending.interactions {
        let edited_in_both = rebase_record(
            &mut interactions,
            id,
            pending.base_interactions.get(&id),
            mine.interaction(id),
            |interaction| &mut interaction.updated_at,
        );
        if let Some(interaction) = edited_in_both {
            report.edited_in_both.push(name_of(interaction.contact));
        }
    }
    for &id in &pending.promises {
        let edited_in_both = rebase_record(
            &mut promises,
            id,
            pending.base_promises.get(&id),
            mine.promise(id),
            |promise| &mut promise.updated_at,
        );
        if let Some(promise) = edited_in_both {
            report.edited_in_both.push(name_of(promise.contact));
        }
    }
    report.edited_in_both.sort();
    report.edited_in_both.dedup();
    for &id in &whole_from_here {
        let (mine_interactions, mine_promises) = mine.records_of(id);
        for interaction in mine_interactions {
            interactions
                .entry(interaction.id)
                .or_insert_with(|| interaction.clone());
        }
        for promise in mine_promises {
            promises
                .entry(promise.id)
                .or_insert_with(|| promise.clone());
        }
    }

    // What no longer fits together is let go: records of contacts deleted here, links to
    // interactions deleted on one side, values of custom fields deleted on one side.
    interactions.retain(|_, interaction| contacts.contains_key(&interaction.contact));
    promises.retain(|_, promise| contacts.contains_key(&promise.contact));
    for promise in promises.values_mut() {
        let linked = promise.interaction.is_none_or(|link| {
            interactions
                .get(&link)
                .is_some_and(|interaction| interaction.contact == promise.contact)
        });
        if !linked {
            promise.interaction = None;
        }
    }
    // A value the merged settings no longer take (its field deleted, or its choice removed
    // on one side) is let go rather than making the whole ledger fail to load.
    for contact in contacts.values_mut() {
        contact.profile.custom_fields.retain(|field, value| {
            records
                .settings
                .field(*field)
                .is_some_and(|definition| definition.normalize_value(value).is_ok())
        });
    }
    records.contacts = contacts.into_values().collect();
    records.interactions = interactions.into_values().collect();
    records.promises = promises.into_values().collect();
    records.drop_broken_memberships();
    // The stored tombstones, with this tab's for the records it changed (from_records lets
    // go of those whose record the rebase kept).
    records.tombstones.extend(
        mine.tombstones()
            .filter(|tombstone| match tombstone.record {
                DeletedId::Contact(id) => pending.contacts.contains(&id),
                DeletedId::Interaction(id) => pending.interactions.contains(&id),
                DeletedId::Promise(id) => pending.promises.contains(&id),
            })
            .copied(),
    );
    let mut ledger = Ledger::from_records(records)?;
    ledger.mark_changed_since(&stored);
    Ok(Rebased { ledger, report })
}

/// Puts this tab's change to one interaction or promise on the stored records: a record
/// deleted here is deleted; one added here is added; one deleted there but changed here is
/// kept (nothing is lost); one changed on both sides is merged field by field against its
/// `base`, this tab's value kept where both set one. Returns this tab's copy when both set a
/// field differently, so the report can name it.
fn rebase_record<'m, Id: Ord + Copy, T>(
    stored: &mut BTreeMap<Id, T>,
    id: Id,
    base: Option<&Option<T>>,
    mine: Option<&'m T>,
    updated_at: fn(&mut T) -> &mut super::time::Timestamp,
) -> Option<&'m T>
where
    T: Clone + PartialEq + Serialize + DeserializeOwned,
{
    let Some(mine) = mine else {
        stored.remove(&id);
        return None;
    };
    let (Some(theirs), Some(Some(base))) = (stored.get(&id), base) else {
        stored.insert(id, mine.clone());
        return None;
    };
    let mut conflicts = 0;
    let merged = three_way_record(base, mine, theirs, &["updated_at"], &mut conflicts);
    let (mut merged, conflicted) = match merged {
        Some(merged) => (merged, conflicts > 0),
        None => (mine.clone(), true),
    };
    let (mut mine_at, mut theirs_at) = (mine.clone(), theirs.clone());
    *updated_at(&mut merged) = (*updated_at(&mut mine_at)).max(*updated_at(&mut theirs_at));
    stored.insert(id, merged);
    conflicted.then_some(mine)
}

/// A contact changed on both sides, merged against its `base` field by field. Says whether
/// a field was set differently on both sides (this tab's value is kept). When the fields
/// merged do not make a valid contact (two stage moves from the same stage), the copy
/// edited last wins whole, and that counts as a conflict too.
fn rebase_contact(base: &Contact, mine: &Contact, theirs: &Contact) -> (Contact, Combined) {
    let updated_at = mine.updated_at.max(theirs.updated_at);
    let mut conflicts = 0;
    let merged = three_way_record(base, mine, theirs, &["updated_at"], &mut conflicts)
        .map(|mut contact: Contact| {
            contact.updated_at = updated_at;
            contact
        })
        .filter(|contact| check_contact(contact).is_ok());
    match merged {
        Some(contact) if conflicts == 0 => (contact, Combined::Cleanly),
        Some(contact) => (contact, Combined::MineWhereBoth),
        None if theirs.updated_at > mine.updated_at => (theirs.clone(), Combined::TheirsWhole),
        None => (mine.clone(), Combined::MineWhereBoth),
    }
}

/// How a contact changed in both tabs was combined.
enum Combined {
    /// Every change of both tabs is in it.
    Cleanly,
    /// A detail set differently in both keeps this tab's value.
    MineWhereBoth,
    /// The changes do not combine (two stage moves from one stage): the other tab's copy,
    /// edited later, was kept whole.
    TheirsWhole,
}

/// Whether an interaction or promise of `contact` was added, changed or deleted here.
fn records_changed_here(mine: &Ledger, contact: ContactId) -> bool {
    let pending = mine.pending_changes();
    let (interactions, promises) = mine.records_of(contact);
    interactions
        .map(|interaction| interaction.id)
        .any(|id| pending.interactions.contains(&id))
        || promises
            .map(|promise| promise.id)
            .any(|id| pending.promises.contains(&id))
        || pending
            .base_interactions
            .values()
            .flatten()
            .any(|interaction| interaction.contact == contact)
        || pending
            .base_promises
            .values()
            .flatten()
            .any(|promise| promise.contact == contact)
}

/// Whether `mine` differs from `base` only where a change to another record reached it:
/// its organization link or a custom field's value cleared, and the time of that.
fn only_side_effects(base: &Contact, mine: &Contact) -> bool {
    let mut unchanged = mine.clone();
    unchanged.updated_at = base.updated_at;
    unchanged.profile.organization = base.profile.organization;
    unchanged.profile.custom_fields = base.profile.custom_fields.clone();
    unchanged == *base
}

/// The settings changed on both sides, merged against `base` as contacts are; fields and
/// lists changed on both sides keep this tab's copy. Without a base, or when the result is
/// not valid, this tab's settings joined with what only the stored ones have.
pub(crate) fn rebase_settings(
    base: Option<&LedgerSettings>,
    mine: &LedgerSettings,
    theirs: &LedgerSettings,
) -> LedgerSettings {
    let merged = base.and_then(|base| {
        let mut conflicts = 0;
        let mut merged: LedgerSettings = three_way_record(base, mine, theirs, &[], &mut conflicts)?;
        // One copy per id: this tab's, added last, wins, with every choice either side
        // has, so the values set on either side still fit.
        let mut seen = BTreeSet::new();
        merged.fields.reverse();
        merged.fields.retain(|field| seen.insert(field.id));
        merged.fields.reverse();
        for field in &mut merged.fields {
            for theirs in theirs.fields.iter().filter(|known| known.id == field.id) {
                for choice in &theirs.choices {
                    if !field.choices.contains(choice) {
                        field.choices.push(choice.clone());
                    }
                }
            }
        }
        let mut seen = BTreeSet::new();
        merged.saved_lists.reverse();
        merged.saved_lists.retain(|list| seen.insert(list.id));
        merged.saved_lists.reverse();
        Some(merged)
    });
    merged
        .filter(|merged| check_settings(merged).is_ok())
        .unwrap_or_else(|| merge_settings(mine, theirs))
}

/// A three-way merge of a record through its JSON form ([`three_way`]), with the top-level
/// keys `ignored` taken from `mine` without counting as conflicts. `None` when the result
/// does not read back as a record.
pub(crate) fn three_way_record<T: Serialize + DeserializeOwned>(
    base: &T,
    mine: &T,
    theirs: &T,
    ignored: &[&str],
    conflicts: &mut usize,
) -> Option<T> {
    let json = |record: &T| {
        let mut value = serde_json::to_value(record).ok()?;
        if let Value::Object(map) = &mut value {
            for key in ignored {
                map.remove(*key);
            }
        }
        Some(value)
    };
    let (base_json, mine_json, theirs_json) = (json(base)?, json(mine)?, json(theirs)?);
    let mut merged = three_way(
        Some(&base_json),
        Some(&mine_json),
        Some(&theirs_json),
        conflicts,
    )?;
    if let (Value::Object(merged), Ok(Value::Object(mine))) =
        (&mut merged, serde_json::to_value(mine))
    {
        for key in ignored {
            if let Some(value) = mine.get(*key) {
                merged.insert((*key).to_owned(), value.clone());
            }
        }
    }
    serde_json::from_value(merged).ok()
}

/// Merges `mine` and `theirs`, two changed copies of `base` (`None`: absent). A side equal
/// to the base takes the other; objects merge key by key; lists take what each side added
/// and drop what each side removed, in the order of the side that reordered them; anything
/// else set differently on both sides keeps `mine` and counts a conflict.
fn three_way(
    base: Option<&Value>,
    mine: Option<&Value>,
    theirs: Option<&Value>,
    conflicts: &mut usize,
) -> Option<Value> {
    if mine == base {
        return theirs.cloned();
    }
    if theirs == base || theirs == mine {
        return mine.cloned();
    }
    match (mine, theirs) {
        (Some(Value::Object(mine)), Some(Value::Object(theirs))) => {
            let empty = Map::new();
            let base = match base {
                Some(Value::Object(base)) => base,
                _ => &empty,
            };
            let keys: BTreeSet<&String> = mine.keys().chain(theirs.keys()).collect();
            let merged = keys
                .into_iter()
                .filter_map(|key| {
                    three_way(base.get(key), mine.get(key), theirs.get(key), conflicts)
                        .map(|value| (key.clone(), value))
                })
                .collect();
            Some(Value::Object(merged))
        }
        (Some(Value::Array(mine)), Some(Value::Array(theirs))) => {
            let base: &[Value] = match base {
                Some(Value::Array(base)) => base,
                _ => &[],
            };
            // Order means something (the first address is the preferred one): the side
            // that reordered the items both kept gives the order, this one if both did.
            let (mine_reordered, theirs_reordered) =
                (reordered(base, mine), reordered(base, theirs));
            if mine_reordered && theirs_reordered {
                *conflicts += 1;
            }
            let (first, second) = if mine_reordered {
                (mine, theirs)
            } else {
                (theirs, mine)
            };
            let removed_by_second = |item: &Value| base.contains(item) && !second.contains(item);
            let mut merged: Vec<Value> = first
                .iter()
                .filter(|item| !removed_by_second(item))
                .cloned()
                .collect();
            for item in second {
                if !base.contains(item) && !merged.contains(item) {
                    merged.push(item.clone());
                }
            }
            Some(Value::Array(merged))
        }
        _ => {
            *conflicts += 1;
            mine.cloned()
        }
    }
}

/// Whether `list` puts the items it shares with `base` in another order than `base` does.
fn reordered(base: &[Value], list: &[Value]) -> bool {
    let shared = |of: &[Value], other: &[Value]| -> Vec<Value> {
        of.iter()
            .filter(|item| other.contains(item))
            .cloned()
            .collect()
    };
    shared(base, list) != shared(list, base)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "rebase_tests.rs"]
mod tests;
