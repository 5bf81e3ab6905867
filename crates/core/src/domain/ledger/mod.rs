//! The ledger: every contact, interaction and promise, with operations that keep it whole,
//! and the tombstones deletions leave.
//!
//! Invariants, kept by every operation and checked for imported data by
//! [`Ledger::from_records`]:
//! - every interaction and promise points at an existing contact;
//! - a promise made in an interaction points at an interaction of the same contact;
//! - a person's organization is an existing organization contact;
//! - every contact has a consistent stage journey, and every text is within [`limits`];
//! - no tombstone names a live record.
//!
//! The ledger also remembers which contacts changed since the last save, so the storage
//! engine rewrites only the chunks that hold them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::contact::{
    Contact, ContactKind, ContactProfile, PlanPart, PromptTick, QualityCheck, RelationshipPlan,
};
use super::id::{ContactId, FieldId, InteractionId, ListId, PromiseId};
use super::interaction::{Interaction, InteractionDetails, PitchStatus};
use super::promise::{Party, Promise, PromiseStatus};
use super::settings::{FieldValueError, LedgerSettings, MAX_CADENCE_DAYS};
use super::stage::{Stage, StageJourney};
use super::time::{Now, Timestamp};
use super::tombstone::{DeletedId, Tombstone};
use super::words::counted;
use crate::sorting::{map_of, set_of, sort_by, sort_by_cached_key, sort_by_key};

mod checks;
mod contacts;
mod error;
mod interactions;
pub mod limits;
mod outlet;
mod pending;
mod promises;
mod reading;
mod records;
mod settings_ops;
mod tombstones;

pub(crate) use checks::check_contact;
use checks::*;
pub(in crate::domain) use checks::{check_details, check_text, touched};
pub use contacts::{DeletionImpact, RemovedContact};
pub use error::LedgerError;
pub use outlet::{OutletMatch, TypedOutlet};
pub use pending::PendingChanges;
pub use promises::PromiseDraft;
pub use reading::Counts;
pub use records::LedgerRecords;
pub(in crate::domain) use settings_ops::check_settings;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Related {
    interactions: BTreeSet<InteractionId>,
    promises: BTreeSet<PromiseId>,
}

/// Every record, with operations that keep the invariants listed in the module docs.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    contacts: BTreeMap<ContactId, Contact>,
    interactions: BTreeMap<InteractionId, Interaction>,
    promises: BTreeMap<PromiseId, Promise>,
    /// What is left of each deleted record, so the deletion travels (`tombstone.rs`).
    tombstones: BTreeMap<DeletedId, Tombstone>,
    settings: LedgerSettings,
    related: HashMap<ContactId, Related>,
    pending: PendingChanges,
}

/// Two ledgers are equal when they hold the same records and tombstones; unsaved-change
/// tracking is ignored.
impl PartialEq for Ledger {
    fn eq(&self, other: &Self) -> bool {
        self.settings == other.settings
            && self.contacts == other.contacts
            && self.interactions == other.interactions
            && self.promises == other.promises
            && self.tombstones == other.tombstones
    }
}

impl Eq for Ledger {}

impl Ledger {
    /// An empty ledger.
    pub fn new() -> Self {
        Self::default()
    }
}

#[cfg(test)]
mod all_or_nothing_tests;
#[cfg(test)]
mod tests;
