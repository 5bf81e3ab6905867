//! Content lines, the syntax vCard (RFC 6350) and iCalendar (RFC 5545) share:
//! `NAME;PARAM=VALUE:value`, text values escaped, lines ended by CRLF and folded at 75
//! octets, a continuation line starting with one space.

/// The longest physical line, in octets, CRLF not counted.
const FOLD_OCTETS: usize = 75;

/// Escapes a text value: backslash, comma and semicolon get a backslash, and every line
/// break (CRLF, CR or LF) becomes `\n`.
pub fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ',' => escaped.push_str("\\,"),
            ';' => escaped.push_str("\\;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                escaped.push_str("\\n");
            }
            '\n' => escaped.push_str("\\n"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// Undoes [`escape_text`]: `\n` or `\N` is a line break, `\,` `\;` `\\` the character
/// itself; any other backslash is kept as written (vCard 3.0 writers are not all strict).
pub fn unescape_text(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            plain.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => plain.push('\n'),
            Some(escaped @ (',' | ';' | '\\' | ':')) => plain.push(escaped),
            Some(other) => {
                plain.push('\\');
                plain.push(other);
            }
            None => plain.push('\\'),
        }
    }
    plain
}

/// Splits a structured value (`N`, `ORG`, `CATEGORIES`) on unescaped `separator`s and
/// unescapes each part, lazily, so a hostile value of millions of separators costs no memory.
pub fn split_unescaped(value: &str, separator: char) -> impl Iterator<Item = String> + '_ {
    let mut rest = Some(value);
    std::iter::from_fn(move || {
        let text = rest?;
        let mut escaped = false;
        for (index, c) in text.char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == separator {
                rest = Some(&text[index + c.len_utf8()..]);
                return Some(unescape_text(&text[..index]));
            }
        }
        rest = None;
        Some(unescape_text(text))
    })
}

/// Appends `line` to `out`, folded into physical lines of at most 75 octets, each ended by
/// CRLF. Folds fall between characters, never inside one.
pub fn push_folded(out: &mut String, line: &str) {
    let mut room = FOLD_OCTETS;
    for c in line.chars() {
        if c.len_utf8() > room {
            out.push_str("\r\n ");
            // The leading space takes one octet of the continuation line.
            room = FOLD_OCTETS - 1;
        }
        out.push(c);
        room -= c.len_utf8();
    }
    out.push_str("\r\n");
}

/// Joins folded lines back into logical lines: a physical line starting with a space or a
/// tab continues the previous one. Accepts CRLF, LF or CR line ends. Each logical line comes
/// with the number of the physical line it starts on, from 1.
pub fn unfold(text: &str) -> Vec<(usize, String)> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (index, piece) in text.split('\n').enumerate() {
        if let Some(rest) = piece.strip_prefix([' ', '\t']) {
            if let Some((_, previous)) = lines.last_mut() {
                previous.push_str(rest);
                continue;
            }
        }
        if !piece.is_empty() {
            lines.push((index + 1, piece.to_owned()));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_the_four_special_characters_and_round_trips() {
        let text = "a,b;c\\d\ne\r\nf\rg";
        let escaped = escape_text(text);
        assert_eq!(escaped, "a\\,b\\;c\\\\d\\ne\\nf\\ng");
        assert_eq!(unescape_text(&escaped), "a,b;c\\d\ne\nf\ng");
    }

    #[test]
    fn structured_values_split_on_unescaped_separators_only() {
        let split = |value, separator| split_unescaped(value, separator).collect::<Vec<_>>();
        assert_eq!(
            split("Byron\\; Lovelace;Ada;;;", ';'),
            vec!["Byron; Lovelace", "Ada", "", "", ""]
        );
        assert_eq!(split("a\\,b,c", ','), vec!["a,b", "c"]);
        assert_eq!(split("", ','), vec![""]);
    }

    #[test]
    fn folding_keeps_lines_within_75_octets_and_never_splits_a_character() {
        let line = format!("NOTE:{}", "é".repeat(100));
        let mut out = String::new();
        push_folded(&mut out, &line);
        for physical in out.split("\r\n").filter(|piece| !piece.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = unfold(&out);
        assert_eq!(unfolded, vec![(1, line)]);
    }

    #[test]
    fn unfolding_accepts_every_line_end_and_counts_lines() {
        let text = "A:1\r\n B\nC:2\rD:3\r\n\r\nE:4";
        assert_eq!(
            unfold(text),
            vec![
                (1, "A:1B".to_owned()),
                (3, "C:2".to_owned()),
                (4, "D:3".to_owned()),
                (6, "E:4".to_owned()),
            ]
        );
    }
}
