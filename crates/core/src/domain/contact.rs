//! Contacts: the people and organizations a practitioner keeps relationships with.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::choice::choice_enum;
use super::id::{ContactId, FieldId};
use super::stage::{Stage, StageJourney};
use super::time::Timestamp;

choice_enum! {
    /// Whether a contact is a person or an organization (an outlet, a company).
    pub enum ContactKind {
        /// A person.
        Person => ("person", "Person"),
        /// An outlet, company or other organization; people may belong to it.
        Organization => ("organization", "Organization"),
    }
}

choice_enum! {
    /// The public a contact belongs to. A healthy ledger covers more than the media.
    pub enum StakeholderType {
        /// Reporter, editor, producer.
        Journalist => ("journalist", "Journalist"),
        /// Blogger, newsletter writer, podcaster, video creator.
        Creator => ("creator", "Blogger / creator"),
        /// Someone whose audience follows their recommendations.
        Influencer => ("influencer", "Influencer"),
        /// Industry or financial analyst.
        Analyst => ("analyst", "Analyst"),
        /// A customer of the organization.
        Customer => ("customer", "Customer"),
        /// A client (of an agency or consultant).
        Client => ("client", "Client"),
        /// A partner organization or its people.
        Partner => ("partner", "Partner"),
        /// A supplier.
        Supplier => ("supplier", "Supplier"),
        /// An investor.
        Investor => ("investor", "Investor"),
        /// An employee of the organization.
        Employee => ("employee", "Employee"),
        /// A community member.
        Community => ("community", "Community"),
        /// A researcher or teacher.
        Academic => ("academic", "Academic"),
        /// Anyone else.
        Other => ("other", "Other"),
    }
}

/// The ways to reach a contact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channels {
    /// Email addresses, the preferred one first.
    pub emails: Vec<String>,
    /// Phone numbers, the preferred one first.
    pub phones: Vec<String>,
    /// Website or portfolio address.
    pub website: String,
    /// Social handles or profile addresses (`@name`, `linkedin.com/in/…`).
    pub social: Vec<String>,
}

/// Everything a person edits about a contact in one form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactProfile {
    /// Full name of the person or organization.
    pub name: String,
    /// Person or organization.
    pub kind: ContactKind,
    /// The organization (outlet, company) a person belongs to.
    pub organization: Option<ContactId>,
    /// Role or title ("Tech editor").
    pub role: String,
    /// The public this contact belongs to.
    pub stakeholder: StakeholderType,
    /// Interests, beat, topics they care about.
    pub interests: Vec<String>,
    /// How to reach them.
    pub channels: Channels,
    /// Free labels ("tech press", "Berlin").
    pub tags: Vec<String>,
    /// Research and free notes.
    pub notes: String,
    /// Keep in touch at least every this many days; `None` uses the stage's default.
    pub cadence_days: Option<u16>,
    /// Values of the ledger's custom fields, in their stored form (see
    /// [`FieldDefinition::normalize_value`](super::settings::FieldDefinition::normalize_value)).
    #[serde(default)]
    pub custom_fields: BTreeMap<FieldId, String>,
}

impl ContactProfile {
    /// A profile with just a name and kind, everything else empty.
    pub fn named(name: impl Into<String>, kind: ContactKind) -> Self {
        Self {
            name: name.into(),
            kind,
            organization: None,
            role: String::new(),
            stakeholder: StakeholderType::Other,
            interests: Vec::new(),
            channels: Channels::default(),
            tags: Vec::new(),
            notes: String::new(),
            cadence_days: None,
            custom_fields: BTreeMap::new(),
        }
    }

    /// Trims every text and drops empty list entries, so stored data is tidy.
    pub fn normalized(mut self) -> Self {
        fn tidy_list(list: &mut Vec<String>) {
            for item in list.iter_mut() {
                *item = item.trim().to_owned();
            }
            list.retain(|item| !item.is_empty());
        }
        self.name = self.name.trim().to_owned();
        self.role = self.role.trim().to_owned();
        self.notes = self.notes.trim().to_owned();
        self.channels.website = self.channels.website.trim().to_owned();
        tidy_list(&mut self.interests);
        tidy_list(&mut self.tags);
        tidy_list(&mut self.channels.emails);
        tidy_list(&mut self.channels.phones);
        tidy_list(&mut self.channels.social);
        self.custom_fields.retain(|_, value| {
            *value = value.trim().to_owned();
            !value.is_empty()
        });
        self
    }
}

/// One text of the relationship plan, with when it was last changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanEntry {
    /// The text, in the person's words.
    pub text: String,
    /// When the text last changed; `None` while it was never filled.
    pub updated_at: Option<Timestamp>,
}

choice_enum! {
    /// The parts of a relationship plan.
    pub enum PlanPart {
        /// Why this relationship: what it could grow into.
        Purpose => ("purpose", "Purpose"),
        /// The partnership idea: what you could do together.
        PartnershipIdea => ("partnership_idea", "Partnership idea"),
        /// Control mutuality: what each side brings and who leads on what.
        Agreement => ("agreement", "Agreement"),
        /// Their capacity and timing: when they could take on something new.
        Capacity => ("capacity", "Capacity and timing"),
    }
}

/// Where the relationship is heading, each part dated so stale plans show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipPlan {
    /// Why this relationship: what it could grow into.
    pub purpose: PlanEntry,
    /// What you could do together.
    pub partnership_idea: PlanEntry,
    /// Control mutuality: what each side brings and who leads on what.
    pub agreement: PlanEntry,
    /// Their capacity and timing.
    pub capacity: PlanEntry,
}

impl RelationshipPlan {
    /// One part of the plan.
    pub fn entry(&self, part: PlanPart) -> &PlanEntry {
        match part {
            PlanPart::Purpose => &self.purpose,
            PlanPart::PartnershipIdea => &self.partnership_idea,
            PlanPart::Agreement => &self.agreement,
            PlanPart::Capacity => &self.capacity,
        }
    }

    /// One part of the plan, to change it.
    pub fn entry_mut(&mut self, part: PlanPart) -> &mut PlanEntry {
        match part {
            PlanPart::Purpose => &mut self.purpose,
            PlanPart::PartnershipIdea => &mut self.partnership_idea,
            PlanPart::Agreement => &mut self.agreement,
            PlanPart::Capacity => &mut self.capacity,
        }
    }
}

/// A relationship quality check (Hon and Grunig, 1999): each dimension rated 1 to 5.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityCheck {
    /// When the ratings were given.
    pub at: Timestamp,
    /// Trust: integrity, dependability, competence.
    pub trust: u8,
    /// Control mutuality: both sides accept the balance of power.
    pub mutuality: u8,
    /// Commitment: both think the relationship is worth the effort.
    pub commitment: u8,
    /// Satisfaction: both feel good about it.
    pub satisfaction: u8,
    /// What stood out.
    pub note: String,
}

impl QualityCheck {
    /// The four ratings, in the order above.
    pub fn ratings(&self) -> [u8; 4] {
        [
            self.trust,
            self.mutuality,
            self.commitment,
            self.satisfaction,
        ]
    }
}

/// A playbook prompt the person marked done themselves (the ledger cannot tell).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptTick {
    /// The prompt's stable key.
    pub prompt: String,
    /// When it was ticked.
    pub at: Timestamp,
}

/// A person or organization in the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Unique across devices.
    pub id: ContactId,
    /// What the person edits.
    pub profile: ContactProfile,
    /// The current stage and every move that led to it.
    pub journey: StageJourney,
    /// Purpose, partnership idea, agreement, capacity.
    pub plan: RelationshipPlan,
    /// Relationship quality checks, oldest first.
    pub quality_checks: Vec<QualityCheck>,
    /// Playbook prompts the person ticked.
    pub ticks: Vec<PromptTick>,
    /// When the contact was added.
    pub created_at: Timestamp,
    /// When anything about the contact last changed.
    pub updated_at: Timestamp,
    /// Left off the Today page's nudges until this day (it shows again on the day itself).
    #[serde(default)]
    pub snoozed_until: Option<NaiveDate>,
}

impl Contact {
    /// The contact's current stage.
    pub fn stage(&self) -> Stage {
        self.journey.current()
    }

    /// Whether the contact is an organization people can belong to.
    pub fn is_organization(&self) -> bool {
        self.profile.kind == ContactKind::Organization
    }

    /// Whether the contact is snoozed on `today` (the snooze ends on its date).
    pub fn is_snoozed(&self, today: NaiveDate) -> bool {
        self.snoozed_until.is_some_and(|until| today < until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizing_trims_and_drops_blanks() {
        let mut profile = ContactProfile::named("  Ada Byron ", ContactKind::Person);
        profile.tags = vec![" tech press ".into(), "   ".into()];
        profile.channels.emails = vec!["".into(), " ada@example.org".into()];
        let tidy = profile.normalized();
        assert_eq!(tidy.name, "Ada Byron");
        assert_eq!(tidy.tags, vec!["tech press"]);
        assert_eq!(tidy.channels.emails, vec!["ada@example.org"]);
    }

    #[test]
    fn stakeholder_keys_are_stable() {
        assert_eq!(StakeholderType::Creator.key(), "creator");
        assert_eq!(
            serde_json::to_string(&StakeholderType::Creator).expect("serialize"),
            "\"creator\""
        );
        assert_eq!(StakeholderType::ALL.len(), 13);
    }
}
