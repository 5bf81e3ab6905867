use super::*;
use crate::domain::sample::{generate, SampleSize};
use crate::domain::{FieldId, Timestamp};

const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);

fn records() -> LedgerRecords {
    generate(7, SampleSize::DEMO, NOW).to_records()
}

fn reasons(aside: &[SetAside]) -> Vec<String> {
    aside.iter().map(|set| set.reason.to_string()).collect()
}

#[test]
fn records_that_fit_load_as_from_records_loads_them() {
    let records = records();
    let strict = Ledger::from_records(records.clone()).expect("fits");
    let (lenient, aside) = Ledger::from_records_setting_aside(records).expect("fits");
    assert!(aside.is_empty());
    assert_eq!(lenient, strict);
}

#[test]
fn a_contact_that_breaks_an_invariant_is_set_aside_with_its_records() {
    let mut records = records();
    let victim = records
        .contacts
        .iter()
        .position(|contact| !contact.is_organization())
        .expect("a person");
    let id = records.contacts[victim].id;
    // A value of a custom field the settings do not define.
    records.contacts[victim]
        .profile
        .custom_fields
        .insert(FieldId::new(NOW, 999), "orphan value".to_owned());
    let stored = records.contacts[victim].clone();
    let theirs = records
        .interactions
        .iter()
        .filter(|i| i.contact == id)
        .count()
        + records.promises.iter().filter(|p| p.contact == id).count();
    assert!(Ledger::from_records(records.clone()).is_err());

    let (ledger, aside) = Ledger::from_records_setting_aside(records.clone()).expect("loads");
    assert!(ledger.contact(id).is_none());
    assert_eq!(aside.len(), 1 + theirs, "{:?}", reasons(&aside));
    assert_eq!(
        aside[0].record,
        SetAsideRecord::Contact(Box::new(stored)),
        "set aside exactly as stored"
    );
    assert!(matches!(aside[0].reason, LedgerError::FieldNotFound(_)));
    assert!(aside.iter().all(|set| set.owner() == id));
    assert_eq!(
        ledger.counts().contacts,
        records.contacts.len() - 1,
        "every other contact loads"
    );
    assert_eq!(
        ledger.counts().interactions + ledger.counts().promises + theirs,
        records.interactions.len() + records.promises.len()
    );
}

#[test]
fn a_repeated_id_an_empty_promise_and_an_orphan_interaction_are_each_set_aside() {
    let mut records = records();
    let repeated = records.interactions[0].clone();
    records.interactions.push(repeated);
    let mut empty = records.promises[0].clone();
    empty.id = crate::domain::PromiseId::new(NOW, 77);
    empty.what = "   ".to_owned();
    records.promises.push(empty);
    let mut orphan = records.interactions[1].clone();
    orphan.id = crate::domain::InteractionId::new(NOW, 78);
    orphan.contact = ContactId::new(NOW, 79);
    records.interactions.push(orphan);
    assert!(Ledger::from_records(records.clone()).is_err());

    let (ledger, aside) = Ledger::from_records_setting_aside(records.clone()).expect("loads");
    let reasons = reasons(&aside);
    assert_eq!(aside.len(), 3, "{reasons:?}");
    assert!(matches!(aside[0].reason, LedgerError::DuplicateId(_)));
    assert!(matches!(aside[1].reason, LedgerError::MissingContact(_)));
    assert!(matches!(aside[2].reason, LedgerError::EmptyPromise));
    assert_eq!(
        ledger.counts(),
        crate::domain::Counts {
            contacts: records.contacts.len(),
            interactions: records.interactions.len() - 2,
            promises: records.promises.len() - 1
        }
    );
}

#[test]
fn settings_that_fail_their_checks_still_fail_the_build() {
    let mut records = records();
    let field = records.settings.fields.first().cloned().expect("a field");
    records.settings.fields.push(field);
    assert!(Ledger::from_records_setting_aside(records).is_err());
}
