//! Instant search over contacts: every word typed must appear somewhere in the contact.

use super::contact::Contact;
use super::id::ContactId;
use super::ledger::Ledger;

/// The text a contact is found by, lowercased once: name, organization, role, interests,
/// tags, notes, purpose and channels.
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
    parts.push(profile.stakeholder.label());
    parts.join("\n").to_lowercase()
}

/// Whether every whitespace-separated word of `query` occurs in `haystack` (already
/// lowercased by [`search_text`]). An empty query matches everything.
pub fn matches(haystack: &str, query: &str) -> bool {
    query
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

/// The contacts matching `query`, sorted by name (case-insensitive).
pub fn find_contacts(ledger: &Ledger, query: &str) -> Vec<ContactId> {
    let mut found: Vec<(String, ContactId)> = ledger
        .contacts()
        .filter(|contact| {
            let organization = contact
                .profile
                .organization
                .and_then(|id| ledger.contact(id))
                .map(|org| org.profile.name.as_str());
            matches(&search_text(contact, organization), query)
        })
        .map(|contact| (contact.profile.name.to_lowercase(), contact.id))
        .collect();
    found.sort();
    found.into_iter().map(|(_, id)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn every_word_must_match() {
        let (ledger, _, ada, _) = ledger();
        assert_eq!(find_contacts(&ledger, "ada climate"), vec![ada]);
        assert!(find_contacts(&ledger, "ada berlin").is_empty());
    }
}
