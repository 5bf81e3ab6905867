//! The connection sync uses, kept on this device under [`SETTINGS_KEY`] so a reload syncs
//! without asking again: the server's address, the user name and password, the database,
//! the sync key's bits ([`KeptKey`], which says why keeping them here is acceptable) and
//! when the last round ended. Turning sync off, and "erase everything" (every key starting
//! `rapport.`), remove it.

use serde::{Deserialize, Serialize};

use super::couch::{CouchClient, Credentials};
use super::crypto::KeptKey;
use super::round::SyncFailure;

/// The localStorage key of the connection.
pub const SETTINGS_KEY: &str = "rapport.sync";

/// Where and as whom this device syncs, and with which key.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    /// The server's address, such as `https://couch.example.com:6984`.
    pub server: String,
    /// The CouchDB user name.
    pub user: String,
    /// Its password (sent to the server only, as HTTP basic authentication).
    pub password: String,
    /// The database's name.
    pub database: String,
    /// The sync key, to have it again without the passphrase.
    pub key: KeptKey,
    /// When the last round ended well, in milliseconds since 1970.
    #[serde(default)]
    pub last_synced: Option<i64>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Connection")
            .field("server", &self.server)
            .field("user", &self.user)
            .field("database", &self.database)
            .finish_non_exhaustive()
    }
}

impl Connection {
    /// A client for this connection's database.
    pub fn client(&self) -> CouchClient {
        CouchClient::new(
            &self.server,
            &self.database,
            Credentials {
                user: self.user.clone(),
                password: self.password.clone(),
            },
        )
    }

    /// The connection kept on this device, if any. One that cannot be read (written by a
    /// later version, or damaged) is refused in words; sync stays off until it is set again.
    pub fn load() -> Result<Option<Self>, SyncFailure> {
        let Some(text) = storage()?.get_item(SETTINGS_KEY).map_err(refused)? else {
            return Ok(None);
        };
        serde_json::from_str(&text).map(Some).map_err(|_| {
            SyncFailure::Settings(
                "the kept sync settings could not be read; turn sync on again".to_owned(),
            )
        })
    }

    /// Keeps this connection on this device.
    pub fn keep(&self) -> Result<(), SyncFailure> {
        let text = serde_json::to_string(self)
            .map_err(|error| SyncFailure::Settings(error.to_string()))?;
        storage()?.set_item(SETTINGS_KEY, &text).map_err(refused)
    }

    /// Removes the kept connection (and with it the key) from this device.
    pub fn forget() -> Result<(), SyncFailure> {
        storage()?.remove_item(SETTINGS_KEY).map_err(refused)
    }
}

fn storage() -> Result<web_sys::Storage, SyncFailure> {
    web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .ok_or_else(|| SyncFailure::Settings("this browser offers no storage here".to_owned()))
}

fn refused(error: wasm_bindgen::JsValue) -> SyncFailure {
    SyncFailure::Settings(
        js_sys::Reflect::get(&error, &"message".into())
            .ok()
            .and_then(|message| message.as_string())
            .unwrap_or_else(|| "the browser refused".to_owned()),
    )
}
