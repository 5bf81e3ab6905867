//! What belongs to the whole ledger rather than to one contact: keep-in-touch cadences per
//! tag, the custom fields every contact can fill in, and saved contact lists.
//!
//! Settings travel with the ledger: they are stored in the manifest and written into every
//! export, so a ledger moved to another device keeps its fields, lists and cadences.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::choice::choice_enum;
use super::id::{FieldId, ListId};
use super::search::ContactQuery;
use super::time::{parse_iso_day, DayFormat};

/// The longest keep-in-touch cadence, in days (ten years).
pub const MAX_CADENCE_DAYS: u16 = 3650;

/// The most custom fields a ledger can define.
pub const MAX_FIELDS: usize = 50;

/// The most saved lists a ledger can keep.
pub const MAX_LISTS: usize = 100;

choice_enum! {
    /// What a custom field holds; fixed when the field is defined.
    pub enum FieldKind {
        /// Free text on one line.
        Text => ("text", "Text"),
        /// A number, such as a circulation or an audience size.
        Number => ("number", "Number"),
        /// A calendar day.
        Date => ("date", "Date"),
        /// A web address.
        Url => ("url", "Web address"),
        /// One of a list of choices defined with the field.
        Choice => ("choice", "Choice from a list"),
    }
}

/// A field defined once for the ledger and usable on any contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDefinition {
    /// Stable across renames; contacts keep their values under it.
    pub id: FieldId,
    /// The name shown next to the value ("Circulation").
    pub label: String,
    /// What the field holds.
    pub kind: FieldKind,
    /// The allowed values of a [`FieldKind::Choice`] field; empty for other kinds.
    #[serde(default)]
    pub choices: Vec<String>,
}

/// Why a value does not fit its field, in words a person understands.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum FieldValueError {
    /// A number field holds something else.
    #[error("{label} needs a number, such as 12 or 4.5.")]
    NotANumber {
        /// The field's label.
        label: String,
    },
    /// A date field holds something else.
    #[error("{label} needs a date written year-month-day, such as 2026-11-22.")]
    NotADate {
        /// The field's label.
        label: String,
    },
    /// A web address field holds something else.
    #[error("{label} needs a web address, such as https://example.org.")]
    NotAUrl {
        /// The field's label.
        label: String,
    },
    /// A choice field holds a value that is not one of its choices.
    #[error("{label} must be one of: {choices}.")]
    NotAChoice {
        /// The field's label.
        label: String,
        /// The allowed choices, comma-separated.
        choices: String,
    },
    /// A value is longer than a field allows.
    #[error("{label} is too long: at most {max} characters.")]
    TooLong {
        /// The field's label.
        label: String,
        /// The limit.
        max: usize,
    },
}

/// The longest custom field value, in characters.
pub const MAX_VALUE_CHARS: usize = 500;

impl FieldDefinition {
    /// Checks a value typed for this field and returns the form stored: trimmed, a date as
    /// `YYYY-MM-DD`, a web address with its scheme, a choice spelt as defined. Blank text
    /// gives `None` (no value).
    pub fn normalize_value(&self, raw: &str) -> Result<Option<String>, FieldValueError> {
        let value = raw.trim();
        if value.is_empty() {
            return Ok(None);
        }
        let label = || self.label.clone();
        if value.chars().count() > MAX_VALUE_CHARS {
            return Err(FieldValueError::TooLong {
                label: label(),
                max: MAX_VALUE_CHARS,
            });
        }
        let stored = match self.kind {
            FieldKind::Text => value.to_owned(),
            FieldKind::Number => match value.parse::<f64>() {
                Ok(number) if number.is_finite() => value.to_owned(),
                _ => return Err(FieldValueError::NotANumber { label: label() }),
            },
            FieldKind::Date => parse_iso_day(value)
                .map(|date| DayFormat::Iso.of(date).to_string())
                .ok_or_else(|| FieldValueError::NotADate { label: label() })?,
            FieldKind::Url => super::links::web_address(value)
                .ok_or(FieldValueError::NotAUrl { label: label() })?,
            FieldKind::Choice => self
                .choices
                .iter()
                .find(|choice| choice.to_lowercase() == value.to_lowercase())
                .cloned()
                .ok_or_else(|| FieldValueError::NotAChoice {
                    label: label(),
                    choices: self.choices.join(", "),
                })?,
        };
        Ok(Some(stored))
    }
}

/// A contact list kept under a name ("tech press"): the search and filters that make it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedList {
    /// Stable across renames.
    pub id: ListId,
    /// The name shown on the list's button.
    pub name: String,
    /// The search words, filters and order the list applies.
    pub query: ContactQuery,
}

/// Everything that belongs to the whole ledger rather than to one contact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LedgerSettings {
    /// Keep-in-touch cadence in days for contacts with a tag, by tag as first typed. A
    /// contact's own cadence wins; among its tags the shortest applies.
    pub tag_cadences: BTreeMap<String, u16>,
    /// Custom fields, in the order they are shown.
    pub fields: Vec<FieldDefinition>,
    /// Saved contact lists, in the order they were saved.
    pub saved_lists: Vec<SavedList>,
}

/// Tag names compare without case or surrounding spaces.
pub fn tag_key(tag: &str) -> String {
    tag.trim().to_lowercase()
}

impl LedgerSettings {
    /// These settings, plus the custom fields of `older` that they lack (neither the id nor
    /// the label in use here), as far as [`MAX_FIELDS`] allows: what storage carries while
    /// a save writes the ledger bucket by bucket, so that contacts of either settings load
    /// in between.
    pub fn keeping_fields_of(&self, older: &LedgerSettings) -> LedgerSettings {
        let mut kept = self.clone();
        for field in &older.fields {
            let clashes = kept.fields.iter().any(|mine| {
                mine.id == field.id
                    || mine.label.trim().to_lowercase() == field.label.trim().to_lowercase()
            });
            if !clashes && kept.fields.len() < MAX_FIELDS {
                kept.fields.push(field.clone());
            }
        }
        kept
    }

    /// Defines a text field, "Recovered field 1", "Recovered field 2", …, for each of
    /// `used` that these settings lack, as far as [`MAX_FIELDS`] allows: after the
    /// definitions were lost with a damaged manifest, the contacts' values stay shown and
    /// editable instead of being set aside. Returns how many were defined.
    pub fn define_missing_fields(&mut self, used: impl IntoIterator<Item = FieldId>) -> usize {
        let mut defined = 0;
        for id in used {
            if self.field(id).is_some() || self.fields.len() >= MAX_FIELDS {
                continue;
            }
            let taken = |label: &str| {
                self.fields
                    .iter()
                    .any(|field| field.label.trim().eq_ignore_ascii_case(label))
            };
            let label = (1..)
                .map(|n| format!("Recovered field {n}"))
                .find(|label| !taken(label))
                .unwrap_or_default();
            self.fields.push(FieldDefinition {
                id,
                label,
                kind: FieldKind::Text,
                choices: Vec::new(),
            });
            defined += 1;
        }
        defined
    }

    /// The field with this id.
    pub fn field(&self, id: FieldId) -> Option<&FieldDefinition> {
        self.fields.iter().find(|field| field.id == id)
    }

    /// The cadence set for `tag`, ignoring case.
    pub fn tag_cadence(&self, tag: &str) -> Option<u16> {
        let wanted = tag_key(tag);
        self.tag_cadences
            .iter()
            .find(|(tag, _)| tag_key(tag) == wanted)
            .map(|(_, &days)| days)
    }

    /// The shortest cadence set for any of `tags`.
    pub fn shortest_tag_cadence(&self, tags: &[String]) -> Option<u16> {
        if self.tag_cadences.is_empty() {
            return None;
        }
        tags.iter().filter_map(|tag| self.tag_cadence(tag)).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::Timestamp;

    fn field(kind: FieldKind, choices: &[&str]) -> FieldDefinition {
        FieldDefinition {
            id: FieldId::new(Timestamp::from_millis(1), 1),
            label: "Reach".into(),
            kind,
            choices: choices.iter().map(|&choice| choice.to_owned()).collect(),
        }
    }

    #[test]
    fn blank_values_are_no_value() {
        assert_eq!(
            field(FieldKind::Number, &[]).normalize_value("  "),
            Ok(None)
        );
    }

    #[test]
    fn numbers_keep_their_spelling_and_refuse_words() {
        let number = field(FieldKind::Number, &[]);
        assert_eq!(number.normalize_value(" 4.50 "), Ok(Some("4.50".into())));
        assert_eq!(number.normalize_value("-12"), Ok(Some("-12".into())));
        let error = number.normalize_value("lots").expect_err("not a number");
        assert_eq!(
            error.to_string(),
            "Reach needs a number, such as 12 or 4.5."
        );
        assert!(number.normalize_value("inf").is_err());
        assert!(number.normalize_value("NaN").is_err());
    }

    #[test]
    fn dates_are_stored_year_month_day() {
        let date = field(FieldKind::Date, &[]);
        assert_eq!(
            date.normalize_value("2026-3-9"),
            Ok(Some("2026-03-09".into()))
        );
        assert!(date.normalize_value("2026-02-30").is_err());
        assert!(date.normalize_value("tomorrow").is_err());
    }

    #[test]
    fn web_addresses_get_a_scheme_and_refuse_scripts() {
        let url = field(FieldKind::Url, &[]);
        assert_eq!(
            url.normalize_value("example.org/about"),
            Ok(Some("https://example.org/about".into()))
        );
        assert_eq!(
            url.normalize_value("http://localhost:8080/x"),
            Ok(Some("http://localhost:8080/x".into()))
        );
        for bad in [
            "javascript:alert(1)",
            "ftp://example.org",
            "not a url",
            "https://",
            "word",
        ] {
            assert!(url.normalize_value(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn choices_are_spelt_as_defined() {
        let choice = field(FieldKind::Choice, &["National", "Regional"]);
        assert_eq!(
            choice.normalize_value("national"),
            Ok(Some("National".into()))
        );
        let error = choice.normalize_value("Local").expect_err("not a choice");
        assert_eq!(
            error.to_string(),
            "Reach must be one of: National, Regional."
        );
    }

    #[test]
    fn long_values_are_refused() {
        let text = field(FieldKind::Text, &[]);
        assert!(text.normalize_value(&"x".repeat(MAX_VALUE_CHARS)).is_ok());
        assert!(text
            .normalize_value(&"x".repeat(MAX_VALUE_CHARS + 1))
            .is_err());
    }

    #[test]
    fn tag_cadences_ignore_case_and_pick_the_shortest() {
        let mut settings = LedgerSettings::default();
        settings.tag_cadences.insert("Tech press".into(), 14);
        settings.tag_cadences.insert("Berlin".into(), 60);
        assert_eq!(settings.tag_cadence(" tech PRESS "), Some(14));
        let tags = vec![
            "berlin".to_owned(),
            "TECH press".to_owned(),
            "other".to_owned(),
        ];
        assert_eq!(settings.shortest_tag_cadence(&tags), Some(14));
        assert_eq!(settings.shortest_tag_cadence(&["other".to_owned()]), None);
    }
}
