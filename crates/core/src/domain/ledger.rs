//! The ledger: every contact, interaction and promise, with operations that keep it whole.
//!
//! Invariants, kept by every operation and checked for imported data by
//! [`Ledger::from_records`]:
//! - every interaction and promise points at an existing contact;
//! - a promise made in an interaction points at an interaction of the same contact;
//! - a person's organization is an existing organization contact;
//! - every contact has a consistent stage journey, and every text is within [`limits`].
//!
//! The ledger also remembers which contacts changed since the last save, so the storage
//! engine rewrites only the chunks that hold them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::contact::{
    Contact, ContactKind, ContactProfile, PlanPart, PromptTick, QualityCheck, RelationshipPlan,
};
use super::id::{ContactId, FieldId, InteractionId, ListId, PromiseId};
use super::interaction::{Interaction, InteractionDetails, PitchStatus};
use super::promise::{Party, Promise, PromiseStatus};
use super::settings::{FieldValueError, LedgerSettings, MAX_CADENCE_DAYS};
use super::stage::{Stage, StageJourney};
use super::time::{Now, Timestamp};
use super::words::counted;
use crate::sorting::{map_of, set_of, sort_by, sort_by_cached_key, sort_by_key};

/// Size limits on free text, so one record can never swamp storage or the screen.
pub mod limits {
    /// Longest name, in characters.
    pub const NAME: usize = 200;
    /// Longest short text (role, website, list entry, promise), in characters.
    pub const SHORT_TEXT: usize = 500;
    /// Longest link kept with an interaction, in characters (a news site's address with
    /// its tracking parameters runs to a few hundred).
    pub const LINK: usize = 2_000;
    /// Longest long text (notes, summary, listening notes, reasons), in characters.
    pub const LONG_TEXT: usize = 20_000;
    /// Most entries in one list (tags, interests, emails…).
    pub const LIST_ENTRIES: usize = 100;
    /// Most stage moves, quality checks or ticks in one contact's history.
    pub const HISTORY: usize = 1_000;
    /// Longest snooze, in days from today.
    pub const SNOOZE_DAYS: i64 = 366;
}

/// Why a ledger operation or an imported ledger was refused, in words a person understands.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum LedgerError {
    /// No contact has this id.
    #[error("That contact no longer exists.")]
    ContactNotFound(ContactId),
    /// No interaction has this id.
    #[error("That interaction no longer exists.")]
    InteractionNotFound(InteractionId),
    /// No promise has this id.
    #[error("That promise no longer exists.")]
    PromiseNotFound(PromiseId),
    /// No quality check of the contact was recorded at that instant.
    #[error("That quality check no longer exists.")]
    QualityCheckNotFound,
    /// A contact needs a name.
    #[error("A contact needs a name.")]
    EmptyName,
    /// A promise needs to say what was promised.
    #[error("Say what was promised.")]
    EmptyPromise,
    /// A logged interaction needs to say what happened.
    #[error("Say what happened, in a line or two.")]
    EmptySummary,
    /// A text is longer than its limit.
    #[error("The {field} is too long: at most {max} characters.")]
    TextTooLong {
        /// Which field, in plain words.
        field: &'static str,
        /// The limit in characters.
        max: usize,
    },
    /// A list has too many entries.
    #[error("Too many {field}: at most {max}.")]
    TooManyEntries {
        /// Which list, in plain words.
        field: &'static str,
        /// The limit.
        max: usize,
    },
    /// The chosen organization is not in the ledger.
    #[error("The organization this person belongs to is not in the ledger.")]
    OrganizationNotFound(ContactId),
    /// Only a person can belong to an organization, and only to an organization.
    #[error("Only a person can belong to an organization, and only to an organization.")]
    InvalidMembership(ContactId),
    /// Two records share an id.
    #[error("Two records share the id {0}.")]
    DuplicateId(String),
    /// A record points at a contact that is not there.
    #[error("A record points at a contact that is not in the file ({0}).")]
    MissingContact(ContactId),
    /// A promise points at an interaction that is missing or belongs to someone else.
    #[error("A promise points at an interaction that is missing or belongs to another contact.")]
    MissingInteraction(PromiseId),
    /// A contact's stage history does not form a path.
    #[error("The stage history of a contact is broken.")]
    BrokenJourney(ContactId),
    /// A quality rating outside 1 to 5.
    #[error("Each quality rating is a whole number from 1 to 5.")]
    RatingOutOfRange,
    /// A snooze that ends in the past or more than a year ahead.
    #[error("Snooze until a day from today to a year ahead.")]
    SnoozeOutOfRange,
    /// A stage move dated later than now.
    #[error("A stage move can be dated today or earlier, not later.")]
    MoveInTheFuture,
    /// A stage move dated before the contact entered the stage it is in.
    #[error("The move can't be dated before the contact entered its current stage ({0}).")]
    MoveBeforeCurrentStage(String),
    /// A custom field value does not fit its field.
    #[error(transparent)]
    FieldValue(#[from] FieldValueError),
    /// No custom field has this id.
    #[error("That custom field no longer exists.")]
    FieldNotFound(FieldId),
    /// A custom field needs a name.
    #[error("A custom field needs a name.")]
    EmptyFieldName,
    /// Two custom fields would have the same name.
    #[error("There is already a field called \"{0}\".")]
    DuplicateFieldName(String),
    /// A choice field needs something to choose from.
    #[error("A choice field needs at least one choice.")]
    NoChoices,
    /// Removing a choice would leave contacts with a value that is no longer allowed.
    #[error(
        "{} \"{choice}\" in this field; change that value before removing the choice.",
        counted(*.contacts, "contact has", "contacts have")
    )]
    ChoiceInUse {
        /// The choice being removed.
        choice: String,
        /// How many contacts have it.
        contacts: usize,
    },
    /// No saved list has this id.
    #[error("That saved list no longer exists.")]
    ListNotFound(ListId),
    /// A saved list needs a name.
    #[error("A saved list needs a name.")]
    EmptyListName,
    /// A tag cadence for no tag.
    #[error("Say which tag the cadence is for.")]
    EmptyTag,
    /// A keep-in-touch cadence out of range.
    #[error("A keep-in-touch cadence is a number of days between 1 and {MAX_CADENCE_DAYS}.")]
    CadenceOutOfRange,
}

/// The records that changed since the last save.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PendingChanges {
    /// Everything must be rewritten (a whole ledger was loaded in from elsewhere).
    pub everything: bool,
    /// The ledger's settings changed.
    pub settings: bool,
    /// Contacts added, edited, deleted or whose interactions or promises changed.
    pub contacts: BTreeSet<ContactId>,
    /// Of those, the contacts deleted or with an interaction or promise deleted: storage
    /// must drop what they held, not only record the deletion.
    pub erased: BTreeSet<ContactId>,
    /// Interactions added, edited or deleted here, by id: a rebase over another tab's save
    /// takes these from this tab and every other interaction from the stored ledger.
    pub interactions: BTreeSet<InteractionId>,
    /// Promises added, changed or deleted here, by id (as for interactions).
    pub promises: BTreeSet<PromiseId>,
    /// Each contact whose record changed here, as it was before the first of those changes
    /// (`None`: added here). The common ancestor of a three-way merge, so a rebase keeps
    /// another tab's edits to the fields this tab left alone.
    pub base: BTreeMap<ContactId, Option<Contact>>,
    /// The settings before their first change here, for the same three-way merge.
    pub base_settings: Option<LedgerSettings>,
    /// Each interaction changed here as it was before the first of those changes (`None`:
    /// added here), for the same three-way merge.
    pub base_interactions: BTreeMap<InteractionId, Option<Interaction>>,
    /// Each promise changed here as it was before, as for interactions.
    pub base_promises: BTreeMap<PromiseId, Option<Promise>>,
}

impl PendingChanges {
    /// Whether there is nothing to save.
    pub fn is_empty(&self) -> bool {
        !self.everything && !self.settings && self.contacts.is_empty()
    }

    /// Takes in `earlier`, changes made before these (a save that turned out to be lost):
    /// the union of both, with the earlier bases, which are the older ancestors.
    pub fn absorb_earlier(&mut self, earlier: PendingChanges) {
        self.everything |= earlier.everything;
        self.settings |= earlier.settings;
        self.contacts.extend(earlier.contacts);
        self.erased.extend(earlier.erased);
        self.interactions.extend(earlier.interactions);
        self.promises.extend(earlier.promises);
        for (id, base) in earlier.base {
            self.base.insert(id, base);
        }
        if earlier.base_settings.is_some() {
            self.base_settings = earlier.base_settings;
        }
        self.base_interactions.extend(earlier.base_interactions);
        self.base_promises.extend(earlier.base_promises);
    }
}

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

/// What deleting a contact takes with it, to tell the person before they confirm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeletionImpact {
    /// Interactions logged with the contact.
    pub interactions: usize,
    /// Promises made to or by the contact.
    pub promises: usize,
    /// People who belong to the contact (an organization) and will no longer.
    pub members: usize,
}

/// A deleted contact with everything that went with it, so the deletion can be undone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemovedContact {
    /// The contact itself.
    pub contact: Contact,
    /// Its interactions.
    pub interactions: Vec<Interaction>,
    /// Its promises.
    pub promises: Vec<Promise>,
    /// People who belonged to it (when it was an organization).
    pub members: Vec<ContactId>,
}

/// A new promise, as a person enters it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromiseDraft {
    /// What was promised.
    pub what: String,
    /// Who owes it.
    pub owed_by: Party,
    /// When it is due.
    pub due: NaiveDate,
    /// The interaction it was made in, if any.
    pub interaction: Option<InteractionId>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Related {
    interactions: BTreeSet<InteractionId>,
    promises: BTreeSet<PromiseId>,
}

/// Every record, with operations that keep the invariants listed in the module docs.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    contacts: BTreeMap<ContactId, Contact>,
    interactions: BTreeMap<InteractionId, Interaction>,
    promises: BTreeMap<PromiseId, Promise>,
    settings: LedgerSettings,
    related: HashMap<ContactId, Related>,
    pending: PendingChanges,
}

/// Two ledgers are equal when they hold the same records; unsaved-change tracking is ignored.
impl PartialEq for Ledger {
    fn eq(&self, other: &Self) -> bool {
        self.settings == other.settings
            && self.contacts == other.contacts
            && self.interactions == other.interactions
            && self.promises == other.promises
    }
}

impl Eq for Ledger {}

pub(super) fn check_text(text: &str, field: &'static str, max: usize) -> Result<(), LedgerError> {
    // A text has no more characters than bytes, so most need no counting.
    if text.len() > max && text.chars().count() > max {
        Err(LedgerError::TextTooLong { field, max })
    } else {
        Ok(())
    }
}

fn check_list(list: &[String], field: &'static str) -> Result<(), LedgerError> {
    if list.len() > limits::LIST_ENTRIES {
        return Err(LedgerError::TooManyEntries {
            field,
            max: limits::LIST_ENTRIES,
        });
    }
    list.iter()
        .try_for_each(|entry| check_text(entry, field, limits::SHORT_TEXT))
}

fn check_profile(profile: &ContactProfile) -> Result<(), LedgerError> {
    if profile.name.trim().is_empty() {
        return Err(LedgerError::EmptyName);
    }
    check_text(&profile.name, "name", limits::NAME)?;
    check_text(&profile.role, "role", limits::SHORT_TEXT)?;
    check_text(&profile.channels.website, "website", limits::SHORT_TEXT)?;
    check_text(&profile.notes, "notes", limits::LONG_TEXT)?;
    check_list(&profile.interests, "interests")?;
    check_list(&profile.tags, "tags")?;
    check_list(&profile.channels.emails, "email addresses")?;
    check_list(&profile.channels.phones, "phone numbers")?;
    check_list(&profile.channels.social, "social handles")
}

/// The checks on an interaction being logged or corrected: those of [`check_details`], and a
/// summary (stored data from before this rule may have none, so loads do not require it).
fn check_new_details(details: &InteractionDetails) -> Result<(), LedgerError> {
    if details.summary.is_empty() {
        return Err(LedgerError::EmptySummary);
    }
    check_details(details)
}

pub(in crate::domain) fn check_details(details: &InteractionDetails) -> Result<(), LedgerError> {
    check_text(&details.summary, "summary", limits::LONG_TEXT)?;
    check_text(&details.learned, "listening notes", limits::LONG_TEXT)?;
    check_text(&details.link, "link", limits::LINK)?;
    details.pitch.as_ref().map_or(Ok(()), |pitch| {
        check_text(&pitch.angle, "pitch angle", limits::LONG_TEXT)
    })
}

fn check_quality(check: &QualityCheck) -> Result<(), LedgerError> {
    if check
        .ratings()
        .iter()
        .any(|rating| !(1..=5).contains(rating))
    {
        return Err(LedgerError::RatingOutOfRange);
    }
    check_text(&check.note, "note", limits::LONG_TEXT)
}

fn check_history_length(len: usize, field: &'static str) -> Result<(), LedgerError> {
    if len > limits::HISTORY {
        Err(LedgerError::TooManyEntries {
            field,
            max: limits::HISTORY,
        })
    } else {
        Ok(())
    }
}

fn check_plan(plan: &RelationshipPlan) -> Result<(), LedgerError> {
    PlanPart::ALL
        .iter()
        .try_for_each(|&part| check_text(&plan.entry(part).text, "plan", limits::LONG_TEXT))
}

/// Whether contact `id` may belong to the organization its `profile` names: only a person
/// may, to another contact, which must be an organization (`target_is_organization`).
fn membership_holds(id: ContactId, profile: &ContactProfile, target_is_organization: bool) -> bool {
    profile.kind == ContactKind::Person
        && profile.organization != Some(id)
        && target_is_organization
}

/// The new `updated_at` of a record changed at `now`: later than its previous one even when
/// that came from a device whose clock ran ahead, so a merge always finds the latest edit
/// newest.
pub(super) fn touched(previous: Timestamp, now: Timestamp) -> Timestamp {
    now.max(Timestamp::from_millis(previous.millis().saturating_add(1)))
}

/// The order of a contact's interactions, newest first. Interactions dated the same (two
/// logged for one past day share its noon) keep the order they were logged in.
fn newest_first(a: &&Interaction, b: &&Interaction) -> std::cmp::Ordering {
    (b.details.at, b.created_at, b.id).cmp(&(a.details.at, a.created_at, a.id))
}

/// The order of a contact's promises: soonest due first.
fn soonest_due(a: &&Promise, b: &&Promise) -> std::cmp::Ordering {
    (a.due, a.id).cmp(&(b.due, b.id))
}

/// `records` grouped by the contact each belongs to, each group put in order by `order`;
/// contacts without records are left out. The contact is kept beside each record while
/// grouping, so the sort never follows a reference to compare.
fn grouped_by_contact<'a, T>(
    records: impl Iterator<Item = &'a T>,
    contact_of: impl Fn(&T) -> ContactId,
    order: impl Fn(&mut Vec<&'a T>),
) -> BTreeMap<ContactId, Vec<&'a T>> {
    let mut all: Vec<(ContactId, &T)> =
        records.map(|record| (contact_of(record), record)).collect();
    all.sort_unstable_by_key(|&(contact, _)| contact);
    map_of(all.chunk_by(|a, b| a.0 == b.0).map(|group| {
        let mut list: Vec<&T> = group.iter().map(|&(_, record)| record).collect();
        order(&mut list);
        (group[0].0, list)
    }))
}

/// Records keyed by id, refusing a repeated id.
fn by_unique_id<K: Ord + Copy + std::fmt::Display + Into<u128>, V>(
    records: Vec<V>,
    id: impl Fn(&V) -> K,
) -> Result<BTreeMap<K, V>, LedgerError> {
    // The ids are sorted with each record's place, and the records are then collected in
    // id order: sorting the records themselves moved each of them many times. Sorted as
    // numbers, every kind of record shares one sort routine.
    let mut order: Vec<(u128, usize)> = records
        .iter()
        .enumerate()
        .map(|(place, record)| (id(record).into(), place))
        .collect();
    order.sort_unstable();
    if let Some(pair) = order.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        let repeated = records.get(pair[0].1).map(|record| id(record).to_string());
        return Err(LedgerError::DuplicateId(repeated.unwrap_or_default()));
    }
    let mut records: Vec<Option<V>> = records.into_iter().map(Some).collect();
    // Gathered into a list of the exact size, which the map's build finds already sorted:
    // collecting a filtered iterator (whose length is unknown) grew its list step by step.
    let mut sorted = Vec::with_capacity(order.len());
    for (_, place) in order {
        if let Some(record) = records.get_mut(place).and_then(Option::take) {
            sorted.push((id(&record), record));
        }
    }
    Ok(sorted.into_iter().collect())
}

pub(super) fn check_contact(contact: &Contact) -> Result<(), LedgerError> {
    check_profile(&contact.profile)?;
    check_plan(&contact.plan)?;
    check_history_length(contact.quality_checks.len(), "quality checks")?;
    contact.quality_checks.iter().try_for_each(check_quality)?;
    check_history_length(contact.ticks.len(), "ticked prompts")?;
    contact
        .ticks
        .iter()
        .try_for_each(|tick| check_text(&tick.prompt, "prompt", limits::SHORT_TEXT))?;
    let journey = &contact.journey;
    if !journey.is_consistent() || journey.history.len() > limits::HISTORY {
        return Err(LedgerError::BrokenJourney(contact.id));
    }
    journey
        .history
        .iter()
        .try_for_each(|step| check_text(&step.reason, "reason", limits::LONG_TEXT))
}

impl Ledger {
    /// An empty ledger.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a ledger from plain lists, refusing anything that breaks an invariant.
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
        }
    }

    // ----- reading -----

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
    pub fn counts(&self) -> (usize, usize, usize) {
        (
            self.contacts.len(),
            self.interactions.len(),
            self.promises.len(),
        )
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
    /// ([`keeps_in_touch`](super::evidence::keeps_in_touch)): broadcasts, likes and asks are
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
            .filter(|interaction| super::evidence::keeps_in_touch(interaction.details.kind))
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

    // ----- unsaved changes -----

    /// What changed since the last [`mark_saved`](Self::mark_saved).
    pub fn pending_changes(&self) -> &PendingChanges {
        &self.pending
    }

    /// Forgets the pending changes once they are safely stored.
    pub fn mark_saved(&mut self) {
        self.pending = PendingChanges::default();
    }

    /// Adds `earlier`, changes saved before and found lost (another tab's save replaced
    /// that save), to the pending changes, so the next save writes them again.
    pub fn add_pending(&mut self, earlier: PendingChanges) {
        self.pending.absorb_earlier(earlier);
    }

    /// Marks everything as changed, so the next save writes the ledger in full.
    pub fn mark_all_pending(&mut self) {
        self.pending.everything = true;
    }

    /// Marks as changed what differs from `before`, the ledger this one was made from (by
    /// a merge or an import): each contact added, removed or whose record, interactions or
    /// promises differ, and the settings; a contact that lost an interaction, a promise or a
    /// quality check has its bucket rewritten, so what was dropped leaves storage. A save
    /// then writes only those buckets, and a tab that
    /// saved meanwhile keeps what it added ([`rebase_pending`](super::rebase::rebase_pending)),
    /// where [`mark_all_pending`](Self::mark_all_pending) would replace it whole. What
    /// `before` had not saved yet stays pending.
    pub fn mark_changed_since(&mut self, before: &Ledger) {
        let mut pending = PendingChanges {
            settings: self.settings != before.settings,
            ..PendingChanges::default()
        };
        for (&id, contact) in &self.contacts {
            let (interactions, promises) = self.records_of(id);
            let (interactions, promises): (Vec<_>, Vec<_>) =
                (interactions.collect(), promises.collect());
            let (earlier_interactions, earlier_promises) = before.records_of(id);
            let (earlier_interactions, earlier_promises): (Vec<_>, Vec<_>) =
                (earlier_interactions.collect(), earlier_promises.collect());
            if before.contact(id) != Some(contact)
                || interactions != earlier_interactions
                || promises != earlier_promises
            {
                pending.contacts.insert(id);
            }
            let lost = earlier_interactions
                .iter()
                .any(|earlier| self.interaction(earlier.id).is_none())
                || earlier_promises
                    .iter()
                    .any(|earlier| self.promise(earlier.id).is_none())
                || before.contact(id).is_some_and(|earlier| {
                    earlier
                        .quality_checks
                        .iter()
                        .any(|check| !contact.quality_checks.contains(check))
                });
            if lost {
                pending.erased.insert(id);
            }
        }
        for &id in before.contacts.keys() {
            if !self.contacts.contains_key(&id) {
                pending.contacts.insert(id);
                pending.erased.insert(id);
            }
        }
        // Record by record, for a rebase: what differs, and each changed contact as it was.
        for &id in &pending.contacts {
            let (interactions, promises) = self.records_of(id);
            let (earlier_interactions, earlier_promises) = before.records_of(id);
            pending.interactions.extend(
                interactions
                    .chain(earlier_interactions)
                    .map(|interaction| interaction.id)
                    .filter(|&record| self.interaction(record) != before.interaction(record)),
            );
            pending.promises.extend(
                promises
                    .chain(earlier_promises)
                    .map(|promise| promise.id)
                    .filter(|&record| self.promise(record) != before.promise(record)),
            );
            pending.base.insert(id, before.contact(id).cloned());
        }
        pending.base_interactions = pending
            .interactions
            .iter()
            .map(|&id| (id, before.interaction(id).cloned()))
            .collect();
        pending.base_promises = pending
            .promises
            .iter()
            .map(|&id| (id, before.promise(id).cloned()))
            .collect();
        if pending.settings {
            pending.base_settings = Some(before.settings.clone());
        }
        // What `before` had not saved yet is still to be saved, over its own older bases.
        pending.absorb_earlier(before.pending.clone());
        self.pending = pending;
    }

    // ----- contacts -----

    /// Adds a contact that starts its journey in `stage`.
    pub fn add_contact(
        &mut self,
        id: ContactId,
        profile: ContactProfile,
        stage: Stage,
        now: Timestamp,
    ) -> Result<ContactId, LedgerError> {
        let mut profile = profile.normalized();
        self.normalize_custom_values(&mut profile)?;
        check_profile(&profile)?;
        self.check_membership(id, &profile)?;
        if self.contacts.contains_key(&id) {
            return Err(LedgerError::DuplicateId(id.to_string()));
        }
        let contact = Contact {
            id,
            profile,
            journey: StageJourney::starting(stage, now, String::new()),
            plan: RelationshipPlan::default(),
            quality_checks: Vec::new(),
            ticks: Vec::new(),
            created_at: now,
            updated_at: now,
            snoozed_until: None,
        };
        self.keep_base(id);
        self.contacts.insert(id, contact);
        self.related.insert(id, Related::default());
        self.pending.contacts.insert(id);
        Ok(id)
    }

    /// Replaces a contact's profile.
    pub fn update_profile(
        &mut self,
        id: ContactId,
        profile: ContactProfile,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        let profile = self.planned_profile(id, profile)?;
        let contact = self.contact_mut(id)?;
        contact.profile = profile;
        contact.updated_at = touched(contact.updated_at, now);
        self.pending.contacts.insert(id);
        Ok(())
    }

    /// `profile` as [`update_profile`](Self::update_profile) would store it for contact
    /// `id`, or why it would refuse it; nothing changes.
    pub(super) fn planned_profile(
        &self,
        id: ContactId,
        profile: ContactProfile,
    ) -> Result<ContactProfile, LedgerError> {
        let mut profile = profile.normalized();
        self.normalize_custom_values(&mut profile)?;
        check_profile(&profile)?;
        self.check_membership(id, &profile)?;
        let was_organization = self
            .contact(id)
            .ok_or(LedgerError::ContactNotFound(id))?
            .is_organization();
        if was_organization
            && profile.kind == ContactKind::Person
            && !self.members_of(id).is_empty()
        {
            return Err(LedgerError::InvalidMembership(id));
        }
        Ok(profile)
    }

    /// Moves a contact to another stage (forward or back), recording the reason.
    /// Returns whether a move was recorded (`false` when already in that stage).
    pub fn move_stage(
        &mut self,
        id: ContactId,
        to: Stage,
        reason: String,
        now: Timestamp,
    ) -> Result<bool, LedgerError> {
        self.record_move(id, to, reason, now, now)
    }

    /// Moves a contact to another stage as [`move_stage`](Self::move_stage) does, dated `at`:
    /// a move made earlier and recorded only now (history entered late). It may not be dated
    /// after `now`, nor before the contact entered the stage it is in (`entered_on` says that
    /// day in the person's words).
    pub fn move_stage_on(
        &mut self,
        id: ContactId,
        to: Stage,
        reason: String,
        at: Timestamp,
        now: Timestamp,
        entered_on: impl Fn(Timestamp) -> String,
    ) -> Result<bool, LedgerError> {
        if at > now {
            return Err(LedgerError::MoveInTheFuture);
        }
        let entered = self
            .contact(id)
            .and_then(|contact| contact.journey.entered_at());
        if let Some(entered) = entered.filter(|&entered| at < entered) {
            return Err(LedgerError::MoveBeforeCurrentStage(entered_on(entered)));
        }
        self.record_move(id, to, reason, at, now)
    }

    fn record_move(
        &mut self,
        id: ContactId,
        to: Stage,
        reason: String,
        at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, LedgerError> {
        let reason = reason.trim().to_owned();
        check_text(&reason, "reason", limits::LONG_TEXT)?;
        self.check_room_for_a_move(id)?;
        let contact = self.contact_mut(id)?;
        // Never before the stage it leaves began (a clock set back).
        let at = at.max(contact.journey.entered_at().unwrap_or(at));
        let moved = contact.journey.move_to(to, at, reason);
        if moved {
            contact.updated_at = touched(contact.updated_at, now);
            self.pending.contacts.insert(id);
        }
        Ok(moved)
    }

    /// Refuses a stage move for a contact not in the ledger, or whose history is full.
    pub(super) fn check_room_for_a_move(&self, id: ContactId) -> Result<(), LedgerError> {
        let contact = self.contact(id).ok_or(LedgerError::ContactNotFound(id))?;
        if contact.journey.history.len() >= limits::HISTORY {
            return Err(LedgerError::TooManyEntries {
                field: "stage moves",
                max: limits::HISTORY,
            });
        }
        Ok(())
    }

    /// Takes back a contact's latest stage move, when it is still the move to `to` made at
    /// `at` (see [`StageJourney::take_back`]). Returns whether it was taken back.
    pub fn take_back_move(
        &mut self,
        id: ContactId,
        to: Stage,
        at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, LedgerError> {
        let contact = self.contact_mut(id)?;
        let taken_back = contact.journey.take_back(to, at);
        if taken_back {
            contact.updated_at = touched(contact.updated_at, now);
            self.pending.contacts.insert(id);
        }
        Ok(taken_back)
    }

    /// Deletes a contact with its interactions and promises; people who belonged to it
    /// (an organization) are unlinked. Returns everything needed to undo.
    pub fn delete_contact(
        &mut self,
        id: ContactId,
        now: Timestamp,
    ) -> Result<RemovedContact, LedgerError> {
        if !self.contacts.contains_key(&id) {
            return Err(LedgerError::ContactNotFound(id));
        }
        let members: Vec<ContactId> = self
            .contacts
            .values()
            .filter(|member| member.profile.organization == Some(id))
            .map(|member| member.id)
            .collect();
        for &changed in members.iter().chain([&id]) {
            self.keep_base(changed);
        }
        if let Some(related) = self.related.get(&id).cloned() {
            for &record in &related.interactions {
                self.keep_interaction_base(record);
            }
            for &record in &related.promises {
                self.keep_promise_base(record);
            }
        }
        let contact = self
            .contacts
            .remove(&id)
            .ok_or(LedgerError::ContactNotFound(id))?;
        let related = self.related.remove(&id).unwrap_or_default();
        let interactions = related
            .interactions
            .iter()
            .filter_map(|interaction| self.interactions.remove(interaction))
            .collect();
        let promises = related
            .promises
            .iter()
            .filter_map(|promise| self.promises.remove(promise))
            .collect();
        for member in &members {
            if let Some(member) = self.contacts.get_mut(member) {
                member.profile.organization = None;
                member.updated_at = touched(member.updated_at, now);
            }
        }
        self.pending.contacts.insert(id);
        self.pending.erased.insert(id);
        self.pending.contacts.extend(members.iter().copied());
        Ok(RemovedContact {
            contact,
            interactions,
            promises,
            members,
        })
    }

    /// Puts a deleted contact back with everything that went with it, relinking the
    /// members that have not joined another organization since.
    pub fn restore(&mut self, removed: RemovedContact, now: Timestamp) -> Result<(), LedgerError> {
        let RemovedContact {
            mut contact,
            interactions,
            promises,
            members,
        } = removed;
        let id = contact.id;
        if self.contacts.contains_key(&id) {
            return Err(LedgerError::DuplicateId(id.to_string()));
        }
        // Links that no longer hold (the organization deleted or now a person) are dropped,
        // both ways: a restore never leaves records that do not fit together.
        if let Some(organization) = contact.profile.organization {
            let target_is_organization = self
                .contact(organization)
                .is_some_and(Contact::is_organization);
            if !membership_holds(id, &contact.profile, target_is_organization) {
                contact.profile.organization = None;
            }
        }
        let restored_is_organization = contact.is_organization();
        self.keep_base(id);
        self.contacts.insert(id, contact);
        let mut related = Related::default();
        for interaction in interactions {
            related.interactions.insert(interaction.id);
            self.keep_interaction_base(interaction.id);
            self.interactions.insert(interaction.id, interaction);
        }
        for promise in promises {
            related.promises.insert(promise.id);
            self.keep_promise_base(promise.id);
            self.promises.insert(promise.id, promise);
        }
        self.related.insert(id, related);
        self.pending.contacts.insert(id);
        for member in members {
            if self.contacts.contains_key(&member) {
                self.keep_base(member);
            }
            if let Some(person) = self.contacts.get_mut(&member) {
                if person.profile.organization.is_none()
                    && membership_holds(member, &person.profile, restored_is_organization)
                {
                    person.profile.organization = Some(id);
                    person.updated_at = touched(person.updated_at, now);
                    self.pending.contacts.insert(member);
                }
            }
        }
        Ok(())
    }

    /// Changes one part of the relationship plan, dating it when the text changed.
    pub fn update_plan(
        &mut self,
        id: ContactId,
        part: PlanPart,
        text: String,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        let text = text.trim().to_owned();
        check_text(&text, "plan", limits::LONG_TEXT)?;
        let contact = self.contact_mut(id)?;
        let entry = contact.plan.entry_mut(part);
        if entry.text != text {
            entry.text = text;
            entry.updated_at = Some(now);
            contact.updated_at = touched(contact.updated_at, now);
            self.pending.contacts.insert(id);
        }
        Ok(())
    }

    /// Dates one part of the plan now without changing its text: the person confirms it
    /// still holds (an agreement made for the relationship, confirmed as the partnership's
    /// terms). An empty part has nothing to confirm and stays as it is.
    pub fn confirm_plan(
        &mut self,
        id: ContactId,
        part: PlanPart,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        let contact = self.contact_mut(id)?;
        let entry = contact.plan.entry_mut(part);
        if !entry.text.is_empty() {
            entry.updated_at = Some(now);
            contact.updated_at = touched(contact.updated_at, now);
            self.pending.contacts.insert(id);
        }
        Ok(())
    }

    /// Records a relationship quality check.
    pub fn add_quality_check(
        &mut self,
        id: ContactId,
        check: QualityCheck,
    ) -> Result<(), LedgerError> {
        check_quality(&check)?;
        let contact = self.contact_mut(id)?;
        check_history_length(contact.quality_checks.len() + 1, "quality checks")?;
        contact.updated_at = touched(contact.updated_at, check.at);
        contact.quality_checks.push(check);
        sort_by_key(&mut contact.quality_checks, |check| check.at);
        self.pending.contacts.insert(id);
        Ok(())
    }

    /// Removes the quality check recorded at `at` (a mistaken one) and hands it back, so it
    /// can be put back with [`add_quality_check`](Self::add_quality_check).
    pub fn remove_quality_check(
        &mut self,
        id: ContactId,
        at: Timestamp,
        now: Timestamp,
    ) -> Result<QualityCheck, LedgerError> {
        let contact = self.contact_mut(id)?;
        let index = contact
            .quality_checks
            .iter()
            .position(|check| check.at == at)
            .ok_or(LedgerError::QualityCheckNotFound)?;
        let removed = contact.quality_checks.remove(index);
        contact.updated_at = touched(contact.updated_at, now);
        self.pending.contacts.insert(id);
        self.pending.erased.insert(id);
        Ok(removed)
    }

    /// Ticks a playbook prompt the ledger cannot decide, or unticks it.
    pub fn set_tick(
        &mut self,
        id: ContactId,
        prompt: &str,
        ticked: bool,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        check_text(prompt, "prompt", limits::SHORT_TEXT)?;
        let contact = self.contact_mut(id)?;
        let present = contact.ticks.iter().any(|tick| tick.prompt == prompt);
        if present == ticked {
            return Ok(());
        }
        if ticked {
            check_history_length(contact.ticks.len() + 1, "ticked prompts")?;
            contact.ticks.push(PromptTick {
                prompt: prompt.to_owned(),
                at: now,
            });
        } else {
            contact.ticks.retain(|tick| tick.prompt != prompt);
        }
        contact.updated_at = touched(contact.updated_at, now);
        self.pending.contacts.insert(id);
        Ok(())
    }

    /// Snoozes a contact until a day (it leaves the Today page's nudges until then), or
    /// wakes it with `None`. The day must be from today to [`limits::SNOOZE_DAYS`] ahead;
    /// "today" is taken loosely (a day either side of `now`'s UTC date), since the person's
    /// calendar day may differ from UTC's.
    pub fn snooze(
        &mut self,
        id: ContactId,
        until: Option<NaiveDate>,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        if let Some(day) = until {
            let ahead = (day - now.date_utc()).num_days();
            if !(-1..=limits::SNOOZE_DAYS + 1).contains(&ahead) {
                return Err(LedgerError::SnoozeOutOfRange);
            }
        }
        let contact = self.contact_mut(id)?;
        if contact.snoozed_until != until {
            contact.snoozed_until = until;
            contact.updated_at = touched(contact.updated_at, now);
            self.pending.contacts.insert(id);
        }
        Ok(())
    }

    /// The contact to change, its record as last saved kept first ([`Self::keep_base`]).
    fn contact_mut(&mut self, id: ContactId) -> Result<&mut Contact, LedgerError> {
        if !self.contacts.contains_key(&id) {
            return Err(LedgerError::ContactNotFound(id));
        }
        self.keep_base(id);
        self.contacts
            .get_mut(&id)
            .ok_or(LedgerError::ContactNotFound(id))
    }

    /// Keeps the contact's record as it is now (`None`: absent) as the base of its pending
    /// changes, unless one is kept already: called before the record first changes after a
    /// save, so a rebase can tell this tab's edits from another tab's.
    fn keep_base(&mut self, id: ContactId) {
        if !self.pending.base.contains_key(&id) {
            let current = self.contacts.get(&id).cloned();
            self.pending.base.insert(id, current);
        }
    }

    /// Keeps the interaction as it is now (`None`: absent) as the base of its pending
    /// changes, unless one is kept already, and marks it changed (see [`Self::keep_base`]).
    fn keep_interaction_base(&mut self, id: InteractionId) {
        if !self.pending.base_interactions.contains_key(&id) {
            let current = self.interactions.get(&id).cloned();
            self.pending.base_interactions.insert(id, current);
        }
        self.pending.interactions.insert(id);
    }

    /// Keeps the promise as it is now as the base of its pending changes (see
    /// [`Self::keep_interaction_base`]).
    fn keep_promise_base(&mut self, id: PromiseId) {
        if !self.pending.base_promises.contains_key(&id) {
            let current = self.promises.get(&id).cloned();
            self.pending.base_promises.insert(id, current);
        }
        self.pending.promises.insert(id);
    }

    /// Keeps the settings as they are now as the base of their pending changes, unless one
    /// is kept already (see [`Self::keep_base`]).
    fn keep_settings_base(&mut self) {
        if self.pending.base_settings.is_none() {
            self.pending.base_settings = Some(self.settings.clone());
        }
    }

    // ----- interactions -----

    /// Logs an interaction with a contact.
    pub fn log_interaction(
        &mut self,
        id: InteractionId,
        contact: ContactId,
        details: InteractionDetails,
        now: Timestamp,
    ) -> Result<InteractionId, LedgerError> {
        let details = details.normalized();
        check_new_details(&details)?;
        if self.interactions.contains_key(&id) {
            return Err(LedgerError::DuplicateId(id.to_string()));
        }
        self.related
            .get_mut(&contact)
            .ok_or(LedgerError::ContactNotFound(contact))?
            .interactions
            .insert(id);
        self.keep_interaction_base(id);
        self.interactions.insert(
            id,
            Interaction {
                id,
                contact,
                details,
                created_at: now,
                updated_at: now,
            },
        );
        self.pending.contacts.insert(contact);
        Ok(id)
    }

    /// Corrects what an interaction records (when, where, what kind, who started it, the
    /// notes and the pitch), keeping its id, its contact and when it was logged.
    pub fn edit_interaction(
        &mut self,
        id: InteractionId,
        details: InteractionDetails,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        let details = details.normalized();
        check_new_details(&details)?;
        if !self.interactions.contains_key(&id) {
            return Err(LedgerError::InteractionNotFound(id));
        }
        self.keep_interaction_base(id);
        let interaction = self
            .interactions
            .get_mut(&id)
            .ok_or(LedgerError::InteractionNotFound(id))?;
        interaction.details = details;
        interaction.updated_at = touched(interaction.updated_at, now);
        self.pending.contacts.insert(interaction.contact);
        Ok(())
    }

    /// Moves the pitch kept with an ask along (sent, answered, covered, declined).
    pub fn set_pitch_status(
        &mut self,
        id: InteractionId,
        status: PitchStatus,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        if self
            .interactions
            .get(&id)
            .is_none_or(|found| found.details.pitch.is_none())
        {
            return Err(LedgerError::InteractionNotFound(id));
        }
        self.keep_interaction_base(id);
        let interaction = self
            .interactions
            .get_mut(&id)
            .ok_or(LedgerError::InteractionNotFound(id))?;
        let pitch = interaction
            .details
            .pitch
            .as_mut()
            .ok_or(LedgerError::InteractionNotFound(id))?;
        pitch.status = status;
        interaction.updated_at = touched(interaction.updated_at, now);
        self.pending.contacts.insert(interaction.contact);
        Ok(())
    }

    /// Deletes an interaction; promises made in it stay, no longer linked to it.
    pub fn delete_interaction(
        &mut self,
        id: InteractionId,
        now: Timestamp,
    ) -> Result<Interaction, LedgerError> {
        if !self.interactions.contains_key(&id) {
            return Err(LedgerError::InteractionNotFound(id));
        }
        self.keep_interaction_base(id);
        let interaction = self
            .interactions
            .remove(&id)
            .ok_or(LedgerError::InteractionNotFound(id))?;
        let linked: Vec<PromiseId> = self
            .related
            .get(&interaction.contact)
            .map(|related| {
                related
                    .promises
                    .iter()
                    .copied()
                    .filter(|promise| {
                        self.promises
                            .get(promise)
                            .is_some_and(|found| found.interaction == Some(id))
                    })
                    .collect()
            })
            .unwrap_or_default();
        for promise_id in linked {
            self.keep_promise_base(promise_id);
            if let Some(promise) = self.promises.get_mut(&promise_id) {
                promise.interaction = None;
                promise.updated_at = touched(promise.updated_at, now);
            }
        }
        if let Some(related) = self.related.get_mut(&interaction.contact) {
            related.interactions.remove(&id);
        }
        self.pending.contacts.insert(interaction.contact);
        self.pending.erased.insert(interaction.contact);
        Ok(interaction)
    }

    // ----- promises -----

    /// The promise `draft` makes, checked as [`add_promise`](Self::add_promise) would
    /// record it, without recording it.
    pub(in crate::domain) fn planned_promise(
        &self,
        id: PromiseId,
        contact: ContactId,
        draft: PromiseDraft,
        now: Timestamp,
    ) -> Result<Promise, LedgerError> {
        let promise = Promise {
            id,
            contact,
            interaction: draft.interaction,
            what: draft.what.trim().to_owned(),
            owed_by: draft.owed_by,
            due: draft.due,
            status: PromiseStatus::Open,
            resolved_at: None,
            resolved_on: None,
            created_at: now,
            updated_at: now,
        };
        self.check_promise(&promise)?;
        if self.promises.contains_key(&id) {
            return Err(LedgerError::DuplicateId(id.to_string()));
        }
        Ok(promise)
    }

    /// Records a promise made to or by a contact.
    pub fn add_promise(
        &mut self,
        id: PromiseId,
        contact: ContactId,
        draft: PromiseDraft,
        now: Timestamp,
    ) -> Result<PromiseId, LedgerError> {
        let promise = self.planned_promise(id, contact, draft, now)?;
        self.related
            .get_mut(&contact)
            .ok_or(LedgerError::ContactNotFound(contact))?
            .promises
            .insert(id);
        self.keep_promise_base(id);
        self.promises.insert(id, promise);
        self.pending.contacts.insert(contact);
        Ok(id)
    }

    /// Marks a promise kept, missed, or open again, at `now` on the person's calendar.
    pub fn set_promise_status(
        &mut self,
        id: PromiseId,
        status: PromiseStatus,
        now: Now,
    ) -> Result<(), LedgerError> {
        if !self.promises.contains_key(&id) {
            return Err(LedgerError::PromiseNotFound(id));
        }
        self.keep_promise_base(id);
        let promise = self
            .promises
            .get_mut(&id)
            .ok_or(LedgerError::PromiseNotFound(id))?;
        let resolved = status != PromiseStatus::Open;
        promise.status = status;
        promise.resolved_at = resolved.then_some(now.at);
        promise.resolved_on = resolved.then_some(now.today);
        promise.updated_at = touched(promise.updated_at, now.at);
        self.pending.contacts.insert(promise.contact);
        Ok(())
    }

    /// Deletes a promise.
    pub fn delete_promise(&mut self, id: PromiseId) -> Result<Promise, LedgerError> {
        if !self.promises.contains_key(&id) {
            return Err(LedgerError::PromiseNotFound(id));
        }
        self.keep_promise_base(id);
        let promise = self
            .promises
            .remove(&id)
            .ok_or(LedgerError::PromiseNotFound(id))?;
        if let Some(related) = self.related.get_mut(&promise.contact) {
            related.promises.remove(&id);
        }
        self.pending.contacts.insert(promise.contact);
        self.pending.erased.insert(promise.contact);
        Ok(promise)
    }

    // ----- invariant checks -----

    fn check_membership(&self, id: ContactId, profile: &ContactProfile) -> Result<(), LedgerError> {
        let Some(organization) = profile.organization else {
            return Ok(());
        };
        let target = self
            .contacts
            .get(&organization)
            .ok_or(LedgerError::OrganizationNotFound(organization))?;
        if membership_holds(id, profile, target.is_organization()) {
            Ok(())
        } else {
            Err(LedgerError::InvalidMembership(id))
        }
    }

    pub(in crate::domain) fn check_promise(&self, promise: &Promise) -> Result<(), LedgerError> {
        if promise.what.trim().is_empty() {
            return Err(LedgerError::EmptyPromise);
        }
        check_text(&promise.what, "promise", limits::SHORT_TEXT)?;
        if !self.contacts.contains_key(&promise.contact) {
            return Err(LedgerError::MissingContact(promise.contact));
        }
        if let Some(interaction) = promise.interaction {
            let belongs = self
                .interactions
                .get(&interaction)
                .is_some_and(|found| found.contact == promise.contact);
            if !belongs {
                return Err(LedgerError::MissingInteraction(promise.id));
            }
        }
        Ok(())
    }
}

#[path = "ledger_settings.rs"]
mod settings_ops;

pub(in crate::domain) use settings_ops::check_settings;

#[path = "ledger_outlet.rs"]
mod outlet;

pub use outlet::{OutletMatch, TypedOutlet};

#[cfg(test)]
#[path = "ledger_tests.rs"]
mod tests;
