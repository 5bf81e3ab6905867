//! Operations on interactions: logging, correcting, a pitch's status, deleting.

use super::*;

impl Ledger {
    /// Logs an interaction with a contact.
    pub fn log_interaction(
        &mut self,
        id: InteractionId,
        contact: ContactId,
        details: InteractionDetails,
        now: Timestamp,
    ) -> Result<InteractionId, LedgerError> {
        let details = details.normalized();
        check_new_details(&details)?;
        if self.interactions.contains_key(&id) {
            return Err(LedgerError::DuplicateId(id.to_string()));
        }
        self.related
            .get_mut(&contact)
            .ok_or(LedgerError::ContactNotFound(contact))?
            .interactions
            .insert(id);
        self.keep_interaction_base(id);
        self.interactions.insert(
            id,
            Interaction {
                id,
                contact,
                details,
                created_at: now,
                updated_at: now,
            },
        );
        self.pending.contacts.insert(contact);
        self.lift(DeletedId::Interaction(id));
        Ok(id)
    }

    /// Corrects what an interaction records (when, where, what kind, who started it, the
    /// notes and the pitch), keeping its id, its contact and when it was logged.
    pub fn edit_interaction(
        &mut self,
        id: InteractionId,
        details: InteractionDetails,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        let details = details.normalized();
        check_new_details(&details)?;
        if !self.interactions.contains_key(&id) {
            return Err(LedgerError::InteractionNotFound(id));
        }
        self.keep_interaction_base(id);
        let interaction = self
            .interactions
            .get_mut(&id)
            .ok_or(LedgerError::InteractionNotFound(id))?;
        interaction.details = details;
        interaction.updated_at = touched(interaction.updated_at, now);
        self.pending.contacts.insert(interaction.contact);
        Ok(())
    }

    /// Moves the pitch kept with an ask along (sent, answered, covered, declined).
    pub fn set_pitch_status(
        &mut self,
        id: InteractionId,
        status: PitchStatus,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        if self
            .interactions
            .get(&id)
            .is_none_or(|found| found.details.pitch.is_none())
        {
            return Err(LedgerError::InteractionNotFound(id));
        }
        self.keep_interaction_base(id);
        let interaction = self
            .interactions
            .get_mut(&id)
            .ok_or(LedgerError::InteractionNotFound(id))?;
        let pitch = interaction
            .details
            .pitch
            .as_mut()
            .ok_or(LedgerError::InteractionNotFound(id))?;
        pitch.status = status;
        interaction.updated_at = touched(interaction.updated_at, now);
        self.pending.contacts.insert(interaction.contact);
        Ok(())
    }

    /// Deletes an interaction, leaving its tombstone; promises made in it stay, no longer
    /// linked to it.
    pub fn delete_interaction(
        &mut self,
        id: InteractionId,
        now: Timestamp,
    ) -> Result<Interaction, LedgerError> {
        if !self.interactions.contains_key(&id) {
            return Err(LedgerError::InteractionNotFound(id));
        }
        self.keep_interaction_base(id);
        let interaction = self
            .interactions
            .remove(&id)
            .ok_or(LedgerError::InteractionNotFound(id))?;
        let linked: Vec<PromiseId> = self
            .related
            .get(&interaction.contact)
            .map(|related| {
                related
                    .promises
                    .iter()
                    .copied()
                    .filter(|promise| {
                        self.promises
                            .get(promise)
                            .is_some_and(|found| found.interaction == Some(id))
                    })
                    .collect()
            })
            .unwrap_or_default();
        for promise_id in linked {
            self.keep_promise_base(promise_id);
            if let Some(promise) = self.promises.get_mut(&promise_id) {
                promise.interaction = None;
                promise.updated_at = touched(promise.updated_at, now);
            }
        }
        if let Some(related) = self.related.get_mut(&interaction.contact) {
            related.interactions.remove(&id);
        }
        self.pending.contacts.insert(interaction.contact);
        self.pending.erased.insert(interaction.contact);
        self.bury(Tombstone {
            record: DeletedId::Interaction(id),
            contact: interaction.contact,
            deleted_at: now,
        });
        Ok(interaction)
    }

    // ----- promises -----

    /// The promise `draft` makes, checked as [`add_promise`](Self::add_promise) would
    /// record it, without recording it.
    pub(in crate::domain) fn planned_promise(
        &self,
        id: PromiseId,
        contact: ContactId,
        draft: PromiseDraft,
        now: Timestamp,
    ) -> Result<Promise, LedgerError> {
        let promise = Promise {
            id,
            contact,
            interaction: draft.interaction,
            what: draft.what.trim().to_owned(),
            owed_by: draft.owed_by,
            due: draft.due,
            status: PromiseStatus::Open,
            resolved_at: None,
            resolved_on: None,
            created_at: now,
            updated_at: now,
        };
        self.check_promise(&promise)?;
        if self.promises.contains_key(&id) {
            return Err(LedgerError::DuplicateId(id.to_string()));
        }
        Ok(promise)
    }
}
