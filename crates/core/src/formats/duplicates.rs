//! Likely duplicates among imported drafts: the same person already in the ledger, or twice
//! in the file.
//!
//! Two contacts are likely the same when they share an email address (case ignored), or
//! when their names are the same once case and spacing are ignored and their organizations'
//! names are too (both without an organization counts as the same). A draft with neither an
//! email nor an organization has nothing but its name to tell it apart, so the same name
//! alone makes it a likely duplicate. These are only shown to the person, who decides
//! whether to merge.
//!
//! A draft repeated many times in one file points at its first copy only, and at most a few
//! records are remembered under one email or name, so the list stays proportional to the
//! file even when every row shares an address.

use std::collections::HashMap;

use super::ImportedContact;
use crate::domain::ledger::limits;
use crate::domain::search::folded;
use crate::domain::{ContactId, ContactProfile, Ledger};

/// The record an imported draft likely duplicates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DuplicateOf {
    /// A contact already in the ledger.
    Existing(ContactId),
    /// An earlier draft of the same import, by its position.
    Imported(usize),
}

/// Why two contacts look like the same one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DuplicateReason {
    /// Both have this email address (as the draft writes it).
    SameEmail(String),
    /// Same name and same organization.
    SameNameAndOrganization,
    /// Same name, and the draft has no email or organization to tell them apart.
    SameNameOnly,
}

/// One likely duplicate: a draft and the record it resembles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LikelyDuplicate {
    /// The draft's position in the import.
    pub imported: usize,
    /// The record it resembles.
    pub of: DuplicateOf,
    /// Why.
    pub reason: DuplicateReason,
}

/// A name or organization compared without case, accents or extra spaces: "Léa  Moreau"
/// and "lea moreau" are the same name.
fn comparable(text: &str) -> String {
    folded(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Most records remembered under one email or one name: a file with the same address on
/// every row would otherwise make the list of duplicates grow with the square of its rows.
const RECORDS_PER_KEY: usize = 5;

/// Adds `record` to the records seen under one key, unless it is there already, the key is
/// full, or it is a draft and an earlier draft is there (later copies point at the first).
fn remember(list: &mut Vec<DuplicateOf>, record: DuplicateOf) {
    let is_draft = |of: &DuplicateOf| matches!(of, DuplicateOf::Imported(_));
    let earlier_draft = is_draft(&record) && list.iter().any(is_draft);
    if list.len() < RECORDS_PER_KEY && !earlier_draft && !list.contains(&record) {
        list.push(record);
    }
}

/// Who was seen so far, by email and by name with organization.
#[derive(Default)]
struct Seen {
    by_email: HashMap<String, Vec<DuplicateOf>>,
    by_name: HashMap<(String, String), Vec<DuplicateOf>>,
    by_name_only: HashMap<String, Vec<DuplicateOf>>,
}

impl Seen {
    fn add(&mut self, record: DuplicateOf, name: &str, organization: &str, emails: &[String]) {
        for email in emails {
            remember(
                self.by_email
                    .entry(email.trim().to_lowercase())
                    .or_default(),
                record,
            );
        }
        remember(
            self.by_name
                .entry((comparable(name), comparable(organization)))
                .or_default(),
            record,
        );
        remember(
            self.by_name_only.entry(comparable(name)).or_default(),
            record,
        );
    }

    /// Every record seen that `draft` resembles, each once, email matches first.
    fn matches(&self, imported: usize, draft: &ImportedContact) -> Vec<LikelyDuplicate> {
        let mut found: Vec<LikelyDuplicate> = Vec::new();
        let mut push = |of: DuplicateOf, reason: DuplicateReason| {
            if !found.iter().any(|known| known.of == of) {
                found.push(LikelyDuplicate {
                    imported,
                    of,
                    reason,
                });
            }
        };
        for email in &draft.profile.channels.emails {
            let key = email.trim().to_lowercase();
            for &of in self.by_email.get(&key).into_iter().flatten() {
                push(of, DuplicateReason::SameEmail(email.clone()));
            }
        }
        let key = (
            comparable(&draft.profile.name),
            comparable(&draft.organization_name),
        );
        for &of in self.by_name.get(&key).into_iter().flatten() {
            push(of, DuplicateReason::SameNameAndOrganization);
        }
        let nothing_else = draft.profile.channels.emails.is_empty()
            && draft.organization_name.trim().is_empty()
            && draft.profile.organization.is_none();
        if nothing_else {
            for &of in self.by_name_only.get(&key.0).into_iter().flatten() {
                push(of, DuplicateReason::SameNameOnly);
            }
        }
        found
    }
}

/// Every likely duplicate of the drafts, against the ledger's contacts and against the first
/// earlier draft of the same import that resembles each, in draft order.
pub fn likely_duplicates(ledger: &Ledger, drafts: &[ImportedContact]) -> Vec<LikelyDuplicate> {
    let mut seen = Seen::default();
    for contact in ledger.contacts() {
        let organization = contact
            .profile
            .organization
            .and_then(|id| ledger.contact(id))
            .map(|organization| organization.profile.name.as_str())
            .unwrap_or_default();
        seen.add(
            DuplicateOf::Existing(contact.id),
            &contact.profile.name,
            organization,
            &contact.profile.channels.emails,
        );
    }
    let mut duplicates = Vec::new();
    for (index, draft) in drafts.iter().enumerate() {
        duplicates.extend(seen.matches(index, draft));
        seen.add(
            DuplicateOf::Imported(index),
            &draft.profile.name,
            &draft.organization_name,
            &draft.profile.channels.emails,
        );
    }
    duplicates
}

/// The contacts of the ledger that a contact about to be added by hand likely duplicates,
/// each with why, by the same rules as an import.
pub fn likely_duplicates_of(
    ledger: &Ledger,
    profile: &ContactProfile,
) -> Vec<(ContactId, DuplicateReason)> {
    let organization = profile
        .organization
        .and_then(|id| ledger.contact(id))
        .map(|organization| organization.profile.name.as_str())
        .unwrap_or_default();
    let draft = ImportedContact::new(profile.clone(), organization);
    likely_duplicates(ledger, std::slice::from_ref(&draft))
        .into_iter()
        .filter_map(|duplicate| match duplicate.of {
            DuplicateOf::Existing(id) => Some((id, duplicate.reason)),
            DuplicateOf::Imported(_) => None,
        })
        .collect()
}

/// The existing contact's profile with what an imported copy of the same contact adds:
/// emails, phones, social handles, interests and tags it lacks (case ignored), and a role,
/// website or notes where it has none. Nothing already written is replaced or removed, and
/// every list stays within the ledger's limits, so merging a duplicate can only add.
pub fn fill_in(existing: &ContactProfile, draft: &ContactProfile) -> ContactProfile {
    fn join(list: &mut Vec<String>, extra: &[String]) {
        for entry in extra {
            let known = list
                .iter()
                .any(|have| have.trim().eq_ignore_ascii_case(entry.trim()));
            if !known && !entry.trim().is_empty() && list.len() < limits::LIST_ENTRIES {
                list.push(entry.clone());
            }
        }
    }
    fn fill(text: &mut String, extra: &str) {
        if text.trim().is_empty() {
            extra.clone_into(text);
        }
    }
    let mut merged = existing.clone();
    join(&mut merged.channels.emails, &draft.channels.emails);
    join(&mut merged.channels.phones, &draft.channels.phones);
    join(&mut merged.channels.social, &draft.channels.social);
    join(&mut merged.interests, &draft.interests);
    join(&mut merged.tags, &draft.tags);
    fill(&mut merged.role, &draft.role);
    fill(&mut merged.channels.website, &draft.channels.website);
    fill(&mut merged.notes, &draft.notes);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample::{generate, SampleSize};
    use crate::domain::{ContactKind, ContactProfile, Stage, Timestamp};
    use crate::formats::vcard::{import_vcards, vcards};

    const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);

    fn draft(name: &str, organization: &str, emails: &[&str]) -> ImportedContact {
        let mut profile = ContactProfile::named(name, ContactKind::Person);
        profile.channels.emails = emails.iter().map(|email| (*email).to_owned()).collect();
        ImportedContact::new(profile, organization)
    }

    fn ledger() -> (Ledger, ContactId, ContactId) {
        let mut ledger = Ledger::new();
        let outlet = ContactId::new(NOW, 1);
        ledger
            .add_contact(
                outlet,
                ContactProfile::named("Lagos Daily", ContactKind::Organization),
                Stage::Connection,
                NOW,
            )
            .expect("outlet");
        let mut amara = ContactProfile::named("Amara Okafor", ContactKind::Person);
        amara.organization = Some(outlet);
        amara.channels.emails = vec!["Amara@Example.com".into()];
        let amara_id = ContactId::new(NOW, 2);
        ledger
            .add_contact(amara_id, amara, Stage::Relationship, NOW)
            .expect("amara");
        (ledger, outlet, amara_id)
    }

    #[test]
    fn same_email_ignores_case() {
        let (ledger, _, amara) = ledger();
        let found = likely_duplicates(&ledger, &[draft("A. Okafor", "", &["amara@example.COM"])]);
        assert_eq!(
            found,
            vec![LikelyDuplicate {
                imported: 0,
                of: DuplicateOf::Existing(amara),
                reason: DuplicateReason::SameEmail("amara@example.COM".into()),
            }]
        );
    }

    #[test]
    fn a_contact_added_by_hand_is_checked_accents_ignored() {
        let (ledger, outlet, amara) = ledger();
        let mut typed = ContactProfile::named("Ámara Ókafor", ContactKind::Person);
        typed.organization = Some(outlet);
        assert_eq!(
            likely_duplicates_of(&ledger, &typed),
            vec![(amara, DuplicateReason::SameNameAndOrganization)]
        );
        let mut elsewhere = ContactProfile::named("Someone Else", ContactKind::Person);
        elsewhere.channels.emails = vec!["AMARA@example.com".into()];
        assert_eq!(
            likely_duplicates_of(&ledger, &elsewhere),
            vec![(
                amara,
                DuplicateReason::SameEmail("AMARA@example.com".into())
            )]
        );
        let stranger = ContactProfile::named("Ben Rossi", ContactKind::Person);
        assert!(likely_duplicates_of(&ledger, &stranger).is_empty());
    }

    #[test]
    fn same_name_needs_the_same_organization() {
        let (ledger, outlet, amara) = ledger();
        let drafts = [
            draft("amara  OKAFOR", "lagos daily", &[]),
            draft("Amara Okafor", "Other Paper", &[]),
            draft("lagos daily", "", &[]),
        ];
        let found = likely_duplicates(&ledger, &drafts);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].of, DuplicateOf::Existing(amara));
        assert_eq!(found[0].reason, DuplicateReason::SameNameAndOrganization);
        assert_eq!(
            (found[1].imported, found[1].of),
            (2, DuplicateOf::Existing(outlet))
        );
    }

    #[test]
    fn a_draft_with_nothing_but_a_name_matches_that_name() {
        let (ledger, _, amara) = ledger();
        let drafts = [
            draft("Amara  Okafor", "", &[]),
            draft("Amara Okafor", "Other Paper", &["other@example.org"]),
        ];
        let found = likely_duplicates(&ledger, &drafts);
        assert_eq!(
            found,
            vec![LikelyDuplicate {
                imported: 0,
                of: DuplicateOf::Existing(amara),
                reason: DuplicateReason::SameNameOnly,
            }],
            "an email and an organization of its own tell the second one apart"
        );
    }

    #[test]
    fn duplicates_within_the_import_point_at_the_earlier_draft_once() {
        let drafts = [
            draft("Ben Becker", "Wire", &["ben@wire.example"]),
            draft("Ben Becker", "Wire", &["BEN@wire.example"]),
        ];
        let found = likely_duplicates(&Ledger::new(), &drafts);
        assert_eq!(
            found,
            vec![LikelyDuplicate {
                imported: 1,
                of: DuplicateOf::Imported(0),
                reason: DuplicateReason::SameEmail("BEN@wire.example".into()),
            }]
        );
    }

    #[test]
    fn every_card_of_the_ledgers_own_export_is_found_again() {
        let ledger = generate(4, SampleSize::DEMO, NOW);
        let drafts = import_vcards(&vcards(&ledger)).expect("import");
        let found = likely_duplicates(&ledger, &drafts);
        for (index, contact) in ledger.contacts().enumerate() {
            assert!(
                found.iter().any(|duplicate| duplicate.imported == index
                    && duplicate.of == DuplicateOf::Existing(contact.id)),
                "{} not found",
                contact.profile.name
            );
        }
    }

    #[test]
    fn one_address_on_every_row_gives_a_list_proportional_to_the_rows() {
        let drafts: Vec<ImportedContact> = (0..2_000)
            .map(|index| draft(&format!("Person {index}"), "", &["same@example.com"]))
            .collect();
        let found = likely_duplicates(&Ledger::new(), &drafts);
        assert_eq!(found.len(), drafts.len() - 1);
        assert!(found
            .iter()
            .all(|duplicate| duplicate.of == DuplicateOf::Imported(0)));
    }

    #[test]
    fn filling_in_adds_what_is_missing_and_keeps_what_is_there() {
        let mut existing = ContactProfile::named("Amara Okafor", ContactKind::Person);
        existing.channels.emails = vec!["Amara@Example.com".into()];
        existing.role = "Editor".into();
        let mut incoming = existing.clone();
        incoming.channels.emails = vec!["amara@example.com".into(), "amara@home.example".into()];
        incoming.channels.phones = vec!["+234 1 555".into()];
        incoming.role = "Reporter".into();
        incoming.notes = "Met at the fair".into();
        let merged = fill_in(&existing, &incoming);
        assert_eq!(
            merged.channels.emails,
            vec![
                "Amara@Example.com".to_owned(),
                "amara@home.example".to_owned()
            ]
        );
        assert_eq!(merged.channels.phones, vec!["+234 1 555".to_owned()]);
        assert_eq!(merged.role, "Editor");
        assert_eq!(merged.notes, "Met at the fair");
        assert_eq!(
            fill_in(&merged, &incoming),
            merged,
            "filling in twice adds nothing more"
        );
    }

    #[test]
    fn filling_in_never_grows_a_list_past_the_limit() {
        let mut existing = ContactProfile::named("Full", ContactKind::Person);
        existing.tags = (0..limits::LIST_ENTRIES).map(|n| format!("t{n}")).collect();
        let mut incoming = ContactProfile::named("Full", ContactKind::Person);
        incoming.tags = vec!["one more".into()];
        assert_eq!(
            fill_in(&existing, &incoming).tags.len(),
            limits::LIST_ENTRIES
        );
    }
}
