//! Rapport's engine, without the UI: everything here is plain Rust, tested natively, apart
//! from the localStorage adapter.
//!
//! - [`domain`]: the records and rules of docs/DOMAIN.md (each section names its files);
//! - [`formats`]: CSV, vCard and iCalendar export and import;
//! - [`sorting`]: the one sort routine every list goes through, to keep the app small;
//! - [`storage`]: the localStorage engine, its formats, and JSON export and import;
//! - [`sync`]: sync with a CouchDB the person owns, as steps without the network.

pub mod domain;
pub mod formats;
pub mod jobs;
pub mod sorting;
pub mod storage;
pub mod sync;
