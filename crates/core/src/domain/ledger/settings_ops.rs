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
pub(in crate::domain) fn check_settings(settings: &LedgerSettings) -> Result<(), LedgerError> {
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
        self.changing_settings(|ledger| {
            let tag = tag.trim();
            if tag.is_empty() {
                return Err(LedgerError::EmptyTag);
            }
            let key = tag_key(tag);
            let existing = ledger
                .settings
                .tag_cadences
                .keys()
                .find(|known| tag_key(known) == key)
                .cloned();
            match days {
                Some(days) => {
                    check_cadence(tag, days)?;
                    if existing.is_none() && ledger.settings.tag_cadences.len() >= limits::HISTORY {
                        return Err(too_many("tag cadences", limits::HISTORY));
                    }
                    let name = existing.unwrap_or_else(|| tag.to_owned());
                    ledger.settings.tag_cadences.insert(name, days);
                }
                None => {
                    if let Some(existing) = existing {
                        ledger.settings.tag_cadences.remove(&existing);
                    }
                }
            }
            ledger.pending.settings = true;
            Ok(())
        })
    }

    /// Defines a custom field every contact can fill in.
    pub fn define_field(
        &mut self,
        id: FieldId,
        label: &str,
        kind: FieldKind,
        choices: Vec<String>,
    ) -> Result<FieldId, LedgerError> {
        self.changing_settings(|ledger| {
            if ledger.settings.fields.len() >= MAX_FIELDS {
                return Err(too_many("custom fields", MAX_FIELDS));
            }
            if ledger.settings.field(id).is_some() {
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
            ledger.check_label_free(&field.label, None)?;
            check_field(&field)?;
            ledger.settings.fields.push(field);
            ledger.pending.settings = true;
            Ok(id)
        })
    }

    /// Renames a custom field and, for a choice field, changes its choices. A choice still
    /// held by a contact cannot be removed.
    pub fn update_field(
        &mut self,
        id: FieldId,
        label: &str,
        choices: Vec<String>,
    ) -> Result<(), LedgerError> {
        self.changing_settings(|ledger| {
            let current = ledger
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
            ledger.check_label_free(&field.label, Some(id))?;
            for removed in current
                .choices
                .iter()
                .filter(|old| !field.choices.contains(old))
            {
                let contacts = ledger
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
            if let Some(slot) = ledger.settings.fields.iter_mut().find(|f| f.id == id) {
                *slot = field;
            }
            ledger.pending.settings = true;
            Ok(())
        })
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
        self.changing_settings(|ledger| {
            let position = ledger
                .settings
                .fields
                .iter()
                .position(|field| field.id == id)
                .ok_or(LedgerError::FieldNotFound(id))?;
            ledger.settings.fields.remove(position);
            ledger.pending.settings = true;
            let holders: Vec<ContactId> = ledger
                .contacts
                .values()
                .filter(|contact| contact.profile.custom_fields.contains_key(&id))
                .map(|contact| contact.id)
                .collect();
            for &holder in &holders {
                ledger.keep_base(holder);
                if let Some(contact) = ledger.contacts.get_mut(&holder) {
                    contact.profile.custom_fields.remove(&id);
                    contact.updated_at = touched(contact.updated_at, now);
                    ledger.pending.contacts.insert(holder);
                }
            }
            Ok(holders.len())
        })
    }

    /// Saves the query as a list under `name`. A list of the same name (ignoring case) is
    /// replaced and keeps its id; returns the list's id.
    pub fn save_list(
        &mut self,
        id: ListId,
        name: &str,
        query: ContactQuery,
    ) -> Result<ListId, LedgerError> {
        self.changing_settings(|ledger| {
            let name = name.trim();
            if name.is_empty() {
                return Err(LedgerError::EmptyListName);
            }
            check_text(name, "list name", limits::NAME)?;
            check_query(&query)?;
            let wanted = name.to_lowercase();
            if let Some(existing) = ledger
                .settings
                .saved_lists
                .iter_mut()
                .find(|list| list.name.to_lowercase() == wanted)
            {
                existing.name = name.to_owned();
                existing.query = query;
                ledger.pending.settings = true;
                return Ok(existing.id);
            }
            if ledger.settings.saved_lists.len() >= MAX_LISTS {
                return Err(too_many("saved lists", MAX_LISTS));
            }
            ledger.settings.saved_lists.push(SavedList {
                id,
                name: name.to_owned(),
                query,
            });
            ledger.pending.settings = true;
            Ok(id)
        })
    }

    /// Removes a saved list (the contacts in it stay); returns it so it can be saved again.
    pub fn delete_list(&mut self, id: ListId) -> Result<SavedList, LedgerError> {
        self.changing_settings(|ledger| {
            let position = ledger
                .settings
                .saved_lists
                .iter()
                .position(|list| list.id == id)
                .ok_or(LedgerError::ListNotFound(id))?;
            ledger.pending.settings = true;
            Ok(ledger.settings.saved_lists.remove(position))
        })
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

    /// Puts every custom value of `profile` in its stored form; refuses values for fields
    /// that do not exist and values that do not fit their field.
    pub(in crate::domain) fn normalize_custom_values(
        &self,
        profile: &mut ContactProfile,
    ) -> Result<(), LedgerError> {
        if profile.custom_fields.is_empty() {
            return Ok(());
        }
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
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::search::{find, ContactQuery};
    use crate::domain::settings::FieldKind;
    use crate::domain::time::Now;

    const NOW: Timestamp = Timestamp::from_millis(1_790_000_000_000);

    fn field_id(n: u128) -> FieldId {
        FieldId::new(NOW, n)
    }

    fn with_reach() -> (Ledger, FieldId) {
        let mut ledger = Ledger::new();
        let reach = ledger
            .define_field(
                field_id(1),
                "  Reach ",
                FieldKind::Choice,
                vec![
                    "National".into(),
                    " ".into(),
                    "national".into(),
                    "Local".into(),
                ],
            )
            .expect("define");
        (ledger, reach)
    }

    fn add(
        ledger: &mut Ledger,
        n: u128,
        values: &[(FieldId, &str)],
    ) -> Result<ContactId, LedgerError> {
        let mut profile = ContactProfile::named(format!("Contact {n}"), ContactKind::Person);
        profile.custom_fields = values
            .iter()
            .map(|&(id, value)| (id, value.to_owned()))
            .collect();
        ledger.add_contact(ContactId::new(NOW, n), profile, Stage::Connection, NOW)
    }

    #[test]
    fn a_field_is_defined_tidy_and_marks_settings_pending() {
        let (ledger, reach) = with_reach();
        let field = ledger.settings().field(reach).expect("field");
        assert_eq!(field.label, "Reach");
        assert_eq!(field.choices, ["National", "Local"]);
        assert!(ledger.pending_changes().settings);
        assert!(!ledger.pending_changes().is_empty());
    }

    #[test]
    fn bad_definitions_are_refused_plainly() {
        let (mut ledger, _) = with_reach();
        let error = ledger
            .define_field(field_id(2), "REACH", FieldKind::Text, vec![])
            .expect_err("same name");
        assert_eq!(
            error.to_string(),
            "There is already a field called \"REACH\"."
        );
        assert_eq!(
            ledger.define_field(field_id(3), "  ", FieldKind::Text, vec![]),
            Err(LedgerError::EmptyFieldName)
        );
        assert_eq!(
            ledger.define_field(field_id(4), "Tier", FieldKind::Choice, vec![" ".into()]),
            Err(LedgerError::NoChoices)
        );
        assert!(ledger
            .define_field(field_id(1), "Other", FieldKind::Text, vec![])
            .is_err());
        for n in 0..MAX_FIELDS as u128 - 1 {
            ledger
                .define_field(
                    field_id(10 + n),
                    &format!("F{n}"),
                    FieldKind::Number,
                    vec![],
                )
                .expect("within the limit");
        }
        assert!(matches!(
            ledger.define_field(field_id(99), "One too many", FieldKind::Text, vec![]),
            Err(LedgerError::TooManyEntries { .. })
        ));
    }

    #[test]
    fn values_are_checked_and_stored_in_their_field_form() {
        let (mut ledger, reach) = with_reach();
        let met = ledger
            .define_field(field_id(2), "Met on", FieldKind::Date, vec![])
            .expect("date field");
        let id = add(&mut ledger, 1, &[(reach, "local"), (met, " 2026-3-9 ")]).expect("add");
        let values = &ledger.contact(id).expect("contact").profile.custom_fields;
        assert_eq!(values[&reach], "Local");
        assert_eq!(values[&met], "2026-03-09");

        let error = add(&mut ledger, 2, &[(met, "soon")]).expect_err("not a date");
        assert_eq!(
            error.to_string(),
            "Met on needs a date written year-month-day, such as 2026-11-22."
        );
        assert_eq!(
            add(&mut ledger, 3, &[(field_id(77), "x")]),
            Err(LedgerError::FieldNotFound(field_id(77)))
        );
        // A blank value is no value.
        let blank = add(&mut ledger, 4, &[(met, "  ")]).expect("blank");
        assert!(ledger
            .contact(blank)
            .expect("contact")
            .profile
            .custom_fields
            .is_empty());
    }

    #[test]
    fn a_choice_in_use_cannot_be_removed_but_the_field_can_be_renamed() {
        let (mut ledger, reach) = with_reach();
        add(&mut ledger, 1, &[(reach, "National")]).expect("add");
        add(&mut ledger, 2, &[(reach, "National")]).expect("add");
        let error = ledger
            .update_field(reach, "Reach", vec!["Local".into()])
            .expect_err("in use");
        assert_eq!(
            error.to_string(),
            "2 contacts have \"National\" in this field; change that value before removing the \
             choice."
        );
        ledger
            .update_field(
                reach,
                "Audience",
                vec!["National".into(), "Regional".into()],
            )
            .expect("rename, and Local was unused");
        let field = ledger.settings().field(reach).expect("field");
        assert_eq!(field.label, "Audience");
        assert_eq!(field.choices, ["National", "Regional"]);
    }

    #[test]
    fn deleting_a_field_clears_its_values_and_marks_those_contacts() {
        let (mut ledger, reach) = with_reach();
        let with_value = add(&mut ledger, 1, &[(reach, "Local")]).expect("add");
        let without = add(&mut ledger, 2, &[]).expect("add");
        ledger.mark_saved();
        assert_eq!(ledger.field_usage(reach), 1);
        assert_eq!(ledger.delete_field(reach, NOW), Ok(1));
        assert!(ledger.settings().fields.is_empty());
        let pending = ledger.pending_changes();
        assert!(pending.settings);
        assert!(pending.contacts.contains(&with_value) && !pending.contacts.contains(&without));
        assert!(ledger
            .contact(with_value)
            .expect("contact")
            .profile
            .custom_fields
            .is_empty());
        assert_eq!(
            ledger.delete_field(reach, NOW),
            Err(LedgerError::FieldNotFound(reach))
        );
    }

    #[test]
    fn custom_values_are_found_by_search() {
        let (mut ledger, reach) = with_reach();
        let local = add(&mut ledger, 1, &[(reach, "Local")]).expect("add");
        add(&mut ledger, 2, &[(reach, "National")]).expect("add");
        let query = ContactQuery {
            text: "local".into(),
            ..ContactQuery::default()
        };
        assert_eq!(find(&ledger, &query, Now::utc(NOW)), vec![local]);
    }

    #[test]
    fn a_list_saved_under_the_same_name_is_replaced() {
        let mut ledger = Ledger::new();
        let query = |text: &str| ContactQuery {
            text: text.into(),
            ..ContactQuery::default()
        };
        let first = ledger
            .save_list(ListId::new(NOW, 1), " Tech press ", query("tech"))
            .expect("save");
        let again = ledger
            .save_list(ListId::new(NOW, 2), "TECH PRESS", query("wire"))
            .expect("replace");
        assert_eq!(first, again);
        assert_eq!(ledger.settings().saved_lists.len(), 1);
        assert_eq!(ledger.settings().saved_lists[0].name, "TECH PRESS");
        assert_eq!(ledger.settings().saved_lists[0].query, query("wire"));
        assert_eq!(
            ledger.save_list(ListId::new(NOW, 3), " ", query("")),
            Err(LedgerError::EmptyListName)
        );
        let removed = ledger.delete_list(first).expect("delete");
        assert_eq!(removed.name, "TECH PRESS");
        assert_eq!(
            ledger.delete_list(first),
            Err(LedgerError::ListNotFound(first))
        );
    }

    #[test]
    fn tag_cadences_are_set_replaced_ignoring_case_and_cleared() {
        let mut ledger = Ledger::new();
        ledger
            .set_tag_cadence(" Tech press ", Some(14))
            .expect("set");
        ledger
            .set_tag_cadence("tech PRESS", Some(21))
            .expect("replace");
        assert_eq!(
            ledger.settings().tag_cadences.iter().collect::<Vec<_>>(),
            [(&"Tech press".to_owned(), &21)]
        );
        assert_eq!(
            ledger.set_tag_cadence("Berlin", Some(0)),
            Err(LedgerError::CadenceOutOfRange)
        );
        assert_eq!(
            ledger.set_tag_cadence(" ", Some(5)),
            Err(LedgerError::EmptyTag)
        );
        ledger.set_tag_cadence("TECH PRESS", None).expect("clear");
        assert!(ledger.settings().tag_cadences.is_empty());
    }

    #[test]
    fn imported_settings_and_values_are_checked() {
        let (mut ledger, reach) = with_reach();
        add(&mut ledger, 1, &[(reach, "Local")]).expect("add");
        let records = ledger.to_records();

        let mut twice = records.clone();
        twice.settings.fields.push(twice.settings.fields[0].clone());
        assert!(matches!(
            Ledger::from_records(twice),
            Err(LedgerError::DuplicateId(_))
        ));

        let mut orphan = records.clone();
        orphan.settings.fields.clear();
        assert_eq!(
            Ledger::from_records(orphan),
            Err(LedgerError::FieldNotFound(reach))
        );

        let mut wrong = records.clone();
        wrong.contacts[0]
            .profile
            .custom_fields
            .insert(reach, "Galactic".into());
        assert!(matches!(
            Ledger::from_records(wrong),
            Err(LedgerError::FieldValue(_))
        ));

        let mut zero = records;
        zero.settings.tag_cadences.insert("Berlin".into(), 0);
        assert_eq!(
            Ledger::from_records(zero),
            Err(LedgerError::CadenceOutOfRange)
        );
    }
}
