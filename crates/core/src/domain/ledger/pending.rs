//! What changed since the last save, and the records as they were before (the common
//! ancestors a rebase over another tab's save merges against).

use super::*;

/// The records that changed since the last save.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PendingChanges {
    /// Everything must be rewritten (a whole ledger was loaded in from elsewhere).
    pub everything: bool,
    /// The ledger's settings changed.
    pub settings: bool,
    /// Contacts added, edited, deleted or whose interactions or promises changed.
    pub contacts: BTreeSet<ContactId>,
    /// Of those, the contacts deleted or with an interaction or promise deleted: storage
    /// must drop what they held, not only record the deletion.
    pub erased: BTreeSet<ContactId>,
    /// Interactions added, edited or deleted here, by id: a rebase over another tab's save
    /// takes these from this tab and every other interaction from the stored ledger.
    pub interactions: BTreeSet<InteractionId>,
    /// Promises added, changed or deleted here, by id (as for interactions).
    pub promises: BTreeSet<PromiseId>,
    /// Each contact whose record changed here, as it was before the first of those changes
    /// (`None`: added here). The common ancestor of a three-way merge, so a rebase keeps
    /// another tab's edits to the fields this tab left alone.
    pub base: BTreeMap<ContactId, Option<Contact>>,
    /// The settings before their first change here, for the same three-way merge.
    pub base_settings: Option<LedgerSettings>,
    /// Each interaction changed here as it was before the first of those changes (`None`:
    /// added here), for the same three-way merge.
    pub base_interactions: BTreeMap<InteractionId, Option<Interaction>>,
    /// Each promise changed here as it was before, as for interactions.
    pub base_promises: BTreeMap<PromiseId, Option<Promise>>,
    /// The tombstones lifted here (a deletion undone), as they were: the record was absent
    /// before, so its base above is `None`, yet it was known as deleted. Sync's journal
    /// takes the deletion as the copy last synced from here.
    pub lifted: BTreeMap<DeletedId, Tombstone>,
}

impl PendingChanges {
    /// Whether there is nothing to save.
    pub fn is_empty(&self) -> bool {
        !self.everything && !self.settings && self.contacts.is_empty()
    }

    /// Takes in `earlier`, changes made before these (a save that turned out to be lost):
    /// the union of both, with the earlier bases, which are the older ancestors.
    pub fn absorb_earlier(&mut self, earlier: PendingChanges) {
        self.everything |= earlier.everything;
        self.settings |= earlier.settings;
        self.contacts.extend(earlier.contacts);
        self.erased.extend(earlier.erased);
        self.interactions.extend(earlier.interactions);
        self.promises.extend(earlier.promises);
        for (id, base) in earlier.base {
            self.base.insert(id, base);
        }
        if earlier.base_settings.is_some() {
            self.base_settings = earlier.base_settings;
        }
        self.base_interactions.extend(earlier.base_interactions);
        self.base_promises.extend(earlier.base_promises);
        self.lifted.extend(earlier.lifted);
    }
}

impl Ledger {
    /// What changed since the last [`mark_saved`](Self::mark_saved).
    pub fn pending_changes(&self) -> &PendingChanges {
        &self.pending
    }

    /// Forgets the pending changes once they are safely stored.
    pub fn mark_saved(&mut self) {
        self.pending = PendingChanges::default();
    }

    /// Adds `earlier`, changes saved before and found lost (another tab's save replaced
    /// that save), to the pending changes, so the next save writes them again.
    pub fn add_pending(&mut self, earlier: PendingChanges) {
        self.pending.absorb_earlier(earlier);
    }

    /// Marks everything as changed, so the next save writes the ledger in full.
    pub fn mark_all_pending(&mut self) {
        self.pending.everything = true;
    }

    /// Marks as changed what differs from `before`, the ledger this one was made from (by
    /// a merge or an import): each contact added, removed or whose record, interactions,
    /// promises or tombstones differ, and the settings; a contact that lost an interaction, a promise or a
    /// quality check has its bucket rewritten, so what was dropped leaves storage. A save
    /// then writes only those buckets, and a tab that
    /// saved meanwhile keeps what it added ([`rebase_pending`](crate::domain::rebase::rebase_pending)),
    /// where [`mark_all_pending`](Self::mark_all_pending) would replace it whole. What
    /// `before` had not saved yet stays pending.
    pub fn mark_changed_since(&mut self, before: &Ledger) {
        let mut pending = PendingChanges {
            settings: self.settings != before.settings,
            ..PendingChanges::default()
        };
        for (&id, contact) in &self.contacts {
            let (interactions, promises) = self.records_of(id);
            let (interactions, promises): (Vec<_>, Vec<_>) =
                (interactions.collect(), promises.collect());
            let (earlier_interactions, earlier_promises) = before.records_of(id);
            let (earlier_interactions, earlier_promises): (Vec<_>, Vec<_>) =
                (earlier_interactions.collect(), earlier_promises.collect());
            if before.contact(id) != Some(contact)
                || interactions != earlier_interactions
                || promises != earlier_promises
            {
                pending.contacts.insert(id);
            }
            let lost = earlier_interactions
                .iter()
                .any(|earlier| self.interaction(earlier.id).is_none())
                || earlier_promises
                    .iter()
                    .any(|earlier| self.promise(earlier.id).is_none())
                || before.contact(id).is_some_and(|earlier| {
                    earlier
                        .quality_checks
                        .iter()
                        .any(|check| !contact.quality_checks.contains(check))
                });
            if lost {
                pending.erased.insert(id);
            }
        }
        for &id in before.contacts.keys() {
            if !self.contacts.contains_key(&id) {
                pending.contacts.insert(id);
                pending.erased.insert(id);
            }
        }
        // A tombstone added or lifted: its contact's bucket holds it, and its record
        // counts as changed for a rebase.
        let tombstones_changed: Vec<&Tombstone> = self
            .tombstones
            .iter()
            .filter(|(record, tombstone)| before.tombstones.get(record) != Some(tombstone))
            .chain(
                before
                    .tombstones
                    .iter()
                    .filter(|(record, _)| !self.tombstones.contains_key(record)),
            )
            .map(|(_, tombstone)| tombstone)
            .collect();
        for tombstone in &tombstones_changed {
            pending.contacts.insert(tombstone.contact);
        }
        // Record by record, for a rebase: what differs, and each changed contact as it was.
        for &id in &pending.contacts {
            let (interactions, promises) = self.records_of(id);
            let (earlier_interactions, earlier_promises) = before.records_of(id);
            pending.interactions.extend(
                interactions
                    .chain(earlier_interactions)
                    .map(|interaction| interaction.id)
                    .filter(|&record| self.interaction(record) != before.interaction(record)),
            );
            pending.promises.extend(
                promises
                    .chain(earlier_promises)
                    .map(|promise| promise.id)
                    .filter(|&record| self.promise(record) != before.promise(record)),
            );
            pending.base.insert(id, before.contact(id).cloned());
        }
        for (&record, &tombstone) in &before.tombstones {
            if !self.tombstones.contains_key(&record) {
                pending.lifted.insert(record, tombstone);
            }
        }
        for tombstone in tombstones_changed {
            match tombstone.record {
                DeletedId::Contact(_) => {}
                DeletedId::Interaction(id) => {
                    pending.interactions.insert(id);
                }
                DeletedId::Promise(id) => {
                    pending.promises.insert(id);
                }
            }
        }
        pending.base_interactions = pending
            .interactions
            .iter()
            .map(|&id| (id, before.interaction(id).cloned()))
            .collect();
        pending.base_promises = pending
            .promises
            .iter()
            .map(|&id| (id, before.promise(id).cloned()))
            .collect();
        if pending.settings {
            pending.base_settings = Some(before.settings.clone());
        }
        // What `before` had not saved yet is still to be saved, over its own older bases.
        pending.absorb_earlier(before.pending.clone());
        self.pending = pending;
    }

    /// The contact to change, its record as last saved kept first ([`Self::keep_base`]).
    pub(in crate::domain) fn contact_mut(
        &mut self,
        id: ContactId,
    ) -> Result<&mut Contact, LedgerError> {
        if !self.contacts.contains_key(&id) {
            return Err(LedgerError::ContactNotFound(id));
        }
        self.keep_base(id);
        self.contacts
            .get_mut(&id)
            .ok_or(LedgerError::ContactNotFound(id))
    }

    /// Keeps the contact's record as it is now (`None`: absent) as the base of its pending
    /// changes, unless one is kept already: called before the record first changes after a
    /// save, so a rebase can tell this tab's edits from another tab's.
    pub(in crate::domain) fn keep_base(&mut self, id: ContactId) {
        if !self.pending.base.contains_key(&id) {
            let current = self.contacts.get(&id).cloned();
            self.pending.base.insert(id, current);
        }
    }

    /// Keeps the interaction as it is now (`None`: absent) as the base of its pending
    /// changes, unless one is kept already, and marks it changed (see [`Self::keep_base`]).
    pub(in crate::domain) fn keep_interaction_base(&mut self, id: InteractionId) {
        if !self.pending.base_interactions.contains_key(&id) {
            let current = self.interactions.get(&id).cloned();
            self.pending.base_interactions.insert(id, current);
        }
        self.pending.interactions.insert(id);
    }

    /// Keeps the promise as it is now as the base of its pending changes (see
    /// [`Self::keep_interaction_base`]).
    pub(in crate::domain) fn keep_promise_base(&mut self, id: PromiseId) {
        if !self.pending.base_promises.contains_key(&id) {
            let current = self.promises.get(&id).cloned();
            self.pending.base_promises.insert(id, current);
        }
        self.pending.promises.insert(id);
    }

    /// Keeps the settings as they are now as the base of their pending changes, unless one
    /// is kept already (see [`Self::keep_base`]).
    /// Runs `change`, a change to the settings, with their base kept for a rebase
    /// ([`keep_settings_base`](Self::keep_settings_base)). When it fails, what is unsaved is
    /// put back as it was: its checks come before it changes anything, so the ledger is
    /// then exactly as before.
    pub(in crate::domain) fn changing_settings<T>(
        &mut self,
        change: impl FnOnce(&mut Self) -> Result<T, LedgerError>,
    ) -> Result<T, LedgerError> {
        let before = self.pending.clone();
        self.keep_settings_base();
        let result = change(self);
        if result.is_err() {
            self.pending = before;
        }
        result
    }

    pub(in crate::domain) fn keep_settings_base(&mut self) {
        if self.pending.base_settings.is_none() {
            self.pending.base_settings = Some(self.settings.clone());
        }
    }
}
