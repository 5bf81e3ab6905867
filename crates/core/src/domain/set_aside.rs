//! Loading records that do not all fit together: each record that breaks an invariant of
//! the ledger is set aside and named, and the rest loads.
//!
//! [`Ledger::from_records`] refuses the whole list at the first broken record, which is
//! right for an import (the file is still there to mend) but would lock a person out of the
//! only copy of their ledger for one bad record in storage. The storage engine calls
//! [`Ledger::from_records_setting_aside`] when that strict build fails; what is set aside
//! stays stored as it was until the person decides (see `storage::engine`).

use std::collections::HashSet;

use super::ledger::{check_contact, check_details, check_settings};
use super::{Contact, ContactId, Interaction, Ledger, LedgerError, LedgerRecords, Promise};

/// A record that could not join the ledger, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct SetAside {
    /// The record, as it was stored.
    pub record: SetAsideRecord,
    /// The invariant it breaks.
    pub reason: LedgerError,
}

/// One record of any kind.
#[derive(Clone, Debug, PartialEq)]
pub enum SetAsideRecord {
    /// A contact (its interactions and promises are set aside with it).
    Contact(Box<Contact>),
    /// An interaction.
    Interaction(Box<Interaction>),
    /// A promise.
    Promise(Box<Promise>),
}

impl SetAside {
    /// The contact whose records this is: storage keeps a contact's records together.
    pub fn owner(&self) -> ContactId {
        match &self.record {
            SetAsideRecord::Contact(contact) => contact.id,
            SetAsideRecord::Interaction(interaction) => interaction.contact,
            SetAsideRecord::Promise(promise) => promise.contact,
        }
    }
}

impl Ledger {
    /// Builds a ledger from `records` as [`from_records`](Self::from_records) does, except
    /// that every record breaking an invariant is set aside instead of failing the build:
    /// a contact that fails its checks (or repeats an id) with every interaction and promise
    /// of it, an interaction or promise that fails its own. Broken memberships are cleared,
    /// as a load always does. Settings that fail their checks still fail the build: every
    /// contact depends on them.
    pub fn from_records_setting_aside(
        records: LedgerRecords,
    ) -> Result<(Ledger, Vec<SetAside>), LedgerError> {
        check_settings(&records.settings)?;
        // An empty ledger with these settings, to normalize custom values against them.
        let probe = Ledger::from_records(LedgerRecords {
            settings: records.settings.clone(),
            ..LedgerRecords::default()
        })?;
        let mut aside = Vec::new();
        let mut kept = LedgerRecords {
            settings: records.settings,
            ..LedgerRecords::default()
        };

        let mut ids = HashSet::new();
        for contact in records.contacts {
            // Normalizing takes the values out of the profile: the stored form is set aside.
            let mut normalized = contact.clone();
            let verdict = probe
                .normalize_custom_values(&mut normalized.profile)
                .and_then(|()| check_contact(&normalized))
                .and_then(|()| unique(&mut ids, contact.id.as_u128(), contact.id));
            match verdict {
                Ok(()) => kept.contacts.push(normalized),
                Err(reason) => aside.push(SetAside {
                    record: SetAsideRecord::Contact(Box::new(contact)),
                    reason,
                }),
            }
        }
        kept.drop_broken_memberships();

        let contacts: HashSet<ContactId> = kept.contacts.iter().map(|c| c.id).collect();
        let mut ids = HashSet::new();
        for interaction in records.interactions {
            let verdict = check_details(&interaction.details)
                .and_then(|()| known(&contacts, interaction.contact))
                .and_then(|()| unique(&mut ids, interaction.id.as_u128(), interaction.id));
            match verdict {
                Ok(()) => kept.interactions.push(interaction),
                Err(reason) => aside.push(SetAside {
                    record: SetAsideRecord::Interaction(Box::new(interaction)),
                    reason,
                }),
            }
        }

        // A promise is checked against the contacts and interactions kept.
        let mut ledger = Ledger::from_records(kept)?;
        let mut ids = HashSet::new();
        let mut promises = Vec::new();
        for promise in records.promises {
            let verdict = ledger
                .check_promise(&promise)
                .and_then(|()| unique(&mut ids, promise.id.as_u128(), promise.id));
            match verdict {
                Ok(()) => promises.push(promise),
                Err(reason) => aside.push(SetAside {
                    record: SetAsideRecord::Promise(Box::new(promise)),
                    reason,
                }),
            }
        }
        if !promises.is_empty() {
            let mut all = ledger.to_records();
            all.promises = promises;
            ledger = Ledger::from_records(all)?;
        }
        Ok((ledger, aside))
    }
}

/// Refuses an id seen before.
fn unique(
    seen: &mut HashSet<u128>,
    key: u128,
    id: impl std::fmt::Display,
) -> Result<(), LedgerError> {
    if seen.insert(key) {
        Ok(())
    } else {
        Err(LedgerError::DuplicateId(id.to_string()))
    }
}

/// Refuses a record of a contact that is not among those kept.
fn known(contacts: &HashSet<ContactId>, contact: ContactId) -> Result<(), LedgerError> {
    if contacts.contains(&contact) {
        Ok(())
    } else {
        Err(LedgerError::MissingContact(contact))
    }
}

#[cfg(test)]
#[path = "set_aside_tests.rs"]
mod tests;
