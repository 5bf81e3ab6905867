//! How a merge honours tombstones: a deletion made on one device wins over another
//! device's older copy, and a later edit wins over the deletion.

use super::*;
use crate::domain::sample::{generate, SampleSize};
use crate::domain::{InteractionId, Now, PromiseStatus};

const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);

fn later(days: i64) -> Timestamp {
    NOW.plus_days(days)
}

fn demo() -> Ledger {
    generate(21, SampleSize::DEMO, NOW)
}

/// An organization with members.
fn organization(ledger: &Ledger) -> ContactId {
    ledger
        .contacts()
        .find(|contact| contact.is_organization() && !ledger.members_of(contact.id).is_empty())
        .expect("an organization with members")
        .id
}

/// A contact with interactions and at least one promise.
fn busy_contact(ledger: &Ledger) -> ContactId {
    ledger
        .contacts()
        .find(|contact| {
            let (mut interactions, mut promises) = ledger.records_of(contact.id);
            interactions.next().is_some() && promises.next().is_some()
        })
        .expect("a contact with interactions and promises")
        .id
}

/// A busy contact of `start`, and the phone's copy of `start` after it deleted that
/// contact a day later.
fn deleted_on_the_phone(start: &Ledger) -> (ContactId, Ledger) {
    let who = busy_contact(start);
    let mut phone = start.clone();
    phone.delete_contact(who, later(1)).expect("delete");
    (who, phone)
}

#[test]
fn a_contact_deleted_on_the_phone_is_deleted_by_the_phones_export_with_all_it_held() {
    let laptop = demo();
    let mut phone = laptop.clone();
    let gone = organization(&laptop);
    let members: Vec<ContactId> = laptop.members_of(gone).iter().map(|m| m.id).collect();
    let (interactions, promises) = laptop.records_of(gone);
    let (interactions, promises) = (interactions.count(), promises.count());
    phone.delete_contact(gone, later(1)).expect("delete");

    let preview = preview(&laptop, &phone, Now::utc(NOW));
    assert_eq!(preview.contacts.deleted, 1);
    assert_eq!(preview.interactions.deleted, interactions);
    assert_eq!(preview.promises.deleted, promises);

    let merged = merge(&laptop, &phone).expect("merge");
    assert!(merged.contact(gone).is_none(), "the deletion travelled");
    assert_eq!(merged.records_of(gone).0.count(), 0);
    for member in members {
        let member = merged.contact(member).expect("members stay");
        assert_eq!(member.profile.organization, None);
    }
    assert_eq!(
        merged
            .tombstone(DeletedId::Contact(gone))
            .map(|t| t.deleted_at),
        Some(later(1)),
        "the tombstone is kept, to travel on"
    );
    assert_eq!(merged, phone, "both devices hold the same ledger");
    assert_eq!(merge(&merged, &laptop).expect("merge again"), merged);
}

#[test]
fn a_contact_edited_after_its_deletion_elsewhere_wins_over_the_tombstone_both_ways() {
    let start = demo();
    let (kept, phone) = deleted_on_the_phone(&start);
    let mut laptop = start.clone();
    let mut profile = laptop.contact(kept).expect("contact").profile.clone();
    profile.notes = "Edited after the phone deleted it".into();
    laptop
        .update_profile(kept, profile, later(2))
        .expect("edit");

    let on_laptop = merge(&laptop, &phone).expect("merge");
    assert_eq!(on_laptop.contact(kept), laptop.contact(kept));
    assert!(on_laptop.tombstone(DeletedId::Contact(kept)).is_none());
    let on_phone = merge(&phone, &laptop).expect("merge");
    assert_eq!(
        on_phone.contact(kept),
        laptop.contact(kept),
        "it comes back"
    );
    assert_eq!(
        on_phone.records_of(kept).0.count(),
        laptop.records_of(kept).0.count(),
        "with everything logged on it"
    );
    assert!(on_phone.tombstone(DeletedId::Contact(kept)).is_none());
    assert_eq!(on_phone, on_laptop);
}

#[test]
fn an_interaction_logged_after_the_contact_was_deleted_elsewhere_keeps_the_contact() {
    let start = demo();
    let (kept, phone) = deleted_on_the_phone(&start);
    let mut laptop = start.clone();
    let mut details = laptop
        .records_of(kept)
        .0
        .next()
        .expect("an interaction")
        .details
        .clone();
    details.summary = "Lunch, logged on the laptop".into();
    details.at = later(2);
    details.day = None;
    let logged = InteractionId::new(later(2), 5);
    laptop
        .log_interaction(logged, kept, details, later(2))
        .expect("log");

    let merged = merge(&phone, &laptop).expect("merge");
    assert!(merged.contact(kept).is_some());
    assert!(
        merged.interaction(logged).is_some(),
        "nothing logged is lost"
    );
}

#[test]
fn an_interaction_and_a_promise_deleted_elsewhere_are_deleted_unless_edited_later() {
    let start = demo();
    let who = busy_contact(&start);
    let interaction = start.records_of(who).0.next().expect("interaction").id;
    let promise = start.records_of(who).1.next().expect("promise").id;
    let mut phone = start.clone();
    phone
        .delete_interaction(interaction, later(1))
        .expect("delete");
    phone.delete_promise(promise, later(1)).expect("delete");

    let merged = merge(&start, &phone).expect("merge");
    assert!(merged.interaction(interaction).is_none());
    assert!(merged.promise(promise).is_none());
    assert!(merged
        .promises()
        .all(|kept| kept.interaction != Some(interaction)));
    assert!(merged
        .tombstone(DeletedId::Interaction(interaction))
        .is_some());
    assert!(merged.tombstone(DeletedId::Promise(promise)).is_some());

    // The laptop marked the promise kept after the phone deleted it: the later edit wins.
    let mut laptop = start.clone();
    laptop
        .set_promise_status(promise, PromiseStatus::Kept, Now::utc(later(2)))
        .expect("keep");
    let merged = merge(&laptop, &phone).expect("merge");
    assert!(merged.interaction(interaction).is_none());
    assert_eq!(
        merged.promise(promise).map(|kept| kept.status),
        Some(PromiseStatus::Kept)
    );
    assert!(merged.tombstone(DeletedId::Promise(promise)).is_none());
}

#[test]
fn tombstones_of_records_never_seen_resurrect_nothing_and_travel_on() {
    let start = demo();
    let (who, phone) = deleted_on_the_phone(&start);
    // A device that never had the contact takes the phone's export, then passes it on.
    let mut elsewhere = Ledger::new();
    let passed = merge(&elsewhere, &phone).expect("merge");
    assert_eq!(
        passed.tombstones().copied().collect::<Vec<_>>(),
        phone.tombstones().copied().collect::<Vec<_>>()
    );
    elsewhere = Ledger::from_records(LedgerRecords {
        tombstones: passed.tombstones().copied().collect(),
        ..LedgerRecords::default()
    })
    .expect("only tombstones");
    let preview = preview(&start, &elsewhere, Now::utc(NOW));
    assert_eq!(preview.contacts.deleted, 1);
    let merged = merge(&start, &elsewhere).expect("merge");
    assert!(
        merged.contact(who).is_none(),
        "the deletion went through a third"
    );
    assert_eq!(merged.counts().contacts, start.counts().contacts - 1);
}

#[test]
fn of_two_deletions_of_one_record_the_later_is_kept() {
    let start = demo();
    let (who, phone) = deleted_on_the_phone(&start);
    let mut laptop = start.clone();
    laptop.delete_contact(who, later(3)).expect("delete");
    for merged in [merge(&phone, &laptop), merge(&laptop, &phone)] {
        let merged = merged.expect("merge");
        assert_eq!(
            merged
                .tombstone(DeletedId::Contact(who))
                .map(|t| t.deleted_at),
            Some(later(3))
        );
    }
}
