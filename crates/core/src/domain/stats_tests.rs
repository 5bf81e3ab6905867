use chrono::NaiveDate;

use super::*;
use crate::domain::contact::{ContactKind, ContactProfile};
use crate::domain::id::{ContactId, InteractionId, PromiseId};
use crate::domain::interaction::{Channel, InteractionDetails};
use crate::domain::ledger::PromiseDraft;
use crate::domain::time::Timestamp;

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("date")
}

/// Noon UTC on a calendar day.
fn on(year: i32, month: u32, day: u32) -> Timestamp {
    let noon = date(year, month, day)
        .and_hms_opt(12, 0, 0)
        .expect("time")
        .and_utc();
    Timestamp::from_millis(noon.timestamp_millis())
}

/// `days` after the first of January 2026.
fn day(days: i64) -> Timestamp {
    on(2026, 1, 1).plus_days(days)
}

/// "Now" for the monthly and promise figures: 14 March 2026.
fn now() -> Now {
    Now::utc(on(2026, 3, 14))
}

/// A small ledger built with the ledger's own operations, handing out fresh ids.
struct Builder {
    ledger: Ledger,
    next: u128,
}

impl Builder {
    fn new() -> Self {
        Self {
            ledger: Ledger::new(),
            next: 1,
        }
    }

    fn bump(&mut self) -> u128 {
        self.next += 1;
        self.next
    }

    fn contact(&mut self, stakeholder: StakeholderType, stage: Stage, at: Timestamp) -> ContactId {
        let mut profile =
            ContactProfile::named(format!("Contact {}", self.next), ContactKind::Person);
        profile.stakeholder = stakeholder;
        let id = ContactId::new(at, self.bump());
        self.ledger
            .add_contact(id, profile, stage, at)
            .expect("contact")
    }

    /// A contact that starts at `start` on day 0 and then makes each `(stage, day)` move.
    fn journey(&mut self, start: Stage, moves: &[(Stage, i64)]) -> ContactId {
        let id = self.contact(StakeholderType::Other, start, day(0));
        for &(stage, on_day) in moves {
            self.ledger
                .move_stage(id, stage, "moved".into(), day(on_day))
                .expect("move");
        }
        id
    }

    fn log(&mut self, contact: ContactId, kind: InteractionKind, at: Timestamp, inbound: bool) {
        let id = InteractionId::new(at, self.bump());
        let details = InteractionDetails {
            day: None,
            link: String::new(),
            at,
            channel: Channel::Email,
            kind,
            direction: if inbound {
                Direction::Inbound
            } else {
                Direction::Outbound
            },
            summary: format!("{kind:?}"),
            learned: String::new(),
            pitch: None,
        };
        self.ledger
            .log_interaction(id, contact, details, at)
            .expect("interaction");
    }

    fn promise(
        &mut self,
        contact: ContactId,
        owed_by: Party,
        due: NaiveDate,
        status: PromiseStatus,
    ) {
        let id = PromiseId::new(day(0), self.bump());
        let draft = PromiseDraft {
            what: "Send the deck".into(),
            owed_by,
            due,
            interaction: None,
        };
        self.ledger
            .add_promise(id, contact, draft, day(0))
            .expect("promise");
        if status != PromiseStatus::Open {
            self.ledger
                .set_promise_status(id, status, Now::utc(day(1)))
                .expect("status");
        }
    }
}

// ----- funnel -----

/// Six journeys: through to Partnership, two stopping on the way, one added straight at
/// Relationship, one never approached, and one that reached Relationship and fell back.
fn funnel_ledger() -> Ledger {
    let mut b = Builder::new();
    b.journey(
        Stage::Target,
        &[
            (Stage::Connection, 10),
            (Stage::Relationship, 40),
            (Stage::Partnership, 100),
        ],
    );
    b.journey(Stage::Connection, &[(Stage::Relationship, 20)]);
    b.journey(Stage::Connection, &[]);
    b.journey(Stage::Relationship, &[]);
    b.journey(Stage::Target, &[]);
    b.journey(
        Stage::Target,
        &[
            (Stage::Connection, 1),
            (Stage::Relationship, 51),
            (Stage::Connection, 60),
        ],
    );
    b.ledger
}

#[test]
fn funnel_counts_current_and_reached_stages() {
    let funnel = funnel(&funnel_ledger());
    let current: Vec<usize> = funnel.stages.iter().map(|stage| stage.current).collect();
    let reached: Vec<usize> = funnel.stages.iter().map(|stage| stage.reached).collect();
    assert_eq!(current, vec![1, 2, 2, 1]);
    assert_eq!(reached, vec![6, 5, 4, 1]);
    assert_eq!(
        funnel.stages.iter().map(|s| s.stage).collect::<Vec<_>>(),
        Stage::ALL.to_vec()
    );
}

#[test]
fn conversion_is_reached_next_over_reached_this() {
    let funnel = funnel(&funnel_ledger());
    let pairs: Vec<(Stage, Stage, usize, usize, Option<u32>)> = funnel
        .conversions
        .iter()
        .map(|c| (c.from, c.to, c.reached_from, c.reached_to, c.percent()))
        .collect();
    assert_eq!(
        pairs,
        vec![
            (Stage::Target, Stage::Connection, 6, 5, Some(83)),
            (Stage::Connection, Stage::Relationship, 5, 4, Some(80)),
            (Stage::Relationship, Stage::Partnership, 4, 1, Some(25)),
        ]
    );
    assert_eq!(
        funnel
            .conversion_into(Stage::Relationship)
            .map(|c| c.reached_to),
        Some(4)
    );
}

#[test]
fn median_days_between_stages_uses_contacts_that_made_the_move() {
    let funnel = funnel(&funnel_ledger());
    // Connection to Relationship: 30, 20 and 50 days; the contact added straight at
    // Relationship has no entry into Connection and is left out.
    assert_eq!(funnel.moves_to_relationship, 3);
    assert_eq!(funnel.median_days_to_relationship, Some(30.0));
    assert_eq!(funnel.moves_to_partnership, 1);
    assert_eq!(funnel.median_days_to_partnership, Some(60.0));
}

#[test]
fn median_days_use_the_first_entry_into_each_stage() {
    let mut b = Builder::new();
    b.journey(
        Stage::Connection,
        &[
            (Stage::Relationship, 10),
            (Stage::Connection, 20),
            (Stage::Relationship, 90),
        ],
    );
    // Entered Relationship first, fell back to Connection, never moved up again: no move
    // from Connection to Relationship after entering Connection.
    b.journey(Stage::Relationship, &[(Stage::Connection, 5)]);
    let funnel = funnel(&b.ledger);
    assert_eq!(funnel.moves_to_relationship, 1);
    assert_eq!(funnel.median_days_to_relationship, Some(10.0));
    assert_eq!(funnel.median_days_to_partnership, None);
}

#[test]
fn median_of_an_even_count_is_the_mean_of_the_middle_two() {
    assert_eq!(median(&mut [10, 3, 7, 1]), Some(5.0));
    assert_eq!(median(&mut [4, 5]), Some(4.5));
    assert_eq!(median(&mut [9]), Some(9.0));
    assert_eq!(median(&mut []), None);
}

// ----- stakeholder mix -----

#[test]
fn stakeholder_mix_counts_types_per_stage_and_the_media_share() {
    let mut b = Builder::new();
    b.contact(StakeholderType::Journalist, Stage::Target, day(0));
    b.contact(StakeholderType::Journalist, Stage::Relationship, day(0));
    b.contact(StakeholderType::Creator, Stage::Connection, day(0));
    b.contact(StakeholderType::Customer, Stage::Relationship, day(0));
    b.contact(StakeholderType::Investor, Stage::Relationship, day(0));
    b.contact(StakeholderType::Partner, Stage::Partnership, day(0));
    let mix = stakeholder_mix(&b.ledger);

    assert_eq!(mix.rows.len(), StakeholderType::ALL.len());
    let row = |stakeholder| {
        mix.rows
            .iter()
            .find(|row| row.stakeholder == stakeholder)
            .copied()
            .expect("row")
    };
    assert_eq!(row(StakeholderType::Journalist).by_stage, [1, 0, 1, 0]);
    assert_eq!(row(StakeholderType::Journalist).total(), 2);
    assert_eq!(row(StakeholderType::Customer).by_stage, [0, 0, 1, 0]);
    assert_eq!(row(StakeholderType::Analyst).total(), 0);
    assert_eq!(mix.types_present(), 5);

    assert_eq!((mix.overall.media, mix.overall.total), (3, 6));
    assert_eq!(mix.overall.percent(), Some(50));
    let shares: Vec<(usize, usize, Option<u32>)> = mix
        .by_stage
        .iter()
        .map(|share| (share.media, share.others(), share.percent()))
        .collect();
    assert_eq!(
        shares,
        vec![
            (1, 0, Some(100)),
            (1, 0, Some(100)),
            (1, 2, Some(33)),
            (0, 1, Some(0)),
        ]
    );
    assert_eq!(mix.by_stage[2].stage, Some(Stage::Relationship));
}

#[test]
fn the_media_are_journalists_creators_influencers_and_analysts() {
    let media: Vec<StakeholderType> = StakeholderType::ALL
        .iter()
        .copied()
        .filter(|stakeholder| stakeholder.is_media())
        .collect();
    assert_eq!(media, StakeholderType::MEDIA.to_vec());
}

// ----- monthly flow -----

#[test]
fn monthly_flow_covers_twelve_months_ending_now_zero_filled() {
    let mut b = Builder::new();
    let ada = b.contact(StakeholderType::Journalist, Stage::Connection, day(0));
    b.log(ada, InteractionKind::Give, on(2026, 3, 2), false);
    b.log(ada, InteractionKind::Give, on(2026, 3, 13), false);
    b.log(ada, InteractionKind::Ask, on(2026, 2, 28), false);
    b.log(ada, InteractionKind::Received, on(2026, 2, 10), true);
    b.log(ada, InteractionKind::Give, on(2025, 4, 1), false);
    b.log(ada, InteractionKind::Conversation, on(2026, 3, 3), false);
    // Outside the window: thirteen months back, and next month.
    b.log(ada, InteractionKind::Ask, on(2025, 3, 31), false);
    b.log(ada, InteractionKind::Give, on(2026, 4, 1), false);
    let months = monthly_flow(&b.ledger, now());

    assert_eq!(months.len(), MONTHS);
    assert_eq!(months[0].month, date(2025, 4, 1));
    assert_eq!(months[11].month, date(2026, 3, 1));
    assert_eq!(months[11].label(), "Mar 2026");
    assert_eq!(months[0].short_label(), "Apr");
    let flows: Vec<(usize, usize, usize)> = months
        .iter()
        .map(|month| (month.gives, month.received, month.asks))
        .collect();
    let mut expected = vec![(0, 0, 0); MONTHS];
    expected[0] = (1, 0, 0);
    expected[10] = (0, 1, 1);
    expected[11] = (2, 0, 0);
    assert_eq!(flows, expected);
    assert_eq!(
        flow_totals(&months),
        FlowTotals {
            gives: 3,
            received: 1,
            asks: 1
        }
    );
}

#[test]
fn an_interaction_counts_in_the_month_of_its_local_day() {
    let mut b = Builder::new();
    let ada = b.contact(StakeholderType::Journalist, Stage::Connection, day(0));
    // 23:00 UTC on 28 February is 1 March in Auckland (UTC+13).
    b.log(
        ada,
        InteractionKind::Give,
        on(2026, 2, 28).plus_minutes(11 * 60),
        false,
    );
    let march = |now: Now| monthly_flow(&b.ledger, now)[11].gives;
    assert_eq!(march(Now::with_offset(on(2026, 3, 14), 13 * 60)), 1);
    assert_eq!(march(Now::utc(on(2026, 3, 14))), 0);
}

#[test]
fn months_wrap_across_the_year() {
    assert_eq!(month_start(date(2026, 1, 20), 1), date(2025, 12, 1));
    assert_eq!(month_start(date(2026, 1, 20), 13), date(2024, 12, 1));
    assert_eq!(month_start(date(2026, 12, 31), 0), date(2026, 12, 1));
    let january = Now::utc(on(2026, 1, 5));
    let months = monthly_flow(&Ledger::new(), january);
    assert_eq!(months[0].month, date(2025, 2, 1));
    assert_eq!(months[11].month, date(2026, 1, 1));
}

// ----- dialogue versus broadcast -----

#[test]
fn dialogue_broadcast_and_surface_are_counted_apart() {
    let mut b = Builder::new();
    let ada = b.contact(StakeholderType::Customer, Stage::Connection, day(0));
    b.log(ada, InteractionKind::Give, day(1), false);
    b.log(ada, InteractionKind::Ask, day(2), true);
    b.log(ada, InteractionKind::Conversation, day(3), true);
    b.log(ada, InteractionKind::Received, day(4), false);
    b.log(ada, InteractionKind::Broadcast, day(5), false);
    b.log(ada, InteractionKind::Broadcast, day(6), false);
    b.log(ada, InteractionKind::SurfaceEngagement, day(7), false);
    let mix = dialogue_mix(&b.ledger);
    assert_eq!(
        mix,
        DialogueMix {
            dialogue: 4,
            inbound: 2,
            broadcast: 2,
            surface: 1
        }
    );
    assert_eq!(mix.total(), 7);
    assert_eq!(mix.dialogue_percent(), Some(67));
}

#[test]
fn every_kind_has_a_reach() {
    let dialogue = InteractionKind::ALL
        .iter()
        .filter(|&&kind| reach_of(kind) == Reach::Dialogue)
        .count();
    assert_eq!(dialogue, InteractionKind::ALL.len() - 2);
    assert_eq!(reach_of(InteractionKind::Broadcast), Reach::Broadcast);
    assert_eq!(reach_of(InteractionKind::SurfaceEngagement), Reach::Surface);
}

// ----- promises -----

#[test]
fn promises_kept_missed_open_and_overdue_by_side() {
    let mut b = Builder::new();
    let ada = b.contact(StakeholderType::Journalist, Stage::Relationship, day(0));
    b.promise(ada, Party::Me, date(2026, 2, 1), PromiseStatus::Kept);
    b.promise(ada, Party::Me, date(2026, 3, 1), PromiseStatus::Kept);
    b.promise(ada, Party::Me, date(2026, 3, 1), PromiseStatus::Missed);
    b.promise(ada, Party::Me, date(2026, 3, 14), PromiseStatus::Open);
    b.promise(ada, Party::Me, date(2026, 3, 13), PromiseStatus::Open);
    b.promise(ada, Party::Them, date(2026, 1, 1), PromiseStatus::Missed);
    b.promise(ada, Party::Them, date(2026, 4, 1), PromiseStatus::Open);
    let stats = promise_stats(&b.ledger, now());
    assert_eq!(
        stats.mine,
        PromiseCounts {
            kept: 2,
            kept_late: 0,
            missed: 1,
            open: 1,
            overdue: 1
        }
    );
    assert_eq!(
        stats.theirs,
        PromiseCounts {
            kept: 0,
            kept_late: 0,
            missed: 1,
            open: 1,
            overdue: 0
        }
    );
    assert_eq!(
        stats.all(),
        PromiseCounts {
            kept: 2,
            kept_late: 0,
            missed: 2,
            open: 2,
            overdue: 1
        }
    );
    assert_eq!(stats.all().total(), 7);
    assert_eq!(stats.mine.kept_percent(), Some(67));
    assert_eq!(stats.all().kept_percent(), Some(50));
    assert_eq!(stats.theirs.kept_percent(), Some(0));
    assert_eq!(PromiseCounts::default().kept_percent(), None);
}

#[test]
fn a_promise_kept_after_its_due_day_counts_as_kept_late() {
    let mut b = Builder::new();
    let ada = b.contact(StakeholderType::Journalist, Stage::Relationship, day(0));
    // The builder resolves every promise on 2 January.
    b.promise(ada, Party::Me, date(2026, 1, 2), PromiseStatus::Kept);
    b.promise(ada, Party::Me, date(2026, 1, 1), PromiseStatus::Kept);
    b.promise(ada, Party::Them, date(2025, 12, 20), PromiseStatus::Kept);
    b.promise(ada, Party::Me, date(2025, 12, 31), PromiseStatus::Missed);
    let stats = promise_stats(&b.ledger, now());
    assert_eq!((stats.mine.kept, stats.mine.kept_late), (2, 1));
    assert_eq!((stats.theirs.kept, stats.theirs.kept_late), (1, 1));
    assert_eq!(stats.all().kept_late, 2);
    // Late is judged on the person's calendar when they marked it (2 January, in UTC
    // here): looking from fourteen hours east, where it was already the 3rd, changes nothing.
    let east = Now::with_offset(now().at, 14 * 60);
    assert_eq!(promise_stats(&b.ledger, east).mine.kept_late, 1);
    // A promise resolved before that day was recorded (schema version 4) is judged on the
    // calendar it is looked at from.
    let mut records = b.ledger.to_records();
    for promise in &mut records.promises {
        promise.resolved_on = None;
    }
    let older = Ledger::from_records(records).expect("ledger");
    assert_eq!(promise_stats(&older, now()).mine.kept_late, 1);
    assert_eq!(promise_stats(&older, east).mine.kept_late, 2);
}

// ----- the whole page -----

#[test]
fn an_empty_ledger_has_zero_figures_and_no_ratios() {
    let all = insights(&Ledger::new(), now());
    assert_eq!(all.contacts, 0);
    assert!(all
        .funnel
        .stages
        .iter()
        .all(|s| s.current == 0 && s.reached == 0));
    assert!(all.funnel.conversions.iter().all(|c| c.percent().is_none()));
    assert_eq!(all.funnel.median_days_to_relationship, None);
    assert_eq!(all.mix.overall.percent(), None);
    assert_eq!(all.months.len(), MONTHS);
    assert_eq!(flow_totals(&all.months), FlowTotals::default());
    assert_eq!(all.dialogue.dialogue_percent(), None);
    assert_eq!(all.promises.all().total(), 0);
    assert_eq!(all.quality, QualityOverview::default());
}

#[test]
fn quality_counts_latest_checks_the_declining_and_the_latest_type_named() {
    use crate::domain::contact::QualityCheck;
    let check = |at: i64, rating: u8, relationship_type| QualityCheck {
        at: day(at),
        trust: rating,
        mutuality: rating,
        commitment: rating,
        satisfaction: rating,
        note: String::new(),
        relationship_type,
    };
    let mut b = Builder::new();
    let warming = b.contact(StakeholderType::Journalist, Stage::Relationship, day(0));
    let cooling = b.contact(StakeholderType::Partner, Stage::Partnership, day(0));
    let once = b.contact(StakeholderType::Customer, Stage::Relationship, day(0));
    b.contact(StakeholderType::Journalist, Stage::Connection, day(0));
    let checks = [
        (warming, check(1, 3, Some(RelationshipType::Exchange))),
        (warming, check(9, 4, Some(RelationshipType::Communal))),
        (cooling, check(1, 5, Some(RelationshipType::Communal))),
        // A later check that names no type keeps the type named before.
        (cooling, check(9, 2, None)),
        (once, check(5, 3, None)),
    ];
    for (contact, check) in checks {
        b.ledger.add_quality_check(contact, check).expect("check");
    }
    let quality = quality_overview(&b.ledger);
    assert_eq!(quality.rated, 3);
    assert_eq!(quality.average, Some(3.0));
    assert_eq!(quality.declining, vec![(cooling, "Contact 2".to_owned())]);
    assert_eq!((quality.communal, quality.exchange), (2, 0));
}

#[test]
fn the_demo_ledger_adds_up() {
    let at = on(2026, 3, 14);
    let ledger = crate::domain::sample::generate(2026, crate::domain::sample::SampleSize::DEMO, at);
    let all = insights(&ledger, Now::utc(at));
    let crate::domain::Counts {
        contacts,
        interactions,
        promises,
    } = ledger.counts();
    assert_eq!(all.contacts, contacts);
    assert_eq!(
        all.funnel.stages.iter().map(|s| s.current).sum::<usize>(),
        contacts
    );
    assert_eq!(all.funnel.stages[0].reached, contacts);
    assert!(all
        .funnel
        .stages
        .windows(2)
        .all(|pair| pair[0].reached >= pair[1].reached));
    assert_eq!(all.mix.overall.total, contacts);
    assert_eq!(all.dialogue.total(), interactions);
    assert_eq!(all.promises.all().total(), promises);
}

#[test]
fn percentages_round_to_nearest() {
    assert_eq!(percent(1, 3), Some(33));
    assert_eq!(percent(2, 3), Some(67));
    assert_eq!(percent(1, 8), Some(13));
    assert_eq!(percent(0, 0), None);
}
