//! Calendars as iCalendar files (RFC 5545), so Rapport's dates show in any calendar: open
//! promises on their due days, and the day each relationship is due a touch.
//!
//! Every event is an all-day event. Its UID is derived from the record's id, so importing a
//! newer export into the same calendar updates the events rather than doubling them.

use chrono::{Days, NaiveDate};

use super::content_line::{escape_text, push_folded};
use crate::domain::evidence::Evidence;
use crate::domain::{DayFormat, Ledger, Now, Party, Promise, PromiseStatus, Timestamp};
use crate::sorting::sort_by_key;

/// One all-day event.
struct DayEvent {
    uid: String,
    day: NaiveDate,
    summary: String,
}

/// The calendar of every open promise, soonest due first. `now` stamps the events
/// (DTSTAMP says when the file was made).
pub fn open_promises_ics(ledger: &Ledger, now: Timestamp) -> String {
    let mut promises: Vec<&Promise> = ledger
        .promises()
        .filter(|promise| promise.status == PromiseStatus::Open)
        .collect();
    sort_by_key(&mut promises, |promise| (promise.due, promise.id));
    let events = promises.into_iter().map(|promise| {
        let name = ledger
            .contact(promise.contact)
            .map(|contact| contact.profile.name.as_str())
            .unwrap_or_default();
        DayEvent {
            uid: format!("promise-{}@rapport", promise.id),
            day: promise.due,
            summary: match promise.owed_by {
                Party::Me => format!("Promise: {} (to {name})", promise.what),
                Party::Them => format!("Promise: {} (from {name})", promise.what),
            },
        }
    });
    calendar(events, now)
}

/// The calendar of when to be in touch: for each contact with a keep-in-touch cadence, the
/// day it would go quiet (the last interaction, or the entry into its stage, plus the
/// cadence, as Today counts it). A relationship already quiet is due today; a snoozed one
/// not before its snooze ends. Soonest first.
pub fn keep_in_touch_ics(ledger: &Ledger, now: Now) -> String {
    let mut events = Vec::new();
    for evidence in Evidence::of_every_contact(ledger, now) {
        let contact = evidence.contact;
        let Some(cadence) = evidence.cadence_days() else {
            continue;
        };
        let due = now
            .day_of(evidence.cadence_since())
            .checked_add_days(Days::new(u64::from(cadence)))
            .unwrap_or(NaiveDate::MAX)
            .max(now.today)
            .max(contact.snoozed_until.unwrap_or(NaiveDate::MIN));
        events.push(DayEvent {
            uid: format!("touch-{}@rapport", contact.id),
            day: due,
            summary: format!(
                "Keep in touch: {} (every {cadence} days)",
                contact.profile.name
            ),
        });
    }
    sort_by_key(&mut events, |event| event.day);
    calendar(events, now.at)
}

/// The calendar file around `events`; `now` stamps them.
fn calendar(events: impl IntoIterator<Item = DayEvent>, now: Timestamp) -> String {
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
    for event in events {
        let next_day = event.day.succ_opt().unwrap_or(event.day);
        for line in [
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}", event.uid),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", DayFormat::Compact.of(event.day)),
            format!("DTEND;VALUE=DATE:{}", DayFormat::Compact.of(next_day)),
            format!("SUMMARY:{}", escape_text(&event.summary)),
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
            .set_promise_status(kept, PromiseStatus::Kept, crate::domain::Now::utc(NOW))
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

    #[test]
    fn each_cadence_gives_the_day_a_relationship_is_due_a_touch() {
        use crate::domain::{
            Channel, Direction, InteractionDetails, InteractionId, InteractionKind,
        };
        let mut ledger = Ledger::new();
        let add = |ledger: &mut Ledger, n: u128, name: &str, stage, cadence| {
            let id = ContactId::new(NOW, n);
            let mut profile = ContactProfile::named(name, ContactKind::Person);
            profile.cadence_days = cadence;
            ledger.add_contact(id, profile, stage, NOW).expect("add");
            id
        };
        // Spoken to three days ago, every 30 days: due 27 days from now.
        let recent = add(&mut ledger, 1, "Recent", Stage::Connection, Some(30));
        let details = InteractionDetails {
            day: None,
            link: String::new(),
            at: NOW.plus_days(-3),
            channel: Channel::Email,
            kind: InteractionKind::Give,
            direction: Direction::Outbound,
            summary: "Sent the study".into(),
            learned: String::new(),
            pitch: None,
        };
        ledger
            .log_interaction(InteractionId::new(NOW, 9), recent, details, NOW)
            .expect("log");
        // Added 10 days before a 7-day cadence: already quiet, so due today.
        let quiet_since = NOW.plus_days(-10);
        let quiet = ContactId::new(quiet_since, 2);
        let mut profile = ContactProfile::named("Quiet", ContactKind::Person);
        profile.cadence_days = Some(7);
        ledger
            .add_contact(quiet, profile, Stage::Relationship, quiet_since)
            .expect("add");
        // Quiet too, but snoozed: due when the snooze ends.
        let snoozed = add(&mut ledger, 3, "Snoozed", Stage::Connection, Some(1));
        let today = NOW.date_utc();
        let until = today.checked_add_days(Days::new(5)).expect("day");
        ledger
            .snooze(snoozed, Some(until), NOW.plus_days(2))
            .expect("snooze");
        // A target without a cadence of its own is not due anything.
        add(&mut ledger, 4, "Target", Stage::Target, None);

        let now = Now::utc(NOW.plus_days(2));
        let text = keep_in_touch_ics(&ledger, now);
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 3);
        assert!(!text.contains("Target"));
        let day_of = |name: &str| {
            let at = text
                .find(&format!("SUMMARY:Keep in touch: {name}"))
                .expect(name);
            let start = text[..at].rfind("DTSTART;VALUE=DATE:").expect("start") + 19;
            text[start..start + 8].to_owned()
        };
        let ymd = |day: NaiveDate| day.format("%Y%m%d").to_string();
        assert_eq!(
            day_of("Recent"),
            ymd(today.checked_add_days(Days::new(27)).expect("day"))
        );
        assert_eq!(day_of("Quiet"), ymd(now.today));
        assert_eq!(day_of("Snoozed"), ymd(until));
        assert!(text.contains(&format!("UID:touch-{recent}@rapport\r\n")));
        assert!(text.contains("SUMMARY:Keep in touch: Recent (every 30 days)"));
        assert!(
            text.find("Quiet") < text.find("Snoozed") && text.find("Snoozed") < text.find("Recent")
        );
    }
}
