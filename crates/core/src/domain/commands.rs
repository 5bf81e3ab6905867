//! Compound changes: several of the ledger's operations that succeed or fail together, so
//! the UI never has to undo half of one by hand.
//!
//! Each checks everything that could refuse it before it changes anything, then makes its
//! changes with the ledger's own operations, which can no longer fail.

use super::{
    ContactId, InteractionDetails, InteractionId, Ledger, LedgerError, PromiseDraft, PromiseId,
    Stage, Timestamp,
};
use crate::domain::ledger::{check_text, limits};

/// What a move of several contacts to one stage did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BulkMove {
    /// Contacts moved.
    pub moved: usize,
    /// Contacts that were in that stage already.
    pub already: usize,
}

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

    /// Adds `tag` to each of the contacts `ids` that lacks it (ignoring case), all or none.
    /// A contact no longer in the ledger (deleted in another tab) is skipped. Returns how
    /// many were tagged.
    pub fn tag_contacts(
        &mut self,
        ids: impl IntoIterator<Item = ContactId>,
        tag: &str,
        now: Timestamp,
    ) -> Result<usize, LedgerError> {
        if tag.trim().is_empty() {
            return Err(LedgerError::EmptyTag);
        }
        let mut planned = Vec::new();
        for id in ids {
            let Some(contact) = self.contact(id) else {
                continue;
            };
            let mut profile = contact.profile.clone();
            if profile.add_tag(tag) {
                planned.push((id, self.planned_profile(id, profile)?));
            }
        }
        let tagged = planned.len();
        for (id, profile) in planned {
            self.update_profile(id, profile, now)?;
        }
        Ok(tagged)
    }

    /// Moves each of the contacts `ids` to `to` with `reason`, all or none. A contact no
    /// longer in the ledger is skipped; one already there is counted, not moved.
    pub fn move_contacts(
        &mut self,
        ids: impl IntoIterator<Item = ContactId>,
        to: Stage,
        reason: &str,
        now: Timestamp,
    ) -> Result<BulkMove, LedgerError> {
        let mut planned = Vec::new();
        let mut outcome = BulkMove::default();
        for id in ids {
            let Some(contact) = self.contact(id) else {
                continue;
            };
            if contact.journey.current() == to {
                outcome.already += 1;
                continue;
            }
            self.check_room_for_a_move(id)?;
            planned.push(id);
        }
        check_text(reason.trim(), "reason", limits::LONG_TEXT)?;
        for &id in &planned {
            self.move_stage(id, to, reason.to_owned(), now)?;
        }
        outcome.moved = planned.len();
        Ok(outcome)
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

    /// Three people of the demo, the second already tagged "Press" (another case).
    fn three_people(ledger: &mut Ledger) -> Vec<ContactId> {
        let people: Vec<ContactId> = ledger
            .contacts()
            .filter(|contact| !contact.is_organization())
            .take(3)
            .map(|contact| contact.id)
            .collect();
        let mut profile = ledger.contact(people[1]).expect("person").profile.clone();
        profile.tags = vec!["Press".to_owned()];
        ledger
            .update_profile(people[1], profile, NOW)
            .expect("tagged");
        ledger.mark_saved();
        people
    }

    #[test]
    fn tagging_several_contacts_tags_those_without_the_tag_and_skips_the_deleted() {
        let (mut ledger, _) = ledger();
        let mut ids = three_people(&mut ledger);
        ids.push(ContactId::new(NOW, 999));
        assert_eq!(ledger.tag_contacts(ids.clone(), " press ", NOW), Ok(2));
        for &id in &ids[..3] {
            let tags = &ledger.contact(id).expect("contact").profile.tags;
            assert_eq!(
                tags.iter()
                    .filter(|tag| tag.eq_ignore_ascii_case("press"))
                    .count(),
                1,
                "{tags:?}"
            );
        }
        assert_eq!(ledger.pending_changes().contacts.len(), 2);
        assert_eq!(
            ledger.tag_contacts(ids, "  ", NOW),
            Err(LedgerError::EmptyTag)
        );
    }

    #[test]
    fn a_tag_one_contact_refuses_tags_none() {
        let (mut ledger, _) = ledger();
        let ids = three_people(&mut ledger);
        // The third has no room for another tag.
        let mut profile = ledger.contact(ids[2]).expect("person").profile.clone();
        profile.tags = (0..crate::domain::ledger::limits::LIST_ENTRIES)
            .map(|n| format!("tag {n}"))
            .collect();
        ledger.update_profile(ids[2], profile, NOW).expect("full");
        ledger.mark_saved();
        let before = ledger.clone();
        assert!(ledger.tag_contacts(ids, "Berlin", NOW).is_err());
        assert!(ledger == before, "no contact was tagged");
        assert!(ledger.pending_changes().is_empty(), "nothing to save");
    }

    #[test]
    fn moving_several_contacts_moves_those_elsewhere_and_counts_those_there() {
        let (mut ledger, _) = ledger();
        let ids = three_people(&mut ledger);
        ledger
            .move_stage(ids[0], Stage::Partnership, String::new(), NOW)
            .expect("moved");
        let outcome = ledger
            .move_contacts(ids.clone(), Stage::Partnership, "Bulk move", NOW)
            .expect("moved");
        let there = |ledger: &Ledger| {
            ids.iter()
                .filter(|&&id| {
                    ledger.contact(id).expect("contact").journey.current() == Stage::Partnership
                })
                .count()
        };
        assert_eq!(outcome.already, 1);
        assert_eq!(outcome.moved + outcome.already, 3);
        assert_eq!(there(&ledger), 3);
    }

    #[test]
    fn a_move_one_contact_refuses_moves_none() {
        let (mut ledger, _) = ledger();
        let ids = three_people(&mut ledger);
        let before = ledger.clone();
        let too_long = "x".repeat(crate::domain::ledger::limits::LONG_TEXT + 1);
        assert!(ledger
            .move_contacts(ids, Stage::Partnership, &too_long, NOW)
            .is_err());
        assert!(ledger == before, "no contact was moved");
        assert!(ledger.pending_changes().is_empty(), "nothing to save");
    }
}
