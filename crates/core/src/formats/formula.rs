//! Rows of an import that look like spreadsheet formulas (CSV injection): a name such as
//! `=HYPERLINK(…)` or `@SUM(1+1)` came from a spreadsheet cell, not from a person, and
//! would come back out as a live formula when the ledger is exported and opened in a
//! spreadsheet. The review flags them and leaves them out unless the person includes them.
//!
//! Real names start with these signs too ("-Dash", "+1 Media", "@ada"), so only `=` is
//! flagged on its own (a spreadsheet reads every `=` cell as a formula, and no name starts
//! with it); after `+`, `-` or `@` the rest must look like a formula as well: a call or a
//! DDE pipe (`(` or `|`), another operator, a cell reference (`A1`, `$B$2`), or arithmetic
//! on numbers and references (`1+1`).

use super::ImportedContact;

/// The field of a draft that looks like a formula.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormulaField {
    /// The contact's name.
    Name,
    /// The name of the organization a person belongs to.
    Organization,
}

impl FormulaField {
    /// The field in words, for the review.
    pub fn label(self) -> &'static str {
        match self {
            FormulaField::Name => "name",
            FormulaField::Organization => "organization",
        }
    }
}

/// One draft whose name or organization looks like a formula.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormulaRow {
    /// The draft's position in the import.
    pub imported: usize,
    /// The first field that looks like a formula.
    pub field: FormulaField,
    /// That field's text, as the file wrote it.
    pub text: String,
}

/// The signs a spreadsheet starts a formula with.
const SIGNS: [char; 4] = ['=', '+', '-', '@'];

/// Whether `text` looks like a spreadsheet formula rather than a name; see the module's
/// documentation for the rule.
pub fn looks_like_formula(text: &str) -> bool {
    let text = text.trim_start();
    let Some(sign) = text.chars().next().filter(|c| SIGNS.contains(c)) else {
        return false;
    };
    let rest = text[sign.len_utf8()..].trim_start();
    if rest.is_empty() {
        return false;
    }
    sign == '='
        || rest.contains(['(', '|'])
        || rest.starts_with(SIGNS)
        || cell_reference_len(rest).is_some()
        || is_arithmetic(rest)
}

/// The length of the cell reference `text` starts with (`A1`, `$AB$12`), if it does: one to
/// three letters then digits, not followed by a letter or digit ("R2D2" is no reference).
fn cell_reference_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = usize::from(bytes.first() == Some(&b'$'));
    let letters = bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    if !(1..=3).contains(&letters) {
        return None;
    }
    at += letters;
    at += usize::from(bytes.get(at) == Some(&b'$'));
    let digits = bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 {
        return None;
    }
    at += digits;
    match bytes.get(at) {
        Some(next) if next.is_ascii_alphanumeric() => None,
        _ => Some(at),
    }
}

/// Whether `text` is arithmetic: numbers and cell references joined by at least one
/// operator, nothing else but spaces ("1+1", "2*A1"; not "1 Media", not "44 20 7946").
fn is_arithmetic(text: &str) -> bool {
    const OPERATORS: [char; 7] = ['+', '-', '*', '/', '^', '&', '%'];
    let mut operators = 0;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(len) = cell_reference_len(rest) {
            rest = &rest[len..];
        } else if c.is_ascii_digit() || c == '.' || c == ',' || c == ' ' {
            rest = &rest[1..];
        } else if OPERATORS.contains(&c) {
            operators += 1;
            rest = &rest[1..];
        } else {
            return false;
        }
    }
    operators > 0
}

/// The drafts whose name, or organization's name, looks like a formula, in the file's order.
pub fn formula_rows(drafts: &[ImportedContact]) -> Vec<FormulaRow> {
    drafts
        .iter()
        .enumerate()
        .filter_map(|(imported, draft)| {
            [
                (FormulaField::Name, &draft.profile.name),
                (FormulaField::Organization, &draft.organization_name),
            ]
            .into_iter()
            .find(|(_, text)| looks_like_formula(text))
            .map(|(field, text)| FormulaRow {
                imported,
                field,
                text: text.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ContactKind, ContactProfile};

    #[test]
    fn formulas_are_flagged() {
        for text in [
            "@SUM(1+1)",
            "=1+1",
            "=HYPERLINK(\"http://evil.example\",\"Click\")",
            "  =A1",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "+1+1",
            "@A1",
            "-$B$2",
            "+=foo",
            "--1",
            "=Dash",
            "-SUM(A1:A3)",
            "@ 2*3",
        ] {
            assert!(looks_like_formula(text), "{text:?} should be flagged");
        }
    }

    #[test]
    fn real_names_that_start_with_a_sign_are_not_flagged() {
        for text in [
            "-Dash",
            "+1 Media",
            "@ada",
            "@ada.lovelace",
            "+44 20 7946 0000",
            "-1",
            "+",
            "-",
            "=",
            "- Dash & Co",
            "+R2D2 Fans",
            "@AB Agency",
            "Ana Lima",
            "O'Brien (PR)",
            "Smith-Jones",
            "",
            "é",
        ] {
            assert!(!looks_like_formula(text), "{text:?} should not be flagged");
        }
    }

    #[test]
    fn formula_rows_name_the_first_field_that_looks_like_one() {
        let draft = |name: &str, organization: &str| ImportedContact {
            profile: ContactProfile::named(name, ContactKind::Person),
            organization_name: organization.to_owned(),
            stage: None,
        };
        let drafts = vec![
            draft("Ana Lima", "Le Monde"),
            draft("Ben", "@SUM(1+1)"),
            draft("=1+1", "=2+2"),
            draft("-Dash", "+1 Media"),
        ];
        assert_eq!(
            formula_rows(&drafts),
            vec![
                FormulaRow {
                    imported: 1,
                    field: FormulaField::Organization,
                    text: "@SUM(1+1)".to_owned(),
                },
                FormulaRow {
                    imported: 2,
                    field: FormulaField::Name,
                    text: "=1+1".to_owned(),
                },
            ]
        );
    }
}
