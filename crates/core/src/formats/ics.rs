//! Open promises as an iCalendar file (RFC 5545), so they show in any calendar.
//!
//! Each open promise is an all-day event on its due date. Its UID is derived from the
//! promise's id, so importing a newer export into the same calendar updates the events
//! rather than doubling them.

use super::content_line::{escape_text, push_folded};
use crate::domain::{Ledger, Party, Promise, PromiseStatus, Timestamp};
use crate::sorting::sort_by_key;

/// The calendar of every open promise, soonest due first. `now` stamps the events
/// (DTSTAMP says when the file was made).
pub fn open_promises_ics(ledger: &Ledger, now: Timestamp) -> String {
    let mut promises: Vec<&Promise> = ledger
        .promises()
        .filter(|promise| promise.status == PromiseStatus::Open)
        .collect();
    sort_by_key(&mut promises, |promise| (promise.due, promise.id));
    let stamp = utc_basic(now);
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Rapport//Rapport//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_folded(&mut out, line);
    }
    for promise in promises {
        let name = ledger
            .contact(promise.contact)
            .map(|contact| contact.profile.name.as_str())
            .unwrap_or_default();
        let summary = match promise.owed_by {
            Party::Me => format!("Promise: {} (to {name})", promise.what),
            Party::Them => format!("Promise: {} (from {name})", promise.what),
        };
        let next_day = promise.due.succ_opt().unwrap_or(promise.due);
        for line in [
            "BEGIN:VEVENT".to_owned(),
            format!("UID:promise-{}@rapport", promise.id),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", promise.due.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next_day.format("%Y%m%d")),
            format!("SUMMARY:{}", escape_text(&summary)),
            "TRANSP:TRANSPARENT".to_owned(),
            "END:VEVENT".to_owned(),
        ] {
            push_folded(&mut out, &line);
        }
    }
    push_folded(&mut out, "END:VCALENDAR");
    out
}

/// An instant in iCalendar's UTC form: `20261122T081500Z`.
fn utc_basic(at: Timestamp) -> String {
    let text = at.to_string();
    // RFC 3339 text "2026-11-22T08:15:00.000Z" without separators and milliseconds.
    let digits: String = text
        .chars()
        .take(19)
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .collect();
    format!("{digits}Z")
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::{ContactId, ContactKind, ContactProfile, PromiseDraft, PromiseId, Stage};

    const NOW: Timestamp = Timestamp::from_millis(1_795_000_000_000);

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).expect("date")
    }

    fn ledger() -> (Ledger, PromiseId) {
        let mut ledger = Ledger::new();
        let ada = ContactId::new(NOW, 1);
        ledger
            .add_contact(
                ada,
                ContactProfile::named("Ada, Countess", ContactKind::Person),
                Stage::Relationship,
                NOW,
            )
            .expect("add");
        let promise = |what: &str, owed_by, due| PromiseDraft {
            what: what.into(),
            owed_by,
            due,
            interaction: None,
        };
        let deck = PromiseId::new(NOW, 10);
        ledger
            .add_promise(
                deck,
                ada,
                promise("send the deck; v2", Party::Me, day(5)),
                NOW,
            )
            .expect("deck");
        ledger
            .add_promise(
                PromiseId::new(NOW, 11),
                ada,
                promise(&"an intro ".repeat(20), Party::Them, day(1)),
                NOW,
            )
            .expect("intro");
        let kept = PromiseId::new(NOW, 12);
        ledger
            .add_promise(kept, ada, promise("kept one", Party::Me, day(2)), NOW)
            .expect("kept");
        ledger
            .set_promise_status(kept, PromiseStatus::Kept, NOW)
            .expect("keep");
        (ledger, deck)
    }

    #[test]
    fn open_promises_become_all_day_events_with_stable_uids() {
        let (ledger, deck) = ledger();
        let text = open_promises_ics(&ledger, NOW);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(
            text.matches("BEGIN:VEVENT").count(),
            2,
            "the kept one is left out"
        );
        assert!(!text.contains("kept one"));
        assert!(text.contains(&format!("UID:promise-{deck}@rapport\r\n")));
        assert!(text.contains("DTSTAMP:20261118T110640Z\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20261205\r\nDTEND;VALUE=DATE:20261206\r\n"));
        assert!(text.contains("SUMMARY:Promise: send the deck\\; v2 (to Ada\\, Countess)\r\n"));
        assert!(
            text.find("20261201") < text.find("20261205"),
            "soonest first"
        );
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?}");
        }
        assert!(text.contains("SUMMARY:Promise: an intro"));
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("(from Ada\\, Countess)"));
        assert_eq!(
            open_promises_ics(&ledger, NOW),
            text,
            "the same ledger gives the same file"
        );
    }
}
