//! The jobs as the page sees them: asked as bytes, answered as bytes, and the answer read
//! back into what the page used to compute itself.

use super::*;
use crate::domain::sample::DEMO_SEED;
use crate::domain::Timestamp;
use crate::formats::csv_import::CsvTable;
use crate::formats::vcard::import_vcards;

/// Every golden export, the oldest schema first.
const EXPORTS: [&str; 8] = [
    include_str!("../../tests/golden/v1-83333e4.export.json"),
    include_str!("../../tests/golden/v2-b36c24f.export.json"),
    include_str!("../../tests/golden/v3-be6fcd5.export.json"),
    include_str!("../../tests/golden/v4-8d9cde2.export.json"),
    include_str!("../../tests/golden/v5-ea3da32.export.json"),
    include_str!("../../tests/golden/v6-21b82a1.export.json"),
    include_str!("../../tests/golden/v7-3ae60a5.export.json"),
    include_str!("../../tests/golden/v8-4254f6d.export.json"),
];

/// Runs `job` as the page and the worker do: the job crosses as bytes, and so does the
/// answer. Returns the answer and every progress reported.
fn through_the_worker(job: &Job, file: &[u8]) -> (Answer, Vec<f64>) {
    let asked = Job::from_bytes(&job.to_bytes()).expect("the worker reads the job");
    assert_eq!(&asked, job);
    let mut reported = Vec::new();
    let answer = run(&asked, file, &mut |share| reported.push(share));
    let answered = Answer::from_bytes(&answer.to_bytes()).expect("the page reads the answer");
    assert_eq!(answered, answer);
    (answered, reported)
}

fn ledger_of(answer: Answer) -> Ledger {
    match answer {
        Answer::Ledger(transfer) => transfer.into_ledger().expect("a checked ledger"),
        other => panic!("not a ledger: {other:?}"),
    }
}

/// Progress only goes forward, stays within 0 to 1, and ends done.
fn assert_progress(reported: &[f64]) {
    assert!(!reported.is_empty(), "no progress reported");
    assert!(
        reported.windows(2).all(|pair| pair[0] <= pair[1]),
        "{reported:?}"
    );
    assert!(reported.iter().all(|share| (0.0..=1.0).contains(share)));
    assert_eq!(reported.last(), Some(&1.0));
}

#[test]
fn every_golden_export_comes_back_from_the_worker_as_its_import_reads_it_here() {
    for export in EXPORTS {
        let expected = import_json_bytes(export.as_bytes()).expect("a golden export imports");
        let (answer, reported) = through_the_worker(&Job::ReadExport, export.as_bytes());
        assert_eq!(ledger_of(answer), expected);
        assert_progress(&reported);
    }
}

#[test]
fn a_refused_export_is_refused_in_the_same_words() {
    for file in [
        &b"{\"format\":\"rapport\""[..],
        b"Name,Email\n",
        b"{\"format\":\"other\"}",
    ] {
        let expected = import_json_bytes(file).expect_err("refused").to_string();
        let (answer, _) = through_the_worker(&Job::ReadExport, file);
        assert_eq!(answer, Answer::Refused(expected));
    }
}

#[test]
fn the_demo_ledger_comes_back_as_it_is_made_here() {
    let now = Now {
        at: Timestamp::from_millis(1_780_000_000_000),
        today: chrono::NaiveDate::from_ymd_opt(2026, 5, 28).expect("a date"),
        utc_offset_minutes: 120,
    };
    let (answer, _) = through_the_worker(
        &Job::Demo {
            seed: DEMO_SEED,
            now,
        },
        &[],
    );
    assert_eq!(ledger_of(answer), sample::demo(DEMO_SEED, now));
}

#[test]
fn a_large_ledger_with_tombstones_crosses_whole() {
    let now = Timestamp::from_millis(1_780_000_000_000);
    let mut ledger = sample::generate(7, sample::SampleSize::DEMO, now);
    let gone: Vec<_> = ledger
        .contacts()
        .map(|contact| contact.id)
        .take(3)
        .collect();
    for id in gone {
        ledger.delete_contact(id, now).expect("deleted");
    }
    assert!(ledger.tombstones().next().is_some());
    let transfer = LedgerTransfer::of(&ledger);
    let answer = Answer::from_bytes(&Answer::Ledger(transfer).to_bytes()).expect("read");
    assert_eq!(ledger_of(answer), ledger);
}

#[test]
fn contact_files_are_read_by_their_format_with_progress() {
    let cards: String = (0..1_000)
        .map(|n| format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n}\r\nEND:VCARD\r\n"))
        .collect();
    let job = Job::ReadContacts {
        file_name: "people.vcf".to_owned(),
        media_type: String::new(),
    };
    let (answer, reported) = through_the_worker(&job, cards.as_bytes());
    let expected = import_vcards(&cards).expect("read");
    assert_eq!(answer, Answer::Contacts(ReadFile::Drafts(expected)));
    assert_progress(&reported);
    assert!(
        reported.len() >= 5,
        "one report per 200 cards: {reported:?}"
    );

    let rows: String = std::iter::once("Name,Email\n".to_owned())
        .chain((0..5_000).map(|n| format!("Person {n},p{n}@example.com\n")))
        .collect();
    let job = Job::ReadContacts {
        file_name: "people".to_owned(),
        media_type: "text/csv".to_owned(),
    };
    let (answer, reported) = through_the_worker(&job, rows.as_bytes());
    let expected = CsvTable::parse(&rows).expect("read");
    assert_eq!(answer, Answer::Contacts(ReadFile::Table(expected)));
    assert_progress(&reported);
    assert!(
        reported.len() >= 5,
        "one report per 1,000 rows: {reported:?}"
    );
}

#[test]
fn a_refused_contact_file_is_refused_in_the_same_words() {
    let job = Job::ReadContacts {
        file_name: "people.vcf".to_owned(),
        media_type: String::new(),
    };
    let file = b"BEGIN:VCARD\r\nFN:Ada\r\n";
    let expected = import_vcards("BEGIN:VCARD\r\nFN:Ada\r\n").expect_err("refused");
    assert_eq!(
        through_the_worker(&job, file).0,
        Answer::Refused(expected.to_string())
    );
}

#[test]
fn a_message_that_is_not_a_whole_job_or_answer_is_refused_not_misread() {
    assert!(Job::from_bytes(&[]).is_err());
    assert!(Answer::from_bytes(&[9, 9, 9]).is_err());
    // Trailing bytes are another layout's, or damage: refused too.
    let mut bytes = Job::ReadExport.to_bytes();
    bytes.push(0);
    assert!(Job::from_bytes(&bytes).is_err());
}

#[test]
fn a_spreadsheet_saved_in_windows_1252_is_read_with_its_accents() {
    let job = Job::ReadContacts {
        file_name: "presse.csv".to_owned(),
        media_type: "text/csv".to_owned(),
    };
    let file = b"Name;Email\nFran\xe7ois L\xe9v\xeaque;francois@example.fr\n";
    let (answer, _) = through_the_worker(&job, file);
    let Answer::Contacts(ReadFile::Table(table)) = answer else {
        panic!("not a table: {answer:?}");
    };
    assert_eq!(table.rows[0][0], "François Lévêque");
}
