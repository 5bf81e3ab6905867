//! Compound changes: several of the ledger's operations that succeed or fail together, so
//! the UI never has to undo half of one by hand.
//!
//! Each checks everything that could refuse it before it changes anything, then makes its
//! changes with the ledger's own operations, which can no longer fail.

use super::{
    ContactId, InteractionDetails, InteractionId, Ledger, LedgerError, PromiseDraft, PromiseId,
    Timestamp,
};

impl Ledger {
    /// Logs an interaction and, when given, the promise made in it (linked to it): both, or
    /// neither and the reason.
    pub fn log_with_promise(
        &mut self,
        id: InteractionId,
        contact: ContactId,
        details: InteractionDetails,
        promise: Option<(PromiseId, PromiseDraft)>,
        now: Timestamp,
    ) -> Result<InteractionId, LedgerError> {
        if let Some((promise_id, draft)) = &promise {
            // Checked without the link to the interaction not logged yet.
            let unlinked = PromiseDraft {
                interaction: None,
                ..draft.clone()
            };
            self.planned_promise(*promise_id, contact, unlinked, now)?;
        }
        self.log_interaction(id, contact, details, now)?;
        if let Some((promise_id, draft)) = promise {
            let linked = PromiseDraft {
                interaction: Some(id),
                ..draft
            };
            self.add_promise(promise_id, contact, linked, now)?;
        }
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::sample::{generate, SampleSize};
    use crate::domain::{Channel, Direction, InteractionKind, Party};

    const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);

    fn details() -> InteractionDetails {
        InteractionDetails {
            day: None,
            at: NOW,
            channel: Channel::Email,
            kind: InteractionKind::Promise,
            direction: Direction::Outbound,
            summary: "Agreed to send the survey".to_owned(),
            learned: String::new(),
            pitch: None,
            link: String::new(),
        }
    }

    fn draft(what: &str) -> PromiseDraft {
        PromiseDraft {
            what: what.to_owned(),
            owed_by: Party::Me,
            due: NaiveDate::from_ymd_opt(2026, 12, 20).expect("date"),
            interaction: None,
        }
    }

    fn ledger() -> (Ledger, ContactId) {
        let mut ledger = generate(3, SampleSize::DEMO, NOW);
        ledger.mark_saved();
        let contact = ledger.contacts().next().expect("a contact").id;
        (ledger, contact)
    }

    #[test]
    fn a_log_with_a_promise_records_both_linked() {
        let (mut ledger, contact) = ledger();
        let (id, promise) = (InteractionId::new(NOW, 1), PromiseId::new(NOW, 2));
        ledger
            .log_with_promise(
                id,
                contact,
                details(),
                Some((promise, draft("Send it"))),
                NOW,
            )
            .expect("logged");
        assert!(ledger.interaction(id).is_some());
        assert_eq!(
            ledger.promise(promise).and_then(|p| p.interaction),
            Some(id)
        );
    }

    #[test]
    fn a_refused_promise_logs_nothing_and_leaves_nothing_to_save() {
        let (mut ledger, contact) = ledger();
        let before = ledger.clone();
        let outcome = ledger.log_with_promise(
            InteractionId::new(NOW, 1),
            contact,
            details(),
            Some((PromiseId::new(NOW, 2), draft("   "))),
            NOW,
        );
        assert_eq!(outcome, Err(LedgerError::EmptyPromise));
        assert!(ledger == before, "the ledger is as it was");
        assert!(ledger.pending_changes().is_empty(), "nothing to save");
    }
}
