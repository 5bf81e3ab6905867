//! Record identifiers that stay unique across devices.
//!
//! Every id is a ULID: 48 bits of creation time in milliseconds and 80 random bits, so two
//! devices that create records offline never collide and a later merge can key on the id.
//! JSON shows the 26-character canonical text; compact binary formats store the raw 128 bits.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use ulid::Ulid;

use super::time::Timestamp;

macro_rules! record_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Ulid);

        impl $name {
            /// An id created at `at`, made unique by `random` (80 bits are used).
            pub fn new(at: Timestamp, random: u128) -> Self {
                let millis = u64::try_from(at.millis()).unwrap_or(0);
                Self(Ulid::from_parts(millis, random))
            }

            /// The id as a number, stable across platforms (used to place records in chunks).
            pub fn as_u128(self) -> u128 {
                self.0 .0
            }

            /// The id whose number is `raw` ([`as_u128`](Self::as_u128) reversed).
            pub const fn from_u128(raw: u128) -> Self {
                Self(Ulid(raw))
            }
        }

        impl From<$name> for u128 {
            fn from(id: $name) -> u128 {
                id.as_u128()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = ulid::DecodeError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ulid::from_string(text).map(Self)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                if serializer.is_human_readable() {
                    serializer.collect_str(&self.0)
                } else {
                    serializer.serialize_u128(self.0 .0)
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                if deserializer.is_human_readable() {
                    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                    text.parse().map_err(serde::de::Error::custom)
                } else {
                    u128::deserialize(deserializer).map(|raw| Self(Ulid(raw)))
                }
            }
        }
    };
}

record_id!(
    /// Identifies a contact (a person or an organization).
    ContactId
);
record_id!(
    /// Identifies one interaction in the ledger.
    InteractionId
);
record_id!(
    /// Identifies a promise.
    PromiseId
);
record_id!(
    /// Identifies a custom field defined for the whole ledger.
    FieldId
);
record_id!(
    /// Identifies a saved contact list.
    ListId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shows_text_and_binary_stores_bits() {
        let id = ContactId::new(Timestamp::from_millis(1_700_000_000_000), 42);
        let json = serde_json::to_string(&id).expect("serialize");
        assert_eq!(json.len(), 28, "26 characters between quotes: {json}");
        assert_eq!(serde_json::from_str::<ContactId>(&json).expect("parse"), id);

        let bytes = postcard::to_allocvec(&id).expect("encode");
        assert!(
            bytes.len() <= 19,
            "varint u128 stays compact: {}",
            bytes.len()
        );
        assert_eq!(
            postcard::from_bytes::<ContactId>(&bytes).expect("decode"),
            id
        );
    }

    #[test]
    fn ids_sort_by_creation_time() {
        let early = InteractionId::new(Timestamp::from_millis(1_000), u128::MAX);
        let late = InteractionId::new(Timestamp::from_millis(2_000), 0);
        assert!(early < late);
    }

    #[test]
    fn malformed_text_is_refused() {
        assert!("not-an-id".parse::<PromiseId>().is_err());
        assert!(serde_json::from_str::<PromiseId>("\"0000\"").is_err());
    }
}
