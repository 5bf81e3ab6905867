//! The ledger as plain lists of records (what exports hold and imports bring), and the
//! ledger built from them with every invariant checked.

use super::*;

/// The ledger's records as plain lists: what exports hold and imports bring.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRecords {
    /// Cadences per tag, custom fields, saved lists.
    #[serde(default)]
    pub settings: LedgerSettings,
    /// Every contact.
    pub contacts: Vec<Contact>,
    /// Every interaction.
    pub interactions: Vec<Interaction>,
    /// Every promise.
    pub promises: Vec<Promise>,
    /// What is left of each deleted record (absent from exports before schema version 8).
    #[serde(default)]
    pub tombstones: Vec<Tombstone>,
}

impl LedgerRecords {
    /// Clears every membership that no longer holds: in an organization that is not among
    /// the records (lost with damaged storage, or deleted in another tab) or is no longer an
    /// organization, or of a contact that is no longer a person (an older copy of one side
    /// of the link), so the rest still forms a valid ledger.
    pub fn drop_broken_memberships(&mut self) {
        let organizations = set_of(
            self.contacts
                .iter()
                .filter(|contact| contact.is_organization())
                .map(|contact| contact.id),
        );
        for contact in &mut self.contacts {
            let holds = contact.profile.organization.is_none_or(|organization| {
                membership_holds(
                    contact.id,
                    &contact.profile,
                    organizations.contains(&organization),
                )
            });
            if !holds {
                contact.profile.organization = None;
            }
        }
    }
}

impl Ledger {
    /// Builds a ledger from plain lists, refusing anything that breaks an invariant. A
    /// tombstone of a record the lists hold is let go (the record came back), and of two
    /// tombstones of one record the later is kept.
    ///
    /// The result has every record pending, ready to be written in full.
    pub fn from_records(records: LedgerRecords) -> Result<Self, LedgerError> {
        let mut ledger = Ledger::new();
        check_settings(&records.settings)?;
        ledger.settings = records.settings;
        // Each list is checked, sorted by id and built into its map in one go, which is
        // several times faster than inserting records one by one into a large map.
        // Normalized in place: collecting into a new list grew it step by step.
        let mut contacts = records.contacts;
        for contact in &mut contacts {
            ledger.normalize_custom_values(&mut contact.profile)?;
            check_contact(contact)?;
            // The latest check is the last one, whatever order a file gave them in. Stored
            // checks are in order already, and the load stays free of a sort for them.
            if !contact.quality_checks.is_sorted_by_key(|check| check.at) {
                sort_by_key(&mut contact.quality_checks, |check| check.at);
            }
        }
        ledger.contacts = by_unique_id(contacts, |contact| contact.id)?;
        ledger.related = ledger
            .contacts
            .keys()
            .map(|&id| (id, Related::default()))
            .collect();
        for contact in ledger.contacts.values() {
            ledger.check_membership(contact.id, &contact.profile)?;
        }
        for interaction in &records.interactions {
            check_details(&interaction.details)?;
        }
        ledger.interactions = by_unique_id(records.interactions, |interaction| interaction.id)?;
        // Each contact's set is built in one go from its ids, sorted by contact.
        let mut owned: Vec<(ContactId, InteractionId)> = ledger
            .interactions
            .values()
            .map(|interaction| (interaction.contact, interaction.id))
            .collect();
        owned.sort_unstable();
        for list in owned.chunk_by(|a, b| a.0 == b.0) {
            let contact = list[0].0;
            ledger
                .related
                .get_mut(&contact)
                .ok_or(LedgerError::MissingContact(contact))?
                .interactions = list.iter().map(|&(_, id)| id).collect();
        }
        for promise in &records.promises {
            ledger.check_promise(promise)?;
        }
        ledger.promises = by_unique_id(records.promises, |promise| promise.id)?;
        for promise in ledger.promises.values() {
            ledger
                .related
                .get_mut(&promise.contact)
                .ok_or(LedgerError::MissingContact(promise.contact))?
                .promises
                .insert(promise.id);
        }
        // A record that is live again outranks what is left of it: the invariant holds.
        let live = |record: &DeletedId| match *record {
            DeletedId::Contact(id) => ledger.contacts.contains_key(&id),
            DeletedId::Interaction(id) => ledger.interactions.contains_key(&id),
            DeletedId::Promise(id) => ledger.promises.contains_key(&id),
        };
        let mut tombstones = BTreeMap::new();
        for mut tombstone in records.tombstones {
            // A contact's tombstone is kept with the contact itself, whatever a file says:
            // storage places it by that contact, and stores no other.
            if let DeletedId::Contact(id) = tombstone.record {
                tombstone.contact = id;
            }
            if !live(&tombstone.record) {
                let kept = match tombstones.get(&tombstone.record) {
                    Some(&earlier) => tombstone.later(earlier),
                    None => tombstone,
                };
                tombstones.insert(tombstone.record, kept);
            }
        }
        ledger.tombstones = tombstones;
        ledger.pending.everything = true;
        Ok(ledger)
    }

    /// Every record as plain lists, in id order.
    pub fn to_records(&self) -> LedgerRecords {
        LedgerRecords {
            settings: self.settings.clone(),
            contacts: self.contacts.values().cloned().collect(),
            interactions: self.interactions.values().cloned().collect(),
            promises: self.promises.values().cloned().collect(),
            tombstones: self.tombstones.values().copied().collect(),
        }
    }
}
