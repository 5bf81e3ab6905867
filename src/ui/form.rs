//! Turning form text into domain values and back: pure, so it is tested natively.

use chrono::NaiveDate;

use crate::domain::{parse_iso_day, DayFormat};

/// Splits a comma- or newline-separated field into trimmed, non-empty entries.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', '\n', ';'])
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Shows a list in one field, the way [`split_list`] reads it back.
pub fn join_list(list: &[String]) -> String {
    list.join(", ")
}

/// Reads an optional number of days; blank means "use the default".
pub fn parse_cadence(text: &str) -> Result<Option<u16>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u16>() {
        Ok(days) if (1..=3650).contains(&days) => Ok(Some(days)),
        _ => Err("The keep-in-touch cadence is a number of days between 1 and 3650.".to_owned()),
    }
}

/// The email addresses typed, or what is wrong with the first new one that is not one: an
/// address has one `@` with a name before it and a domain with a dot after it, and no
/// spaces. Addresses the contact already had (`kept`, imported long ago, say) pass as they
/// are, so an edit of another field never stops on them; the ledger itself does not check.
pub fn parse_emails(text: &str, kept: &[String]) -> Result<Vec<String>, String> {
    let emails = split_list(text);
    let wrong = emails
        .iter()
        .find(|email| !kept.contains(email) && !looks_like_email(email));
    match wrong {
        Some(wrong) => Err(format!(
            "\u{201c}{wrong}\u{201d} does not look like an email address (name@example.org)."
        )),
        None => Ok(emails),
    }
}

fn looks_like_email(text: &str) -> bool {
    let Some((name, domain)) = text.split_once('@') else {
        return false;
    };
    !name.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

/// A calendar day as the app shows it: "22 Nov 2026".
pub fn day_label(day: NaiveDate) -> String {
    DayFormat::DayMonYear.of(day).to_string()
}

/// Reads a date field (`YYYY-MM-DD`, as `<input type=date>` gives it).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    parse_iso_day(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_commas_newlines_and_semicolons() {
        assert_eq!(
            split_list(" a@x.org, b@y.org\n\n;c "),
            vec!["a@x.org", "b@y.org", "c"]
        );
        assert_eq!(
            split_list(join_list(&["x".into(), "y z".into()]).as_str()),
            vec!["x", "y z"]
        );
    }

    #[test]
    fn emails_are_checked_for_their_shape_only() {
        assert_eq!(
            parse_emails("ada@example.org, b.c+press@mail.example.co.uk", &[]),
            Ok(vec![
                "ada@example.org".to_owned(),
                "b.c+press@mail.example.co.uk".to_owned()
            ])
        );
        assert_eq!(parse_emails("  ", &[]), Ok(Vec::new()));
        let kept = ["desk at wired".to_owned()];
        assert_eq!(
            parse_emails("desk at wired", &kept),
            Ok(kept.to_vec()),
            "an address the contact had passes as it is"
        );
        for wrong in [
            "not an email",
            "ada@",
            "@example.org",
            "ada@example",
            "ada@@example.org",
            "ada@example.org.",
            "ada lovelace@example.org",
        ] {
            assert!(parse_emails(wrong, &[]).is_err(), "{wrong}");
        }
        assert_eq!(
            parse_emails("ada@example.org, not an email", &[]),
            Err("\u{201c}not an email\u{201d} does not look like an email address (name@example.org).".to_owned())
        );
    }

    #[test]
    fn cadence_is_blank_or_a_sane_number() {
        assert_eq!(parse_cadence(""), Ok(None));
        assert_eq!(parse_cadence(" 30 "), Ok(Some(30)));
        assert!(parse_cadence("0").is_err());
        assert!(parse_cadence("soon").is_err());
    }

    #[test]
    fn days_read_short() {
        assert_eq!(
            day_label(NaiveDate::from_ymd_opt(2026, 11, 2).expect("date")),
            "2 Nov 2026"
        );
    }

    #[test]
    fn dates_from_date_inputs() {
        assert_eq!(
            parse_date("2026-11-22"),
            NaiveDate::from_ymd_opt(2026, 11, 22)
        );
        assert_eq!(parse_date("22/11/2026"), None);
    }
}
