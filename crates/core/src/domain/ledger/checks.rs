//! The checks that keep records within the limits and the ledger whole, and small helpers
//! the operations share.

use super::*;

pub(in crate::domain) fn check_text(
    text: &str,
    field: &'static str,
    max: usize,
) -> Result<(), LedgerError> {
    // A text has no more characters than bytes, so most need no counting.
    if text.len() > max && text.chars().count() > max {
        Err(LedgerError::TextTooLong { field, max })
    } else {
        Ok(())
    }
}

pub(in crate::domain) fn check_list(
    list: &[String],
    field: &'static str,
) -> Result<(), LedgerError> {
    if list.len() > limits::LIST_ENTRIES {
        return Err(LedgerError::TooManyEntries {
            field,
            max: limits::LIST_ENTRIES,
        });
    }
    list.iter()
        .try_for_each(|entry| check_text(entry, field, limits::SHORT_TEXT))
}

pub(in crate::domain) fn check_profile(profile: &ContactProfile) -> Result<(), LedgerError> {
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
    check_list(&profile.channels.social, "social handles")?;
    match profile.cadence_days {
        Some(days) if !(1..=MAX_CADENCE_DAYS).contains(&days) => {
            Err(LedgerError::CadenceOutOfRange)
        }
        _ => Ok(()),
    }
}

/// The checks on an interaction being logged or corrected: those of [`check_details`], and a
/// summary (stored data from before this rule may have none, so loads do not require it).
pub(in crate::domain) fn check_new_details(
    details: &InteractionDetails,
) -> Result<(), LedgerError> {
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

pub(in crate::domain) fn check_quality(check: &QualityCheck) -> Result<(), LedgerError> {
    if check
        .ratings()
        .iter()
        .any(|rating| !(1..=5).contains(rating))
    {
        return Err(LedgerError::RatingOutOfRange);
    }
    check_text(&check.note, "note", limits::LONG_TEXT)
}

pub(in crate::domain) fn check_history_length(
    len: usize,
    field: &'static str,
) -> Result<(), LedgerError> {
    if len > limits::HISTORY {
        Err(LedgerError::TooManyEntries {
            field,
            max: limits::HISTORY,
        })
    } else {
        Ok(())
    }
}

pub(in crate::domain) fn check_plan(plan: &RelationshipPlan) -> Result<(), LedgerError> {
    PlanPart::ALL
        .iter()
        .try_for_each(|&part| check_text(&plan.entry(part).text, "plan", limits::LONG_TEXT))
}

/// Whether contact `id` may belong to the organization its `profile` names: only a person
/// may, to another contact, which must be an organization (`target_is_organization`).
pub(in crate::domain) fn membership_holds(
    id: ContactId,
    profile: &ContactProfile,
    target_is_organization: bool,
) -> bool {
    profile.kind == ContactKind::Person
        && profile.organization != Some(id)
        && target_is_organization
}

/// The new `updated_at` of a record changed at `now`: later than its previous one even when
/// that came from a device whose clock ran ahead, so a merge always finds the latest edit
/// newest.
pub(in crate::domain) fn touched(previous: Timestamp, now: Timestamp) -> Timestamp {
    now.max(Timestamp::from_millis(previous.millis().saturating_add(1)))
}

/// The order of a contact's interactions, newest first. Interactions dated the same (two
/// logged for one past day share its noon) keep the order they were logged in.
pub(in crate::domain) fn newest_first(a: &&Interaction, b: &&Interaction) -> std::cmp::Ordering {
    (b.details.at, b.created_at, b.id).cmp(&(a.details.at, a.created_at, a.id))
}

/// The order of a contact's promises: soonest due first.
pub(in crate::domain) fn soonest_due(a: &&Promise, b: &&Promise) -> std::cmp::Ordering {
    (a.due, a.id).cmp(&(b.due, b.id))
}

/// `records` grouped by the contact each belongs to, each group put in order by `order`;
/// contacts without records are left out. The contact is kept beside each record while
/// grouping, so the sort never follows a reference to compare.
pub(in crate::domain) fn grouped_by_contact<'a, T>(
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
pub(in crate::domain) fn by_unique_id<K: Ord + Copy + std::fmt::Display + Into<u128>, V>(
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

pub(crate) fn check_contact(contact: &Contact) -> Result<(), LedgerError> {
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
