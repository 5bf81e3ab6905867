//! Sync with a CouchDB the person owns: the ledger's records become documents on a server
//! the person runs or rents, so every device of theirs has the same ledger and a copy lives
//! off this browser, and every document's body is encrypted in the browser before it leaves
//! it, so the server sees ids, revisions, sizes and times, never a name, a note, an email or
//! a summary (issue 24).
//!
//! - [`conflicts`]: revisions a server keeps in conflict, resolved by Rapport's rule and
//!   deleted, so the server ends with none open;
//! - [`couch`]: the client that speaks CouchDB's HTTP API from the page (open or create the
//!   database, read its changes feed, fetch documents and conflicting revisions, write in
//!   bulk), with every failure a [`couch::CouchError`] in plain words;
//! - [`crypto`]: the key derived from the sync passphrase, the key check a second device
//!   unlocks with, and the encryption of each document's body (AES-256-GCM, through the
//!   browser's WebCrypto);
//! - [`rekey`]: changing the sync passphrase, every document sealed again with the new key;
//! - [`round`]: one round of sync (offer, pull, push) through that client, driving the core's
//!   steps (`rapport_core::sync`) on the ledger as it is after each answer (a
//!   [`round::SyncStore`]), with each body wrapped by an [`round::Envelope`];
//! - [`sealed`]: that envelope, sealing each body with the sync key, and the key check on the
//!   server that a second device unlocks with the passphrase;
//! - [`settings`]: the connection kept on this device (server, user, database, the key's
//!   bits), so a reload syncs without asking again.

pub mod conflicts;
pub mod couch;
pub mod crypto;
pub mod rekey;
pub mod round;
pub mod sealed;
pub mod settings;
