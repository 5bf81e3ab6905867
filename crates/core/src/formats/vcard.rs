//! vCard: 4.0 export of the ledger's contacts (RFC 6350) and import of 2.1, 3.0 (RFC 2426)
//! and 4.0 cards as drafts.
//!
//! The import reads only what a contact of the ledger holds: names (FN, or N), KIND, ORG,
//! TITLE (ROLE when there is no title), every EMAIL and TEL, URL, social profiles, NOTE and
//! CATEGORIES. Everything else (PHOTO, ADR, BDAY…) is skipped. Quoted-printable values, as
//! Outlook and older Android phones write vCard 2.1, are decoded in their `CHARSET` (UTF-8,
//! or ISO-8859-1 / windows-1252), soft line breaks joined.
//!
//! The parser is written here rather than taken from a crate: `vcard4` refuses 3.0 cards,
//! `calcard` brings time-zone and mail crates far heavier than this app's whole wasm, and
//! `ical` only splits content lines (trimming values and stopping silently at a bad byte),
//! which left the escaping and structured values to write anyway. What remains is about 150
//! lines, fuzzed like every other import.

use std::borrow::Cow;

use super::content_line::{
    decode_quoted_printable, escape_text, push_folded, split_unescaped, unescape_text, unfold,
    Charset,
};
use super::{extend_capped, without_bom, FormatError, ImportedContact, MAX_CARDS};
use crate::domain::{Contact, ContactKind, ContactProfile, Ledger};

/// Every contact of the ledger as vCard 4.0 cards, one after another.
pub fn vcards(ledger: &Ledger) -> String {
    let mut out = String::new();
    for contact in ledger.contacts() {
        push_card(&mut out, ledger, contact);
    }
    out
}

fn push_card(out: &mut String, ledger: &Ledger, contact: &Contact) {
    let profile = &contact.profile;
    let mut line = |text: String| push_folded(out, &text);
    line("BEGIN:VCARD".into());
    line("VERSION:4.0".into());
    line(format!("FN:{}", escape_text(&profile.name)));
    let organization = match profile.kind {
        ContactKind::Organization => {
            line("KIND:org".into());
            profile.name.clone()
        }
        ContactKind::Person => {
            let (given, family) = given_and_family(&profile.name);
            line(format!(
                "N:{};{};;;",
                escape_text(family),
                escape_text(given)
            ));
            profile
                .organization
                .and_then(|id| ledger.contact(id))
                .map(|organization| organization.profile.name.clone())
                .unwrap_or_default()
        }
    };
    if !organization.is_empty() {
        line(format!("ORG:{}", escape_text(&organization)));
    }
    if !profile.role.is_empty() {
        line(format!("TITLE:{}", escape_text(&profile.role)));
    }
    for email in &profile.channels.emails {
        line(format!("EMAIL:{}", escape_text(email)));
    }
    for phone in &profile.channels.phones {
        line(format!("TEL;VALUE=text:{}", escape_text(phone)));
    }
    if !profile.channels.website.is_empty() {
        line(format!("URL:{}", escape_text(&profile.channels.website)));
    }
    for social in &profile.channels.social {
        line(format!("SOCIALPROFILE;VALUE=text:{}", escape_text(social)));
    }
    if !profile.notes.is_empty() {
        line(format!("NOTE:{}", escape_text(&profile.notes)));
    }
    if !profile.tags.is_empty() {
        let tags: Vec<String> = profile.tags.iter().map(|tag| escape_text(tag)).collect();
        line(format!("CATEGORIES:{}", tags.join(",")));
    }
    line("END:VCARD".into());
}

/// A person's name split for `N`: the last word is taken as the family name.
fn given_and_family(name: &str) -> (&str, &str) {
    match name.trim().rsplit_once(char::is_whitespace) {
        Some((given, family)) => (given.trim_end(), family),
        None => ("", name.trim()),
    }
}

/// Reads every card of a vCard 2.1, 3.0 or 4.0 file as a draft.
///
/// A card with neither a name, an organization, an email nor a phone carries nothing to keep
/// and gives no draft. Refused: a file over the size cap, with more than [`MAX_CARDS`]
/// cards, with no card at all, or with a card that never ends.
pub fn import_vcards(text: &str) -> Result<Vec<ImportedContact>, FormatError> {
    import_vcards_reporting(text, &mut |_| {})
}

/// Cards read between two reports of [`import_vcards_reporting`].
const CARDS_PER_REPORT: usize = 200;

/// [`import_vcards`], telling `progress` the share of the file's lines read (0 to 1) every
/// [`CARDS_PER_REPORT`] cards, and 1 at the end.
pub fn import_vcards_reporting(
    text: &str,
    progress: &mut dyn FnMut(f64),
) -> Result<Vec<ImportedContact>, FormatError> {
    FormatError::check_size(text.len())?;
    // Lines end in LF, CR LF, or (old Macs) CR alone: whichever ending is the more common.
    let count = |ending: u8| text.bytes().filter(|&byte| byte == ending).count();
    let lines = count(b'\n').max(count(b'\r')).max(1);
    let mut drafts = Vec::new();
    let mut cards = 0_usize;
    let mut open: Option<(usize, CardDraft)> = None;
    for (number, line) in join_soft_line_breaks(unfold(without_bom(text))) {
        let Some((name, params, value)) = split_content_line(&line) else {
            continue;
        };
        let value = decoded_value(params, value);
        let value = value.as_ref();
        let is_vcard = value.trim().eq_ignore_ascii_case("VCARD");
        match (name.as_str(), open.take()) {
            ("BEGIN", Some((start, _))) if is_vcard => {
                return Err(FormatError::UnclosedVcard { line: start })
            }
            ("BEGIN", None) if is_vcard => open = Some((number, CardDraft::default())),
            ("END", Some((_, card))) if is_vcard => {
                cards += 1;
                if cards > MAX_CARDS {
                    return Err(FormatError::TooManyCards { max: MAX_CARDS });
                }
                drafts.extend(card.finish());
                if cards.is_multiple_of(CARDS_PER_REPORT) {
                    progress((number as f64 / lines as f64).min(1.0));
                }
            }
            (_, Some((start, mut card))) => {
                card.take(&name, value);
                open = Some((start, card));
            }
            (_, None) => {}
        }
    }
    if let Some((start, _)) = open {
        return Err(FormatError::UnclosedVcard { line: start });
    }
    if cards == 0 {
        return Err(FormatError::NotVcard);
    }
    progress(1.0);
    Ok(drafts)
}

/// Joins quoted-printable soft line breaks: a quoted-printable value ending in `=` goes on
/// in the next line, which starts with no space, so [`unfold`] left it apart. A card's end
/// is never swallowed, so a stray `=` at the end of a card's last value costs no card.
fn join_soft_line_breaks(lines: Vec<(usize, String)>) -> Vec<(usize, String)> {
    let mut joined: Vec<(usize, String)> = Vec::with_capacity(lines.len());
    let mut continues = false;
    for (number, line) in lines {
        let is_card_edge = split_content_line(&line).is_some_and(|(name, _, value)| {
            (name == "BEGIN" || name == "END") && value.trim().eq_ignore_ascii_case("VCARD")
        });
        if continues {
            if let Some((_, previous)) = joined.last_mut() {
                previous.pop();
                if !is_card_edge {
                    previous.push_str(&line);
                    continues = line.ends_with('=');
                    continue;
                }
            }
        }
        joined.push((number, line));
        continues = joined.last().is_some_and(|(_, line)| {
            line.ends_with('=')
                && split_content_line(line)
                    .is_some_and(|(_, params, _)| is_quoted_printable(params))
        });
    }
    joined
}

/// Whether a content line's parameters say its value is quoted-printable: `ENCODING=` it,
/// or, in vCard 2.1, the bare parameter.
fn is_quoted_printable(params: &str) -> bool {
    params.split(';').any(|param| {
        let value = param.split_once('=').map_or(param, |(key, value)| {
            if key.trim().eq_ignore_ascii_case("ENCODING") {
                value
            } else {
                ""
            }
        });
        value
            .trim()
            .trim_matches('"')
            .eq_ignore_ascii_case("QUOTED-PRINTABLE")
    })
}

/// A value as text: quoted-printable decoded in the line's `CHARSET`, anything else as
/// written.
fn decoded_value<'a>(params: &str, value: &'a str) -> Cow<'a, str> {
    if !is_quoted_printable(params) {
        return Cow::Borrowed(value);
    }
    let charset = params
        .split(';')
        .filter_map(|param| param.split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case("CHARSET"))
        .map_or(Charset::Unnamed, |(_, label)| Charset::from_label(label));
    let text = decode_quoted_printable(value, charset);
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// A logical line's property name (upper case, group prefix dropped), its parameters as
/// written (empty when none) and its raw value; `None` for a line with no `:` outside quoted
/// parameter values.
fn split_content_line(line: &str) -> Option<(String, &str, &str)> {
    let mut quoted = false;
    let colon = line.char_indices().find_map(|(index, c)| match c {
        '"' => {
            quoted = !quoted;
            None
        }
        ':' if !quoted => Some(index),
        _ => None,
    })?;
    let head = &line[..colon];
    let (name, params) = head.split_once(';').unwrap_or((head, ""));
    let name = name.rsplit('.').next().unwrap_or(name);
    Some((name.trim().to_ascii_uppercase(), params, &line[colon + 1..]))
}

/// What one card said so far.
#[derive(Default)]
struct CardDraft {
    formatted_name: Option<String>,
    structured_name: Option<String>,
    is_organization: bool,
    organization: Option<String>,
    title: Option<String>,
    role: Option<String>,
    emails: Vec<String>,
    phones: Vec<String>,
    urls: Vec<String>,
    social: Vec<String>,
    notes: Vec<String>,
    tags: Vec<String>,
}

impl CardDraft {
    fn take(&mut self, name: &str, value: &str) {
        match name {
            "FN" => {
                self.formatted_name
                    .get_or_insert_with(|| unescape_text(value));
            }
            "N" => {
                self.structured_name
                    .get_or_insert_with(|| name_from_components(value));
            }
            "KIND" => self.is_organization |= is_organization_kind(value),
            "X-ABSHOWAS" => self.is_organization |= value.trim().eq_ignore_ascii_case("COMPANY"),
            "ORG" => {
                self.organization
                    .get_or_insert_with(|| split_unescaped(value, ';').next().unwrap_or_default());
            }
            "TITLE" => {
                self.title.get_or_insert_with(|| unescape_text(value));
            }
            "ROLE" => {
                self.role.get_or_insert_with(|| unescape_text(value));
            }
            "EMAIL" => extend_capped(&mut self.emails, [unescape_text(value)]),
            "TEL" => extend_capped(&mut self.phones, [phone_text(value)]),
            "URL" => extend_capped(&mut self.urls, [unescape_text(value)]),
            "SOCIALPROFILE" | "X-SOCIALPROFILE" | "IMPP" => {
                extend_capped(&mut self.social, [unescape_text(value)])
            }
            "NOTE" => extend_capped(&mut self.notes, [unescape_text(value)]),
            "CATEGORIES" => extend_capped(&mut self.tags, split_unescaped(value, ',')),
            _ => {}
        }
    }

    /// The draft, or `None` when the card names nobody and gives no way to reach them.
    fn finish(self) -> Option<ImportedContact> {
        let organization = self.organization.unwrap_or_default();
        let person_name = [self.formatted_name, self.structured_name]
            .into_iter()
            .flatten()
            .find(|name| !name.trim().is_empty());
        let (kind, name, organization) = match person_name {
            Some(name) if !self.is_organization => (ContactKind::Person, name, organization),
            Some(name) => (ContactKind::Organization, name, String::new()),
            None if !organization.trim().is_empty() => {
                (ContactKind::Organization, organization, String::new())
            }
            None => {
                let reachable = self.emails.first().or(self.phones.first()).cloned()?;
                (ContactKind::Person, reachable, organization)
            }
        };
        let mut profile = ContactProfile::named(name, kind);
        profile.role = self.title.or(self.role).unwrap_or_default();
        profile.channels.emails = self.emails;
        profile.channels.phones = self.phones;
        let mut urls = self.urls.into_iter();
        profile.channels.website = urls.next().unwrap_or_default();
        profile.channels.social = self.social;
        profile.channels.social.extend(urls);
        profile.notes = self.notes.join("\n\n");
        profile.tags = self.tags;
        Some(ImportedContact::new(profile, &organization))
    }
}

/// A full name from `N` (family; given; additional; prefixes; suffixes): given, additional
/// and family names in reading order.
fn name_from_components(value: &str) -> String {
    let parts: Vec<String> = split_unescaped(value, ';').take(3).collect();
    let part = |index: usize| parts.get(index).map(|part| part.replace(',', " "));
    [part(1), part(2), part(0)]
        .into_iter()
        .flatten()
        .filter(|part| !part.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_organization_kind(value: &str) -> bool {
    let kind = value.trim();
    kind.eq_ignore_ascii_case("org") || kind.eq_ignore_ascii_case("organization")
}

/// A phone number as text: vCard 4.0 may write it as a `tel:` address.
fn phone_text(value: &str) -> String {
    let text = unescape_text(value);
    let trimmed = text.trim();
    match trimmed.get(..4) {
        Some(scheme) if scheme.eq_ignore_ascii_case("tel:") => trimmed[4..].to_owned(),
        _ => trimmed.to_owned(),
    }
}

#[cfg(test)]
#[path = "vcard_tests.rs"]
mod tests;
