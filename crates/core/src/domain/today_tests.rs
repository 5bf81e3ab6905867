//! Every rule of the Today agenda, on small ledgers whose answers are known by hand.

use super::*;
use crate::domain::contact::{ContactKind, ContactProfile};
use crate::domain::evidence::cadence_for;
use crate::domain::interaction::{Channel, Direction, InteractionDetails, InteractionKind};
use crate::domain::ledger::{LedgerError, PromiseDraft};
use crate::domain::time::Timestamp;
use crate::domain::InteractionId;

/// 2026-11-01T09:00:00Z.
const DAY0: Timestamp = Timestamp::from_millis(1_793_523_600_000);

fn day(n: i64) -> Timestamp {
    DAY0.plus_days(n)
}

fn date(n: i64) -> NaiveDate {
    day(n).date_utc()
}

fn now(n: i64) -> Now {
    Now::utc(day(n))
}

/// A ledger built up by a test, with fresh ids.
#[derive(Default)]
struct Book {
    ledger: Ledger,
    next: u128,
}

impl Book {
    fn serial(&mut self) -> u128 {
        self.next += 1;
        self.next
    }

    /// Adds a person at `stage` on `on`, with a profile changed by `edit`.
    fn add_with(
        &mut self,
        name: &str,
        stage: Stage,
        on: i64,
        edit: impl FnOnce(&mut ContactProfile),
    ) -> ContactId {
        let mut profile = ContactProfile::named(name, ContactKind::Person);
        edit(&mut profile);
        let id = ContactId::new(day(on), self.serial());
        self.ledger
            .add_contact(id, profile, stage, day(on))
            .expect("contact")
    }

    fn add(&mut self, name: &str, stage: Stage, on: i64) -> ContactId {
        self.add_with(name, stage, on, |_| {})
    }

    fn log(&mut self, contact: ContactId, kind: InteractionKind, on: i64) {
        let details = InteractionDetails {
            day: None,
            link: String::new(),
            at: day(on),
            channel: Channel::Email,
            kind,
            direction: Direction::Outbound,
            summary: format!("{kind:?}"),
            learned: String::new(),
            pitch: None,
        };
        let id = InteractionId::new(day(on), self.serial());
        self.ledger
            .log_interaction(id, contact, details, day(on))
            .expect("log");
    }

    fn promise(&mut self, contact: ContactId, what: &str, owed_by: Party, due: i64) -> PromiseId {
        let draft = PromiseDraft {
            what: what.into(),
            owed_by,
            due: date(due),
            interaction: None,
        };
        let id = PromiseId::new(DAY0, self.serial());
        self.ledger
            .add_promise(id, contact, draft, DAY0)
            .expect("promise")
    }

    fn agenda(&self, today: i64) -> Agenda {
        agenda(&self.ledger, now(today))
    }
}

fn names(items: &[AgendaItem]) -> Vec<&str> {
    items.iter().map(|item| item.name.as_str()).collect()
}

fn whats(items: &[AgendaItem]) -> Vec<&str> {
    items
        .iter()
        .map(|item| match &item.why {
            Why::Promise { what, .. } => what.as_str(),
            other => panic!("not a promise: {other:?}"),
        })
        .collect()
}

// ----- promises -----

#[test]
fn overdue_starts_the_day_after_due_and_due_soon_spans_a_week() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Relationship, 0);
    book.promise(ada, "yesterday", Party::Me, 9);
    book.promise(ada, "today", Party::Me, 10);
    book.promise(ada, "in a week", Party::Me, 17);
    book.promise(ada, "in eight days", Party::Me, 18);
    let agenda = book.agenda(10);
    assert_eq!(whats(&agenda.overdue), ["yesterday"]);
    assert_eq!(whats(&agenda.due_soon), ["today", "in a week"]);
    assert!(agenda.overdue[0].promise().is_some());
    assert_eq!(agenda.overdue[0].contact, ada);
    assert_eq!(agenda.overdue[0].name, "Ada");
}

#[test]
fn resolved_promises_are_not_on_the_agenda() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Relationship, 0);
    let kept = book.promise(ada, "kept", Party::Me, 5);
    let missed = book.promise(ada, "missed", Party::Them, 11);
    book.ledger
        .set_promise_status(kept, PromiseStatus::Kept, Now::utc(day(6)))
        .expect("kept");
    book.ledger
        .set_promise_status(missed, PromiseStatus::Missed, Now::utc(day(6)))
        .expect("missed");
    let agenda = book.agenda(10);
    assert!(agenda.overdue.is_empty());
    assert!(agenda.due_soon.is_empty());
}

#[test]
fn overdue_promises_list_mine_first_then_the_longest_overdue() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Relationship, 0);
    let ben = book.add("Ben", Stage::Relationship, 0);
    book.promise(ada, "theirs, 8 days late", Party::Them, 2);
    book.promise(ben, "mine, 1 day late", Party::Me, 9);
    book.promise(ada, "mine, 5 days late", Party::Me, 5);
    let agenda = book.agenda(10);
    assert_eq!(
        whats(&agenda.overdue),
        [
            "mine, 5 days late",
            "mine, 1 day late",
            "theirs, 8 days late"
        ]
    );
}

#[test]
fn due_soon_lists_the_soonest_first_and_mine_first_on_a_day() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Relationship, 0);
    book.promise(ada, "theirs in 3", Party::Them, 13);
    book.promise(ada, "mine in 3", Party::Me, 13);
    book.promise(ada, "theirs tomorrow", Party::Them, 11);
    let agenda = book.agenda(10);
    assert_eq!(
        whats(&agenda.due_soon),
        ["theirs tomorrow", "mine in 3", "theirs in 3"]
    );
}

#[test]
fn promise_reasons_say_who_owes_what_and_when() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Relationship, 0);
    book.promise(ada, "Send the deck", Party::Me, 7);
    book.promise(ada, "Review the draft", Party::Them, 9);
    book.promise(ada, "Intro to Ben", Party::Me, 11);
    book.promise(ada, "Share the data", Party::Me, 10);
    book.promise(ada, "Call back", Party::Them, 14);
    let agenda = book.agenda(10);
    let reasons: Vec<String> = agenda
        .overdue
        .iter()
        .chain(&agenda.due_soon)
        .map(|item| item.reason())
        .collect();
    assert_eq!(
        reasons,
        [
            "You promised: Send the deck (3 days overdue)",
            "They promised: Review the draft (1 day overdue)",
            "You promised: Share the data (due today)",
            "You promised: Intro to Ben (due tomorrow)",
            "They promised: Call back (due in 4 days)",
        ]
    );
}

// ----- quiet relationships -----

#[test]
fn quiet_means_longer_than_the_cadence_since_the_last_interaction() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Connection, 0);
    book.log(ada, InteractionKind::Conversation, 10);
    // Connection's cadence is 60 days: day 70 is exactly 60 days on, still in cadence.
    assert!(book.agenda(70).quiet.is_empty());
    let agenda = book.agenda(71);
    assert_eq!(names(&agenda.quiet), ["Ada"]);
    assert_eq!(
        agenda.quiet[0].why,
        Why::Quiet {
            days: 61,
            cadence: 60,
            ever_logged: true
        }
    );
    assert_eq!(
        agenda.quiet[0].reason(),
        "61 days quiet since the last one-to-one contact; you keep in touch every 60 days"
    );
    // Near a long cadence the count stays exact; far past it, it reads in months or years.
    let near = Why::Quiet {
        days: 201,
        cadence: 200,
        ever_logged: true,
    };
    assert!(near.reason().starts_with("201 days quiet"));
    let far = Why::Quiet {
        days: 1_648,
        cadence: 60,
        ever_logged: true,
    };
    assert!(far.reason().starts_with("4 years quiet"));
}

#[test]
fn the_cadence_restarts_at_every_interaction() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Connection, 0);
    book.log(ada, InteractionKind::Conversation, 10);
    assert_eq!(names(&book.agenda(75).quiet), ["Ada"]);
    // Logging again restarts the count, not a fixed timer from the first contact.
    book.log(ada, InteractionKind::Give, 74);
    assert!(book.agenda(75).quiet.is_empty());
    assert!(book.agenda(134).quiet.is_empty());
    assert_eq!(names(&book.agenda(135).quiet), ["Ada"]);
}

#[test]
fn an_interaction_logged_for_an_earlier_day_counts_from_its_day() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Partnership, 0);
    book.log(ada, InteractionKind::Conversation, 20);
    // Logged late for an earlier day: the latest date counts, not the order of logging.
    book.log(ada, InteractionKind::Give, 5);
    assert!(book.agenda(34).quiet.is_empty());
    assert_eq!(names(&book.agenda(35).quiet), ["Ada"]);
}

#[test]
fn with_no_interaction_the_count_starts_when_the_stage_was_entered() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Target, 0);
    book.ledger
        .move_stage(ada, Stage::Relationship, "met at a panel".into(), day(40))
        .expect("move");
    // Relationship: 30 days. Created on day 0 but entered the stage on day 40.
    assert!(book.agenda(70).quiet.is_empty());
    let agenda = book.agenda(71);
    assert_eq!(names(&agenda.quiet), ["Ada"]);
    assert_eq!(
        agenda.quiet[0].why,
        Why::Quiet {
            days: 31,
            cadence: 30,
            ever_logged: false
        }
    );
    assert!(agenda.quiet[0]
        .reason()
        .contains("since entering this stage, with no one-to-one contact logged"));
}

#[test]
fn a_pitch_neither_restarts_the_cadence_nor_leaves_a_target_unapproached() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Connection, 0);
    book.log(ada, InteractionKind::Conversation, 10);
    // A pitch to someone going quiet does not warm the relationship.
    book.log(ada, InteractionKind::Ask, 65);
    let agenda = book.agenda(71);
    assert_eq!(names(&agenda.quiet), ["Ada"]);
    assert_eq!(
        agenda.quiet[0].why,
        Why::Quiet {
            days: 61,
            cadence: 60,
            ever_logged: true
        }
    );
    // A pitched target was approached: it leaves the list of targets to approach, and gets
    // no nudge until it is moved on.
    let bob = book.add("Bob", Stage::Target, 0);
    assert_eq!(names(&book.agenda(1).targets), ["Bob"]);
    book.log(bob, InteractionKind::Ask, 1);
    let agenda = book.agenda(200);
    assert!(agenda.targets.is_empty());
    assert!(agenda.proposed.is_empty(), "a pitch is no encounter");
    assert!(!names(&agenda.quiet).contains(&"Bob"));
}

#[test]
fn targets_have_no_default_cadence() {
    let mut book = Book::default();
    book.add("Ada", Stage::Target, 0);
    assert!(book.agenda(1_000).quiet.is_empty());
}

#[test]
fn quiet_relationships_list_the_furthest_past_their_cadence_first() {
    let mut book = Book::default();
    let con = book.add("Connie", Stage::Connection, 0); // 60 days
    let par = book.add("Parker", Stage::Partnership, 0); // 14 days
    let rel = book.add("Rell", Stage::Relationship, 0); // 30 days
    book.log(con, InteractionKind::Conversation, 0);
    book.log(par, InteractionKind::Conversation, 50);
    book.log(rel, InteractionKind::Conversation, 20);
    // On day 70: Connie 70 days (10 past), Parker 20 (6 past), Rell 50 (20 past).
    assert_eq!(names(&book.agenda(70).quiet), ["Rell", "Connie", "Parker"]);
}

#[test]
fn equally_overdue_quiet_contacts_go_by_name() {
    let mut book = Book::default();
    let bea = book.add("bea", Stage::Connection, 0);
    let abe = book.add("Abe", Stage::Connection, 0);
    book.log(bea, InteractionKind::Conversation, 0);
    book.log(abe, InteractionKind::Conversation, 0);
    assert_eq!(names(&book.agenda(61).quiet), ["Abe", "bea"]);
}

// ----- cadence in force -----

#[test]
fn the_contacts_own_cadence_beats_a_tag_which_beats_the_stage_default() {
    let mut book = Book::default();
    let own = book.add_with("Own", Stage::Connection, 0, |profile| {
        profile.cadence_days = Some(10);
        profile.tags = vec!["tech press".into()];
    });
    let tagged = book.add_with("Tagged", Stage::Connection, 0, |profile| {
        profile.tags = vec!["Tech Press ".into()];
    });
    let plain = book.add("Plain", Stage::Connection, 0);
    book.ledger
        .set_tag_cadence("tech press", Some(20))
        .expect("tag cadence");
    let cadence = |id| {
        cadence_for(
            book.ledger.contact(id).expect("contact"),
            book.ledger.settings(),
            false,
        )
    };
    assert_eq!(cadence(own), Some(10));
    assert_eq!(cadence(tagged), Some(20));
    assert_eq!(cadence(plain), Some(60));

    for id in [own, tagged, plain] {
        book.log(id, InteractionKind::Conversation, 0);
    }
    let quiet_on = |today| {
        let agenda = book.agenda(today);
        names(&agenda.quiet)
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert!(quiet_on(10).is_empty());
    assert_eq!(quiet_on(11), ["Own"]);
    assert_eq!(quiet_on(21), ["Own", "Tagged"]);
    assert_eq!(quiet_on(61), ["Own", "Tagged", "Plain"]);
    // Without the tag's cadence the tagged contact falls back to the stage default.
    book.ledger
        .set_tag_cadence("TECH PRESS", None)
        .expect("clear tag cadence");
    assert!(book.agenda(21).quiet.iter().all(|item| item.name == "Own"));
}

#[test]
fn the_shortest_tag_cadence_wins_and_targets_ignore_tags() {
    let mut book = Book::default();
    let both = book.add_with("Both", Stage::Relationship, 0, |profile| {
        profile.tags = vec!["monthly".into(), "weekly".into(), "other".into()];
    });
    let target = book.add_with("Target", Stage::Target, 0, |profile| {
        profile.tags = vec!["weekly".into()];
    });
    let chosen = book.add_with("Chosen", Stage::Target, 0, |profile| {
        profile.cadence_days = Some(5);
    });
    for (tag, days) in [("Monthly", 31), ("weekly", 7)] {
        book.ledger
            .set_tag_cadence(tag, Some(days))
            .expect("tag cadence");
    }
    let cadence = |id| {
        cadence_for(
            book.ledger.contact(id).expect("contact"),
            book.ledger.settings(),
            false,
        )
    };
    assert_eq!(cadence(both), Some(7));
    assert_eq!(cadence(target), None);
    assert_eq!(cadence(chosen), Some(5));
}

// ----- proposed moves and targets -----

#[test]
fn a_target_with_an_exchange_logged_is_proposed_for_connection() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Target, 0);
    book.add("Ben", Stage::Target, 0);
    book.log(ada, InteractionKind::Introduction, 2);
    let agenda = book.agenda(3);
    assert_eq!(names(&agenda.proposed), ["Ada"]);
    assert_eq!(agenda.proposed[0].proposed_stage(), Some(Stage::Connection));
}

#[test]
fn a_proposed_move_says_which_evidence_supports_it() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Target, 0);
    book.log(ada, InteractionKind::Introduction, 2);
    // A connection with every prompt met: introduced, and they answered.
    let ben = book.add("Ben", Stage::Connection, 0);
    book.log(ben, InteractionKind::Introduction, 1);
    book.log(ben, InteractionKind::Give, 1);
    let details = InteractionDetails {
        day: None,
        at: day(2),
        channel: Channel::Email,
        kind: InteractionKind::Conversation,
        direction: Direction::Inbound,
        summary: "They wrote back".into(),
        learned: String::new(),
        pitch: None,
        link: String::new(),
    };
    let id = InteractionId::new(day(2), book.serial());
    book.ledger
        .log_interaction(id, ben, details, day(2))
        .expect("log");
    let agenda = book.agenda(3);
    assert_eq!(names(&agenda.proposed), ["Ada", "Ben"]);
    assert_eq!(
        agenda.proposed[0].reason(),
        "An introduction on 3 November opened the door: ready for Connection"
    );
    assert_eq!(
        agenda.proposed[1].reason(),
        "All 3 Connection prompts met; 1 given, 0 received, 0 asked: ready for Relationship"
    );
    let Why::Move { grounds, .. } = &agenda.proposed[1].why else {
        panic!("not a move: {:?}", agenda.proposed[1].why);
    };
    assert_eq!(
        grounds.evidence,
        [
            "Introduce yourself before you need anything: An introduction on 2 November; nothing asked yet.",
            "Engage with their work: Engagement with their work logged.",
            "Have a first exchange both ways: They have reached out to you.",
        ]
    );
}

#[test]
fn proposed_moves_go_by_name() {
    let mut book = Book::default();
    let zed = book.add("Zed", Stage::Target, 0);
    let amy = book.add("amy", Stage::Target, 0);
    book.log(zed, InteractionKind::Conversation, 1);
    book.log(amy, InteractionKind::Introduction, 1);
    assert_eq!(names(&book.agenda(2).proposed), ["amy", "Zed"]);
}

#[test]
fn targets_not_yet_approached_list_the_oldest_first() {
    let mut book = Book::default();
    book.add("Newer", Stage::Target, 5);
    book.add("Older", Stage::Target, 1);
    let approached = book.add("Approached", Stage::Target, 0);
    book.log(approached, InteractionKind::SurfaceEngagement, 2);
    // A newsletter sent to a list is no approach.
    let on_the_list = book.add("On the list", Stage::Target, 3);
    book.log(on_the_list, InteractionKind::Broadcast, 4);
    book.add("Connected", Stage::Connection, 0);
    let agenda = book.agenda(6);
    assert_eq!(names(&agenda.targets), ["Older", "On the list", "Newer"]);
    assert_eq!(agenda.targets[0].why, Why::NotApproached { days: 5 });
    assert_eq!(
        agenda.targets[0].reason(),
        "A target for 5 days, not approached yet"
    );
    assert_eq!(
        book.agenda(5).targets[2].reason(),
        "Added today, not approached yet"
    );
}

#[test]
fn an_outlet_whose_people_are_in_the_ledger_is_approached_through_them() {
    let mut book = Book::default();
    let outlet = book.add_with("Le Monde", Stage::Target, 0, |profile| {
        profile.kind = ContactKind::Organization
    });
    book.add_with("Empty Outlet", Stage::Target, 0, |profile| {
        profile.kind = ContactKind::Organization
    });
    book.add_with("Claire Dubois", Stage::Target, 1, |profile| {
        profile.organization = Some(outlet)
    });
    assert_eq!(
        names(&book.agenda(3).targets),
        ["Empty Outlet", "Claire Dubois"]
    );
}

#[test]
fn a_contact_moved_back_to_target_counts_from_the_move() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Connection, 0);
    book.ledger
        .move_stage(ada, Stage::Target, "wrong person".into(), day(3))
        .expect("move");
    assert_eq!(
        book.agenda(10).targets[0].why,
        Why::NotApproached { days: 7 }
    );
}

// ----- snooze -----

#[test]
fn snooze_hides_a_contact_from_nudges_until_its_day() {
    let mut book = Book::default();
    let quiet = book.add("Quiet", Stage::Partnership, 0);
    let target = book.add("Target", Stage::Target, 0);
    let ready = book.add("Ready", Stage::Target, 0);
    book.log(ready, InteractionKind::Introduction, 0);
    book.promise(quiet, "Send the contract", Party::Me, 18);
    let before = book.agenda(20);
    assert_eq!(names(&before.quiet), ["Quiet"]);
    assert_eq!(names(&before.targets), ["Target"]);
    assert_eq!(names(&before.proposed), ["Ready"]);

    for id in [quiet, target, ready] {
        book.ledger
            .snooze(id, Some(date(27)), day(20))
            .expect("snooze");
    }
    for today in [20, 26] {
        let snoozed = book.agenda(today);
        assert!(snoozed.quiet.is_empty(), "day {today}");
        assert!(snoozed.targets.is_empty(), "day {today}");
        assert!(snoozed.proposed.is_empty(), "day {today}");
        // A promise is owed whatever the snooze.
        assert_eq!(whats(&snoozed.overdue), ["Send the contract"]);
    }
    let back = book.agenda(27);
    assert_eq!(names(&back.quiet), ["Quiet"]);
    assert_eq!(names(&back.targets), ["Target"]);
    assert_eq!(names(&back.proposed), ["Ready"]);
}

#[test]
fn waking_a_snoozed_contact_brings_it_back() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Target, 0);
    book.ledger
        .snooze(ada, Some(date(7)), day(0))
        .expect("snooze");
    assert!(book.agenda(1).targets.is_empty());
    book.ledger.snooze(ada, None, day(1)).expect("wake");
    assert_eq!(names(&book.agenda(1).targets), ["Ada"]);
}

#[test]
fn snoozing_marks_the_contact_changed_and_checks_the_day() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Connection, 0);
    book.ledger.mark_saved();
    book.ledger
        .snooze(ada, Some(date(7)), day(1))
        .expect("snooze");
    let contact = book.ledger.contact(ada).expect("contact");
    assert_eq!(contact.snoozed_until, Some(date(7)));
    assert_eq!(contact.updated_at, day(1));
    assert!(book.ledger.pending_changes().contacts.contains(&ada));

    // Snoozing again to the same day changes nothing.
    book.ledger.mark_saved();
    book.ledger
        .snooze(ada, Some(date(7)), day(2))
        .expect("same");
    assert!(book.ledger.pending_changes().is_empty());

    assert_eq!(
        book.ledger.snooze(ada, Some(date(-1)), day(1)),
        Err(LedgerError::SnoozeOutOfRange)
    );
    assert_eq!(
        book.ledger.snooze(ada, Some(date(400)), day(1)),
        Err(LedgerError::SnoozeOutOfRange)
    );
    // A day either side of UTC's date is accepted: the person's calendar may differ.
    assert!(book.ledger.snooze(ada, Some(date(0)), day(1)).is_ok());
    assert!(book.ledger.snooze(ada, Some(date(367)), day(1)).is_ok());
    let ghost = ContactId::new(DAY0, 999);
    assert_eq!(
        book.ledger.snooze(ghost, Some(date(7)), day(1)),
        Err(LedgerError::ContactNotFound(ghost))
    );
}

#[test]
fn an_empty_ledger_has_an_empty_agenda() {
    assert!(agenda(&Ledger::new(), now(0)).is_empty());
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Connection, 0);
    book.log(ada, InteractionKind::Conversation, 0);
    assert!(book.agenda(1).is_empty());
}

#[test]
fn snoozes_survive_export_and_import() {
    let mut book = Book::default();
    let ada = book.add("Ada", Stage::Connection, 0);
    book.ledger
        .snooze(ada, Some(date(7)), day(0))
        .expect("snooze");
    let records = book.ledger.to_records();
    let json = serde_json::to_string(&records).expect("json");
    assert!(json.contains("\"snoozed_until\":\"2026-11-08\""));
    let back: crate::domain::LedgerRecords = serde_json::from_str(&json).expect("parse");
    assert_eq!(back, records);
    // Exports written before snoozes existed still read, with nothing snoozed.
    let old = json.replace(",\"snoozed_until\":\"2026-11-08\"", "");
    let old: crate::domain::LedgerRecords = serde_json::from_str(&old).expect("old");
    assert_eq!(old.contacts[0].snoozed_until, None);
}
