//! A chosen file's bytes as text, decoded as the browser's own `TextDecoder` would and as
//! the import page once did on its thread: UTF-16 when the file starts with its byte-order
//! mark (spreadsheets' "Unicode text"), else UTF-8 when the bytes are valid UTF-8, else
//! Windows-1252, the encoding spreadsheets in Western Europe save CSV in, so "François"
//! does not arrive as "Fran�ois".
//!
//! Hand-written rather than `encoding_rs`: its decoders are chosen at run time, so every
//! encoding's tables (hundreds of KB, for CJK) would come into the worker's module for the
//! 32 characters Windows-1252 sets apart from Latin-1.

/// Windows-1252's characters for the bytes 0x80 to 0x9F, as the WHATWG Encoding Standard
/// maps them (the five it leaves undefined map to the C1 control of the same number). Every
/// other byte is the Unicode character of the same number.
const WINDOWS_1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// A file's text: UTF-16 after its byte-order mark, else UTF-8, else Windows-1252. A
/// byte-order mark is dropped; UTF-16 that is not whole is decoded with replacements.
pub fn decode_file_text(bytes: &[u8]) -> String {
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => text.strip_prefix('\u{FEFF}').unwrap_or(text).to_owned(),
            Err(_) => bytes.iter().map(|&byte| windows_1252(byte)).collect(),
        },
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks(2).map(|pair| match *pair {
        [first, second] => unit([first, second]),
        // An odd last byte is half a character.
        _ => 0xFFFD,
    });
    char::decode_utf16(units)
        .map(|decoded| decoded.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

fn windows_1252(byte: u8) -> char {
    match byte {
        0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_as_it_is_without_its_byte_order_mark() {
        assert_eq!(decode_file_text("François".as_bytes()), "François");
        assert_eq!(
            decode_file_text("\u{FEFF}Name,Email".as_bytes()),
            "Name,Email"
        );
    }

    #[test]
    fn what_is_not_utf8_is_windows_1252() {
        let latin = b"Fran\xe7ois L\xe9v\xeaque \x80 \x93quoted\x94 \x81";
        assert_eq!(
            decode_file_text(latin),
            "François Lévêque € \u{201C}quoted\u{201D} \u{0081}"
        );
    }

    #[test]
    fn utf16_is_read_after_its_byte_order_mark_either_way_round() {
        let text = "Name\tÉmile 😀";
        let little: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let big: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_file_text(&little), text);
        assert_eq!(decode_file_text(&big), text);
        // Half a character at the end, or a lone surrogate, is replaced, never a panic.
        assert_eq!(decode_file_text(&[0xFF, 0xFE, b'A', 0, b'B']), "A\u{FFFD}");
        assert_eq!(decode_file_text(&[0xFF, 0xFE, 0x00, 0xD8]), "\u{FFFD}");
    }
}
