//! The documents sync writes: one per record, named `<kind>:<id>`, so two devices that
//! change different records never touch the same document, and a record keeps its document
//! through its whole life (a deletion replaces the body with the record's tombstone).
//!
//! | document id | body |
//! |---|---|
//! | `settings` | the ledger's settings (custom fields, tag cadences, saved lists) |
//! | `contact:<ulid>` | a contact, or its tombstone |
//! | `interaction:<ulid>` | an interaction, or its tombstone |
//! | `promise:<ulid>` | a promise, or its tombstone |
//!
//! The body here is plain; the app encrypts it before it leaves the device, so the server
//! sees only the id, the revision and the size.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::domain::contact::Contact;
use crate::domain::id::{ContactId, InteractionId, PromiseId};
use crate::domain::interaction::Interaction;
use crate::domain::ledger::Ledger;
use crate::domain::promise::Promise;
use crate::domain::settings::LedgerSettings;
use crate::domain::time::Timestamp;
use crate::domain::tombstone::{DeletedId, Tombstone};

/// The id of one synced document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocId {
    /// The ledger's settings (one document).
    Settings,
    /// A contact.
    Contact(ContactId),
    /// An interaction.
    Interaction(InteractionId),
    /// A promise.
    Promise(PromiseId),
}

impl DocId {
    /// The document of a deleted record.
    pub fn of_deleted(record: DeletedId) -> Self {
        match record {
            DeletedId::Contact(id) => DocId::Contact(id),
            DeletedId::Interaction(id) => DocId::Interaction(id),
            DeletedId::Promise(id) => DocId::Promise(id),
        }
    }

    /// The record this document holds, as a tombstone names it (`None` for the settings).
    pub fn record(self) -> Option<DeletedId> {
        match self {
            DocId::Settings => None,
            DocId::Contact(id) => Some(DeletedId::Contact(id)),
            DocId::Interaction(id) => Some(DeletedId::Interaction(id)),
            DocId::Promise(id) => Some(DeletedId::Promise(id)),
        }
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocId::Settings => f.write_str("settings"),
            DocId::Contact(id) => write!(f, "contact:{id}"),
            DocId::Interaction(id) => write!(f, "interaction:{id}"),
            DocId::Promise(id) => write!(f, "promise:{id}"),
        }
    }
}

/// A document id that is not one of Rapport's (another program's document in the database).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a Rapport document")]
pub struct ForeignDoc(pub String);

impl FromStr for DocId {
    type Err = ForeignDoc;

    fn from_str(text: &str) -> Result<Self, ForeignDoc> {
        let foreign = || ForeignDoc(text.to_owned());
        if text == "settings" {
            return Ok(DocId::Settings);
        }
        let (kind, id) = text.split_once(':').ok_or_else(foreign)?;
        match kind {
            "contact" => id.parse().map(DocId::Contact).map_err(|_| foreign()),
            "interaction" => id.parse().map(DocId::Interaction).map_err(|_| foreign()),
            "promise" => id.parse().map(DocId::Promise).map_err(|_| foreign()),
            _ => Err(foreign()),
        }
    }
}

/// What one document holds.
// A contact is much larger than a tombstone; bodies live a page at a time, so boxing the
// large ones would only add an allocation each.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "record", rename_all = "snake_case")]
pub enum Body {
    /// The settings.
    Settings(LedgerSettings),
    /// A live contact.
    Contact(Contact),
    /// A live interaction.
    Interaction(Interaction),
    /// A live promise.
    Promise(Promise),
    /// A deleted record.
    Deleted(Tombstone),
}

impl Body {
    /// The document this body belongs in.
    pub fn doc_id(&self) -> DocId {
        match self {
            Body::Settings(_) => DocId::Settings,
            Body::Contact(contact) => DocId::Contact(contact.id),
            Body::Interaction(interaction) => DocId::Interaction(interaction.id),
            Body::Promise(promise) => DocId::Promise(promise.id),
            Body::Deleted(tombstone) => DocId::of_deleted(tombstone.record),
        }
    }

    /// When the record was last changed or deleted (`None` for the settings, which carry no
    /// date and are joined instead).
    pub fn changed_at(&self) -> Option<Timestamp> {
        match self {
            Body::Settings(_) => None,
            Body::Contact(contact) => Some(contact.updated_at),
            Body::Interaction(interaction) => Some(interaction.updated_at),
            Body::Promise(promise) => Some(promise.updated_at),
            Body::Deleted(tombstone) => Some(tombstone.deleted_at),
        }
    }

    /// The contact the record belongs to (itself for a contact; `None` for the settings).
    pub fn contact(&self) -> Option<ContactId> {
        match self {
            Body::Settings(_) => None,
            Body::Contact(contact) => Some(contact.id),
            Body::Interaction(interaction) => Some(interaction.contact),
            Body::Promise(promise) => Some(promise.contact),
            Body::Deleted(tombstone) => Some(tombstone.contact),
        }
    }

    /// Whether this is a deleted record's tombstone.
    pub fn is_deleted(&self) -> bool {
        matches!(self, Body::Deleted(_))
    }
}

/// The body of document `id` in `ledger`: the live record, or its tombstone. A record that
/// went with its contact has no tombstone of its own; `base` (the document as last synced)
/// then tells whose it was, and the contact's tombstone stands for it. `None` when the
/// ledger holds nothing of it (never synced, or removed without a trace, such as an undone
/// addition).
pub fn body_of(ledger: &Ledger, id: DocId, base: Option<&Body>) -> Option<Body> {
    let live = match id {
        DocId::Settings => Some(Body::Settings(ledger.settings().clone())),
        DocId::Contact(id) => ledger.contact(id).cloned().map(Body::Contact),
        DocId::Interaction(id) => ledger.interaction(id).cloned().map(Body::Interaction),
        DocId::Promise(id) => ledger.promise(id).cloned().map(Body::Promise),
    };
    if live.is_some() {
        return live;
    }
    let record = id.record()?;
    if let Some(&tombstone) = ledger.tombstone(record) {
        return Some(Body::Deleted(tombstone));
    }
    let owner = base.and_then(Body::contact)?;
    let went_with = ledger.tombstone(DeletedId::Contact(owner))?;
    Some(Body::Deleted(Tombstone {
        record,
        contact: owner,
        deleted_at: went_with.deleted_at,
    }))
}

/// Every document the ledger has something for: the settings, each record and each
/// tombstone. A device that turns sync on for the first time offers all of them.
pub fn every_doc(ledger: &Ledger) -> Vec<DocId> {
    let mut ids = vec![DocId::Settings];
    ids.extend(ledger.contacts().map(|contact| DocId::Contact(contact.id)));
    ids.extend(
        ledger
            .interactions()
            .map(|interaction| DocId::Interaction(interaction.id)),
    );
    ids.extend(ledger.promises().map(|promise| DocId::Promise(promise.id)));
    ids.extend(
        ledger
            .tombstones()
            .map(|tombstone| DocId::of_deleted(tombstone.record)),
    );
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_id_reads_back_and_foreign_ids_are_refused() {
        let at = Timestamp::from_millis(1_790_000_000_000);
        for id in [
            DocId::Settings,
            DocId::Contact(ContactId::new(at, 1)),
            DocId::Interaction(InteractionId::new(at, 2)),
            DocId::Promise(PromiseId::new(at, 3)),
        ] {
            assert_eq!(id.to_string().parse::<DocId>(), Ok(id));
        }
        assert!(DocId::Contact(ContactId::new(at, 1))
            .to_string()
            .starts_with("contact:01"));
        for foreign in [
            "_design/x",
            "contact:nope",
            "note:01ARZ3NDEKTSV4RRFFQ69G5FAV",
            "",
        ] {
            assert_eq!(
                foreign.parse::<DocId>(),
                Err(ForeignDoc(foreign.to_owned()))
            );
        }
    }
}
