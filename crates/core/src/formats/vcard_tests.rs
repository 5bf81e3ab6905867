use super::*;
use crate::domain::ledger::limits;
use crate::domain::sample::{generate, SampleSize};
use crate::domain::{ContactId, Stage, Timestamp};

const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);

fn ledger_with_ada() -> Ledger {
    let mut ledger = Ledger::new();
    let outlet = ContactId::new(NOW, 1);
    ledger
        .add_contact(
            outlet,
            ContactProfile::named("Analytical; Engines, Ltd", ContactKind::Organization),
            Stage::Connection,
            NOW,
        )
        .expect("outlet");
    let mut ada = ContactProfile::named("Ada King Lovelace", ContactKind::Person);
    ada.organization = Some(outlet);
    ada.role = "Tech editor".into();
    ada.channels.emails = vec!["ada@example.org".into(), "ada@home.example".into()];
    ada.channels.phones = vec!["+44 20 7946 0000".into(), "+44 7700 900000".into()];
    ada.channels.website = "https://example.org/ada".into();
    ada.channels.social = vec!["@ada".into()];
    ada.notes = format!(
        "Likes engines, and notes; back\\slash\nSecond line {}",
        "x".repeat(90)
    );
    ada.tags = vec!["tech press".into(), "London, UK".into()];
    ledger
        .add_contact(ContactId::new(NOW, 2), ada, Stage::Relationship, NOW)
        .expect("ada");
    ledger
}

#[test]
fn export_is_vcard_4_with_crlf_folded_lines() {
    let text = vcards(&ledger_with_ada());
    assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Analytical\\; Engines\\, Ltd\r\n"));
    assert!(text.contains("KIND:org\r\n"));
    assert!(text.contains("N:Lovelace;Ada King;;;\r\n"));
    assert!(text.contains("ORG:Analytical\\; Engines\\, Ltd\r\n"));
    assert!(text.contains("TITLE:Tech editor\r\n"));
    assert!(text.contains("EMAIL:ada@home.example\r\n"));
    assert!(text.contains("TEL;VALUE=text:+44 7700 900000\r\n"));
    assert!(text.contains("CATEGORIES:tech press,London\\, UK\r\n"));
    assert!(text.contains("NOTE:Likes engines\\, and notes\\; back\\\\slash\\nSecond line"));
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "no bare line feed"
    );
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
    }
}

#[test]
fn export_then_import_keeps_what_a_card_holds() {
    let drafts = import_vcards(&vcards(&ledger_with_ada())).expect("import");
    assert_eq!(drafts.len(), 2);
    assert_eq!(drafts[0].profile.kind, ContactKind::Organization);
    assert_eq!(drafts[0].profile.name, "Analytical; Engines, Ltd");
    let ada = &drafts[1];
    assert_eq!(ada.organization_name, "Analytical; Engines, Ltd");
    let original = ledger_with_ada();
    let expected = &original
        .contacts()
        .find(|contact| contact.profile.name == "Ada King Lovelace")
        .expect("ada")
        .profile;
    let mut imported = ada.profile.clone();
    imported.organization = expected.organization;
    imported.stakeholder = expected.stakeholder;
    assert_eq!(&imported, expected);
}

#[test]
fn a_vcard_3_file_with_folding_groups_and_photo_is_read() {
    let text = "\u{feff}BEGIN:VCARD\r\n\
        VERSION:3.0\r\n\
        N:Okafor;Amara;;Dr.;\r\n\
        item1.EMAIL;TYPE=INTERNET,pref:amara@example.com\r\n\
        EMAIL;TYPE=INTERNET:amara@news.example\r\n\
        TEL;TYPE=CELL:+234 801 000 0000\r\n\
        TEL;TYPE=\"work:main\":+234 1 000 0000\r\n\
        ORG:Lagos Daily;Business desk\r\n\
        TITLE:Business reporter\r\n\
        PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n \
        /2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIx\r\n\
        NOTE:Met at the fintech summit\\, 2025.\\nPrefers calls before no\r\n \
        on.\r\n\
        CATEGORIES:fintech,West Africa\r\n\
        END:VCARD\r\n";
    let drafts = import_vcards(text).expect("import");
    assert_eq!(drafts.len(), 1);
    let amara = &drafts[0];
    assert_eq!(amara.profile.name, "Amara Okafor");
    assert_eq!(amara.profile.kind, ContactKind::Person);
    assert_eq!(amara.organization_name, "Lagos Daily");
    assert_eq!(amara.profile.role, "Business reporter");
    assert_eq!(
        amara.profile.channels.emails,
        vec!["amara@example.com", "amara@news.example"]
    );
    assert_eq!(
        amara.profile.channels.phones,
        vec!["+234 801 000 0000", "+234 1 000 0000"]
    );
    assert_eq!(
        amara.profile.notes,
        "Met at the fintech summit, 2025.\nPrefers calls before noon."
    );
    assert_eq!(amara.profile.tags, vec!["fintech", "West Africa"]);
}

#[test]
fn a_vcard_4_tel_uri_and_lf_line_ends_are_read() {
    let text = "BEGIN:VCARD\nVERSION:4.0\nFN:Lars Nielsen\nTEL;VALUE=uri;TYPE=cell:tel:+45-1234\nEND:VCARD\n";
    let drafts = import_vcards(text).expect("import");
    assert_eq!(drafts[0].profile.channels.phones, vec!["+45-1234"]);
}

#[test]
fn cards_without_a_name_fall_back_or_are_left_out() {
    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Acme\r\nEND:VCARD\r\n\
                BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:who@example.com\r\nEND:VCARD\r\n\
                BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:nobody\r\nEND:VCARD\r\n";
    let drafts = import_vcards(text).expect("import");
    assert_eq!(drafts.len(), 2);
    assert_eq!(drafts[0].profile.kind, ContactKind::Organization);
    assert_eq!(drafts[0].profile.name, "Acme");
    assert_eq!(drafts[1].profile.name, "who@example.com");
}

#[test]
fn broken_files_get_plain_errors() {
    assert_eq!(import_vcards(""), Err(FormatError::NotVcard));
    assert_eq!(import_vcards("hello, world"), Err(FormatError::NotVcard));
    assert_eq!(
        import_vcards("BEGIN:VCARD\r\nFN:Cut short\r\n"),
        Err(FormatError::UnclosedVcard { line: 1 })
    );
    assert_eq!(
        import_vcards("BEGIN:VCARD\r\nFN:A\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n"),
        Err(FormatError::UnclosedVcard { line: 1 })
    );
}

#[test]
fn oversized_values_are_cut_to_the_ledger_limits() {
    let mut text = String::from("BEGIN:VCARD\r\nFN:");
    text.push_str(&"n".repeat(limits::NAME * 2));
    text.push_str("\r\n");
    for index in 0..limits::LIST_ENTRIES + 20 {
        text.push_str(&format!("EMAIL:person{index}@example.com\r\n"));
    }
    text.push_str("END:VCARD\r\n");
    let drafts = import_vcards(&text).expect("import");
    let profile = &drafts[0].profile;
    assert_eq!(profile.name.chars().count(), limits::NAME);
    assert_eq!(profile.channels.emails.len(), limits::LIST_ENTRIES);
    let mut ledger = Ledger::new();
    ledger
        .add_contact(ContactId::new(NOW, 9), profile.clone(), Stage::Target, NOW)
        .expect("a draft always fits the ledger");
}

#[test]
fn the_demo_ledger_round_trips_names_and_channels() {
    let ledger = generate(3, SampleSize::DEMO, NOW);
    let drafts = import_vcards(&vcards(&ledger)).expect("import");
    assert_eq!(drafts.len(), ledger.counts().contacts);
    for (contact, draft) in ledger.contacts().zip(&drafts) {
        assert_eq!(draft.profile.name, contact.profile.name);
        assert_eq!(
            draft.profile.channels.emails,
            contact.profile.channels.emails
        );
        assert_eq!(
            draft.profile.channels.phones,
            contact.profile.channels.phones
        );
        assert_eq!(draft.profile.notes, contact.profile.notes);
    }
}

#[test]
fn oversized_files_are_refused_before_reading() {
    let card = "BEGIN:VCARD\r\nFN:a\r\nEND:VCARD\r\n";
    assert_eq!(
        import_vcards(&card.repeat(MAX_CARDS + 1)),
        Err(FormatError::TooManyCards { max: MAX_CARDS })
    );
    let huge = " ".repeat(crate::formats::MAX_INPUT_BYTES + 1);
    assert_eq!(
        import_vcards(&huge),
        Err(FormatError::TooLarge { megabytes: 51 })
    );
}

/// As Outlook and older Android phones write vCard 2.1: quoted-printable values, soft line
/// breaks, CHARSET parameters, and the bare `QUOTED-PRINTABLE` parameter.
#[test]
fn vcard_2_1_quoted_printable_names_and_notes_are_decoded() {
    let text = "BEGIN:VCARD\r\n\
        VERSION:2.1\r\n\
        N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Gon=C3=A7alves;Fran=C3=A7oise;;;\r\n\
        FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Fran=C3=A7oise Gon=C3=A7alves\r\n\
        ORG;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Le Caf=C3=A9 Presse\r\n\
        NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Met at the salon =E2=80=94 likes =\r\n\
        long lunches.=0D=0ASecond line, 50=3D50\r\n\
        END:VCARD\r\n\
        BEGIN:VCARD\r\n\
        VERSION:2.1\r\n\
        N;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:M=FCller;J=FCrgen\r\n\
        TITLE;CHARSET=windows-1252;QUOTED-PRINTABLE:Chef=20=80 desk\r\n\
        NOTE;QUOTED-PRINTABLE:Caf=C3=A9 soft =\r\n\
        break and a stray =ZZ and a last =\r\n\
        END:VCARD\r\n";
    let drafts = import_vcards(text).expect("import");
    assert_eq!(drafts.len(), 2);
    let francoise = &drafts[0];
    assert_eq!(francoise.profile.name, "Françoise Gonçalves");
    assert_eq!(francoise.organization_name, "Le Café Presse");
    assert_eq!(
        francoise.profile.notes,
        "Met at the salon — likes long lunches.\nSecond line, 50=50"
    );
    let juergen = &drafts[1];
    assert_eq!(juergen.profile.name, "Jürgen Müller");
    assert_eq!(juergen.profile.role, "Chef € desk");
    assert_eq!(
        juergen.profile.notes,
        "Café soft break and a stray =ZZ and a last"
    );
}

#[test]
fn malformed_quoted_printable_keeps_the_text_as_written() {
    let text = "BEGIN:VCARD\r\n\
        FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Bad =C3 half =E2=80 and =4\r\n\
        NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=X-UNKNOWN:=C3=A7a\r\n\
        END:VCARD\r\n";
    let drafts = import_vcards(text).expect("import");
    // Bytes that are not UTF-8 under CHARSET=UTF-8 stay as the escapes the file wrote.
    assert_eq!(drafts[0].profile.name, "Bad =C3 half =E2=80 and =4");
    // An unknown charset whose bytes read as UTF-8 is decoded as UTF-8.
    assert_eq!(drafts[0].profile.notes, "ça");
}
