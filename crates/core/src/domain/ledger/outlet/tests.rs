//! The outlet typed on the contact form: linked when the ledger has it, created with the
//! contact in one all-or-nothing change when it is new.

use super::*;
use crate::domain::contact::StakeholderType;

fn at(day: i64) -> Timestamp {
    Timestamp::from_millis(1_700_000_000_000).plus_days(day)
}

fn id(serial: u128) -> ContactId {
    ContactId::new(at(0), serial)
}

fn journalist(name: &str) -> ContactProfile {
    let mut profile = ContactProfile::named(name, ContactKind::Person);
    profile.stakeholder = StakeholderType::Journalist;
    profile
}

fn typed(name: &str, kept: Option<ContactId>) -> TypedOutlet {
    TypedOutlet {
        name: name.to_owned(),
        kept,
        new_id: id(99),
    }
}

/// Adds `profile` as a new contact `person` at the outlet typed as `outlet`.
fn add_at(
    ledger: &mut Ledger,
    person: ContactId,
    profile: ContactProfile,
    outlet: &TypedOutlet,
) -> Result<ContactId, LedgerError> {
    let stakeholder = profile.stakeholder;
    ledger.save_at_outlet(outlet, stakeholder, at(1), |ledger, organization| {
        let profile = ContactProfile {
            organization,
            ..profile
        };
        ledger.add_contact(person, profile, Stage::Relationship, at(1))
    })
}

fn with_outlet(name: &str) -> (Ledger, ContactId) {
    let mut ledger = Ledger::new();
    let outlet = ledger
        .add_contact(
            id(1),
            ContactProfile::named(name, ContactKind::Organization),
            Stage::Connection,
            at(0),
        )
        .expect("outlet");
    ledger.mark_saved();
    (ledger, outlet)
}

#[test]
fn a_new_outlet_name_creates_the_organization_linked_in_the_same_change() {
    let mut ledger = Ledger::new();
    assert_eq!(
        ledger.outlet_match(&typed("Harbor Weekly", None)),
        OutletMatch::New
    );
    let ines = add_at(
        &mut ledger,
        id(2),
        journalist("Ines Silva"),
        &typed(" Harbor Weekly ", None),
    )
    .expect("added");
    let outlet = ledger.contact(id(99)).expect("the outlet was created");
    assert!(outlet.is_organization());
    assert_eq!(outlet.profile.name, "Harbor Weekly");
    assert_eq!(outlet.profile.stakeholder, StakeholderType::Journalist);
    assert_eq!(outlet.stage(), Stage::Target);
    let person = ledger.contact(ines).expect("person");
    assert_eq!(person.profile.organization, Some(id(99)));
    assert_eq!(ledger.members_of(id(99)).len(), 1);
    // Both go to storage with the same save.
    assert!(ledger.pending_changes().contacts.contains(&id(99)));
    assert!(ledger.pending_changes().contacts.contains(&ines));
}

#[test]
fn an_outlet_in_the_ledger_is_linked_whatever_the_case_and_spaces() {
    let (mut ledger, outlet) = with_outlet("Harbor Weekly");
    assert_eq!(
        ledger.outlet_match(&typed("  harbor WEEKLY", None)),
        OutletMatch::Existing(outlet)
    );
    let ines = add_at(
        &mut ledger,
        id(2),
        journalist("Ines"),
        &typed("  harbor WEEKLY", None),
    )
    .expect("added");
    assert_eq!(ledger.contacts().count(), 2, "no second outlet");
    assert_eq!(
        ledger.contact(ines).expect("person").profile.organization,
        Some(outlet)
    );
}

#[test]
fn a_blank_outlet_links_none() {
    let mut ledger = Ledger::new();
    assert_eq!(ledger.outlet_match(&typed("   ", None)), OutletMatch::None);
    let ines = add_at(&mut ledger, id(2), journalist("Ines"), &typed("   ", None)).expect("added");
    assert_eq!(ledger.contacts().count(), 1);
    assert_eq!(
        ledger.contact(ines).expect("person").profile.organization,
        None
    );
}

#[test]
fn a_refused_contact_leaves_no_new_outlet_behind() {
    let (mut ledger, _) = with_outlet("Harbor Weekly");
    let before = ledger.clone();
    let refused = add_at(
        &mut ledger,
        id(2),
        journalist("  "),
        &typed("The Courier", None),
    );
    assert_eq!(refused, Err(LedgerError::EmptyName));
    assert_eq!(ledger, before, "the outlet is not added alone");
    assert!(ledger.pending_changes().is_empty(), "nothing left to save");
    assert_eq!(
        ledger.outlet_match(&typed("The Courier", None)),
        OutletMatch::New
    );
}

#[test]
fn a_refused_outlet_name_adds_nobody() {
    let mut ledger = Ledger::new();
    let long = "x".repeat(limits::NAME + 1);
    let refused = add_at(&mut ledger, id(2), journalist("Ines"), &typed(&long, None));
    assert!(matches!(refused, Err(LedgerError::TextTooLong { .. })));
    assert!(ledger.is_empty());
    assert!(ledger.pending_changes().is_empty());
}

#[test]
fn an_edit_keeps_the_outlet_it_opened_with_while_its_name_is_unchanged() {
    // Two outlets share a name: the person's own stays hers while the name is untouched.
    let (mut ledger, first) = with_outlet("Daily");
    let second = ledger
        .add_contact(
            id(3),
            ContactProfile::named("Daily", ContactKind::Organization),
            Stage::Target,
            at(0),
        )
        .expect("second outlet");
    let mut profile = journalist("Ines");
    profile.organization = Some(second);
    let ines = ledger
        .add_contact(id(2), profile.clone(), Stage::Connection, at(0))
        .expect("person");
    assert_eq!(
        ledger.outlet_match(&typed("daily", Some(second))),
        OutletMatch::Existing(second)
    );
    assert_eq!(
        ledger.outlet_match(&typed("Daily", None)),
        OutletMatch::Existing(first)
    );
    // Typed anew, the name goes to a new outlet, created with the edit.
    ledger
        .save_at_outlet(
            &typed("Daily Star", Some(second)),
            profile.stakeholder,
            at(2),
            |ledger, organization| {
                let edited = ContactProfile {
                    organization,
                    ..profile.clone()
                };
                ledger.update_profile(ines, edited, at(2))
            },
        )
        .expect("edited");
    assert_eq!(
        ledger.contact(ines).expect("person").profile.organization,
        Some(id(99))
    );
    assert_eq!(
        ledger.contact(id(99)).expect("new outlet").profile.name,
        "Daily Star"
    );
}
