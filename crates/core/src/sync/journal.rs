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
use crate::domain::ledger::Ledger;

/// This device's sync state, saved with the ledger.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    /// The server's changes feed was read up to here (`None`: from the start).
    pub checkpoint: Option<String>,
    /// Documents changed here and not yet on the server, each with its copy as last synced
    /// (`None`: never synced).
    #[serde(with = "by_doc_id")]
    pub(super) unsynced: BTreeMap<DocId, Option<Body>>,
    /// Documents pulled that the ledger cannot hold yet: a record whose contact (or whose
    /// linked interaction or organization) has not arrived. They are placed when it does.
    #[serde(with = "by_doc_id")]
    pub(super) waiting: BTreeMap<DocId, Body>,
}

impl Journal {
    /// The journal of a device that turns sync on: everything it holds is to be offered.
    pub fn starting_with(ledger: &Ledger) -> Self {
        Journal {
            unsynced: every_doc(ledger).into_iter().map(|id| (id, None)).collect(),
            ..Journal::default()
        }
    }

    /// How many documents changed here have not reached the server.
    pub fn waiting_to_push(&self) -> usize {
        self.unsynced.len()
    }

    /// Whether document `id` changed here since it was last synced.
    pub fn is_unsynced(&self, id: DocId) -> bool {
        self.unsynced.contains_key(&id)
    }

    /// Notes what changed here from `before` to `after` (one change, or several): each
    /// document that differs becomes unsynced, with its copy in `before` as its base,
    /// unless it was unsynced already (its base is then older, and kept).
    pub fn note_changes(&mut self, before: &Ledger, after: &Ledger) {
        for id in changed_docs(before, after) {
            self.unsynced
                .entry(id)
                .or_insert_with(|| body_of(before, id, None));
        }
    }
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
