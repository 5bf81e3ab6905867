//! Operations on promises: making one, keeping or missing it, deleting it.

use super::*;

/// A new promise, as a person enters it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromiseDraft {
    /// What was promised.
    pub what: String,
    /// Who owes it.
    pub owed_by: Party,
    /// When it is due.
    pub due: NaiveDate,
    /// The interaction it was made in, if any.
    pub interaction: Option<InteractionId>,
}

impl Ledger {
    /// Records a promise made to or by a contact.
    pub fn add_promise(
        &mut self,
        id: PromiseId,
        contact: ContactId,
        draft: PromiseDraft,
        now: Timestamp,
    ) -> Result<PromiseId, LedgerError> {
        let promise = self.planned_promise(id, contact, draft, now)?;
        self.related
            .get_mut(&contact)
            .ok_or(LedgerError::ContactNotFound(contact))?
            .promises
            .insert(id);
        self.keep_promise_base(id);
        self.promises.insert(id, promise);
        self.pending.contacts.insert(contact);
        self.lift(DeletedId::Promise(id));
        Ok(id)
    }

    /// Marks a promise kept, missed, or open again, at `now` on the person's calendar.
    pub fn set_promise_status(
        &mut self,
        id: PromiseId,
        status: PromiseStatus,
        now: Now,
    ) -> Result<(), LedgerError> {
        if !self.promises.contains_key(&id) {
            return Err(LedgerError::PromiseNotFound(id));
        }
        self.keep_promise_base(id);
        let promise = self
            .promises
            .get_mut(&id)
            .ok_or(LedgerError::PromiseNotFound(id))?;
        let resolved = status != PromiseStatus::Open;
        promise.status = status;
        promise.resolved_at = resolved.then_some(now.at);
        promise.resolved_on = resolved.then_some(now.today);
        promise.updated_at = touched(promise.updated_at, now.at);
        self.pending.contacts.insert(promise.contact);
        Ok(())
    }

    /// Deletes a promise, leaving its tombstone dated `now`.
    pub fn delete_promise(
        &mut self,
        id: PromiseId,
        now: Timestamp,
    ) -> Result<Promise, LedgerError> {
        if !self.promises.contains_key(&id) {
            return Err(LedgerError::PromiseNotFound(id));
        }
        self.keep_promise_base(id);
        let promise = self
            .promises
            .remove(&id)
            .ok_or(LedgerError::PromiseNotFound(id))?;
        if let Some(related) = self.related.get_mut(&promise.contact) {
            related.promises.remove(&id);
        }
        self.pending.contacts.insert(promise.contact);
        self.pending.erased.insert(promise.contact);
        self.bury(Tombstone {
            record: DeletedId::Promise(id),
            contact: promise.contact,
            deleted_at: now,
        });
        Ok(promise)
    }
}
