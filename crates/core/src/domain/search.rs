//! Instant search over contacts: every word typed must appear somewhere in the contact.
//! The same words also find the logged interactions where a topic came up ([`mentions`]).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use unicode_normalization::char::decompose_canonical;

use super::contact::{Contact, StakeholderType};
use super::evidence::Evidence;
use super::id::{ContactId, InteractionId};
use super::interaction::Interaction;
use super::ledger::Ledger;
use super::stage::Stage;
use super::time::{Now, Timestamp};
use crate::sorting::{set_of, sort_by, sort_by_cached_key, sort_by_key};

/// The combining diacritical marks, which a letter's canonical decomposition puts after
/// its base letter (é is e and U+0301).
const COMBINING_MARKS: std::ops::RangeInclusive<char> = '\u{300}'..='\u{36f}';

/// Latin letters that have no decomposition, written as people type them without the
/// stroke or ligature ("Søren" is found by "soren", "Łukasz" by "lukasz").
const UNDECOMPOSED: [(char, &str); 9] = [
    ('ø', "o"),
    ('ł', "l"),
    ('đ', "d"),
    ('ħ', "h"),
    ('ı', "i"),
    ('ß', "ss"),
    ('æ', "ae"),
    ('œ', "oe"),
    ('þ', "th"),
];

/// `text` as search compares it: lowercased, each letter decomposed and its accents
/// dropped, so "lea" finds "Léa" and "Lea" alike.
pub fn folded(text: &str) -> String {
    let lower = text.to_lowercase();
    if lower.is_ascii() {
        return lower;
    }
    let mut folded = String::with_capacity(lower.len());
    for letter in lower.chars() {
        if let Some((_, plain)) = UNDECOMPOSED.iter().find(|(special, _)| *special == letter) {
            folded.push_str(plain);
            continue;
        }
        decompose_canonical(letter, |part| {
            if !COMBINING_MARKS.contains(&part) {
                folded.push(part);
            }
        });
    }
    folded
}

/// The text a contact is found by, [`folded`] once: name, organization, role, interests,
/// tags, notes, purpose, channels and custom field values.
pub fn search_text(contact: &Contact, organization_name: Option<&str>) -> String {
    let profile = &contact.profile;
    let mut parts: Vec<&str> = vec![
        &profile.name,
        &profile.role,
        &profile.notes,
        &contact.plan.purpose.text,
    ];
    parts.extend(organization_name);
    parts.extend(profile.interests.iter().map(String::as_str));
    parts.extend(profile.tags.iter().map(String::as_str));
    parts.extend(profile.channels.emails.iter().map(String::as_str));
    parts.extend(profile.channels.phones.iter().map(String::as_str));
    parts.extend(profile.channels.social.iter().map(String::as_str));
    parts.extend(profile.custom_fields.values().map(String::as_str));
    parts.push(profile.stakeholder.label());
    folded(&parts.join("\n"))
}

/// Whether every whitespace-separated word of `query` starts a word of `haystack` (already
/// [`folded`], as by [`search_text`]). An empty query matches everything.
pub fn matches(haystack: &str, query: &str) -> bool {
    let query = folded(query);
    holds_every(haystack, &words_of(&query))
}

/// The words of an already folded query.
fn words_of(query: &str) -> Vec<&str> {
    query.split_whitespace().collect()
}

/// Whether every one of `words` starts a word of `haystack` ("lea" finds "Léa Dubois",
/// not "release"; "example" finds "ada@example.org").
fn holds_every(haystack: &str, words: &[&str]) -> bool {
    words.iter().all(|word| {
        haystack.match_indices(word).any(|(at, _)| {
            haystack[..at]
                .chars()
                .next_back()
                .is_none_or(|before| !before.is_alphanumeric())
        })
    })
}

/// Contacts that need attention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attention {
    /// Quiet for longer than their keep-in-touch cadence.
    Quiet,
    /// With a promise of mine past its due date.
    Overdue,
}

/// How the contact list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// By name, A to Z.
    #[default]
    Name,
    /// Most recent one-to-one contact first; never contacted last.
    LastContact,
    /// Furthest along the path first (partnership, relationship, connection, target).
    Stage,
}

/// What the contact list shows: the words typed, the filters chosen, the order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactQuery {
    /// Words that must all appear in the contact (see [`search_text`]).
    pub text: String,
    /// Only this stage.
    pub stage: Option<Stage>,
    /// Only this stakeholder type.
    pub stakeholder: Option<StakeholderType>,
    /// Only contacts with this tag (case-insensitive).
    pub tag: Option<String>,
    /// Only contacts needing this kind of attention.
    pub attention: Option<Attention>,
    /// The order.
    pub sort: SortOrder,
}

/// Every tag in use, sorted case-insensitively, each once.
pub fn all_tags(ledger: &Ledger) -> Vec<String> {
    let mut tags: Vec<String> = ledger
        .contacts()
        .flat_map(|contact| contact.profile.tags.iter().cloned())
        .collect();
    sort_by_cached_key(&mut tags, |tag| tag.to_lowercase());
    tags.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    tags
}

fn needs(
    ledger: &Ledger,
    contact: &Contact,
    attention: Attention,
    carried_by_people: bool,
    now: Now,
) -> bool {
    let records = (
        ledger.interactions_of(contact.id),
        ledger.promises_of(contact.id),
    );
    let evidence = Evidence::with_records(ledger, contact, records, carried_by_people, now);
    match attention {
        // As Today counts them: a snoozed contact is not quiet until its snooze ends.
        Attention::Quiet => {
            evidence.cadence_days().is_some()
                && !evidence.within_cadence()
                && !contact.is_snoozed(now.today)
        }
        Attention::Overdue => evidence.my_overdue_promises() > 0,
    }
}

/// Every contact's search text and sort name, built once per ledger change, so that a
/// keystroke only scans prepared text instead of rebuilding it for every contact.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchIndex {
    /// `(contact, search text, lowercased name)`, in id order.
    entries: Vec<(ContactId, String, String)>,
}

impl SearchIndex {
    /// Prepares the search text ([`search_text`]) of every contact in `ledger`, with what
    /// its promises say.
    pub fn build(ledger: &Ledger) -> Self {
        let entries = ledger
            .contacts()
            .map(|contact| {
                let organization = contact
                    .profile
                    .organization
                    .and_then(|id| ledger.contact(id))
                    .map(|org| org.profile.name.as_str());
                let mut text = search_text(contact, organization);
                for promise in ledger.promises_of(contact.id) {
                    text.push('\n');
                    text.push_str(&folded(&promise.what));
                }
                (contact.id, text, contact.profile.name.to_lowercase())
            })
            .collect();
        SearchIndex { entries }
    }
}

/// The contacts `query` selects, in its order.
pub fn find(ledger: &Ledger, query: &ContactQuery, now: Now) -> Vec<ContactId> {
    find_indexed(ledger, &SearchIndex::build(ledger), query, now)
}

/// [`find`] over an index built from the same ledger.
pub fn find_indexed(
    ledger: &Ledger,
    index: &SearchIndex,
    query: &ContactQuery,
    now: Now,
) -> Vec<ContactId> {
    let text = folded(&query.text);
    let words = words_of(&text);
    let filters = Filters::of(query, ledger);
    let mut found: Vec<(&Contact, &str)> = index
        .entries
        .iter()
        .filter(|(_, haystack, _)| holds_every(haystack, &words))
        .filter_map(|(id, _, name)| ledger.contact(*id).map(|contact| (contact, name.as_str())))
        .filter(|(contact, _)| filters.pass(ledger, contact, now))
        .collect();
    let by_name = |(contact, name): &(&Contact, &str)| (name.to_string(), contact.id);
    match query.sort {
        SortOrder::Name => sort_by(&mut found, |a, b| (a.1, a.0.id).cmp(&(b.1, b.0.id))),
        SortOrder::Stage => sort_by(&mut found, |a, b| {
            (std::cmp::Reverse(a.0.stage()), a.1, a.0.id).cmp(&(
                std::cmp::Reverse(b.0.stage()),
                b.1,
                b.0.id,
            ))
        }),
        SortOrder::LastContact => sort_by_cached_key(&mut found, |entry| {
            (
                std::cmp::Reverse(ledger.last_contact_at(entry.0.id)),
                by_name(entry),
            )
        }),
    }
    found.into_iter().map(|(contact, _)| contact.id).collect()
}

/// What a query asks of a contact besides its words: stage, type, tag and attention.
struct Filters<'q> {
    query: &'q ContactQuery,
    /// The tag wanted, lowercased once.
    tag: Option<String>,
    /// With an attention filter: the organizations whose people are in the ledger (their
    /// cadence depends on it), found once rather than once per contact.
    with_people: BTreeSet<ContactId>,
}

impl<'q> Filters<'q> {
    fn of(query: &'q ContactQuery, ledger: &Ledger) -> Self {
        Filters {
            query,
            tag: query.tag.as_deref().map(str::to_lowercase),
            with_people: if query.attention.is_some() {
                ledger.organizations_with_people()
            } else {
                BTreeSet::new()
            },
        }
    }

    /// Whether the query asks anything besides words.
    fn any(&self) -> bool {
        let query = self.query;
        query.stage.is_some()
            || query.stakeholder.is_some()
            || self.tag.is_some()
            || query.attention.is_some()
    }

    /// Whether `contact` passes every filter.
    fn pass(&self, ledger: &Ledger, contact: &Contact, now: Now) -> bool {
        let query = self.query;
        query.stage.is_none_or(|stage| contact.stage() == stage)
            && query
                .stakeholder
                .is_none_or(|kind| contact.profile.stakeholder == kind)
            && self.tag.as_ref().is_none_or(|wanted| {
                contact
                    .profile
                    .tags
                    .iter()
                    .any(|tag| tag.to_lowercase() == *wanted)
            })
            && query.attention.is_none_or(|attention| {
                let carried_by_people = self.with_people.contains(&contact.id);
                needs(ledger, contact, attention, carried_by_people, now)
            })
    }
}

/// The fewest characters a search needs before interactions are searched: one letter
/// occurs in nearly every interaction.
pub const MENTION_MIN_CHARS: usize = 2;

/// Every logged interaction's words (what happened, what was learned, the pitch angle),
/// [`folded`] once per ledger change, newest first: so that a search can say in which
/// interactions a topic came up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InteractionIndex {
    /// `(interaction, its contact, its words folded)`, newest first.
    entries: Vec<(InteractionId, ContactId, String)>,
}

impl InteractionIndex {
    /// Prepares the words of every interaction in `ledger`.
    pub fn build(ledger: &Ledger) -> Self {
        let mut dated: Vec<(Timestamp, InteractionId, ContactId, String)> = ledger
            .interactions()
            .map(|interaction| {
                (
                    interaction.details.at,
                    interaction.id,
                    interaction.contact,
                    interaction_words(interaction),
                )
            })
            .collect();
        sort_by_key(&mut dated, |(at, id, _, _)| {
            (std::cmp::Reverse(*at), std::cmp::Reverse(*id))
        });
        InteractionIndex {
            entries: dated
                .into_iter()
                .map(|(_, id, contact, words)| (id, contact, words))
                .collect(),
        }
    }
}

/// The text an interaction is found by, [`folded`].
fn interaction_words(interaction: &Interaction) -> String {
    let details = &interaction.details;
    let mut text = String::with_capacity(details.summary.len() + details.learned.len() + 2);
    text.push_str(&details.summary);
    text.push('\n');
    text.push_str(&details.learned);
    if let Some(pitch) = &details.pitch {
        text.push('\n');
        text.push_str(&pitch.angle);
    }
    folded(&text)
}

/// The logged interactions a search found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mentions {
    /// How many interactions hold every word.
    pub total: usize,
    /// The newest of them, at most the number asked for.
    pub newest: Vec<InteractionId>,
}

/// The interactions whose words hold every word of `query`'s text, newest first, of
/// contacts that pass the query's other filters. A text shorter than
/// [`MENTION_MIN_CHARS`] finds none.
pub fn mentions(
    ledger: &Ledger,
    index: &InteractionIndex,
    query: &ContactQuery,
    now: Now,
    limit: usize,
) -> Mentions {
    let text = folded(query.text.trim());
    if text.chars().count() < MENTION_MIN_CHARS {
        return Mentions::default();
    }
    let words = words_of(&text);
    let filters = Filters::of(query, ledger);
    let passing = filters.any().then(|| {
        set_of(
            ledger
                .contacts()
                .filter(|contact| filters.pass(ledger, contact, now))
                .map(|contact| contact.id),
        )
    });
    let mut found = Mentions::default();
    let hits = index.entries.iter().filter(|(_, contact, haystack)| {
        passing.as_ref().is_none_or(|set| set.contains(contact)) && holds_every(haystack, &words)
    });
    for (id, _, _) in hits {
        if found.newest.len() < limit {
            found.newest.push(*id);
        }
        found.total += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contacts matching `text`, sorted by name (case-insensitive).
    fn find_contacts(ledger: &Ledger, text: &str) -> Vec<ContactId> {
        let query = ContactQuery {
            text: text.to_owned(),
            ..ContactQuery::default()
        };
        find(ledger, &query, Now::utc(Timestamp::default()))
    }
    use crate::domain::contact::{ContactKind, ContactProfile};
    use crate::domain::stage::Stage;
    use crate::domain::time::Timestamp;

    fn ledger() -> (Ledger, ContactId, ContactId, ContactId) {
        let now = Timestamp::from_millis(1_000);
        let mut ledger = Ledger::new();
        let outlet = ledger
            .add_contact(
                ContactId::new(now, 1),
                ContactProfile::named("TechWire", ContactKind::Organization),
                Stage::Connection,
                now,
            )
            .expect("outlet");
        let mut ada = ContactProfile::named("Ada Okafor", ContactKind::Person);
        ada.organization = Some(outlet);
        ada.interests = vec!["Climate tech".into()];
        let ada = ledger
            .add_contact(ContactId::new(now, 2), ada, Stage::Target, now)
            .expect("ada");
        let mut ben = ContactProfile::named("ben Rossi", ContactKind::Person);
        ben.tags = vec!["Berlin".into()];
        ben.notes = "Met at the fintech summit".into();
        let ben = ledger
            .add_contact(ContactId::new(now, 3), ben, Stage::Target, now)
            .expect("ben");
        (ledger, outlet, ada, ben)
    }

    #[test]
    fn empty_query_lists_everyone_by_name() {
        let (ledger, outlet, ada, ben) = ledger();
        assert_eq!(find_contacts(&ledger, "  "), vec![ada, ben, outlet]);
    }

    #[test]
    fn finds_by_organization_interest_tag_and_notes_ignoring_case() {
        let (ledger, outlet, ada, ben) = ledger();
        assert_eq!(find_contacts(&ledger, "techwire"), vec![ada, outlet]);
        assert_eq!(find_contacts(&ledger, "CLIMATE"), vec![ada]);
        assert_eq!(find_contacts(&ledger, "berlin"), vec![ben]);
        assert_eq!(find_contacts(&ledger, "fintech summit"), vec![ben]);
    }

    #[test]
    fn filters_by_stage_type_and_tag() {
        let (mut ledger, outlet, ada, ben) = ledger();
        let now = Now::utc(Timestamp::from_millis(1_000));
        let query = |change: &dyn Fn(&mut ContactQuery)| {
            let mut query = ContactQuery::default();
            change(&mut query);
            query
        };
        assert_eq!(
            find(&ledger, &query(&|q| q.stage = Some(Stage::Connection)), now),
            vec![outlet]
        );
        assert_eq!(
            find(&ledger, &query(&|q| q.tag = Some("BERLIN".into())), now),
            vec![ben]
        );
        let mut profile = ledger.contact(ada).expect("ada").profile.clone();
        profile.stakeholder = StakeholderType::Journalist;
        ledger
            .update_profile(ada, profile, Timestamp::from_millis(2_000))
            .expect("edit");
        assert_eq!(
            find(
                &ledger,
                &query(&|q| q.stakeholder = Some(StakeholderType::Journalist)),
                now
            ),
            vec![ada]
        );
        assert_eq!(all_tags(&ledger), vec!["Berlin"]);
    }

    #[test]
    fn sorts_by_stage_and_last_contact() {
        use crate::domain::id::InteractionId;
        use crate::domain::interaction::{Channel, Direction, InteractionDetails, InteractionKind};
        let (mut ledger, outlet, ada, ben) = ledger();
        let now = Now::utc(Timestamp::from_millis(1_000).plus_days(3));
        let by = |sort| ContactQuery {
            sort,
            ..ContactQuery::default()
        };
        assert_eq!(
            find(&ledger, &by(SortOrder::Stage), now),
            vec![outlet, ada, ben]
        );
        let details = InteractionDetails {
            day: None,
            link: String::new(),
            at: Timestamp::from_millis(1_000).plus_days(1),
            channel: Channel::Email,
            kind: InteractionKind::Conversation,
            direction: Direction::Inbound,
            summary: "Coffee".into(),
            learned: String::new(),
            pitch: None,
        };
        ledger
            .log_interaction(InteractionId::new(now.at, 5), ben, details, now.at)
            .expect("log");
        assert_eq!(
            find(&ledger, &by(SortOrder::LastContact), now),
            vec![ben, ada, outlet]
        );
    }

    #[test]
    fn attention_filters_find_quiet_and_overdue_contacts() {
        use crate::domain::id::PromiseId;
        use crate::domain::ledger::PromiseDraft;
        use crate::domain::promise::Party;
        let (mut ledger, outlet, ada, _) = ledger();
        let later = Now::utc(Timestamp::from_millis(1_000).plus_days(61));
        let quiet = ContactQuery {
            attention: Some(Attention::Quiet),
            ..ContactQuery::default()
        };
        // Targets have no cadence, nor has an organization unless one is set for it.
        assert_eq!(find(&ledger, &quiet, later), Vec::<ContactId>::new());
        let mut profile = ledger.contact(outlet).expect("outlet").profile.clone();
        profile.cadence_days = Some(60);
        ledger
            .update_profile(outlet, profile, Timestamp::from_millis(1_000))
            .expect("cadence");
        // A connection never contacted, 61 days on, with a 60-day cadence.
        assert_eq!(find(&ledger, &quiet, later), vec![outlet]);
        let draft = PromiseDraft {
            what: "Send the deck".into(),
            owed_by: Party::Me,
            due: Timestamp::from_millis(1_000).plus_days(2).date_utc(),
            interaction: None,
        };
        ledger
            .add_promise(PromiseId::new(later.at, 9), ada, draft, later.at)
            .expect("promise");
        let overdue = ContactQuery {
            attention: Some(Attention::Overdue),
            ..ContactQuery::default()
        };
        assert_eq!(find(&ledger, &overdue, later), vec![ada]);
    }

    #[test]
    fn mentions_find_interactions_by_every_word_newest_first() {
        use crate::domain::id::InteractionId;
        use crate::domain::interaction::{
            Channel, Direction, InteractionDetails, InteractionKind, Pitch, PitchStatus,
        };
        let (mut ledger, _, ada, ben) = ledger();
        let start = Timestamp::from_millis(1_000);
        let now = Now::utc(start.plus_days(10));
        let mut log = |contact, day, summary: &str, learned: &str, angle: Option<&str>| {
            let details = InteractionDetails {
                day: None,
                link: String::new(),
                at: start.plus_days(day),
                channel: Channel::Email,
                kind: InteractionKind::Conversation,
                direction: Direction::Outbound,
                summary: summary.into(),
                learned: learned.into(),
                pitch: angle.map(|angle| Pitch {
                    angle: angle.into(),
                    status: PitchStatus::Sent,
                }),
            };
            let id = InteractionId::new(start.plus_days(day), day.unsigned_abs().into());
            ledger
                .log_interaction(id, contact, details, now.at)
                .expect("log")
        };
        let coffee = log(
            ben,
            1,
            "Coffee at the summit",
            "Planning a fintech launch",
            None,
        );
        let report = log(
            ada,
            2,
            "Sent the climate report",
            "",
            Some("Fintech and Climate"),
        );
        log(ada, 3, "Thanked her for the feature", "", None);
        let index = InteractionIndex::build(&ledger);
        let search = |text: &str, limit| {
            let query = ContactQuery {
                text: text.to_owned(),
                ..ContactQuery::default()
            };
            mentions(&ledger, &index, &query, now, limit)
        };
        assert_eq!(
            search("fintech", 10),
            Mentions {
                total: 2,
                newest: vec![report, coffee]
            }
        );
        assert_eq!(search(" FINTECH climate ", 10).newest, vec![report]);
        assert_eq!(
            search("fintech", 1),
            Mentions {
                total: 2,
                newest: vec![report]
            }
        );
        assert_eq!(
            search("f", 10),
            Mentions::default(),
            "one letter is too short"
        );
        assert_eq!(
            search("berlin", 10),
            Mentions::default(),
            "a tag is not an interaction"
        );
        let only_ben = ContactQuery {
            text: "fintech".into(),
            tag: Some("berlin".into()),
            ..ContactQuery::default()
        };
        assert_eq!(
            mentions(&ledger, &index, &only_ben, now, 10).newest,
            vec![coffee]
        );
    }

    #[test]
    fn accents_and_case_are_ignored_both_ways() {
        let (mut ledger, _, ada, _) = ledger();
        let mut profile = ledger.contact(ada).expect("ada").profile.clone();
        profile.name = "Léa Dubois-O'Brien".into();
        profile.interests = vec!["ÉNERGIE".into()];
        ledger
            .update_profile(ada, profile, Timestamp::from_millis(2_000))
            .expect("edit");
        assert_eq!(find_contacts(&ledger, "lea"), vec![ada]);
        assert_eq!(find_contacts(&ledger, "LÉA énergie"), vec![ada]);
        assert_eq!(folded("Çağla Øre ﬁn"), "cagla ore ﬁn");
        assert_eq!(folded("Łukasz Dvořák, Straße"), "lukasz dvorak, strasse");
        assert!(matches(&folded("Zoë Müller"), "zoe mul"));
    }

    #[test]
    fn words_are_found_from_their_start_and_in_promises() {
        use crate::domain::id::PromiseId;
        use crate::domain::ledger::PromiseDraft;
        use crate::domain::promise::Party;
        let (mut ledger, outlet, ada, ben) = ledger();
        assert_eq!(
            find_contacts(&ledger, "tech"),
            vec![ada, outlet],
            "not fintech"
        );
        assert_eq!(find_contacts(&ledger, "summit"), vec![ben]);
        assert!(find_contacts(&ledger, "ummit").is_empty());
        let draft = PromiseDraft {
            what: "Send the embargo list".into(),
            owed_by: Party::Me,
            due: Timestamp::from_millis(1_000).plus_days(2).date_utc(),
            interaction: None,
        };
        ledger
            .add_promise(
                PromiseId::new(Timestamp::from_millis(1_000), 9),
                ada,
                draft,
                Timestamp::from_millis(1_000),
            )
            .expect("promise");
        assert_eq!(find_contacts(&ledger, "embargo"), vec![ada]);
    }

    #[test]
    fn every_word_must_match() {
        let (ledger, _, ada, _) = ledger();
        assert_eq!(find_contacts(&ledger, "ada climate"), vec![ada]);
        assert!(find_contacts(&ledger, "ada berlin").is_empty());
    }
}
