//! Operations on contacts: adding, editing, moving through the stages, deleting and
//! restoring, the plan, quality checks, ticks and snoozes.

use super::*;

/// What deleting a contact takes with it, to tell the person before they confirm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeletionImpact {
    /// Interactions logged with the contact.
    pub interactions: usize,
    /// Promises made to or by the contact.
    pub promises: usize,
    /// People who belong to the contact (an organization) and will no longer.
    pub members: usize,
}

/// A deleted contact with everything that went with it, so the deletion can be undone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemovedContact {
    /// The contact itself.
    pub contact: Contact,
    /// Its interactions.
    pub interactions: Vec<Interaction>,
    /// Its promises.
    pub promises: Vec<Promise>,
    /// People who belonged to it (when it was an organization).
    pub members: Vec<ContactId>,
}

impl Ledger {
    /// Adds a contact that starts its journey in `stage`.
    pub fn add_contact(
        &mut self,
        id: ContactId,
        profile: ContactProfile,
        stage: Stage,
        now: Timestamp,
    ) -> Result<ContactId, LedgerError> {
        let mut profile = profile.normalized();
        self.normalize_custom_values(&mut profile)?;
        check_profile(&profile)?;
        self.check_membership(id, &profile)?;
        if self.contacts.contains_key(&id) {
            return Err(LedgerError::DuplicateId(id.to_string()));
        }
        let contact = Contact {
            id,
            profile,
            journey: StageJourney::starting(stage, now, String::new()),
            plan: RelationshipPlan::default(),
            quality_checks: Vec::new(),
            ticks: Vec::new(),
            created_at: now,
            updated_at: now,
            snoozed_until: None,
        };
        self.keep_base(id);
        self.contacts.insert(id, contact);
        self.related.insert(id, Related::default());
        self.pending.contacts.insert(id);
        self.lift(DeletedId::Contact(id));
        Ok(id)
    }

    /// Replaces a contact's profile.
    pub fn update_profile(
        &mut self,
        id: ContactId,
        profile: ContactProfile,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        let profile = self.planned_profile(id, profile)?;
        let contact = self.contact_mut(id)?;
        contact.profile = profile;
        contact.updated_at = touched(contact.updated_at, now);
        self.pending.contacts.insert(id);
        Ok(())
    }

    /// `profile` as [`update_profile`](Self::update_profile) would store it for contact
    /// `id`, or why it would refuse it; nothing changes.
    pub(in crate::domain) fn planned_profile(
        &self,
        id: ContactId,
        profile: ContactProfile,
    ) -> Result<ContactProfile, LedgerError> {
        let mut profile = profile.normalized();
        self.normalize_custom_values(&mut profile)?;
        check_profile(&profile)?;
        self.check_membership(id, &profile)?;
        let was_organization = self
            .contact(id)
            .ok_or(LedgerError::ContactNotFound(id))?
            .is_organization();
        if was_organization
            && profile.kind == ContactKind::Person
            && !self.members_of(id).is_empty()
        {
            return Err(LedgerError::InvalidMembership(id));
        }
        Ok(profile)
    }

    /// Moves a contact to another stage (forward or back), recording the reason.
    /// Returns whether a move was recorded (`false` when already in that stage).
    pub fn move_stage(
        &mut self,
        id: ContactId,
        to: Stage,
        reason: String,
        now: Timestamp,
    ) -> Result<bool, LedgerError> {
        self.record_move(id, to, reason, now, now)
    }

    /// Moves a contact to another stage as [`move_stage`](Self::move_stage) does, dated `at`:
    /// a move made earlier and recorded only now (history entered late). It may not be dated
    /// after `now`, nor before the contact entered the stage it is in (`entered_on` says that
    /// day in the person's words).
    pub fn move_stage_on(
        &mut self,
        id: ContactId,
        to: Stage,
        reason: String,
        at: Timestamp,
        now: Timestamp,
        entered_on: impl Fn(Timestamp) -> String,
    ) -> Result<bool, LedgerError> {
        if at > now {
            return Err(LedgerError::MoveInTheFuture);
        }
        let entered = self
            .contact(id)
            .and_then(|contact| contact.journey.entered_at());
        if let Some(entered) = entered.filter(|&entered| at < entered) {
            return Err(LedgerError::MoveBeforeCurrentStage(entered_on(entered)));
        }
        self.record_move(id, to, reason, at, now)
    }

    pub(in crate::domain) fn record_move(
        &mut self,
        id: ContactId,
        to: Stage,
        reason: String,
        at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, LedgerError> {
        let reason = reason.trim().to_owned();
        check_text(&reason, "reason", limits::LONG_TEXT)?;
        self.check_room_for_a_move(id)?;
        let contact = self.contact_mut(id)?;
        // Never before the stage it leaves began (a clock set back).
        let at = at.max(contact.journey.entered_at().unwrap_or(at));
        let moved = contact.journey.move_to(to, at, reason);
        if moved {
            contact.updated_at = touched(contact.updated_at, now);
            self.pending.contacts.insert(id);
        }
        Ok(moved)
    }

    /// Refuses a stage move for a contact not in the ledger, or whose history is full.
    pub(in crate::domain) fn check_room_for_a_move(
        &self,
        id: ContactId,
    ) -> Result<(), LedgerError> {
        let contact = self.contact(id).ok_or(LedgerError::ContactNotFound(id))?;
        if contact.journey.history.len() >= limits::HISTORY {
            return Err(LedgerError::TooManyEntries {
                field: "stage moves",
                max: limits::HISTORY,
            });
        }
        Ok(())
    }

    /// Takes back a contact's latest stage move, when it is still the move to `to` made at
    /// `at` (see [`StageJourney::take_back`]). Returns whether it was taken back.
    pub fn take_back_move(
        &mut self,
        id: ContactId,
        to: Stage,
        at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, LedgerError> {
        let contact = self.contact_mut(id)?;
        let taken_back = contact.journey.take_back(to, at);
        if taken_back {
            contact.updated_at = touched(contact.updated_at, now);
            self.pending.contacts.insert(id);
        }
        Ok(taken_back)
    }

    /// Deletes a contact with its interactions and promises, leaving its tombstone; people
    /// who belonged to it (an organization) are unlinked. Returns everything needed to undo.
    pub fn delete_contact(
        &mut self,
        id: ContactId,
        now: Timestamp,
    ) -> Result<RemovedContact, LedgerError> {
        if !self.contacts.contains_key(&id) {
            return Err(LedgerError::ContactNotFound(id));
        }
        let members: Vec<ContactId> = self
            .contacts
            .values()
            .filter(|member| member.profile.organization == Some(id))
            .map(|member| member.id)
            .collect();
        for &changed in members.iter().chain([&id]) {
            self.keep_base(changed);
        }
        if let Some(related) = self.related.get(&id).cloned() {
            for &record in &related.interactions {
                self.keep_interaction_base(record);
            }
            for &record in &related.promises {
                self.keep_promise_base(record);
            }
        }
        let contact = self
            .contacts
            .remove(&id)
            .ok_or(LedgerError::ContactNotFound(id))?;
        let related = self.related.remove(&id).unwrap_or_default();
        let interactions = related
            .interactions
            .iter()
            .filter_map(|interaction| self.interactions.remove(interaction))
            .collect();
        let promises = related
            .promises
            .iter()
            .filter_map(|promise| self.promises.remove(promise))
            .collect();
        for member in &members {
            if let Some(member) = self.contacts.get_mut(member) {
                member.profile.organization = None;
                member.updated_at = touched(member.updated_at, now);
            }
        }
        self.pending.contacts.insert(id);
        self.pending.erased.insert(id);
        self.pending.contacts.extend(members.iter().copied());
        self.bury(Tombstone::of_contact(id, now));
        Ok(RemovedContact {
            contact,
            interactions,
            promises,
            members,
        })
    }

    /// Puts a deleted contact back with everything that went with it, relinking the
    /// members that have not joined another organization since, and lifts its tombstone.
    pub fn restore(&mut self, removed: RemovedContact, now: Timestamp) -> Result<(), LedgerError> {
        let RemovedContact {
            mut contact,
            interactions,
            promises,
            members,
        } = removed;
        let id = contact.id;
        if self.contacts.contains_key(&id) {
            return Err(LedgerError::DuplicateId(id.to_string()));
        }
        // Links that no longer hold (the organization deleted or now a person) are dropped,
        // both ways: a restore never leaves records that do not fit together.
        if let Some(organization) = contact.profile.organization {
            let target_is_organization = self
                .contact(organization)
                .is_some_and(Contact::is_organization);
            if !membership_holds(id, &contact.profile, target_is_organization) {
                contact.profile.organization = None;
            }
        }
        let restored_is_organization = contact.is_organization();
        self.keep_base(id);
        self.contacts.insert(id, contact);
        let mut related = Related::default();
        for interaction in interactions {
            related.interactions.insert(interaction.id);
            self.keep_interaction_base(interaction.id);
            self.interactions.insert(interaction.id, interaction);
        }
        for promise in promises {
            related.promises.insert(promise.id);
            self.keep_promise_base(promise.id);
            self.promises.insert(promise.id, promise);
        }
        self.related.insert(id, related);
        self.pending.contacts.insert(id);
        self.lift(DeletedId::Contact(id));
        for member in members {
            if self.contacts.contains_key(&member) {
                self.keep_base(member);
            }
            if let Some(person) = self.contacts.get_mut(&member) {
                if person.profile.organization.is_none()
                    && membership_holds(member, &person.profile, restored_is_organization)
                {
                    person.profile.organization = Some(id);
                    person.updated_at = touched(person.updated_at, now);
                    self.pending.contacts.insert(member);
                }
            }
        }
        Ok(())
    }

    /// Changes one part of the relationship plan, dating it when the text changed.
    pub fn update_plan(
        &mut self,
        id: ContactId,
        part: PlanPart,
        text: String,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        let text = text.trim().to_owned();
        check_text(&text, "plan", limits::LONG_TEXT)?;
        let contact = self.contact_mut(id)?;
        let entry = contact.plan.entry_mut(part);
        if entry.text != text {
            entry.text = text;
            entry.updated_at = Some(now);
            contact.updated_at = touched(contact.updated_at, now);
            self.pending.contacts.insert(id);
        }
        Ok(())
    }

    /// Dates one part of the plan now without changing its text: the person confirms it
    /// still holds (an agreement made for the relationship, confirmed as the partnership's
    /// terms). An empty part has nothing to confirm and stays as it is.
    pub fn confirm_plan(
        &mut self,
        id: ContactId,
        part: PlanPart,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        let contact = self.contact_mut(id)?;
        let entry = contact.plan.entry_mut(part);
        if !entry.text.is_empty() {
            entry.updated_at = Some(now);
            contact.updated_at = touched(contact.updated_at, now);
            self.pending.contacts.insert(id);
        }
        Ok(())
    }

    /// Records a relationship quality check.
    pub fn add_quality_check(
        &mut self,
        id: ContactId,
        check: QualityCheck,
    ) -> Result<(), LedgerError> {
        check_quality(&check)?;
        let count = self
            .contact(id)
            .ok_or(LedgerError::ContactNotFound(id))?
            .quality_checks
            .len();
        check_history_length(count + 1, "quality checks")?;
        let contact = self.contact_mut(id)?;
        contact.updated_at = touched(contact.updated_at, check.at);
        contact.quality_checks.push(check);
        sort_by_key(&mut contact.quality_checks, |check| check.at);
        self.pending.contacts.insert(id);
        Ok(())
    }

    /// Removes the quality check recorded at `at` (a mistaken one) and hands it back, so it
    /// can be put back with [`add_quality_check`](Self::add_quality_check).
    pub fn remove_quality_check(
        &mut self,
        id: ContactId,
        at: Timestamp,
        now: Timestamp,
    ) -> Result<QualityCheck, LedgerError> {
        // Found before the contact is taken to change, so a failure changes nothing.
        let index = self
            .contact(id)
            .ok_or(LedgerError::ContactNotFound(id))?
            .quality_checks
            .iter()
            .position(|check| check.at == at)
            .ok_or(LedgerError::QualityCheckNotFound)?;
        let contact = self.contact_mut(id)?;
        let removed = contact.quality_checks.remove(index);
        contact.updated_at = touched(contact.updated_at, now);
        self.pending.contacts.insert(id);
        self.pending.erased.insert(id);
        Ok(removed)
    }

    /// Ticks a playbook prompt the ledger cannot decide, or unticks it.
    pub fn set_tick(
        &mut self,
        id: ContactId,
        prompt: &str,
        ticked: bool,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        check_text(prompt, "prompt", limits::SHORT_TEXT)?;
        let ticks = &self
            .contact(id)
            .ok_or(LedgerError::ContactNotFound(id))?
            .ticks;
        if ticks.iter().any(|tick| tick.prompt == prompt) == ticked {
            return Ok(());
        }
        if ticked {
            check_history_length(ticks.len() + 1, "ticked prompts")?;
        }
        let contact = self.contact_mut(id)?;
        if ticked {
            contact.ticks.push(PromptTick {
                prompt: prompt.to_owned(),
                at: now,
            });
        } else {
            contact.ticks.retain(|tick| tick.prompt != prompt);
        }
        contact.updated_at = touched(contact.updated_at, now);
        self.pending.contacts.insert(id);
        Ok(())
    }

    /// Snoozes a contact until a day (it leaves the Today page's nudges until then), or
    /// wakes it with `None`. The day must be from today to [`limits::SNOOZE_DAYS`] ahead;
    /// "today" is taken loosely (a day either side of `now`'s UTC date), since the person's
    /// calendar day may differ from UTC's.
    pub fn snooze(
        &mut self,
        id: ContactId,
        until: Option<NaiveDate>,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        if let Some(day) = until {
            let ahead = (day - now.date_utc()).num_days();
            if !(-1..=limits::SNOOZE_DAYS + 1).contains(&ahead) {
                return Err(LedgerError::SnoozeOutOfRange);
            }
        }
        let contact = self.contact_mut(id)?;
        if contact.snoozed_until != until {
            contact.snoozed_until = until;
            contact.updated_at = touched(contact.updated_at, now);
            self.pending.contacts.insert(id);
        }
        Ok(())
    }

    pub(in crate::domain) fn check_membership(
        &self,
        id: ContactId,
        profile: &ContactProfile,
    ) -> Result<(), LedgerError> {
        let Some(organization) = profile.organization else {
            return Ok(());
        };
        let target = self
            .contacts
            .get(&organization)
            .ok_or(LedgerError::OrganizationNotFound(organization))?;
        if membership_holds(id, profile, target.is_organization()) {
            Ok(())
        } else {
            Err(LedgerError::InvalidMembership(id))
        }
    }

    pub(in crate::domain) fn check_promise(&self, promise: &Promise) -> Result<(), LedgerError> {
        if promise.what.trim().is_empty() {
            return Err(LedgerError::EmptyPromise);
        }
        check_text(&promise.what, "promise", limits::SHORT_TEXT)?;
        if !self.contacts.contains_key(&promise.contact) {
            return Err(LedgerError::MissingContact(promise.contact));
        }
        if let Some(interaction) = promise.interaction {
            let belongs = self
                .interactions
                .get(&interaction)
                .is_some_and(|found| found.contact == promise.contact);
            if !belongs {
                return Err(LedgerError::MissingInteraction(promise.id));
            }
        }
        Ok(())
    }
}
