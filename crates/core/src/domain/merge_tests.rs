use std::collections::BTreeSet;

use proptest::prelude::*;

use super::*;
use crate::domain::sample::{generate, SampleSize};
use crate::domain::{ContactKind, ContactProfile, Now, PromiseStatus, Stage};
use crate::storage::test_support;

const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);

fn later(days: i64) -> Timestamp {
    NOW.plus_days(days)
}

fn demo() -> Ledger {
    generate(21, SampleSize::DEMO, NOW)
}

fn ids(ledger: &Ledger) -> BTreeSet<ContactId> {
    ledger.contacts().map(|contact| contact.id).collect()
}

fn renamed(ledger: &mut Ledger, id: ContactId, name: &str, at: Timestamp) {
    let mut profile = ledger.contact(id).expect("contact").profile.clone();
    profile.name = name.into();
    ledger.update_profile(id, profile, at).expect("rename");
}

#[test]
fn laptop_and_phone_exchange_edits_without_losing_or_doubling_any() {
    let laptop_start = demo();
    let mut phone = laptop_start.clone();
    let mut laptop = laptop_start.clone();
    let first: Vec<ContactId> = laptop
        .contacts()
        .take(3)
        .map(|contact| contact.id)
        .collect();
    let open_promise = laptop
        .promises()
        .find(|promise| promise.status == PromiseStatus::Open)
        .expect("an open promise")
        .id;

    renamed(&mut phone, first[0], "Edited on the phone", later(1));
    phone
        .set_promise_status(open_promise, PromiseStatus::Kept, Now::utc(later(1)))
        .expect("keep");
    let added = ContactId::new(later(1), 77);
    phone
        .add_contact(
            added,
            ContactProfile::named("Met on the phone", ContactKind::Person),
            Stage::Connection,
            later(1),
        )
        .expect("add");
    renamed(&mut laptop, first[1], "Edited on the laptop", later(2));

    let preview = preview(&laptop, &phone, Now::utc(NOW));
    assert_eq!(preview.contacts.new, 1);
    assert_eq!(preview.contacts.changed, 1);
    assert_eq!(
        preview.replaced_contacts,
        vec!["Edited on the phone".to_owned()],
        "the contact whose copy here the phone's replaces, named"
    );
    assert_eq!(preview.contacts.conflicting, 1, "the laptop's newer edit");
    assert_eq!(preview.promises.changed, 1);
    assert_eq!(
        preview.conflicts,
        vec![Conflict {
            kind: RecordKind::Contact,
            name: laptop_start
                .contact(first[1])
                .expect("contact")
                .profile
                .name
                .clone(),
        }]
    );

    let merged = merge(&laptop, &phone).expect("merge");
    let name = |id| merged.contact(id).expect("contact").profile.name.clone();
    assert_eq!(name(first[0]), "Edited on the phone");
    assert_eq!(name(first[1]), "Edited on the laptop");
    assert_eq!(name(added), "Met on the phone");
    assert_eq!(
        merged
            .promises()
            .find(|promise| promise.id == open_promise)
            .map(|promise| promise.status),
        Some(PromiseStatus::Kept)
    );
    assert_eq!(merged.counts().contacts, laptop.counts().contacts + 1);

    // And back: the phone takes the laptop's edit, and both now hold the same ledger.
    let phone_after = merge(&phone, &merged).expect("merge back");
    assert_eq!(phone_after, merged);
}

#[test]
fn an_import_goes_on_top_of_what_another_tab_saved_while_it_ran() {
    let mut base = demo();
    base.mark_saved();
    let add = |ledger: &mut Ledger, n: u128, name: &str| {
        ledger
            .add_contact(
                ContactId::new(later(1), n),
                ContactProfile::named(name, ContactKind::Person),
                Stage::Target,
                later(1),
            )
            .expect("added")
    };
    let mut imported = base.clone();
    let noor = add(&mut imported, 9_001, "Noor Haddad");
    // Nothing happened meanwhile: the import is written as it is, and only its contact.
    let alone = changes_on_top(imported.clone(), &base, &base).expect("on top");
    assert_eq!(alone, imported);
    let pending = alone.pending_changes();
    assert!(!pending.everything);
    assert_eq!(pending.contacts, BTreeSet::from([noor]));

    // Meanwhile another tab added a contact and renamed one; this tab followed its save.
    let mut current = base.clone();
    let liam = add(&mut current, 9_002, "Liam Byrne");
    let renamed_one = base.contacts().next().expect("a contact").id;
    renamed(&mut current, renamed_one, "Renamed elsewhere", later(2));
    current.mark_saved();
    let both = changes_on_top(imported, &base, &current).expect("on top");
    assert!(ids(&both).contains(&noor) && ids(&both).contains(&liam));
    assert_eq!(
        both.contact(renamed_one).map(|c| c.profile.name.as_str()),
        Some("Renamed elsewhere")
    );
    assert_eq!(ids(&both).len(), ids(&base).len() + 2);
    let pending = both.pending_changes();
    assert!(!pending.everything);
    assert_eq!(pending.contacts, BTreeSet::from([noor]));
    assert!(pending.erased.is_empty());
}

#[test]
fn a_tie_keeps_the_current_copy_and_is_listed() {
    // Both copies edited at the very same instant.
    let mut current = demo();
    let id = current.contacts().next().expect("contact").id;
    let at = current.contact(id).expect("contact").updated_at;
    let mut incoming = current.clone();
    let mut profile = incoming.contact(id).expect("contact").profile.clone();
    profile.notes = "different, same instant".into();
    incoming
        .update_profile(id, profile.clone(), at)
        .expect("edit");
    profile.notes = "told here, same instant".into();
    current.update_profile(id, profile, at).expect("edit");

    let preview = preview(&current, &incoming, Now::utc(NOW));
    assert_eq!(preview.contacts.conflicting, 1);
    assert_eq!(preview.conflicts.len(), 1);
    assert_eq!(merge(&current, &incoming).expect("merge"), current);
}

#[test]
fn a_broken_result_is_refused_whole() {
    // The file turned an organization into a person while the laptop still has members of it.
    let current = demo();
    let organization = current
        .contacts()
        .find(|contact| contact.is_organization() && !current.members_of(contact.id).is_empty())
        .expect("an organization with members")
        .clone();
    let mut records = current.to_records();
    for contact in &mut records.contacts {
        if contact.id == organization.id {
            contact.profile.kind = ContactKind::Person;
            contact.updated_at = later(5);
        } else {
            contact.profile.organization = None;
        }
    }
    let incoming = Ledger::from_records(records).expect("valid on its own");
    assert!(merge(&current, &incoming).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn merging_a_ledger_with_itself_changes_nothing(ledger in test_support::ledger(6)) {
        prop_assert_eq!(merge(&ledger, &ledger).expect("merge"), ledger.clone());
        let preview = preview(&ledger, &ledger, Now::utc(NOW));
        prop_assert_eq!(preview.contacts.unchanged, ledger.counts().contacts);
        prop_assert!(preview.conflicts.is_empty());
    }

    #[test]
    fn merging_into_an_empty_ledger_gives_the_file(ledger in test_support::ledger(6)) {
        prop_assert_eq!(merge(&Ledger::new(), &ledger).expect("merge"), ledger.clone());
        prop_assert_eq!(merge(&ledger, &Ledger::new()).expect("merge"), ledger.clone());
        let preview = preview(&Ledger::new(), &ledger, Now::utc(NOW));
        let crate::domain::Counts {
            contacts,
            interactions,
            promises,
        } = ledger.counts();
        prop_assert_eq!(
            (preview.contacts.new, preview.interactions.new, preview.promises.new),
            (contacts, interactions, promises)
        );
    }

    #[test]
    fn merging_twice_is_merging_once_and_nothing_is_doubled(
        current in test_support::ledger(5),
        incoming in test_support::ledger(5),
    ) {
        let once = merge(&current, &incoming).expect("merge");
        prop_assert_eq!(merge(&once, &incoming).expect("merge again"), once.clone());
        let union: BTreeSet<ContactId> = ids(&current).union(&ids(&incoming)).copied().collect();
        prop_assert_eq!(ids(&once), union);
        let crate::domain::Counts {
            interactions,
            promises,
            ..
        } = once.counts();
        prop_assert_eq!(
            interactions,
            current.counts().interactions + incoming.counts().interactions
        );
        prop_assert_eq!(promises, current.counts().promises + incoming.counts().promises);
    }
}

#[test]
fn the_files_custom_fields_come_along_with_their_values() {
    use crate::domain::{FieldId, FieldKind};
    let mut current = Ledger::new();
    current
        .define_field(FieldId::new(NOW, 1), "Beat", FieldKind::Text, vec![])
        .expect("current field");
    current.set_tag_cadence("press", Some(10)).expect("cadence");

    let mut incoming = Ledger::new();
    let beat = incoming
        .define_field(FieldId::new(NOW, 2), "beat", FieldKind::Text, vec![])
        .expect("same name, other field");
    let tier = incoming
        .define_field(
            FieldId::new(NOW, 3),
            "Tier",
            FieldKind::Choice,
            vec!["A".into()],
        )
        .expect("choice field");
    incoming
        .set_tag_cadence("PRESS", Some(99))
        .expect("cadence");
    incoming
        .set_tag_cadence("Berlin", Some(40))
        .expect("cadence");
    let mut profile = ContactProfile::named("Ada", ContactKind::Person);
    profile.custom_fields = [(beat, "Energy".to_owned()), (tier, "A".to_owned())].into();
    incoming
        .add_contact(ContactId::new(NOW, 9), profile, Stage::Target, NOW)
        .expect("contact");

    let merged = merge(&current, &incoming).expect("merge");
    let labels: Vec<&str> = merged
        .settings()
        .fields
        .iter()
        .map(|field| field.label.as_str())
        .collect();
    assert_eq!(labels, ["Beat", "beat (imported)", "Tier"]);
    assert_eq!(
        merged.settings().tag_cadence("press"),
        Some(10),
        "ours wins"
    );
    assert_eq!(merged.settings().tag_cadence("berlin"), Some(40));
    let ada = merged.contact(ContactId::new(NOW, 9)).expect("ada");
    assert_eq!(ada.profile.custom_fields.len(), 2);
    assert_eq!(
        merge(&merged, &incoming).expect("again"),
        merged,
        "idempotent"
    );
}

#[test]
fn an_interaction_in_conflict_is_named_by_its_local_day() {
    let current = demo();
    let original = current
        .interactions()
        .find(|interaction| {
            interaction.details.at.date_utc()
                != interaction.details.at.plus_minutes(13 * 60).date_utc()
        })
        .expect("an interaction in the UTC afternoon")
        .clone();
    let mut incoming = current.clone();
    let mut details = original.details.clone();
    // Logged before version 7, without its day: the day is read from the instant.
    details.day = None;
    details.summary = "told differently, at the same instant".into();
    incoming
        .edit_interaction(original.id, details.clone(), original.updated_at)
        .expect("edit");
    let mut current = current;
    details.summary = "told here, at the same instant".into();
    current
        .edit_interaction(original.id, details, original.updated_at)
        .expect("edit");
    let named = |now: Now| preview(&current, &incoming, now).conflicts[0].name.clone();
    let utc_day = original.details.at.date_utc();
    let auckland_day = utc_day.succ_opt().expect("a next day");
    assert!(named(Now::utc(NOW)).ends_with(&utc_day.format("%Y-%m-%d").to_string()));
    assert!(named(Now::with_offset(NOW, 13 * 60))
        .ends_with(&auckland_day.format("%Y-%m-%d").to_string()));
}

#[test]
fn an_edit_here_stays_newest_after_a_file_from_a_clock_running_ahead() {
    // A file from a device whose clock ran a year ahead.
    let mut ahead = demo();
    let id = ahead.contacts().next().expect("contact").id;
    let mut profile = ahead.contact(id).expect("contact").profile.clone();
    profile.role = "Edited on the fast device".into();
    ahead
        .update_profile(id, profile, NOW.plus_days(365))
        .expect("edit ahead");
    let mut here = merge(&demo(), &ahead).expect("merge");
    // Edited here afterwards, by this device's right clock.
    let mut profile = here.contact(id).expect("contact").profile.clone();
    profile.role = "Edited here later".into();
    here.update_profile(id, profile, NOW.plus_days(1))
        .expect("edit here");
    assert!(
        here.contact(id).expect("contact").updated_at
            > ahead.contact(id).expect("contact").updated_at
    );
    let merged = merge(&here, &ahead).expect("merge the old file again");
    assert_eq!(
        merged.contact(id).expect("contact").profile.role,
        "Edited here later"
    );
}
