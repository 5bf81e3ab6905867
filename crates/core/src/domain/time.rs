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

/// "Now" as the person experiences it: the instant, and their local calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Now {
    /// The current instant.
    pub at: Timestamp,
    /// Today's date in the person's own time zone (due dates are compared with it).
    pub today: NaiveDate,
}

impl Now {
    /// A clock reading whose local day is the UTC day (tests and tools).
    pub fn utc(at: Timestamp) -> Self {
        Self {
            at,
            today: at.date_utc(),
        }
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
    fn day_arithmetic() {
        let start = Timestamp::from_millis(0);
        assert_eq!(start.days_until(start.plus_days(10)), 10);
        assert_eq!(start.plus_days(1).days_until(start), -1);
    }
}
