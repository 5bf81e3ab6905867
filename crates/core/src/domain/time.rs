//! Points in time, the clock that supplies "now", and the ways a calendar day is written.
//!
//! Domain code never reads a global clock: every operation that needs the time takes a
//! [`Timestamp`] (and, where calendar days matter, the person's local [`NaiveDate`]), so tests
//! and end-to-end runs control time completely.
//!
//! Days are written and read here, through [`DayFormat`] and [`parse_iso_day`], not through
//! chrono's `format("%…")` and `parse_from_str`: those read their format string at run time,
//! which brings chrono's whole strftime machinery into the app's module (about 15 KB) for the
//! six shapes below. chrono still does the calendar arithmetic.

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A UTC instant with millisecond precision.
///
/// JSON shows RFC 3339 text (`2026-11-22T05:00:00.000Z`); compact formats store milliseconds
/// since the Unix epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The instant `millis` milliseconds after the Unix epoch.
    pub const fn from_millis(millis: i64) -> Self {
        Self(millis)
    }

    /// Milliseconds since the Unix epoch.
    pub const fn millis(self) -> i64 {
        self.0
    }

    /// The UTC calendar date of this instant.
    pub fn date_utc(self) -> NaiveDate {
        self.to_datetime().date_naive()
    }

    /// This instant moved by a whole number of days (negative moves back).
    pub fn plus_days(self, days: i64) -> Self {
        Self(self.0.saturating_add(days.saturating_mul(86_400_000)))
    }

    /// This instant moved by a whole number of minutes (negative moves back).
    pub fn plus_minutes(self, minutes: i64) -> Self {
        Self(self.0.saturating_add(minutes.saturating_mul(60_000)))
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Timestamp) -> i64 {
        (later.0 - self.0).div_euclid(86_400_000)
    }

    fn to_datetime(self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.0).unwrap_or_default()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            &self
                .to_datetime()
                .to_rfc3339_opts(SecondsFormat::Millis, true),
        )
    }
}

impl std::str::FromStr for Timestamp {
    type Err = chrono::ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DateTime::parse_from_rfc3339(text).map(|parsed| Self(parsed.timestamp_millis()))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_i64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
            text.parse().map_err(serde::de::Error::custom)
        } else {
            i64::deserialize(deserializer).map(Self)
        }
    }
}

/// "Now" as the person experiences it: the instant, their local calendar day, and how far
/// their clock is from UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Now {
    /// The current instant.
    pub at: Timestamp,
    /// Today's date in the person's own time zone (due dates are compared with it).
    pub today: NaiveDate,
    /// Minutes the person's clock is ahead of UTC (negative west of Greenwich).
    pub utc_offset_minutes: i32,
}

impl Now {
    /// A clock reading whose local day is the UTC day (tests and tools).
    pub fn utc(at: Timestamp) -> Self {
        Self::with_offset(at, 0)
    }

    /// A clock reading `utc_offset_minutes` ahead of UTC: its local day follows.
    pub fn with_offset(at: Timestamp, utc_offset_minutes: i32) -> Self {
        let now = Self {
            at,
            today: at.date_utc(),
            utc_offset_minutes,
        };
        Self {
            today: now.day_of(at),
            ..now
        }
    }

    /// The person's calendar day at the instant `at`, at today's offset from UTC. Exact
    /// but for instants within an hour of midnight on the other side of a daylight-saving
    /// change; the screen, which can ask the browser, uses the exact day.
    pub fn day_of(self, at: Timestamp) -> NaiveDate {
        at.plus_minutes(i64::from(self.utc_offset_minutes))
            .date_utc()
    }
}

/// The shapes in which a calendar day is written, each named by an example of 5 December 2026.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayFormat {
    /// `2026-12-05`: ISO 8601, as a date input holds a day and the files store and name it.
    Iso,
    /// `20261205`: iCalendar's `DATE` value.
    Compact,
    /// `5 Dec`: a day soon, in a short message.
    DayMon,
    /// `5 Dec 2026`: a day as the screens show it.
    DayMonYear,
    /// `5 December`: a day of this year in a sentence.
    DayMonth,
    /// `5 December 2026`: a day in a sentence.
    DayMonthYear,
}

/// The English month names, January first.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl DayFormat {
    /// `day` written this way: a `Display`, so `format!` needs no string in between.
    pub fn of(self, day: NaiveDate) -> FormattedDay {
        FormattedDay { day, format: self }
    }
}

/// A day and the shape to write it in ([`DayFormat::of`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormattedDay {
    day: NaiveDate,
    format: DayFormat,
}

impl fmt::Display for FormattedDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = self.day;
        let month = MONTHS[day.month0() as usize];
        let (month, with_year) = match self.format {
            // chrono's `Display` of a day is ISO 8601, with the sign beyond years 0 to 9999.
            DayFormat::Iso => return write!(f, "{day}"),
            DayFormat::Compact => {
                write_year(f, day.year())?;
                return write!(f, "{:02}{:02}", day.month(), day.day());
            }
            DayFormat::DayMon => (&month[..3], false),
            DayFormat::DayMonYear => (&month[..3], true),
            DayFormat::DayMonth => (month, false),
            DayFormat::DayMonthYear => (month, true),
        };
        write!(f, "{} {month}", day.day())?;
        if with_year {
            f.write_str(" ")?;
            write_year(f, day.year())?;
        }
        Ok(())
    }
}

/// A year in four digits, or signed beyond 0 to 9999 (as ISO 8601 wants, and chrono's `%Y`).
fn write_year(f: &mut fmt::Formatter<'_>, year: i32) -> fmt::Result {
    if (0..10_000).contains(&year) {
        write!(f, "{year:04}")
    } else {
        write!(f, "{year:+05}")
    }
}

/// Reads a day written `YYYY-MM-DD` (as a date input gives it and [`DayFormat::Iso`] writes
/// it), or `None`. As lenient as chrono's `%Y-%m-%d` that it replaces: blanks before each
/// number, one-digit months and days, a year of up to four digits or signed of any length;
/// nothing after the day.
pub fn parse_iso_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim_start();
    let (year, rest) = if let Some(digits) = text.strip_prefix('-') {
        let (year, rest) = leading_number(digits, usize::MAX)?;
        (-year, rest)
    } else if let Some(digits) = text.strip_prefix('+') {
        leading_number(digits, usize::MAX)?
    } else {
        leading_number(text, 4)?
    };
    let (month, rest) = leading_number(rest.strip_prefix('-')?.trim_start(), 2)?;
    let (day, rest) = leading_number(rest.strip_prefix('-')?.trim_start(), 2)?;
    if !rest.is_empty() {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )
}

/// The number that `text` starts with, of one to `most` ASCII digits, and what follows it.
fn leading_number(text: &str, most: usize) -> Option<(i64, &str)> {
    let digits = text
        .bytes()
        .take(most)
        .take_while(u8::is_ascii_digit)
        .count();
    if digits == 0 {
        return None;
    }
    let value = text.bytes().take(digits).try_fold(0_i64, |value, digit| {
        value.checked_mul(10)?.checked_add(i64::from(digit - b'0'))
    })?;
    Some((value, &text[digits..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_rfc3339_and_round_trips() {
        let at = Timestamp::from_millis(1_795_000_000_123);
        let json = serde_json::to_string(&at).expect("serialize");
        assert_eq!(json, "\"2026-11-18T11:06:40.123Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).expect("parse"), at);
    }

    #[test]
    fn offsets_are_normalised_to_utc() {
        let parsed: Timestamp = "2026-11-18T12:06:40.123+01:00".parse().expect("parse");
        assert_eq!(parsed, Timestamp::from_millis(1_795_000_000_123));
    }

    #[test]
    fn local_days_follow_the_offset() {
        // 19:00 UTC on 30 November is 08:00 on 1 December in Auckland (UTC+13), and
        // 14:00 on 30 November in New York (UTC-5).
        let at: Timestamp = "2026-11-30T19:00:00Z".parse().expect("parse");
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
        let auckland = Now::with_offset(at, 13 * 60);
        assert_eq!(
            auckland.today,
            NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
        );
        assert_eq!(auckland.day_of(at.plus_days(-3)), day(28));
        let new_york = Now::with_offset(at, -5 * 60);
        assert_eq!(new_york.today, day(30));
        // 02:30 UTC on 1 December is still the evening of 30 November in New York.
        let late: Timestamp = "2026-12-01T02:30:00Z".parse().expect("parse");
        assert_eq!(new_york.day_of(late), day(30));
        assert_eq!(
            Now::utc(late).day_of(late),
            NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
        );
    }

    /// Days across the calendar: each month's first and last, leap days, years of one to
    /// six digits and before the common era.
    fn sample_days() -> Vec<NaiveDate> {
        let mut days = Vec::new();
        for year in [
            -262_000, -10_000, -1, 0, 5, 999, 1000, 1999, 2024, 2026, 9999, 10_000, 262_000,
        ] {
            for month in 1..=12 {
                for day in [1, 9, 10, 28, 29, 30, 31] {
                    days.extend(NaiveDate::from_ymd_opt(year, month, day));
                }
            }
        }
        days
    }

    #[test]
    fn each_day_format_writes_what_chronos_strftime_wrote() {
        let shapes = [
            (DayFormat::Iso, "%Y-%m-%d"),
            (DayFormat::Compact, "%Y%m%d"),
            (DayFormat::DayMon, "%-d %b"),
            (DayFormat::DayMonYear, "%-d %b %Y"),
            (DayFormat::DayMonth, "%-d %B"),
            (DayFormat::DayMonthYear, "%-d %B %Y"),
        ];
        for day in sample_days() {
            for (format, strftime) in shapes {
                assert_eq!(
                    format.of(day).to_string(),
                    day.format(strftime).to_string(),
                    "{format:?} of {day:?}"
                );
            }
        }
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).expect("date");
        assert_eq!(DayFormat::Iso.of(day).to_string(), "2026-12-05");
        assert_eq!(DayFormat::Compact.of(day).to_string(), "20261205");
        assert_eq!(DayFormat::DayMon.of(day).to_string(), "5 Dec");
        assert_eq!(DayFormat::DayMonYear.of(day).to_string(), "5 Dec 2026");
        assert_eq!(DayFormat::DayMonth.of(day).to_string(), "5 December");
        assert_eq!(
            DayFormat::DayMonthYear.of(day).to_string(),
            "5 December 2026"
        );
    }

    #[test]
    fn an_iso_day_is_read_as_chronos_parse_from_str_read_it() {
        let mut texts: Vec<String> = sample_days()
            .into_iter()
            .map(|day| DayFormat::Iso.of(day).to_string())
            .collect();
        texts.extend(
            [
                "",
                " ",
                "2026",
                "2026-",
                "2026-12",
                "2026-12-",
                "2026-12-05",
                " 2026-12-05",
                "2026-12-05 ",
                "2026- 12- 5",
                "2026 -12-05",
                "2026-1-5",
                "2026-012-05",
                "2026-12-005",
                "26-12-05",
                "0-1-1",
                "12026-12-05",
                "+12026-12-05",
                "+002026-12-05",
                "-0001-01-01",
                "- 1-01-01",
                "+ 2026-12-05",
                "+-1-01-01",
                "2026-02-29",
                "2024-02-29",
                "2026-13-01",
                "2026-00-10",
                "2026-12-00",
                "2026-12-32",
                "2026-04-31",
                "2026/12/05",
                "05/12/2026",
                "2026-12-05T10:00",
                "2026–12–05",
                "２０２６-12-05",
                "\u{a0}2026-12-05",
                "2026-\t12-\n05",
                "+99999999999999999999-01-01",
                "-9223372036854775808-01-01",
                "+2147483648-01-01",
                "+262143-12-31",
                "+262144-01-01",
                "-262144-01-01",
            ]
            .map(str::to_owned),
        );
        for text in &texts {
            assert_eq!(
                parse_iso_day(text),
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
                "{text:?}"
            );
        }
        assert_eq!(
            parse_iso_day("2026-12-05"),
            NaiveDate::from_ymd_opt(2026, 12, 5)
        );
        assert_eq!(parse_iso_day("22/11/2026"), None);
    }

    #[test]
    fn day_arithmetic() {
        let start = Timestamp::from_millis(0);
        assert_eq!(start.days_until(start.plus_days(10)), 10);
        assert_eq!(start.plus_days(1).days_until(start), -1);
    }
}
