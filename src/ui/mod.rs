//! The Leptos user interface: pages, components, and the thin reactive state that wraps
//! the domain ledger and the storage engine.

pub mod app;
pub mod backup;
pub mod browser;
pub mod chart_math;
pub mod choice_signal;
pub mod components;
pub mod contact_filters;
pub mod device;
pub mod drafts;
pub mod element_ref;
pub mod form;
pub mod keeping;
pub mod pages;
pub mod quota;
pub mod route;
pub mod shortcuts;
pub mod state;
pub mod theme;
pub mod windowing;
pub mod worker;

pub use app::App;
