//! The contact form's draft: made from a profile, compared, and turned back into one.

use super::*;
use crate::domain::Timestamp;

fn id(random: u128) -> ContactId {
    ContactId::new(Timestamp::from_millis(1_795_000_000_000), random)
}

fn field(random: u128) -> FieldId {
    FieldId::new(Timestamp::from_millis(1_795_000_000_000), random)
}

fn ada() -> ContactProfile {
    let mut profile = ContactProfile::named("Ada Lovelace", ContactKind::Person);
    profile.role = "Features editor".to_owned();
    profile.stakeholder = StakeholderType::Journalist;
    profile.interests = vec!["engines".to_owned(), "poetry".to_owned()];
    profile.channels = Channels {
        emails: vec!["ada@example.org".to_owned()],
        phones: vec!["+44 20 7946 0000".to_owned()],
        website: "https://ada.example.org".to_owned(),
        social: vec!["@ada".to_owned()],
    };
    profile.tags = vec!["London".to_owned()];
    profile.notes = "Wrote the first program.".to_owned();
    profile.cadence_days = Some(21);
    profile.custom_fields = BTreeMap::from([(field(1), "Analytical".to_owned())]);
    profile
}

#[test]
fn a_profile_drafted_and_saved_unchanged_is_the_same_profile() {
    let profile = ada();
    let draft = ContactDraft::from_contact(&profile, "Harbor Weekly".to_owned(), true, None);
    assert_eq!(draft.interests, "engines, poetry");
    assert_eq!(draft.cadence, "21");
    assert_eq!(draft.organization, "Harbor Weekly");
    assert_eq!(draft.to_profile(&profile.channels.emails), Ok(profile));
}

#[test]
fn a_new_contact_is_asked_its_stakeholder_type_and_an_edited_one_keeps_its_own() {
    let profile = ada();
    let new = ContactDraft::from_contact(&profile, String::new(), false, Some(Stage::Connection));
    assert_eq!(new.stakeholder, None);
    assert_eq!(new.stage, Stage::Connection);
    let edited = ContactDraft::from_contact(&profile, String::new(), true, None);
    assert_eq!(edited.stakeholder, Some(StakeholderType::Journalist));
    assert_eq!(edited.stage, Stage::Target, "no stage asked: the first one");
}

#[test]
fn what_stops_a_save_is_told_in_the_forms_order() {
    let mut draft = ContactDraft::from_contact(
        &ContactProfile::named("", ContactKind::Person),
        String::new(),
        false,
        None,
    );
    draft.cadence = "soon".to_owned();
    draft.emails = "not an email".to_owned();
    let refusal =
        |draft: &ContactDraft| draft.to_profile(&[]).map(|_| ()).map_err(|e| e.to_string());
    assert_eq!(
        refusal(&draft),
        Err("The keep-in-touch cadence is a number of days between 1 and 3650.".to_owned())
    );
    draft.cadence = " 30 ".to_owned();
    assert_eq!(
        refusal(&draft),
        Err(
            "\u{201c}not an email\u{201d} does not look like an email address (name@example.org)."
                .to_owned()
        )
    );
    draft.emails = String::new();
    assert_eq!(refusal(&draft), Err("A contact needs a name.".to_owned()));
    draft.name = "   ".to_owned();
    assert_eq!(
        draft.to_profile(&[]),
        Err(DraftError::NoName),
        "blank is no name"
    );
    draft.name = "Grace".to_owned();
    assert_eq!(
        refusal(&draft),
        Err("Choose the stakeholder type: journalist, customer, partner and so on (Other when none fits).".to_owned())
    );
    draft.stakeholder = Some(StakeholderType::Other);
    let profile = draft.to_profile(&[]).expect("everything needed is there");
    assert_eq!(profile.cadence_days, Some(30));
    assert_eq!(profile.stakeholder, StakeholderType::Other);
}

#[test]
fn an_address_the_contact_already_had_passes_as_it_is() {
    let mut profile = ada();
    profile.channels.emails = vec!["desk at wired".to_owned()];
    let draft = ContactDraft::from_contact(&profile, String::new(), true, None);
    assert_eq!(draft.to_profile(&profile.channels.emails), Ok(profile));
    assert!(matches!(draft.to_profile(&[]), Err(DraftError::Email(_))));
}

#[test]
fn a_custom_field_typed_into_and_cleared_again_is_no_change() {
    let start = ContactDraft::from_contact(&ada(), String::new(), true, None);
    let mut typed = start.clone();
    typed.custom_fields.insert(field(2), "  ".to_owned());
    assert!(typed.same_as(&start));
    typed.custom_fields.insert(field(2), "Engines".to_owned());
    assert!(!typed.same_as(&start));
    let mut renamed = start.clone();
    renamed.name.push('!');
    assert!(!renamed.same_as(&start));
}

#[test]
fn only_a_person_works_at_an_outlet() {
    let mut draft = ContactDraft::from_contact(&ada(), "Harbor Weekly".to_owned(), true, None);
    let outlet = draft.outlet(Some(id(1)), id(2));
    assert_eq!(
        (outlet.name.as_str(), outlet.kept, outlet.new_id),
        ("Harbor Weekly", Some(id(1)), id(2))
    );
    draft.kind = ContactKind::Organization;
    assert_eq!(draft.outlet(Some(id(1)), id(2)).name, "");
}
