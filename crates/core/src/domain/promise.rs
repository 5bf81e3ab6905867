//! Promises: what either side said they would do, and whether it was done.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::choice::choice_enum;
use super::id::{ContactId, InteractionId, PromiseId};
use super::time::{Now, Timestamp};

choice_enum! {
    /// Who owes a promise.
    pub enum Party {
        /// I promised it.
        Me => ("me", "Me"),
        /// They promised it.
        Them => ("them", "Them"),
    }
}

choice_enum! {
    /// Where a promise stands.
    pub enum PromiseStatus {
        /// Not done yet.
        Open => ("open", "Open"),
        /// Done as promised.
        Kept => ("kept", "Kept"),
        /// Not done.
        Missed => ("missed", "Missed"),
    }
}

/// A commitment with a due date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promise {
    /// Unique across devices.
    pub id: PromiseId,
    /// The contact the promise was made to or by.
    pub contact: ContactId,
    /// The interaction in which it was made, if any.
    pub interaction: Option<InteractionId>,
    /// What was promised.
    pub what: String,
    /// Who owes it.
    pub owed_by: Party,
    /// When it is due.
    pub due: NaiveDate,
    /// Open, kept or missed.
    pub status: PromiseStatus,
    /// When it was marked kept or missed.
    pub resolved_at: Option<Timestamp>,
    /// The person's own day when it was marked kept or missed, so whether it was kept late
    /// does not change with the time zone it is looked at from. Promises resolved before
    /// schema version 5 have none: the day of `resolved_at` where it is looked at stands in.
    #[serde(default)]
    pub resolved_on: Option<NaiveDate>,
    /// When it was recorded.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
}

impl Promise {
    /// Whether the promise is still open after its due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == PromiseStatus::Open && self.due < today
    }

    /// Whether the promise was kept, but only after its due day on the person's calendar
    /// when they marked it: kept, yet not as promised.
    pub fn was_kept_late(&self, now: Now) -> bool {
        self.status == PromiseStatus::Kept
            && self.resolved_day(now).is_some_and(|day| day > self.due)
    }

    /// The person's day when the promise was resolved ([`resolved_on`](Self::resolved_on),
    /// else the day of `resolved_at` in the time zone of `now`).
    pub fn resolved_day(&self, now: Now) -> Option<NaiveDate> {
        self.resolved_on
            .or_else(|| self.resolved_at.map(|at| now.day_of(at)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn promise(due: NaiveDate, status: PromiseStatus) -> Promise {
        Promise {
            id: PromiseId::new(Timestamp::from_millis(0), 1),
            contact: ContactId::new(Timestamp::from_millis(0), 2),
            interaction: None,
            what: "send the deck".into(),
            owed_by: Party::Me,
            due,
            status,
            resolved_at: None,
            resolved_on: None,
            created_at: Timestamp::from_millis(0),
            updated_at: Timestamp::from_millis(0),
        }
    }

    #[test]
    fn only_open_promises_past_their_day_are_overdue() {
        let due = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        let day_after = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
        assert!(!promise(due, PromiseStatus::Open).is_overdue(due));
        assert!(promise(due, PromiseStatus::Open).is_overdue(day_after));
        assert!(!promise(due, PromiseStatus::Kept).is_overdue(day_after));
    }
}
