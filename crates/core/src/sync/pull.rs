//! Taking the server's changes into the ledger, a page of the changes feed at a time.
//!
//! A document that did not change here takes the server's copy. One that did is decided by
//! [the rule](super::rule) against its copy as last synced, and stays unsynced, now based
//! on the server's copy, so the next push writes the result. A record the ledger cannot hold
//! yet (its contact, linked interaction or organization has not arrived) waits in the
//! journal and is placed with a later page. What placing a page changed beyond the pulled
//! documents (a person unlinked from an organization deleted on the server) is noted as a
//! change here.

use std::collections::{BTreeMap, BTreeSet};

use super::doc::{body_of, Body, DocId};
use super::journal::{changed_docs, pending_docs, Journal};
use super::rule::decide;
use super::SyncError;
use crate::domain::id::{ContactId, InteractionId};
use crate::domain::ledger::{Ledger, LedgerRecords};
use crate::domain::time::Timestamp;
use crate::domain::tombstone::DeletedId;

/// A document read from the server's changes feed, its body decrypted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pulled {
    /// The document.
    pub id: DocId,
    /// Its body as the server holds it now.
    pub body: Body,
}

/// The ledger with `page` placed in it, and `journal` moved on to `checkpoint`. On an error,
/// nothing is changed: the caller keeps its ledger and journal. What the journal still
/// offers must be pushed first ([`SyncError::NotOffered`]).
pub fn take_page(
    ledger: &Ledger,
    journal: &mut Journal,
    page: Vec<Pulled>,
    checkpoint: Option<String>,
) -> Result<Ledger, SyncError> {
    // A document pulled while still to offer would be taken as never synced, and every
    // later edit of it merged without its base: what this device offers goes first.
    if journal.is_offering() {
        return Err(SyncError::NotOffered);
    }
    let mut next = journal.clone();
    let mut decided: BTreeMap<DocId, Body> = BTreeMap::new();
    let mut remote: BTreeMap<DocId, Body> = BTreeMap::new();
    // What waited is tried again first, so a later copy in this page replaces it.
    let waiting = std::mem::take(&mut next.waiting);
    for Pulled { id, body } in waiting
        .into_iter()
        .map(|(id, body)| Pulled { id, body })
        .chain(page)
    {
        let target = match next.base_of(id) {
            Some(base) => match body_of(ledger, id, base) {
                Some(local) => decide(base, &local, &body),
                None => body.clone(),
            },
            None => body.clone(),
        };
        decided.insert(id, target);
        remote.insert(id, body);
    }
    let (records, held) = placed(ledger, &next, &decided, &remote);
    let mut taken = Ledger::from_records(records)?;
    taken.mark_changed_since(ledger);
    for id in held {
        if let Some(body) = remote.remove(&id) {
            next.waiting.insert(id, body);
        }
    }
    // What placing the page changed besides the pulled documents is a change made here.
    // Among the documents the rebuilt ledger's pending changes name (comparing every
    // document of both ledgers took most of a page's time on the capacity ledger).
    let side_effects: Vec<DocId> = match pending_docs(&taken) {
        Some(candidates) => candidates
            .into_iter()
            .filter(|id| !remote.contains_key(id))
            .filter(|&id| {
                let was = body_of(ledger, id, None);
                body_of(&taken, id, was.as_ref()) != was
            })
            .collect(),
        None => changed_docs(ledger, &taken)
            .into_iter()
            .filter(|id| !remote.contains_key(id))
            .collect(),
    };
    for id in side_effects {
        next.mark_unsynced(id, || body_of(ledger, id, None));
    }
    for (id, body) in remote {
        if body_of(&taken, id, Some(&body)).as_ref() == Some(&body) {
            next.unsynced.remove(&id);
        } else {
            next.unsynced.insert(id, Some(body));
        }
    }
    next.checkpoint = checkpoint;
    *journal = next;
    Ok(taken)
}

/// The ledger's records with the `decided` bodies put in their place, and the documents
/// that cannot be placed yet (they keep this device's copy, if any, meanwhile).
fn placed(
    ledger: &Ledger,
    journal: &Journal,
    decided: &BTreeMap<DocId, Body>,
    remote: &BTreeMap<DocId, Body>,
) -> (LedgerRecords, Vec<DocId>) {
    let mut records = ledger.to_records();
    let mut contacts: BTreeMap<ContactId, _> = records
        .contacts
        .drain(..)
        .map(|contact| (contact.id, contact))
        .collect();
    let mut interactions: BTreeMap<_, _> = records
        .interactions
        .drain(..)
        .map(|interaction| (interaction.id, interaction))
        .collect();
    let mut promises: BTreeMap<_, _> = records
        .promises
        .drain(..)
        .map(|promise| (promise.id, promise))
        .collect();
    let mut tombstones: BTreeMap<DeletedId, _> = records
        .tombstones
        .drain(..)
        .map(|tombstone| (tombstone.record, tombstone))
        .collect();
    let mut gone_contacts = BTreeSet::new();
    let mut held = Vec::new();
    for (id, body) in decided {
        if let Some(record) = id.record() {
            tombstones.remove(&record);
        }
        match body {
            Body::Settings(settings) => records.settings = settings.clone(),
            Body::Contact(contact) => {
                contacts.insert(contact.id, contact.clone());
            }
            Body::Interaction(interaction) => {
                interactions.insert(interaction.id, interaction.clone());
            }
            Body::Promise(promise) => {
                promises.insert(promise.id, promise.clone());
            }
            Body::Deleted(tombstone) => {
                match tombstone.record {
                    DeletedId::Contact(contact) => {
                        contacts.remove(&contact);
                        gone_contacts.insert(contact);
                    }
                    DeletedId::Interaction(interaction) => {
                        interactions.remove(&interaction);
                    }
                    DeletedId::Promise(promise) => {
                        promises.remove(&promise);
                    }
                }
                tombstones.insert(tombstone.record, *tombstone);
            }
        }
    }
    // A contact deleted on the server takes what is logged on it, unless some of that was
    // logged or changed later than the deletion: then the contact stays (the merge rule: a
    // contact counts as edited when anything logged on it was), and this device pushes it.
    for contact in gone_contacts {
        let Some(tombstone) = tombstones.get(&DeletedId::Contact(contact)).copied() else {
            continue;
        };
        // What is logged on it later than the deletion, and when.
        let later: Vec<(DocId, Timestamp)> = interactions
            .values()
            .filter(|interaction| interaction.contact == contact)
            .map(|interaction| (DocId::Interaction(interaction.id), interaction.updated_at))
            .chain(
                promises
                    .values()
                    .filter(|promise| promise.contact == contact)
                    .map(|promise| (DocId::Promise(promise.id), promise.updated_at)),
            )
            .filter(|&(_, changed)| !tombstone.outranks(changed))
            .collect();
        // The latest live copy known here: this device's, the server's, or as last synced.
        let live = |body: Option<&Body>| match body {
            Some(Body::Contact(contact)) => Some(contact.clone()),
            _ => None,
        };
        let doc = DocId::Contact(contact);
        let copy = ledger
            .contact(contact)
            .cloned()
            .or_else(|| live(remote.get(&doc)))
            .or_else(|| live(journal.base_of(doc).flatten()));
        let last_edit = later.iter().map(|&(_, changed)| changed).max();
        let known = copy.is_some();
        if let (Some(mut kept), Some(edited)) = (copy, last_edit) {
            // Dated by that later change, so that every device's rule keeps it too.
            kept.updated_at = kept.updated_at.max(edited);
            tombstones.remove(&DeletedId::Contact(contact));
            contacts.insert(contact, kept);
            continue;
        }
        // Something was logged on it later, but no copy of the contact is known here (this
        // device deleted it too): what came later waits for the device that logged it to
        // push the contact back. The rest goes with the contact.
        if !known {
            held.extend(later.into_iter().map(|(doc, _)| doc));
        }
        interactions.retain(|_, interaction| interaction.contact != contact);
        promises.retain(|_, promise| promise.contact != contact);
    }
    // Records whose contact, interaction or organization is not here wait for it.
    let unplaced_members: Vec<ContactId> = contacts
        .values()
        .filter(|contact| {
            contact.profile.organization.is_some_and(|organization| {
                !contacts.contains_key(&organization)
                    && !tombstones.contains_key(&DeletedId::Contact(organization))
            })
        })
        .map(|contact| contact.id)
        .filter(|&id| decided.contains_key(&DocId::Contact(id)))
        .collect();
    for id in unplaced_members {
        // This device's copy, if it has one, stays meanwhile.
        match ledger.contact(id) {
            Some(contact) => contacts.insert(id, contact.clone()),
            None => contacts.remove(&id),
        };
        held.push(DocId::Contact(id));
    }
    // A record whose contact is not here waits for it, unless the contact's deletion
    // outranks it: then it went with the contact (and this device pushes its deletion).
    let gone_with_contact = |contact: ContactId, changed| {
        tombstones
            .get(&DeletedId::Contact(contact))
            .is_some_and(|tombstone| tombstone.outranks(changed))
    };
    let orphans: Vec<(InteractionId, bool)> = interactions
        .values()
        .filter(|interaction| !contacts.contains_key(&interaction.contact))
        .map(|interaction| {
            (
                interaction.id,
                gone_with_contact(interaction.contact, interaction.updated_at),
            )
        })
        .collect();
    for (id, gone) in orphans {
        interactions.remove(&id);
        if !gone {
            held.push(DocId::Interaction(id));
        }
    }
    let linked_interaction_missing = |link: Option<InteractionId>| {
        link.is_some_and(|link| {
            !interactions.contains_key(&link)
                && !tombstones.contains_key(&DeletedId::Interaction(link))
        })
    };
    let mut unplaced_promises = Vec::new();
    for promise in promises.values() {
        if !contacts.contains_key(&promise.contact) {
            let gone = gone_with_contact(promise.contact, promise.updated_at);
            unplaced_promises.push((promise.id, gone));
        } else if linked_interaction_missing(promise.interaction) {
            unplaced_promises.push((promise.id, false));
        }
    }
    for (id, gone) in unplaced_promises {
        promises.remove(&id);
        if !gone {
            held.push(DocId::Promise(id));
        }
    }
    for promise in promises.values_mut() {
        // The interaction it was made in was deleted: the promise stays, unlinked.
        if promise
            .interaction
            .is_some_and(|link| !interactions.contains_key(&link))
        {
            promise.interaction = None;
        }
    }
    // What waits keeps this device's copy meanwhile, where it has one that still fits.
    held.retain(|id| decided.contains_key(id));
    for &id in &held {
        match id {
            DocId::Interaction(id) => {
                if let Some(interaction) = ledger.interaction(id) {
                    if contacts.contains_key(&interaction.contact) {
                        interactions.insert(id, interaction.clone());
                    }
                }
            }
            DocId::Promise(id) => {
                if let Some(promise) = ledger.promise(id) {
                    let fits = contacts.contains_key(&promise.contact)
                        && promise
                            .interaction
                            .is_none_or(|link| interactions.contains_key(&link));
                    if fits {
                        promises.insert(id, promise.clone());
                    }
                }
            }
            DocId::Settings | DocId::Contact(_) => {}
        }
    }
    records.contacts = contacts.into_values().collect();
    records.interactions = interactions.into_values().collect();
    records.promises = promises.into_values().collect();
    records.tombstones = tombstones.into_values().collect();
    records.drop_broken_memberships();
    (records, held)
}
