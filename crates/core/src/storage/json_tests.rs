use proptest::prelude::*;

use super::*;
use crate::domain::sample::{generate, SampleSize};
use crate::domain::ContactId;
use crate::storage::schema::SCHEMA_VERSION;
use crate::storage::test_support;

const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);

fn demo() -> Ledger {
    generate(11, SampleSize::DEMO, NOW)
}

/// The demo export as a JSON value, to tamper with.
fn demo_value() -> serde_json::Value {
    serde_json::from_str(&export_json(&demo(), NOW)).expect("export is JSON")
}

fn import_value(value: &serde_json::Value) -> Result<Ledger, ImportError> {
    import_json(&serde_json::to_string_pretty(value).expect("serialize"))
}

#[test]
fn export_is_a_compact_versioned_document_in_field_order() {
    let text = export_json(&demo(), NOW);
    assert!(text.starts_with(
        "{\"format\":\"rapport\",\"schema_version\":9,\"exported_at\":\
         \"2026-11-18T11:06:40.000Z\",\"settings\":{\"tag_cadences\":{"
    ));
    assert!(
        !text.contains('\n'),
        "one line: a third smaller than indented"
    );
    let settings = text.find("\"settings\"").expect("settings");
    let contacts = text.find("\"contacts\"").expect("contacts");
    assert!(settings < contacts);
    let interactions = text.find("\"interactions\"").expect("interactions");
    let promises = text.rfind("\"promises\"").expect("promises");
    assert!(contacts < interactions && interactions < promises);
}

#[test]
fn export_then_import_gives_the_same_ledger_all_pending() {
    let ledger = demo();
    let imported = import_json(&export_json(&ledger, NOW)).expect("import");
    assert_eq!(imported, ledger);
    assert!(imported.pending_changes().everything);
}

#[test]
fn an_empty_ledger_round_trips() {
    let imported = import_json(&export_json(&Ledger::new(), NOW)).expect("import");
    assert!(imported.is_empty());
}

#[test]
fn file_name_carries_the_date() {
    let date = NaiveDate::from_ymd_opt(2026, 3, 7).expect("date");
    assert_eq!(export_file_name(date), "rapport-2026-03-07.json");
    assert_eq!(
        backup_file_name(date),
        "rapport-before-replace-2026-03-07.json"
    );
}

#[test]
fn malformed_json_says_where() {
    assert_eq!(
        import_json("{\n  \"format\": \"rapport\",\n  oops\n}"),
        Err(ImportError::Malformed { line: 3, column: 3 })
    );
    assert!(matches!(
        import_json(""),
        Err(ImportError::Malformed { .. })
    ));
    let cut = export_json(&demo(), NOW);
    let cut = &cut[..cut.len() / 2];
    assert!(matches!(
        import_json(cut),
        Err(ImportError::Malformed { .. })
    ));
}

#[test]
fn other_json_is_not_a_rapport_export() {
    for text in [
        "[1, 2, 3]",
        r#"["rapport", 1]"#,
        "\"rapport\"",
        "null",
        "{}",
        r#"{"format": "vcard", "schema_version": 1}"#,
        r#"{"format": 5, "schema_version": 1}"#,
        "Name,Email\nAda Lovelace,ada@example.org\n",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n",
    ] {
        assert_eq!(import_json(text), Err(ImportError::NotRapport), "{text}");
    }
}

#[test]
fn a_newer_or_missing_version_is_refused_plainly() {
    let mut value = demo_value();
    let newer = SCHEMA_VERSION + 1;
    value["schema_version"] = newer.into();
    let error = import_value(&value).expect_err("newer");
    assert_eq!(error, ImportError::Schema(SchemaError::Newer(newer.into())));
    assert!(error
        .to_string()
        .contains(&format!("newer version of Rapport (version {newer})")));

    value["schema_version"] = 0.into();
    assert_eq!(
        import_value(&value),
        Err(ImportError::Schema(SchemaError::Missing))
    );
    let no_version = r#"{"format": "rapport", "contacts": []}"#;
    assert_eq!(
        import_json(no_version),
        Err(ImportError::Schema(SchemaError::Missing))
    );
}

#[test]
fn wrong_types_name_the_place_and_the_problem() {
    let text = "{\"format\": \"rapport\", \"schema_version\": 1,\n\"contacts\": 5, \
                \"interactions\": [], \"promises\": []}";
    let error = import_json(text).expect_err("wrong type");
    let ImportError::Invalid {
        detail,
        line,
        column,
    } = &error
    else {
        panic!("expected Invalid, got {error:?}");
    };
    assert_eq!(*line, 2);
    assert!(*column > 10);
    assert!(detail.starts_with("invalid type: integer `5`"), "{detail}");
    assert!(!detail.contains(" at line "), "{detail}");
    assert!(error
        .to_string()
        .starts_with("This Rapport export has a wrong value at line 2"));

    let mut value = demo_value();
    value["contacts"][0]["created_at"] = "yesterday".into();
    assert!(matches!(
        import_value(&value),
        Err(ImportError::Invalid { .. })
    ));
    let mut value = demo_value();
    value["interactions"][0]["details"]["channel"] = "carrier pigeon".into();
    assert!(matches!(
        import_value(&value),
        Err(ImportError::Invalid { .. })
    ));
    let mut value = demo_value();
    value.as_object_mut().expect("object").remove("promises");
    assert!(matches!(
        import_value(&value),
        Err(ImportError::Invalid { .. })
    ));
}

#[test]
fn dangling_references_are_refused() {
    let mut value = demo_value();
    let stranger = ContactId::new(NOW, 99).to_string();
    value["interactions"][0]["contact"] = stranger.clone().into();
    assert!(matches!(
        import_value(&value),
        Err(ImportError::Inconsistent(LedgerError::MissingContact(_)))
    ));

    let mut value = demo_value();
    let people = value["contacts"].as_array_mut().expect("contacts");
    let person = people
        .iter_mut()
        .find(|contact| contact["profile"]["kind"] == "person")
        .expect("a person");
    person["profile"]["organization"] = stranger.into();
    assert!(matches!(
        import_value(&value),
        Err(ImportError::Inconsistent(
            LedgerError::OrganizationNotFound(_)
        ))
    ));
}

#[test]
fn duplicate_ids_are_refused() {
    let mut value = demo_value();
    let contacts = value["contacts"].as_array_mut().expect("contacts");
    let copy = contacts[0].clone();
    contacts.push(copy);
    let error = import_value(&value).expect_err("duplicate");
    assert!(matches!(
        error,
        ImportError::Inconsistent(LedgerError::DuplicateId(_))
    ));
    assert!(error
        .to_string()
        .starts_with("This Rapport export is inconsistent: Two records share"));
}

#[test]
fn broken_invariants_are_refused() {
    let mut value = demo_value();
    value["contacts"][0]["journey"]["history"] = serde_json::json!([]);
    assert!(matches!(
        import_value(&value),
        Err(ImportError::Inconsistent(LedgerError::BrokenJourney(_)))
    ));
}

#[test]
fn oversize_files_are_refused_before_parsing() {
    let text = " ".repeat(MAX_IMPORT_BYTES + 1);
    let error = import_json(&text).expect_err("too large");
    assert_eq!(error, ImportError::TooLarge { megabytes: 121 });
    assert!(error
        .to_string()
        .starts_with("This file is 121 MB; Rapport imports files of up to 120 MB"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_ledger_survives_export_and_import(ledger in test_support::ledger(6), millis in 0i64..4_000_000_000_000) {
        let text = export_json(&ledger, Timestamp::from_millis(millis));
        let imported = import_json(&text);
        prop_assert_eq!(imported, Ok(ledger));
    }

    #[test]
    fn import_never_panics_on_arbitrary_text(text in test_support::text(200)) {
        let _ = import_json(&text);
    }
}

#[test]
fn the_largest_ledger_the_store_holds_exports_to_a_file_that_imports_back() {
    let ledger = generate(1, SampleSize::CAPACITY, NOW);
    let text = export_json(&ledger, NOW);
    println!(
        "capacity ledger export: {} bytes ({:.1} MB); limit {} bytes",
        text.len(),
        text.len() as f64 / 1_000_000.0,
        MAX_IMPORT_BYTES
    );
    assert!(text.len() <= MAX_IMPORT_BYTES, "{} bytes", text.len());
    let imported = import_json_bytes(text.as_bytes()).expect("imports back");
    assert!(imported == ledger, "the same ledger");
}

#[test]
fn practitioners_kinds_and_links_round_trip() {
    use crate::domain::InteractionKind;
    let mut ledger = demo();
    let logged = ledger
        .interactions()
        .next()
        .expect("an interaction")
        .clone();
    let mut details = logged.details.clone();
    details.kind = InteractionKind::Coverage;
    details.pitch = None;
    details.link = "https://news.example/feature".to_owned();
    ledger
        .edit_interaction(logged.id, details, NOW)
        .expect("edit");
    let text = export_json(&ledger, NOW);
    assert!(text.contains("\"kind\":\"coverage\""));
    assert!(text.contains("\"link\":\"https://news.example/feature\""));
    let back = import_json(&text).expect("import");
    let found = back
        .interactions()
        .find(|interaction| interaction.id == logged.id)
        .expect("kept its id");
    assert_eq!(found.details.kind, InteractionKind::Coverage);
    assert_eq!(found.details.link, "https://news.example/feature");
}

#[test]
fn deletions_travel_in_the_export_and_come_back_on_import() {
    let mut ledger = demo();
    let gone = ledger.contacts().next().expect("contact").id;
    let interaction = ledger.interactions().last().expect("interaction").id;
    ledger
        .delete_interaction(interaction, NOW.plus_days(1))
        .expect("delete");
    ledger
        .delete_contact(gone, NOW.plus_days(2))
        .expect("delete");
    let text = export_json(&ledger, NOW);
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(value["tombstones"][0]["kind"], "contact");
    assert_eq!(value["tombstones"][0]["id"], gone.to_string());
    assert_eq!(value["tombstones"][1]["kind"], "interaction");
    assert!(text.find("\"promises\"") < text.find("\"tombstones\""));
    let imported = import_json(&text).expect("import");
    assert_eq!(imported, ledger);
    assert_eq!(imported.tombstones().count(), 2);
}

#[test]
fn an_export_of_version_seven_imports_with_nothing_deleted() {
    let mut value = demo_value();
    value["schema_version"] = serde_json::json!(7);
    value.as_object_mut().expect("object").remove("tombstones");
    let imported = import_value(&value).expect("import");
    assert_eq!(imported, demo());
    assert_eq!(imported.tombstones().count(), 0);
}
