//! Points in time and the clock that supplies "now".
//!
//! Domain code never reads a global clock: every operation that needs the time takes a
//! [`Timestamp`] (and, where calendar days matter, the person's local [`NaiveDate`]), so tests
//! and end-to-end runs control time completely.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

    #[test]
    fn day_arithmetic() {
        let start = Timestamp::from_millis(0);
        assert_eq!(start.days_until(start.plus_days(10)), 10);
        assert_eq!(start.plus_days(1).days_until(start), -1);
    }
}
