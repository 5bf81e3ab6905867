//! The ledger's tombstones: one left by each deletion, lifted when the record comes back.

use super::*;

impl Ledger {
    /// Every tombstone, in the order of the records' kinds and ids.
    pub fn tombstones(&self) -> impl Iterator<Item = &Tombstone> {
        self.tombstones.values()
    }

    /// The tombstone of `record`, if it was deleted and not put back.
    pub fn tombstone(&self, record: DeletedId) -> Option<&Tombstone> {
        self.tombstones.get(&record)
    }

    /// The tombstones kept with `contact`'s records: its own, and those of the interactions
    /// and promises deleted from it.
    pub fn tombstones_of(&self, contact: ContactId) -> impl Iterator<Item = &Tombstone> {
        self.tombstones
            .values()
            .filter(move |tombstone| tombstone.contact == contact)
    }

    /// Records a deletion: its tombstone (the later one, if the record had one already)
    /// is saved with its contact's records, and a rebase takes it from this tab.
    pub(in crate::domain) fn bury(&mut self, tombstone: Tombstone) {
        let kept = match self.tombstones.get(&tombstone.record) {
            Some(&earlier) => earlier.later(tombstone),
            None => tombstone,
        };
        self.tombstones.insert(tombstone.record, kept);
        self.note_tombstone_change(&kept);
    }

    /// Lifts the tombstone of `record`, which is live again.
    pub(in crate::domain) fn lift(&mut self, record: DeletedId) {
        if let Some(lifted) = self.tombstones.remove(&record) {
            self.pending.lifted.entry(record).or_insert(lifted);
            self.note_tombstone_change(&lifted);
        }
    }

    /// Marks a tombstone's change pending: its contact's bucket is written again, and its
    /// record counts as changed here for a rebase.
    fn note_tombstone_change(&mut self, tombstone: &Tombstone) {
        self.pending.contacts.insert(tombstone.contact);
        match tombstone.record {
            DeletedId::Contact(_) => {}
            DeletedId::Interaction(id) => self.keep_interaction_base(id),
            DeletedId::Promise(id) => self.keep_promise_base(id),
        }
    }
}
