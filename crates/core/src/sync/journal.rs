//! What this device knows about its sync: where the server's changes feed was read up to,
//! which documents changed here since they were last synced (each with its copy as last
//! synced, the base of a three-way merge), and the documents pulled that the ledger cannot
//! hold yet.
//!
//! Only changed documents are listed: a document not listed is the same here as on the
//! server when last synced. That keeps the journal small, whatever the ledger's size (a
//! revision per document would take more room than WebKit leaves, see BENCHMARKS.md). The
//! journal must be saved together with the ledger it describes, in one step: a ledger saved
//! without its journal would forget which of its changes were not pushed yet.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::doc::{body_of, every_doc, Body, DocId};
use crate::domain::id::ContactId;
use crate::domain::ledger::Ledger;
use crate::domain::tombstone::{DeletedId, Tombstone};

/// This device's sync state, saved with the ledger.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    /// The server's changes feed was read up to here (`None`: from the start).
    pub checkpoint: Option<String>,
    /// The ledger's documents still to offer as a range, in id order, none of them synced
    /// from here yet: set when sync is turned on, or when the ledger was replaced whole. A
    /// range instead of a list, so that turning sync on over the capacity ledger (105,000
    /// documents) keeps the journal small; a push moves it on batch by batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) offering: Option<Offering>,
    /// Documents changed here and not yet on the server, each with its copy as last synced
    /// (`None`: never synced).
    #[serde(with = "by_doc_id")]
    pub(super) unsynced: BTreeMap<DocId, Option<Body>>,
    /// Documents pulled that the ledger cannot hold yet (a record whose contact, or whose
    /// linked interaction or organization, has not arrived: placed when it does), and the
    /// server's copies a push found moved on from their base (decided by the next pull).
    #[serde(with = "by_doc_id")]
    pub(super) waiting: BTreeMap<DocId, Body>,
}

/// Which of the ledger's documents are still to offer, never synced from here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub(super) enum Offering {
    /// Every document.
    Everything,
    /// Every document after this one.
    After(DocId),
}

impl Offering {
    /// Whether document `id` is still to offer.
    pub(super) fn covers(self, id: DocId) -> bool {
        match self {
            Offering::Everything => true,
            Offering::After(last) => id > last,
        }
    }
}

impl From<Offering> for String {
    fn from(offering: Offering) -> String {
        match offering {
            Offering::Everything => "*".to_owned(),
            Offering::After(last) => last.to_string(),
        }
    }
}

impl TryFrom<String> for Offering {
    type Error = super::doc::ForeignDoc;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        if text == "*" {
            return Ok(Offering::Everything);
        }
        text.parse().map(Offering::After)
    }
}

impl Journal {
    /// The journal of a device that turns sync on: everything it holds is still to offer.
    pub fn offering_everything() -> Self {
        Journal {
            offering: Some(Offering::Everything),
            ..Journal::default()
        }
    }

    /// How many documents changed here have not reached the server.
    pub fn waiting_to_push(&self, ledger: &Ledger) -> usize {
        let offered = match self.offering {
            Some(offering) => every_doc(ledger)
                .into_iter()
                .filter(|&id| offering.covers(id) && !self.unsynced.contains_key(&id))
                .count(),
            None => 0,
        };
        self.unsynced.len() + offered
    }

    /// Whether documents held here are still to offer (sync was turned on, or the ledger
    /// replaced whole, and the push that offers them has not finished): a round pushes
    /// before it pulls ([`take_page`](super::take_page) refuses until then).
    pub fn is_offering(&self) -> bool {
        self.offering.is_some()
    }

    /// Whether document `id` changed here since it was last synced (or was never synced).
    pub fn is_unsynced(&self, id: DocId) -> bool {
        self.unsynced.contains_key(&id) || self.offering.is_some_and(|o| o.covers(id))
    }

    /// The copy of unsynced document `id` as last synced: `Some(None)` when it was never
    /// synced from here, `None` when it is not unsynced.
    pub(super) fn base_of(&self, id: DocId) -> Option<Option<&Body>> {
        match self.unsynced.get(&id) {
            Some(base) => Some(base.as_ref()),
            None => self.offering.filter(|o| o.covers(id)).map(|_| None),
        }
    }

    /// Notes document `id` as changed here, with `base` as its copy last synced, unless it
    /// is unsynced already (its base is then older, and kept). A document still to offer
    /// was never synced from here, whatever `base` says.
    pub(super) fn mark_unsynced(&mut self, id: DocId, base: impl FnOnce() -> Option<Body>) {
        if self.unsynced.contains_key(&id) {
            return;
        }
        let base = if self.offering.is_some_and(|o| o.covers(id)) {
            None
        } else {
            base()
        };
        self.unsynced.insert(id, base);
    }

    /// The journal a save cut into steps commits with each step but its last, from `self`
    /// (the journal `committed` before the save, with the ledger's pending changes noted):
    /// without the documents that `finished`, the journal the last step commits, has as
    /// synced and `committed` did not have as unsynced. Those are documents the server has
    /// as they are: a pull's page, which a reload takes again from the feed until the last
    /// step moves the checkpoint; or a push's writes, which come after the checkpoint in the
    /// feed, so the next pull takes them. Noting them all (a page of up to 25,000) made
    /// every step's manifest over a megabyte, past WebKit's room beside the ledger.
    pub fn between_steps(mut self, committed: Option<&Journal>, finished: &Journal) -> Journal {
        self.unsynced.retain(|&id, _| {
            finished.is_unsynced(id) || committed.is_some_and(|before| before.is_unsynced(id))
        });
        self
    }

    /// Notes documents whose copy here may differ from the server's without a way to tell
    /// from what: unsynced, never synced from here, unless noted already. The next push
    /// offers them, and the pull decides each by the rule. (A bucket a load read from a
    /// chunk another tab's commit did not list: what changed in it was noted by no journal.)
    pub fn note_unknown(&mut self, ids: impl IntoIterator<Item = DocId>) {
        for id in ids {
            self.mark_unsynced(id, || None);
        }
    }

    /// Notes what changed here from `before` to `after` (one change, or several): each
    /// document that differs becomes unsynced, with its copy in `before` as its base,
    /// unless it was unsynced already (its base is then older, and kept).
    pub fn note_changes(&mut self, before: &Ledger, after: &Ledger) {
        for id in changed_docs(before, after) {
            self.mark_unsynced(id, || body_of(before, id, None));
        }
    }

    /// Notes what `ledger` changed since its last save, from its pending changes (which
    /// keep each changed record as it was before): as [`note_changes`](Self::note_changes)
    /// against the ledger last saved, without having it. A ledger loaded in whole (an
    /// import, a restore) has every document offered again.
    pub fn note_pending(&mut self, ledger: &Ledger) {
        let pending = ledger.pending_changes();
        if pending.everything {
            self.offering = Some(Offering::Everything);
        }
        let went_with = |record: DeletedId, contact: Option<ContactId>| {
            let owner = contact?;
            let tombstone = pending.lifted.get(&DeletedId::Contact(owner))?;
            Some(Body::Deleted(Tombstone {
                record,
                contact: owner,
                deleted_at: tombstone.deleted_at,
            }))
        };
        // Each record's copy before, with the deletion undone here where it was absent.
        let before = |record: DeletedId, live: Option<Body>, contact: Option<ContactId>| {
            live.or_else(|| pending.lifted.get(&record).copied().map(Body::Deleted))
                .or_else(|| went_with(record, contact))
        };
        let mut changed: Vec<(DocId, Option<Body>)> = Vec::new();
        if pending.settings {
            if let Some(settings) = &pending.base_settings {
                changed.push((DocId::Settings, Some(Body::Settings(settings.clone()))));
            }
        }
        for (&id, base) in &pending.base {
            let record = DeletedId::Contact(id);
            changed.push((
                DocId::Contact(id),
                before(record, base.clone().map(Body::Contact), None),
            ));
        }
        for (&id, base) in &pending.base_interactions {
            let record = DeletedId::Interaction(id);
            let owner = ledger.interaction(id).map(|i| i.contact);
            let owner = owner.or_else(|| ledger.tombstone(record).map(|t| t.contact));
            changed.push((
                DocId::Interaction(id),
                before(record, base.clone().map(Body::Interaction), owner),
            ));
        }
        for (&id, base) in &pending.base_promises {
            let record = DeletedId::Promise(id);
            let owner = ledger.promise(id).map(|p| p.contact);
            let owner = owner.or_else(|| ledger.tombstone(record).map(|t| t.contact));
            changed.push((
                DocId::Promise(id),
                before(record, base.clone().map(Body::Promise), owner),
            ));
        }
        for (id, base) in changed {
            if body_of(ledger, id, base.as_ref()) != base {
                self.mark_unsynced(id, || base);
            }
        }
    }
}

/// The documents whose bodies may have changed since `ledger` was last saved, as its pending
/// changes name them (each changed contact, interaction and promise, and the settings);
/// `None` when it must be compared whole (a ledger loaded in whole).
pub(super) fn pending_docs(ledger: &Ledger) -> Option<Vec<DocId>> {
    let pending = ledger.pending_changes();
    if pending.everything {
        return None;
    }
    let settings = pending.settings.then_some(DocId::Settings);
    Some(
        settings
            .into_iter()
            .chain(pending.contacts.iter().map(|&id| DocId::Contact(id)))
            .chain(
                pending
                    .interactions
                    .iter()
                    .map(|&id| DocId::Interaction(id)),
            )
            .chain(pending.promises.iter().map(|&id| DocId::Promise(id)))
            .collect(),
    )
}

/// The documents whose bodies differ between two ledgers.
pub(super) fn changed_docs(before: &Ledger, after: &Ledger) -> Vec<DocId> {
    let ids: BTreeSet<DocId> = every_doc(before)
        .into_iter()
        .chain(every_doc(after))
        .collect();
    ids.into_iter()
        .filter(|&id| {
            let was = body_of(before, id, None);
            body_of(after, id, was.as_ref()) != was
        })
        .collect()
}

/// Maps keyed by document id, written as JSON objects keyed by the id's text.
mod by_doc_id {
    use super::*;

    pub fn serialize<S: Serializer, V: Serialize>(
        map: &BTreeMap<DocId, V>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(map.iter().map(|(id, value)| (id.to_string(), value)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>, V: Deserialize<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<DocId, V>, D::Error> {
        let by_text: BTreeMap<String, V> = BTreeMap::deserialize(deserializer)?;
        by_text
            .into_iter()
            .map(|(text, value)| {
                text.parse()
                    .map(|id| (id, value))
                    .map_err(serde::de::Error::custom)
            })
            .collect()
    }
}
