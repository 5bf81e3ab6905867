//! A one-tap change the toast's Undo reverses, and whether it still can be.

use super::*;

/// A change the toast's Undo reverses.
#[derive(Clone, Debug, PartialEq)]
pub enum Undo {
    /// A deleted contact, with everything that went with it.
    Restore(Box<RemovedContact>),
    /// A promise marked kept or missed from Today: open it again, unless it changed since.
    Reopen {
        /// The promise.
        promise: PromiseId,
        /// Kept or missed.
        status: PromiseStatus,
        /// When it was marked so.
        resolved_at: Timestamp,
    },
    /// A contact snoozed from Today: wake it, unless its snooze changed since.
    Unsnooze {
        /// Who was snoozed.
        contact: ContactId,
        /// The day the snooze ends.
        until: NaiveDate,
    },
    /// A quality check just recorded: remove it, unless it is gone already.
    Unrate {
        /// Whose relationship.
        contact: ContactId,
        /// When the check was recorded.
        at: Timestamp,
    },
    /// A quality check just deleted: put it back, unless one of that instant is back already.
    Rerate {
        /// Whose relationship.
        contact: ContactId,
        /// The check deleted.
        check: Box<QualityCheck>,
    },
    /// A stage move made from Today: take it back, unless the contact moved again since.
    Unmove {
        /// Who moved.
        contact: ContactId,
        /// The stage entered.
        to: Stage,
        /// When the move was recorded.
        at: Timestamp,
    },
}

impl Undo {
    /// Whether the change is still the ledger's latest word on the record, so undoing it
    /// overwrites nothing done since (on another page, or in another tab).
    pub fn still_applies(&self, ledger: &Ledger) -> bool {
        match self {
            Undo::Restore(removed) => ledger.contact(removed.contact.id).is_none(),
            Undo::Reopen {
                promise,
                status,
                resolved_at,
            } => ledger.promise(*promise).is_some_and(|found| {
                found.status == *status && found.resolved_at == Some(*resolved_at)
            }),
            Undo::Unsnooze { contact, until } => ledger
                .contact(*contact)
                .is_some_and(|found| found.snoozed_until == Some(*until)),
            Undo::Unrate { contact, at } => ledger
                .contact(*contact)
                .is_some_and(|found| found.quality_checks.iter().any(|check| check.at == *at)),
            Undo::Rerate { contact, check } => ledger
                .contact(*contact)
                .is_some_and(|found| !found.quality_checks.iter().any(|kept| kept.at == check.at)),
            Undo::Unmove { contact, to, at } => ledger
                .contact(*contact)
                .is_some_and(|found| found.journey.can_take_back(*to, *at)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample::{demo, DEMO_SEED};

    const NOW: Timestamp = Timestamp::from_millis(1_795_305_600_000);

    #[test]
    fn an_undo_applies_only_while_its_change_is_the_latest() {
        let now = Now::utc(NOW);
        let mut ledger = demo(DEMO_SEED, now);
        let promise = ledger
            .promises()
            .find(|promise| promise.status == PromiseStatus::Open)
            .map(|promise| promise.id)
            .expect("an open promise");
        ledger
            .set_promise_status(promise, PromiseStatus::Kept, now)
            .expect("kept");
        let reopen = Undo::Reopen {
            promise,
            status: PromiseStatus::Kept,
            resolved_at: NOW,
        };
        assert!(reopen.still_applies(&ledger));
        let later = NOW.plus_days(1);
        ledger
            .set_promise_status(promise, PromiseStatus::Missed, Now::utc(later))
            .expect("missed");
        assert!(!reopen.still_applies(&ledger), "marked missed since");

        let contact = ledger.contacts().next().map(|c| c.id).expect("contact");
        let until = now.today.succ_opt().expect("tomorrow");
        ledger.snooze(contact, Some(until), NOW).expect("snooze");
        let unsnooze = Undo::Unsnooze { contact, until };
        assert!(unsnooze.still_applies(&ledger));
        ledger.snooze(contact, None, later).expect("woken");
        assert!(!unsnooze.still_applies(&ledger), "woken since");

        let entered = ledger.contact(contact).expect("contact").journey.clone();
        let to = if entered.current() == Stage::Partnership {
            Stage::Relationship
        } else {
            Stage::Partnership
        };
        ledger
            .move_stage(contact, to, String::new(), later)
            .expect("moved");
        let unmove = Undo::Unmove {
            contact,
            to,
            at: later,
        };
        assert!(unmove.still_applies(&ledger));
        ledger
            .move_stage(contact, entered.current(), String::new(), later)
            .expect("moved back by hand");
        assert!(!unmove.still_applies(&ledger), "moved again since");

        let check = QualityCheck {
            at: later,
            trust: 3,
            mutuality: 3,
            commitment: 3,
            satisfaction: 3,
            note: String::new(),
            relationship_type: None,
        };
        ledger
            .add_quality_check(contact, check.clone())
            .expect("rated");
        let unrate = Undo::Unrate { contact, at: later };
        assert!(unrate.still_applies(&ledger));
        let deleted = ledger
            .remove_quality_check(contact, later, later)
            .expect("removed by hand");
        assert!(!unrate.still_applies(&ledger), "removed since");
        let rerate = Undo::Rerate {
            contact,
            check: Box::new(deleted),
        };
        assert!(rerate.still_applies(&ledger));
        ledger.add_quality_check(contact, check).expect("back");
        assert!(!rerate.still_applies(&ledger), "already back");

        let removed = ledger.delete_contact(contact, later).expect("deleted");
        let restore = Undo::Restore(Box::new(removed.clone()));
        assert!(restore.still_applies(&ledger));
        ledger.restore(removed, later).expect("restored");
        assert!(!restore.still_applies(&ledger), "already back");
    }
}
