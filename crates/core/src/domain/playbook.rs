//! The stage playbook: per stage, the prompts that PR practice says build a relationship
//! (docs/DOMAIN.md, The playbook), each decided from the ledger's evidence where it can be,
//! or ticked by the person where it cannot. From them follow the next best action, the
//! relationship phase, the proposed stage move, the warning before an ask and the pitch
//! readiness check.

use super::contact::PlanPart;
use super::evidence::Evidence;
use super::interaction::{Direction, Interaction, InteractionKind};
use super::promise::{Party, PromiseStatus};
use super::stage::Stage;

/// Whether a prompt is met, and the evidence that says so, in plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Met or not.
    pub met: bool,
    /// Why, pointing at the evidence.
    pub because: String,
}

fn verdict(met: bool, yes: impl Into<String>, no: impl Into<String>) -> Verdict {
    Verdict {
        met,
        because: if met { yes.into() } else { no.into() },
    }
}

/// How a prompt is decided.
#[derive(Clone, Copy, Debug)]
pub enum Check {
    /// From the ledger's evidence.
    Rule(fn(&Evidence) -> Verdict),
    /// By the person's tick: the ledger cannot know.
    Tick,
}

/// What meets a prompt, offered right where the prompt is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Log an interaction of this kind.
    Log(InteractionKind),
    /// Fill this part of the relationship plan.
    Plan(PlanPart),
    /// Fill the interests and research notes.
    Research,
    /// Look at the promises: keep what is due, record one that was kept.
    Promises,
    /// Rate the relationship's quality.
    QualityCheck,
    /// Tick the prompt.
    Tick,
}

/// One prompt of the playbook.
#[derive(Debug)]
pub struct Prompt {
    /// Stable key (ticks are stored under it).
    pub key: &'static str,
    /// The stage it belongs to.
    pub stage: Stage,
    /// What to do.
    pub text: &'static str,
    /// The practice behind it, in one line.
    pub why: &'static str,
    /// How it is decided.
    pub check: Check,
    /// What meets it.
    pub action: Action,
}

/// Prompts are identified by their key.
impl PartialEq for Prompt {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Prompt {}

/// The playbook, stage by stage; within a stage, the most useful prompt first.
pub static PLAYBOOK: &[Prompt] = &[
    Prompt {
        key: "target.research",
        stage: Stage::Target,
        text: "Research their interests and recent work",
        why: "Don't rely on lists: learn who they are and what they actually care about.",
        check: Check::Rule(researched),
        action: Action::Research,
    },
    Prompt {
        key: "target.purpose",
        stage: Stage::Target,
        text: "Say why this person",
        why: "Aspirational relationships are picked deliberately, with a purpose, at the risk of a no.",
        check: Check::Rule(has_purpose),
        action: Action::Plan(PlanPart::Purpose),
    },
    Prompt {
        key: "target.meet",
        stage: Stage::Target,
        text: "Know where to meet them",
        why: "Discussions, chats, groups and events are where new people are met.",
        check: Check::Tick,
        action: Action::Tick,
    },
    Prompt {
        key: "connection.introduce",
        stage: Stage::Connection,
        text: "Introduce yourself before you need anything",
        why: "An ask from a stranger is a spammy pitch; from someone known, a reasonable \
              request. Met once an introduction or a one-to-one conversation is logged: a \
              pitch introduces no one. After a cold pitch, the way back is to introduce \
              yourself properly before the next ask.",
        check: Check::Rule(introduced),
        action: Action::Log(InteractionKind::Introduction),
    },
    Prompt {
        key: "connection.engage",
        stage: Stage::Connection,
        text: "Engage with their work",
        why: "A follow, a share, a thoughtful comment on what they publish gets you on their \
              radar; with a customer, a supplier or a colleague, a conversation about their \
              work does.",
        check: Check::Rule(engaged),
        action: Action::Log(InteractionKind::SurfaceEngagement),
    },
    Prompt {
        key: "connection.two_way",
        stage: Stage::Connection,
        text: "Have a first exchange both ways",
        why: "A relationship is dialogue, not broadcast: it starts when they answer or reach out.",
        check: Check::Rule(two_way),
        action: Action::Log(InteractionKind::Conversation),
    },
    Prompt {
        key: "relationship.give_first",
        stage: Stage::Relationship,
        text: "Give first",
        why: "Reciprocity is common to all cultures: people who are helped feel inclined to \
              help back. Met once you have given something useful, so that your next ask \
              follows a give; an ask never counts. After a cold pitch, the way back is to give \
              before the next ask.",
        check: Check::Rule(gave_first),
        action: Action::Log(InteractionKind::Give),
    },
    Prompt {
        key: "relationship.balance",
        stage: Stage::Relationship,
        text: "Keep the balance healthy",
        why: "Too many practitioners focus on the take: gives and value received should match \
              the asks. While you asked more than you gave and received, no move to the next \
              stage is proposed.",
        check: Check::Rule(balanced),
        action: Action::Log(InteractionKind::Give),
    },
    Prompt {
        key: "relationship.follow_through",
        stage: Stage::Relationship,
        text: "Follow through on what you say",
        why: "Promises kept build trust; one missed costs more than many kept earn.",
        check: Check::Rule(follows_through),
        action: Action::Promises,
    },
    Prompt {
        key: "relationship.mutuality",
        stage: Stage::Relationship,
        text: "Agree on what each side brings",
        why: "Control mutuality: the balance need not be equal, but both sides must accept it.",
        check: Check::Rule(has_agreement),
        action: Action::Plan(PlanPart::Agreement),
    },
    Prompt {
        key: "relationship.cadence",
        stage: Stage::Relationship,
        text: "Keep the dialogue going within your cadence",
        why: "Relationships take time; they cool when left quiet. An ask is no dialogue: only \
              a one-to-one exchange that is not an ask keeps it warm.",
        check: Check::Rule(in_touch),
        action: Action::Log(InteractionKind::Conversation),
    },
    Prompt {
        key: "relationship.purpose",
        stage: Stage::Relationship,
        text: "Shape a purpose toward partnership",
        why: "A relationship has a purpose: the groundwork for a possible partnership.",
        check: Check::Rule(has_partnership_idea),
        action: Action::Plan(PlanPart::PartnershipIdea),
    },
    Prompt {
        key: "relationship.capacity",
        stage: Stage::Relationship,
        text: "Check their capacity and timing before proposing",
        why: "A well-timed pitch to a well-built relationship rarely gets a no, unless capacity or timing is off.",
        check: Check::Rule(capacity_noted),
        action: Action::Plan(PlanPart::Capacity),
    },
    Prompt {
        key: "partnership.terms",
        stage: Stage::Partnership,
        text: "Agree on terms and roles",
        why: "A partnership is collaboration on something concrete, on terms both sides agreed.",
        check: Check::Rule(terms_agreed),
        action: Action::Plan(PlanPart::Agreement),
    },
    Prompt {
        key: "partnership.joint_work",
        stage: Stage::Partnership,
        text: "Deliver joint work",
        why: "Partnership evidence is joint work delivered, not a deal on paper.",
        check: Check::Rule(delivered_together),
        action: Action::Log(InteractionKind::Collaboration),
    },
    Prompt {
        key: "partnership.still_giving",
        stage: Stage::Partnership,
        text: "Keep giving after the deal",
        why: "Communal relationships last: give because you care about their welfare, not only for the return.",
        check: Check::Rule(still_giving),
        action: Action::Log(InteractionKind::Give),
    },
    Prompt {
        key: "partnership.quality",
        stage: Stage::Partnership,
        text: "Review the relationship's quality",
        why: "Trust, control mutuality, commitment and satisfaction, rated from time to time, show where it moves.",
        check: Check::Rule(quality_reviewed),
        action: Action::QualityCheck,
    },
];

/// How recent a quality check must be to count as reviewed.
pub const QUALITY_REVIEW_DAYS: i64 = 90;

fn researched(evidence: &Evidence) -> Verdict {
    let profile = &evidence.contact.profile;
    verdict(
        !profile.interests.is_empty() || !profile.notes.is_empty(),
        if profile.interests.is_empty() {
            "Research notes recorded.".to_owned()
        } else {
            format!("Interests: {}.", profile.interests.join(", "))
        },
        "No interests or research notes yet.",
    )
}

fn has_purpose(evidence: &Evidence) -> Verdict {
    let purpose = &evidence.contact.plan.purpose.text;
    verdict(
        !purpose.is_empty(),
        format!("Purpose: {purpose}"),
        "No purpose recorded yet.",
    )
}

/// What introduces you: an introduction (by yourself or through someone) or a one-to-one
/// conversation. A pitch does not.
const INTRODUCTIONS: [InteractionKind; 2] =
    [InteractionKind::Introduction, InteractionKind::Conversation];

/// The ground an ask needs, read in time order: met once one of `kinds` is logged, whenever
/// that was, for the next ask follows it; an ask never prepares its own ground. The words
/// say what was seen: whether the first ask came before the ground was prepared (a cold
/// pitch) and what made up for it. `named` names the first interaction found ("an
/// introduction on 3 May"), `none` is said when none is logged and nothing was asked,
/// `missing` ("any introduction") and `way_back` when an ask stands cold.
fn prepared_for_asking(
    evidence: &Evidence,
    kinds: &[InteractionKind],
    named: impl Fn(InteractionKind, String) -> String,
    (none, missing, way_back): (&str, &str, &str),
) -> Verdict {
    let first_ask = evidence.first_of(&[InteractionKind::Ask]);
    let asked_on = |(_, ask): (usize, &Interaction)| evidence.day_in_words(ask);
    match (evidence.first_of(kinds), first_ask) {
        (None, None) => verdict(false, "", none),
        (None, Some(ask)) => verdict(
            false,
            "",
            format!(
                "Your first ask, on {}, came before {missing}: a cold pitch. {way_back}",
                asked_on(ask)
            ),
        ),
        (Some((at, first)), ask) => {
            let what = named(first.details.kind, evidence.day_in_words(first));
            let said = match ask {
                None => format!("{what}; nothing asked yet."),
                Some((asked, _)) if at < asked => format!("{what}, before any ask."),
                Some(ask) => format!(
                    "Your first ask, on {}, came before {missing}; {what} came after it, so \
                     the next ask will not be cold.",
                    asked_on(ask)
                ),
            };
            verdict(true, capitalized(&said), "")
        }
    }
}

pub(super) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn introduced(evidence: &Evidence) -> Verdict {
    prepared_for_asking(
        evidence,
        &INTRODUCTIONS,
        |kind, on| match kind {
            InteractionKind::Introduction => format!("an introduction on {on}"),
            InteractionKind::Interview => format!("an interview on {on}"),
            _ => format!("a conversation on {on}"),
        },
        (
            "No introduction or conversation logged yet.",
            "any introduction or conversation",
            "Introduce yourself properly before the next ask.",
        ),
    )
}

fn engaged(evidence: &Evidence) -> Verdict {
    // The media publish, and engaging with what they publish is the practice. Other
    // stakeholders mostly do not: a conversation with them counts too.
    let kinds: &[InteractionKind] = if evidence.contact.profile.stakeholder.is_media() {
        &[InteractionKind::SurfaceEngagement]
    } else {
        &[
            InteractionKind::SurfaceEngagement,
            InteractionKind::Conversation,
        ]
    };
    verdict(
        evidence.any_of(kinds),
        "Engagement with their work logged.",
        "No engagement with their work logged yet.",
    )
}

fn two_way(evidence: &Evidence) -> Verdict {
    let no = if evidence.interactions.is_empty() {
        "No exchange logged yet."
    } else if evidence
        .interactions
        .iter()
        .any(|interaction| interaction.details.direction == Direction::Inbound)
    {
        "They have not started a one-to-one exchange yet: a like or a follow back is not one."
    } else {
        "Every exchange so far was started by you."
    };
    verdict(
        evidence.they_reached_out(),
        "They have reached out to you.",
        no,
    )
}

fn gave_first(evidence: &Evidence) -> Verdict {
    prepared_for_asking(
        evidence,
        &[InteractionKind::Give],
        |kind, on| match kind {
            InteractionKind::Exclusive => format!("an exclusive on {on}"),
            InteractionKind::Embargo => format!("news under embargo on {on}"),
            _ => format!("a give on {on}"),
        },
        (
            "Nothing given yet.",
            "any give",
            "Give something useful before the next ask.",
        ),
    )
}

fn balanced(evidence: &Evidence) -> Verdict {
    let balance = evidence.balance();
    let summary = format!(
        "{} given, {} received, {} asked.",
        balance.gives, balance.received, balance.asks
    );
    verdict(balance.is_healthy(), summary.clone(), summary)
}

fn follows_through(evidence: &Evidence) -> Verdict {
    let overdue = evidence.my_overdue_promises();
    let kept = evidence.my_kept_promises();
    // A miss weighs until a later promise is kept.
    let last_missed = evidence
        .promises
        .iter()
        .filter(|promise| promise.owed_by == Party::Me && promise.resolved_at.is_some())
        .max_by_key(|promise| (promise.resolved_at, promise.id))
        .is_some_and(|promise| promise.status == PromiseStatus::Missed);
    let no = if overdue > 0 {
        format!("{overdue} of your promises overdue.")
    } else if last_missed {
        "Your last promise was missed: keep the next one to make up for it.".to_owned()
    } else {
        "No promise of yours kept yet.".to_owned()
    };
    verdict(
        overdue == 0 && kept > 0 && !last_missed,
        format!("{kept} of your promises kept, none overdue."),
        no,
    )
}

fn has_agreement(evidence: &Evidence) -> Verdict {
    let agreement = &evidence.contact.plan.agreement.text;
    verdict(
        !agreement.is_empty(),
        format!("Agreed: {agreement}"),
        "No agreement on what each side brings yet.",
    )
}

fn in_touch(evidence: &Evidence) -> Verdict {
    let quiet = evidence
        .last_contact()
        .map(|last| last.days_until(evidence.now.at));
    let asked = if evidence.asked_since_last_contact() {
        " An ask does not keep the dialogue going."
    } else {
        ""
    };
    let never = || {
        if asked.is_empty() {
            "No interaction logged yet.".to_owned()
        } else {
            format!("Nothing but asks logged yet.{asked}")
        }
    };
    // No cadence at this stage means its people carry the relationship (an organization
    // whose people are in the ledger): each of them is nudged on their own.
    let Some(cadence) = evidence.cadence_days() else {
        return verdict(
            quiet.is_some(),
            "Its people carry the dialogue, each on their own cadence.",
            never(),
        );
    };
    let no = match quiet {
        Some(days) => format!("Quiet for {days} days; your cadence is {cadence}.{asked}"),
        None => never(),
    };
    verdict(
        quiet.is_some() && evidence.within_cadence(),
        format!("In touch within {cadence} days."),
        no,
    )
}

fn has_partnership_idea(evidence: &Evidence) -> Verdict {
    let idea = &evidence.contact.plan.partnership_idea.text;
    verdict(
        !idea.is_empty(),
        format!("Idea: {idea}"),
        "No partnership idea yet.",
    )
}

fn terms_agreed(evidence: &Evidence) -> Verdict {
    let plan = &evidence.contact.plan;
    let recorded = !plan.agreement.text.is_empty() && !plan.partnership_idea.text.is_empty();
    // What each side brings was agreed for the relationship; the partnership's terms are
    // agreed once it begins, so an agreement last written before then does not count.
    let written_for_the_partnership = match (
        plan.agreement.updated_at,
        evidence.contact.journey.entered_at(),
    ) {
        (Some(written), Some(began)) => written >= began,
        _ => true,
    };
    let no = if recorded {
        "The agreement was written before the partnership began: update it with the terms \
         and roles agreed, or confirm it as they are."
    } else {
        "Record the partnership idea and who does what."
    };
    verdict(
        recorded && written_for_the_partnership,
        "The partnership idea and its terms are recorded.",
        no,
    )
}

fn capacity_noted(evidence: &Evidence) -> Verdict {
    let capacity = &evidence.contact.plan.capacity.text;
    verdict(
        !capacity.is_empty(),
        format!("Noted: {capacity}"),
        "Their capacity and timing are not noted.",
    )
}

fn delivered_together(evidence: &Evidence) -> Verdict {
    verdict(
        evidence.any_of(&[InteractionKind::Collaboration]),
        "Joint work logged.",
        "No joint work logged yet.",
    )
}

fn still_giving(evidence: &Evidence) -> Verdict {
    let since = evidence.contact.journey.entered_at();
    let met = evidence.interactions.iter().any(|interaction| {
        interaction.details.kind.meaning() == InteractionKind::Give
            && since.is_none_or(|entered| interaction.details.at >= entered)
    });
    verdict(
        met,
        "You gave since the partnership began.",
        "Nothing given since the partnership began.",
    )
}

fn quality_reviewed(evidence: &Evidence) -> Verdict {
    let last = evidence.contact.quality_checks.last().map(|check| check.at);
    let age = last.map(|at| at.days_until(evidence.now.at));
    let no = match age {
        Some(days) => format!("Last reviewed {days} days ago."),
        None => "Never reviewed.".to_owned(),
    };
    verdict(
        age.is_some_and(|days| days <= QUALITY_REVIEW_DAYS),
        format!("Reviewed in the last {QUALITY_REVIEW_DAYS} days."),
        no,
    )
}

/// The phase inside the relationship stage: a funnel from getting on their radar to
/// preparing the partnership.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Getting on their radar.
    Awareness,
    /// Building trust, showing value.
    Engagement,
    /// Preparing the partnership, when the timing is right.
    Conversion,
}

impl Phase {
    /// Every phase, in funnel order.
    pub const ALL: [Phase; 3] = [Phase::Awareness, Phase::Engagement, Phase::Conversion];

    /// What the phase means and what puts a relationship in it, in plain words (as
    /// [`phase`] decides it).
    pub fn meaning(self) -> &'static str {
        match self {
            Phase::Awareness => {
                "Getting on their radar: nothing useful has gone both ways yet, or they have \
                 not reached out to you."
            }
            Phase::Engagement => {
                "Building trust and showing value: something useful was given or received, \
                 and they have reached out to you."
            }
            Phase::Conversion => {
                "Preparing the partnership, when the timing is right: engaged, you have \
                 given something useful, what you gave and received covers what you asked, \
                 and a partnership idea is written down."
            }
        }
    }

    /// The name shown to the person.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Awareness => "Awareness",
            Phase::Engagement => "Engagement",
            Phase::Conversion => "Conversion",
        }
    }
}

/// A prompt with its verdict for one contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromptState {
    /// The prompt.
    pub prompt: &'static Prompt,
    /// Its verdict.
    pub verdict: Verdict,
}

/// Where a contact stands in its stage's playbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageReport {
    /// The current stage.
    pub stage: Stage,
    /// The phase, inside the relationship stage.
    pub phase: Option<Phase>,
    /// Every prompt of the stage, in playbook order.
    pub prompts: Vec<PromptState>,
    /// The most useful unmet prompt.
    pub next_action: Option<&'static Prompt>,
    /// The next stage, when the evidence supports the move. The person decides.
    pub proposed_move: Option<Stage>,
    /// Why no move is proposed although the stage's evidence would support one: more was
    /// asked than given and received.
    pub held_back: Option<String>,
    /// Days in the current stage.
    pub days_in_stage: i64,
}

impl StageReport {
    /// Prompts met and prompts in all.
    pub fn completion(&self) -> (usize, usize) {
        let met = self
            .prompts
            .iter()
            .filter(|state| state.verdict.met)
            .count();
        (met, self.prompts.len())
    }
}

/// Decides one prompt for a contact.
pub fn decide(prompt: &Prompt, evidence: &Evidence) -> Verdict {
    match prompt.check {
        Check::Rule(rule) => rule(evidence),
        Check::Tick => verdict(
            evidence.is_ticked(prompt.key),
            "You ticked it.",
            "Tick it when it is done.",
        ),
    }
}

/// The prompts of one stage, in playbook order.
pub fn prompts_of(stage: Stage) -> impl Iterator<Item = &'static Prompt> {
    PLAYBOOK.iter().filter(move |prompt| prompt.stage == stage)
}

fn next_stage(stage: Stage) -> Option<Stage> {
    Stage::ALL.iter().copied().find(|&next| next > stage)
}

fn phase(evidence: &Evidence) -> Phase {
    let balance = evidence.balance();
    let valued = balance.gives + balance.received > 0;
    let engaged = valued && evidence.they_reached_out();
    let prepared = gave_first(evidence).met
        && balance.is_healthy()
        && !evidence.contact.plan.partnership_idea.text.is_empty();
    match (engaged, prepared) {
        (true, true) => Phase::Conversion,
        (true, false) => Phase::Engagement,
        _ => Phase::Awareness,
    }
}

/// Assesses a contact against its stage's playbook.
///
/// A move is proposed when every prompt of the stage is met (for a target: as soon as an
/// encounter is logged, the door is open), the balance of give and ask is not negative, and
/// the relationship has not gone quiet past its cadence.
pub fn assess(evidence: &Evidence) -> StageReport {
    let stage = evidence.contact.stage();
    let prompts: Vec<PromptState> = prompts_of(stage)
        .map(|prompt| PromptState {
            prompt,
            verdict: decide(prompt, evidence),
        })
        .collect();
    let next_action = prompts
        .iter()
        .find(|state| !state.verdict.met)
        .map(|state| state.prompt);
    let all_met = next_action.is_none();
    let held_back = next_stage(stage)
        .filter(|_| evidence_supports_move(evidence, || all_met))
        .and_then(|next| {
            let balance = evidence.balance();
            if balance.is_negative() {
                return Some(format!(
                    "The stage's evidence is there, but you asked more than you gave and \
                     received ({} asked, {} given, {} received): give before moving to {}.",
                    balance.asks,
                    balance.gives,
                    balance.received,
                    next.label()
                ));
            }
            lapsed(evidence).then(|| {
                format!(
                    "The stage's evidence is there, but you have not been in touch within \
                     your cadence: get back in touch before moving to {}.",
                    next.label()
                )
            })
        });
    StageReport {
        stage,
        phase: (stage == Stage::Relationship).then(|| phase(evidence)),
        proposed_move: move_for(evidence, || all_met),
        held_back,
        next_action,
        prompts,
        days_in_stage: evidence.days_in_stage(),
    }
}

/// The stage move [`assess`] proposes, without the rest of the report: it stops at the
/// first prompt not met (Today asks this of every contact).
pub fn proposed_move(evidence: &Evidence) -> Option<Stage> {
    move_for(evidence, || {
        prompts_of(evidence.contact.stage()).all(|prompt| decide(prompt, evidence).met)
    })
}

/// The encounters that make a target a connection (docs/DOMAIN.md, From Target to
/// Connection): a follow, a share, a comment, an introduction, a handshake at an event.
pub(super) const ENCOUNTERS: [InteractionKind; 3] = [
    InteractionKind::SurfaceEngagement,
    InteractionKind::Introduction,
    InteractionKind::Conversation,
];

/// Whether the stage's evidence supports the move, the balance left aside: every prompt
/// met, as `all_met` says. A target becomes a connection through an encounter, prepared or
/// not: its prompts prepare the first approach, they are not one; a pitch is not one.
fn evidence_supports_move(evidence: &Evidence, all_met: impl FnOnce() -> bool) -> bool {
    if evidence.contact.stage() == Stage::Target {
        evidence.any_of(&ENCOUNTERS)
    } else {
        all_met()
    }
}

/// The move to propose, given whether every prompt of the stage is met: when the stage's
/// evidence supports it, the balance of give and ask is not negative, and the relationship
/// has not lapsed.
fn move_for(evidence: &Evidence, all_met: impl FnOnce() -> bool) -> Option<Stage> {
    let stage = evidence.contact.stage();
    let next = next_stage(stage)?;
    (!evidence.balance().is_negative()
        && !lapsed(evidence)
        && evidence_supports_move(evidence, all_met))
    .then_some(next)
}

/// Whether a relationship under way has gone quiet past its cadence: evidence met months
/// ago does not carry a move now. A target has no cadence until it is approached.
fn lapsed(evidence: &Evidence) -> bool {
    evidence.contact.stage() != Stage::Target && !evidence.within_cadence()
}

/// The warning shown before an ask made with no give or introduction before it, or
/// `None` when the ground is prepared. It warns; it never blocks.
pub fn ask_warning(evidence: &Evidence) -> Option<&'static str> {
    // The same ground as the playbook's "introduced before asking": an introduction or a
    // conversation; or a give.
    let prepared = evidence.any_of(&[
        InteractionKind::Give,
        InteractionKind::Introduction,
        InteractionKind::Conversation,
    ]);
    (!prepared).then_some(
        "Nothing given and no introduction or conversation logged yet: this ask may land as \
         a cold pitch. \
         People who were helped first feel inclined to help back. Consider giving first.",
    )
}

/// The readiness of a contact for an ask or pitch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Readiness {
    /// From 0 to 100.
    pub score: u8,
    /// What is missing, most important first.
    pub missing: Vec<&'static str>,
}

/// One check of the pitch readiness: what it looks for, and why it matters. The guide
/// shows this table, so it says what [`pitch_readiness`] really counts.
#[derive(Debug)]
pub struct ReadinessCheck {
    /// What is checked, in plain words.
    pub checks: &'static str,
    /// Why it matters before a pitch.
    pub why: &'static str,
}

/// The checks of [`pitch_readiness`], in its order; each met one is an equal share of the
/// score.
pub static READINESS_CHECKS: [ReadinessCheck; 5] = [
    ReadinessCheck {
        checks: "They are at the relationship stage or beyond.",
        why: "Pitches land best with people you already have a relationship with.",
    },
    ReadinessCheck {
        checks: "Their interests or recent work are noted.",
        why: "A pitch that fits what they cover is a reasonable request, not spam.",
    },
    ReadinessCheck {
        checks: "You have given them something useful.",
        why: "Give first: people who were helped feel inclined to help back. The pitch to \
              come is the next ask, so any give logged so far comes before it.",
    },
    ReadinessCheck {
        checks: "None of your promises to them is overdue.",
        why: "Asking while you owe them something costs trust.",
    },
    ReadinessCheck {
        checks: "You were in touch within your cadence.",
        why: "A relationship gone quiet is cold again. Asks and pitches do not count as \
              being in touch: neither an earlier one nor the pitch itself.",
    },
];

/// Checks stage, research, give first, open promises and recent contact before a pitch
/// ([`READINESS_CHECKS`], in that order).
pub fn pitch_readiness(evidence: &Evidence) -> Readiness {
    let checks: [(bool, &'static str); READINESS_CHECKS.len()] = [
        (
            evidence.contact.stage() >= Stage::Relationship,
            "Build the relationship first: pitches land best with people you have a relationship with.",
        ),
        (researched(evidence).met, "Research their interests and recent work."),
        // The pitch to come is the next ask: anything given so far comes before it.
        (
            evidence.any_of(&[InteractionKind::Give]),
            "Give something useful before asking.",
        ),
        (evidence.my_overdue_promises() == 0, "Keep your overdue promises first."),
        // Neither the pitch to come nor any earlier one is being in touch.
        match evidence.last_contact() {
            None if evidence.any_of(&[InteractionKind::Ask]) => (
                false,
                "Be in touch before pitching: nothing but asks is logged with them yet.",
            ),
            None => (
                false,
                "Be in touch before pitching: nothing is logged with them yet.",
            ),
            Some(_) => (
                evidence.within_cadence(),
                "Get back in touch before pitching: the relationship has gone quiet.",
            ),
        },
    ];
    let met = checks.iter().filter(|(ok, _)| *ok).count();
    Readiness {
        score: (met * 100 / checks.len()) as u8,
        missing: checks
            .iter()
            .filter(|(ok, _)| !ok)
            .map(|(_, step)| *step)
            .collect(),
    }
}

#[cfg(test)]
#[path = "playbook_tests.rs"]
mod tests;
