//! Rapport: a relationship ledger for PR and communications people.
//!
//! - [`domain`]: the records and rules of DOMAIN.md, pure Rust, tested natively;
//! - [`formats`]: CSV, vCard and iCalendar export and import, pure Rust, tested natively;
//! - [`sorting`]: the one sort routine every list goes through, to keep the app small;
//! - [`storage`]: the localStorage engine, its formats, and JSON export and import;
//! - [`ui`]: the Leptos components and pages (browser only).

pub mod domain;
pub mod formats;
pub mod sorting;
pub mod storage;
pub mod ui;
