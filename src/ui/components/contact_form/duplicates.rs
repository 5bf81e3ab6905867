//! The contacts a new one looks like, for the form to warn before it adds a look-alike.

use crate::domain::{ContactId, ContactProfile, Ledger};
use crate::formats::duplicates::{likely_duplicates_of, DuplicateReason};

/// The contacts `profile` looks like, each as a link's words: "Ada Lovelace (same email,
/// ada@example.org)".
pub fn duplicates_of(ledger: &Ledger, profile: &ContactProfile) -> Vec<(ContactId, String)> {
    likely_duplicates_of(ledger, profile)
        .into_iter()
        .filter_map(|(id, reason)| {
            let name = ledger.contact(id)?.profile.name.clone();
            Some((id, format!("{name} ({})", reason_words(&reason))))
        })
        .collect()
}

/// Why a new contact looks like an existing one, in a few words.
fn reason_words(reason: &DuplicateReason) -> String {
    match reason {
        DuplicateReason::SameEmail(email) => format!("same email, {email}"),
        DuplicateReason::SameNameAndOrganization => "same name and organization".to_owned(),
        DuplicateReason::SameNameOnly => "same name".to_owned(),
    }
}
