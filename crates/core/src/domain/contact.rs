//! Contacts: the people and organizations a practitioner keeps relationships with.

use std::collections::{BTreeMap, BTreeSet};

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

impl StakeholderType {
    /// The types that make up "the media": whom a pitch goes to.
    pub const MEDIA: [StakeholderType; 4] = [
        StakeholderType::Journalist,
        StakeholderType::Creator,
        StakeholderType::Influencer,
        StakeholderType::Analyst,
    ];

    /// Whether this type belongs to the media.
    pub fn is_media(self) -> bool {
        Self::MEDIA.contains(&self)
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

    /// The edits this profile makes to `base` (the profile a form opened with), laid over
    /// `current` (the profile in the ledger now): each field the form left as it was takes
    /// its current value, so a change saved meanwhile (in another tab) is not undone.
    pub fn edits_over(self, base: &ContactProfile, current: &ContactProfile) -> ContactProfile {
        fn pick<T: PartialEq + Clone>(mine: T, base: &T, current: &T) -> T {
            if mine == *base {
                current.clone()
            } else {
                mine
            }
        }
        let ContactProfile {
            name,
            kind,
            organization,
            role,
            stakeholder,
            interests,
            channels,
            tags,
            notes,
            cadence_days,
            custom_fields,
        } = self;
        let Channels {
            emails,
            phones,
            website,
            social,
        } = channels;
        let mut merged_fields = current.custom_fields.clone();
        let ids: BTreeSet<FieldId> = custom_fields
            .keys()
            .chain(base.custom_fields.keys())
            .copied()
            .collect();
        for id in ids {
            let mine = custom_fields.get(&id);
            if mine != base.custom_fields.get(&id) {
                match mine {
                    Some(value) => merged_fields.insert(id, value.clone()),
                    None => merged_fields.remove(&id),
                };
            }
        }
        ContactProfile {
            name: pick(name, &base.name, &current.name),
            kind: pick(kind, &base.kind, &current.kind),
            organization: pick(organization, &base.organization, &current.organization),
            role: pick(role, &base.role, &current.role),
            stakeholder: pick(stakeholder, &base.stakeholder, &current.stakeholder),
            interests: pick(interests, &base.interests, &current.interests),
            channels: Channels {
                emails: pick(emails, &base.channels.emails, &current.channels.emails),
                phones: pick(phones, &base.channels.phones, &current.channels.phones),
                website: pick(website, &base.channels.website, &current.channels.website),
                social: pick(social, &base.channels.social, &current.channels.social),
            },
            tags: pick(tags, &base.tags, &current.tags),
            notes: pick(notes, &base.notes, &current.notes),
            cadence_days: pick(cadence_days, &base.cadence_days, &current.cadence_days),
            custom_fields: merged_fields,
        }
    }

    /// Adds `tag` (trimmed) unless it is blank or already there, ignoring case. Returns
    /// whether it was added.
    pub fn add_tag(&mut self, tag: &str) -> bool {
        let tag = tag.trim();
        if tag.is_empty()
            || self
                .tags
                .iter()
                .any(|existing| existing.eq_ignore_ascii_case(tag))
        {
            return false;
        }
        self.tags.push(tag.to_owned());
        true
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

choice_enum! {
    /// Why the two sides give, as Hon and Grunig (1999) tell relationships apart.
    pub enum RelationshipType {
        /// Each gives because they expect something back.
        Exchange => ("exchange", "Exchange"),
        /// Each gives because they care about the other's welfare, even with nothing back.
        Communal => ("communal", "Communal"),
    }
}

impl RelationshipType {
    /// What the type means, in a line.
    pub fn meaning(self) -> &'static str {
        match self {
            RelationshipType::Exchange => "giving because something is expected back",
            RelationshipType::Communal => {
                "giving out of care for each other, expecting nothing back"
            }
        }
    }
}

/// A relationship quality check (Hon and Grunig, 1999): each dimension rated 1 to 5, and
/// whether the relationship feels like an exchange or communal.
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
    /// Exchange or communal, if the person said (checks before schema version 5 did not ask).
    #[serde(default)]
    pub relationship_type: Option<RelationshipType>,
}

impl QualityCheck {
    /// The mean of the four ratings, out of 5.
    pub fn average(&self) -> f64 {
        f64::from(self.ratings().iter().map(|&r| u16::from(r)).sum::<u16>()) / 4.0
    }

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
    fn tags_are_added_once_ignoring_case() {
        let mut profile = ContactProfile::named("Ada", ContactKind::Person);
        profile.tags = vec!["Tech press".to_owned()];
        assert!(!profile.add_tag(" tech PRESS "));
        assert!(!profile.add_tag("  "));
        assert!(profile.add_tag(" Berlin "));
        assert_eq!(profile.tags, vec!["Tech press", "Berlin"]);
    }

    #[test]
    fn a_form_saves_its_own_edits_and_keeps_what_changed_meanwhile() {
        let field = FieldId::new(Timestamp::from_millis(1), 1);
        let other_field = FieldId::new(Timestamp::from_millis(1), 2);
        let mut base = ContactProfile::named("Ana", ContactKind::Person);
        base.role = "Editor".into();
        base.channels.emails = vec!["ana@old.example".into()];
        base.custom_fields.insert(field, "National".into());
        // Another tab changed the role, a note and one custom field.
        let mut current = base.clone();
        current.role = "Senior editor".into();
        current.notes = "Moved to the business desk".into();
        current.custom_fields.insert(other_field, "42".into());
        // This form changed only the email and cleared the first custom field.
        let mut mine = base.clone();
        mine.channels.emails = vec!["ana@new.example".into()];
        mine.custom_fields.remove(&field);

        let saved = mine.edits_over(&base, &current);
        assert_eq!(saved.role, "Senior editor");
        assert_eq!(saved.notes, "Moved to the business desk");
        assert_eq!(saved.channels.emails, vec!["ana@new.example".to_owned()]);
        assert_eq!(saved.custom_fields.get(&field), None);
        assert_eq!(
            saved.custom_fields.get(&other_field),
            Some(&"42".to_owned())
        );
        // With nothing changed elsewhere, the form's profile is saved as it is.
        let mut edited = base.clone();
        edited.name = "Ana Lima".into();
        assert_eq!(edited.clone().edits_over(&base, &base), edited);
    }

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
