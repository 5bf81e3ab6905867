use super::*;

const LINKEDIN: &str = "Notes:\n\
\"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261\"\n\
\n\
First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
Amara,Okafor,https://www.linkedin.com/in/amaraokafor,amara@example.com,Lagos Daily,\"Business reporter, fintech\",12 Mar 2024\n\
Lars,Nielsen,https://www.linkedin.com/in/larsn,,Nordic Wire,Editor,01 Feb 2023\n";

const GOOGLE: &str = "\u{feff}First Name,Middle Name,Last Name,Nickname,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Organization Name,Organization Title,Notes,Labels\n\
Chiara,,Rossi,,* Work,chiara@example.it,,,Mobile,+39 333 000 0000 ::: +39 06 000 000,Corriere Tech,Editor,\"Met at IFA.\nLikes data stories.\",* myContacts ::: Tech press ::: Milan\n\
,,,,,,,,,,Acme Corp,,,* myContacts\n";

const GOOGLE_OLD: &str = "Name,Given Name,Additional Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Name,Organization 1 - Title,Group Membership\n\
Hiro Tanaka,Hiro,,Tanaka,* Work,hiro@example.jp,Work,+81 3 0000 0000,Tokyo Times,Reporter,* myContacts ::: Japan\n";

fn import(text: &str) -> Vec<ImportedContact> {
    let table = CsvTable::parse(text).expect("parse");
    apply(&table, &ColumnMapping::guess(&table.headers)).expect("apply")
}

#[test]
fn linkedin_notes_are_skipped_and_the_url_is_a_social_profile() {
    let table = CsvTable::parse(LINKEDIN).expect("parse");
    assert_eq!(table.headers, LINKEDIN_HEADERS.map(str::to_owned));
    assert_eq!(preset_for(&table.headers), Some(Preset::LinkedIn));
    let drafts = import(LINKEDIN);
    assert_eq!(drafts.len(), 2);
    let amara = &drafts[0];
    assert_eq!(amara.profile.name, "Amara Okafor");
    assert_eq!(amara.organization_name, "Lagos Daily");
    assert_eq!(amara.profile.role, "Business reporter, fintech");
    assert_eq!(amara.profile.channels.emails, vec!["amara@example.com"]);
    assert_eq!(
        amara.profile.channels.social,
        vec!["https://www.linkedin.com/in/amaraokafor"]
    );
    assert!(amara.profile.channels.website.is_empty());
    assert!(drafts[1].profile.channels.emails.is_empty());
}

#[test]
fn google_contacts_split_multiple_values_and_drop_system_labels() {
    let table = CsvTable::parse(GOOGLE).expect("parse");
    assert_eq!(
        table.headers[0], "First Name",
        "the byte-order mark is gone"
    );
    assert_eq!(preset_for(&table.headers), Some(Preset::GoogleContacts));
    let drafts = import(GOOGLE);
    assert_eq!(drafts.len(), 2);
    let chiara = &drafts[0].profile;
    assert_eq!(chiara.name, "Chiara Rossi");
    assert_eq!(chiara.channels.emails, vec!["chiara@example.it"]);
    assert_eq!(
        chiara.channels.phones,
        vec!["+39 333 000 0000", "+39 06 000 000"]
    );
    assert_eq!(drafts[0].organization_name, "Corriere Tech");
    assert_eq!(chiara.role, "Editor");
    assert_eq!(chiara.notes, "Met at IFA.\nLikes data stories.");
    assert_eq!(chiara.tags, vec!["Tech press", "Milan"]);
    let acme = &drafts[1];
    assert_eq!(acme.profile.kind, ContactKind::Organization);
    assert_eq!(acme.profile.name, "Acme Corp");
    assert!(acme.organization_name.is_empty());
}

#[test]
fn older_google_headers_prefer_the_full_name() {
    let table = CsvTable::parse(GOOGLE_OLD).expect("parse");
    assert_eq!(preset_for(&table.headers), Some(Preset::GoogleContacts));
    let drafts = import(GOOGLE_OLD);
    let hiro = &drafts[0];
    assert_eq!(hiro.profile.name, "Hiro Tanaka");
    assert_eq!(hiro.organization_name, "Tokyo Times");
    assert_eq!(hiro.profile.role, "Reporter");
    assert_eq!(hiro.profile.channels.phones, vec!["+81 3 0000 0000"]);
    assert_eq!(hiro.profile.tags, vec!["Japan"]);
}

#[test]
fn semicolon_files_and_short_rows_are_read() {
    let table = CsvTable::parse("Name;Email;Tags\r\nAda;ada@example.org;\"a, b\"\r\nBen\r\n;;\r\n")
        .expect("parse");
    assert_eq!(table.headers, vec!["Name", "Email", "Tags"]);
    assert_eq!(
        table.rows,
        vec![
            vec!["Ada".to_owned(), "ada@example.org".into(), "a, b".into()],
            vec!["Ben".to_owned(), String::new(), String::new()],
        ]
    );
    assert_eq!(preset_for(&table.headers), None);
    let drafts = apply(&table, &ColumnMapping::guess(&table.headers)).expect("apply");
    assert_eq!(drafts[0].profile.tags, vec!["a", "b"]);
}

#[test]
fn a_mapping_is_checked_against_the_table() {
    let table = CsvTable::parse("Name,Email\nAda,ada@example.org\n").expect("parse");
    let wrong_length = ColumnMapping {
        columns: vec![Some(ProfileField::Name)],
    };
    assert_eq!(
        apply(&table, &wrong_length),
        Err(FormatError::MappingMismatch)
    );
    let no_name = ColumnMapping {
        columns: vec![None, Some(ProfileField::Email)],
    };
    assert_eq!(apply(&table, &no_name), Err(FormatError::NoNameColumn));
    let person_chooses = ColumnMapping {
        columns: vec![Some(ProfileField::Notes), Some(ProfileField::LastName)],
    };
    let drafts = apply(&table, &person_chooses).expect("apply");
    assert_eq!(drafts[0].profile.name, "ada@example.org");
    assert_eq!(drafts[0].profile.notes, "Ada");
}

#[test]
fn empty_and_oversized_files_are_refused() {
    assert_eq!(CsvTable::parse(""), Err(FormatError::EmptyCsv));
    assert_eq!(
        CsvTable::parse("\u{feff}\n\n,,\n"),
        Err(FormatError::EmptyCsv)
    );
    let wide = format!("{}\n", vec!["x"; MAX_COLUMNS + 1].join(","));
    assert_eq!(
        CsvTable::parse(&wide),
        Err(FormatError::TooManyColumns { max: MAX_COLUMNS })
    );
    let long = "a\n".repeat(MAX_ROWS + 2);
    assert_eq!(
        CsvTable::parse(&long),
        Err(FormatError::TooManyRows { max: MAX_ROWS })
    );
    let huge = " ".repeat(super::super::MAX_INPUT_BYTES + 1);
    assert_eq!(
        CsvTable::parse(&huge),
        Err(FormatError::TooLarge { megabytes: 51 })
    );
}

#[test]
fn every_field_has_a_label() {
    for field in ProfileField::ALL {
        assert!(!field.label().is_empty());
    }
    assert_eq!(Preset::LinkedIn.label(), "LinkedIn connections");
    assert_eq!(Preset::GoogleContacts.label(), "Google Contacts");
}

#[test]
fn kind_type_stage_and_cadence_are_read_by_name_or_key() {
    let drafts = import(
        "Name,Kind,Stakeholder,Stage,Cadence\n\
         The Herald,Organization,Journalist,Relationship,30\n\
         Ada,person,INVESTOR,partnership,9999\n\
         Ben,Robot,Astronaut,Best friends,two weeks\n",
    );
    assert_eq!(drafts[0].profile.kind, ContactKind::Organization);
    assert_eq!(drafts[0].profile.stakeholder, StakeholderType::Journalist);
    assert_eq!(drafts[0].stage, Some(Stage::Relationship));
    assert_eq!(drafts[0].profile.cadence_days, Some(30));
    assert_eq!(drafts[1].profile.kind, ContactKind::Person);
    assert_eq!(drafts[1].profile.stakeholder, StakeholderType::Investor);
    assert_eq!(drafts[1].stage, Some(Stage::Partnership));
    assert_eq!(
        drafts[1].profile.cadence_days, None,
        "past the longest cadence"
    );
    let unknown = &drafts[2];
    assert_eq!(unknown.profile.kind, ContactKind::Person);
    assert_eq!(
        unknown.profile.stakeholder,
        ContactProfile::named("", ContactKind::Person).stakeholder
    );
    assert_eq!(
        unknown.stage, None,
        "the person picks the stage of the others"
    );
    assert_eq!(unknown.profile.cadence_days, None);
}

#[test]
fn an_unclosed_quote_is_refused_with_its_line() {
    let text = "Name,Email\n\
                Ada,ada@example.org\n\
                \"Unclosed quote,foo@bar.example\n\
                Next Person,next@example.org\n";
    assert_eq!(
        CsvTable::parse(text),
        Err(FormatError::UnclosedQuote { line: 3 })
    );
    // Quotes that close, doubled quotes inside, line breaks inside and an inch mark in an
    // unquoted cell are all fine.
    let fine = "Name,Notes\n\
                \"Okafor, Amara\",\"Said \"\"yes\"\"\nthen left\"\n\
                Ben,Wants a 5\" screen\n";
    let table = CsvTable::parse(fine).expect("parse");
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[0][1], "Said \"yes\"\nthen left");
    assert_eq!(table.rows[1][1], "Wants a 5\" screen");
}

#[test]
fn a_header_alone_and_a_binary_file_are_refused() {
    assert_eq!(CsvTable::parse("Name,Email\n"), Err(FormatError::NoRows));
    assert_eq!(
        CsvTable::parse("PK\u{3}\u{4}\u{0}\u{0}binary,junk\n1,2\n"),
        Err(FormatError::NotText)
    );
}

#[test]
fn a_row_without_a_name_is_a_person_with_a_role_else_its_organization() {
    let drafts = import(
        "Name,Email,Outlet,Title\n\
         ,noname@wired.example,Wired,Staff writer\n\
         ,,Le Monde,\n\
         ,,,Editor\n\
         ,newsdesk@wired.example,Wired Desk,\n\
         ,solo@example.org,,\n",
    );
    assert_eq!(
        drafts.len(),
        4,
        "a row with nothing to name it by is left out"
    );
    let person = &drafts[0];
    assert_eq!(person.profile.name, "noname@wired.example");
    assert_eq!(person.profile.kind, ContactKind::Person);
    assert_eq!(person.profile.role, "Staff writer");
    assert_eq!(person.organization_name, "Wired");
    assert_eq!(drafts[1].profile.name, "Le Monde");
    assert_eq!(drafts[1].profile.kind, ContactKind::Organization);
    let desk = &drafts[2].profile;
    assert_eq!(
        (desk.name.as_str(), desk.kind),
        ("Wired Desk", ContactKind::Organization),
        "a desk address stays the outlet's"
    );
    assert_eq!(desk.channels.emails, vec!["newsdesk@wired.example"]);
    assert_eq!(drafts[3].profile.name, "solo@example.org");
}

#[test]
fn outreach_tools_words_for_a_stage_are_understood() {
    let drafts = import(
        "Name,Relationship Stage\n\
         Ada,Not Contacted\n\
         Ben,Responded\n\
         Cy,contacted\n\
         Di,Partner\n\
         Ed,Mystery\n",
    );
    let stages: Vec<Option<Stage>> = drafts.iter().map(|draft| draft.stage).collect();
    assert_eq!(
        stages,
        [
            Some(Stage::Target),
            Some(Stage::Connection),
            Some(Stage::Connection),
            Some(Stage::Partnership),
            None
        ]
    );
}
