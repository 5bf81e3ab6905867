//! Sending this device's changes: each unsynced document is written over the server's copy
//! it was based on, and only over that one.
//!
//! The journal keeps no revisions (see its module docs), so a push first fetches the
//! server's current copy of each document it sends, with its revision. A document whose
//! server copy is still its base is written with that revision; one whose server copy moved
//! on is left for the next pull to decide, and the server refuses a write whose revision is
//! no longer current (a conflict), so nothing another device wrote is ever overwritten
//! unseen. A written document is synced, unless it changed here again meanwhile: then the
//! copy written is its new base.

use super::doc::{body_of, every_doc, Body, DocId};
use super::journal::{Journal, Offering};
use crate::domain::ledger::Ledger;
use crate::domain::tombstone::Tombstone;

/// A document to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Write {
    /// The document.
    pub id: DocId,
    /// The server's revision it replaces (`None`: a new document).
    pub rev: Option<String>,
    /// What it will hold.
    pub body: Body,
}

/// The server's copy of a document, fetched before a push.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// The document.
    pub id: DocId,
    /// Its current revision and body, decrypted (`None`: the server has no such document).
    pub current: Option<(String, Body)>,
}

/// What the server said of one write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ack {
    /// Written.
    Written,
    /// Refused because the document changed on the server meanwhile: the next pull takes
    /// that change, and the next push writes the result.
    Stale,
    /// Refused for another reason, in the server's words (a validation rule, the quota).
    Refused(String),
}

/// Up to `limit` unsynced documents to fetch and then write, in id order, after `after` (a
/// push goes through them batch by batch, past those the server had moved on from): those
/// changed here, and those of `ledger` still to offer.
pub fn to_push(
    journal: &Journal,
    ledger: &Ledger,
    after: Option<DocId>,
    limit: usize,
) -> Vec<DocId> {
    let later = |id: &DocId| after.is_none_or(|after| *id > after);
    let mut ids: Vec<DocId> = journal
        .unsynced
        .keys()
        .copied()
        .filter(later)
        .take(limit)
        .collect();
    if let Some(offering) = journal.offering {
        ids.extend(
            every_doc(ledger)
                .into_iter()
                .filter(|&id| offering.covers(id) && later(&id)),
        );
        ids.sort_unstable();
        ids.dedup();
        ids.truncate(limit);
    }
    ids
}

/// The writes for the fetched documents: each unsynced document whose server copy is still
/// its base; one whose server copy moved on waits for the next pull, which decides it. A
/// document that has nothing to send (the same here as on the server, or added
/// and taken back here before it was ever synced) is synced at once. The documents still to
/// offer up to the last one fetched are offered now: the range moves past them, and those
/// not synced by this push stay unsynced, never synced.
pub fn writes(ledger: &Ledger, journal: &mut Journal, fetched: Vec<Fetched>) -> Vec<Write> {
    if let (Some(offering), Some(last)) = (journal.offering, fetched.iter().map(|f| f.id).max()) {
        for fetched in &fetched {
            if offering.covers(fetched.id) {
                journal.mark_unsynced(fetched.id, || None);
            }
        }
        // Never back: a batch of documents changed here, all below the range, offers
        // nothing of it.
        let bound = match offering {
            Offering::After(previous) => last.max(previous),
            Offering::Everything => last,
        };
        journal.offering = every_doc(ledger)
            .into_iter()
            .any(|id| offering.covers(id) && id > bound)
            .then_some(Offering::After(bound));
    }
    let mut writes = Vec::new();
    for Fetched { id, current } in fetched {
        let Some(base) = journal.unsynced.get(&id) else {
            continue;
        };
        let Some(local) = body_of(ledger, id, base.as_ref()).or_else(|| vanished(id, base)) else {
            journal.unsynced.remove(&id);
            continue;
        };
        match current {
            Some((_, remote)) if remote == local => {
                journal.unsynced.remove(&id);
            }
            Some((rev, remote)) if base.as_ref() == Some(&remote) => writes.push(Write {
                id,
                rev: Some(rev),
                body: local,
            }),
            // The server moved on: the next pull decides it, from here (the changes feed may
            // have passed that copy already, when this document was never synced from here).
            Some((_, remote)) => {
                journal.waiting.insert(id, remote);
            }
            None => writes.push(Write {
                id,
                rev: None,
                body: local,
            }),
        }
    }
    writes
}

/// The deletion of a record that left this ledger without a trace after it was synced (an
/// undone addition): dated by its last change, which a deletion outranks.
fn vanished(id: DocId, base: &Option<Body>) -> Option<Body> {
    let base = base.as_ref()?;
    Some(Body::Deleted(Tombstone {
        record: id.record()?,
        contact: base.contact()?,
        deleted_at: base.changed_at()?,
    }))
}

/// Records what the server said of each write: a written document is synced when this
/// device still holds what was written, and otherwise is based on it now.
pub fn acknowledge(ledger: &Ledger, journal: &mut Journal, results: Vec<(Write, Ack)>) {
    for (write, ack) in results {
        if ack != Ack::Written || !journal.unsynced.contains_key(&write.id) {
            continue;
        }
        let base = journal.unsynced.get(&write.id).cloned().flatten();
        let local = body_of(ledger, write.id, base.as_ref().or(Some(&write.body)))
            .or_else(|| vanished(write.id, &base));
        if local.as_ref() == Some(&write.body) {
            journal.unsynced.remove(&write.id);
        } else {
            journal.unsynced.insert(write.id, Some(write.body));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact::{ContactKind, ContactProfile};
    use crate::domain::id::ContactId;
    use crate::domain::stage::Stage;
    use crate::domain::time::Timestamp;

    #[test]
    fn what_is_still_to_offer_never_moves_back() {
        let at = Timestamp::from_millis(1_790_000_000_000);
        let mut ledger = Ledger::new();
        let ids: Vec<ContactId> = (1..=4).map(|n| ContactId::new(at, n)).collect();
        for &id in &ids {
            let profile = ContactProfile::named("Ada", ContactKind::Person);
            ledger
                .add_contact(id, profile, Stage::Target, at)
                .expect("added");
        }
        let mut journal = Journal::offering_everything();
        // The first batch offered the settings and two contacts, then the round was cut.
        let first: Vec<DocId> = to_push(&journal, &ledger, None, 3);
        let fetched = first
            .iter()
            .map(|&id| Fetched { id, current: None })
            .collect();
        writes(&ledger, &mut journal, fetched);
        journal.unsynced.clear();
        // The next batch holds only a document below the range, changed here meanwhile.
        journal.mark_unsynced(DocId::Contact(ids[0]), || None);
        writes(
            &ledger,
            &mut journal,
            vec![Fetched {
                id: DocId::Contact(ids[0]),
                current: None,
            }],
        );
        assert!(
            !journal.is_unsynced(DocId::Contact(ids[1])),
            "offered already"
        );
        assert!(
            journal.is_unsynced(DocId::Contact(ids[2])),
            "still to offer"
        );
    }
}
