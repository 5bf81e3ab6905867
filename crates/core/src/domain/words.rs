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

/// A number of days as a person says it: exact below a hundred ("1 day", "61 days", where
/// a cadence of 60 makes the difference), then in whole months up to two years
/// ("5 months"), then in whole years ("4 years").
pub fn days(count: i64) -> String {
    match count {
        ..=99 => {
            let count = usize::try_from(count).unwrap_or(0);
            counted(count, "day", "days")
        }
        100..=729 => format!("{} months", count / 30),
        _ => format!("{} years", count / 365),
    }
}

/// A mean to one decimal, halves rounded away from zero (3.25 is "3.3", where `{:.1}`
/// would round to even and say "3.2").
pub fn one_decimal(value: f64) -> String {
    format!("{:.1}", (value * 10.0).round() / 10.0)
}

/// Names in a sentence: "Ana", "Ana and Ben", "Ana, Ben and Chen", and for more than four,
/// the first three and how many others.
pub fn names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] if names.len() <= 4 => format!("{} and {last}", init.join(", ")),
        _ => format!(
            "{} and {}",
            names[..3].join(", "),
            counted(names.len() - 3, "other", "others")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::{counted, days, one_decimal, records};

    #[test]
    fn a_mean_rounds_its_halves_up() {
        assert_eq!(one_decimal(3.25), "3.3");
        assert_eq!(one_decimal(3.75), "3.8");
        assert_eq!(one_decimal(3.0), "3.0");
        assert_eq!(one_decimal(4.125), "4.1");
    }

    #[test]
    fn long_spans_read_in_months_then_years() {
        assert_eq!(days(0), "0 days");
        assert_eq!(days(1), "1 day");
        assert_eq!(days(61), "61 days");
        assert_eq!(days(99), "99 days");
        assert_eq!(days(100), "3 months");
        assert_eq!(days(729), "24 months");
        assert_eq!(days(730), "2 years");
        assert_eq!(days(1648), "4 years");
        assert_eq!(days(-3), "0 days");
    }

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

    #[test]
    fn names_read_as_a_sentence() {
        let names: Vec<String> = ["Ana", "Ben", "Chen", "Dee", "Eli"]
            .iter()
            .map(|name| (*name).to_owned())
            .collect();
        assert_eq!(super::names(&names[..1]), "Ana");
        assert_eq!(super::names(&names[..2]), "Ana and Ben");
        assert_eq!(super::names(&names[..4]), "Ana, Ben, Chen and Dee");
        assert_eq!(super::names(&names), "Ana, Ben, Chen and 2 others");
    }
}
