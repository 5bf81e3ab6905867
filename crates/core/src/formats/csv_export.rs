//! CSV exports of contacts and of interactions, for spreadsheets.
//!
//! Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` as a formula, and
//! some also after a leading tab or carriage return, so a contact named `=HYPERLINK(…)` could
//! act when the file is opened. Every such cell is neutralised with a leading `'` (the
//! OWASP advice for CSV injection), in the header row as in the rows below it; the text is
//! otherwise kept as it is.
//!
//! The text starts with a byte-order mark: without it Excel reads UTF-8 as the local
//! code page and mangles every accented name.

use csv::Writer;

use super::FormatError;
use crate::domain::{Contact, DayFormat, Interaction, Ledger, Now};
use crate::sorting::sort_by_key;

/// Tells spreadsheet programs the file is UTF-8.
const BYTE_ORDER_MARK: &str = "\u{feff}";

/// Separates the entries of a list (emails, tags…) inside one cell.
const LIST_SEPARATOR: &str = "; ";

/// The characters that make a spreadsheet read a cell as a formula.
pub(super) const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The header row of [`contacts_csv`].
pub const CONTACT_COLUMNS: [&str; 17] = [
    "Name",
    "Kind",
    "Organization",
    "Role",
    "Stakeholder",
    "Stage",
    "Emails",
    "Phones",
    "Website",
    "Social",
    "Interests",
    "Tags",
    "Notes",
    "Keep in touch every (days)",
    "Created",
    "Updated",
    "Id",
];

/// The header row of [`interactions_csv`].
pub const INTERACTION_COLUMNS: [&str; 10] = [
    "Date",
    "Contact",
    "Channel",
    "Kind",
    "Direction",
    "Summary",
    "Learned",
    "Pitch angle",
    "Pitch status",
    "Link",
];

/// The cell as written to the file: prefixed with `'` when a spreadsheet would otherwise
/// read it as a formula.
pub fn neutralised(cell: &str) -> String {
    if cell.starts_with(FORMULA_TRIGGERS) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// Every contact, one row each, in the ledger's order: the [`CONTACT_COLUMNS`], then one
/// column per custom field, headed by its label.
pub fn contacts_csv(ledger: &Ledger) -> Result<String, FormatError> {
    let fields = &ledger.settings().fields;
    let header: Vec<&str> = CONTACT_COLUMNS
        .iter()
        .copied()
        .chain(fields.iter().map(|field| field.label.as_str()))
        .collect();
    let rows = ledger.contacts().map(|contact| {
        let mut row = contact_row(ledger, contact);
        row.extend(fields.iter().map(|field| {
            contact
                .profile
                .custom_fields
                .get(&field.id)
                .cloned()
                .unwrap_or_default()
        }));
        row
    });
    write_csv(&header, rows)
}

/// Every interaction, one row each, oldest first, with the contact's name. Each is dated
/// on the person's calendar, at `now`'s offset from UTC.
pub fn interactions_csv(ledger: &Ledger, now: Now) -> Result<String, FormatError> {
    let mut interactions: Vec<&Interaction> = ledger.interactions().collect();
    sort_by_key(&mut interactions, |interaction| {
        (interaction.details.at, interaction.id)
    });
    let rows = interactions
        .into_iter()
        .map(|interaction| interaction_row(ledger, interaction, now));
    write_csv(&INTERACTION_COLUMNS, rows)
}

fn contact_name(ledger: &Ledger, contact: crate::domain::ContactId) -> String {
    ledger
        .contact(contact)
        .map(|found| found.profile.name.clone())
        .unwrap_or_default()
}

fn contact_row(ledger: &Ledger, contact: &Contact) -> Vec<String> {
    let profile = &contact.profile;
    let organization = profile
        .organization
        .map(|id| contact_name(ledger, id))
        .unwrap_or_default();
    vec![
        profile.name.clone(),
        profile.kind.label().to_owned(),
        organization,
        profile.role.clone(),
        profile.stakeholder.label().to_owned(),
        contact.stage().label().to_owned(),
        profile.channels.emails.join(LIST_SEPARATOR),
        profile.channels.phones.join(LIST_SEPARATOR),
        profile.channels.website.clone(),
        profile.channels.social.join(LIST_SEPARATOR),
        profile.interests.join(LIST_SEPARATOR),
        profile.tags.join(LIST_SEPARATOR),
        profile.notes.clone(),
        profile
            .cadence_days
            .map(|days| days.to_string())
            .unwrap_or_default(),
        contact.created_at.to_string(),
        contact.updated_at.to_string(),
        contact.id.to_string(),
    ]
}

fn interaction_row(ledger: &Ledger, interaction: &Interaction, now: Now) -> Vec<String> {
    let details = &interaction.details;
    let (angle, status) = details.pitch.as_ref().map_or((String::new(), ""), |pitch| {
        (pitch.angle.clone(), pitch.status.label())
    });
    vec![
        DayFormat::Iso
            .of(details.day_in(|at| now.day_of(at)))
            .to_string(),
        contact_name(ledger, interaction.contact),
        details.channel.label().to_owned(),
        details.kind.label().to_owned(),
        details.direction.label().to_owned(),
        details.summary.clone(),
        details.learned.clone(),
        angle,
        status.to_owned(),
        details.link.clone(),
    ]
}

/// The header and rows as CSV text after a byte-order mark, every cell neutralised, the
/// header's too: custom field labels are typed by the person or come from a merged file.
fn write_csv(
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<String, FormatError> {
    let mut writer = Writer::from_writer(Vec::new());
    writer
        .write_record(header.iter().map(|cell| neutralised(cell)))
        .map_err(write_error)?;
    for row in rows {
        writer
            .write_record(row.iter().map(|cell| neutralised(cell)))
            .map_err(write_error)?;
    }
    let bytes = writer.into_inner().map_err(|error| FormatError::Csv {
        line: 0,
        detail: error.error().to_string(),
    })?;
    let text = String::from_utf8(bytes).map_err(|error| FormatError::Csv {
        line: 0,
        detail: error.to_string(),
    })?;
    Ok(format!("{BYTE_ORDER_MARK}{text}"))
}

fn write_error(error: csv::Error) -> FormatError {
    FormatError::Csv {
        line: error.position().map_or(0, csv::Position::line),
        detail: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample::{generate, SampleSize};
    use crate::domain::{ContactId, ContactKind, ContactProfile, Stage, Timestamp};
    use crate::formats::csv_import::{apply, ColumnMapping, CsvTable};

    const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);

    /// A reader of exported text, past its byte-order mark.
    fn reader(text: &str) -> csv::Reader<&[u8]> {
        let body = text
            .strip_prefix(BYTE_ORDER_MARK)
            .expect("starts with a BOM");
        csv::Reader::from_reader(body.as_bytes())
    }

    #[test]
    fn every_formula_trigger_is_neutralised() {
        for trigger in FORMULA_TRIGGERS {
            let cell = format!("{trigger}SUM(A1:A9)");
            assert_eq!(neutralised(&cell), format!("'{cell}"), "{trigger:?}");
        }
        assert_eq!(neutralised("Ada"), "Ada");
        assert_eq!(neutralised(""), "");
        assert_eq!(neutralised(" =1"), " =1", "only the first character counts");
    }

    #[test]
    fn a_hostile_contact_is_exported_harmless() {
        let mut ledger = Ledger::new();
        let mut profile = ContactProfile::named("=HYPERLINK(\"x\")", ContactKind::Person);
        profile.channels.phones = vec!["+44 20 7946 0000".into()];
        profile.notes = "@import\nline two, with \"quotes\"".into();
        ledger
            .add_contact(ContactId::new(NOW, 1), profile, Stage::Connection, NOW)
            .expect("add");
        let text = contacts_csv(&ledger).expect("csv");
        let mut reader = reader(&text);
        let headers = reader.headers().expect("headers").clone();
        assert_eq!(headers.iter().collect::<Vec<_>>(), CONTACT_COLUMNS);
        let row = reader.records().next().expect("row").expect("record");
        assert_eq!(&row[0], "'=HYPERLINK(\"x\")");
        assert_eq!(&row[7], "'+44 20 7946 0000");
        assert_eq!(&row[12], "'@import\nline two, with \"quotes\"");
        assert_eq!(&row[5], "Connection");
    }

    #[test]
    fn a_hostile_custom_field_label_is_exported_harmless() {
        // Labels come from the person or from a merged file: a header cell is a cell too.
        use crate::domain::{FieldId, FieldKind};
        let mut ledger = Ledger::new();
        for (n, label) in ["=HYPERLINK(\"x\")", "@SUM(A1)", "Circulation"]
            .into_iter()
            .enumerate()
        {
            ledger
                .define_field(
                    FieldId::new(NOW, n as u128),
                    label,
                    FieldKind::Text,
                    Vec::new(),
                )
                .expect("define");
        }
        let text = contacts_csv(&ledger).expect("csv");
        let headers = reader(&text).headers().expect("headers").clone();
        let custom: Vec<&str> = headers.iter().skip(CONTACT_COLUMNS.len()).collect();
        assert_eq!(custom, ["'=HYPERLINK(\"x\")", "'@SUM(A1)", "Circulation"]);
    }

    #[test]
    fn custom_fields_get_a_column_each() {
        // The demo ledger defines "Audience reach", set on its organizations.
        let ledger = generate(5, SampleSize::DEMO, NOW);
        let text = contacts_csv(&ledger).expect("csv");
        let mut reader = reader(&text);
        let headers = reader.headers().expect("headers").clone();
        assert_eq!(headers.len(), CONTACT_COLUMNS.len() + 1);
        assert_eq!(&headers[CONTACT_COLUMNS.len()], "Audience reach");
        let reaches: Vec<String> = reader
            .records()
            .map(|row| row.expect("row")[CONTACT_COLUMNS.len()].to_owned())
            .filter(|reach| !reach.is_empty())
            .collect();
        let organizations = ledger.contacts().filter(|c| c.is_organization()).count();
        assert_eq!(reaches.len(), organizations);
        assert!(reaches
            .iter()
            .all(|reach| ["National", "Regional", "Local", "Niche"].contains(&reach.as_str())));
    }

    #[test]
    fn interactions_are_dated_on_the_persons_calendar() {
        use crate::domain::{
            Channel, Direction, InteractionDetails, InteractionId, InteractionKind,
        };
        let mut ledger = Ledger::new();
        let contact = ContactId::new(NOW, 1);
        let profile = ContactProfile::named("Aroha Ngata", ContactKind::Person);
        ledger
            .add_contact(contact, profile, Stage::Connection, NOW)
            .expect("add");
        // Noon on 28 November in Auckland (UTC+13) is 23:00 UTC on the 27th.
        let at: Timestamp = "2026-11-27T23:00:00Z".parse().expect("parse");
        let details = InteractionDetails {
            day: None,
            link: String::new(),
            at,
            channel: Channel::Meeting,
            kind: InteractionKind::Give,
            direction: Direction::Outbound,
            summary: "Sent the harbour study".into(),
            learned: String::new(),
            pitch: None,
        };
        ledger
            .log_interaction(InteractionId::new(at, 2), contact, details, at)
            .expect("log");
        let first_cell = |now: Now| {
            let text = interactions_csv(&ledger, now).expect("csv");
            let row = reader(&text)
                .records()
                .next()
                .expect("row")
                .expect("record");
            row[0].to_owned()
        };
        assert_eq!(first_cell(Now::with_offset(at, 13 * 60)), "2026-11-28");
        assert_eq!(first_cell(Now::utc(at)), "2026-11-27");

        // Logged with its day, it stays on that day wherever the person later is: from
        // Honolulu (UTC-10) the instant is on the 27th, the day they gave the 28th.
        let mut details = ledger
            .interactions()
            .next()
            .expect("logged")
            .details
            .clone();
        details.day = chrono::NaiveDate::from_ymd_opt(2026, 11, 28);
        let id = ledger.interactions().next().expect("logged").id;
        ledger.edit_interaction(id, details, at).expect("edit");
        let first_cell = |now: Now| {
            let text = interactions_csv(&ledger, now).expect("csv");
            let row = reader(&text)
                .records()
                .next()
                .expect("row")
                .expect("record");
            row[0].to_owned()
        };
        assert_eq!(first_cell(Now::with_offset(at, -10 * 60)), "2026-11-28");
        assert_eq!(first_cell(Now::utc(at)), "2026-11-28");
    }

    #[test]
    fn coverage_is_exported_with_its_link() {
        use crate::domain::{
            Channel, Direction, InteractionDetails, InteractionId, InteractionKind,
        };
        let mut ledger = Ledger::new();
        let contact = ContactId::new(NOW, 1);
        let profile = ContactProfile::named("Aroha Ngata", ContactKind::Person);
        ledger
            .add_contact(contact, profile, Stage::Relationship, NOW)
            .expect("add");
        let details = InteractionDetails {
            day: None,
            at: NOW,
            channel: Channel::Other,
            kind: InteractionKind::Coverage,
            direction: Direction::Inbound,
            summary: "Harbour study in the Herald".into(),
            learned: String::new(),
            pitch: None,
            link: "https://herald.example/harbour".into(),
        };
        ledger
            .log_interaction(InteractionId::new(NOW, 2), contact, details, NOW)
            .expect("log");
        let text = interactions_csv(&ledger, Now::utc(NOW)).expect("csv");
        let mut reader = reader(&text);
        let headers = reader.headers().expect("headers").clone();
        let row = reader.records().next().expect("row").expect("record");
        let cell = |name: &str| {
            let column = headers.iter().position(|header| header == name);
            column.map(|column| row[column].to_owned())
        };
        assert_eq!(cell("Kind").as_deref(), Some("Coverage"));
        assert_eq!(
            cell("Link").as_deref(),
            Some("https://herald.example/harbour")
        );
    }

    #[test]
    fn the_demo_ledger_exports_one_row_per_record() {
        let ledger = generate(5, SampleSize::DEMO, NOW);
        let crate::domain::Counts {
            contacts,
            interactions,
            ..
        } = ledger.counts();
        let text = contacts_csv(&ledger).expect("csv");
        assert_eq!(reader(&text).records().count(), contacts);
        let text = interactions_csv(&ledger, Now::utc(NOW)).expect("csv");
        let rows: Vec<csv::StringRecord> = reader(&text)
            .records()
            .map(|row| row.expect("row"))
            .collect();
        assert_eq!(rows.len(), interactions);
        assert!(rows.windows(2).all(|pair| pair[0][0] <= pair[1][0]));
        assert!(rows.iter().all(|row| !row[1].is_empty()));
    }

    #[test]
    fn the_csv_import_reads_the_contacts_export_back() {
        let ledger = generate(5, SampleSize::DEMO, NOW);
        let table = CsvTable::parse(&contacts_csv(&ledger).expect("csv")).expect("parse");
        let drafts = apply(&table, &ColumnMapping::guess(&table.headers)).expect("apply");
        assert_eq!(drafts.len(), ledger.counts().contacts);
        for (contact, draft) in ledger.contacts().zip(&drafts) {
            let (original, imported) = (&contact.profile, &draft.profile);
            assert_eq!(imported.name, original.name);
            assert_eq!(imported.role, original.role);
            assert_eq!(imported.channels.emails, original.channels.emails);
            assert_eq!(imported.channels.phones, original.channels.phones);
            assert_eq!(imported.tags, original.tags);
            assert_eq!(imported.kind, original.kind);
            assert_eq!(imported.stakeholder, original.stakeholder);
            assert_eq!(imported.cadence_days, original.cadence_days);
            assert_eq!(draft.stage, Some(contact.stage()));
        }
        assert!(drafts
            .iter()
            .any(|draft| draft.profile.kind == ContactKind::Organization));
        assert!(drafts
            .iter()
            .any(|draft| draft.profile.cadence_days.is_some()));
    }
}
