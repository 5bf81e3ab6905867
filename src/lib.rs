//! Rapport: a relationship ledger for PR and communications people.
//!
//! The engine lives in the `rapport-core` crate (`crates/core`) and is re-exported here:
//! - [`domain`]: the records and rules of docs/DOMAIN.md, pure Rust, tested natively;
//! - [`formats`]: CSV, vCard and iCalendar export and import, pure Rust, tested natively;
//! - [`sorting`]: the one sort routine every list goes through, to keep the app small;
//! - [`storage`]: the localStorage engine, its formats, and JSON export and import.
//!
//! This crate adds, for the browser only:
//! - [`sync`]: sync with a CouchDB the person owns, end-to-end encrypted;
//! - [`ui`]: the Leptos components and pages.

pub use rapport_core::{domain, formats, jobs, sorting, storage};
pub mod sync;
pub mod ui;
