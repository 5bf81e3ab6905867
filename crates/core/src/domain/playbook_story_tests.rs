//! Stories told in every order (issue 20): after every step, the met or unmet state of every
//! prompt up to the relationship stage (and of the partnership's once there), the move
//! proposed, and the pitch readiness. And, after every step, the check that one more ask
//! would make nothing better: an ask never counts toward its own readiness, nor meets a
//! prompt, nor makes a move.

use super::*;

const OUT: Direction = Direction::Outbound;
const IN: Direction = Direction::Inbound;

/// What happens at a step, on the step's day.
#[derive(Clone, Copy, Debug)]
enum Step {
    /// Only time passes.
    Wait,
    /// An interaction is logged.
    Log(InteractionKind, Direction),
    /// The person moves the contact.
    Move(Stage),
    /// A promise of mine falls due that day and is resolved so (`Open`: left open).
    Promise(PromiseStatus),
    /// Every promise still open is kept, late or not.
    KeepOpen,
    /// A part of the plan is filled.
    Plan(PlanPart),
}
use Step::*;

/// One row of a story: the day, what happens, then what is expected that day: the prompts
/// met (every other prompt is unmet), the move proposed and the pitch readiness.
type Row = (i64, Step, &'static [&'static str], Option<Stage>, u8);

const R: &str = "target.research";
const INTRODUCE: &str = "connection.introduce";
const ENGAGE: &str = "connection.engage";
const TWO_WAY: &str = "connection.two_way";
const GIVE_FIRST: &str = "relationship.give_first";
const BALANCE: &str = "relationship.balance";
const FOLLOW: &str = "relationship.follow_through";
const MUTUALITY: &str = "relationship.mutuality";
const CADENCE: &str = "relationship.cadence";
const IDEA: &str = "relationship.purpose";
const CAPACITY: &str = "relationship.capacity";

const CONN: Option<Stage> = Some(Stage::Connection);
const REL: Option<Stage> = Some(Stage::Relationship);
const PART: Option<Stage> = Some(Stage::Partnership);

impl Case {
    fn apply(mut self, on: i64, step: Step) -> Self {
        match step {
            Wait => self,
            Log(kind, direction) => self.log(kind, on, direction),
            Move(to) => {
                self.ledger
                    .move_stage(self.id, to, String::new(), day(on))
                    .expect("move");
                self
            }
            Promise(status) => self.promise(on, status),
            KeepOpen => {
                let open: Vec<PromiseId> = self
                    .ledger
                    .promises_of(self.id)
                    .iter()
                    .filter(|promise| promise.status == PromiseStatus::Open)
                    .map(|promise| promise.id)
                    .collect();
                for id in open {
                    self.ledger
                        .set_promise_status(id, PromiseStatus::Kept, Now::utc(day(on)))
                        .expect("kept");
                }
                self
            }
            Plan(part) => self.plan(part, "written"),
        }
    }

    fn copy(&self) -> Self {
        Self {
            ledger: self.ledger.clone(),
            id: self.id,
            next: self.next,
        }
    }
}

/// The prompts a story step is checked against: every one up to the relationship stage,
/// and the partnership's once the contact is there (they read the partnership's own time).
fn checked_prompts(stage: Stage) -> impl Iterator<Item = &'static Prompt> {
    let last = stage.max(Stage::Relationship);
    PLAYBOOK.iter().filter(move |prompt| prompt.stage <= last)
}

/// What a step shows, in one comparable line per prompt.
fn state_of(evidence: &Evidence) -> (Vec<(&'static str, bool)>, Option<Stage>, u8) {
    let prompts = checked_prompts(evidence.contact.stage())
        .map(|prompt| (prompt.key, decide(prompt, evidence).met))
        .collect();
    (
        prompts,
        assess(evidence).proposed_move,
        pitch_readiness(evidence).score,
    )
}

fn explain(evidence: &Evidence) -> String {
    checked_prompts(evidence.contact.stage())
        .map(|prompt| {
            let verdict = decide(prompt, evidence);
            format!(
                "    {} {}: {}\n",
                if verdict.met { "✓" } else { "○" },
                prompt.key,
                verdict.because
            )
        })
        .collect()
}

/// Plays a story from a researched contact at `start`, checking every row.
fn play(story: &str, start: Stage, setup: impl FnOnce(Case) -> Case, rows: &[Row]) {
    let mut case = setup(Case::at(start).edit(|p| p.interests = vec!["energy".into()]));
    let mut failures = Vec::new();
    for (index, &(on, step, met, moves, ready)) in rows.iter().enumerate() {
        for key in met {
            assert!(
                PLAYBOOK.iter().any(|prompt| prompt.key == *key),
                "{story}: no prompt {key}"
            );
        }
        case = case.apply(on, step);
        let evidence = case.evidence(on);
        let (prompts, proposed, score) = state_of(&evidence);
        let expected: Vec<(&str, bool)> = prompts
            .iter()
            .map(|(key, _)| (*key, met.contains(key)))
            .collect();
        if prompts != expected || proposed != moves || score != ready {
            let wrong: Vec<String> = prompts
                .iter()
                .zip(&expected)
                .filter(|(got, want)| got != want)
                .map(|((key, got), _)| format!("{key} is {}", if *got { "met" } else { "unmet" }))
                .collect();
            failures.push(format!(
                "{story}, step {index} (day {on}, {step:?}): {}; move {proposed:?} (want \
                 {moves:?}); readiness {score} (want {ready})\n{}",
                wrong.join(", "),
                explain(&evidence)
            ));
        }
        // One more ask, the same day, makes nothing better.
        let asked = case.copy().out(InteractionKind::Ask, on);
        let after = asked.evidence(on);
        let (prompts_after, proposed_after, score_after) = state_of(&after);
        for ((key, before), (_, now_met)) in prompts.iter().zip(&prompts_after) {
            if *now_met && !before {
                failures.push(format!("{story}, step {index}: an ask met {key}"));
            }
        }
        if proposed_after.is_some() && proposed_after != proposed {
            failures.push(format!(
                "{story}, step {index}: an ask proposed {proposed_after:?}"
            ));
        }
        if score_after > score {
            failures.push(format!(
                "{story}, step {index}: an ask raised readiness from {score} to {score_after}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_cold_pitch_first() {
    // The story of issue 20: a pitch before anything else, then a give, then they answer.
    let cold: &[&str] = &[R];
    let gave: &[&str] = &[R, GIVE_FIRST, BALANCE, CADENCE];
    let answered: &[&str] = &[R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, CADENCE];
    let asked_again: &[&str] = &[R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, CADENCE];
    let quiet: &[&str] = &[R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE];
    let quiet_asked: &[&str] = &[R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST];
    play(
        "a cold pitch first",
        Stage::Target,
        |case| case,
        &[
            (0, Wait, cold, None, 40),
            // The pitch is no introduction, no give, no being in touch, and no readiness.
            (1, Log(InteractionKind::Ask, OUT), cold, None, 40),
            // The way back: give before the next ask.
            (2, Log(InteractionKind::Give, OUT), gave, None, 80),
            (
                3,
                Log(InteractionKind::Conversation, IN),
                answered,
                CONN,
                80,
            ),
            (3, Move(Stage::Connection), answered, REL, 80),
            (
                4,
                Log(InteractionKind::Introduction, OUT),
                answered,
                REL,
                80,
            ),
            // A second ask tips the balance: no move while it is negative.
            (5, Log(InteractionKind::Ask, OUT), asked_again, None, 80),
            (6, Log(InteractionKind::Give, OUT), answered, REL, 80),
            (6, Move(Stage::Relationship), answered, None, 100),
            (40, Wait, quiet, None, 80),
            // A pitch to a quiet relationship does not warm it.
            (41, Log(InteractionKind::Ask, OUT), quiet_asked, None, 80),
        ],
    );
}

#[test]
fn give_first() {
    let gave: &[&str] = &[R, GIVE_FIRST, BALANCE, CADENCE];
    let introduced: &[&str] = &[R, INTRODUCE, GIVE_FIRST, BALANCE, CADENCE];
    let engaged: &[&str] = &[R, INTRODUCE, ENGAGE, GIVE_FIRST, BALANCE, CADENCE];
    let answered: &[&str] = &[R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, CADENCE];
    play(
        "give first",
        Stage::Target,
        |case| case,
        &[
            (0, Wait, &[R], None, 40),
            (1, Log(InteractionKind::Give, OUT), gave, None, 80),
            (
                2,
                Log(InteractionKind::Introduction, OUT),
                introduced,
                CONN,
                80,
            ),
            (2, Move(Stage::Connection), introduced, None, 80),
            (
                3,
                Log(InteractionKind::SurfaceEngagement, OUT),
                engaged,
                None,
                80,
            ),
            (5, Log(InteractionKind::Conversation, IN), answered, REL, 80),
            (5, Move(Stage::Relationship), answered, None, 100),
            (6, Log(InteractionKind::Ask, OUT), answered, None, 100),
            (7, Log(InteractionKind::Received, IN), answered, None, 100),
        ],
    );
}

#[test]
fn they_reached_out_first() {
    let talked: &[&str] = &[R, INTRODUCE, ENGAGE, TWO_WAY, CADENCE];
    let gave: &[&str] = &[R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, CADENCE];
    play(
        "they reached out first",
        Stage::Target,
        |case| case,
        &[
            (0, Wait, &[R], None, 40),
            (1, Log(InteractionKind::Conversation, IN), talked, CONN, 60),
            // Every prompt of the connection was met on the way: nothing given nor asked
            // yet is a balance that is not negative.
            (1, Move(Stage::Connection), talked, REL, 60),
            (2, Log(InteractionKind::Ask, OUT), talked, None, 60),
            // What they gave covers the ask: the balance is even again, though nothing was
            // given.
            (3, Log(InteractionKind::Received, IN), talked, REL, 60),
            (4, Log(InteractionKind::Give, OUT), gave, REL, 80),
        ],
    );
}

#[test]
fn an_introduction_by_a_mutual_contact() {
    // Neither side started it: logged with the form's default direction.
    let introduced: &[&str] = &[R, INTRODUCE, CADENCE];
    let engaged: &[&str] = &[R, INTRODUCE, ENGAGE, CADENCE];
    let answered: &[&str] = &[R, INTRODUCE, ENGAGE, TWO_WAY, CADENCE];
    let gave: &[&str] = &[R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, CADENCE];
    let kept: &[&str] = &[
        R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, CADENCE, FOLLOW,
    ];
    let agreed: &[&str] = &[
        R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, CADENCE, FOLLOW, MUTUALITY,
    ];
    let idea: &[&str] = &[
        R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, CADENCE, FOLLOW, MUTUALITY, IDEA,
    ];
    let all: &[&str] = &[
        R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, CADENCE, FOLLOW, MUTUALITY, IDEA,
        CAPACITY,
    ];
    let asked_twice: &[&str] = &[
        R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, CADENCE, FOLLOW, MUTUALITY, IDEA, CAPACITY,
    ];
    play(
        "an introduction by a mutual contact",
        Stage::Target,
        |case| case,
        &[
            (0, Wait, &[R], None, 40),
            (
                1,
                Log(InteractionKind::Introduction, OUT),
                introduced,
                CONN,
                60,
            ),
            (1, Move(Stage::Connection), introduced, None, 60),
            (
                2,
                Log(InteractionKind::SurfaceEngagement, OUT),
                engaged,
                None,
                60,
            ),
            (4, Log(InteractionKind::Conversation, IN), answered, REL, 60),
            (4, Move(Stage::Relationship), answered, None, 80),
            (5, Log(InteractionKind::Give, OUT), gave, None, 100),
            (6, Promise(PromiseStatus::Kept), kept, None, 100),
            (6, Plan(PlanPart::Agreement), agreed, None, 100),
            (6, Plan(PlanPart::PartnershipIdea), idea, None, 100),
            (6, Plan(PlanPart::Capacity), all, PART, 100),
            (7, Log(InteractionKind::Ask, OUT), all, PART, 100),
            (8, Log(InteractionKind::Ask, OUT), asked_twice, None, 100),
        ],
    );
}

#[test]
fn a_promise_missed() {
    let gave: &[&str] = &[R, GIVE_FIRST, BALANCE, CADENCE];
    let answered: &[&str] = &[R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, CADENCE];
    let kept: &[&str] = &[
        R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, CADENCE, FOLLOW,
    ];
    let planned: &[&str] = &[
        R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, CADENCE, MUTUALITY, IDEA, CAPACITY,
    ];
    let all: &[&str] = &[
        R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, CADENCE, FOLLOW, MUTUALITY, IDEA,
        CAPACITY,
    ];
    play(
        "a promise missed",
        Stage::Relationship,
        |case| case,
        &[
            (0, Wait, &[R], None, 60),
            (1, Log(InteractionKind::Give, OUT), gave, None, 100),
            (
                2,
                Log(InteractionKind::Conversation, IN),
                answered,
                None,
                100,
            ),
            (3, Promise(PromiseStatus::Kept), kept, None, 100),
            // A miss weighs until a later promise is kept.
            (5, Promise(PromiseStatus::Missed), answered, None, 100),
            (6, Promise(PromiseStatus::Open), answered, None, 100),
            (6, Plan(PlanPart::Agreement), &planned[..8], None, 100),
            (6, Plan(PlanPart::PartnershipIdea), &planned[..9], None, 100),
            (6, Plan(PlanPart::Capacity), planned, None, 100),
            // Overdue: the promise to keep comes before any pitch.
            (8, Wait, planned, None, 80),
            (10, KeepOpen, all, PART, 100),
        ],
    );
}

#[test]
fn a_lapsed_relationship_coming_back() {
    let planned: &[&str] = &[R, MUTUALITY, IDEA, CAPACITY];
    let gave: &[&str] = &[R, GIVE_FIRST, BALANCE, CADENCE, MUTUALITY, IDEA, CAPACITY];
    let answered: &[&str] = &[
        R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, CADENCE, MUTUALITY, IDEA, CAPACITY,
    ];
    let all: &[&str] = &[
        R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, CADENCE, FOLLOW, MUTUALITY, IDEA,
        CAPACITY,
    ];
    let lapsed: &[&str] = &[
        R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, FOLLOW, MUTUALITY, IDEA, CAPACITY,
    ];
    let back: &[&str] = &[
        R, INTRODUCE, ENGAGE, TWO_WAY, GIVE_FIRST, BALANCE, CADENCE, FOLLOW, MUTUALITY, IDEA,
        CAPACITY,
    ];
    play(
        "a lapsed relationship coming back",
        Stage::Relationship,
        |case| {
            case.plan(PlanPart::Agreement, "They lead; we bring data")
                .plan(PlanPart::PartnershipIdea, "Joint report")
                .plan(PlanPart::Capacity, "Free from March")
        },
        &[
            (0, Wait, planned, None, 60),
            (1, Log(InteractionKind::Give, OUT), gave, None, 100),
            (
                2,
                Log(InteractionKind::Conversation, IN),
                answered,
                None,
                100,
            ),
            (3, Promise(PromiseStatus::Kept), all, PART, 100),
            // Quiet past the 30 days of the relationship stage.
            (40, Wait, lapsed, None, 80),
            // Coming back with a pitch: it neither warms the relationship nor readies itself.
            (41, Log(InteractionKind::Ask, OUT), lapsed, None, 80),
            // Coming back properly: give, and talk.
            (42, Log(InteractionKind::Give, OUT), back, PART, 100),
            (43, Log(InteractionKind::Conversation, IN), back, PART, 100),
        ],
    );
}
