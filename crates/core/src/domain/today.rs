//! The Today page's agenda: what needs attention now, read from the ledger.
//!
//! Four kinds of item, each about one contact:
//! - **promises** open past their due day (overdue, mine first) or due within the next
//!   [`DUE_SOON_DAYS`] days;
//! - **quiet relationships**: longer since the last one-to-one contact than the cadence in
//!   force ([`cadence_for`](super::evidence::cadence_for)). The cadence restarts at every
//!   one-to-one contact (not at a broadcast or a like, nor at an ask: a pitch does not keep
//!   a relationship warm); a contact with none counts from when it entered its stage;
//! - **proposed moves**: contacts whose evidence supports a stage move
//!   ([`proposed_move`]);
//! - **targets not yet approached**: stage Target and nothing logged but broadcasts (a pitch
//!   is an approach), oldest first; an organization whose people are in the ledger is approached through them.
//!
//! A snoozed contact ([`Contact::is_snoozed`]) is left out of the last three until its
//! snooze day; its promises still show, because a promise is owed whatever the mood.

use std::cmp::Reverse;

use chrono::{Days, NaiveDate};

use super::contact::Contact;
use super::evidence::Evidence;
use super::id::{ContactId, PromiseId};
use super::ledger::Ledger;
use super::move_grounds::{move_grounds, MoveGrounds};
use super::playbook::proposed_move;
use super::promise::{Party, Promise, PromiseStatus};
use super::stage::Stage;
use super::time::Now;
use super::words;
use crate::sorting::{sort_by, sort_by_cached_key, sort_by_key};

/// Promises due within this many days from today count as "due soon".
pub const DUE_SOON_DAYS: u64 = 7;

/// Why an item is on the agenda, with the figures behind it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Why {
    /// An open promise, overdue or due soon.
    Promise {
        /// The promise.
        id: PromiseId,
        /// What was promised.
        what: String,
        /// Who owes it.
        owed_by: Party,
        /// Its due day.
        due: NaiveDate,
        /// Days from today to the due day (negative when overdue).
        days_left: i64,
    },
    /// Longer since the last interaction than the cadence.
    Quiet {
        /// Whole days since the last interaction (or since the stage was entered).
        days: i64,
        /// The cadence in force, in days.
        cadence: u16,
        /// Whether any interaction was ever logged.
        ever_logged: bool,
    },
    /// The evidence supports moving to this stage.
    Move {
        /// The stage proposed.
        to: Stage,
        /// The evidence that supports it.
        grounds: MoveGrounds,
    },
    /// A target with nothing logged but broadcasts.
    NotApproached {
        /// Days since the contact became a target.
        days: i64,
    },
}

impl Why {
    /// The one-line reason shown under the contact's name.
    pub fn reason(&self) -> String {
        match self {
            Why::Promise {
                what,
                owed_by,
                days_left,
                ..
            } => {
                let owes = match owed_by {
                    Party::Me => "You promised",
                    Party::Them => "They promised",
                };
                let when = match *days_left {
                    ..=-2 => format!("{} days overdue", -days_left),
                    -1 => "1 day overdue".to_owned(),
                    0 => "due today".to_owned(),
                    1 => "due tomorrow".to_owned(),
                    days => format!("due in {days} days"),
                };
                format!("{owes}: {what} ({when})")
            }
            Why::Quiet {
                days,
                cadence,
                ever_logged,
            } => {
                let since = if *ever_logged {
                    "since the last one-to-one contact"
                } else {
                    "since entering this stage, with no one-to-one contact logged"
                };
                // Exact while the count is close to the cadence it is compared with.
                let quiet = if *days < 2 * i64::from(*cadence) {
                    format!("{days} days")
                } else {
                    words::days(*days)
                };
                format!("{quiet} quiet {since}; you keep in touch every {cadence} days")
            }
            Why::Move { to, grounds } => {
                format!("{}: ready for {}", grounds.summary, to.label())
            }
            Why::NotApproached { days } => match days {
                0 => "Added today, not approached yet".to_owned(),
                days => format!("A target for {}, not approached yet", words::days(*days)),
            },
        }
    }
}

/// One line of the agenda.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaItem {
    /// The contact it is about.
    pub contact: ContactId,
    /// The contact's name.
    pub name: String,
    /// Why it is here.
    pub why: Why,
}

impl AgendaItem {
    fn new(contact: &Contact, why: Why) -> Self {
        Self {
            contact: contact.id,
            name: contact.profile.name.clone(),
            why,
        }
    }

    /// [`Why::reason`]: written only for the items shown, as a section can hold thousands.
    pub fn reason(&self) -> String {
        self.why.reason()
    }

    /// The stage the item proposes a move to, if it proposes one.
    pub fn proposed_stage(&self) -> Option<Stage> {
        match &self.why {
            Why::Move { to, .. } => Some(*to),
            _ => None,
        }
    }

    /// The promise the item is about, if it is about one.
    pub fn promise(&self) -> Option<PromiseId> {
        match self.why {
            Why::Promise { id, .. } => Some(id),
            _ => None,
        }
    }
}

/// What needs attention today, section by section, each in the order to act on it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Agenda {
    /// Open promises past their due day: mine first, then the longest overdue.
    pub overdue: Vec<AgendaItem>,
    /// Open promises due from today to [`DUE_SOON_DAYS`] ahead: soonest first, mine first.
    pub due_soon: Vec<AgendaItem>,
    /// Relationships quiet past their cadence: the furthest past it first.
    pub quiet: Vec<AgendaItem>,
    /// Contacts whose evidence supports a stage move, by name.
    pub proposed: Vec<AgendaItem>,
    /// Targets not approached yet, the longest waiting first.
    pub targets: Vec<AgendaItem>,
}

impl Agenda {
    /// Whether nothing at all needs attention.
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.due_soon.is_empty()
            && self.quiet.is_empty()
            && self.proposed.is_empty()
            && self.targets.is_empty()
    }
}

/// The agenda for `now`.
pub fn agenda(ledger: &Ledger, now: Now) -> Agenda {
    let mut agenda = Agenda::default();
    promise_items(ledger, now, &mut agenda);
    let mut quiet = Vec::new();
    let mut targets = Vec::new();
    let unsnoozed = Evidence::of_every_contact(ledger, now)
        .filter(|evidence| !evidence.contact.is_snoozed(now.today));
    for evidence in unsnoozed {
        let contact = evidence.contact;
        let entered = contact.journey.entered_at().unwrap_or(contact.created_at);
        if let Some(cadence) = evidence.cadence_days() {
            let days = evidence.cadence_since().days_until(now.at);
            if days > i64::from(cadence) {
                let why = Why::Quiet {
                    days,
                    cadence,
                    ever_logged: evidence.last_contact().is_some(),
                };
                quiet.push((days - i64::from(cadence), AgendaItem::new(contact, why)));
            }
        }
        if let Some(to) = proposed_move(&evidence) {
            let grounds = move_grounds(&evidence);
            agenda
                .proposed
                .push(AgendaItem::new(contact, Why::Move { to, grounds }));
        }
        // An organization whose people are in the ledger is approached through them, and
        // they are listed themselves.
        if contact.stage() == Stage::Target
            && !evidence.approached()
            && !evidence.is_carried_by_people()
        {
            let days = entered.days_until(now.at).max(0);
            targets.push((
                entered,
                AgendaItem::new(contact, Why::NotApproached { days }),
            ));
        }
    }
    // Thousands of contacts can be quiet at once: each name is lowercased once, not at
    // every comparison.
    sort_by_cached_key(&mut quiet, |(past, item)| {
        (Reverse(*past), item.name.to_lowercase(), item.contact)
    });
    agenda.quiet = quiet.into_iter().map(|(_, item)| item).collect();
    sort_by_cached_key(&mut agenda.proposed, |item| {
        (item.name.to_lowercase(), item.contact)
    });
    sort_by(&mut targets, |(a_entered, a), (b_entered, b)| {
        a_entered.cmp(b_entered).then(a.contact.cmp(&b.contact))
    });
    agenda.targets = targets.into_iter().map(|(_, item)| item).collect();
    agenda
}

/// Mine before theirs.
fn party_rank(party: Party) -> u8 {
    match party {
        Party::Me => 0,
        Party::Them => 1,
    }
}

/// Fills the overdue and due-soon sections from the open promises.
fn promise_items(ledger: &Ledger, now: Now, agenda: &mut Agenda) {
    let horizon = now
        .today
        .checked_add_days(Days::new(DUE_SOON_DAYS))
        .unwrap_or(NaiveDate::MAX);
    let mut overdue: Vec<&Promise> = Vec::new();
    let mut due_soon: Vec<&Promise> = Vec::new();
    for promise in ledger.promises() {
        if promise.status != PromiseStatus::Open {
            continue;
        }
        if promise.is_overdue(now.today) {
            overdue.push(promise);
        } else if promise.due <= horizon {
            due_soon.push(promise);
        }
    }
    sort_by_key(&mut overdue, |promise| {
        (party_rank(promise.owed_by), promise.due, promise.id)
    });
    sort_by_key(&mut due_soon, |promise| {
        (promise.due, party_rank(promise.owed_by), promise.id)
    });
    let item = |promise: &Promise| {
        let contact = ledger.contact(promise.contact)?;
        let why = Why::Promise {
            id: promise.id,
            what: promise.what.clone(),
            owed_by: promise.owed_by,
            due: promise.due,
            days_left: (promise.due - now.today).num_days(),
        };
        Some(AgendaItem::new(contact, why))
    };
    agenda.overdue = overdue.into_iter().filter_map(item).collect();
    agenda.due_soon = due_soon.into_iter().filter_map(item).collect();
}

#[cfg(test)]
#[path = "today_tests.rs"]
mod tests;
