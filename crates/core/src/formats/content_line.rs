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

/// The character set a vCard 2.1 `CHARSET` parameter names, as far as the import tells them
/// apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charset {
    /// No `CHARSET` parameter: UTF-8 when the bytes are UTF-8, else windows-1252, which is
    /// what Outlook writes without saying so.
    Unnamed,
    /// `UTF-8`.
    Utf8,
    /// `ISO-8859-1`, `windows-1252` or `US-ASCII`, read as windows-1252 the way browsers
    /// read all three.
    Latin1,
    /// Any other label: read as UTF-8 when the bytes are UTF-8.
    Other,
}

impl Charset {
    /// The charset a `CHARSET` label names; labels are case-insensitive.
    pub fn from_label(label: &str) -> Self {
        const LATIN1: [&str; 9] = [
            "iso-8859-1",
            "iso8859-1",
            "iso_8859-1",
            "latin1",
            "l1",
            "windows-1252",
            "cp1252",
            "us-ascii",
            "ascii",
        ];
        let label = label.trim().trim_matches('"');
        if label.eq_ignore_ascii_case("utf-8") || label.eq_ignore_ascii_case("utf8") {
            Charset::Utf8
        } else if LATIN1.iter().any(|known| label.eq_ignore_ascii_case(known)) {
            Charset::Latin1
        } else {
            Charset::Other
        }
    }
}

/// Decodes a quoted-printable value (RFC 2045, section 6.7) whose soft line breaks are
/// already joined, its bytes read in `charset`.
///
/// Never fails: an `=` not followed by two hex digits is kept as written, as RFC 2045 asks of
/// a robust decoder, and when the bytes are not text in the charset (UTF-8 cut in half, say)
/// the whole value is kept as written rather than guessed at.
pub fn decode_quoted_printable(value: &str, charset: Charset) -> String {
    let mut bytes = Vec::with_capacity(value.len());
    for piece in qp_pieces(value) {
        match piece {
            QpPiece::Byte(byte) => bytes.push(byte),
            QpPiece::Text(text) => bytes.extend_from_slice(text.as_bytes()),
        }
    }
    match charset {
        Charset::Latin1 => decode_windows_1252(value),
        Charset::Utf8 | Charset::Other => {
            String::from_utf8(bytes).unwrap_or_else(|_| value.to_owned())
        }
        Charset::Unnamed => String::from_utf8(bytes).unwrap_or_else(|_| decode_windows_1252(value)),
    }
}

/// A stretch of a quoted-printable value: one escaped byte or text as written.
enum QpPiece<'a> {
    Byte(u8),
    Text(&'a str),
}

fn qp_pieces(value: &str) -> impl Iterator<Item = QpPiece<'_>> {
    let mut rest = value;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if let Some(escape) = rest.strip_prefix('=') {
            let hex = escape
                .get(..2)
                .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()));
            if let Some(byte) = hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                rest = &escape[2..];
                return Some(QpPiece::Byte(byte));
            }
            let text = &rest[..1];
            rest = escape;
            return Some(QpPiece::Text(text));
        }
        let end = rest.find('=').unwrap_or(rest.len());
        let (text, tail) = rest.split_at(end);
        rest = tail;
        Some(QpPiece::Text(text))
    })
}

/// Quoted-printable read as windows-1252, a superset of ISO-8859-1 that is a plain table:
/// written by hand because `encoding_rs`, which knows every charset, would add far more to
/// the wasm than the rest of the import.
fn decode_windows_1252(value: &str) -> String {
    /// 0x80 to 0x9F; the five bytes windows-1252 leaves unassigned keep their C1 code point,
    /// as browsers do.
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}',
        '\u{178}',
    ];
    let mut text = String::with_capacity(value.len());
    for piece in qp_pieces(value) {
        match piece {
            QpPiece::Byte(byte @ 0x80..=0x9F) => text.push(HIGH[usize::from(byte - 0x80)]),
            QpPiece::Byte(byte) => text.push(char::from(byte)),
            QpPiece::Text(written) => text.push_str(written),
        }
    }
    text
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

    #[test]
    fn quoted_printable_decodes_bytes_in_the_named_charset() {
        assert_eq!(
            decode_quoted_printable("Gon=C3=A7alves", Charset::Utf8),
            "Gonçalves"
        );
        assert_eq!(
            decode_quoted_printable("M=FCller", Charset::Latin1),
            "Müller"
        );
        assert_eq!(decode_quoted_printable("=80=93=ff", Charset::Latin1), "€“ÿ");
        assert_eq!(
            decode_quoted_printable("M=FCller", Charset::Unnamed),
            "Müller"
        );
        assert_eq!(decode_quoted_printable("=C3=A7", Charset::Unnamed), "ç");
        assert_eq!(
            decode_quoted_printable("=C3=A7", Charset::from_label("x-mac")),
            "ç"
        );
        assert_eq!(Charset::from_label("Windows-1252"), Charset::Latin1);
        assert_eq!(Charset::from_label("\"utf-8\""), Charset::Utf8);
    }

    #[test]
    fn malformed_quoted_printable_is_kept_as_written() {
        for value in [
            "=",
            "==",
            "=Z",
            "=4",
            "a=\u{e9}b",
            "=C3",
            "\u{e9}=",
            "=E2=80",
        ] {
            let decoded = decode_quoted_printable(value, Charset::Utf8);
            assert_eq!(decoded, value, "{value:?}");
            let _ = decode_quoted_printable(value, Charset::Latin1);
            let _ = decode_quoted_printable(value, Charset::Unnamed);
        }
        assert_eq!(decode_quoted_printable("x=ZZ=41", Charset::Latin1), "x=ZZA");
    }
}
