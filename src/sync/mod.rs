//! Sync with a CouchDB the person owns: the ledger's records become documents on a server
//! the person runs or rents, so every device of theirs has the same ledger and a copy lives
//! off this browser (issue 24).
//!
//! - [`couch`]: the client that speaks CouchDB's HTTP API from the page (open or create the
//!   database, read its changes feed, fetch documents and conflicting revisions, write in
//!   bulk), with every failure a [`couch::CouchError`] in plain words;
//! - [`round`]: one round of sync (pull, then push) through that client, driving the core's
//!   steps (`rapport_core::sync`), with each body wrapped by an [`round::Envelope`].

pub mod couch;
pub mod round;
