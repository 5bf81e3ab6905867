//! How records become text that localStorage keeps: postcard, then LZ4 (zlib before
//! schema version 4), then 15 bits per UTF-16 code unit.
//!
//! localStorage stores strings and counts its quota in UTF-16 code units, so the densest
//! safe text packs as many bits as possible into each unit. Fifteen bits per unit, mapped to
//! printable characters below the surrogate range, beats Base64 (6 bits per unit) by a factor
//! of 2.5 and never produces a lone surrogate, which would not survive the trip between
//! JavaScript strings and Rust's UTF-8.
//!
//! A packed text is one header character followed by the data units:
//! - the header is `'A' + p`, where `p` (0 to 14) is the number of zero padding bits at the
//!   end of the last unit, so the exact byte count is recovered;
//! - each data unit holds 15 bits, most significant first, as a printable character: values
//!   0 to 0x5E become U+0020 to U+007E, the rest U+00A0 to U+8040. The C0 and C1 control
//!   characters and DEL are skipped, so no unit is ever a control character or a surrogate.
//!
//! Decoding checks every character, the padding, the checksum and that postcard used every
//! byte, and refuses anything off with a [`CodecError`] instead of panicking.

use miniz_oxide::inflate::core::{decompress as inflate, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;
use serde::de::DeserializeOwned;
use serde::Serialize;
use thiserror::Error;

/// The first byte of an LZ4-compressed text, which tells it from a zlib stream: a zlib
/// stream's first byte always has 8 (deflate) in its low four bits, and this has 0xC.
///
/// Since schema version 4 a text is that byte, the inflated length and the Adler-32
/// checksum of the block (each 4 bytes, little-endian), then an LZ4 block. On the heavy
/// ledger LZ4 inflates five times faster than zlib level 1 and compresses three times
/// faster, for 13 % more space (2.23 instead of 2.53 times smaller). Texts written before
/// (zlib) stay readable, so an upgraded store keeps them until their bucket is rewritten.
///
/// This byte marks the texts of schema version 4 (versions 2 and 3 wrote zlib), whose
/// records have version 4's shape (the same as versions 2 and 3). Texts written since name
/// their records' version in their first byte instead ([`LZ4_V5_MAGIC`]).
///
/// The magic byte is outside the checksum: damage there that still spells the other magic
/// (two flipped bits) would read the records with the other shape, which postcard's decoding
/// then refuses in all but freak cases.
const LZ4_MAGIC: u8 = 0x4C;

/// The first byte of an LZ4 text whose records are of schema version 5. A store upgraded
/// to version 5 keeps its older chunks as they are, until their bucket is rewritten (a
/// rewrite of everything would need room for two copies of the ledger at once), so each
/// text says which records it holds. Two bits away from [`LZ4_MAGIC`], so one flipped bit
/// cannot turn one version's text into the other's, and not a zlib stream's first byte.
const LZ4_V5_MAGIC: u8 = 0x4F;

/// The first byte of an LZ4 text whose records are of schema version 6 (interactions
/// carry a link, and practitioners' kinds). At least two bits away from [`LZ4_MAGIC`] and
/// [`LZ4_V5_MAGIC`] (three from each), and not a zlib stream's first byte (whose low four
/// bits are 8).
const LZ4_V6_MAGIC: u8 = 0x59;

/// The first byte of an LZ4 text whose records are of schema version 7 (laid out in
/// columns). Three or more bits away from each earlier magic byte, and not a zlib stream's
/// first byte.
const LZ4_V7_MAGIC: u8 = 0x63;

/// The first byte of an LZ4 text whose records are of schema version 8 (chunks keep
/// tombstones). Four or more bits away from each earlier magic byte, and not a zlib
/// stream's first byte.
const LZ4_V8_MAGIC: u8 = 0x35;

/// A stored text inflated back to its postcard bytes.
#[derive(Debug)]
pub struct Inflated {
    /// The records, as postcard bytes.
    pub bytes: Vec<u8>,
    /// The schema version of the records, when the text names it (texts written since
    /// version 5); otherwise they are of the manifest's version, or of version 4 under a
    /// later manifest.
    pub records_version: Option<u32>,
}

/// Bytes before an LZ4 block: the magic byte, its inflated length and its checksum.
const LZ4_HEADER_BYTES: usize = 9;

/// The most bytes one packed text may inflate to. A chunk is far smaller; the limit only
/// stops a crafted "zip bomb" from exhausting the tab's memory.
pub const MAX_INFLATED_BYTES: usize = 64 * 1024 * 1024;

const BITS_PER_UNIT: u32 = 15;
const UNIT_MASK: u32 = (1 << BITS_PER_UNIT) - 1;
const HEADER_BASE: u32 = b'A' as u32;
/// Values below this map to printable ASCII; the rest skip DEL and the C1 controls.
const ASCII_VALUES: u32 = 0x5F;
const ASCII_OFFSET: u32 = 0x20;
const HIGH_OFFSET: u32 = 0xA0 - ASCII_VALUES;

/// Why a stored text could not be turned back into records.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CodecError {
    /// The text is empty: not even a header.
    #[error("the text is empty")]
    Empty,
    /// The first character is not a valid header.
    #[error("the header character {0:?} is not valid")]
    BadHeader(char),
    /// A data character is outside the packing alphabet.
    #[error("character {position} ({found:?}) is not valid packed data")]
    BadCharacter {
        /// Position of the character in the text, the header being 0.
        position: usize,
        /// The character found.
        found: char,
    },
    /// The header's padding does not fit the data length, or padding bits are not zero.
    #[error("the packed length or padding is inconsistent")]
    BadPadding,
    /// The bytes are not a valid LZ4 block or zlib stream, fail their checksum, or inflate
    /// past the limit.
    #[error("the compressed data is damaged: {0}")]
    Decompress(String),
    /// The inflated bytes do not describe the expected records.
    #[error("the records could not be read: {0}")]
    Decode(String),
    /// The records could not be serialized (should not happen with the ledger's types).
    #[error("the records could not be encoded: {0}")]
    Encode(String),
}

/// Serializes `value` with postcard, compresses it (LZ4) and packs it into storable text.
pub fn encode<T: Serialize>(value: &T) -> Result<String, CodecError> {
    let bytes =
        postcard::to_allocvec(value).map_err(|error| CodecError::Encode(error.to_string()))?;
    Ok(pack(&compress(&bytes)))
}

/// Reverses [`encode`] for today's records, refusing damaged text and trailing bytes. It
/// ignores the records' version a text names: stored chunks are read through
/// [`VersionedChunk`](super::schema::VersionedChunk), which does not.
#[cfg(test)]
pub(crate) fn decode<T: DeserializeOwned>(text: &str) -> Result<T, CodecError> {
    from_postcard(&inflate_packed(&unpack(text)?)?.bytes)
}

/// Unpacks and inflates a text given as its UTF-16 code units, as localStorage holds it (no
/// UTF-8 string is built on the way), saying which records' version it names, if any.
pub fn inflate_units(units: &[u16]) -> Result<Inflated, CodecError> {
    inflate_packed(&unpack_units(units)?)
}

fn inflate_packed(packed: &[u8]) -> Result<Inflated, CodecError> {
    match packed.first() {
        Some(&LZ4_MAGIC) => Ok(Inflated {
            bytes: decompress(packed)?,
            records_version: None,
        }),
        Some(&LZ4_V5_MAGIC) => Ok(Inflated {
            bytes: decompress(packed)?,
            records_version: Some(5),
        }),
        Some(&LZ4_V6_MAGIC) => Ok(Inflated {
            bytes: decompress(packed)?,
            records_version: Some(6),
        }),
        Some(&LZ4_V7_MAGIC) => Ok(Inflated {
            bytes: decompress(packed)?,
            records_version: Some(7),
        }),
        Some(&LZ4_V8_MAGIC) => Ok(Inflated {
            bytes: decompress(packed)?,
            records_version: Some(8),
        }),
        _ => Ok(Inflated {
            bytes: decompress_zlib(packed)
                .or_else(|error| decompress_unmarked(packed).map_err(|_| error))?,
            records_version: None,
        }),
    }
}

/// Inflates an LZ4 text as schema version 4 wrote it in its first half hour (commits
/// 8d9cde2 and b39485c, 1 December 2026), before [`LZ4_MAGIC`] marked such texts: the
/// inflated length and an Adler-32 checksum (of the inflated bytes at first, of the block
/// from b39485c on), then the block. Nothing marks these texts (their first byte is the
/// length's lowest), so a text that is not zlib is tried as one, and only its checksum
/// says it is one; damage still reads as zlib's error.
fn decompress_unmarked(bytes: &[u8]) -> Result<Vec<u8>, CodecError> {
    let damaged = |reason: &str| CodecError::Decompress(reason.to_owned());
    let (header, block) = bytes
        .split_at_checked(LZ4_HEADER_BYTES - 1)
        .ok_or_else(|| damaged("it ends too soon"))?;
    let (length, checksum) = header.split_at(4);
    let word = |part: &[u8]| part.try_into().map(u32::from_le_bytes);
    let length = word(length).map_err(|_| damaged("it ends too soon"))? as usize;
    let checksum = word(checksum).map_err(|_| damaged("it ends too soon"))?;
    // An LZ4 block inflates at most about 255 times: a larger length is not one.
    if length > MAX_INFLATED_BYTES || length > block.len().saturating_mul(255) {
        return Err(damaged("it inflates past the size limit"));
    }
    let block_checked = adler32(block) == checksum;
    let inflated = lz4_flex::block::decompress(block, length)
        .map_err(|_| damaged("it is not a valid LZ4 block"))?;
    if inflated.len() != length || !(block_checked || adler32(&inflated) == checksum) {
        return Err(damaged("its checksum does not match"));
    }
    Ok(inflated)
}

/// Decodes postcard bytes, refusing trailing bytes.
pub fn from_postcard<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (value, rest) =
        postcard::take_from_bytes(bytes).map_err(|error| CodecError::Decode(error.to_string()))?;
    if rest.is_empty() {
        Ok(value)
    } else {
        Err(CodecError::Decode(format!(
            "{} unexpected bytes at the end",
            rest.len()
        )))
    }
}

/// [`encode`] as schema versions 1 to 3 did, with zlib: for tests of reading older stores.
#[cfg(test)]
pub(crate) fn encode_zlib<T: Serialize>(value: &T) -> Result<String, CodecError> {
    let bytes =
        postcard::to_allocvec(value).map_err(|error| CodecError::Encode(error.to_string()))?;
    Ok(pack(&miniz_oxide::deflate::compress_to_vec_zlib(&bytes, 1)))
}

/// Compresses `bytes` (today's records) with LZ4, behind a 9-byte header: a magic byte
/// ([`LZ4_V8_MAGIC`]), the inflated length and the Adler-32 checksum of the block.
pub fn compress(bytes: &[u8]) -> Vec<u8> {
    let block = lz4_flex::block::compress(bytes);
    let mut compressed = Vec::with_capacity(LZ4_HEADER_BYTES + block.len());
    compressed.push(LZ4_V8_MAGIC);
    // A chunk is far below 4 GiB; a longer input would fail the length check when read.
    let length = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    compressed.extend_from_slice(&length.to_le_bytes());
    compressed.extend_from_slice(&adler32(&block).to_le_bytes());
    compressed.extend_from_slice(&block);
    compressed
}

/// Reverses [`compress`], refusing a length past [`MAX_INFLATED_BYTES`], a checksum that
/// does not match and a damaged block. The checksum covers the stored block, so damage is
/// caught before inflating, over less than half as many bytes as the inflated records.
pub fn decompress(bytes: &[u8]) -> Result<Vec<u8>, CodecError> {
    let damaged = |reason: &str| CodecError::Decompress(reason.to_owned());
    let (header, block) = bytes
        .split_at_checked(LZ4_HEADER_BYTES)
        .ok_or_else(|| damaged("it ends too soon"))?;
    let (magic, header) = header.split_at(1);
    if !matches!(
        magic,
        [LZ4_MAGIC | LZ4_V5_MAGIC | LZ4_V6_MAGIC | LZ4_V7_MAGIC | LZ4_V8_MAGIC]
    ) {
        return Err(damaged("it is not LZ4 data"));
    }
    let (length, checksum) = header.split_at(4);
    let word = |part: &[u8]| part.try_into().map(u32::from_le_bytes);
    let length = word(length).map_err(|_| damaged("it ends too soon"))? as usize;
    let checksum = word(checksum).map_err(|_| damaged("it ends too soon"))?;
    if length > MAX_INFLATED_BYTES {
        return Err(damaged("it inflates past the size limit"));
    }
    if adler32(block) != checksum {
        return Err(damaged("its checksum does not match"));
    }
    let inflated = lz4_flex::block::decompress(block, length)
        .map_err(|_| damaged("it is not a valid LZ4 block"))?;
    if inflated.len() != length {
        return Err(damaged("its length does not match"));
    }
    Ok(inflated)
}

fn adler32(bytes: &[u8]) -> u32 {
    let mut hash = adler2::Adler32::new();
    hash.write_slice(bytes);
    hash.checksum()
}

/// Inflates a zlib stream (schema versions 1 to 3), checking its checksum and refusing to
/// grow past [`MAX_INFLATED_BYTES`].
///
/// Like miniz_oxide's `decompress_to_vec_zlib_with_limit`, but the output starts at three
/// times the input, about what a chunk inflates to, instead of twice: most chunks then
/// inflate without the buffer being copied into a larger one.
pub fn decompress_zlib(bytes: &[u8]) -> Result<Vec<u8>, CodecError> {
    let failed = |status: TINFLStatus| {
        CodecError::Decompress(
            match status {
                TINFLStatus::Adler32Mismatch => "its checksum does not match",
                TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                    "it ends too soon"
                }
                TINFLStatus::HasMoreOutput => "it inflates past the size limit",
                _ => "it is not valid zlib data",
            }
            .to_owned(),
        )
    };
    let flags = inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER
        | inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut inflated = vec![0; bytes.len().saturating_mul(3).clamp(64, MAX_INFLATED_BYTES)];
    let mut state = Box::<DecompressorOxide>::default();
    let mut input = bytes;
    let mut written = 0;
    loop {
        let (status, read, wrote) = inflate(&mut state, input, &mut inflated, written, flags);
        written += wrote;
        input = input.get(read..).unwrap_or_default();
        match status {
            TINFLStatus::Done => {
                inflated.truncate(written);
                return Ok(inflated);
            }
            TINFLStatus::HasMoreOutput if inflated.len() < MAX_INFLATED_BYTES => {
                let larger = inflated.len().saturating_mul(2).min(MAX_INFLATED_BYTES);
                inflated.resize(larger, 0);
            }
            other => return Err(failed(other)),
        }
    }
}

/// Packs bytes into text, 15 bits per character after a one-character header.
pub fn pack(bytes: &[u8]) -> String {
    let total_bits = bytes.len() * 8;
    let units = total_bits.div_ceil(BITS_PER_UNIT as usize);
    let padding = units * BITS_PER_UNIT as usize - total_bits;
    let mut text = String::with_capacity(3 * (units + 1));
    // `padding` is below 15, so the header is a capital letter from A to O.
    text.push(char::from(b'A' + padding as u8));
    let mut buffer: u32 = 0;
    let mut buffered: u32 = 0;
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        buffered += 8;
        if buffered >= BITS_PER_UNIT {
            buffered -= BITS_PER_UNIT;
            text.push(unit_char((buffer >> buffered) & UNIT_MASK));
        }
    }
    if buffered > 0 {
        text.push(unit_char(
            (buffer << (BITS_PER_UNIT - buffered)) & UNIT_MASK,
        ));
    }
    text
}

/// Reverses [`pack`], checking the header, every character and the padding.
pub fn unpack(text: &str) -> Result<Vec<u8>, CodecError> {
    unpack_chars(text.chars())
}

/// [`unpack`] for text given as UTF-16 code units. A surrogate is never valid packed data;
/// a lone one is reported as U+FFFD, as it would be after a trip through UTF-8.
pub fn unpack_units(units: &[u16]) -> Result<Vec<u8>, CodecError> {
    unpack_valid_units(units).map_or_else(
        || {
            unpack_chars(
                char::decode_utf16(units.iter().copied())
                    .map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER)),
            )
        },
        Ok,
    )
}

/// The quick path of [`unpack_units`] for text that is valid, as stored text nearly always
/// is: no character decoding, and eight units (120 bits) turned into fifteen bytes at a
/// time. `None` for anything off, which [`unpack_units`] then reads again the careful way
/// to say what is wrong.
fn unpack_valid_units(units: &[u16]) -> Option<Vec<u8>> {
    const GROUP_UNITS: usize = 8;
    let (&header, data) = units.split_first()?;
    let padding = u32::from(header)
        .checked_sub(HEADER_BASE)
        .filter(|padding| *padding < BITS_PER_UNIT)?;
    let data_bits = data.len() * BITS_PER_UNIT as usize;
    let total_bits = data_bits
        .checked_sub(padding as usize)
        .filter(|bits| bits % 8 == 0)?;
    let mut bytes = Vec::with_capacity(data_bits / 8 + 1);
    let groups = data.chunks_exact(GROUP_UNITS);
    let rest = groups.remainder();
    // Two 60-bit halves in 64-bit words: WebAssembly has no 128-bit arithmetic, and
    // emulating it cost more than the unpacking itself.
    let half = |units: &[u16]| -> Option<u64> {
        units.iter().try_fold(0u64, |bits, &unit| {
            Some((bits << BITS_PER_UNIT) | u64::from(unit_value(u32::from(unit))?))
        })
    };
    for group in groups {
        let (high, low) = group.split_at(GROUP_UNITS / 2);
        let (high, low) = (half(high)?, half(low)?);
        // 120 bits: the high half and the top 4 bits of the low one, then its other 56.
        bytes.extend_from_slice(&((high << 4) | (low >> 56)).to_be_bytes());
        bytes.extend_from_slice(&low.to_be_bytes()[1..]);
    }
    let mut buffer: u32 = 0;
    let mut buffered: u32 = 0;
    for &unit in rest {
        buffer = (buffer << BITS_PER_UNIT) | unit_value(u32::from(unit))?;
        buffered += BITS_PER_UNIT;
        // At most 7 bits wait in the buffer, so a unit completes one or two bytes.
        buffered -= 8;
        bytes.push((buffer >> buffered) as u8);
        if buffered >= 8 {
            buffered -= 8;
            bytes.push((buffer >> buffered) as u8);
        }
        buffer &= (1 << buffered) - 1;
    }
    // Padding (below 15 bits) may have completed one byte beyond the data: it and the bits
    // left over must be zero.
    let padding_bytes = bytes.split_off(total_bits / 8);
    (buffer == 0 && padding_bytes.iter().all(|&byte| byte == 0)).then_some(bytes)
}

fn unpack_chars(mut chars: impl Iterator<Item = char> + Clone) -> Result<Vec<u8>, CodecError> {
    let header = chars.next().ok_or(CodecError::Empty)?;
    let padding = (header as u32)
        .checked_sub(HEADER_BASE)
        .filter(|padding| *padding < BITS_PER_UNIT)
        .ok_or(CodecError::BadHeader(header))?;
    let units = chars.clone().count();
    let total_bits = (units * BITS_PER_UNIT as usize)
        .checked_sub(padding as usize)
        .filter(|bits| bits % 8 == 0)
        .ok_or(CodecError::BadPadding)?;
    let mut bytes = Vec::with_capacity(total_bits / 8);
    let mut buffer: u32 = 0;
    let mut buffered: u32 = 0;
    for (index, found) in chars.enumerate() {
        let value = unit_value(found as u32).ok_or(CodecError::BadCharacter {
            position: index + 1,
            found,
        })?;
        buffer = (buffer << BITS_PER_UNIT) | value;
        buffered += BITS_PER_UNIT;
        while buffered >= 8 && bytes.len() < total_bits / 8 {
            buffered -= 8;
            bytes.push(((buffer >> buffered) & 0xFF) as u8);
        }
        buffer &= (1 << buffered) - 1;
    }
    if buffer != 0 {
        return Err(CodecError::BadPadding);
    }
    Ok(bytes)
}

fn unit_char(value: u32) -> char {
    let code = if value < ASCII_VALUES {
        value + ASCII_OFFSET
    } else {
        value + HIGH_OFFSET
    };
    // Every 15-bit value maps below U+8041, far from the surrogates: never the fallback.
    char::from_u32(code).unwrap_or(' ')
}

/// The 15-bit value a character (or a UTF-16 unit: surrogates lie above the highest valid
/// one) stands for, by its code.
fn unit_value(code: u32) -> Option<u32> {
    match code {
        0x20..=0x7E => Some(code - ASCII_OFFSET),
        0xA0..=0x8040 => Some(code - HIGH_OFFSET),
        _ => None,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn empty_bytes_pack_to_a_lone_header() {
        assert_eq!(pack(&[]), "A");
        assert_eq!(unpack("A"), Ok(vec![]));
    }

    #[test]
    fn every_byte_count_round_trips_with_the_right_length() {
        for len in 0..64usize {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = pack(&bytes);
            assert_eq!(text.chars().count(), 1 + (len * 8).div_ceil(15));
            assert_eq!(unpack(&text), Ok(bytes));
        }
    }

    #[test]
    fn extreme_values_use_the_edges_of_the_alphabet() {
        let text = pack(&[0xFF, 0xFE]);
        assert_eq!(text.chars().nth(1), Some('\u{8040}'));
        let text = pack(&[0, 0]);
        assert_eq!(text.chars().nth(1), Some(' '));
        for value in 0..=UNIT_MASK {
            let found = unit_char(value);
            assert!(!found.is_control(), "{value} maps to a control character");
            assert_eq!(unit_value(found as u32), Some(value));
        }
    }

    #[test]
    fn hostile_text_is_refused_with_a_reason() {
        assert_eq!(unpack(""), Err(CodecError::Empty));
        assert_eq!(unpack("Z"), Err(CodecError::BadHeader('Z')));
        assert_eq!(unpack("@"), Err(CodecError::BadHeader('@')));
        assert!(matches!(
            unpack("G \u{7F}"),
            Err(CodecError::BadCharacter { position: 2, .. })
        ));
        assert!(matches!(
            unpack("H\u{9000}"),
            Err(CodecError::BadCharacter { position: 1, .. })
        ));
        // One unit and no padding is 15 bits: not a whole number of bytes.
        assert_eq!(unpack("A "), Err(CodecError::BadPadding));
        // Seven padding bits after one unit: one byte, but the padding bits are not zero.
        assert_eq!(unpack("H!"), Err(CodecError::BadPadding));
        // More padding than data.
        assert_eq!(unpack("I"), Err(CodecError::BadPadding));
    }

    #[test]
    fn damaged_compressed_data_is_refused() {
        let original = compress(b"a ledger, a ledger, a ledger");
        let damaged = |at: usize| {
            let mut bytes = original.clone();
            bytes[at] ^= 1;
            decompress(&bytes)
        };
        for at in [0, 1, 5, LZ4_HEADER_BYTES, original.len() - 1] {
            assert!(
                matches!(damaged(at), Err(CodecError::Decompress(_))),
                "a flipped bit at byte {at}"
            );
        }
        for short in 0..LZ4_HEADER_BYTES {
            assert!(matches!(
                decompress(&original[..short]),
                Err(CodecError::Decompress(_))
            ));
        }
        assert!(matches!(
            decompress(b"not lz4"),
            Err(CodecError::Decompress(_))
        ));

        let mut zlib = miniz_oxide::deflate::compress_to_vec_zlib(b"a ledger, a ledger", 1);
        let last = zlib.len() - 1;
        zlib[last] ^= 1;
        assert!(matches!(
            decompress_zlib(&zlib),
            Err(CodecError::Decompress(_))
        ));
        assert!(matches!(
            decompress_zlib(b"not zlib"),
            Err(CodecError::Decompress(_))
        ));
    }

    #[test]
    fn a_decompression_bomb_is_refused() {
        // A crafted bomb uses the densest level, not the one the app saved with.
        let bomb =
            miniz_oxide::deflate::compress_to_vec_zlib(&vec![0u8; MAX_INFLATED_BYTES + 1], 9);
        assert!(bomb.len() < 100_000, "the bomb is small: {}", bomb.len());
        assert!(matches!(
            decompress_zlib(&bomb),
            Err(CodecError::Decompress(_))
        ));

        // An LZ4 header is believed only up to the limit...
        let mut claims_too_much = compress(b"small");
        claims_too_much[1..5].copy_from_slice(&(MAX_INFLATED_BYTES as u32 + 1).to_le_bytes());
        assert!(matches!(
            decompress(&claims_too_much),
            Err(CodecError::Decompress(reason)) if reason.contains("limit")
        ));
        // ...and a block never inflates past the length its header gives.
        let mut understated = compress(&[7u8; 4096]);
        understated[1..5].copy_from_slice(&16u32.to_le_bytes());
        assert!(matches!(
            decompress(&understated),
            Err(CodecError::Decompress(_))
        ));
    }

    #[test]
    fn values_round_trip_and_trailing_bytes_are_refused() {
        let value = (42u32, String::from("Zoë 🚀"), vec![1i64, -7]);
        let text = encode(&value).expect("encode");
        assert_eq!(unpack(&text).expect("packed")[0], LZ4_V8_MAGIC);
        assert_eq!(decode::<(u32, String, Vec<i64>)>(&text), Ok(value.clone()));
        // Version 4's texts, marked with the older byte, read the same.
        let mut version_4 = unpack(&text).expect("packed");
        version_4[0] = LZ4_MAGIC;
        assert_eq!(
            decode::<(u32, String, Vec<i64>)>(&pack(&version_4)),
            Ok(value.clone())
        );
        let older = encode_zlib(&value).expect("encode as version 3 did");
        assert_eq!(decode::<(u32, String, Vec<i64>)>(&older), Ok(value));
        let longer = pack(&compress(&[1, 2, 3]));
        assert!(matches!(decode::<u8>(&longer), Err(CodecError::Decode(_))));
        assert!(matches!(
            decode::<String>(&longer),
            Err(CodecError::Decode(_))
        ));
    }

    #[test]
    fn texts_since_version_5_name_their_records_version() {
        let units = |packed: &[u8]| pack(packed).encode_utf16().collect::<Vec<u16>>();
        let today = compress(b"records");
        let inflated = inflate_units(&units(&today)).expect("today's");
        assert_eq!(inflated.records_version, Some(8));
        assert_eq!(inflated.bytes, b"records");
        let mut version_7 = today.clone();
        version_7[0] = LZ4_V7_MAGIC;
        let inflated = inflate_units(&units(&version_7)).expect("version 7's");
        assert_eq!(inflated.records_version, Some(7));
        assert_eq!(inflated.bytes, b"records");
        let mut version_6 = today.clone();
        version_6[0] = LZ4_V6_MAGIC;
        let inflated = inflate_units(&units(&version_6)).expect("version 6's");
        assert_eq!(inflated.records_version, Some(6));
        assert_eq!(inflated.bytes, b"records");
        let mut version_5 = today.clone();
        version_5[0] = LZ4_V5_MAGIC;
        let inflated = inflate_units(&units(&version_5)).expect("version 5's");
        assert_eq!(inflated.records_version, Some(5));
        assert_eq!(inflated.bytes, b"records");
        let mut version_4 = today.clone();
        version_4[0] = LZ4_MAGIC;
        let inflated = inflate_units(&units(&version_4)).expect("version 4's");
        assert_eq!(inflated.records_version, None);
        assert_eq!(inflated.bytes, b"records");
        let zlib = miniz_oxide::deflate::compress_to_vec_zlib(b"records", 1);
        let inflated = inflate_units(&units(&zlib)).expect("zlib");
        assert_eq!(inflated.records_version, None);
        assert_eq!(inflated.bytes, b"records");
    }

    #[test]
    fn version_four_texts_from_before_the_magic_byte_inflate() {
        let bytes: Vec<u8> = (0..2_000u32)
            .flat_map(|n| (n % 251).to_le_bytes())
            .collect();
        let block = lz4_flex::block::compress(&bytes);
        let length = u32::try_from(bytes.len()).expect("small");
        // As 8d9cde2 wrote them (checksum of the inflated bytes), then as b39485c did (of
        // the block).
        for checksum in [adler32(&bytes), adler32(&block)] {
            let mut text = length.to_le_bytes().to_vec();
            text.extend_from_slice(&checksum.to_le_bytes());
            text.extend_from_slice(&block);
            let inflated =
                inflate_units(&pack(&text).encode_utf16().collect::<Vec<u16>>()).expect("inflates");
            assert_eq!(inflated.bytes, bytes);
            assert_eq!(inflated.records_version, None);
            // Damaged, it is refused, with zlib's reason.
            let last = text.len() - 1;
            text[last] ^= 0x10;
            assert_eq!(
                inflate_packed(&text).map(|inflated| inflated.bytes),
                Err(decompress_zlib(&text).expect_err("not zlib"))
            );
        }
    }

    #[test]
    fn the_first_byte_tells_lz4_from_zlib() {
        // Every zlib stream names deflate (8) in the low four bits of its first byte.
        for level in 0..=10 {
            let zlib = miniz_oxide::deflate::compress_to_vec_zlib(b"a ledger", level);
            assert_eq!(zlib[0] & 0x0F, 8, "level {level}");
            assert_ne!(zlib[0], LZ4_MAGIC);
            assert_ne!(zlib[0], LZ4_V5_MAGIC);
        }
        assert!(matches!(
            decompress(&miniz_oxide::deflate::compress_to_vec_zlib(b"a ledger", 1)),
            Err(CodecError::Decompress(reason)) if reason.contains("not LZ4")
        ));
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let text = pack(&bytes);
            prop_assert!(text.chars().all(|c| !c.is_control() && (c as u32) < 0xD800));
            prop_assert_eq!(unpack(&text), Ok(bytes.clone()));
            let units: Vec<u16> = text.encode_utf16().collect();
            prop_assert_eq!(unpack_units(&units), Ok(bytes.clone()));
            prop_assert_eq!(decompress(&compress(&bytes)), Ok(bytes.clone()));
            let zlib = miniz_oxide::deflate::compress_to_vec_zlib(&bytes, 1);
            prop_assert_eq!(decompress_zlib(&zlib), Ok(bytes));
        }

        #[test]
        fn inflating_arbitrary_bytes_never_panics(
            bytes in proptest::collection::vec(any::<u8>(), 0..512),
            valid_header in any::<bool>(),
            today in any::<bool>(),
        ) {
            let mut bytes = bytes;
            if valid_header && bytes.len() >= LZ4_HEADER_BYTES {
                // A plausible length and the right checksum, so the block itself is parsed.
                let checksum = adler32(&bytes[LZ4_HEADER_BYTES..]);
                bytes[0] = if today { LZ4_V5_MAGIC } else { LZ4_MAGIC };
                bytes[1..5].copy_from_slice(&1024u32.to_le_bytes());
                bytes[5..LZ4_HEADER_BYTES].copy_from_slice(&checksum.to_le_bytes());
            }
            let _ = decompress(&bytes);
            let _ = decompress_zlib(&bytes);
        }

        #[test]
        fn arbitrary_units_read_as_the_text_they_spell(
            units in proptest::collection::vec(any::<u16>(), 0..512),
        ) {
            prop_assert_eq!(unpack_units(&units), unpack(&String::from_utf16_lossy(&units)));
        }

        #[test]
        fn damaged_packed_units_read_as_the_text_they_spell(
            bytes in proptest::collection::vec(any::<u8>(), 0..256),
            damage in proptest::collection::vec((any::<prop::sample::Index>(), any::<u16>()), 0..3),
            cut in any::<prop::sample::Index>(),
            shorten in any::<bool>(),
        ) {
            let mut units: Vec<u16> = pack(&bytes).encode_utf16().collect();
            for (at, unit) in damage {
                let at = at.index(units.len());
                units[at] = unit;
            }
            if shorten {
                units.truncate(cut.index(units.len() + 1));
            }
            prop_assert_eq!(unpack_units(&units), unpack(&String::from_utf16_lossy(&units)));
        }

        #[test]
        fn decoding_arbitrary_text_never_panics(text in any::<String>()) {
            let _ = unpack(&text);
            let _ = decode::<Vec<String>>(&text);
        }

        #[test]
        fn decoding_near_valid_text_never_panics(
            bytes in proptest::collection::vec(any::<u8>(), 0..256),
            header in 0u8..15,
        ) {
            let packed = pack(&bytes);
            let mut text = String::new();
            text.push(char::from(b'A' + header));
            text.extend(packed.chars().skip(1));
            let _ = unpack(&text);
            let _ = decode::<(String, Vec<u64>)>(&text);
        }
    }
}
