//! Reading the ledger: its records, each contact's interactions and promises, the
//! organizations and their people.

use super::*;

/// How many records of each kind a ledger holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Contacts, people and organizations.
    pub contacts: usize,
    /// Interactions logged.
    pub interactions: usize,
    /// Promises, kept or not.
    pub promises: usize,
}

impl Counts {
    /// The counts in words: "3 contacts, 1 interaction and 0 promises".
    pub fn in_words(self) -> String {
        super::super::words::records(self.contacts, self.interactions, self.promises)
    }
}

impl Ledger {
    /// Every contact, in id (creation) order.
    pub fn contacts(&self) -> impl Iterator<Item = &Contact> {
        self.contacts.values()
    }

    /// The contact with this id.
    pub fn contact(&self, id: ContactId) -> Option<&Contact> {
        self.contacts.get(&id)
    }

    /// Every interaction, in id order.
    pub fn interactions(&self) -> impl Iterator<Item = &Interaction> {
        self.interactions.values()
    }

    /// The interaction with this id.
    pub fn interaction(&self, id: InteractionId) -> Option<&Interaction> {
        self.interactions.get(&id)
    }

    /// Every promise, in id order.
    pub fn promises(&self) -> impl Iterator<Item = &Promise> {
        self.promises.values()
    }

    /// The promise with this id.
    pub fn promise(&self, id: PromiseId) -> Option<&Promise> {
        self.promises.get(&id)
    }

    /// How many contacts, interactions and promises the ledger holds.
    pub fn counts(&self) -> Counts {
        Counts {
            contacts: self.contacts.len(),
            interactions: self.interactions.len(),
            promises: self.promises.len(),
        }
    }

    /// Whether the ledger holds no contact at all.
    pub fn is_empty(&self) -> bool {
        self.contacts.is_empty()
    }

    /// A contact's interactions, newest first (by date, then by when they were logged).
    pub fn interactions_of(&self, contact: ContactId) -> Vec<&Interaction> {
        let mut list: Vec<&Interaction> = self
            .related
            .get(&contact)
            .into_iter()
            .flat_map(|related| &related.interactions)
            .filter_map(|id| self.interactions.get(id))
            .collect();
        list.sort_by(newest_first);
        list
    }

    /// Every contact's interactions, each list newest first as
    /// [`interactions_of`](Self::interactions_of) gives it, in one pass over the ledger
    /// rather than a lookup per interaction. Contacts without interactions are left out.
    pub fn interactions_by_contact(&self) -> BTreeMap<ContactId, Vec<&Interaction>> {
        grouped_by_contact(
            self.interactions.values(),
            |interaction| interaction.contact,
            |list| list.sort_by(newest_first),
        )
    }

    /// A contact's promises, soonest due first.
    pub fn promises_of(&self, contact: ContactId) -> Vec<&Promise> {
        let mut list: Vec<&Promise> = self
            .related
            .get(&contact)
            .into_iter()
            .flat_map(|related| &related.promises)
            .filter_map(|id| self.promises.get(id))
            .collect();
        sort_by(&mut list, soonest_due);
        list
    }

    /// Every contact's promises at once, each list as [`promises_of`](Self::promises_of)
    /// gives it; contacts without any are left out.
    pub fn promises_by_contact(&self) -> BTreeMap<ContactId, Vec<&Promise>> {
        grouped_by_contact(
            self.promises.values(),
            |promise| promise.contact,
            |list| sort_by(list, soonest_due),
        )
    }

    /// When the last contact that keeps the relationship warm happened
    /// ([`keeps_in_touch`](crate::domain::evidence::keeps_in_touch)): broadcasts, likes and asks are
    /// left out, as Today and the contact page leave them out.
    pub fn last_contact_at(&self, contact: ContactId) -> Option<Timestamp> {
        self.last_contact(contact)
            .map(|interaction| interaction.details.at)
    }

    /// The last contact that keeps the relationship warm ([`last_contact_at`](Self::last_contact_at)),
    /// for its day.
    pub fn last_contact(&self, contact: ContactId) -> Option<&Interaction> {
        self.related
            .get(&contact)?
            .interactions
            .iter()
            .filter_map(|id| self.interactions.get(id))
            .filter(|interaction| crate::domain::evidence::keeps_in_touch(interaction.details.kind))
            .max_by_key(|interaction| interaction.details.at)
    }

    /// Every organization, by name.
    pub fn organizations(&self) -> Vec<&Contact> {
        let mut list: Vec<&Contact> = self
            .contacts
            .values()
            .filter(|contact| contact.is_organization())
            .collect();
        sort_by_cached_key(&mut list, |contact| contact.profile.name.to_lowercase());
        list
    }

    /// The organizations at least one person in the ledger belongs to.
    pub fn organizations_with_people(&self) -> BTreeSet<ContactId> {
        set_of(
            self.contacts
                .values()
                .filter_map(|contact| contact.profile.organization),
        )
    }

    /// Whether at least one person in the ledger belongs to `organization` (a scan that stops
    /// at the first, with no list built or sorted).
    pub fn has_members(&self, organization: ContactId) -> bool {
        self.contacts
            .values()
            .any(|contact| contact.profile.organization == Some(organization))
    }

    /// The people who belong to an organization, by name.
    pub fn members_of(&self, organization: ContactId) -> Vec<&Contact> {
        let mut list: Vec<&Contact> = self
            .contacts
            .values()
            .filter(|contact| contact.profile.organization == Some(organization))
            .collect();
        sort_by_cached_key(&mut list, |contact| contact.profile.name.to_lowercase());
        list
    }

    /// What deleting a contact would take with it.
    pub fn deletion_impact(&self, id: ContactId) -> Result<DeletionImpact, LedgerError> {
        let related = self
            .related
            .get(&id)
            .ok_or(LedgerError::ContactNotFound(id))?;
        Ok(DeletionImpact {
            interactions: related.interactions.len(),
            promises: related.promises.len(),
            members: self.members_of(id).len(),
        })
    }

    /// A contact's interactions and promises, in id order (what the storage engine stores with it).
    pub fn records_of(
        &self,
        contact: ContactId,
    ) -> (
        impl Iterator<Item = &Interaction>,
        impl Iterator<Item = &Promise>,
    ) {
        let related = self.related.get(&contact);
        (
            related
                .into_iter()
                .flat_map(|r| &r.interactions)
                .filter_map(|id| self.interactions.get(id)),
            related
                .into_iter()
                .flat_map(|r| &r.promises)
                .filter_map(|id| self.promises.get(id)),
        )
    }
}
