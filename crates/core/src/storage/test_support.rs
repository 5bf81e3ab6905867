//! Proptest strategies for whole ledgers: arbitrary Unicode text, every kind of record, and
//! references that are consistent (memberships, promise-to-interaction links).

use chrono::NaiveDate;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;

use std::collections::BTreeMap;

use crate::domain::search::ContactQuery;
use crate::domain::settings::MAX_CADENCE_DAYS;
use crate::domain::{
    Channel, Channels, Contact, ContactId, ContactKind, ContactProfile, Direction, FieldDefinition,
    FieldId, FieldKind, Interaction, InteractionDetails, InteractionId, InteractionKind, Ledger,
    LedgerRecords, LedgerSettings, ListId, Party, Pitch, PitchStatus, PlanEntry, Promise,
    PromiseId, PromiseStatus, PromptTick, QualityCheck, RelationshipPlan, RelationshipType,
    SavedList, Stage, StageJourney, StageMove, StakeholderType, Timestamp,
};

/// Any text of up to `max` characters: every Unicode scalar, controls and emoji included.
pub fn text(max: usize) -> impl Strategy<Value = String> {
    vec(any::<char>(), 0..=max).prop_map(String::from_iter)
}

fn name() -> impl Strategy<Value = String> {
    (
        any::<char>().prop_filter("visible", |c| !c.is_whitespace()),
        text(30),
    )
        .prop_map(|(first, rest)| format!("{first}{rest}"))
}

fn list() -> impl Strategy<Value = Vec<String>> {
    vec(text(12), 0..3)
}

/// Instants from 1906 to 2096: RFC 3339 shows them with four-digit years.
pub(crate) fn instant() -> impl Strategy<Value = Timestamp> {
    (-2_000_000_000_000_i64..4_000_000_000_000).prop_map(Timestamp::from_millis)
}

pub(crate) fn date() -> impl Strategy<Value = NaiveDate> {
    (693_000_i32..770_000).prop_map(|days| {
        NaiveDate::from_num_days_from_ce_opt(days).expect("days within chrono's range")
    })
}

pub(crate) fn choice<T: Copy + std::fmt::Debug + 'static>(
    all: &'static [T],
) -> impl Strategy<Value = T> {
    proptest::sample::select(all)
}

fn plan_entry() -> impl Strategy<Value = PlanEntry> {
    (text(40), proptest::option::of(instant()))
        .prop_map(|(text, updated_at)| PlanEntry { text, updated_at })
}

fn plan() -> impl Strategy<Value = RelationshipPlan> {
    (plan_entry(), plan_entry(), plan_entry(), plan_entry()).prop_map(
        |(purpose, partnership_idea, agreement, capacity)| RelationshipPlan {
            purpose,
            partnership_idea,
            agreement,
            capacity,
        },
    )
}

pub(crate) fn quality_check() -> impl Strategy<Value = QualityCheck> {
    let relationship_type = prop_oneof![
        Just(None),
        Just(Some(RelationshipType::Exchange)),
        Just(Some(RelationshipType::Communal)),
    ];
    (
        instant(),
        [1u8..=5, 1..=5, 1..=5, 1..=5],
        text(20),
        relationship_type,
    )
        .prop_map(|(at, ratings, note, relationship_type)| QualityCheck {
            at,
            trust: ratings[0],
            mutuality: ratings[1],
            commitment: ratings[2],
            satisfaction: ratings[3],
            note,
            relationship_type,
        })
}

fn tick() -> impl Strategy<Value = PromptTick> {
    (text(20), instant()).prop_map(|(prompt, at)| PromptTick { prompt, at })
}

/// A consistent journey: no move to the current stage, never back in time.
fn journey() -> impl Strategy<Value = StageJourney> {
    (
        vec((choice(Stage::ALL), 0i64..1_000_000_000, text(15)), 1..5),
        instant(),
    )
        .prop_map(|(steps, start)| {
            let mut history: Vec<StageMove> = Vec::new();
            let mut at = start;
            for (to, gap, reason) in steps {
                let from = history.last().map(|last| last.to);
                if from == Some(to) {
                    continue;
                }
                at = Timestamp::from_millis(at.millis() + gap);
                history.push(StageMove {
                    at,
                    from,
                    to,
                    reason,
                });
            }
            StageJourney { history }
        })
}

pub(crate) fn profile() -> impl Strategy<Value = ContactProfile> {
    (
        (
            name(),
            choice(ContactKind::ALL),
            text(20),
            choice(StakeholderType::ALL),
        ),
        (list(), list(), list(), text(20), list()),
        (list(), text(60), proptest::option::of(1..=MAX_CADENCE_DAYS)),
    )
        .prop_map(
            |(
                (name, kind, role, stakeholder),
                (interests, emails, phones, website, social),
                (tags, notes, cadence_days),
            )| ContactProfile {
                name,
                kind,
                organization: None,
                role,
                stakeholder,
                interests,
                channels: Channels {
                    emails,
                    phones,
                    website,
                    social,
                },
                tags,
                notes,
                cadence_days,
                custom_fields: BTreeMap::new(),
            },
        )
}

/// Settings with up to five custom fields (every kind), tag cadences and saved lists.
fn settings() -> impl Strategy<Value = LedgerSettings> {
    (
        vec(
            (
                text(12),
                choice(FieldKind::ALL),
                vec(name(), 1..4),
                any::<u64>(),
            ),
            0..5,
        ),
        vec((name(), 1u16..=MAX_CADENCE_DAYS), 0..4),
        vec(
            (
                name(),
                text(12),
                proptest::option::of(choice(Stage::ALL)),
                any::<u64>(),
            ),
            0..3,
        ),
    )
        .prop_map(|(fields, cadences, lists)| {
            let at = Timestamp::from_millis(1_700_000_000_000);
            let fields = fields
                .into_iter()
                .enumerate()
                .map(|(serial, (label, kind, choices, random))| {
                    // The serial keeps labels unique; choices are made distinct the same way.
                    let choices = choices
                        .into_iter()
                        .enumerate()
                        .map(|(index, choice)| format!("{}{index}", choice.trim()))
                        .collect();
                    FieldDefinition {
                        // Random like real ids, so two generated ledgers never share one.
                        id: FieldId::new(at, (u128::from(random) << 8) | serial as u128),
                        label: format!("{}#{serial}", label.trim()),
                        kind,
                        choices: if kind == FieldKind::Choice {
                            choices
                        } else {
                            Vec::new()
                        },
                    }
                })
                .collect();
            let saved_lists = lists
                .into_iter()
                .enumerate()
                .map(|(serial, (name, text, stage, random))| SavedList {
                    id: ListId::new(at, (u128::from(random) << 8) | serial as u128),
                    name,
                    query: ContactQuery {
                        text,
                        stage,
                        ..ContactQuery::default()
                    },
                })
                .collect();
            LedgerSettings {
                tag_cadences: cadences.into_iter().collect(),
                fields,
                saved_lists,
            }
        })
}

/// A value of `field` chosen by `seed`, valid for its kind.
fn field_value(field: &FieldDefinition, seed: u64) -> String {
    match field.kind {
        FieldKind::Text => format!("note {seed}"),
        FieldKind::Number => format!("{}.5", seed % 10_000),
        FieldKind::Date => NaiveDate::from_num_days_from_ce_opt(730_000 + (seed % 20_000) as i32)
            .map_or_else(String::new, |date| date.format("%Y-%m-%d").to_string()),
        FieldKind::Url => format!("https://example{}.org/", seed % 100),
        FieldKind::Choice => field.choices[(seed as usize) % field.choices.len()].clone(),
    }
}

/// A contact and, for a person, which organization (if any) it belongs to.
fn contact() -> impl Strategy<Value = (Contact, Option<Index>)> {
    (
        (profile(), journey(), plan()),
        (
            vec(quality_check(), 0..2),
            vec(tick(), 0..2),
            instant(),
            instant(),
        ),
        (
            any::<u64>(),
            proptest::option::of(any::<Index>()),
            proptest::option::of(date()),
        ),
    )
        .prop_map(
            |(
                (profile, journey, plan),
                (quality_checks, ticks, created_at, updated_at),
                (random, organization, snoozed_until),
            )| {
                let contact = Contact {
                    id: ContactId::new(created_at, u128::from(random)),
                    profile,
                    journey,
                    plan,
                    quality_checks,
                    ticks,
                    created_at,
                    updated_at,
                    snoozed_until,
                };
                (contact, organization)
            },
        )
}

pub(crate) fn details() -> impl Strategy<Value = InteractionDetails> {
    (
        (
            instant(),
            choice(Channel::ALL),
            choice(InteractionKind::ALL),
        ),
        (choice(Direction::ALL), text(60), text(30)),
        proptest::option::of((text(30), choice(PitchStatus::ALL))),
        (proptest::option::of(date()), text(20)),
    )
        .prop_map(
            |((at, channel, kind), (direction, summary, learned), pitch, (day, link))| {
                InteractionDetails {
                    day,
                    link,
                    at,
                    channel,
                    kind,
                    direction,
                    summary,
                    learned,
                    pitch: pitch.map(|(angle, status)| Pitch { angle, status }),
                }
            },
        )
}

/// An interaction's content and which contact it belongs to.
fn interaction() -> impl Strategy<Value = (Index, InteractionDetails, Timestamp, u64)> {
    (any::<Index>(), details(), instant(), any::<u64>())
}

/// A promise's content, its contact and, maybe, which of that contact's interactions.
type PromiseShape = (Index, Option<Index>, Promise);

fn promise() -> impl Strategy<Value = PromiseShape> {
    (
        (any::<Index>(), proptest::option::of(any::<Index>()), name()),
        (
            choice(&[Party::Me, Party::Them]),
            date(),
            choice(PromiseStatus::ALL),
        ),
        (proptest::option::of(instant()), instant(), any::<u64>()),
    )
        .prop_map(
            |((contact, interaction, what), (owed_by, due, status), (resolved_at, at, random))| {
                let promise = Promise {
                    id: PromiseId::new(at, u128::from(random)),
                    // Set when the shape is placed in a ledger.
                    contact: ContactId::new(at, 0),
                    interaction: None,
                    what,
                    owed_by,
                    due,
                    status,
                    resolved_at,
                    resolved_on: resolved_at.map(Timestamp::date_utc),
                    created_at: at,
                    updated_at: at,
                };
                (contact, interaction, promise)
            },
        )
}

/// Any consistent ledger of up to `contacts` contacts, with interactions and promises.
pub fn ledger(contacts: usize) -> impl Strategy<Value = Ledger> {
    (
        vec(contact(), 0..=contacts),
        vec(interaction(), 0..=contacts * 3),
        vec(promise(), 0..=contacts),
        settings(),
        vec(any::<u64>(), contacts),
    )
        .prop_map(|(contacts, interactions, promises, settings, seeds)| {
            build(contacts, interactions, promises, settings, &seeds)
        })
}

/// Places the shapes into one ledger: unique ids, memberships only from people to
/// organizations, promises linked only to their own contact's interactions.
fn build(
    contacts: Vec<(Contact, Option<Index>)>,
    interactions: Vec<(Index, InteractionDetails, Timestamp, u64)>,
    promises: Vec<PromiseShape>,
    settings: LedgerSettings,
    seeds: &[u64],
) -> Ledger {
    let mut records = LedgerRecords::default();
    let mut memberships = Vec::new();
    for (serial, (mut contact, organization)) in contacts.into_iter().enumerate() {
        // Each contact fills in the fields its seed's bits select.
        let seed = seeds.get(serial).copied().unwrap_or_default();
        for (bit, field) in settings.fields.iter().enumerate() {
            if seed & (1 << bit) != 0 {
                let value = field_value(field, seed >> 8);
                contact.profile.custom_fields.insert(field.id, value);
            }
        }
        // The low bits carry the serial number, so ids are unique whatever the random part.
        contact.id = ContactId::new(
            contact.created_at,
            (contact.id.as_u128() << 16) | serial as u128,
        );
        memberships.push(organization);
        records.contacts.push(contact);
    }
    let organizations: Vec<ContactId> = records
        .contacts
        .iter()
        .filter(|contact| contact.is_organization())
        .map(|contact| contact.id)
        .collect();
    for (contact, organization) in records.contacts.iter_mut().zip(memberships) {
        if contact.profile.kind == ContactKind::Person && !organizations.is_empty() {
            contact.profile.organization = organization.map(|index| *index.get(&organizations));
        }
    }
    records.settings = settings;
    if records.contacts.is_empty() {
        return Ledger::from_records(records).expect("an empty ledger is valid");
    }
    for (serial, (contact, details, at, random)) in interactions.into_iter().enumerate() {
        records.interactions.push(Interaction {
            id: InteractionId::new(at, (u128::from(random) << 16) | serial as u128),
            contact: contact.get(&records.contacts).id,
            details,
            created_at: at,
            updated_at: at,
        });
    }
    for (serial, (contact, interaction, mut promise)) in promises.into_iter().enumerate() {
        promise.id = PromiseId::new(
            promise.created_at,
            (promise.id.as_u128() << 16) | serial as u128,
        );
        promise.contact = contact.get(&records.contacts).id;
        let own: Vec<InteractionId> = records
            .interactions
            .iter()
            .filter(|candidate| candidate.contact == promise.contact)
            .map(|candidate| candidate.id)
            .collect();
        if !own.is_empty() {
            promise.interaction = interaction.map(|index| *index.get(&own));
        }
        records.promises.push(promise);
    }
    Ledger::from_records(records).expect("the strategy builds consistent ledgers")
}
