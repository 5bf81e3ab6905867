//! The key-value store the engine writes to, and an in-memory double for tests.
//!
//! The engine only needs four operations, so it runs unchanged on the browser's
//! localStorage ([`super::LocalStore`], wasm only) and on [`MemoryStore`], which imitates
//! localStorage's quota and can fail any write, so every step of a save can be tested natively.

use std::collections::BTreeMap;

use thiserror::Error;

/// Why a key-value operation failed.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum BackendError {
    /// The write would exceed the storage quota.
    #[error("storage quota exceeded")]
    QuotaExceeded,
    /// There is no storage to use (disabled, private mode, no window).
    #[error("storage is unavailable: {0}")]
    Unavailable(String),
    /// Any other failure reported by the store.
    #[error("storage operation failed: {0}")]
    Failed(String),
}

/// A string-to-string store with localStorage's semantics: each `set` or `remove` is atomic
/// on its own, and nothing larger is.
pub trait KeyValueStore {
    /// The value under `key`, if any.
    fn get(&self, key: &str) -> Result<Option<String>, BackendError>;
    /// The value under `key` as UTF-16 code units, the form localStorage keeps; a store
    /// that holds strings converts them.
    fn get_units(&self, key: &str) -> Result<Option<Vec<u16>>, BackendError> {
        Ok(self.get(key)?.map(|text| text.encode_utf16().collect()))
    }
    /// Whether `key` holds exactly `text`; a store that can compare where the text lives
    /// avoids copying it out.
    fn holds(&self, key: &str, text: &str) -> Result<bool, BackendError> {
        Ok(self.get(key)?.as_deref() == Some(text))
    }
    /// Stores `value` under `key`, replacing any previous value.
    fn set(&mut self, key: &str, value: &str) -> Result<(), BackendError>;
    /// Removes `key`; removing a missing key is not an error.
    fn remove(&mut self, key: &str) -> Result<(), BackendError>;
    /// Every key in the store, in no particular order.
    fn keys(&self) -> Result<Vec<String>, BackendError>;
}

/// The size of one entry as localStorage counts it: UTF-16 code units of key and value.
pub fn entry_units(key: &str, value: &str) -> usize {
    utf16_len(key) + utf16_len(value)
}

/// UTF-16 code units of `text`, counted on its UTF-8 bytes: every character's first byte
/// counts one, and a four-byte character (outside the Basic Multilingual Plane) one more.
fn utf16_len(text: &str) -> usize {
    text.bytes()
        .map(|byte| usize::from(byte & 0xC0 != 0x80) + usize::from(byte >= 0xF0))
        .sum()
}

/// How an injected failure behaves once it is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureMode {
    /// Only the chosen write fails; later ones succeed (a transient error).
    Once,
    /// The chosen write and every later one fail (the tab crashed or storage broke).
    FromThenOn,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Failure {
    at_write: usize,
    mode: FailureMode,
}

/// An in-memory store with an optional quota and an optional injected failure.
///
/// Cloning takes a snapshot, so a test can replay a save from the same state many times.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemoryStore {
    entries: BTreeMap<String, String>,
    quota_units: Option<usize>,
    failure: Option<Failure>,
    writes: usize,
    /// Units of every entry, kept current so quota checks stay cheap on big stores.
    units: usize,
}

impl MemoryStore {
    /// An empty store without quota or failures.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty store refusing writes past `units` UTF-16 code units in total, counted like
    /// Chromium's localStorage (5,242,880 units per origin).
    pub fn with_quota(units: usize) -> Self {
        Self {
            quota_units: Some(units),
            ..Self::default()
        }
    }

    /// Makes the `n`-th write from now fail (0 is the next one); writes are `set` and
    /// `remove` calls, counted whether they succeed or not.
    pub fn fail_at_write(&mut self, n: usize, mode: FailureMode) {
        self.failure = Some(Failure {
            at_write: self.writes + n,
            mode,
        });
    }

    /// Removes any injected failure, as if the tab was reopened on a healthy store.
    pub fn heal(&mut self) {
        self.failure = None;
    }

    /// How many writes were attempted since the store was created.
    pub fn writes(&self) -> usize {
        self.writes
    }

    /// Total UTF-16 code units of every key and value.
    pub fn units_used(&self) -> usize {
        self.units
    }

    /// Every entry, in key order (for assertions).
    pub fn entries(&self) -> &BTreeMap<String, String> {
        &self.entries
    }

    /// Lifts the quota and the injected failure, handing them back for
    /// [`restore_limits`](Self::restore_limits): the model test delivers another tab's
    /// write to this store as the browser does, which neither refuses.
    #[cfg(test)]
    pub(crate) fn take_limits(&mut self) -> (Option<usize>, Option<Failure>) {
        (self.quota_units.take(), self.failure.take())
    }

    /// Puts back what [`take_limits`](Self::take_limits) lifted.
    #[cfg(test)]
    pub(crate) fn restore_limits(&mut self, quota: Option<usize>, failure: Option<Failure>) {
        self.quota_units = quota;
        self.failure = failure;
    }

    /// Counts a write and tells whether the injected failure hits it.
    fn begin_write(&mut self) -> Result<(), BackendError> {
        let index = self.writes;
        self.writes += 1;
        let fails = self.failure.is_some_and(|failure| match failure.mode {
            FailureMode::Once => index == failure.at_write,
            FailureMode::FromThenOn => index >= failure.at_write,
        });
        if fails {
            Err(BackendError::Failed(format!(
                "injected failure at write {index}"
            )))
        } else {
            Ok(())
        }
    }
}

impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        Ok(self.entries.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), BackendError> {
        self.begin_write()?;
        let replaced = self.entries.get(key).map_or(0, |old| entry_units(key, old));
        let units = self.units - replaced + entry_units(key, value);
        if self.quota_units.is_some_and(|quota| units > quota) {
            return Err(BackendError::QuotaExceeded);
        }
        self.entries.insert(key.to_owned(), value.to_owned());
        self.units = units;
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), BackendError> {
        self.begin_write()?;
        if let Some(old) = self.entries.remove(key) {
            self.units -= entry_units(key, &old);
        }
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, BackendError> {
        Ok(self.entries.keys().cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // proptest does not build for wasm32.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn units_are_counted_as_utf16_counts_them(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(utf16_len(&text), text.encode_utf16().count());
        }
    }

    #[test]
    fn a_store_holds_exactly_the_text_it_was_given() {
        let mut store = MemoryStore::new();
        store.set("k", "Zoë 🚀").expect("set");
        assert_eq!(store.holds("k", "Zoë 🚀"), Ok(true));
        assert_eq!(store.holds("k", "Zoë"), Ok(false));
        assert_eq!(store.holds("missing", ""), Ok(false));
    }

    #[test]
    fn quota_counts_utf16_units_of_keys_and_values() {
        let mut store = MemoryStore::with_quota(10);
        assert_eq!(store.set("k", "🚀🚀"), Ok(()));
        assert_eq!(store.units_used(), 5);
        assert_eq!(store.set("k2", "123456"), Err(BackendError::QuotaExceeded));
        // Replacing a value frees the old one first.
        assert_eq!(store.set("k", "123456789"), Ok(()));
        assert_eq!(store.get("k2"), Ok(None));
    }

    #[test]
    fn a_single_failure_hits_only_its_write() {
        let mut store = MemoryStore::new();
        store.fail_at_write(1, FailureMode::Once);
        assert_eq!(store.set("a", "1"), Ok(()));
        assert!(store.remove("a").is_err());
        assert_eq!(store.set("b", "2"), Ok(()));
        assert_eq!(store.keys(), Ok(vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(store.writes(), 3);
    }

    #[test]
    fn a_crash_fails_every_later_write_until_healed() {
        let mut store = MemoryStore::new();
        store.fail_at_write(0, FailureMode::FromThenOn);
        assert!(store.set("a", "1").is_err());
        assert!(store.set("b", "1").is_err());
        assert_eq!(store.get("a"), Ok(None));
        store.heal();
        assert_eq!(store.set("a", "1"), Ok(()));
    }
}
