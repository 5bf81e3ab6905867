use super::*;
use crate::domain::sample::{generate, SampleSize};
use crate::domain::{
    Channel, ContactKind, ContactProfile, Direction, FieldId, FieldKind, InteractionDetails,
    InteractionKind, Stage, Timestamp,
};

const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);

fn later(minutes: i64) -> Timestamp {
    Timestamp::from_millis(NOW.millis() + minutes * 60_000)
}

/// A saved ledger, as two tabs load it.
fn start() -> Ledger {
    let mut ledger = generate(21, SampleSize::DEMO, NOW);
    ledger.mark_saved();
    ledger
}

/// A person with no organization, so edits never touch a membership.
fn person(ledger: &Ledger, nth: usize) -> ContactId {
    ledger
        .contacts()
        .filter(|contact| !contact.is_organization() && !ledger.has_members(contact.id))
        .nth(nth)
        .expect("a person")
        .id
}

fn log(
    ledger: &mut Ledger,
    contact: ContactId,
    summary: &str,
    seq: u128,
    at: Timestamp,
) -> InteractionId {
    let details = InteractionDetails {
        day: None,
        link: String::new(),
        at,
        channel: Channel::Email,
        kind: InteractionKind::Give,
        direction: Direction::Outbound,
        summary: summary.to_owned(),
        learned: String::new(),
        pitch: None,
    };
    ledger
        .log_interaction(InteractionId::new(at, seq), contact, details, at)
        .expect("log")
}

fn edit(
    ledger: &mut Ledger,
    id: ContactId,
    at: Timestamp,
    change: impl FnOnce(&mut ContactProfile),
) {
    let mut profile = ledger.contact(id).expect("contact").profile.clone();
    change(&mut profile);
    ledger.update_profile(id, profile, at).expect("edit");
}

/// What the other tab saved: its ledger as storage holds it.
fn saved(mut ledger: Ledger) -> Ledger {
    ledger.mark_saved();
    ledger
}

#[test]
fn an_interaction_logged_in_another_tab_on_a_contact_changed_here_is_kept() {
    let base = start();
    let who = person(&base, 0);
    let mut other = base.clone();
    let theirs = log(&mut other, who, "Logged in the other tab", 1, later(1));
    let mut mine = base.clone();
    let ours = log(&mut mine, who, "Logged here", 2, later(2));
    edit(&mut mine, who, later(2), |profile| {
        profile.notes = "Noted here".into()
    });

    let rebased = rebase_pending(&mine, saved(other)).expect("rebase");
    let ledger = &rebased.ledger;
    assert!(
        ledger.interaction(theirs).is_some(),
        "the other tab's interaction stays"
    );
    assert!(
        ledger.interaction(ours).is_some(),
        "this tab's interaction is added"
    );
    assert_eq!(
        ledger.contact(who).expect("contact").profile.notes,
        "Noted here"
    );
    assert_eq!(
        rebased.report,
        RebaseReport::default(),
        "nothing to warn about"
    );
    assert!(rebased
        .report
        .message()
        .contains("both sets of changes are kept"));
}

#[test]
fn an_interaction_deleted_here_stays_deleted_and_others_logged_there_stay() {
    let base = start();
    let who = person(&base, 1);
    let gone = base
        .interactions_of(who)
        .first()
        .map(|i| i.id)
        .expect("one");
    let mut other = base.clone();
    let theirs = log(&mut other, who, "Logged in the other tab", 1, later(1));
    let mut mine = base.clone();
    mine.delete_interaction(gone, later(2)).expect("delete");

    let rebased = rebase_pending(&mine, saved(other)).expect("rebase");
    assert!(rebased.ledger.interaction(gone).is_none());
    assert!(rebased.ledger.interaction(theirs).is_some());
}

#[test]
fn fields_changed_in_each_tab_are_both_kept() {
    let base = start();
    let who = person(&base, 2);
    let mut other = base.clone();
    edit(&mut other, who, later(1), |profile| {
        profile.name = "Renamed there".into();
        profile.tags.push("there".into());
    });
    let mut mine = base.clone();
    edit(&mut mine, who, later(2), |profile| {
        profile.notes = "Noted here".into();
        profile.tags.push("here".into());
    });

    let rebased = rebase_pending(&mine, saved(other)).expect("rebase");
    let contact = rebased.ledger.contact(who).expect("contact");
    assert_eq!(contact.profile.name, "Renamed there");
    assert_eq!(contact.profile.notes, "Noted here");
    assert!(contact.profile.tags.contains(&"there".to_owned()));
    assert!(contact.profile.tags.contains(&"here".to_owned()));
    assert_eq!(contact.updated_at, later(2));
    assert!(rebased.report.edited_in_both.is_empty());
}

#[test]
fn the_same_field_set_in_both_tabs_keeps_this_tabs_value_and_says_so() {
    let base = start();
    let who = person(&base, 3);
    let mut other = base.clone();
    edit(&mut other, who, later(1), |profile| {
        profile.role = "Editor".into()
    });
    let mut mine = base.clone();
    edit(&mut mine, who, later(2), |profile| {
        profile.role = "Producer".into()
    });

    let rebased = rebase_pending(&mine, saved(other)).expect("rebase");
    let contact = rebased.ledger.contact(who).expect("contact");
    assert_eq!(contact.profile.role, "Producer");
    assert_eq!(
        rebased.report.edited_in_both,
        vec![contact.profile.name.clone()]
    );
    assert!(rebased.report.message().contains("this tab's is kept"));
}

#[test]
fn stage_moves_made_in_both_tabs_keep_a_valid_journey() {
    let base = start();
    let who = person(&base, 4);
    let current = base.contact(who).expect("contact").journey.current();
    let (there, here) = if current == Stage::Target {
        (Stage::Connection, Stage::Relationship)
    } else {
        (Stage::Target, Stage::Partnership)
    };
    let mut other = base.clone();
    other
        .move_stage(who, there, String::new(), later(1))
        .expect("move");
    let mut mine = base.clone();
    mine.move_stage(who, here, String::new(), later(2))
        .expect("move");

    let rebased = rebase_pending(&mine, saved(other)).expect("a valid ledger");
    let contact = rebased.ledger.contact(who).expect("contact");
    assert!(contact.journey.is_consistent());
    assert_eq!(contact.journey.current(), here, "the later edit wins");
}

#[test]
fn a_custom_field_defined_in_another_tab_survives_a_settings_change_here() {
    let base = start();
    let who = person(&base, 5);
    let mut other = base.clone();
    let field = other
        .define_field(
            FieldId::new(later(1), 1),
            "Beat",
            FieldKind::Text,
            Vec::new(),
        )
        .expect("define");
    edit(&mut other, who, later(1), |profile| {
        profile.custom_fields.insert(field, "Climate".into());
    });
    let mut mine = base.clone();
    mine.set_tag_cadence("press", Some(14)).expect("cadence");

    let rebased = rebase_pending(&mine, saved(other)).expect("the field's values still fit");
    let ledger = &rebased.ledger;
    assert!(
        ledger.settings().field(field).is_some(),
        "the other tab's field stays"
    );
    assert_eq!(ledger.settings().tag_cadence("press"), Some(14));
    assert_eq!(
        ledger
            .contact(who)
            .expect("contact")
            .profile
            .custom_fields
            .get(&field),
        Some(&"Climate".to_owned())
    );
}

#[test]
fn a_contact_deleted_here_goes_with_what_the_other_tab_logged_and_says_so() {
    let base = start();
    let who = person(&base, 6);
    let mut other = base.clone();
    let theirs = log(&mut other, who, "Logged in the other tab", 1, later(1));
    let mut mine = base.clone();
    mine.delete_contact(who, later(2)).expect("delete");

    let rebased = rebase_pending(&mine, saved(other)).expect("rebase");
    assert!(rebased.ledger.contact(who).is_none());
    assert!(rebased.ledger.interaction(theirs).is_none());
    assert_eq!(rebased.report.deleted_here_changed_there.len(), 1);
}

#[test]
fn a_contact_deleted_there_but_changed_here_is_kept_with_its_records() {
    let base = start();
    let who = person(&base, 7);
    let records = base.interactions_of(who).len();
    let mut other = base.clone();
    other.delete_contact(who, later(1)).expect("delete");
    let mut mine = base.clone();
    let ours = log(&mut mine, who, "Logged here", 2, later(2));

    let rebased = rebase_pending(&mine, saved(other)).expect("rebase");
    assert!(rebased.ledger.contact(who).is_some());
    assert!(rebased.ledger.interaction(ours).is_some());
    assert_eq!(rebased.ledger.interactions_of(who).len(), records + 1);
    assert_eq!(rebased.report.kept_though_deleted_there.len(), 1);
}

#[test]
fn a_contact_added_here_joins_the_other_tabs_ledger_and_only_differences_are_pending() {
    let base = start();
    let mut other = base.clone();
    let theirs = ContactId::new(later(1), 1);
    other
        .add_contact(
            theirs,
            ContactProfile::named("Added there", ContactKind::Person),
            Stage::Target,
            later(1),
        )
        .expect("add");
    let mut mine = base.clone();
    let ours = ContactId::new(later(2), 2);
    mine.add_contact(
        ours,
        ContactProfile::named("Added here", ContactKind::Person),
        Stage::Target,
        later(2),
    )
    .expect("add");

    let rebased = rebase_pending(&mine, saved(other)).expect("rebase");
    assert!(rebased.ledger.contact(theirs).is_some() && rebased.ledger.contact(ours).is_some());
    let pending = rebased.ledger.pending_changes();
    assert!(!pending.everything, "only the difference is written");
    assert_eq!(
        pending.contacts.iter().copied().collect::<Vec<_>>(),
        vec![ours]
    );
}

#[test]
fn a_ledger_replaced_here_whole_says_the_other_tabs_changes_are_not_in_it() {
    let base = start();
    let mut other = base.clone();
    log(&mut other, person(&base, 0), "Logged there", 1, later(1));
    let mut mine = generate(3, SampleSize::DEMO, NOW);
    mine.mark_all_pending();
    let rebased = rebase_pending(&mine, saved(other)).expect("rebase");
    assert!(rebased.report.replaced_whole);
    assert!(rebased.report.message().contains("not in it"));
}

#[test]
fn a_choice_field_changed_in_both_tabs_still_rebases_with_every_value() {
    let mut base = start();
    let field = base
        .define_field(
            FieldId::new(NOW, 77),
            "Tier",
            FieldKind::Choice,
            vec!["A".into(), "B".into()],
        )
        .expect("define");
    let base = saved(base);
    let who = person(&base, 0);
    let mut other = base.clone();
    other
        .update_field(field, "Tier", vec!["A".into(), "B".into(), "C".into()])
        .expect("a choice added there");
    edit(&mut other, who, later(1), |profile| {
        profile.custom_fields.insert(field, "C".into());
    });
    let mut mine = base.clone();
    mine.update_field(field, "Priority", vec!["A".into(), "B".into()])
        .expect("renamed here");

    let rebased = rebase_pending(&mine, saved(other)).expect("the values still fit");
    let merged = rebased.ledger.settings().field(field).expect("field");
    assert_eq!(merged.label, "Priority");
    assert!(merged.choices.contains(&"C".to_owned()));
    assert_eq!(
        rebased
            .ledger
            .contact(who)
            .expect("contact")
            .profile
            .custom_fields
            .get(&field),
        Some(&"C".to_owned())
    );
}

#[test]
fn a_field_deleted_in_another_tab_stays_deleted() {
    let mut base = start();
    let field = base
        .define_field(FieldId::new(NOW, 78), "Beat", FieldKind::Text, Vec::new())
        .expect("define");
    let base = saved(base);
    let mut other = base.clone();
    other.delete_field(field, later(1)).expect("deleted there");
    let mut mine = base.clone();
    edit(&mut mine, person(&base, 1), later(2), |profile| {
        profile.notes = "Here".into()
    });

    let rebased = rebase_pending(&mine, saved(other)).expect("rebase");
    assert!(rebased.ledger.settings().field(field).is_none());
}

#[test]
fn a_member_deleted_there_stays_deleted_when_its_organization_is_deleted_here() {
    let mut base = start();
    let org = ContactId::new(NOW, 9_001);
    base.add_contact(
        org,
        ContactProfile::named("Org", ContactKind::Organization),
        Stage::Target,
        NOW,
    )
    .expect("org");
    let member = ContactId::new(NOW, 9_002);
    let mut profile = ContactProfile::named("Member", ContactKind::Person);
    profile.organization = Some(org);
    base.add_contact(member, profile, Stage::Target, NOW)
        .expect("member");
    let base = saved(base);
    let mut other = base.clone();
    other
        .delete_contact(member, later(1))
        .expect("deleted there");
    let mut mine = base.clone();
    mine.delete_contact(org, later(2))
        .expect("organization deleted here");

    let rebased = rebase_pending(&mine, saved(other)).expect("rebase");
    assert!(
        rebased.ledger.contact(member).is_none(),
        "{:?}",
        rebased.report
    );
    assert!(rebased.report.kept_though_deleted_there.is_empty());
}

#[test]
fn an_interaction_edited_in_both_tabs_keeps_each_tabs_own_change() {
    let base = start();
    let who = person(&base, 2);
    let logged = base
        .interactions_of(who)
        .first()
        .map(|i| i.id)
        .expect("one");
    let original = base
        .interaction(logged)
        .expect("interaction")
        .details
        .clone();
    let mut other = base.clone();
    let mut there = original.clone();
    there.learned = "Learned there".into();
    other
        .edit_interaction(logged, there, later(1))
        .expect("edited there");
    let mut mine = base.clone();
    let mut here = original.clone();
    here.summary = "Corrected here".into();
    mine.edit_interaction(logged, here, later(2))
        .expect("edited here");

    let rebased = rebase_pending(&mine, saved(other)).expect("rebase");
    let details = &rebased
        .ledger
        .interaction(logged)
        .expect("interaction")
        .details;
    assert_eq!(details.summary, "Corrected here");
    assert_eq!(details.learned, "Learned there");
    assert!(rebased.report.edited_in_both.is_empty());

    // The same detail set in both: this tab's, named.
    let mut other = base.clone();
    let mut there = original.clone();
    there.summary = "Summary there".into();
    other
        .edit_interaction(logged, there, later(1))
        .expect("edited there");
    let rebased = rebase_pending(&mine, saved(other)).expect("rebase");
    let details = &rebased
        .ledger
        .interaction(logged)
        .expect("interaction")
        .details;
    assert_eq!(details.summary, "Corrected here");
    assert_eq!(rebased.report.edited_in_both.len(), 1);
}

#[test]
fn a_list_reordered_here_keeps_this_order_with_the_other_tabs_additions() {
    use serde_json::json;
    let merge = |base, mine, theirs| {
        let mut conflicts = 0;
        let merged = three_way(Some(&base), Some(&mine), Some(&theirs), &mut conflicts);
        (merged, conflicts)
    };
    // The second address made the preferred one here; another tab added a third.
    let (merged, conflicts) = merge(
        json!(["a@desk", "b@home"]),
        json!(["b@home", "a@desk"]),
        json!(["a@desk", "b@home", "c@new"]),
    );
    assert_eq!(merged, Some(json!(["b@home", "a@desk", "c@new"])));
    assert_eq!(conflicts, 0);
    // Reordered there, added here: the other tab's order, with this tab's addition.
    let (merged, _) = merge(
        json!(["a@desk", "b@home"]),
        json!(["a@desk", "b@home", "c@new"]),
        json!(["b@home", "a@desk"]),
    );
    assert_eq!(merged, Some(json!(["b@home", "a@desk", "c@new"])));
    // Reordered on both sides, differently: this tab's order, and said so.
    let (merged, conflicts) = merge(
        json!(["a", "b", "c"]),
        json!(["c", "a", "b"]),
        json!(["b", "a", "c"]),
    );
    assert_eq!(merged, Some(json!(["c", "a", "b"])));
    assert_eq!(conflicts, 1);
}

#[test]
fn deletions_in_either_tab_keep_their_tombstones_through_a_rebase() {
    let base = start();
    let (here, there) = (person(&base, 0), person(&base, 1));
    let mut other = base.clone();
    other.delete_contact(there, later(1)).expect("delete there");
    let mut mine = base.clone();
    mine.delete_contact(here, later(2)).expect("delete here");
    let rebased = rebase_pending(&mine, saved(other)).expect("rebase").ledger;
    assert!(rebased.tombstone(DeletedId::Contact(here)).is_some());
    assert!(rebased.tombstone(DeletedId::Contact(there)).is_some());
    assert!(rebased.pending_changes().contacts.contains(&here));
}
