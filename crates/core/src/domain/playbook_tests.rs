//! Every rule of the playbook, with ledgers that meet it and ledgers that miss it.

use super::*;
use crate::domain::contact::{ContactKind, ContactProfile, QualityCheck, StakeholderType};
use crate::domain::evidence::Evidence;
use crate::domain::id::{ContactId, InteractionId, PromiseId};
use crate::domain::interaction::{Channel, Direction, InteractionDetails};
use crate::domain::ledger::{Ledger, PromiseDraft};
use crate::domain::promise::{Party, PromiseStatus};
use crate::domain::stats::PromiseCounts;
use crate::domain::time::{Now, Timestamp};

const DAY0: Timestamp = Timestamp::from_millis(1_790_000_000_000);

fn day(n: i64) -> Timestamp {
    DAY0.plus_days(n)
}

/// A ledger with one contact at `stage`, built up by the test.
struct Case {
    ledger: Ledger,
    id: ContactId,
    next: u128,
}

impl Case {
    fn at(stage: Stage) -> Self {
        let mut ledger = Ledger::new();
        let id = ContactId::new(DAY0, 1);
        ledger
            .add_contact(
                id,
                ContactProfile::named("Ada", ContactKind::Person),
                stage,
                DAY0,
            )
            .expect("contact");
        Self {
            ledger,
            id,
            next: 10,
        }
    }

    fn log(mut self, kind: InteractionKind, on: i64, direction: Direction) -> Self {
        self.next += 1;
        let details = InteractionDetails {
            day: None,
            link: String::new(),
            at: day(on),
            channel: Channel::Email,
            kind,
            direction,
            summary: format!("{kind:?}"),
            learned: String::new(),
            pitch: None,
        };
        self.ledger
            .log_interaction(
                InteractionId::new(day(on), self.next),
                self.id,
                details,
                day(on),
            )
            .expect("log");
        self
    }

    fn out(self, kind: InteractionKind, on: i64) -> Self {
        self.log(kind, on, Direction::Outbound)
    }

    fn promise(mut self, due_day: i64, status: PromiseStatus) -> Self {
        self.next += 1;
        let id = PromiseId::new(DAY0, self.next);
        let draft = PromiseDraft {
            what: "Send the data".into(),
            owed_by: Party::Me,
            due: day(due_day).date_utc(),
            interaction: None,
        };
        self.ledger
            .add_promise(id, self.id, draft, DAY0)
            .expect("promise");
        // Resolved on its due day, so promises are resolved in the order they fall due.
        self.ledger
            .set_promise_status(id, status, Now::utc(day(due_day)))
            .expect("status");
        self
    }

    fn plan(mut self, part: PlanPart, text: &str) -> Self {
        self.ledger
            .update_plan(self.id, part, text.into(), DAY0)
            .expect("plan");
        self
    }

    fn edit(mut self, change: impl FnOnce(&mut ContactProfile)) -> Self {
        let mut profile = self
            .ledger
            .contact(self.id)
            .expect("contact")
            .profile
            .clone();
        change(&mut profile);
        self.ledger
            .update_profile(self.id, profile, DAY0)
            .expect("edit");
        self
    }

    fn verdict(&self, key: &str, today: i64) -> Verdict {
        let prompt = PLAYBOOK
            .iter()
            .find(|p| p.key == key)
            .expect("prompt exists");
        let evidence = self.evidence(today);
        decide(prompt, &evidence)
    }

    fn evidence(&self, today: i64) -> Evidence<'_> {
        Evidence::gather(&self.ledger, self.id, Now::utc(day(today))).expect("evidence")
    }

    fn report(&self, today: i64) -> StageReport {
        assess(&self.evidence(today))
    }
}

fn met(case: &Case, key: &str) -> bool {
    case.verdict(key, 10).met
}

#[test]
fn every_stage_has_prompts_and_keys_are_unique() {
    for &stage in Stage::ALL {
        assert!(prompts_of(stage).count() >= 3, "{stage:?}");
    }
    let mut keys: Vec<_> = PLAYBOOK.iter().map(|p| p.key).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), PLAYBOOK.len());
    assert!(PLAYBOOK
        .iter()
        .all(|p| !p.why.is_empty() && p.key.starts_with(p.stage.key())));
}

#[test]
fn research_is_met_by_interests_or_notes() {
    let case = Case::at(Stage::Target);
    assert!(!met(&case, "target.research"));
    assert!(met(
        &case.edit(|p| p.interests = vec!["climate".into()]),
        "target.research"
    ));
    let case = Case::at(Stage::Target).edit(|p| p.notes = "Wrote about EV batteries".into());
    assert!(met(&case, "target.research"));
}

#[test]
fn purpose_is_met_once_recorded() {
    let case = Case::at(Stage::Target);
    assert!(!met(&case, "target.purpose"));
    assert!(met(
        &case.plan(PlanPart::Purpose, "Co-host a panel"),
        "target.purpose"
    ));
}

#[test]
fn where_to_meet_is_a_tick() {
    let mut case = Case::at(Stage::Target);
    assert!(!met(&case, "target.meet"));
    case.ledger
        .set_tick(case.id, "target.meet", true, DAY0)
        .expect("tick");
    assert!(met(&case, "target.meet"));
}

#[test]
fn a_cold_pitch_introduces_no_one_and_an_introduction_after_it_is_the_way_back() {
    let empty = Case::at(Stage::Connection);
    assert_eq!(
        empty.verdict("connection.introduce", 10).because,
        "No introduction or conversation logged yet."
    );
    let good = Case::at(Stage::Connection)
        .out(InteractionKind::Introduction, 1)
        .out(InteractionKind::Ask, 2);
    assert_eq!(
        good.verdict("connection.introduce", 10),
        Verdict {
            met: true,
            because: "An introduction on 22 September, before any ask.".into()
        }
    );
    // Asks alone, however many, are cold.
    let cold = Case::at(Stage::Connection)
        .out(InteractionKind::Ask, 1)
        .out(InteractionKind::Ask, 2);
    assert_eq!(
        cold.verdict("connection.introduce", 10),
        Verdict {
            met: false,
            because: "Your first ask, on 22 September, came before any introduction or \
                      conversation: a cold pitch. Introduce yourself properly before the next \
                      ask."
                .into()
        }
    );
    // The way back: an introduction, met as soon as it is logged; no further ask needed.
    let introduced = cold.out(InteractionKind::Introduction, 3);
    assert_eq!(
        introduced.verdict("connection.introduce", 10),
        Verdict {
            met: true,
            because: "Your first ask, on 22 September, came before any introduction or \
                      conversation; an introduction on 24 September came after it, so the next \
                      ask will not be cold."
                .into()
        }
    );
    let talked =
        Case::at(Stage::Connection).log(InteractionKind::Conversation, 1, Direction::Inbound);
    assert_eq!(
        talked.verdict("connection.introduce", 10).because,
        "A conversation on 22 September; nothing asked yet."
    );
}

#[test]
fn engagement_and_two_way_exchange() {
    let silent = Case::at(Stage::Connection).verdict("connection.two_way", 1);
    assert_eq!(silent.because, "No exchange logged yet.");
    let case = Case::at(Stage::Connection)
        .edit(|profile| profile.stakeholder = StakeholderType::Journalist)
        .out(InteractionKind::Conversation, 1);
    assert!(
        !met(&case, "connection.engage"),
        "with the media, engaging means with what they publish"
    );
    let one_sided = case.verdict("connection.two_way", 2);
    assert!(!one_sided.met);
    assert_eq!(
        one_sided.because,
        "Every exchange so far was started by you."
    );
    // A follow back or a newsletter of theirs is no dialogue yet.
    let followed_back = case
        .out(InteractionKind::SurfaceEngagement, 2)
        .log(InteractionKind::SurfaceEngagement, 2, Direction::Inbound)
        .log(InteractionKind::Broadcast, 2, Direction::Inbound);
    assert!(met(&followed_back, "connection.engage"));
    let verdict = followed_back.verdict("connection.two_way", 10);
    assert!(!verdict.met);
    assert_eq!(
        verdict.because,
        "They have not started a one-to-one exchange yet: a like or a follow back is not one."
    );
    let case = followed_back.log(InteractionKind::Conversation, 3, Direction::Inbound);
    assert!(met(&case, "connection.two_way"));
}

#[test]
fn with_stakeholders_outside_the_media_a_conversation_is_engagement() {
    let customer = Case::at(Stage::Connection)
        .edit(|profile| profile.stakeholder = StakeholderType::Customer)
        .out(InteractionKind::Conversation, 1);
    assert!(met(&customer, "connection.engage"));
    let analyst = Case::at(Stage::Connection)
        .edit(|profile| profile.stakeholder = StakeholderType::Analyst)
        .out(InteractionKind::Conversation, 1);
    assert!(!met(&analyst, "connection.engage"));
    let analyst = analyst.out(InteractionKind::SurfaceEngagement, 2);
    assert!(met(&analyst, "connection.engage"));
}

#[test]
fn give_first_is_met_once_a_give_stands_before_the_next_ask() {
    assert_eq!(
        Case::at(Stage::Relationship).verdict("relationship.give_first", 10),
        Verdict {
            met: false,
            because: "Nothing given yet.".into()
        }
    );
    let only_asked = Case::at(Stage::Relationship).out(InteractionKind::Ask, 1);
    assert_eq!(
        only_asked.verdict("relationship.give_first", 10),
        Verdict {
            met: false,
            because: "Your first ask, on 22 September, came before any give: a cold pitch. \
                      Give something useful before the next ask."
                .into()
        }
    );
    let good = Case::at(Stage::Relationship)
        .out(InteractionKind::Give, 1)
        .out(InteractionKind::Ask, 2);
    assert_eq!(
        good.verdict("relationship.give_first", 10),
        Verdict {
            met: true,
            because: "A give on 22 September, before any ask.".into()
        }
    );
    // The way back from a cold pitch is a give before the next ask: met from the give on,
    // saying the first ask came before it. Asking again changes nothing.
    let taker = Case::at(Stage::Relationship)
        .out(InteractionKind::Ask, 1)
        .out(InteractionKind::Give, 2);
    let recovered = Verdict {
        met: true,
        because: "Your first ask, on 22 September, came before any give; a give on 23 \
                  September came after it, so the next ask will not be cold."
            .into(),
    };
    assert_eq!(taker.verdict("relationship.give_first", 10), recovered);
    let asked_again = taker.out(InteractionKind::Ask, 3);
    assert_eq!(
        asked_again.verdict("relationship.give_first", 10),
        recovered
    );
}

#[test]
fn balance_weighs_gives_and_received_against_asks() {
    let case = Case::at(Stage::Relationship)
        .out(InteractionKind::Give, 1)
        .out(InteractionKind::Ask, 2)
        .out(InteractionKind::Ask, 3);
    let verdict = case.verdict("relationship.balance", 10);
    assert!(!verdict.met);
    assert_eq!(verdict.because, "1 given, 0 received, 2 asked.");
    let case = case.log(InteractionKind::Received, 4, Direction::Inbound);
    assert!(met(&case, "relationship.balance"));
    let only_received =
        Case::at(Stage::Relationship).log(InteractionKind::Received, 1, Direction::Inbound);
    assert!(
        !met(&only_received, "relationship.balance"),
        "taking only is not a healthy balance"
    );
}

#[test]
fn follow_through_needs_a_kept_promise_and_none_overdue() {
    assert!(!met(
        &Case::at(Stage::Relationship),
        "relationship.follow_through"
    ));
    let kept = Case::at(Stage::Relationship).promise(5, PromiseStatus::Kept);
    assert!(met(&kept, "relationship.follow_through"));
    let overdue = kept.promise(5, PromiseStatus::Open);
    let verdict = overdue.verdict("relationship.follow_through", 10);
    assert!(!verdict.met);
    assert!(verdict.because.contains("1 of your promises overdue"));
    assert!(
        overdue.verdict("relationship.follow_through", 4).met,
        "not overdue before its day"
    );
}

#[test]
fn mutuality_and_partnership_purpose_come_from_the_plan() {
    let case = Case::at(Stage::Relationship);
    assert!(!met(&case, "relationship.mutuality"));
    assert!(!met(&case, "relationship.purpose"));
    let case = case
        .plan(PlanPart::Agreement, "They lead; we bring data")
        .plan(PlanPart::PartnershipIdea, "Joint report");
    assert!(met(&case, "relationship.mutuality"));
    assert!(met(&case, "relationship.purpose"));
}

#[test]
fn cadence_uses_the_contact_override_or_the_stage_default() {
    let case = Case::at(Stage::Relationship).out(InteractionKind::Conversation, 0);
    assert!(case.verdict("relationship.cadence", 30).met);
    let quiet = case.verdict("relationship.cadence", 31);
    assert!(!quiet.met);
    assert_eq!(quiet.because, "Quiet for 31 days; your cadence is 30.");
    let case = case.edit(|p| p.cadence_days = Some(60));
    assert!(case.verdict("relationship.cadence", 45).met);
}

#[test]
fn an_organization_whose_people_are_in_the_ledger_is_nudged_only_on_a_cadence_set_for_it() {
    let mut ledger = Ledger::new();
    let id = ContactId::new(DAY0, 1);
    ledger
        .add_contact(
            id,
            ContactProfile::named("TechWire", ContactKind::Organization),
            Stage::Relationship,
            DAY0,
        )
        .expect("organization");
    let evidence = |ledger: &Ledger| {
        let evidence = Evidence::gather(ledger, id, Now::utc(day(90))).expect("evidence");
        (
            evidence.cadence_days(),
            evidence.in_touch_in_words(ledger.settings()),
        )
    };
    assert_eq!(
        evidence(&ledger).0,
        Some(30),
        "alone, it is nudged as anyone"
    );
    let mut editor = ContactProfile::named("Ada", ContactKind::Person);
    editor.organization = Some(id);
    ledger
        .add_contact(ContactId::new(DAY0, 2), editor, Stage::Relationship, DAY0)
        .expect("its editor");
    let (cadence, words) = evidence(&ledger);
    assert_eq!(cadence, None, "its people carry the relationship");
    assert!(words.ends_with(
        "Its people carry the relationship and are nudged each for their own; set a cadence \
         here to be nudged for the organization too."
    ));
    assert!(Evidence::of_every_contact(&ledger, Now::utc(day(90)))
        .find(|evidence| evidence.contact.id == id)
        .is_some_and(
            |evidence| evidence.is_carried_by_people() && evidence.cadence_days().is_none()
        ));
    ledger.set_tag_cadence("outlets", Some(45)).expect("tag");
    let mut profile = ledger.contact(id).expect("organization").profile.clone();
    profile.tags = vec!["outlets".into()];
    ledger.update_profile(id, profile, DAY0).expect("tagged");
    assert_eq!(evidence(&ledger).0, Some(45));
}

/// An organization whose people carry the relationship has no cadence of its own: the
/// prompt says so instead of holding it to a cadence nobody set.
#[test]
fn an_organization_carried_by_its_people_is_not_held_to_a_cadence_nobody_set() {
    let mut case = Case::at(Stage::Relationship);
    let mut profile = case
        .ledger
        .contact(case.id)
        .expect("contact")
        .profile
        .clone();
    profile.kind = ContactKind::Organization;
    case.ledger
        .update_profile(case.id, profile, DAY0)
        .expect("an organization");
    let mut editor = ContactProfile::named("Ada", ContactKind::Person);
    editor.organization = Some(case.id);
    case.ledger
        .add_contact(ContactId::new(DAY0, 2), editor, Stage::Relationship, DAY0)
        .expect("its editor");
    assert!(
        !case.verdict("relationship.cadence", 1).met,
        "nothing logged yet"
    );

    let case = case.out(InteractionKind::Conversation, 1);
    let verdict = case.verdict("relationship.cadence", 200);
    assert!(verdict.met, "{}", verdict.because);
    assert!(
        !verdict.because.contains("30"),
        "no cadence was set: {}",
        verdict.because
    );
    assert_eq!(
        verdict.because,
        "Its people carry the dialogue, each on their own cadence."
    );
}

#[test]
fn a_logged_day_is_counted_as_that_day_after_travel_across_many_time_zones() {
    // A call on day 2, logged at noon in Auckland (UTC+13) with its day; the person has
    // since flown to Honolulu (UTC-10), where that instant fell on day 1.
    let mut case = Case::at(Stage::Relationship).out(InteractionKind::Conversation, 2);
    let logged = case.ledger.interactions().next().expect("logged").clone();
    let mut details = logged.details.clone();
    let midnight = Timestamp::from_millis(day(2).millis() - day(2).millis() % 86_400_000);
    details.at = midnight.plus_minutes(-60);
    details.day = Some(day(2).date_utc());
    case.ledger
        .edit_interaction(logged.id, details, day(2))
        .expect("edit");
    let honolulu = Now::with_offset(day(3).plus_minutes(12 * 60), -10 * 60);
    assert_eq!(honolulu.today, day(3).date_utc());
    let evidence = Evidence::gather(&case.ledger, case.id, honolulu).expect("evidence");
    let interaction = case.ledger.interactions().next().expect("logged");
    assert_eq!(evidence.day_of(interaction), day(2).date_utc());
    assert!(
        evidence
            .in_touch_in_words(case.ledger.settings())
            .starts_with("Last one-to-one contact: 1 day ago."),
        "{}",
        evidence.in_touch_in_words(case.ledger.settings())
    );
}

#[test]
fn the_contact_page_says_when_they_were_last_in_touch_and_which_cadence_holds() {
    let in_words = |case: &Case, today: i64| {
        case.evidence(today)
            .in_touch_in_words(case.ledger.settings())
    };
    let target = Case::at(Stage::Target);
    assert_eq!(
        in_words(&target, 3),
        "No one-to-one contact logged yet. A target gets no keep-in-touch nudge until approached."
    );
    // A like is no one-to-one contact.
    let case = Case::at(Stage::Relationship)
        .out(InteractionKind::SurfaceEngagement, 1)
        .out(InteractionKind::Conversation, 2)
        .out(InteractionKind::SurfaceEngagement, 5);
    assert_eq!(
        in_words(&case, 2),
        "Last one-to-one contact: today. You keep in touch every 30 days (the default for \
         Relationship; set your own in Edit)."
    );
    // Days are calendar days: fourteen hours later, but the next morning, is a day ago.
    let next_morning = Now::utc(day(3).plus_minutes(-600));
    assert!(Evidence::gather(&case.ledger, case.id, next_morning)
        .expect("evidence")
        .in_touch_in_words(case.ledger.settings())
        .starts_with("Last one-to-one contact: 1 day ago."));
    assert_eq!(
        in_words(&case, 40),
        "Last one-to-one contact: 38 days ago. Gone quiet: you keep in touch every 30 days \
         (the default for Relationship; set your own in Edit)."
    );
    let mut case = case.edit(|p| p.tags = vec!["press".into()]);
    case.ledger
        .set_tag_cadence("press", Some(45))
        .expect("tag cadence");
    assert!(
        in_words(&case, 40).ends_with("You keep in touch every 45 days (set for one of its tags).")
    );
    let case = case.edit(|p| p.cadence_days = Some(90));
    assert!(in_words(&case, 40).ends_with("You keep in touch every 90 days."));
}

#[test]
fn capacity_and_timing_are_checked_before_proposing_the_partnership() {
    let case = Case::at(Stage::Relationship);
    let unmet = case.verdict("relationship.capacity", 1);
    assert!(!unmet.met);
    assert_eq!(unmet.because, "Their capacity and timing are not noted.");
    let case = case.plan(PlanPart::Capacity, "Free from March");
    assert!(met(&case, "relationship.capacity"));

    // Every other prompt of the stage met: the partnership waits for capacity and timing.
    let ready = |capacity: bool| {
        let case = Case::at(Stage::Relationship)
            .plan(PlanPart::Agreement, "They lead; we bring data")
            .plan(PlanPart::PartnershipIdea, "Joint report")
            .out(InteractionKind::Give, 1)
            .log(InteractionKind::Conversation, 2, Direction::Inbound)
            .promise(3, PromiseStatus::Kept);
        if capacity {
            case.plan(PlanPart::Capacity, "Free from March")
        } else {
            case
        }
    };
    let waiting = ready(false).report(5);
    assert_eq!(
        waiting.next_action.map(|prompt| prompt.key),
        Some("relationship.capacity")
    );
    assert_eq!(waiting.proposed_move, None);
    assert_eq!(
        ready(true).report(5).proposed_move,
        Some(Stage::Partnership)
    );
}

#[test]
fn partnership_terms_and_joint_work() {
    let case = Case::at(Stage::Partnership);
    for key in ["partnership.terms", "partnership.joint_work"] {
        assert!(!met(&case, key), "{key}");
    }
    let case = case
        .plan(PlanPart::PartnershipIdea, "Co-hosted webinar series")
        .plan(PlanPart::Agreement, "We host, they moderate")
        .out(InteractionKind::Collaboration, 3);
    for key in ["partnership.terms", "partnership.joint_work"] {
        assert!(met(&case, key), "{key}");
    }
}

#[test]
fn an_agreement_written_before_the_partnership_is_not_its_terms() {
    let mut case = Case::at(Stage::Relationship)
        .plan(PlanPart::PartnershipIdea, "Co-hosted webinar series")
        .plan(PlanPart::Agreement, "We share data, they share reach");
    case.ledger
        .move_stage(case.id, Stage::Partnership, "signed".into(), day(2))
        .expect("move");
    let verdict = case.verdict("partnership.terms", 5);
    assert!(!verdict.met);
    assert!(verdict
        .because
        .starts_with("The agreement was written before"));
    // The same words, confirmed as the partnership's terms, meet it too.
    let mut confirmed = Case {
        ledger: case.ledger.clone(),
        id: case.id,
        next: case.next,
    };
    confirmed
        .ledger
        .confirm_plan(confirmed.id, PlanPart::Agreement, day(3))
        .expect("confirmed");
    assert!(met(&confirmed, "partnership.terms"));
    case.ledger
        .update_plan(
            case.id,
            PlanPart::Agreement,
            "We host and pay the venue, they moderate".into(),
            day(3),
        )
        .expect("terms");
    assert!(met(&case, "partnership.terms"));
}

#[test]
fn still_giving_counts_only_gives_since_the_partnership_began() {
    let mut case = Case::at(Stage::Relationship).out(InteractionKind::Give, 1);
    case.ledger
        .move_stage(case.id, Stage::Partnership, "signed".into(), day(2))
        .expect("move");
    assert!(!met(&case, "partnership.still_giving"));
    let case = case.out(InteractionKind::Give, 3);
    assert!(met(&case, "partnership.still_giving"));
}

#[test]
fn quality_review_must_be_recent() {
    let mut case = Case::at(Stage::Partnership);
    assert!(!met(&case, "partnership.quality"));
    let check = QualityCheck {
        at: day(0),
        trust: 4,
        mutuality: 4,
        commitment: 5,
        satisfaction: 4,
        note: String::new(),
        relationship_type: None,
    };
    case.ledger
        .add_quality_check(case.id, check)
        .expect("check");
    assert!(case.verdict("partnership.quality", 90).met);
    assert!(!case.verdict("partnership.quality", 91).met);
}

#[test]
fn next_action_is_the_first_unmet_prompt_and_moves_are_proposed_when_all_are_met() {
    let case = Case::at(Stage::Connection);
    let report = case.report(10);
    assert_eq!(
        report.next_action.map(|p| p.key),
        Some("connection.introduce")
    );
    assert_eq!(report.proposed_move, None);
    assert_eq!(report.completion(), (0, 3));

    let case = case
        .out(InteractionKind::Introduction, 1)
        .out(InteractionKind::SurfaceEngagement, 2)
        .log(InteractionKind::Conversation, 3, Direction::Inbound);
    let report = case.report(10);
    assert_eq!(report.completion(), (3, 3));
    assert!(report.next_action.is_none());
    assert_eq!(report.proposed_move, Some(Stage::Relationship));
}

#[test]
fn evidence_met_long_ago_proposes_no_move_until_they_are_back_in_touch() {
    let case = Case::at(Stage::Connection)
        .out(InteractionKind::Introduction, 1)
        .out(InteractionKind::SurfaceEngagement, 2)
        .log(InteractionKind::Conversation, 3, Direction::Inbound);
    // Nine months of silence: the prompts stay met, but no move is proposed.
    let quiet = case.report(270);
    assert_eq!(quiet.completion(), (3, 3));
    assert_eq!(quiet.proposed_move, None);
    let held = quiet.held_back.expect("says why");
    assert!(
        held.contains("get back in touch before moving to Relationship"),
        "{held}"
    );
    // A conversation now, and the move is proposed again.
    let back = case.log(InteractionKind::Conversation, 269, Direction::Inbound);
    let report = back.report(270);
    assert_eq!(report.proposed_move, Some(Stage::Relationship));
    assert_eq!(report.held_back, None);
}

#[test]
fn a_target_with_an_exchange_is_proposed_for_connection() {
    let case = Case::at(Stage::Target);
    assert_eq!(case.report(1).proposed_move, None);
    let case = case.out(InteractionKind::Introduction, 1);
    assert_eq!(case.report(2).proposed_move, Some(Stage::Connection));
    // A follow or a share is an encounter too.
    let followed = Case::at(Stage::Target).out(InteractionKind::SurfaceEngagement, 1);
    assert_eq!(followed.report(2).proposed_move, Some(Stage::Connection));
}

#[test]
fn a_prepared_target_without_any_encounter_is_not_proposed() {
    let mut case = Case::at(Stage::Target)
        .edit(|p| p.interests = vec!["energy".into()])
        .plan(PlanPart::Purpose, "Her readers are our installers");
    case.ledger
        .set_tick(case.id, "target.meet", true, day(1))
        .expect("tick");
    let report = case.report(2);
    assert_eq!(report.completion(), (3, 3), "prepared");
    assert_eq!(report.proposed_move, None, "but not approached yet");
}

#[test]
fn a_missed_promise_weighs_until_a_later_one_is_kept() {
    let case = Case::at(Stage::Relationship)
        .promise(1, PromiseStatus::Kept)
        .promise(2, PromiseStatus::Missed);
    let verdict = case.verdict("relationship.follow_through", 5);
    assert!(!verdict.met);
    assert!(verdict.because.contains("last promise was missed"));
    let case = case.promise(3, PromiseStatus::Kept);
    assert!(met(&case, "relationship.follow_through"));
    // The latest resolved decides, not the latest made: a promise made earlier but missed
    // after a later one was kept still weighs.
    let case = Case::at(Stage::Relationship)
        .promise(4, PromiseStatus::Missed)
        .promise(2, PromiseStatus::Kept);
    assert!(!met(&case, "relationship.follow_through"));
}

#[test]
fn partnership_proposes_nothing_further() {
    let case = Case::at(Stage::Partnership)
        .plan(PlanPart::PartnershipIdea, "x")
        .plan(PlanPart::Agreement, "y")
        .plan(PlanPart::Capacity, "z")
        .out(InteractionKind::Collaboration, 1)
        .out(InteractionKind::Give, 2);
    let mut case = case;
    let check = QualityCheck {
        at: day(3),
        trust: 4,
        mutuality: 4,
        commitment: 4,
        satisfaction: 4,
        note: String::new(),
        relationship_type: None,
    };
    case.ledger
        .add_quality_check(case.id, check)
        .expect("check");
    let report = case.report(5);
    assert_eq!(report.completion(), (4, 4));
    assert_eq!(report.proposed_move, None);
}

#[test]
fn relationship_phase_moves_through_the_funnel() {
    let case = Case::at(Stage::Relationship).out(InteractionKind::Conversation, 1);
    assert_eq!(case.report(5).phase, Some(Phase::Awareness));
    let case = case.out(InteractionKind::Give, 2).log(
        InteractionKind::Conversation,
        3,
        Direction::Inbound,
    );
    assert_eq!(case.report(5).phase, Some(Phase::Engagement));
    let case = case.plan(PlanPart::PartnershipIdea, "Joint study");
    assert_eq!(case.report(5).phase, Some(Phase::Conversion));
    assert_eq!(Case::at(Stage::Connection).report(5).phase, None);
}

#[test]
fn an_ask_before_any_give_or_introduction_is_warned_about() {
    let cold = Case::at(Stage::Connection).out(InteractionKind::SurfaceEngagement, 1);
    assert!(ask_warning(&cold.evidence(2)).is_some());
    let introduced = cold.out(InteractionKind::Introduction, 2);
    assert_eq!(ask_warning(&introduced.evidence(3)), None);
    // A conversation counts as the playbook counts it: the ground is prepared.
    let talked = Case::at(Stage::Connection).out(InteractionKind::Conversation, 1);
    assert_eq!(ask_warning(&talked.evidence(2)), None);
    assert!(met(&talked, "connection.introduce"));
    let gave = Case::at(Stage::Connection).out(InteractionKind::Give, 1);
    assert_eq!(ask_warning(&gave.evidence(2)), None);
}

#[test]
fn pitch_readiness_scores_and_lists_what_is_missing() {
    let cold = Case::at(Stage::Connection);
    let readiness = pitch_readiness(&cold.evidence(1));
    assert_eq!(readiness.score, 20, "only 'no overdue promise' holds");
    assert_eq!(readiness.missing.len(), 4);
    assert!(readiness.missing[3].contains("nothing is logged with them yet"));

    let ready = Case::at(Stage::Relationship)
        .edit(|p| p.interests = vec!["energy".into()])
        .out(InteractionKind::Give, 1);
    let readiness = pitch_readiness(&ready.evidence(5));
    assert_eq!(
        readiness,
        Readiness {
            score: 100,
            missing: vec![]
        }
    );
    assert!(pitch_readiness(&ready.evidence(60)).missing[0].contains("gone quiet"));
}

#[test]
fn promise_counts_count_one_side_kept_late_included() {
    let case = Case::at(Stage::Relationship);
    assert_eq!(
        case.evidence(1).promise_counts(Party::Me),
        PromiseCounts::default()
    );
    let case = case
        .promise(5, PromiseStatus::Kept)
        .promise(5, PromiseStatus::Kept)
        .promise(5, PromiseStatus::Missed)
        .promise(5, PromiseStatus::Open);
    let mine = case.evidence(1).promise_counts(Party::Me);
    assert_eq!((mine.kept, mine.kept_late, mine.missed), (2, 0, 1));
    assert_eq!(
        case.evidence(1).promise_counts(Party::Them),
        PromiseCounts::default()
    );
}

#[test]
fn same_day_interactions_keep_the_order_they_were_logged_in() {
    let same_day = |first: InteractionKind, second: InteractionKind| {
        let mut case = Case::at(Stage::Relationship);
        for (offset, kind) in [(0, first), (1, second)] {
            let details = InteractionDetails {
                day: None,
                link: String::new(),
                at: day(1),
                channel: Channel::Email,
                kind,
                direction: Direction::Outbound,
                summary: format!("{kind:?}"),
                learned: String::new(),
                pitch: None,
            };
            // Logged a minute apart, both dated the same day; the ids sort the other way.
            let logged = day(2).millis() + offset * 60_000;
            let id_time = day(2).millis() + (1 - offset) * 60_000;
            let id = InteractionId::new(Timestamp::from_millis(id_time), 7);
            case.ledger
                .log_interaction(id, case.id, details, Timestamp::from_millis(logged))
                .expect("log");
        }
        case.verdict("relationship.give_first", 5).because
    };
    assert!(same_day(InteractionKind::Give, InteractionKind::Ask).ends_with("before any ask."));
    assert!(same_day(InteractionKind::Ask, InteractionKind::Give)
        .starts_with("Your first ask, on 22 September, came before any give;"));
}

#[test]
fn broadcasts_and_likes_do_not_keep_a_relationship_warm() {
    let case = Case::at(Stage::Relationship);
    assert!(
        !case.verdict("relationship.cadence", 1).met,
        "no interaction yet"
    );
    let case = case
        .out(InteractionKind::Conversation, 0)
        .out(InteractionKind::Broadcast, 25)
        .out(InteractionKind::SurfaceEngagement, 28);
    let verdict = case.verdict("relationship.cadence", 31);
    assert!(!verdict.met);
    assert_eq!(verdict.because, "Quiet for 31 days; your cadence is 30.");
}

#[test]
fn the_quick_proposed_move_is_the_one_the_full_assessment_proposes() {
    let now = Now::utc(day(400));
    let ledger =
        crate::domain::sample::generate(9, crate::domain::sample::SampleSize::DEMO, now.at);
    let mut proposed = 0;
    for contact in ledger.contacts() {
        let evidence = Evidence::gather(&ledger, contact.id, now).expect("evidence");
        let expected = assess(&evidence).proposed_move;
        assert_eq!(
            proposed_move(&evidence),
            expected,
            "{}",
            contact.profile.name
        );
        proposed += usize::from(expected.is_some());
    }
    assert!(proposed > 0, "the sample holds contacts ready to move");
}

#[test]
fn a_pitch_is_an_approach_but_not_keeping_in_touch() {
    let in_words = |case: &Case, today: i64| {
        case.evidence(today)
            .in_touch_in_words(case.ledger.settings())
    };
    let pitched = Case::at(Stage::Target).out(InteractionKind::Ask, 1);
    assert_eq!(
        in_words(&pitched, 2),
        "No one-to-one contact logged yet. Your asks so far do not count: an ask is not \
         keeping in touch. A target gets no keep-in-touch nudge: once you have met (an \
         introduction, a conversation, a follow), move them to Connection."
    );
    let readiness = pitch_readiness(&pitched.evidence(2));
    assert_eq!(readiness.score, 20, "the pitch made nothing ready");
    assert!(readiness
        .missing
        .contains(&"Be in touch before pitching: nothing but asks is logged with them yet."));
    // In a relationship, a pitch to someone gone quiet does not warm it.
    let quiet = Case::at(Stage::Relationship)
        .out(InteractionKind::Conversation, 1)
        .out(InteractionKind::Ask, 40);
    assert_eq!(
        quiet.verdict("relationship.cadence", 41).because,
        "Quiet for 40 days; your cadence is 30. An ask does not keep the dialogue going."
    );
    assert_eq!(
        in_words(&quiet, 41),
        "Last one-to-one contact: 40 days ago. Your asks since then do not count: an ask is \
         not keeping in touch. Gone quiet: you keep in touch every 30 days (the default for \
         Relationship; set your own in Edit)."
    );
}

#[test]
fn no_move_is_proposed_while_more_was_asked_than_given_and_received() {
    let case = Case::at(Stage::Connection)
        .out(InteractionKind::Introduction, 1)
        .out(InteractionKind::SurfaceEngagement, 2)
        .log(InteractionKind::Conversation, 3, Direction::Inbound)
        .out(InteractionKind::Ask, 4);
    let report = case.report(5);
    assert_eq!(report.completion(), (3, 3), "every prompt met");
    assert_eq!(report.proposed_move, None);
    assert_eq!(proposed_move(&case.evidence(5)), None);
    assert_eq!(
        report.held_back.as_deref(),
        Some(
            "The stage's evidence is there, but you asked more than you gave and received \
             (1 asked, 0 given, 0 received): give before moving to Relationship."
        )
    );
    let given = case.out(InteractionKind::Give, 5);
    let report = given.report(6);
    assert_eq!(report.proposed_move, Some(Stage::Relationship));
    assert_eq!(report.held_back, None);
    // A target answered after a cold pitch is not proposed for connection either.
    let answered = Case::at(Stage::Target).out(InteractionKind::Ask, 1).log(
        InteractionKind::Conversation,
        2,
        Direction::Inbound,
    );
    let report = answered.report(3);
    assert_eq!(report.proposed_move, None);
    assert!(report
        .held_back
        .is_some_and(|why| why.ends_with("give before moving to Connection.")));
    // Not ready is not held back.
    assert_eq!(
        Case::at(Stage::Connection)
            .out(InteractionKind::Ask, 1)
            .report(2)
            .held_back,
        None
    );
}

#[path = "playbook_story_tests.rs"]
mod stories;

#[test]
fn a_practitioners_word_counts_as_the_kind_it_means() {
    // A pitch is an ask: pitched cold, the ground is not prepared, and it is no contact.
    let pitched = Case::at(Stage::Relationship).out(InteractionKind::Pitch, 1);
    let gave = pitched.verdict("relationship.give_first", 10);
    assert!(!gave.met);
    assert!(gave.because.starts_with("Your first ask, on 22 September"));
    assert_eq!(pitched.evidence(10).balance().asks, 1);
    assert_eq!(pitched.evidence(10).last_contact(), None);
    assert!(pitch_readiness(&pitched.evidence(10))
        .missing
        .contains(&"Be in touch before pitching: nothing but asks is logged with them yet."));
    // An exclusive offered afterwards is a give, and says so.
    let offered = pitched.out(InteractionKind::Exclusive, 2);
    assert_eq!(
        offered.verdict("relationship.give_first", 10).because,
        "Your first ask, on 22 September, came before any give; an exclusive on 23 \
         September came after it, so the next ask will not be cold."
    );
    // Coverage they wrote is something received; an interview is a conversation.
    let covered = offered
        .log(InteractionKind::Coverage, 3, Direction::Inbound)
        .log(InteractionKind::Interview, 4, Direction::Inbound);
    let balance = covered.evidence(10).balance();
    assert_eq!((balance.gives, balance.received, balance.asks), (1, 1, 1));
    assert!(covered.evidence(10).they_reached_out());
    let connection = Case::at(Stage::Connection).out(InteractionKind::Interview, 1);
    assert_eq!(
        connection.verdict("connection.introduce", 10).because,
        "An interview on 22 September; nothing asked yet."
    );
    // News under embargo is a give too.
    let embargoed = Case::at(Stage::Relationship).out(InteractionKind::Embargo, 1);
    assert!(met(&embargoed, "relationship.give_first"));
}

#[test]
fn every_kind_means_one_of_the_methods_kinds() {
    for &kind in InteractionKind::ALL {
        let meaning = kind.meaning();
        assert!(!meaning.is_pr_word(), "{kind:?} means {meaning:?}");
        assert_eq!(meaning.meaning(), meaning);
    }
}

#[test]
fn readiness_counts_one_share_per_check_of_the_table_the_guide_shows() {
    let share = 100 / READINESS_CHECKS.len();
    let score_of = |case: &Case| {
        let readiness = pitch_readiness(&case.evidence(10));
        let met = READINESS_CHECKS.len() - readiness.missing.len();
        assert_eq!(usize::from(readiness.score), met * share);
        met
    };
    // Nothing logged: only "no promise overdue" holds.
    let nothing = Case::at(Stage::Target);
    assert_eq!(score_of(&nothing), 1);
    let researched = nothing.edit(|p| p.notes = "Covers ports".into());
    assert_eq!(score_of(&researched), 2);
}
