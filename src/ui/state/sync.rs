//! Sync as the person uses it: turning it on (the connection checked, the passphrase
//! unlocking or making the key, everything this device holds offered), turning it off, and
//! each round, which reads and keeps the ledger through the app's engine
//! ([`super::sync_store`]) so that editing goes on while a request is in flight. When rounds
//! run is [`super::sync_schedule`]'s concern; that only one tab runs them at a time,
//! [`super::sync_lock`]'s.

use super::sync_store::AppStore;
use super::*;
use crate::sync::couch::{CouchClient, Credentials};
use crate::sync::crypto::{SyncKey, MIN_PASSPHRASE_CHARS};
use crate::sync::round::{round, SyncFailure};
use crate::sync::sealed::{unlock_or_create, Sealed};
use crate::sync::settings::Connection;
use rapport_core::sync::Journal;

/// Why sync cannot be turned on or off, or the passphrase changed, this moment.
pub(super) const SYNC_RUNNING: &str = "Sync is running. Try again in a moment, once it is done.";

/// What the person gives to turn sync on.
#[derive(Clone, Default)]
pub struct SyncForm {
    /// The server's address.
    pub server: String,
    /// The CouchDB user name.
    pub user: String,
    /// Its password.
    pub password: String,
    /// The database's name.
    pub database: String,
    /// The sync passphrase.
    pub passphrase: String,
}

/// The connection in use, with its client and the unlocked key.
#[derive(Clone)]
pub(super) struct Link {
    pub(super) connection: Connection,
    pub(super) client: CouchClient,
    pub(super) key: SyncKey,
}

/// Sync's state as the page shows it (copyable handles).
#[derive(Clone, Copy)]
pub struct SyncState {
    /// Whether sync is on for this device.
    pub on: RwSignal<bool>,
    /// Whether a round is running in this tab.
    pub syncing: RwSignal<bool>,
    /// When the last round ended well, in milliseconds since 1970.
    pub last_synced: RwSignal<Option<i64>>,
    /// Changes made here that have not reached the server.
    pub waiting: RwSignal<usize>,
    /// Why the last round (or turning sync on) failed, in plain words.
    pub failure: RwSignal<Option<String>>,
    /// The running round's progress: documents taken from the server, and sent to it.
    pub progress: RwSignal<(usize, usize)>,
    /// How many rounds this tab ran to their end or to a failure (the page shows it to the
    /// end-to-end tests, which wait for a round by it).
    pub rounds: RwSignal<u32>,
    /// The connection in use once its key is unlocked.
    pub(super) link: StoredValue<Option<Link>, LocalStorage>,
    /// A round was asked for while one ran: one more follows it.
    pub(super) again: StoredValue<bool>,
    /// When automatic rounds run.
    pub(super) schedule: StoredValue<super::sync_schedule::Schedule, LocalStorage>,
}

impl SyncState {
    /// Sync off, nothing known yet.
    pub(super) fn new() -> Self {
        Self {
            on: RwSignal::new(false),
            syncing: RwSignal::new(false),
            last_synced: RwSignal::new(None),
            waiting: RwSignal::new(0),
            failure: RwSignal::new(None),
            rounds: RwSignal::new(0),
            progress: RwSignal::new((0, 0)),
            link: StoredValue::new_local(None),
            again: StoredValue::new(false),
            schedule: StoredValue::new_local(Default::default()),
        }
    }
}

/// How a round ended.
pub(super) enum Ended {
    /// It ran to the end.
    Synced,
    /// Another tab was running one: its results arrive through storage.
    OtherTab,
    /// It stopped.
    Failed(SyncFailure),
}

impl AppState {
    /// Counts the changes made here that have not reached the server.
    pub(super) fn count_waiting(&self) {
        let ledger = self.ledger;
        let waiting = self.engine.with_value(|engine| {
            engine.as_ref().and_then(|engine| {
                ledger.with_untracked(|ledger| {
                    engine
                        .sync_journal(ledger)
                        .map(|journal| journal.waiting_to_push(ledger))
                })
            })
        });
        self.sync.waiting.set(waiting.unwrap_or(0));
    }

    /// At load: takes up the connection kept on this device, if sync is on in the ledger
    /// too, and unlocks its key (a second, off the page's thread).
    pub(super) fn resume_sync(&self) {
        let state = *self;
        let kept = match Connection::load() {
            Ok(kept) => kept,
            Err(failure) => {
                state.sync.failure.set(Some(failure.to_string()));
                None
            }
        };
        let journal_on = state.engine.with_value(|engine| {
            engine
                .as_ref()
                .is_some_and(|engine| engine.journal().is_some())
        });
        let Some(connection) = kept.filter(|_| journal_on) else {
            state.sync.link.set_value(None);
            state.sync.on.set(false);
            return;
        };
        state.sync.on.set(true);
        state.sync.last_synced.set(connection.last_synced);
        state.count_waiting();
        leptos::task::spawn_local(async move {
            match SyncKey::from_kept(&connection.key).await {
                Ok(key) => {
                    state.sync.link.set_value(Some(Link {
                        client: connection.client(),
                        connection,
                        key,
                    }));
                    state.sync_soon();
                }
                Err(error) => state.sync.failure.set(Some(error.to_string())),
            }
        });
    }

    /// Turns sync on: checks the server and the database, unlocks (or makes) the key with
    /// the passphrase, offers everything this device holds, and runs a first round. A wrong
    /// password or passphrase is refused before anything is written, here or on the server.
    pub async fn turn_on_sync(&self, form: SyncForm) -> Result<(), String> {
        let state = *self;
        // A round still running would keep its steps with the new journal.
        if state.sync.syncing.get_untracked() {
            return Err(SYNC_RUNNING.to_owned());
        }
        if [&form.server, &form.user, &form.database]
            .iter()
            .any(|field| field.trim().is_empty())
        {
            return Err("Fill in the server address, the user name and the database.".to_owned());
        }
        if !(form.server.trim().starts_with("https://")
            || form.server.trim().starts_with("http://"))
        {
            return Err(
                "The server address starts with https:// (such as https://couch.example.com:6984)."
                    .to_owned(),
            );
        }
        if form.passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(crate::sync::crypto::CryptoError::PassphraseTooShort.to_string());
        }
        let client = CouchClient::new(
            &form.server,
            &form.database,
            Credentials {
                user: form.user.trim().to_owned(),
                password: form.password.clone(),
            },
        );
        client.open().await.map_err(|error| error.to_string())?;
        let key = unlock_or_create(&client, &form.passphrase)
            .await
            .map_err(|failure| failure.to_string())?;
        let connection = Connection {
            server: form.server.trim().to_owned(),
            user: form.user.trim().to_owned(),
            password: form.password,
            database: form.database.trim().to_owned(),
            key: key.kept().clone(),
            last_synced: None,
        };
        // The journal first, then the connection: another tab that sees the connection
        // appear has followed the journal's commit already (storage events come in order).
        state.save_journal(Some(Journal::offering_everything()))?;
        if let Err(failure) = connection.keep() {
            // Sync stays off: nothing of it is kept.
            let _ = state.save_journal(None);
            return Err(failure.to_string());
        }
        state.sync.link.set_value(Some(Link {
            connection,
            client,
            key,
        }));
        state.sync.on.set(true);
        state.sync.failure.set(None);
        state.sync.last_synced.set(None);
        state.count_waiting();
        state.sync_now();
        Ok(())
    }

    /// Turns sync off on this device: the ledger stays, the server copy stays, and the
    /// connection and key kept here are forgotten.
    pub fn turn_off_sync(&self) -> Result<(), String> {
        if self.sync.syncing.get_untracked() {
            return Err(SYNC_RUNNING.to_owned());
        }
        self.save_journal(None)?;
        self.sync.link.set_value(None);
        self.sync.on.set(false);
        self.sync.failure.set(None);
        self.sync.last_synced.set(None);
        self.sync.waiting.set(0);
        Connection::forget().map_err(|failure| failure.to_string())
    }

    /// Saves the ledger with `journal` (`None`: sync off), following another tab's commit
    /// first when there was one.
    fn save_journal(&self, journal: Option<Journal>) -> Result<(), String> {
        for _ in 0..3 {
            let ledger = self.ledger;
            let journal = journal.clone();
            let saved = self.engine.try_update_value(|engine| {
                engine.as_mut().map(|engine| {
                    ledger.try_update_untracked(|ledger| engine.save_with_journal(ledger, journal))
                })
            });
            match saved.flatten().flatten() {
                Some(Ok(_)) => return Ok(()),
                Some(Err(StorageError::ChangedElsewhere)) => self.refresh(),
                Some(Err(error)) => return Err(error.to_string()),
                None => {
                    return Err(
                        "This browser's storage is not available, so sync cannot be \
                                turned on or off here."
                            .to_owned(),
                    )
                }
            }
        }
        Err("Another tab of Rapport kept saving at the same moment. Try again.".to_owned())
    }

    /// Runs one round with the connection in use, unless one is running (then one more
    /// follows it) or another tab is running one.
    pub(super) async fn run_round(&self) -> Option<Ended> {
        let state = *self;
        let link = state.sync.link.get_value()?;
        if state.sync.syncing.get_untracked() {
            state.sync.again.set_value(true);
            return None;
        }
        state.sync.syncing.set(true);
        state.sync.progress.set((0, 0));
        let mut ended;
        loop {
            state.sync.again.set_value(false);
            let link = link.clone();
            ended = super::sync_lock::exclusively(move || async move {
                round(
                    &link.client,
                    &Sealed(link.key.clone()),
                    &mut AppStore(state),
                )
                .await
            })
            .await
            .map_or(Ended::OtherTab, |result| match result {
                Ok(_) => Ended::Synced,
                Err(failure) => Ended::Failed(failure),
            });
            if !matches!(ended, Ended::Synced) || !state.sync.again.get_value() {
                break;
            }
        }
        state.sync.syncing.set(false);
        match &ended {
            Ended::Synced => {
                let at = browser::now().at.millis();
                state.sync.last_synced.set(Some(at));
                state.sync.failure.set(None);
                state.sync.link.update_value(|link| {
                    if let Some(link) = link {
                        link.connection.last_synced = Some(at);
                        // Only the time is lost if this fails; the next round tries again.
                        let _ = link.connection.keep();
                    }
                });
            }
            Ended::OtherTab => {}
            Ended::Failed(failure) => {
                let words = state.failure_words(&link, failure).await;
                state.sync.failure.set(Some(words));
            }
        }
        state.count_waiting();
        if !matches!(ended, Ended::OtherTab) {
            state.sync.rounds.update(|rounds| *rounds += 1);
        }
        Some(ended)
    }
}
