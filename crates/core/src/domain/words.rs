//! Counts in plain words, for every message that names how many of something.

/// "1 contact", "3 contacts": the count with the noun that agrees with it.
pub fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// "1 contact, 12 interactions and 0 promises": the size of a ledger or of part of one.
pub fn records(contacts: usize, interactions: usize, promises: usize) -> String {
    format!(
        "{}, {} and {}",
        counted(contacts, "contact", "contacts"),
        counted(interactions, "interaction", "interactions"),
        counted(promises, "promise", "promises")
    )
}

#[cfg(test)]
mod tests {
    use super::{counted, records};

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(counted(1, "contact", "contacts"), "1 contact");
        assert_eq!(counted(0, "contact", "contacts"), "0 contacts");
        assert_eq!(counted(12, "entry", "entries"), "12 entries");
    }

    #[test]
    fn records_name_all_three_kinds() {
        assert_eq!(
            records(1, 12, 0),
            "1 contact, 12 interactions and 0 promises"
        );
    }
}
