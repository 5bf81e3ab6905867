//! The real room of this browser's localStorage, in the units the storage meter counts.
//!
//! Engines differ, and not in a way a page can ask: Chromium and Firefox hold 5,242,880
//! UTF-16 units of any text per site; WebKit (Safari, every browser on iPhone and iPad)
//! holds 5 MiB of bytes and counts two bytes a unit for a string with any character above
//! U+00FF, which is what the storage codec writes: 2,621,440 units. So Rapport measures the
//! room once, writing text of the codec's own kind until the browser refuses, clears it,
//! and keeps the figure; the meter and the "almost full" warning divide by it. The probe is
//! written against [`KeyValueStore`], so it runs natively on a store double with a quota.
//!
//! The figure is what is stored now, in UTF-16 units, plus the room the probe found. WebKit
//! counts the ASCII of keys and of the manifest at one byte a unit, so with a ledger stored
//! its figure reads slightly above 2,621,440 (by half their size, about 0.05 % for the demo
//! ledger); the meter counts the ledger in the same units, so it reads 100 % exactly when
//! the browser refuses the next write. The probe fills storage for a fraction of a second:
//! a save another tab makes in that instant fails and is retried like any refused save.

use serde::{Deserialize, Serialize};

use crate::storage::backend::entry_units;
use crate::storage::{BackendError, KeyValueStore};

/// The room of Chromium and Firefox, in UTF-16 units: the figure used until a measure is
/// there (and where storage cannot be measured).
pub const DEFAULT_QUOTA_UNITS: usize = 5_242_880;

/// The key the measured room is kept under (with the browser it was measured in).
pub const QUOTA_KEY: &str = "rapport.quota";

/// The keys the probe writes: under the app's prefix, so "erase everything" removes any a
/// closed tab left, and never the manifest, so other tabs do not reload for them.
const PROBE_PREFIX: &str = "rapport.quota-probe.";

/// A character of the codec's kind: above U+00FF, so WebKit counts it at two bytes.
const PROBE_CHAR: char = '\u{0100}';

/// The first write's size; halved at each refusal.
const FIRST_PROBE_UNITS: usize = 1 << 20;

/// The probe stops once a write of this size is refused: the room is known to within it
/// (0.01 % of Chromium's).
const PROBE_PRECISION_UNITS: usize = 512;

/// From this share of the room on, the meter warns that storage is almost full.
pub const ALMOST_FULL_PERCENT: f64 = 80.0;

/// The measure kept under [`QUOTA_KEY`].
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Measured {
    /// The room, in UTF-16 units of text above U+00FF.
    units: usize,
    /// The browser's user agent when measured: an update may change the room.
    agent: String,
}

/// The room kept for the browser `agent`, if it was measured there.
pub fn kept_quota<S: KeyValueStore>(store: &S, agent: &str) -> Option<usize> {
    let text = store.get(QUOTA_KEY).ok().flatten()?;
    let measured: Measured = serde_json::from_str(&text).ok()?;
    (measured.agent == agent && measured.units > 0).then_some(measured.units)
}

/// Measures the room of `store` ([`probe_quota`]) and keeps it for the browser `agent`.
pub fn measure_and_keep<S: KeyValueStore>(
    store: &mut S,
    agent: &str,
) -> Result<usize, BackendError> {
    let units = probe_quota(store)?;
    let measured = Measured {
        units,
        agent: agent.to_owned(),
    };
    let text = serde_json::to_string(&measured)
        .map_err(|error| BackendError::Failed(error.to_string()))?;
    store.set(QUOTA_KEY, &text)?;
    Ok(units)
}

/// The whole room of `store` in UTF-16 units of text above U+00FF: what is stored now plus
/// what the probe could add. The probe writes such text under its own keys, halving each
/// refused write until [`PROBE_PRECISION_UNITS`], then removes every key it wrote, so the
/// store is as it was.
pub fn probe_quota<S: KeyValueStore>(store: &mut S) -> Result<usize, BackendError> {
    remove_probes(store)?;
    let mut used = 0;
    for key in store.keys()? {
        if let Some(value) = store.get(&key)? {
            used += entry_units(&key, &value);
        }
    }
    let text: String = std::iter::repeat_n(PROBE_CHAR, FIRST_PROBE_UNITS).collect();
    let bytes_per_unit = PROBE_CHAR.len_utf8();
    let mut size = FIRST_PROBE_UNITS;
    let mut room = 0;
    let mut written = 0;
    let outcome = loop {
        if size < PROBE_PRECISION_UNITS {
            break Ok(used + room);
        }
        let key = format!("{PROBE_PREFIX}{written}");
        let value = &text[..size * bytes_per_unit];
        match store.set(&key, value) {
            Ok(()) => {
                room += entry_units(&key, value);
                written += 1;
            }
            Err(BackendError::QuotaExceeded) => size /= 2,
            Err(other) => break Err(other),
        }
    };
    remove_probes(store)?;
    outcome
}

/// Removes every probe key in `store`.
fn remove_probes<S: KeyValueStore>(store: &mut S) -> Result<(), BackendError> {
    for key in store.keys()? {
        if key.starts_with(PROBE_PREFIX) {
            store.remove(&key)?;
        }
    }
    Ok(())
}

/// Whether a ledger of `units` is large enough for the real room to matter: from half of
/// WebKit's room, the smallest an engine gives, on. Below that the default figure is
/// within the margin of every engine, so nothing is written to measure.
pub fn worth_measuring(units: usize) -> bool {
    units >= DEFAULT_QUOTA_UNITS / 4
}

/// The share of the room `units` take, in percent.
pub fn percent_used(units: usize, quota: usize) -> f64 {
    units as f64 * 100.0 / quota.max(1) as f64
}

/// Whether `units` take so much of the room that the next saves may not fit.
pub fn almost_full(units: usize, quota: usize) -> bool {
    percent_used(units, quota) >= ALMOST_FULL_PERCENT
}

/// How full this browser's storage for Rapport is, in words: a percentage, and the size
/// in kilobytes or megabytes (each stored unit of the codec's text takes two bytes).
pub fn usage_words(units: usize, quota: usize) -> String {
    let size = |units: usize| {
        let bytes = units as f64 * 2.0;
        if bytes < 1024.0 * 1024.0 {
            format!("{:.0} KB", (bytes / 1024.0).ceil())
        } else {
            format!("{:.1} MB", bytes / (1024.0 * 1024.0))
        }
    };
    format!(
        "{:.1} % of this browser's storage for Rapport is used: about {} of {}.",
        percent_used(units, quota),
        size(units),
        size(quota)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    /// WebKit's room for text above U+00FF.
    const WEBKIT_UNITS: usize = 2_621_440;

    #[test]
    fn usage_reads_in_kilobytes_and_megabytes() {
        assert_eq!(
            usage_words(23_139, DEFAULT_QUOTA_UNITS),
            "0.4 % of this browser's storage for Rapport is used: about 46 KB of 10.0 MB."
        );
        assert_eq!(
            usage_words(2_700_000, DEFAULT_QUOTA_UNITS),
            "51.5 % of this browser's storage for Rapport is used: about 5.1 MB of 10.0 MB."
        );
    }

    #[test]
    fn usage_is_counted_against_the_room_of_the_engine() {
        assert_eq!(
            usage_words(2_500_000, WEBKIT_UNITS),
            "95.4 % of this browser's storage for Rapport is used: about 4.8 MB of 5.0 MB."
        );
        assert!(almost_full(2_500_000, WEBKIT_UNITS));
        assert!(!almost_full(2_500_000, DEFAULT_QUOTA_UNITS));
    }

    #[test]
    fn the_probe_finds_the_room_and_leaves_the_store_as_it_was() {
        for quota in [DEFAULT_QUOTA_UNITS, WEBKIT_UNITS, 40_000] {
            let mut store = MemoryStore::with_quota(quota);
            store
                .set("rapport.manifest", "{\"kept\":true}")
                .expect("set");
            let before = store.clone();
            let measured = probe_quota(&mut store).expect("probe");
            assert!(
                measured <= quota && quota - measured < PROBE_PRECISION_UNITS,
                "measured {measured} of {quota}"
            );
            assert_eq!(store.entries(), before.entries());
        }
    }

    #[test]
    fn the_probe_counts_what_is_stored_already_and_clears_a_crashed_probe() {
        let mut store = MemoryStore::with_quota(WEBKIT_UNITS);
        store
            .set("another-app", &"x".repeat(1_000_000))
            .expect("set");
        store
            .set(&format!("{PROBE_PREFIX}7"), &"y".repeat(500_000))
            .expect("a probe a closed tab left");
        let measured = probe_quota(&mut store).expect("probe");
        assert!(WEBKIT_UNITS - measured < PROBE_PRECISION_UNITS);
        assert_eq!(store.keys().expect("keys"), vec!["another-app".to_owned()]);
    }

    #[test]
    fn a_small_ledger_needs_no_measure() {
        assert!(!worth_measuring(23_139));
        assert!(worth_measuring(WEBKIT_UNITS / 2));
    }

    #[test]
    fn a_measure_is_kept_per_browser() {
        let mut store = MemoryStore::with_quota(WEBKIT_UNITS);
        assert_eq!(kept_quota(&store, "WebKit"), None);
        let measured = measure_and_keep(&mut store, "WebKit").expect("measure");
        assert_eq!(kept_quota(&store, "WebKit"), Some(measured));
        assert_eq!(kept_quota(&store, "WebKit, updated"), None);
    }

    #[test]
    fn a_store_that_fails_otherwise_is_not_measured() {
        let mut store = MemoryStore::with_quota(WEBKIT_UNITS);
        store.fail_at_write(2, crate::storage::FailureMode::Once);
        assert!(matches!(
            probe_quota(&mut store),
            Err(BackendError::Failed(_))
        ));
        assert!(store.keys().expect("keys").is_empty());
    }
}
