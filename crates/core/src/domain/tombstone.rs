//! Tombstones: what is left of a deleted record, so the deletion travels with exports (and
//! later with sync) instead of being undone by the next merge with an older copy.
//!
//! A tombstone says which record was deleted (its kind and id) and when. It also names the
//! contact the record belonged to (a contact's own id for a contact), because storage keeps
//! every record in its contact's bucket (`storage/engine/buckets.rs`), and a
//! tombstone with it. A contact's tombstone stands for its interactions and promises
//! too: they went with it, and a merge lets them go with it (docs/DOMAIN.md, "Deletions").
//!
//! The ledger never holds a tombstone and a live record of the same id: putting a record
//! back (an undo, a merge where a later edit wins) lifts its tombstone.

use serde::{Deserialize, Serialize};

use super::id::{ContactId, InteractionId, PromiseId};
use super::time::Timestamp;

/// The id of a deleted record, with its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum DeletedId {
    /// A contact, with everything logged on it.
    Contact(ContactId),
    /// An interaction.
    Interaction(InteractionId),
    /// A promise.
    Promise(PromiseId),
}

/// A deleted record: which one, whose, and when it was deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    /// The record deleted.
    #[serde(flatten)]
    pub record: DeletedId,
    /// The contact it belonged to (itself, for a contact): where storage keeps it.
    pub contact: ContactId,
    /// When it was deleted.
    pub deleted_at: Timestamp,
}

impl Tombstone {
    /// The tombstone of a contact deleted at `at`.
    pub fn of_contact(id: ContactId, at: Timestamp) -> Self {
        Tombstone {
            record: DeletedId::Contact(id),
            contact: id,
            deleted_at: at,
        }
    }

    /// Whether the tombstone outranks a copy of its record last edited at `updated_at`:
    /// the later of the two wins, and a deletion in the same millisecond as the edit wins
    /// (it was made knowing the record as it was then).
    pub fn outranks(&self, updated_at: Timestamp) -> bool {
        self.deleted_at >= updated_at
    }

    /// The later of two tombstones of one record (each device may have deleted it).
    pub fn later(self, other: Tombstone) -> Tombstone {
        if other.deleted_at > self.deleted_at {
            other
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tombstone_reads_in_json_as_its_kind_id_contact_and_instant() {
        let contact = ContactId::new(Timestamp::from_millis(1_790_000_000_000), 7);
        let interaction = InteractionId::new(Timestamp::from_millis(1_790_000_000_001), 8);
        let tombstone = Tombstone {
            record: DeletedId::Interaction(interaction),
            contact,
            deleted_at: Timestamp::from_millis(1_790_000_100_000),
        };
        let json = serde_json::to_value(tombstone).expect("serialize");
        assert_eq!(json["kind"], "interaction");
        assert_eq!(json["id"], interaction.to_string());
        assert_eq!(json["contact"], contact.to_string());
        let back: Tombstone = serde_json::from_value(json).expect("parse");
        assert_eq!(back, tombstone);
    }

    #[test]
    fn the_later_deletion_is_kept_and_a_deletion_wins_a_tie_with_an_edit() {
        let id = ContactId::new(Timestamp::from_millis(1_000), 1);
        let early = Tombstone::of_contact(id, Timestamp::from_millis(2_000));
        let late = Tombstone::of_contact(id, Timestamp::from_millis(3_000));
        assert_eq!(early.later(late), late);
        assert_eq!(late.later(early), late);
        assert!(late.outranks(Timestamp::from_millis(3_000)));
        assert!(!late.outranks(Timestamp::from_millis(3_001)));
    }
}
