//! The rule that decides a document changed on this device and on the server: Rapport's
//! merge rule (docs/DOMAIN.md, "Merging"), applied to one document.
//!
//! - a side that still equals the copy last synced (the base) takes the other side;
//! - a deletion and an edit: the later wins, and a deletion wins a tie (its tombstone
//!   [outranks](crate::domain::tombstone::Tombstone::outranks) an edit of the same instant);
//! - two edits of a record: merged field by field against the base, the later edit's value
//!   kept where both changed a field; lists take what each side added and drop what each
//!   removed (the three-way merge tabs use, [`crate::domain::rebase`]). Without a base (the
//!   record was made on both devices, from one file), or when the fields do not combine into
//!   a valid record, the later edit wins whole;
//! - the settings are merged the same way, or joined without a base.
//!
//! Ties between two edits of the same instant are broken by the bodies' JSON text, so every
//! device that decides the same pair decides it the same way.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::doc::Body;
use crate::domain::ledger::check_contact;
use crate::domain::merge::merge_settings;
use crate::domain::rebase::{rebase_settings, three_way_record};
use crate::domain::time::Timestamp;

/// The document decided from the copy last synced (`base`, `None` when this device has not
/// synced it yet), this device's copy and the server's.
pub fn decide(base: Option<&Body>, local: &Body, remote: &Body) -> Body {
    if local == remote || base == Some(remote) {
        return local.clone();
    }
    if base == Some(local) {
        return remote.clone();
    }
    match (local, remote) {
        (Body::Settings(mine), Body::Settings(theirs)) => {
            let base = match base {
                Some(Body::Settings(base)) => Some(base),
                _ => None,
            };
            Body::Settings(match base {
                Some(base) => rebase_settings(Some(base), mine, theirs),
                None => merge_settings(theirs, mine),
            })
        }
        (Body::Deleted(a), Body::Deleted(b)) => Body::Deleted(a.later(*b)),
        (Body::Deleted(tombstone), record) | (record, Body::Deleted(tombstone)) => {
            match record.changed_at() {
                Some(edited) if !tombstone.outranks(edited) => record.clone(),
                _ => Body::Deleted(*tombstone),
            }
        }
        (Body::Contact(mine), Body::Contact(theirs)) => {
            let base = match base {
                Some(Body::Contact(base)) => Some(base),
                _ => None,
            };
            Body::Contact(two_edits(base, mine, theirs, |merged, _| {
                check_contact(merged).is_ok()
            }))
        }
        (Body::Interaction(mine), Body::Interaction(theirs)) => {
            let base = match base {
                Some(Body::Interaction(base)) => Some(base),
                _ => None,
            };
            Body::Interaction(two_edits(base, mine, theirs, |merged, later| {
                merged.contact == later.contact
            }))
        }
        (Body::Promise(mine), Body::Promise(theirs)) => {
            let base = match base {
                Some(Body::Promise(base)) => Some(base),
                _ => None,
            };
            Body::Promise(two_edits(base, mine, theirs, |merged, later| {
                merged.contact == later.contact
            }))
        }
        // Two kinds under one id cannot come from Rapport; the later change is kept.
        _ => match (local.changed_at(), remote.changed_at()) {
            (Some(mine), Some(theirs)) if mine > theirs => local.clone(),
            _ => remote.clone(),
        },
    }
}

/// The document decided from every revision a server keeps in conflict (devices that
/// synced through servers replicating with each other, with no copy known in common):
/// folded pair by pair by the rule without a base, in the order of their JSON text, so
/// every device that resolves the same revisions decides the same body. `None` for none.
pub fn decide_conflict(mut revisions: Vec<Body>) -> Option<Body> {
    let text = |body: &Body| serde_json::to_string(body).unwrap_or_default();
    revisions.sort_by_cached_key(text);
    let mut revisions = revisions.into_iter();
    let first = revisions.next()?;
    Some(revisions.fold(first, |decided, next| decide(None, &decided, &next)))
}

/// Two edits of one record: merged field by field against `base` when there is one and the
/// result `fits` (checked against the later copy), else the later edit whole.
fn two_edits<T: Clone + Serialize + DeserializeOwned + Dated>(
    base: Option<&T>,
    mine: &T,
    theirs: &T,
    fits: impl Fn(&T, &T) -> bool,
) -> T {
    let (later, earlier) = later_first(mine, theirs, mine.updated_at(), theirs.updated_at());
    base.and_then(|base| fields(base, later, earlier, later.updated_at()))
        .filter(|merged| fits(merged, later))
        .unwrap_or_else(|| later.clone())
}

/// The two copies, the later edit first; a tie goes to the copy whose JSON text sorts
/// last, the same on every device.
fn later_first<'a, T: Serialize>(
    mine: &'a T,
    theirs: &'a T,
    mine_at: Timestamp,
    theirs_at: Timestamp,
) -> (&'a T, &'a T) {
    let mine_later = match mine_at.cmp(&theirs_at) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => {
            serde_json::to_string(mine).ok() >= serde_json::to_string(theirs).ok()
        }
    };
    if mine_later {
        (mine, theirs)
    } else {
        (theirs, mine)
    }
}

/// `later` and `earlier` merged field by field against `base`, `later`'s value kept where
/// both changed a field, dated `updated_at`. `None` when the result does not read back.
fn fields<T: Serialize + DeserializeOwned + Dated>(
    base: &T,
    later: &T,
    earlier: &T,
    updated_at: Timestamp,
) -> Option<T> {
    let mut conflicts = 0;
    let mut merged: T = three_way_record(base, later, earlier, &["updated_at"], &mut conflicts)?;
    merged.set_updated_at(updated_at);
    Some(merged)
}

/// A record that carries the time of its last change.
trait Dated {
    fn updated_at(&self) -> Timestamp;
    fn set_updated_at(&mut self, at: Timestamp);
}

/// `Dated` for each record type, which all name the time `updated_at`.
macro_rules! dated {
    ($($record:ty),*) => {$(
        impl Dated for $record {
            fn updated_at(&self) -> Timestamp {
                self.updated_at
            }
            fn set_updated_at(&mut self, at: Timestamp) {
                self.updated_at = at;
            }
        }
    )*};
}

dated!(
    crate::domain::contact::Contact,
    crate::domain::interaction::Interaction,
    crate::domain::promise::Promise
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact::{ContactKind, ContactProfile};
    use crate::domain::id::ContactId;
    use crate::domain::ledger::Ledger;
    use crate::domain::stage::Stage;
    use crate::domain::tombstone::{DeletedId, Tombstone};

    fn contact(name: &str, at: i64) -> Body {
        let at = Timestamp::from_millis(1_790_000_000_000 + at);
        let id = ContactId::new(Timestamp::from_millis(1_790_000_000_000), 7);
        let mut ledger = Ledger::new();
        ledger
            .add_contact(
                id,
                ContactProfile::named(name, ContactKind::Person),
                Stage::Target,
                at,
            )
            .expect("added");
        Body::Contact(ledger.contact(id).expect("contact").clone())
    }

    fn deleted(at: i64) -> Body {
        let id = ContactId::new(Timestamp::from_millis(1_790_000_000_000), 7);
        Body::Deleted(Tombstone {
            record: DeletedId::Contact(id),
            contact: id,
            deleted_at: Timestamp::from_millis(1_790_000_000_000 + at),
        })
    }

    #[test]
    fn revisions_in_conflict_are_decided_the_same_in_any_order() {
        let revisions = [
            contact("Ada", 10),
            contact("Ada Okafor", 30),
            deleted(20),
            contact("A. Okafor", 30),
        ];
        let decided = decide_conflict(revisions.to_vec()).expect("decided");
        // The later edits (30) outrank the deletion (20); between the two of one instant, the
        // JSON text decides, the same on every device.
        assert!(
            matches!(&decided, Body::Contact(c) if c.profile.name.contains("Okafor")),
            "{decided:?}"
        );
        let orders = [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]];
        for order in orders {
            let shuffled = order.iter().map(|&i| revisions[i].clone()).collect();
            assert_eq!(
                decide_conflict(shuffled),
                Some(decided.clone()),
                "{order:?}"
            );
        }
    }

    #[test]
    fn a_deletion_later_than_every_edit_wins_a_conflict() {
        let decided = decide_conflict(vec![contact("Ada", 10), deleted(40), contact("Ada O.", 30)]);
        assert_eq!(decided, Some(deleted(40)));
        assert_eq!(decide_conflict(Vec::new()), None);
    }
}
