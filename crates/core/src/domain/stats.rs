//! Figures over the whole ledger for the Insights page: the stage funnel, the stakeholder
//! mix, reciprocity per month, dialogue versus broadcast, and promises kept.
//!
//! Every function is a pure function of the ledger and the moment it is read at, so the
//! numbers on the page are tested natively on small ledgers built by hand.
//!
//! Definitions (the page's takeaways and tables say the same in words):
//! - a contact **reached** a stage when it ever entered that stage or a later one. A
//!   contact added straight at Relationship was met before the ledger, so it counts as
//!   having passed Connection too; this keeps the funnel narrowing and every conversion
//!   at most 100%. A contact that later moved back still counts as having reached the
//!   highest stage it entered.
//! - **conversion** from a stage to the next is reached(next) / reached(this).
//! - the **median days** from Connection to Relationship runs from a contact's first entry
//!   into Connection to its first entry into Relationship after that, over the contacts
//!   whose journey records both; the same for Relationship to Partnership.
//! - the **media** are journalists, creators, influencers and analysts.
//! - **dialogue** is every one-to-one kind of interaction (introduction, conversation,
//!   give, ask, received, promise, collaboration); **broadcast** is one-to-many. A surface
//!   engagement (a like, a follow) is neither a dialogue nor a broadcast: it is counted on
//!   its own, so it can neither flatter nor hide the balance.
//! - a promise is **kept**, **missed**, **open** (due today or later) or **overdue** (open
//!   past its due date); the four add up to all promises.

use chrono::{Datelike, NaiveDate};

use super::contact::{Contact, RelationshipType, StakeholderType};
use super::id::ContactId;
use super::interaction::{Direction, InteractionKind};
use super::ledger::Ledger;
use super::promise::{Party, Promise, PromiseStatus};
use super::stage::Stage;
use super::time::Now;
use crate::sorting::{sort_by, sort_by_cached_key};

/// How many months the monthly figures cover, ending with the current month.
pub const MONTHS: usize = 12;

/// `part` as a whole percentage of `whole`, rounded to nearest; `None` when `whole` is 0.
pub fn percent(part: usize, whole: usize) -> Option<u32> {
    (whole > 0).then(|| ((part as f64 * 100.0) / whole as f64).round() as u32)
}

fn stage_index(stage: Stage) -> usize {
    Stage::ALL
        .iter()
        .position(|&known| known == stage)
        .unwrap_or(0)
}

// ----- stage funnel -----

/// One stage of the funnel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FunnelStage {
    /// The stage.
    pub stage: Stage,
    /// Contacts at this stage now.
    pub current: usize,
    /// Contacts that ever reached this stage (or a later one).
    pub reached: usize,
}

/// The move from one stage to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conversion {
    /// The stage left.
    pub from: Stage,
    /// The next stage.
    pub to: Stage,
    /// Contacts that reached `from`.
    pub reached_from: usize,
    /// Of those, contacts that reached `to`.
    pub reached_to: usize,
}

impl Conversion {
    /// reached(to) / reached(from) as a whole percentage; `None` when nobody reached `from`.
    pub fn percent(&self) -> Option<u32> {
        percent(self.reached_to, self.reached_from)
    }
}

/// Where contacts stand and how they moved.
#[derive(Clone, Debug, PartialEq)]
pub struct Funnel {
    /// One entry per stage, in [`Stage::ALL`] order.
    pub stages: Vec<FunnelStage>,
    /// One entry per pair of consecutive stages.
    pub conversions: Vec<Conversion>,
    /// Median days from first entering Connection to first entering Relationship.
    pub median_days_to_relationship: Option<f64>,
    /// How many contacts the median above is taken over.
    pub moves_to_relationship: usize,
    /// Median days from first entering Relationship to first entering Partnership.
    pub median_days_to_partnership: Option<f64>,
    /// How many contacts the median above is taken over.
    pub moves_to_partnership: usize,
}

impl Funnel {
    /// The conversion into `to` from the stage before it.
    pub fn conversion_into(&self, to: Stage) -> Option<&Conversion> {
        self.conversions
            .iter()
            .find(|conversion| conversion.to == to)
    }
}

/// Whole days from first entering `from` to first entering `to` after that.
fn days_between_first_entries(contact: &Contact, from: Stage, to: Stage) -> Option<i64> {
    let history = &contact.journey.history;
    let start = history.iter().position(|step| step.to == from)?;
    let end = history[start..].iter().find(|step| step.to == to)?;
    Some(history[start].at.days_until(end.at))
}

/// The median of whole numbers; the mean of the middle two for an even count.
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    sort_by(values, i64::cmp);
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[middle] as f64
    } else {
        (values[middle - 1] as f64 + values[middle] as f64) / 2.0
    })
}

/// The stage funnel of the whole ledger.
pub fn funnel(ledger: &Ledger) -> Funnel {
    let mut current = [0usize; 4];
    let mut reached = [0usize; 4];
    let mut to_relationship = Vec::new();
    let mut to_partnership = Vec::new();
    for contact in ledger.contacts() {
        current[stage_index(contact.stage())] += 1;
        let highest = contact
            .journey
            .history
            .iter()
            .map(|step| stage_index(step.to))
            .max()
            .unwrap_or(0);
        for count in &mut reached[..=highest] {
            *count += 1;
        }
        if let Some(days) =
            days_between_first_entries(contact, Stage::Connection, Stage::Relationship)
        {
            to_relationship.push(days);
        }
        if let Some(days) =
            days_between_first_entries(contact, Stage::Relationship, Stage::Partnership)
        {
            to_partnership.push(days);
        }
    }
    let stages = Stage::ALL
        .iter()
        .enumerate()
        .map(|(index, &stage)| FunnelStage {
            stage,
            current: current[index],
            reached: reached[index],
        })
        .collect::<Vec<_>>();
    let conversions = stages
        .windows(2)
        .map(|pair| Conversion {
            from: pair[0].stage,
            to: pair[1].stage,
            reached_from: pair[0].reached,
            reached_to: pair[1].reached,
        })
        .collect();
    Funnel {
        stages,
        conversions,
        moves_to_relationship: to_relationship.len(),
        median_days_to_relationship: median(&mut to_relationship),
        moves_to_partnership: to_partnership.len(),
        median_days_to_partnership: median(&mut to_partnership),
    }
}

// ----- stakeholder mix -----

/// How many contacts of one stakeholder type sit at each stage now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MixRow {
    /// The stakeholder type.
    pub stakeholder: StakeholderType,
    /// Contacts per stage, in [`Stage::ALL`] order.
    pub by_stage: [usize; 4],
}

impl MixRow {
    /// Contacts of this type at any stage.
    pub fn total(&self) -> usize {
        self.by_stage.iter().sum()
    }
}

/// Media and everyone else at one stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MediaShare {
    /// The stage, or `None` for all stages together.
    pub stage: Option<Stage>,
    /// Journalists, creators, influencers and analysts.
    pub media: usize,
    /// Every contact.
    pub total: usize,
}

impl MediaShare {
    /// Contacts that are not media.
    pub fn others(&self) -> usize {
        self.total - self.media
    }

    /// The media's share as a whole percentage; `None` when there is nobody.
    pub fn percent(&self) -> Option<u32> {
        percent(self.media, self.total)
    }
}

/// Who the ledger holds, by stakeholder type and stage.
#[derive(Clone, Debug, PartialEq)]
pub struct StakeholderMix {
    /// One row per stakeholder type, in [`StakeholderType::ALL`] order (empty types too).
    pub rows: Vec<MixRow>,
    /// The media's share at each stage, in [`Stage::ALL`] order.
    pub by_stage: Vec<MediaShare>,
    /// The media's share over every contact.
    pub overall: MediaShare,
}

impl StakeholderMix {
    /// How many stakeholder types have at least one contact.
    pub fn types_present(&self) -> usize {
        self.rows.iter().filter(|row| row.total() > 0).count()
    }
}

/// Counts per stakeholder type per (current) stage, and the media's share.
pub fn stakeholder_mix(ledger: &Ledger) -> StakeholderMix {
    let mut rows: Vec<MixRow> = StakeholderType::ALL
        .iter()
        .map(|&stakeholder| MixRow {
            stakeholder,
            by_stage: [0; 4],
        })
        .collect();
    for contact in ledger.contacts() {
        if let Some(row) = rows
            .iter_mut()
            .find(|row| row.stakeholder == contact.profile.stakeholder)
        {
            row.by_stage[stage_index(contact.stage())] += 1;
        }
    }
    let share = |stage: Option<usize>| {
        let count = |row: &MixRow| stage.map_or(row.total(), |index| row.by_stage[index]);
        MediaShare {
            stage: stage.map(|index| Stage::ALL[index]),
            media: rows
                .iter()
                .filter(|row| row.stakeholder.is_media())
                .map(count)
                .sum(),
            total: rows.iter().map(count).sum(),
        }
    };
    let by_stage = (0..Stage::ALL.len())
        .map(|index| share(Some(index)))
        .collect();
    let overall = share(None);
    StakeholderMix {
        rows,
        by_stage,
        overall,
    }
}

// ----- reciprocity per month -----

/// Gives, received and asks in one calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthFlow {
    /// The first day of the month.
    pub month: NaiveDate,
    /// Useful things given.
    pub gives: usize,
    /// Useful things received.
    pub received: usize,
    /// Requests and pitches made.
    pub asks: usize,
}

const MONTH_SHORT: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl MonthFlow {
    /// "Mar".
    pub fn short_label(&self) -> &'static str {
        MONTH_SHORT[self.month.month0() as usize]
    }

    /// "Mar 2026".
    pub fn label(&self) -> String {
        format!("{} {}", self.short_label(), self.month.year())
    }
}

/// Totals over a run of months.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FlowTotals {
    /// Useful things given.
    pub gives: usize,
    /// Useful things received.
    pub received: usize,
    /// Requests and pitches made.
    pub asks: usize,
}

/// Adds up the months.
pub fn flow_totals(months: &[MonthFlow]) -> FlowTotals {
    months
        .iter()
        .fold(FlowTotals::default(), |sum, month| FlowTotals {
            gives: sum.gives + month.gives,
            received: sum.received + month.received,
            asks: sum.asks + month.asks,
        })
}

/// The first day of the month `back` months before the month of `day`.
fn month_start(day: NaiveDate, back: u32) -> NaiveDate {
    let index = day.year() * 12 + day.month0() as i32 - back as i32;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1).unwrap_or(day)
}

/// Gives, received and asks in each of the last [`MONTHS`] calendar months, oldest first,
/// ending with the month of `now.today`; months without any are zero. An interaction
/// belongs to the month of its date where the person is; later or earlier ones are left out.
pub fn monthly_flow(ledger: &Ledger, now: Now) -> Vec<MonthFlow> {
    let mut months: Vec<MonthFlow> = (0..MONTHS as u32)
        .rev()
        .map(|back| MonthFlow {
            month: month_start(now.today, back),
            gives: 0,
            received: 0,
            asks: 0,
        })
        .collect();
    for interaction in ledger.interactions() {
        let start = month_start(interaction.details.day_in(|at| now.day_of(at)), 0);
        let Some(month) = months.iter_mut().find(|month| month.month == start) else {
            continue;
        };
        match interaction.details.kind.meaning() {
            InteractionKind::Give => month.gives += 1,
            InteractionKind::Received => month.received += 1,
            InteractionKind::Ask => month.asks += 1,
            _ => {}
        }
    }
    months
}

// ----- dialogue versus broadcast -----

/// How a kind of interaction counts in dialogue versus broadcast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// One-to-one, both ways possible.
    Dialogue,
    /// One-to-many.
    Broadcast,
    /// A like, follow or share: counted on its own.
    Surface,
}

/// Where each kind of interaction counts.
pub fn reach_of(kind: InteractionKind) -> Reach {
    match kind.meaning() {
        InteractionKind::Broadcast => Reach::Broadcast,
        InteractionKind::SurfaceEngagement => Reach::Surface,
        InteractionKind::Introduction
        | InteractionKind::Conversation
        | InteractionKind::Give
        | InteractionKind::Ask
        | InteractionKind::Received
        | InteractionKind::Promise
        | InteractionKind::Collaboration
        // A practitioner's word: its meaning is one of the kinds above.
        | InteractionKind::Pitch
        | InteractionKind::Coverage
        | InteractionKind::Interview
        | InteractionKind::Exclusive
        | InteractionKind::Embargo => Reach::Dialogue,
    }
}

/// Every logged interaction, by reach.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DialogueMix {
    /// One-to-one interactions.
    pub dialogue: usize,
    /// Of the dialogue, the ones they started.
    pub inbound: usize,
    /// One-to-many interactions.
    pub broadcast: usize,
    /// Surface engagements.
    pub surface: usize,
}

impl DialogueMix {
    /// Dialogue's share of dialogue plus broadcast, as a whole percentage.
    pub fn dialogue_percent(&self) -> Option<u32> {
        percent(self.dialogue, self.dialogue + self.broadcast)
    }

    /// Every interaction counted.
    pub fn total(&self) -> usize {
        self.dialogue + self.broadcast + self.surface
    }
}

/// Dialogue, broadcast and surface engagement over every logged interaction.
pub fn dialogue_mix(ledger: &Ledger) -> DialogueMix {
    let mut mix = DialogueMix::default();
    for interaction in ledger.interactions() {
        match reach_of(interaction.details.kind) {
            Reach::Dialogue => {
                mix.dialogue += 1;
                if interaction.details.direction == Direction::Inbound {
                    mix.inbound += 1;
                }
            }
            Reach::Broadcast => mix.broadcast += 1,
            Reach::Surface => mix.surface += 1,
        }
    }
    mix
}

// ----- promises -----

/// Promises by where they stand; kept, missed, open and overdue add up to every promise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PromiseCounts {
    /// Done.
    pub kept: usize,
    /// Of those kept, the ones kept after their due day.
    pub kept_late: usize,
    /// Not done.
    pub missed: usize,
    /// Open and due today or later.
    pub open: usize,
    /// Open past the due date.
    pub overdue: usize,
}

impl PromiseCounts {
    /// Counts `promise` where it stands as of `now`.
    pub fn add(&mut self, promise: &Promise, now: Now) {
        match promise.status {
            PromiseStatus::Kept => {
                self.kept += 1;
                self.kept_late += usize::from(promise.was_kept_late(now));
            }
            PromiseStatus::Missed => self.missed += 1,
            PromiseStatus::Open if promise.is_overdue(now.today) => self.overdue += 1,
            PromiseStatus::Open => self.open += 1,
        }
    }

    /// Kept over kept plus missed, as a whole percentage.
    pub fn kept_percent(&self) -> Option<u32> {
        percent(self.kept, self.kept + self.missed)
    }

    /// Every promise counted.
    pub fn total(&self) -> usize {
        self.kept + self.missed + self.open + self.overdue
    }
}

/// Promises by who owes them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PromiseStats {
    /// Promises I made.
    pub mine: PromiseCounts,
    /// Promises they made.
    pub theirs: PromiseCounts,
}

impl PromiseStats {
    /// Both sides together.
    pub fn all(&self) -> PromiseCounts {
        PromiseCounts {
            kept: self.mine.kept + self.theirs.kept,
            kept_late: self.mine.kept_late + self.theirs.kept_late,
            missed: self.mine.missed + self.theirs.missed,
            open: self.mine.open + self.theirs.open,
            overdue: self.mine.overdue + self.theirs.overdue,
        }
    }
}

/// Kept (and kept late), missed, open and overdue promises, as of `now`.
pub fn promise_stats(ledger: &Ledger, now: Now) -> PromiseStats {
    let mut stats = PromiseStats::default();
    for promise in ledger.promises() {
        match promise.owed_by {
            Party::Me => stats.mine.add(promise, now),
            Party::Them => stats.theirs.add(promise, now),
        }
    }
    stats
}

// ----- relationship quality -----

/// Relationship quality over the ledger, from each contact's quality checks (Hon and
/// Grunig): where the latest ratings stand, which are falling, and how many relationships
/// are communal rather than exchanges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QualityOverview {
    /// Contacts with at least one quality check.
    pub rated: usize,
    /// The mean of their latest checks' average ratings, out of 5.
    pub average: Option<f64>,
    /// The contacts whose latest check averages lower than the one before it, with their
    /// names, in name order.
    pub declining: Vec<(ContactId, String)>,
    /// Contacts whose latest check naming a relationship type found it communal.
    pub communal: usize,
    /// Contacts whose latest check naming a relationship type found it an exchange.
    pub exchange: usize,
}

/// Relationship quality over every contact rated.
pub fn quality_overview(ledger: &Ledger) -> QualityOverview {
    let mut overview = QualityOverview::default();
    let mut sum = 0.0;
    for contact in ledger.contacts() {
        let checks = &contact.quality_checks;
        let Some(latest) = checks.last() else {
            continue;
        };
        overview.rated += 1;
        sum += latest.average();
        if let [.., before, latest] = checks.as_slice() {
            if latest.average() < before.average() {
                overview
                    .declining
                    .push((contact.id, contact.profile.name.clone()));
            }
        }
        match checks
            .iter()
            .rev()
            .find_map(|check| check.relationship_type)
        {
            Some(RelationshipType::Communal) => overview.communal += 1,
            Some(RelationshipType::Exchange) => overview.exchange += 1,
            None => {}
        }
    }
    // Contacts are far fewer than 2^52, so the count converts exactly.
    overview.average = (overview.rated > 0).then(|| sum / overview.rated as f64);
    sort_by_cached_key(&mut overview.declining, |(id, name)| {
        (name.to_lowercase(), *id)
    });
    overview
}

// ----- everything -----

/// Every figure of the Insights page.
#[derive(Clone, Debug, PartialEq)]
pub struct Insights {
    /// Contacts in the ledger.
    pub contacts: usize,
    /// The stage funnel.
    pub funnel: Funnel,
    /// The stakeholder mix.
    pub mix: StakeholderMix,
    /// Gives, received and asks per month, oldest first.
    pub months: Vec<MonthFlow>,
    /// Dialogue versus broadcast.
    pub dialogue: DialogueMix,
    /// Promises kept and missed.
    pub promises: PromiseStats,
    /// Relationship quality.
    pub quality: QualityOverview,
}

/// Every figure of the Insights page, as of `now`.
pub fn insights(ledger: &Ledger, now: Now) -> Insights {
    Insights {
        contacts: ledger.counts().contacts,
        funnel: funnel(ledger),
        mix: stakeholder_mix(ledger),
        months: monthly_flow(ledger, now),
        dialogue: dialogue_mix(ledger),
        promises: promise_stats(ledger, now),
        quality: quality_overview(ledger),
    }
}

#[cfg(test)]
#[path = "stats_tests.rs"]
mod tests;
