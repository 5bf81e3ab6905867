//! CSV import in two steps: read the file into a [`CsvTable`], let the person confirm a
//! [`ColumnMapping`] (guessed from the headers, with presets for LinkedIn's
//! `Connections.csv` and Google Contacts' export), then [`apply`] it to get drafts.

use csv::ReaderBuilder;

use super::csv_export::FORMULA_TRIGGERS;
use super::{
    extend_capped, without_bom, FormatError, ImportedContact, MAX_CELLS, MAX_COLUMNS, MAX_ROWS,
};
use crate::domain::settings::MAX_CADENCE_DAYS;
use crate::domain::{ContactKind, ContactProfile, Stage, StakeholderType};

/// How many leading records may come before the header row (LinkedIn writes a few lines of
/// notes first).
const HEADER_SEARCH_ROWS: usize = 10;

/// How much of the file decides between `,` and `;` as the delimiter.
const DELIMITER_SAMPLE_BYTES: usize = 16 * 1024;

/// Rows read between two reports of [`CsvTable::parse_reporting`].
const ROWS_PER_REPORT: usize = 1_000;

/// The headers of LinkedIn's `Connections.csv`, in the order LinkedIn writes them.
const LINKEDIN_HEADERS: [&str; 7] = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
];

/// A CSV file as text cells: the header row and the data rows, each row as long as the
/// header.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CsvTable {
    /// The column names.
    pub headers: Vec<String>,
    /// The data rows, blank rows left out.
    pub rows: Vec<Vec<String>>,
}

impl CsvTable {
    /// Reads CSV text: strips a byte-order mark, takes `;` as the delimiter when the file
    /// uses more of them than commas (spreadsheets in many European locales), skips lines
    /// before a recognised header row (LinkedIn's notes), and pads or cuts every row to the
    /// header's length.
    pub fn parse(text: &str) -> Result<Self, FormatError> {
        Self::parse_reporting(text, &mut |_| {})
    }

    /// [`CsvTable::parse`], telling `progress` the share of the file's bytes read (0 to 1)
    /// every [`ROWS_PER_REPORT`] rows, and 1 at the end.
    pub fn parse_reporting(text: &str, progress: &mut dyn FnMut(f64)) -> Result<Self, FormatError> {
        FormatError::check_size(text.len())?;
        let text = without_bom(text);
        if text.contains('\0') {
            return Err(FormatError::NotText);
        }
        let delimiter = detect_delimiter(text);
        if let Some(line) = unclosed_quote_line(text, delimiter) {
            return Err(FormatError::UnclosedQuote { line });
        }
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut records: Vec<Vec<String>> = Vec::new();
        let mut cells = 0_usize;
        for record in reader.records() {
            let record = record.map_err(|error| FormatError::Csv {
                line: error.position().map_or(0, csv::Position::line),
                detail: error.to_string(),
            })?;
            if record.len() > MAX_COLUMNS {
                return Err(FormatError::TooManyColumns { max: MAX_COLUMNS });
            }
            if record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            if records.len() > MAX_ROWS {
                return Err(FormatError::TooManyRows { max: MAX_ROWS });
            }
            if records.len().is_multiple_of(ROWS_PER_REPORT) {
                let read = record.position().map_or(0, csv::Position::byte);
                progress((read as f64 / text.len().max(1) as f64).min(1.0));
            }
            cells += record.len();
            if cells > MAX_CELLS {
                return Err(FormatError::TooManyCells { max: MAX_CELLS });
            }
            records.push(record.iter().map(str::to_owned).collect());
        }
        let header_index = records
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .position(|record| preset_for(record).is_some())
            .unwrap_or(0);
        let mut rows = records.into_iter().skip(header_index);
        let headers: Vec<String> = rows
            .next()
            .ok_or(FormatError::EmptyCsv)?
            .into_iter()
            .map(|header| header.trim().to_owned())
            .collect();
        let rows: Vec<Vec<String>> = rows
            .map(|mut row| {
                row.resize(headers.len(), String::new());
                row
            })
            .collect();
        if rows.is_empty() {
            return Err(FormatError::NoRows);
        }
        progress(1.0);
        Ok(Self { headers, rows })
    }
}

/// The line where a quoted cell opens and never closes, if one does. The CSV reader would
/// take the rest of the file into that cell without complaint. Quotes are read as the
/// reader reads them: a quote opens a quoted cell only at the start of a cell, and inside
/// one a doubled quote is a quote.
fn unclosed_quote_line(text: &str, delimiter: u8) -> Option<usize> {
    let mut line = 1;
    let mut opened_on = None;
    let mut cell_start = true;
    let mut bytes = text.bytes().peekable();
    while let Some(byte) = bytes.next() {
        if byte == b'\n' {
            line += 1;
        }
        match opened_on {
            Some(_) if byte == b'"' => {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    opened_on = None;
                }
            }
            Some(_) => {}
            None if byte == b'"' && cell_start => opened_on = Some(line),
            None => {}
        }
        cell_start = opened_on.is_none() && (byte == delimiter || byte == b'\n' || byte == b'\r');
    }
    opened_on
}

/// `;` when the start of the file has more semicolons than commas outside quotes, else `,`.
fn detect_delimiter(text: &str) -> u8 {
    let mut quoted = false;
    let (mut commas, mut semicolons) = (0_usize, 0_usize);
    for byte in text.bytes().take(DELIMITER_SAMPLE_BYTES) {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// The contact fields a column can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProfileField {
    /// The full name.
    Name,
    /// A first (or middle) name, joined before the last names.
    FirstName,
    /// A last name.
    LastName,
    /// The organization's name.
    Organization,
    /// Role or job title.
    Role,
    /// An email address (a cell may hold several, separated by `:::` or `;`).
    Email,
    /// A phone number (a cell may hold several).
    Phone,
    /// The website.
    Website,
    /// A social handle or profile address.
    Social,
    /// Interests, separated by commas or semicolons.
    Interests,
    /// Tags (labels, groups), separated by commas or semicolons.
    Tags,
    /// Notes; several note columns are joined.
    Notes,
    /// Person or organization, by name ("Organization") or key.
    Kind,
    /// The stakeholder type ("Journalist", "Customer"…), by name or key.
    Stakeholder,
    /// The stage the contact starts at ("Relationship"…), by name or key.
    Stage,
    /// The keep-in-touch cadence, in days.
    Cadence,
}

impl ProfileField {
    /// Every field, in the order the mapping step lists them.
    pub const ALL: [ProfileField; 16] = [
        ProfileField::Name,
        ProfileField::FirstName,
        ProfileField::LastName,
        ProfileField::Organization,
        ProfileField::Role,
        ProfileField::Email,
        ProfileField::Phone,
        ProfileField::Website,
        ProfileField::Social,
        ProfileField::Interests,
        ProfileField::Tags,
        ProfileField::Notes,
        ProfileField::Kind,
        ProfileField::Stakeholder,
        ProfileField::Stage,
        ProfileField::Cadence,
    ];

    /// The name shown to the person.
    pub fn label(self) -> &'static str {
        match self {
            ProfileField::Name => "Full name",
            ProfileField::FirstName => "First name",
            ProfileField::LastName => "Last name",
            ProfileField::Organization => "Organization",
            ProfileField::Role => "Role",
            ProfileField::Email => "Email",
            ProfileField::Phone => "Phone",
            ProfileField::Website => "Website",
            ProfileField::Social => "Social",
            ProfileField::Interests => "Interests",
            ProfileField::Tags => "Tags",
            ProfileField::Notes => "Notes",
            ProfileField::Kind => "Person or organization",
            ProfileField::Stakeholder => "Stakeholder type",
            ProfileField::Stage => "Stage",
            ProfileField::Cadence => "Keep in touch every (days)",
        }
    }
}

/// Which field each column fills, one entry per column; `None` leaves the column out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnMapping {
    /// The field of each column, in column order.
    pub columns: Vec<Option<ProfileField>>,
}

impl ColumnMapping {
    /// The mapping guessed from the header names: the preset's when the file comes from a
    /// known exporter, otherwise common names in English ("Email", "Company", "Title"…).
    pub fn guess(headers: &[String]) -> Self {
        let preset = preset_for(headers);
        Self {
            columns: headers
                .iter()
                .map(|header| field_for_header(preset, header))
                .collect(),
        }
    }

    fn has_name(&self) -> bool {
        self.columns.iter().flatten().any(|field| {
            matches!(
                field,
                ProfileField::Name | ProfileField::FirstName | ProfileField::LastName
            )
        })
    }
}

/// The exporters whose CSV files are recognised by their headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// LinkedIn's `Connections.csv` (Settings › Data privacy › Get a copy of your data).
    LinkedIn,
    /// Google Contacts' "Google CSV" export, current or older header names.
    GoogleContacts,
}

impl Preset {
    /// The name shown to the person ("Recognised: LinkedIn connections").
    pub fn label(self) -> &'static str {
        match self {
            Preset::LinkedIn => "LinkedIn connections",
            Preset::GoogleContacts => "Google Contacts",
        }
    }
}

/// The exporter that wrote a file with these headers, if it is a known one.
pub fn preset_for(headers: &[impl AsRef<str>]) -> Option<Preset> {
    let has = |name: &str| {
        headers
            .iter()
            .any(|header| header.as_ref().trim().eq_ignore_ascii_case(name))
    };
    if LINKEDIN_HEADERS.iter().all(|header| has(header)) {
        Some(Preset::LinkedIn)
    } else if (has("E-mail 1 - Value") || has("Phone 1 - Value"))
        && (has("First Name") || has("Given Name") || has("Name"))
    {
        Some(Preset::GoogleContacts)
    } else {
        None
    }
}

/// The field a column fills, from its header.
fn field_for_header(preset: Option<Preset>, header: &str) -> Option<ProfileField> {
    let header = header.trim().to_lowercase();
    if preset == Some(Preset::LinkedIn) {
        // LinkedIn's URL is the person's profile, not their website.
        if header == "url" {
            return Some(ProfileField::Social);
        }
        if header == "connected on" {
            return None;
        }
    }
    // Google numbers repeated fields: "E-mail 2 - Value", "Organization 1 - Title".
    let numbered = |prefix: &str, suffix: &str| {
        header
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .is_some_and(|number| number.trim().chars().all(|c| c.is_ascii_digit()))
    };
    let field = match header.as_str() {
        "name" | "full name" | "display name" | "contact name" => ProfileField::Name,
        "first name" | "given name" | "middle name" | "additional name" | "first" => {
            ProfileField::FirstName
        }
        "last name" | "family name" | "surname" | "last" => ProfileField::LastName,
        "email" | "emails" | "e-mail" | "email address" | "e-mail address" | "mail" => {
            ProfileField::Email
        }
        "phone" | "phones" | "phone number" | "telephone" | "mobile" | "mobile phone" | "tel" => {
            ProfileField::Phone
        }
        "company" | "organization" | "organisation" | "organization name" | "employer"
        | "outlet" | "publication" => ProfileField::Organization,
        "title" | "job title" | "position" | "role" | "organization title" => ProfileField::Role,
        "website" | "web site" | "url" | "homepage" => ProfileField::Website,
        "twitter" | "linkedin" | "social" | "instagram" | "mastodon" | "profile url" => {
            ProfileField::Social
        }
        "interests" | "beat" | "topics" => ProfileField::Interests,
        "tags" | "labels" | "group membership" | "groups" | "categories" => ProfileField::Tags,
        "notes" | "note" | "comments" => ProfileField::Notes,
        "kind" | "contact kind" => ProfileField::Kind,
        "stakeholder" | "stakeholder type" | "audience" => ProfileField::Stakeholder,
        "stage" | "relationship stage" => ProfileField::Stage,
        "keep in touch every (days)" | "keep in touch every" | "cadence" | "cadence (days)" => {
            ProfileField::Cadence
        }
        _ if numbered("e-mail ", " - value") => ProfileField::Email,
        _ if numbered("phone ", " - value") => ProfileField::Phone,
        _ if numbered("organization ", " - name") => ProfileField::Organization,
        _ if numbered("organization ", " - title") => ProfileField::Role,
        _ if numbered("website ", " - value") => ProfileField::Website,
        _ => return None,
    };
    Some(field)
}

/// Splits a cell that holds several values, lazily: Google joins them with ` ::: `, others
/// with `;`, and lists of words (tags, interests) also with commas.
fn split_values(cell: &str, commas_too: bool) -> impl Iterator<Item = String> + '_ {
    cell.split(":::")
        .flat_map(|part| part.split(';'))
        .flat_map(move |part| part.split(move |c| commas_too && c == ','))
        .map(|part| part.trim().trim_start_matches("* ").to_owned())
        .filter(|part| !part.is_empty())
}

/// A cell as it was before a CSV export neutralised it against formulas (`'=x` is `=x`):
/// Rapport never evaluates a cell, so the quote is only noise here.
fn without_neutralising_quote(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_TRIGGERS) => rest,
        _ => cell,
    }
}

/// Google's labels every contact carries; they say nothing about the contact.
fn is_system_label(tag: &str) -> bool {
    tag.eq_ignore_ascii_case("myContacts") || tag.eq_ignore_ascii_case("starred")
}

/// Turns each row into a draft with the mapping. A row that ends with no name is a person
/// named by their email when it gives a role ("Staff writer" at the outlet), else the
/// organization it names (an outlet's desk address stays the outlet's), else the person its
/// email names; a row with none of these is left out.
pub fn apply(
    table: &CsvTable,
    mapping: &ColumnMapping,
) -> Result<Vec<ImportedContact>, FormatError> {
    if mapping.columns.len() != table.headers.len() {
        return Err(FormatError::MappingMismatch);
    }
    if !mapping.has_name() {
        return Err(FormatError::NoNameColumn);
    }
    Ok(table
        .rows
        .iter()
        .filter_map(|row| row_to_contact(row, mapping))
        .collect())
}

fn row_to_contact(row: &[String], mapping: &ColumnMapping) -> Option<ImportedContact> {
    let mut full_names = Vec::new();
    let mut first_names = Vec::new();
    let mut last_names = Vec::new();
    let mut organization = String::new();
    let mut notes = Vec::new();
    let mut profile = ContactProfile::named("", ContactKind::Person);
    let mut kind = None;
    let mut stage = None;
    for (cell, field) in row.iter().zip(&mapping.columns) {
        let (Some(field), cell) = (field, without_neutralising_quote(cell.trim())) else {
            continue;
        };
        if cell.is_empty() {
            continue;
        }
        let channels = &mut profile.channels;
        match field {
            ProfileField::Name => full_names.push(cell),
            ProfileField::FirstName => first_names.push(cell),
            ProfileField::LastName => last_names.push(cell),
            ProfileField::Organization if organization.is_empty() => {
                cell.clone_into(&mut organization)
            }
            ProfileField::Role if profile.role.is_empty() => cell.clone_into(&mut profile.role),
            ProfileField::Website if channels.website.is_empty() => {
                cell.clone_into(&mut channels.website)
            }
            ProfileField::Organization | ProfileField::Role => {}
            ProfileField::Website => extend_capped(&mut channels.social, [cell.to_owned()]),
            ProfileField::Email => extend_capped(&mut channels.emails, split_values(cell, false)),
            ProfileField::Phone => extend_capped(&mut channels.phones, split_values(cell, false)),
            ProfileField::Social => extend_capped(&mut channels.social, split_values(cell, false)),
            ProfileField::Interests => {
                extend_capped(&mut profile.interests, split_values(cell, true))
            }
            ProfileField::Tags => extend_capped(
                &mut profile.tags,
                split_values(cell, true).filter(|tag| !is_system_label(tag)),
            ),
            ProfileField::Notes => notes.push(cell),
            ProfileField::Kind => {
                kind = kind.or(named(
                    ContactKind::ALL,
                    ContactKind::key,
                    ContactKind::label,
                    cell,
                ))
            }
            ProfileField::Stakeholder => {
                if let Some(stakeholder) = named(
                    StakeholderType::ALL,
                    StakeholderType::key,
                    StakeholderType::label,
                    cell,
                ) {
                    profile.stakeholder = stakeholder;
                }
            }
            ProfileField::Stage => {
                stage = stage
                    .or(named(Stage::ALL, Stage::key, Stage::label, cell))
                    .or(stage_in_other_words(cell))
            }
            ProfileField::Cadence => {
                profile.cadence_days = cell
                    .parse()
                    .ok()
                    .filter(|days| (1..=MAX_CADENCE_DAYS).contains(days))
                    .or(profile.cadence_days)
            }
        }
    }
    profile.kind = kind.unwrap_or(ContactKind::Person);
    profile.notes = notes.join("\n\n");
    let name = if full_names.is_empty() {
        first_names.extend(last_names);
        first_names.join(" ")
    } else {
        full_names.join(" ")
    };
    let first_email = profile.channels.emails.first().cloned();
    if !name.is_empty() {
        profile.name = name;
    } else if let Some(email) = first_email.filter(|_| !profile.role.is_empty()) {
        profile.name = email;
    } else if !organization.is_empty() {
        profile.name = std::mem::take(&mut organization);
        profile.kind = ContactKind::Organization;
    } else {
        profile.name = profile.channels.emails.first()?.clone();
    }
    let mut draft = ImportedContact::new(profile, &organization);
    draft.stage = stage;
    Some(draft)
}

/// The stage meant by the words outreach tools use for where a contact stands (BuzzStream's
/// "Not Contacted", "Contacted", "Responded"; a CRM's "Prospect" or "Partner").
fn stage_in_other_words(cell: &str) -> Option<Stage> {
    let words = cell.trim().to_lowercase();
    match words.as_str() {
        "not contacted" | "to contact" | "uncontacted" | "prospect" | "lead" | "new" => {
            Some(Stage::Target)
        }
        "contacted" | "responded" | "replied" | "engaged" | "in touch" | "connected" => {
            Some(Stage::Connection)
        }
        "partner" | "partnered" | "active partner" => Some(Stage::Partnership),
        _ => None,
    }
}

/// The choice among `all` whose key or name is `cell`, case ignored: files write names
/// ("Organization"), and a hand-made file may write keys ("organization").
fn named<T: Copy>(
    all: &[T],
    key: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    cell: &str,
) -> Option<T> {
    all.iter().copied().find(|&choice| {
        cell.eq_ignore_ascii_case(label(choice)) || cell.eq_ignore_ascii_case(key(choice))
    })
}

#[cfg(test)]
#[path = "csv_import_tests.rs"]
mod tests;
