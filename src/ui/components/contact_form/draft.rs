//! What the contact form holds while it is being filled in, as plain values: made from the
//! contact edited, compared to tell whether anything was typed, and turned into the profile
//! it saves or the reason it cannot be. Pure, so it is tested natively.

use std::collections::BTreeMap;
use std::fmt;

use crate::domain::{
    Channels, ContactId, ContactKind, ContactProfile, FieldId, LedgerError, Stage, StakeholderType,
    TypedOutlet,
};
use crate::ui::form::{join_list, parse_cadence, parse_emails, split_list};

/// Every value of the contact form, as its inputs hold it: lists as the text typed (commas
/// between), the cadence as typed, the menus as their choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactDraft {
    /// The name.
    pub name: String,
    /// Person or organization.
    pub kind: ContactKind,
    /// The outlet's name as typed (a person's only).
    pub organization: String,
    /// Role or title.
    pub role: String,
    /// The stakeholder type; `None` until one is chosen.
    pub stakeholder: Option<StakeholderType>,
    /// The first stage (asked only when adding).
    pub stage: Stage,
    /// Interests, commas between.
    pub interests: String,
    /// Email addresses, commas between.
    pub emails: String,
    /// Phone numbers, commas between.
    pub phones: String,
    /// The website.
    pub website: String,
    /// Social handles, commas between.
    pub social: String,
    /// Tags, commas between.
    pub tags: String,
    /// Notes and research.
    pub notes: String,
    /// Keep in touch every this many days, as typed; blank for the default.
    pub cadence: String,
    /// The custom fields' values, by field.
    pub custom_fields: BTreeMap<FieldId, String>,
}

/// Why a draft cannot be saved yet, each in one plain sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftError {
    /// The cadence is not a number of days the ledger keeps.
    Cadence(String),
    /// An email address typed does not look like one (the sentence names it).
    Email(String),
    /// The name is blank.
    NoName,
    /// No stakeholder type was chosen.
    NoStakeholder,
}

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cadence(sentence) | Self::Email(sentence) => f.write_str(sentence),
            Self::NoName => LedgerError::EmptyName.fmt(f),
            Self::NoStakeholder => f.write_str(
                "Choose the stakeholder type: journalist, customer, partner and so on (Other \
                 when none fits).",
            ),
        }
    }
}

impl ContactDraft {
    /// The draft of `profile`, whose outlet the ledger names `outlet`. A new contact
    /// (`editing` false) starts with no stakeholder type: it is asked, never assumed, and
    /// "Other" is a choice like the rest. `stage` is the first stage offered, when asked.
    pub fn from_contact(
        profile: &ContactProfile,
        outlet: String,
        editing: bool,
        stage: Option<Stage>,
    ) -> Self {
        Self {
            name: profile.name.clone(),
            kind: profile.kind,
            organization: outlet,
            role: profile.role.clone(),
            stakeholder: editing.then_some(profile.stakeholder),
            stage: stage.unwrap_or(Stage::Target),
            interests: join_list(&profile.interests),
            emails: join_list(&profile.channels.emails),
            phones: join_list(&profile.channels.phones),
            website: profile.channels.website.clone(),
            social: join_list(&profile.channels.social),
            tags: join_list(&profile.tags),
            notes: profile.notes.clone(),
            cadence: profile
                .cadence_days
                .map(|days| days.to_string())
                .unwrap_or_default(),
            custom_fields: profile.custom_fields.clone(),
        }
    }

    /// Whether the draft says what `other` says, so leaving it throws nothing away: a custom
    /// field typed into and cleared again is no change.
    pub fn same_as(&self, other: &Self) -> bool {
        let typed = |draft: &Self| -> Vec<(FieldId, String)> {
            draft
                .custom_fields
                .iter()
                .filter(|(_, value)| !value.trim().is_empty())
                .map(|(field, value)| (*field, value.clone()))
                .collect()
        };
        let rest = |draft: &Self| Self {
            custom_fields: BTreeMap::new(),
            ..draft.clone()
        };
        typed(self) == typed(other) && rest(self) == rest(other)
    }

    /// The outlet as typed, for the ledger to link or add: only a person works at one.
    /// `kept` is the organization the form opened with; `new_id` the one a new name gets.
    pub fn outlet(&self, kept: Option<ContactId>, new_id: ContactId) -> TypedOutlet {
        TypedOutlet {
            name: match self.kind {
                ContactKind::Person => self.organization.clone(),
                ContactKind::Organization => String::new(),
            },
            kept,
            new_id,
        }
    }

    /// The profile the draft says, with no organization linked yet (that is the ledger's
    /// to decide from [`outlet`](Self::outlet)), or the first thing that stops it: the
    /// cadence, then the emails (`kept_emails`, the contact's own, pass as they are), then the
    /// name (a form left blank is told what it needs most), then the stakeholder type.
    pub fn to_profile(&self, kept_emails: &[String]) -> Result<ContactProfile, DraftError> {
        let cadence_days = parse_cadence(&self.cadence).map_err(DraftError::Cadence)?;
        let emails = parse_emails(&self.emails, kept_emails).map_err(DraftError::Email)?;
        if self.name.trim().is_empty() {
            return Err(DraftError::NoName);
        }
        let stakeholder = self.stakeholder.ok_or(DraftError::NoStakeholder)?;
        Ok(ContactProfile {
            name: self.name.clone(),
            kind: self.kind,
            organization: None,
            role: self.role.clone(),
            stakeholder,
            interests: split_list(&self.interests),
            channels: Channels {
                emails,
                phones: split_list(&self.phones),
                website: self.website.clone(),
                social: split_list(&self.social),
            },
            tags: split_list(&self.tags),
            notes: self.notes.clone(),
            cadence_days,
            custom_fields: self.custom_fields.clone(),
        })
    }
}

#[cfg(test)]
#[path = "draft_tests.rs"]
mod tests;
