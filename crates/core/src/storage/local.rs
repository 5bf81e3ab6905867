//! The browser's localStorage as a [`KeyValueStore`].
//!
//! localStorage is reached through `web_sys` rather than `gloo-storage`, whose
//! `LocalStorage::raw()` panics (`expect_throw`) when there is no window or storage is
//! disabled: here every failure becomes a [`BackendError`] the person is told about.
//!
//! The module compiles on every target, so the UI type-checks and its pure parts test
//! natively; off the web [`LocalStore::open`] reports storage as unavailable.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DomException, Storage, Window};

use super::backend::{BackendError, KeyValueStore};
use super::engine::StorageError;

// The stored chunks are millions of UTF-16 units, nearly all outside ASCII (see `codec`).
// Handing such a string to Rust the usual way encodes it to UTF-8 in JavaScript, which took
// 52 of the 171 ms a heavy ledger's load took; copying the units as they are is a plain loop,
// and the codec unpacks them without building a string.
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "
export function read_units(storage, key) {
  const text = storage.getItem(key);
  if (text === null) return undefined;
  const units = new Uint16Array(text.length);
  for (let at = 0; at < text.length; at += 1) units[at] = text.charCodeAt(at);
  return units;
}
export function holds(storage, key, text) {
  return storage.getItem(key) === text;
}")]
extern "C" {
    /// The UTF-16 units stored under `key`, or `None` when there is no such key.
    #[wasm_bindgen(catch)]
    fn read_units(storage: &Storage, key: &str) -> Result<Option<js_sys::Uint16Array>, JsValue>;

    /// Whether `key` holds exactly `text`, compared in JavaScript: the stored text is not
    /// copied into Rust to find out.
    #[wasm_bindgen(catch)]
    fn holds(storage: &Storage, key: &str, text: &str) -> Result<bool, JsValue>;
}

/// The legacy numeric code of a quota error, still the only signal in some browsers.
const QUOTA_EXCEEDED_CODE: u16 = 22;

/// The origin's localStorage.
#[derive(Clone, Debug)]
pub struct LocalStore {
    storage: Storage,
}

impl LocalStore {
    /// Opens localStorage. Disabled storage, private modes that refuse it, and a missing
    /// window (a worker) give [`StorageError::Unavailable`], never a panic.
    pub fn open() -> Result<Self, StorageError> {
        let window = browser_window()
            .ok_or_else(|| StorageError::Unavailable("no browser window".to_owned()))?;
        match window.local_storage() {
            Ok(Some(storage)) => Ok(LocalStore { storage }),
            Ok(None) => Err(StorageError::Unavailable(
                "localStorage is not offered".to_owned(),
            )),
            Err(error) => Err(StorageError::Unavailable(describe(&error))),
        }
    }
}

impl KeyValueStore for LocalStore {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        self.storage
            .get_item(key)
            .map_err(|error| BackendError::Failed(describe(&error)))
    }

    fn get_units(&self, key: &str) -> Result<Option<Vec<u16>>, BackendError> {
        let units = read_units(&self.storage, key)
            .map_err(|error| BackendError::Failed(describe(&error)))?;
        Ok(units.map(|units| units.to_vec()))
    }

    fn holds(&self, key: &str, text: &str) -> Result<bool, BackendError> {
        holds(&self.storage, key, text).map_err(|error| BackendError::Failed(describe(&error)))
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), BackendError> {
        self.storage.set_item(key, value).map_err(|error| {
            if is_quota_error(&error) {
                BackendError::QuotaExceeded
            } else {
                BackendError::Failed(describe(&error))
            }
        })
    }

    fn remove(&mut self, key: &str) -> Result<(), BackendError> {
        self.storage
            .remove_item(key)
            .map_err(|error| BackendError::Failed(describe(&error)))
    }

    fn keys(&self) -> Result<Vec<String>, BackendError> {
        let failed = |error: JsValue| BackendError::Failed(describe(&error));
        let length = self.storage.length().map_err(failed)?;
        let mut keys = Vec::with_capacity(length as usize);
        for index in 0..length {
            if let Some(key) = self.storage.key(index).map_err(failed)? {
                keys.push(key);
            }
        }
        Ok(keys)
    }
}

/// The page's window; there is none in a worker, or off the web (where calling into
/// `web_sys` would panic).
#[cfg(target_arch = "wasm32")]
fn browser_window() -> Option<Window> {
    web_sys::window()
}

/// The page's window; there is none in a worker, or off the web (where calling into
/// `web_sys` would panic).
#[cfg(not(target_arch = "wasm32"))]
fn browser_window() -> Option<Window> {
    None
}

/// Whether `setItem` threw because the quota is used up (Chromium and Safari say
/// `QuotaExceededError`, old Firefox `NS_ERROR_DOM_QUOTA_REACHED`).
fn is_quota_error(error: &JsValue) -> bool {
    error.dyn_ref::<DomException>().is_some_and(|exception| {
        matches!(
            exception.name().as_str(),
            "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED"
        ) || exception.code() == QUOTA_EXCEEDED_CODE
    })
}

/// A short description of a thrown JavaScript value, for the error's detail.
fn describe(error: &JsValue) -> String {
    match error.dyn_ref::<DomException>() {
        Some(exception) => format!("{}: {}", exception.name(), exception.message()),
        None => error.as_string().unwrap_or_else(|| format!("{error:?}")),
    }
}
