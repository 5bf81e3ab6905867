//! The ledger's settings operations: cadences per tag, custom fields and saved lists, with
//! the checks that keep every contact's custom values valid for their fields.

use super::*;
use crate::domain::search::ContactQuery;
use crate::domain::settings::{
    tag_key, FieldDefinition, FieldKind, SavedList, MAX_FIELDS, MAX_LISTS,
};

/// Trims choices and drops blank and repeated ones (ignoring case).
fn tidy_choices(choices: Vec<String>) -> Vec<String> {
    let mut tidy: Vec<String> = Vec::with_capacity(choices.len());
    for choice in choices {
        let choice = choice.trim();
        if !choice.is_empty()
            && !tidy
                .iter()
                .any(|c| c.to_lowercase() == choice.to_lowercase())
        {
            tidy.push(choice.to_owned());
        }
    }
    tidy
}

fn check_field(field: &FieldDefinition) -> Result<(), LedgerError> {
    if field.label.trim().is_empty() {
        return Err(LedgerError::EmptyFieldName);
    }
    check_text(&field.label, "field name", limits::NAME)?;
    check_list(&field.choices, "choices")?;
    if field.kind == FieldKind::Choice && field.choices.is_empty() {
        return Err(LedgerError::NoChoices);
    }
    Ok(())
}

fn check_query(query: &ContactQuery) -> Result<(), LedgerError> {
    check_text(&query.text, "search", limits::SHORT_TEXT)?;
    query
        .tag
        .as_ref()
        .map_or(Ok(()), |tag| check_text(tag, "tag", limits::SHORT_TEXT))
}

fn check_cadence(tag: &str, days: u16) -> Result<(), LedgerError> {
    if tag.trim().is_empty() {
        return Err(LedgerError::EmptyTag);
    }
    check_text(tag, "tag", limits::SHORT_TEXT)?;
    if !(1..=MAX_CADENCE_DAYS).contains(&days) {
        return Err(LedgerError::CadenceOutOfRange);
    }
    Ok(())
}

fn too_many(field: &'static str, max: usize) -> LedgerError {
    LedgerError::TooManyEntries { field, max }
}

/// Checks settings read from storage or an import: limits, names, unique ids and labels.
pub(super) fn check_settings(settings: &LedgerSettings) -> Result<(), LedgerError> {
    if settings.tag_cadences.len() > limits::HISTORY {
        return Err(too_many("tag cadences", limits::HISTORY));
    }
    settings
        .tag_cadences
        .iter()
        .try_for_each(|(tag, &days)| check_cadence(tag, days))?;
    if settings.fields.len() > MAX_FIELDS {
        return Err(too_many("custom fields", MAX_FIELDS));
    }
    let mut labels = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for field in &settings.fields {
        check_field(field)?;
        if !ids.insert(field.id) {
            return Err(LedgerError::DuplicateId(field.id.to_string()));
        }
        if !labels.insert(field.label.trim().to_lowercase()) {
            return Err(LedgerError::DuplicateFieldName(field.label.clone()));
        }
    }
    if settings.saved_lists.len() > MAX_LISTS {
        return Err(too_many("saved lists", MAX_LISTS));
    }
    let mut list_ids = BTreeSet::new();
    for list in &settings.saved_lists {
        if list.name.trim().is_empty() {
            return Err(LedgerError::EmptyListName);
        }
        check_text(&list.name, "list name", limits::NAME)?;
        check_query(&list.query)?;
        if !list_ids.insert(list.id) {
            return Err(LedgerError::DuplicateId(list.id.to_string()));
        }
    }
    Ok(())
}

impl Ledger {
    /// Cadences per tag, custom fields and saved lists.
    pub fn settings(&self) -> &LedgerSettings {
        &self.settings
    }

    /// Sets (or with `None`, clears) the keep-in-touch cadence for every contact with `tag`.
    pub fn set_tag_cadence(&mut self, tag: &str, days: Option<u16>) -> Result<(), LedgerError> {
        let tag = tag.trim();
        if tag.is_empty() {
            return Err(LedgerError::EmptyTag);
        }
        let key = tag_key(tag);
        let existing = self
            .settings
            .tag_cadences
            .keys()
            .find(|known| tag_key(known) == key)
            .cloned();
        match days {
            Some(days) => {
                check_cadence(tag, days)?;
                if existing.is_none() && self.settings.tag_cadences.len() >= limits::HISTORY {
                    return Err(too_many("tag cadences", limits::HISTORY));
                }
                let name = existing.unwrap_or_else(|| tag.to_owned());
                self.settings.tag_cadences.insert(name, days);
            }
            None => {
                if let Some(existing) = existing {
                    self.settings.tag_cadences.remove(&existing);
                }
            }
        }
        self.pending.settings = true;
        Ok(())
    }

    /// Defines a custom field every contact can fill in.
    pub fn define_field(
        &mut self,
        id: FieldId,
        label: &str,
        kind: FieldKind,
        choices: Vec<String>,
    ) -> Result<FieldId, LedgerError> {
        if self.settings.fields.len() >= MAX_FIELDS {
            return Err(too_many("custom fields", MAX_FIELDS));
        }
        if self.settings.field(id).is_some() {
            return Err(LedgerError::DuplicateId(id.to_string()));
        }
        let field = FieldDefinition {
            id,
            label: label.trim().to_owned(),
            kind,
            choices: if kind == FieldKind::Choice {
                tidy_choices(choices)
            } else {
                Vec::new()
            },
        };
        check_field(&field)?;
        self.check_label_free(&field.label, None)?;
        self.settings.fields.push(field);
        self.pending.settings = true;
        Ok(id)
    }

    /// Renames a custom field and, for a choice field, changes its choices. A choice still
    /// held by a contact cannot be removed.
    pub fn update_field(
        &mut self,
        id: FieldId,
        label: &str,
        choices: Vec<String>,
    ) -> Result<(), LedgerError> {
        let current = self
            .settings
            .field(id)
            .ok_or(LedgerError::FieldNotFound(id))?;
        let mut field = FieldDefinition {
            label: label.trim().to_owned(),
            ..current.clone()
        };
        if field.kind == FieldKind::Choice {
            field.choices = tidy_choices(choices);
        }
        check_field(&field)?;
        self.check_label_free(&field.label, Some(id))?;
        for removed in current
            .choices
            .iter()
            .filter(|old| !field.choices.contains(old))
        {
            let contacts = self
                .contacts
                .values()
                .filter(|contact| contact.profile.custom_fields.get(&id) == Some(removed))
                .count();
            if contacts > 0 {
                return Err(LedgerError::ChoiceInUse {
                    choice: removed.clone(),
                    contacts,
                });
            }
        }
        if let Some(slot) = self.settings.fields.iter_mut().find(|f| f.id == id) {
            *slot = field;
        }
        self.pending.settings = true;
        Ok(())
    }

    /// How many contacts have a value in the custom field.
    pub fn field_usage(&self, id: FieldId) -> usize {
        self.contacts
            .values()
            .filter(|contact| contact.profile.custom_fields.contains_key(&id))
            .count()
    }

    /// Removes a custom field and every contact's value in it; returns how many contacts
    /// lost a value.
    pub fn delete_field(&mut self, id: FieldId, now: Timestamp) -> Result<usize, LedgerError> {
        let position = self
            .settings
            .fields
            .iter()
            .position(|field| field.id == id)
            .ok_or(LedgerError::FieldNotFound(id))?;
        self.settings.fields.remove(position);
        self.pending.settings = true;
        let mut cleared = 0;
        for contact in self.contacts.values_mut() {
            if contact.profile.custom_fields.remove(&id).is_some() {
                contact.updated_at = now;
                self.pending.contacts.insert(contact.id);
                cleared += 1;
            }
        }
        Ok(cleared)
    }

    /// Saves the query as a list under `name`. A list of the same name (ignoring case) is
    /// replaced and keeps its id; returns the list's id.
    pub fn save_list(
        &mut self,
        id: ListId,
        name: &str,
        query: ContactQuery,
    ) -> Result<ListId, LedgerError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(LedgerError::EmptyListName);
        }
        check_text(name, "list name", limits::NAME)?;
        check_query(&query)?;
        let wanted = name.to_lowercase();
        if let Some(existing) = self
            .settings
            .saved_lists
            .iter_mut()
            .find(|list| list.name.to_lowercase() == wanted)
        {
            existing.name = name.to_owned();
            existing.query = query;
            self.pending.settings = true;
            return Ok(existing.id);
        }
        if self.settings.saved_lists.len() >= MAX_LISTS {
            return Err(too_many("saved lists", MAX_LISTS));
        }
        self.settings.saved_lists.push(SavedList {
            id,
            name: name.to_owned(),
            query,
        });
        self.pending.settings = true;
        Ok(id)
    }

    /// Removes a saved list (the contacts in it stay); returns it so it can be saved again.
    pub fn delete_list(&mut self, id: ListId) -> Result<SavedList, LedgerError> {
        let position = self
            .settings
            .saved_lists
            .iter()
            .position(|list| list.id == id)
            .ok_or(LedgerError::ListNotFound(id))?;
        self.pending.settings = true;
        Ok(self.settings.saved_lists.remove(position))
    }

    fn check_label_free(&self, label: &str, except: Option<FieldId>) -> Result<(), LedgerError> {
        let wanted = label.to_lowercase();
        let taken = self
            .settings
            .fields
            .iter()
            .any(|field| Some(field.id) != except && field.label.to_lowercase() == wanted);
        if taken {
            Err(LedgerError::DuplicateFieldName(label.to_owned()))
        } else {
            Ok(())
        }
    }

    /// The profile with every custom value in its stored form; refuses values for fields
    /// that do not exist and values that do not fit their field.
    pub(super) fn normalize_custom_values(
        &self,
        mut profile: ContactProfile,
    ) -> Result<ContactProfile, LedgerError> {
        let mut values = BTreeMap::new();
        for (id, raw) in std::mem::take(&mut profile.custom_fields) {
            let field = self
                .settings
                .field(id)
                .ok_or(LedgerError::FieldNotFound(id))?;
            if let Some(value) = field.normalize_value(&raw)? {
                values.insert(id, value);
            }
        }
        profile.custom_fields = values;
        Ok(profile)
    }
}
