//! The outlet a person works for, typed by name on the contact form: an organization the
//! ledger has is linked; a new name creates the organization, and it is added with the
//! contact's change or not at all.

use super::*;
use crate::domain::contact::StakeholderType;

/// The outlet as typed on the contact form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypedOutlet {
    /// The name as typed; blank for none.
    pub name: String,
    /// The organization the form opened with: kept while its name is typed as it was, even
    /// when another organization shares that name.
    pub kept: Option<ContactId>,
    /// The id the organization gets when the name is new.
    pub new_id: ContactId,
}

/// What a typed outlet name stands for in the ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutletMatch {
    /// Nothing typed: no organization.
    None,
    /// An organization in the ledger.
    Existing(ContactId),
    /// A name the ledger has no organization for: saving creates it.
    New,
}

impl Ledger {
    /// What `typed` stands for: nothing, an organization of the ledger, or a new one.
    pub fn outlet_match(&self, typed: &TypedOutlet) -> OutletMatch {
        let name = typed.name.trim();
        if name.is_empty() {
            return OutletMatch::None;
        }
        let same_name = |contact: &Contact| {
            contact.is_organization() && contact.profile.name.to_lowercase() == name.to_lowercase()
        };
        let kept = typed
            .kept
            .filter(|&id| self.contact(id).is_some_and(same_name));
        // Two organizations may share a name: the first by name order, as the suggestions
        // list them.
        kept.or_else(|| {
            self.organizations()
                .into_iter()
                .find(|contact| same_name(contact))
                .map(|contact| contact.id)
        })
        .map_or(OutletMatch::New, OutletMatch::Existing)
    }

    /// Runs `save`, a change to one contact, with the organization `typed` stands for
    /// (`None` when blank). A new name's organization is added first (a target, of the
    /// contact's `stakeholder` type) and taken back if `save` fails, so the ledger gains
    /// both or neither.
    pub fn save_at_outlet<T>(
        &mut self,
        typed: &TypedOutlet,
        stakeholder: StakeholderType,
        now: Timestamp,
        save: impl FnOnce(&mut Ledger, Option<ContactId>) -> Result<T, LedgerError>,
    ) -> Result<T, LedgerError> {
        let new_id = match self.outlet_match(typed) {
            OutletMatch::None => return save(self, None),
            OutletMatch::Existing(id) => return save(self, Some(id)),
            OutletMatch::New => typed.new_id,
        };
        // What is unsaved now is what is unsaved after a failed `save`: a ledger operation
        // that fails changes nothing, so taking the outlet back restores the ledger exactly.
        let pending = self.pending.clone();
        let mut profile = ContactProfile::named(typed.name.trim(), ContactKind::Organization);
        profile.stakeholder = stakeholder;
        self.add_contact(new_id, profile, Stage::Target, now)?;
        save(self, Some(new_id)).inspect_err(|_| {
            self.contacts.remove(&new_id);
            self.related.remove(&new_id);
            self.pending = pending;
        })
    }
}

#[cfg(test)]
mod tests;
