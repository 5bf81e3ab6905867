//! What replacing the ledger with an imported file removes: the records here that the file
//! does not hold, by id. A replace asks again with these counts in words, so nobody loses
//! eleven contacts to a file from last month without being told.

use std::collections::BTreeSet;

use super::ledger::Ledger;
use super::words::counted;

/// How many contact names (at most) [`ReplaceImpact::removed_names`] keeps.
pub const NAMES_KEPT: usize = 5;

/// The records of the current ledger a replace removes: those the file has no record of
/// with the same id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplaceImpact {
    /// Contacts here and not in the file.
    pub contacts: usize,
    /// Interactions here and not in the file.
    pub interactions: usize,
    /// Promises here and not in the file.
    pub promises: usize,
    /// The first removed contacts' names, in the ledger's order, at most [`NAMES_KEPT`].
    pub removed_names: Vec<String>,
}

impl ReplaceImpact {
    /// Whether the replace removes nothing (it may still change records the file holds too).
    pub fn removes_nothing(&self) -> bool {
        self.contacts == 0 && self.interactions == 0 && self.promises == 0
    }

    /// The impact in one sentence: "11 contacts and 4 interactions in your ledger are not in
    /// the file and will be removed." Kinds with nothing removed are not named.
    pub fn sentence(&self) -> String {
        let parts: Vec<String> = [
            (self.contacts, "contact", "contacts"),
            (self.interactions, "interaction", "interactions"),
            (self.promises, "promise", "promises"),
        ]
        .into_iter()
        .filter(|(count, _, _)| *count > 0)
        .map(|(count, one, many)| counted(count, one, many))
        .collect();
        let total = self.contacts + self.interactions + self.promises;
        match parts.as_slice() {
            [] => "Everything in your ledger is also in the file: nothing will be removed, and \
                   your copies are replaced by the file's."
                .to_owned(),
            [only] => format!(
                "{only} in your ledger {} not in the file and will be removed.",
                if total == 1 { "is" } else { "are" }
            ),
            [first @ .., last] => format!(
                "{} and {last} in your ledger are not in the file and will be removed.",
                first.join(", ")
            ),
        }
    }
}

/// What replacing `current` with `incoming` removes.
pub fn replace_impact(current: &Ledger, incoming: &Ledger) -> ReplaceImpact {
    let contacts: BTreeSet<_> = incoming.contacts().map(|contact| contact.id).collect();
    let interactions: BTreeSet<_> = incoming.interactions().map(|record| record.id).collect();
    let promises: BTreeSet<_> = incoming.promises().map(|promise| promise.id).collect();
    let mut impact = ReplaceImpact::default();
    for contact in current.contacts().filter(|c| !contacts.contains(&c.id)) {
        impact.contacts += 1;
        if impact.removed_names.len() < NAMES_KEPT {
            impact.removed_names.push(contact.profile.name.clone());
        }
    }
    impact.interactions = current
        .interactions()
        .filter(|record| !interactions.contains(&record.id))
        .count();
    impact.promises = current
        .promises()
        .filter(|promise| !promises.contains(&promise.id))
        .count();
    impact
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample::{generate, SampleSize};
    use crate::domain::{ContactId, ContactKind, ContactProfile, Stage, Timestamp};

    const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);

    fn named(ledger: &mut Ledger, sequence: u128, name: &str) {
        ledger
            .add_contact(
                ContactId::new(NOW, sequence),
                ContactProfile::named(name, ContactKind::Person),
                Stage::Connection,
                NOW,
            )
            .expect("add");
    }

    #[test]
    fn contacts_here_and_not_in_the_file_are_counted_and_named() {
        let mut incoming = Ledger::new();
        named(&mut incoming, 1, "Ana Lima");
        let mut current = incoming.clone();
        for sequence in 2..=12 {
            named(&mut current, sequence, &format!("Person {sequence}"));
        }
        // Only in the file: added by the replace, not removed.
        named(&mut incoming, 99, "Only In The File");
        let impact = replace_impact(&current, &incoming);
        assert_eq!(impact.contacts, 11);
        assert_eq!((impact.interactions, impact.promises), (0, 0));
        assert_eq!(
            impact.removed_names,
            vec!["Person 2", "Person 3", "Person 4", "Person 5", "Person 6"]
        );
        assert_eq!(
            impact.sentence(),
            "11 contacts in your ledger are not in the file and will be removed."
        );
    }

    #[test]
    fn a_file_holding_everything_removes_nothing() {
        let ledger = generate(3, SampleSize::DEMO, NOW);
        let impact = replace_impact(&ledger, &ledger);
        assert!(impact.removes_nothing());
        assert!(impact
            .sentence()
            .starts_with("Everything in your ledger is also in the file"));
    }

    #[test]
    fn an_empty_file_removes_every_record_and_says_each_kind() {
        let ledger = generate(3, SampleSize::DEMO, NOW);
        let crate::domain::Counts {
            contacts,
            interactions,
            promises,
        } = ledger.counts();
        let impact = replace_impact(&ledger, &Ledger::new());
        assert_eq!(
            (impact.contacts, impact.interactions, impact.promises),
            (contacts, interactions, promises)
        );
        assert_eq!(
            impact.sentence(),
            format!(
                "{contacts} contacts, {interactions} interactions and {promises} promises in \
                 your ledger are not in the file and will be removed."
            )
        );
    }

    #[test]
    fn one_record_reads_in_the_singular() {
        let mut current = Ledger::new();
        named(&mut current, 1, "Ana Lima");
        let impact = replace_impact(&current, &Ledger::new());
        assert_eq!(
            impact.sentence(),
            "1 contact in your ledger is not in the file and will be removed."
        );
        let two_kinds = ReplaceImpact {
            contacts: 1,
            interactions: 2,
            ..ReplaceImpact::default()
        };
        assert_eq!(
            two_kinds.sentence(),
            "1 contact and 2 interactions in your ledger are not in the file and will be removed."
        );
    }
}
