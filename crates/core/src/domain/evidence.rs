//! The evidence about one contact, gathered once from the ledger, that the playbook,
//! reciprocity and readiness rules read.

use chrono::NaiveDate;

use super::contact::Contact;
use super::id::ContactId;
use super::interaction::{Direction, Interaction, InteractionKind};
use super::ledger::Ledger;
use super::promise::{Party, Promise, PromiseStatus};
use super::settings::LedgerSettings;
use super::stage::Stage;
use super::stats::PromiseCounts;
use super::time::{DayFormat, Now, Timestamp};
use super::words;

/// Whether an interaction of `kind` keeps a relationship warm: a one-to-one exchange
/// ([`InteractionKind::is_one_to_one`]) other than an ask or a pitch.
pub fn keeps_in_touch(kind: InteractionKind) -> bool {
    kind.is_one_to_one() && !kind.is_ask()
}

/// How often to keep in touch when the person chose nothing for a contact, per stage.
/// `None`: no nudge (a target is not connected yet: it is approached, and an encounter
/// moves it on, first).
pub fn default_cadence_days(stage: Stage) -> Option<u16> {
    match stage {
        Stage::Target => None,
        Stage::Connection => Some(60),
        Stage::Relationship => Some(30),
        Stage::Partnership => Some(14),
    }
}

/// Where the keep-in-touch cadence in force comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CadenceSource {
    /// The contact's own.
    Own,
    /// The shortest set for one of its tags.
    Tag,
    /// Its stage's default.
    StageDefault,
}

/// The keep-in-touch cadence in force for a contact, in days, and where it comes from: the
/// contact's own, else the shortest cadence set for one of its tags, else its stage's
/// default. A target has no stage default (it is not connected yet), so only its own
/// cadence applies to it. Nor has an organization whose people are in the ledger
/// (`carried_by_people`): they carry the relationship, and are nudged each for their own.
pub fn cadence_with_source(
    contact: &Contact,
    settings: &LedgerSettings,
    carried_by_people: bool,
) -> Option<(u16, CadenceSource)> {
    if let Some(own) = contact.profile.cadence_days {
        return Some((own, CadenceSource::Own));
    }
    let stage = contact.stage();
    if stage == Stage::Target {
        return None;
    }
    if let Some(tags) = settings.shortest_tag_cadence(&contact.profile.tags) {
        return Some((tags, CadenceSource::Tag));
    }
    if carried_by_people {
        return None;
    }
    default_cadence_days(stage).map(|days| (days, CadenceSource::StageDefault))
}

/// The keep-in-touch cadence in force for a contact, in days ([`cadence_with_source`]).
pub fn cadence_for(
    contact: &Contact,
    settings: &LedgerSettings,
    carried_by_people: bool,
) -> Option<u16> {
    cadence_with_source(contact, settings, carried_by_people).map(|(days, _)| days)
}

/// The cadence in force in words, with where it comes from: "every 30 days (the default
/// for Relationship; set your own in Edit)". `None` when no cadence holds.
pub fn cadence_in_words(
    contact: &Contact,
    settings: &LedgerSettings,
    carried_by_people: bool,
) -> Option<String> {
    let (days, source) = cadence_with_source(contact, settings, carried_by_people)?;
    let source = match source {
        CadenceSource::Own => String::new(),
        CadenceSource::Tag => " (set for one of its tags)".to_owned(),
        CadenceSource::StageDefault => format!(
            " (the default for {}; set your own in Edit)",
            contact.stage().label()
        ),
    };
    Some(format!("every {days} days{source}"))
}

/// Counts of what flowed each way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Balance {
    /// Useful things I gave.
    pub gives: usize,
    /// Useful things I received.
    pub received: usize,
    /// Requests and pitches I made.
    pub asks: usize,
    /// Introductions logged.
    pub introductions: usize,
}

impl Balance {
    /// Whether more was asked than given and received: no stage move is proposed then
    /// ([`assess`](super::playbook::assess)), whatever the prompts say.
    pub fn is_negative(&self) -> bool {
        self.asks > self.gives + self.received
    }

    /// Whether what went their way (gives) and came back (received) at least matches the
    /// asks, with at least one give: the healthy side of reciprocity.
    pub fn is_healthy(&self) -> bool {
        self.gives > 0 && self.gives + self.received >= self.asks
    }

    /// The balance in one sentence, by the rule of [`is_healthy`](Self::is_healthy): the
    /// contact page and the insights say the same.
    pub fn verdict(&self) -> &'static str {
        if self.is_healthy() {
            "Healthy: you gave, and what you gave and received covers what you asked."
        } else if self.gives == 0 {
            "Nothing given yet: give first."
        } else {
            "You asked more than you gave and received."
        }
    }
}

/// Everything known about one contact, in time order, as of `now`.
#[derive(Clone, Debug)]
pub struct Evidence<'a> {
    /// The contact.
    pub contact: &'a Contact,
    /// Its interactions, oldest first.
    pub interactions: Vec<&'a Interaction>,
    /// Its promises.
    pub promises: Vec<&'a Promise>,
    /// The moment the evidence is read at.
    pub now: Now,
    /// The keep-in-touch cadence in force ([`cadence_for`]).
    cadence: Option<u16>,
    /// Whether it is an organization whose people are in the ledger. Exact from
    /// [`of_every_contact`](Self::of_every_contact); [`gather`](Self::gather) looks only
    /// where it changes the cadence (an organization on its stage's default) and says
    /// `false` elsewhere.
    carried_by_people: bool,
}

impl<'a> Evidence<'a> {
    /// Gathers the evidence about `id`, or `None` when there is no such contact.
    pub fn gather(ledger: &'a Ledger, id: ContactId, now: Now) -> Option<Self> {
        let contact = ledger.contact(id)?;
        // Whether its people are in the ledger matters only to an organization that would
        // otherwise get its stage's default: the scan for them is made only then.
        let carried_by_people = contact.is_organization()
            && matches!(
                cadence_with_source(contact, ledger.settings(), false),
                Some((_, CadenceSource::StageDefault))
            )
            && ledger.has_members(id);
        Some(Self::with_records(
            ledger,
            contact,
            (ledger.interactions_of(id), ledger.promises_of(id)),
            carried_by_people,
            now,
        ))
    }

    /// The evidence about `contact`, whose interactions (newest first) and promises
    /// (soonest due first) were gathered already, as [`Ledger::interactions_by_contact`]
    /// and [`Ledger::promises_by_contact`] list them for every contact at once;
    /// `carried_by_people` tells an organization whose people are in the ledger.
    pub fn with_records(
        ledger: &'a Ledger,
        contact: &'a Contact,
        (mut newest_first, promises): (Vec<&'a Interaction>, Vec<&'a Promise>),
        carried_by_people: bool,
        now: Now,
    ) -> Self {
        newest_first.reverse();
        Self {
            contact,
            interactions: newest_first,
            promises,
            now,
            cadence: cadence_for(contact, ledger.settings(), carried_by_people),
            carried_by_people,
        }
    }

    /// The evidence about every contact, in the ledger's order, each contact's records
    /// gathered in one pass over the ledger rather than one lookup per contact.
    pub fn of_every_contact(ledger: &'a Ledger, now: Now) -> impl Iterator<Item = Self> + 'a {
        let mut interactions = ledger.interactions_by_contact();
        let mut promises = ledger.promises_by_contact();
        let with_people = ledger.organizations_with_people();
        ledger.contacts().map(move |contact| {
            let logged = interactions.remove(&contact.id).unwrap_or_default();
            let promised = promises.remove(&contact.id).unwrap_or_default();
            let carried_by_people = with_people.contains(&contact.id);
            Self::with_records(ledger, contact, (logged, promised), carried_by_people, now)
        })
    }

    /// Whether any interaction is one of `kinds`.
    pub fn any_of(&self, kinds: &[InteractionKind]) -> bool {
        self.any_before(kinds, None)
    }

    /// Whether something of one of `kinds` came before the interaction at position
    /// `limit` (or at all, when `limit` is `None`). Positions, not dates, decide: two
    /// interactions of the same day keep the order they were logged in.
    pub fn any_before(&self, kinds: &[InteractionKind], limit: Option<usize>) -> bool {
        let earlier = &self.interactions[..limit.unwrap_or(self.interactions.len())];
        earlier
            .iter()
            .any(|interaction| kinds.contains(&interaction.details.kind.meaning()))
    }

    /// Whether they ever started a one-to-one exchange: a like or a follow back is a
    /// connection, not yet dialogue.
    pub fn they_reached_out(&self) -> bool {
        self.interactions.iter().any(|interaction| {
            interaction.details.direction == Direction::Inbound
                && interaction.details.kind.is_one_to_one()
        })
    }

    /// Whether it is an organization whose people are in the ledger: they carry the
    /// relationship. Exact only for evidence from [`of_every_contact`](Self::of_every_contact)
    /// (see the field).
    pub fn is_carried_by_people(&self) -> bool {
        self.carried_by_people
    }

    /// Whether they were approached at all: anything logged but a broadcast (a release or
    /// a newsletter they may never have read) counts.
    pub fn approached(&self) -> bool {
        self.interactions
            .iter()
            .any(|interaction| interaction.details.kind.meaning() != InteractionKind::Broadcast)
    }

    /// The position (in time order) of the last interaction of `kind`.
    pub fn last_of(&self, kind: InteractionKind) -> Option<usize> {
        self.interactions
            .iter()
            .rposition(|interaction| interaction.details.kind.meaning() == kind)
    }

    /// The first interaction of one of `kinds`, in time order, with its position.
    pub fn first_of(&self, kinds: &[InteractionKind]) -> Option<(usize, &'a Interaction)> {
        self.interactions
            .iter()
            .copied()
            .enumerate()
            .find(|(_, interaction)| kinds.contains(&interaction.details.kind.meaning()))
    }

    /// The person's day of `at`, as a rule says it: "3 May", with the year when it is not
    /// this year's.
    pub fn day_in_words(&self, interaction: &Interaction) -> String {
        use chrono::Datelike;
        let day = self.day_of(interaction);
        if day.year() == self.now.today.year() {
            DayFormat::DayMonth.of(day).to_string()
        } else {
            DayFormat::DayMonthYear.of(day).to_string()
        }
    }

    /// Gives, received, asks and introductions.
    pub fn balance(&self) -> Balance {
        let count = |kind| {
            self.interactions
                .iter()
                .filter(|interaction| interaction.details.kind.meaning() == kind)
                .count()
        };
        Balance {
            gives: count(InteractionKind::Give),
            received: count(InteractionKind::Received),
            asks: count(InteractionKind::Ask),
            introductions: count(InteractionKind::Introduction),
        }
    }

    /// The person's day `interaction` happened on: the day they gave, or else its
    /// instant's day in their time zone.
    pub fn day_of(&self, interaction: &Interaction) -> NaiveDate {
        interaction.details.day_in(|at| self.now.day_of(at))
    }

    /// The person's day of the last meaningful contact ([`last_contact`](Self::last_contact)).
    pub fn last_contact_day(&self) -> Option<NaiveDate> {
        self.last_contact_interaction()
            .map(|interaction| self.day_of(interaction))
    }

    /// When the last meaningful contact happened: a broadcast (a release, a newsletter) or
    /// a like does not keep a relationship warm, so neither counts; nor does an ask, which
    /// takes from the relationship (a pitch to someone gone quiet does not warm it, nor
    /// make itself ready).
    pub fn last_contact(&self) -> Option<Timestamp> {
        self.last_contact_interaction()
            .map(|interaction| interaction.details.at)
    }

    /// The last meaningful contact ([`last_contact`](Self::last_contact)).
    fn last_contact_interaction(&self) -> Option<&Interaction> {
        self.interactions
            .iter()
            .rev()
            .find(|interaction| keeps_in_touch(interaction.details.kind))
            .copied()
    }

    /// Whether an ask came after the last meaningful contact (or with none at all): the
    /// words about being in touch say it did not count.
    pub fn asked_since_last_contact(&self) -> bool {
        let since = self
            .interactions
            .iter()
            .rposition(|interaction| keeps_in_touch(interaction.details.kind))
            .map_or(0, |position| position + 1);
        self.interactions[since..]
            .iter()
            .any(|interaction| interaction.details.kind.is_ask())
    }

    /// The keep-in-touch cadence in force: the contact's own, else its tags', else the
    /// stage default ([`cadence_for`]).
    pub fn cadence_days(&self) -> Option<u16> {
        self.cadence
    }

    /// Where the cadence counts from: the last meaningful contact; before any, the entry
    /// into the current stage.
    pub fn cadence_since(&self) -> Timestamp {
        self.last_contact()
            .or_else(|| self.contact.journey.entered_at())
            .unwrap_or(self.contact.created_at)
    }

    /// When the last one-to-one contact was, and the cadence it is held to, in a sentence or
    /// two for the contact page.
    pub fn in_touch_in_words(&self, settings: &LedgerSettings) -> String {
        let mut last = match self.last_contact_day() {
            None => "No one-to-one contact logged yet.".to_owned(),
            // Calendar days, as the person counts them: yesterday's call, logged at noon, is
            // "1 day ago" this morning too.
            Some(day) => match (self.now.today - day).num_days().max(0) {
                0 => "Last one-to-one contact: today.".to_owned(),
                days => format!("Last one-to-one contact: {} ago.", words::days(days)),
            },
        };
        if self.asked_since_last_contact() {
            let since = if self.last_contact().is_some() {
                "since then"
            } else {
                "so far"
            };
            last =
                format!("{last} Your asks {since} do not count: an ask is not keeping in touch.");
        }
        match cadence_in_words(self.contact, settings, self.carried_by_people) {
            Some(cadence) if self.within_cadence() => {
                format!("{last} You keep in touch {cadence}.")
            }
            Some(cadence) => format!("{last} Gone quiet: you keep in touch {cadence}."),
            None if self.carried_by_people => format!(
                "{last} Its people carry the relationship and are nudged each for their own; \
                 set a cadence here to be nudged for the organization too."
            ),
            // A pitch is an approach too: once approached, what makes the nudge start is the
            // move to Connection, after an encounter.
            None if self.approached() => format!(
                "{last} A target gets no keep-in-touch nudge: once you have met (an \
                 introduction, a conversation, a follow), move them to Connection."
            ),
            None => format!("{last} A target gets no keep-in-touch nudge until approached."),
        }
    }

    /// Whether the relationship is within its cadence (always true without a cadence).
    pub fn within_cadence(&self) -> bool {
        self.cadence_days()
            .is_none_or(|days| self.cadence_since().days_until(self.now.at) <= i64::from(days))
    }

    /// My promises that are still open past their due date.
    pub fn my_overdue_promises(&self) -> usize {
        self.promises
            .iter()
            .filter(|promise| promise.owed_by == Party::Me && promise.is_overdue(self.now.today))
            .count()
    }

    /// Promises owed by `party`, by where they stand: kept (and kept late), missed, open
    /// and overdue.
    pub fn promise_counts(&self, party: Party) -> PromiseCounts {
        let mut counts = PromiseCounts::default();
        for promise in self
            .promises
            .iter()
            .filter(|promise| promise.owed_by == party)
        {
            counts.add(promise, self.now);
        }
        counts
    }

    /// My promises kept.
    pub fn my_kept_promises(&self) -> usize {
        self.promises
            .iter()
            .filter(|promise| promise.owed_by == Party::Me && promise.status == PromiseStatus::Kept)
            .count()
    }

    /// Whether the person ticked the prompt with this key.
    pub fn is_ticked(&self, prompt: &str) -> bool {
        self.contact.ticks.iter().any(|tick| tick.prompt == prompt)
    }

    /// Days spent in the current stage so far.
    pub fn days_in_stage(&self) -> i64 {
        self.contact
            .journey
            .entered_at()
            .map_or(0, |entered| entered.days_until(self.now.at).max(0))
    }
}
