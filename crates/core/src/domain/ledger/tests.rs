use super::*;
use crate::domain::contact::{PlanPart, QualityCheck};
use crate::domain::interaction::{Channel, Direction, InteractionKind};
use crate::domain::stage::StageMove;

fn at(day: i64) -> Timestamp {
    Timestamp::from_millis(1_700_000_000_000).plus_days(day)
}

fn person(name: &str) -> ContactProfile {
    ContactProfile::named(name, ContactKind::Person)
}

fn details(kind: InteractionKind, day: i64) -> InteractionDetails {
    InteractionDetails {
        day: None,
        link: String::new(),
        at: at(day),
        channel: Channel::Email,
        kind,
        direction: Direction::Outbound,
        summary: format!("{kind:?} on day {day}"),
        learned: String::new(),
        pitch: None,
    }
}

fn due(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).expect("date")
}

/// A ledger with an outlet, a journalist at it, two interactions and a promise.
struct Fixture {
    ledger: Ledger,
    outlet: ContactId,
    ada: ContactId,
    first: InteractionId,
    promise: PromiseId,
}

fn fixture() -> Fixture {
    let mut ledger = Ledger::new();
    let outlet = ledger
        .add_contact(
            ContactId::new(at(0), 1),
            ContactProfile::named("TechWire", ContactKind::Organization),
            Stage::Connection,
            at(0),
        )
        .expect("outlet");
    let mut profile = person("Ada Okafor");
    profile.organization = Some(outlet);
    let ada = ledger
        .add_contact(ContactId::new(at(0), 2), profile, Stage::Target, at(0))
        .expect("ada");
    let first = ledger
        .log_interaction(
            InteractionId::new(at(1), 3),
            ada,
            details(InteractionKind::Introduction, 1),
            at(1),
        )
        .expect("first");
    ledger
        .log_interaction(
            InteractionId::new(at(2), 4),
            ada,
            details(InteractionKind::Give, 2),
            at(2),
        )
        .expect("second");
    let promise = ledger
        .add_promise(
            PromiseId::new(at(2), 5),
            ada,
            PromiseDraft {
                what: "Send the dataset".into(),
                owed_by: Party::Me,
                due: due(30),
                interaction: Some(first),
            },
            at(2),
        )
        .expect("promise");
    Fixture {
        ledger,
        outlet,
        ada,
        first,
        promise,
    }
}

#[test]
fn adding_normalizes_and_refuses_blank_names() {
    let mut ledger = Ledger::new();
    let id = ledger
        .add_contact(
            ContactId::new(at(0), 1),
            person("  Ben  "),
            Stage::Target,
            at(0),
        )
        .expect("added");
    assert_eq!(
        ledger.contact(id).map(|c| c.profile.name.as_str()),
        Some("Ben")
    );
    assert_eq!(
        ledger.add_contact(
            ContactId::new(at(0), 2),
            person("   "),
            Stage::Target,
            at(0)
        ),
        Err(LedgerError::EmptyName)
    );
    assert_eq!(
        ledger.add_contact(id, person("Again"), Stage::Target, at(0)),
        Err(LedgerError::DuplicateId(id.to_string()))
    );
}

#[test]
fn overlong_text_and_lists_are_refused() {
    let mut ledger = Ledger::new();
    let long = person(&"x".repeat(limits::NAME + 1));
    assert!(matches!(
        ledger.add_contact(ContactId::new(at(0), 1), long, Stage::Target, at(0)),
        Err(LedgerError::TextTooLong { field: "name", .. })
    ));
    let mut many = person("Many tags");
    many.tags = (0..=limits::LIST_ENTRIES).map(|n| n.to_string()).collect();
    assert!(matches!(
        ledger.add_contact(ContactId::new(at(0), 2), many, Stage::Target, at(0)),
        Err(LedgerError::TooManyEntries { field: "tags", .. })
    ));
}

#[test]
fn membership_must_point_at_an_existing_organization() {
    let Fixture {
        mut ledger,
        ada,
        outlet,
        ..
    } = fixture();
    let mut profile = person("Ben");
    profile.organization = Some(ada);
    assert_eq!(
        ledger.add_contact(
            ContactId::new(at(3), 9),
            profile.clone(),
            Stage::Target,
            at(3)
        ),
        Err(LedgerError::InvalidMembership(ContactId::new(at(3), 9)))
    );
    let missing = ContactId::new(at(3), 99);
    profile.organization = Some(missing);
    assert_eq!(
        ledger.add_contact(ContactId::new(at(3), 9), profile, Stage::Target, at(3)),
        Err(LedgerError::OrganizationNotFound(missing))
    );
    let mut org = ContactProfile::named("TechWire", ContactKind::Person);
    org.organization = None;
    assert_eq!(
        ledger.update_profile(outlet, org, at(3)),
        Err(LedgerError::InvalidMembership(outlet)),
        "an organization with members cannot become a person"
    );
}

#[test]
fn interactions_and_promises_need_their_contact() {
    let Fixture {
        mut ledger, ada, ..
    } = fixture();
    let ghost = ContactId::new(at(0), 77);
    assert_eq!(
        ledger.log_interaction(
            InteractionId::new(at(3), 6),
            ghost,
            details(InteractionKind::Ask, 3),
            at(3)
        ),
        Err(LedgerError::ContactNotFound(ghost))
    );
    let draft = PromiseDraft {
        what: "  ".into(),
        owed_by: Party::Them,
        due: due(1),
        interaction: None,
    };
    assert_eq!(
        ledger.add_promise(PromiseId::new(at(3), 7), ada, draft, at(3)),
        Err(LedgerError::EmptyPromise)
    );
}

#[test]
fn timeline_is_newest_first_and_last_contact_is_known() {
    let Fixture { ledger, ada, .. } = fixture();
    let timeline = ledger.interactions_of(ada);
    assert_eq!(timeline.len(), 2);
    assert!(timeline[0].details.at > timeline[1].details.at);
    assert_eq!(ledger.last_contact_at(ada), Some(at(2)));
}

#[test]
fn a_like_a_newsletter_or_a_pitch_is_no_last_contact() {
    let Fixture {
        mut ledger, ada, ..
    } = fixture();
    for (n, kind) in [
        InteractionKind::SurfaceEngagement,
        InteractionKind::Broadcast,
        InteractionKind::Ask,
    ]
    .into_iter()
    .enumerate()
    {
        ledger
            .log_interaction(
                InteractionId::new(at(5), 900 + n as u128),
                ada,
                details(kind, 5),
                at(5),
            )
            .expect("log");
    }
    assert_eq!(ledger.last_contact_at(ada), Some(at(2)));
}

#[test]
fn all_timelines_at_once_match_each_contacts_timeline() {
    let ledger =
        crate::domain::sample::generate(3, crate::domain::sample::SampleSize::DEMO, at(400));
    let all = ledger.interactions_by_contact();
    assert!(!all.is_empty());
    for contact in ledger.contacts() {
        let timeline = ledger.interactions_of(contact.id);
        match all.get(&contact.id) {
            Some(listed) => assert_eq!(listed, &timeline),
            None => assert!(timeline.is_empty(), "{} has interactions", contact.id),
        }
    }
}

#[test]
fn all_promise_lists_at_once_match_each_contacts_promises() {
    let ledger =
        crate::domain::sample::generate(3, crate::domain::sample::SampleSize::DEMO, at(400));
    let all = ledger.promises_by_contact();
    assert!(!all.is_empty());
    for contact in ledger.contacts() {
        let promises = ledger.promises_of(contact.id);
        match all.get(&contact.id) {
            Some(listed) => assert_eq!(listed, &promises),
            None => assert!(promises.is_empty(), "{} has promises", contact.id),
        }
    }
}

#[test]
fn deleting_says_what_goes_and_undo_restores_everything() {
    let Fixture {
        mut ledger,
        outlet,
        ada,
        ..
    } = fixture();
    let before = ledger.clone();
    assert_eq!(
        ledger.deletion_impact(outlet),
        Ok(DeletionImpact {
            interactions: 0,
            promises: 0,
            members: 1
        })
    );
    assert_eq!(
        ledger.deletion_impact(ada),
        Ok(DeletionImpact {
            interactions: 2,
            promises: 1,
            members: 0
        })
    );

    let removed = ledger.delete_contact(outlet, at(5)).expect("delete outlet");
    assert_eq!(removed.members, vec![ada]);
    assert_eq!(
        ledger.contact(ada).and_then(|c| c.profile.organization),
        None
    );
    ledger.restore(removed, at(6)).expect("undo");
    assert_eq!(
        ledger.contact(ada).and_then(|c| c.profile.organization),
        Some(outlet)
    );

    let removed = ledger.delete_contact(ada, at(7)).expect("delete ada");
    assert_eq!((removed.interactions.len(), removed.promises.len()), (2, 1));
    assert_eq!(
        ledger.counts(),
        crate::domain::Counts {
            contacts: 1,
            interactions: 0,
            promises: 0
        }
    );
    assert_eq!(
        ledger.counts().in_words(),
        "1 contact, 0 interactions and 0 promises"
    );
    ledger.restore(removed, at(8)).expect("undo");
    let mut expected = before.to_records();
    let mut restored = ledger.to_records();
    // Relinking touched Ada's timestamp; everything else is as before.
    for records in [&mut expected, &mut restored] {
        for contact in &mut records.contacts {
            contact.updated_at = at(0);
        }
    }
    assert_eq!(restored, expected);
}

#[test]
fn a_restore_never_links_what_no_longer_fits() {
    let Fixture {
        mut ledger,
        outlet,
        ada,
        ..
    } = fixture();
    // The outlet is deleted; meanwhile its former member becomes an organization herself.
    let removed = ledger.delete_contact(outlet, at(5)).expect("delete outlet");
    let mut profile = ledger.contact(ada).expect("ada").profile.clone();
    profile.kind = ContactKind::Organization;
    ledger
        .update_profile(ada, profile, at(6))
        .expect("ada is an organization");
    ledger.restore(removed, at(7)).expect("undo");
    assert_eq!(
        ledger.contact(ada).and_then(|c| c.profile.organization),
        None,
        "an organization never belongs to another"
    );
    let saved = Ledger::from_records(ledger.to_records());
    assert!(saved.is_ok(), "the restored ledger loads: {saved:?}");

    // A person restored into an organization that has since become a person keeps no link.
    let mut ledger = fixture().ledger;
    let removed = ledger.delete_contact(ada, at(5)).expect("delete ada");
    let mut profile = ledger.contact(outlet).expect("outlet").profile.clone();
    profile.kind = ContactKind::Person;
    ledger
        .update_profile(outlet, profile, at(6))
        .expect("the outlet is a person");
    ledger.restore(removed, at(7)).expect("undo");
    assert_eq!(
        ledger.contact(ada).and_then(|c| c.profile.organization),
        None
    );
    assert!(Ledger::from_records(ledger.to_records()).is_ok());
}

#[test]
fn stage_moves_are_recorded_and_never_go_back_in_time() {
    let Fixture {
        mut ledger, ada, ..
    } = fixture();
    assert_eq!(
        ledger.move_stage(ada, Stage::Connection, "introduced".into(), at(3)),
        Ok(true)
    );
    assert_eq!(
        ledger.move_stage(ada, Stage::Connection, String::new(), at(4)),
        Ok(false)
    );
    assert_eq!(
        ledger.move_stage(ada, Stage::Target, "went quiet".into(), at(1)),
        Ok(true)
    );
    let journey = &ledger.contact(ada).expect("ada").journey;
    assert_eq!(journey.current(), Stage::Target);
    assert!(
        journey.is_consistent(),
        "a clock that runs backwards must not break the path"
    );
}

#[test]
fn a_stage_move_made_earlier_is_dated_then_but_never_later_than_now_nor_before_the_stage() {
    let Fixture {
        mut ledger, ada, ..
    } = fixture();
    let day = |at: Timestamp| at.date_utc().to_string();
    ledger
        .move_stage(ada, Stage::Connection, String::new(), at(3))
        .expect("moved");
    assert_eq!(
        ledger.move_stage_on(ada, Stage::Relationship, String::new(), at(9), at(8), day),
        Err(LedgerError::MoveInTheFuture)
    );
    assert_eq!(
        ledger.move_stage_on(ada, Stage::Relationship, String::new(), at(2), at(8), day),
        Err(LedgerError::MoveBeforeCurrentStage(day(at(3))))
    );
    assert_eq!(
        ledger
            .move_stage_on(
                ada,
                Stage::Relationship,
                "met at the summit".into(),
                at(5),
                at(8),
                day
            )
            .map_err(|error| error.to_string()),
        Ok(true)
    );
    let contact = ledger.contact(ada).expect("ada");
    assert_eq!(contact.journey.entered_at(), Some(at(5)));
    // The record changed now: the move's day is history, not the time of the edit.
    assert_eq!(contact.updated_at, at(8));
    assert!(contact.journey.is_consistent());
}

#[test]
fn a_stage_move_is_taken_back_only_while_it_is_the_latest() {
    let Fixture {
        mut ledger, ada, ..
    } = fixture();
    let before = ledger.contact(ada).expect("ada").clone();
    ledger
        .move_stage(ada, Stage::Connection, "introduced".into(), at(3))
        .expect("moved");
    ledger.mark_saved();
    assert_eq!(
        ledger.take_back_move(ada, Stage::Connection, at(4), at(5)),
        Ok(false),
        "not the move made then"
    );
    assert!(ledger.pending_changes().contacts.is_empty());
    assert_eq!(
        ledger.take_back_move(ada, Stage::Connection, at(3), at(5)),
        Ok(true)
    );
    let after = ledger.contact(ada).expect("ada");
    assert_eq!(after.journey, before.journey);
    assert_eq!(after.stage(), Stage::Target);
    assert!(after.updated_at >= at(5), "a change to save and merge");
    assert!(ledger.pending_changes().contacts.contains(&ada));
    assert_eq!(
        ledger.take_back_move(ada, Stage::Target, before.created_at, at(6)),
        Ok(false),
        "the stage it was added in stays"
    );
}

#[test]
fn deleting_an_interaction_keeps_its_promise_unlinked() {
    let Fixture {
        mut ledger,
        first,
        promise,
        ..
    } = fixture();
    ledger.delete_interaction(first, at(4)).expect("delete");
    let kept = ledger
        .promises()
        .find(|p| p.id == promise)
        .expect("promise stays");
    assert_eq!(kept.interaction, None);
    assert!(Ledger::from_records(ledger.to_records()).is_ok());
}

#[test]
fn editing_an_interaction_corrects_it_and_keeps_who_and_when_logged() {
    let Fixture {
        mut ledger,
        ada,
        first,
        ..
    } = fixture();
    ledger.mark_saved();
    let mut corrected = details(InteractionKind::Give, 10);
    corrected.summary = "  Sent the embargoed report  ".to_owned();
    corrected.direction = Direction::Inbound;
    ledger
        .edit_interaction(first, corrected, at(5))
        .expect("edit");
    let edited = ledger
        .interactions()
        .find(|interaction| interaction.id == first)
        .expect("still there");
    assert_eq!(edited.contact, ada);
    assert_eq!(edited.created_at, at(1));
    assert_eq!(edited.updated_at, at(5));
    assert_eq!(edited.details.kind, InteractionKind::Give);
    assert_eq!(edited.details.direction, Direction::Inbound);
    assert_eq!(edited.details.at, at(10));
    assert_eq!(edited.details.summary, "Sent the embargoed report");
    assert!(ledger.pending_changes().contacts.contains(&ada));
    assert_eq!(
        ledger.interactions_of(ada)[0].id,
        first,
        "dated later than the other, it is now the newest"
    );

    let mut overlong = details(InteractionKind::Give, 2);
    overlong.summary = "x".repeat(100_000);
    assert!(ledger.edit_interaction(first, overlong, at(6)).is_err());
    assert_eq!(
        ledger
            .interactions()
            .find(|interaction| interaction.id == first)
            .map(|interaction| interaction.updated_at),
        Some(at(5)),
        "a refused edit changes nothing"
    );
    assert_eq!(
        ledger.edit_interaction(
            InteractionId::new(at(9), 99),
            details(InteractionKind::Give, 2),
            at(6)
        ),
        Err(LedgerError::InteractionNotFound(InteractionId::new(
            at(9),
            99
        )))
    );
    assert!(Ledger::from_records(ledger.to_records()).is_ok());
}

#[test]
fn an_edit_can_make_an_interaction_coverage_with_its_link_and_is_all_or_nothing() {
    let Fixture {
        mut ledger, first, ..
    } = fixture();
    let mut coverage = details(InteractionKind::Coverage, 4);
    coverage.summary = "Feature in the Sunday edition".to_owned();
    coverage.link = "  https://news.example/sunday-feature  ".to_owned();
    ledger
        .edit_interaction(first, coverage, at(5))
        .expect("edit");
    let edited = |ledger: &Ledger| {
        ledger
            .interactions()
            .find(|interaction| interaction.id == first)
            .map(|interaction| interaction.details.clone())
            .expect("the same id")
    };
    assert_eq!(edited(&ledger).kind, InteractionKind::Coverage);
    assert_eq!(edited(&ledger).link, "https://news.example/sunday-feature");
    let before = edited(&ledger);
    let mut overlong = details(InteractionKind::Interview, 6);
    overlong.link = "x".repeat(limits::LINK + 1);
    assert_eq!(
        ledger.edit_interaction(first, overlong, at(7)),
        Err(LedgerError::TextTooLong {
            field: "link",
            max: limits::LINK
        })
    );
    assert_eq!(edited(&ledger), before, "a refused edit changes nothing");
    let back = Ledger::from_records(ledger.to_records()).expect("round trip");
    assert_eq!(edited(&back), before);
}

#[test]
fn an_interaction_needs_a_line_on_what_happened() {
    let Fixture {
        mut ledger,
        ada,
        first,
        ..
    } = fixture();
    let mut blank = details(InteractionKind::Conversation, 3);
    blank.summary = "   ".to_owned();
    let id = InteractionId::new(at(3), 77);
    assert_eq!(
        ledger.log_interaction(id, ada, blank.clone(), at(3)),
        Err(LedgerError::EmptySummary)
    );
    assert_eq!(
        ledger.edit_interaction(first, blank.clone(), at(3)),
        Err(LedgerError::EmptySummary)
    );
    assert_eq!(ledger.interactions_of(ada).len(), 2, "nothing was logged");
    // Ledgers saved before the rule may hold blank interactions: they still load.
    let mut records = ledger.to_records();
    records.interactions[0].details.summary = String::new();
    assert!(Ledger::from_records(records).is_ok());
}

#[test]
fn promise_status_records_when_it_was_resolved() {
    let Fixture {
        mut ledger,
        promise,
        ..
    } = fixture();
    ledger
        .set_promise_status(promise, PromiseStatus::Kept, Now::utc(at(9)))
        .expect("kept");
    let found = ledger.promises().next().expect("promise");
    assert_eq!(
        (found.status, found.resolved_at),
        (PromiseStatus::Kept, Some(at(9)))
    );
    ledger
        .set_promise_status(promise, PromiseStatus::Open, Now::utc(at(10)))
        .expect("reopen");
    assert_eq!(ledger.promises().next().and_then(|p| p.resolved_at), None);
}

#[test]
fn pending_changes_name_the_touched_contacts() {
    let Fixture {
        mut ledger,
        outlet,
        ada,
        ..
    } = fixture();
    assert!(ledger.pending_changes().contacts.contains(&ada));
    ledger.mark_saved();
    assert!(ledger.pending_changes().is_empty());
    ledger
        .log_interaction(
            InteractionId::new(at(5), 8),
            ada,
            details(InteractionKind::Ask, 5),
            at(5),
        )
        .expect("log");
    assert_eq!(
        ledger.pending_changes().contacts.iter().collect::<Vec<_>>(),
        vec![&ada]
    );
    assert!(
        ledger.pending_changes().erased.is_empty(),
        "nothing was deleted"
    );
    ledger.mark_saved();
    ledger.delete_contact(outlet, at(6)).expect("delete");
    assert_eq!(
        ledger.pending_changes().contacts.len(),
        2,
        "the outlet and its unlinked member"
    );
    assert_eq!(
        ledger.pending_changes().erased.iter().collect::<Vec<_>>(),
        vec![&outlet],
        "only the outlet lost records"
    );
}

#[test]
fn from_records_refuses_broken_data() {
    let Fixture { ledger, ada, .. } = fixture();
    let good = ledger.to_records();
    assert_eq!(
        Ledger::from_records(good.clone()).map(|l| l == ledger),
        Ok(true)
    );

    let mut dangling = good.clone();
    dangling.contacts.retain(|c| c.id != ada);
    assert!(matches!(
        Ledger::from_records(dangling),
        Err(LedgerError::MissingContact(_))
    ));

    let mut duplicate = good.clone();
    duplicate
        .interactions
        .push(duplicate.interactions[0].clone());
    assert!(matches!(
        Ledger::from_records(duplicate),
        Err(LedgerError::DuplicateId(_))
    ));

    let mut broken = good.clone();
    broken.contacts[0].journey.history.push(StageMove {
        at: at(1),
        from: Some(Stage::Partnership),
        to: Stage::Target,
        reason: String::new(),
    });
    assert!(matches!(
        Ledger::from_records(broken),
        Err(LedgerError::BrokenJourney(_))
    ));

    let mut foreign_interaction = good;
    let other = foreign_interaction
        .contacts
        .iter()
        .find(|c| c.id != ada)
        .map(|c| c.id);
    foreign_interaction.interactions[0].contact = other.expect("outlet");
    assert!(matches!(
        Ledger::from_records(foreign_interaction),
        Err(LedgerError::MissingInteraction(_))
    ));
}

#[test]
fn plan_parts_are_dated_when_their_text_changes_or_is_confirmed() {
    let Fixture {
        mut ledger, ada, ..
    } = fixture();
    ledger
        .update_plan(
            ada,
            PlanPart::Agreement,
            " We bring data; they lead ".into(),
            at(3),
        )
        .expect("plan");
    ledger
        .update_plan(
            ada,
            PlanPart::Agreement,
            "We bring data; they lead".into(),
            at(9),
        )
        .expect("same text");
    let plan = &ledger.contact(ada).expect("ada").plan;
    assert_eq!(plan.agreement.text, "We bring data; they lead");
    assert_eq!(plan.agreement.updated_at, Some(at(3)));
    assert_eq!(plan.capacity.updated_at, None);
    // Confirming dates the part without changing it; an empty part stays undated.
    ledger.mark_saved();
    ledger
        .confirm_plan(ada, PlanPart::Agreement, at(12))
        .expect("confirm");
    ledger
        .confirm_plan(ada, PlanPart::Capacity, at(12))
        .expect("nothing to confirm");
    let plan = &ledger.contact(ada).expect("ada").plan;
    assert_eq!(plan.agreement.text, "We bring data; they lead");
    assert_eq!(plan.agreement.updated_at, Some(at(12)));
    assert_eq!(plan.capacity.updated_at, None);
    assert!(ledger.pending_changes().contacts.contains(&ada));
}

/// A quality check recorded at `at` with a trust of `trust` (mutuality 3, commitment 4,
/// satisfaction 5), no note and no relationship type.
fn quality(at: Timestamp, trust: u8) -> QualityCheck {
    QualityCheck {
        at,
        trust,
        mutuality: 3,
        commitment: 4,
        satisfaction: 5,
        note: String::new(),
        relationship_type: None,
    }
}

#[test]
fn a_contact_that_lost_a_quality_check_in_a_merge_has_its_bucket_rewritten() {
    let Fixture {
        mut ledger, ada, ..
    } = fixture();
    let check = QualityCheck {
        note: "Private impressions".into(),
        ..quality(at(4), 4)
    };
    ledger.add_quality_check(ada, check).expect("rated");
    ledger.mark_saved();
    let mut merged = ledger.clone();
    merged
        .remove_quality_check(ada, at(4), at(5))
        .expect("removed");
    merged.mark_changed_since(&ledger);
    assert!(merged.pending_changes().contacts.contains(&ada));
    assert!(merged.pending_changes().erased.contains(&ada));
}

#[test]
fn quality_checks_read_from_records_are_put_in_time_order() {
    let Fixture { ledger, ada, .. } = fixture();
    let mut records = ledger.to_records();
    let contact = records
        .contacts
        .iter_mut()
        .find(|contact| contact.id == ada)
        .expect("ada");
    contact.quality_checks = vec![quality(at(9), 5), quality(at(2), 1), quality(at(5), 3)];
    let read = Ledger::from_records(records).expect("ledger");
    let trusts: Vec<u8> = read
        .contact(ada)
        .expect("ada")
        .quality_checks
        .iter()
        .map(|check| check.trust)
        .collect();
    assert_eq!(trusts, vec![1, 3, 5]);
}

#[test]
fn a_quality_check_recorded_by_mistake_can_be_removed_and_put_back() {
    let Fixture {
        mut ledger, ada, ..
    } = fixture();
    ledger
        .add_quality_check(ada, quality(at(4), 2))
        .expect("first");
    ledger
        .add_quality_check(ada, quality(at(6), 5))
        .expect("second");
    ledger.mark_saved();
    let removed = ledger
        .remove_quality_check(ada, at(4), at(7))
        .expect("removed");
    assert_eq!(removed, quality(at(4), 2));
    let left = &ledger.contact(ada).expect("ada").quality_checks;
    assert_eq!(left, &vec![quality(at(6), 5)]);
    // Removed from storage too, not only patched over.
    assert!(ledger.pending_changes().erased.contains(&ada));
    assert_eq!(
        ledger.remove_quality_check(ada, at(4), at(7)),
        Err(LedgerError::QualityCheckNotFound)
    );
    ledger.add_quality_check(ada, removed).expect("put back");
    let checks = &ledger.contact(ada).expect("ada").quality_checks;
    assert_eq!(checks, &vec![quality(at(4), 2), quality(at(6), 5)]);
}

#[test]
fn quality_ratings_stay_between_one_and_five() {
    let Fixture {
        mut ledger, ada, ..
    } = fixture();
    let check = |trust| quality(at(4), trust);
    assert_eq!(
        ledger.add_quality_check(ada, check(0)),
        Err(LedgerError::RatingOutOfRange)
    );
    assert_eq!(
        ledger.add_quality_check(ada, check(6)),
        Err(LedgerError::RatingOutOfRange)
    );
    ledger.add_quality_check(ada, check(5)).expect("valid");
    assert_eq!(ledger.contact(ada).expect("ada").quality_checks.len(), 1);
}

#[test]
fn ticks_are_set_once_and_can_be_taken_back() {
    let Fixture {
        mut ledger, ada, ..
    } = fixture();
    ledger
        .set_tick(ada, "target.meet", true, at(3))
        .expect("tick");
    ledger
        .set_tick(ada, "target.meet", true, at(4))
        .expect("tick again");
    assert_eq!(ledger.contact(ada).expect("ada").ticks.len(), 1);
    ledger
        .set_tick(ada, "target.meet", false, at(5))
        .expect("untick");
    assert!(ledger.contact(ada).expect("ada").ticks.is_empty());
}

#[test]
fn a_pitch_moves_along_and_only_asks_have_one() {
    use crate::domain::interaction::{Pitch, PitchStatus};
    let Fixture {
        mut ledger,
        ada,
        first,
        ..
    } = fixture();
    let mut ask = details(InteractionKind::Ask, 3);
    ask.pitch = Some(Pitch {
        angle: "Regional angle".into(),
        status: PitchStatus::Sent,
    });
    let id = ledger
        .log_interaction(InteractionId::new(at(3), 40), ada, ask, at(3))
        .expect("ask");
    ledger
        .set_pitch_status(id, PitchStatus::Covered, at(4))
        .expect("covered");
    let pitch = ledger
        .interactions()
        .find(|i| i.id == id)
        .and_then(|i| i.details.pitch.clone());
    assert_eq!(pitch.map(|p| p.status), Some(PitchStatus::Covered));
    assert!(ledger
        .set_pitch_status(first, PitchStatus::Sent, at(4))
        .is_err());
}

/// A contact's own cadence is held to the range a tag's is (the form and the CSV import
/// checked it; a JSON import or a stored record did not).
#[test]
fn a_contact_cadence_outside_its_range_is_refused() {
    let mut ledger = Ledger::new();
    for days in [0, MAX_CADENCE_DAYS + 1] {
        let mut profile = person("Ada");
        profile.cadence_days = Some(days);
        assert_eq!(
            ledger.add_contact(ContactId::new(at(0), 1), profile, Stage::Connection, at(0)),
            Err(LedgerError::CadenceOutOfRange),
            "{days} days"
        );
    }
    let mut profile = person("Ada");
    profile.cadence_days = Some(MAX_CADENCE_DAYS);
    assert!(ledger
        .add_contact(ContactId::new(at(0), 1), profile, Stage::Connection, at(0))
        .is_ok());
}

#[test]
fn each_deletion_leaves_a_tombstone_and_an_undo_lifts_the_contacts() {
    let mut ledger =
        crate::domain::sample::generate(4, crate::domain::sample::SampleSize::DEMO, at(0));
    ledger.mark_saved();
    let who = ledger
        .contacts()
        .find(|contact| {
            let (mut interactions, mut promises) = ledger.records_of(contact.id);
            interactions.next().is_some() && promises.next().is_some()
        })
        .expect("a contact with records")
        .id;
    let interaction = ledger.records_of(who).0.next().expect("interaction").id;
    let promise = ledger.records_of(who).1.next().expect("promise").id;
    ledger
        .delete_interaction(interaction, at(1))
        .expect("delete");
    ledger.delete_promise(promise, at(2)).expect("delete");
    let before = ledger.clone();
    let removed = ledger.delete_contact(who, at(3)).expect("delete");
    let stones: Vec<(DeletedId, ContactId, Timestamp)> = ledger
        .tombstones()
        .map(|t| (t.record, t.contact, t.deleted_at))
        .collect();
    assert_eq!(
        stones,
        vec![
            (DeletedId::Contact(who), who, at(3)),
            (DeletedId::Interaction(interaction), who, at(1)),
            (DeletedId::Promise(promise), who, at(2)),
        ]
    );
    assert!(ledger.pending_changes().contacts.contains(&who));
    ledger.restore(removed, at(4)).expect("undo");
    assert!(ledger.tombstone(DeletedId::Contact(who)).is_none());
    assert_eq!(ledger.tombstones().count(), 2, "the other deletions stand");
    assert_eq!(
        ledger.to_records().tombstones,
        before.to_records().tombstones
    );
}

#[test]
fn a_tombstone_of_a_live_record_is_let_go_when_records_are_read() {
    let ledger = crate::domain::sample::generate(4, crate::domain::sample::SampleSize::DEMO, at(0));
    let who = ledger.contacts().next().expect("contact").id;
    let mut records = ledger.to_records();
    records.tombstones = vec![Tombstone::of_contact(who, at(9))];
    let read = Ledger::from_records(records).expect("valid");
    assert!(read.contact(who).is_some());
    assert_eq!(read.tombstones().count(), 0);
}

#[test]
fn a_contacts_tombstone_from_a_file_is_kept_with_the_contact_itself() {
    let gone = ContactId::new(at(1), 1);
    let other = ContactId::new(at(1), 2);
    let read = Ledger::from_records(LedgerRecords {
        tombstones: vec![Tombstone {
            record: DeletedId::Contact(gone),
            contact: other,
            deleted_at: at(2),
        }],
        ..LedgerRecords::default()
    })
    .expect("valid");
    let kept: Vec<Tombstone> = read.tombstones().copied().collect();
    assert_eq!(kept, vec![Tombstone::of_contact(gone, at(2))]);
}
