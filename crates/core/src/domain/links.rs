//! The links a contact's details open on a phone or computer: `mailto:`, `tel:` and web
//! addresses.
//!
//! An address is text the person typed or a file brought in, and a link's query adds to the
//! message it opens: `mailto:ada@example.org?bcc=someone@else.example` would copy a stranger
//! on every mail. So only text that reads as one address becomes a link, and it is
//! percent-encoded so that no character of it can reach the link's query or fragment; any
//! other text is shown as text.

/// The longest email address a mail server accepts (RFC 5321: 254 characters in a path).
const MAX_EMAIL_CHARS: usize = 254;

/// The longest local part (before the `@`) of an email address (RFC 5321).
const MAX_LOCAL_PART_CHARS: usize = 64;

/// The punctuation an address's local part may hold besides letters, digits and single dots
/// (RFC 5322's `atext`).
const LOCAL_PART_PUNCTUATION: &str = "!#$%&'*+-/=?^_`{|}~";

/// The characters a phone number is written with besides digits and a leading `+`; RFC 3966
/// keeps all but the spaces in a `tel:` link as visual separators.
const PHONE_SEPARATORS: [char; 5] = [' ', '-', '.', '(', ')'];

/// Fewest and most digits of a number worth dialling (an emergency number has 3; E.164
/// allows 15, a trunk prefix and an international prefix add a few).
const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 3..=20;

/// The `mailto:` link that writes to `address` and to no one else, or `None` when the text
/// is not one plain email address (`local@domain.example`): then it is shown as text.
pub fn mailto(address: &str) -> Option<String> {
    let address = address.trim();
    is_email_address(address).then(|| format!("mailto:{}", percent_encoded(address)))
}

/// The `tel:` link that dials `number`, or `None` when the text is not a phone number
/// (digits, an optional leading `+`, spaces, dashes, dots and brackets): then it is shown
/// as text.
pub fn tel(number: &str) -> Option<String> {
    let number = number.trim();
    let body = number.strip_prefix('+').unwrap_or(number);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let only_phone_characters = body
        .chars()
        .all(|c| c.is_ascii_digit() || PHONE_SEPARATORS.contains(&c));
    (only_phone_characters && PHONE_DIGITS.contains(&digits))
        .then(|| format!("tel:{}", number.replace(' ', "")))
}

/// Whether `text` is one address `local@domain`: a dot-atom local part (letters of any
/// script, digits, RFC 5322's punctuation, single dots between them) and a domain of at
/// least two dot-separated labels of letters, digits and inner hyphens. Quoted local parts
/// and address literals (`[192.0.2.1]`) are left out: nobody's contact list needs them.
fn is_email_address(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let local_char = |c: char| c.is_alphanumeric() || LOCAL_PART_PUNCTUATION.contains(c);
    let domain_label = |label: &str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    text.chars().count() <= MAX_EMAIL_CHARS
        && local.chars().count() <= MAX_LOCAL_PART_CHARS
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(local_char))
        && domain.contains('.')
        && domain.split('.').all(domain_label)
}

/// `text` with every byte but ASCII letters, digits, `-`, `.`, `_`, `~` and `@` written as
/// `%XX`: nothing left can end the address or start a query (`?`), a fragment (`#`), a
/// second recipient (`,`) or an escape of its own (`%`).
fn percent_encoded(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~@".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// `value` as an http(s) address, adding `https://` when no scheme is given; `None` when it
/// cannot be one (spaces, no host, another scheme).
pub fn web_address(value: &str) -> Option<String> {
    let lower = value.to_lowercase();
    let (address, rest) = if lower.starts_with("https://") || lower.starts_with("http://") {
        let rest_start = value.find("//").map_or(0, |at| at + 2);
        (value.to_owned(), &value[rest_start..])
    } else if lower.contains("://") || lower.starts_with("javascript:") {
        return None;
    } else {
        (format!("https://{value}"), value)
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_ok = !host.is_empty()
        && (host.contains('.') || host.starts_with("localhost"))
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':' | '@' | '_'));
    (host_ok && !value.chars().any(char::is_whitespace)).then_some(address)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_web_address_typed_without_a_scheme_gets_https() {
        assert_eq!(
            super::web_address("northwind.example/battery-story"),
            Some("https://northwind.example/battery-story".to_owned())
        );
        assert_eq!(super::web_address("javascript:alert(1)"), None);
        assert_eq!(super::web_address("the article on page 3"), None);
    }
    use super::*;

    #[test]
    fn a_plain_address_is_a_mailto_link() {
        assert_eq!(
            mailto("dana@example.org").as_deref(),
            Some("mailto:dana@example.org")
        );
        assert_eq!(
            mailto("  Dana.Whitfield@mail.example.co.uk ").as_deref(),
            Some("mailto:Dana.Whitfield@mail.example.co.uk"),
            "trimmed, case kept"
        );
    }

    #[test]
    fn text_that_adds_recipients_or_headers_is_no_link() {
        for hostile in [
            "ada@example.org?bcc=eve@evil.example",
            "ada@example.org?subject=Hi",
            "ada@example.org,eve@evil.example",
            "ada@example.org;eve@evil.example",
            "ada@example.org eve@evil.example",
            "ada@example.org#x",
            "ada@example.org&bcc=eve@evil.example",
            "ada@example.org%3Fbcc=eve@evil.example",
            "ada@example.org\nBcc: eve@evil.example",
            "Ada Lovelace <ada@example.org>",
            "javascript:alert(1)//@example.org",
        ] {
            assert_eq!(mailto(hostile), None, "{hostile:?}");
        }
    }

    #[test]
    fn what_is_not_an_address_is_no_link() {
        for text in [
            "",
            "   ",
            "ada",
            "@example.org",
            "ada@",
            "ada@localhost",
            "ada@example..org",
            "ada@.example.org",
            "ada@example.org.",
            "ada@-example.org",
            "ada@example-.org",
            ".ada@example.org",
            "ada.@example.org",
            "a..da@example.org",
            "\"ada\"@example.org",
            "ada@[192.0.2.1]",
        ] {
            assert_eq!(mailto(text), None, "{text:?}");
        }
        let long_local = format!("{}@example.org", "a".repeat(65));
        assert_eq!(mailto(&long_local), None);
        let long_domain = format!("ada@{}.org", "a".repeat(250));
        assert_eq!(mailto(&long_domain), None);
    }

    #[test]
    fn punctuation_an_address_may_hold_is_encoded_not_obeyed() {
        // `?`, `=` and `&` are allowed before the `@`; encoded, they stay part of the address.
        assert_eq!(
            mailto("what?bcc=eve&x@example.org").as_deref(),
            Some("mailto:what%3Fbcc%3Deve%26x@example.org")
        );
        assert_eq!(
            mailto("ada+press@example.org").as_deref(),
            Some("mailto:ada%2Bpress@example.org")
        );
        assert_eq!(
            mailto("100%#1@example.org").as_deref(),
            Some("mailto:100%25%231@example.org")
        );
        assert_eq!(
            mailto("léa.garcía@exämple.org").as_deref(),
            Some("mailto:l%C3%A9a.garc%C3%ADa@ex%C3%A4mple.org")
        );
    }

    #[test]
    fn every_link_holds_one_address_and_nothing_after_it() {
        for text in [
            "ada@example.org",
            "what?bcc=eve&x@example.org",
            "a/b{c}|d~e'f*g!h$i^j`k@example.org",
        ] {
            let link = mailto(text).expect("a link");
            let body = link.strip_prefix("mailto:").expect("mailto");
            assert_eq!(body.matches('@').count(), 1, "{link}");
            assert!(
                !body.contains(['?', '#', ',', ';', '&', '=', '/', ' ']),
                "{link}"
            );
        }
    }

    #[test]
    fn a_phone_number_is_a_tel_link_without_spaces() {
        assert_eq!(
            tel("+44 20 7946 0000").as_deref(),
            Some("tel:+442079460000")
        );
        assert_eq!(
            tel(" (555) 010-0199 ").as_deref(),
            Some("tel:(555)010-0199")
        );
        assert_eq!(tel("01.23.45.67.89").as_deref(), Some("tel:01.23.45.67.89"));
        assert_eq!(tel("112").as_deref(), Some("tel:112"));
    }

    #[test]
    fn what_is_not_a_phone_number_is_no_link() {
        for text in [
            "",
            "+",
            "12",
            "call Ada",
            "+44 20 7946 0000?body=x",
            "+44 20 7946 0000;phone-context=evil",
            "+44 20 7946 0000#1",
            "+44 20 7946 0000 ext. 12",
            "++44 20 7946 0000",
            "44+20",
            "javascript:alert(1)",
            "123456789012345678901",
            "١٢٣٤٥",
        ] {
            assert_eq!(tel(text), None, "{text:?}");
        }
    }
}
