//! Pure domain logic: the records of docs/DOMAIN.md (each section names its files) and the
//! operations on them.
//!
//! Nothing here touches the browser, so all of it is tested natively with `cargo test --workspace`.

mod choice;
mod commands;
pub use commands::BulkMove;
pub mod contact;
pub mod evidence;
pub mod glossary;
pub mod id;
pub mod interaction;
pub mod ledger;
pub mod links;
pub mod merge;
pub mod move_grounds;
pub mod playbook;
pub mod promise;
pub mod rebase;
pub mod replace_impact;
pub mod sample;
pub mod search;
pub mod set_aside;
pub mod settings;
pub mod stage;
pub mod stats;
pub mod time;
pub mod today;
pub mod tombstone;
pub mod words;

pub use contact::{
    Channels, Contact, ContactKind, ContactProfile, PlanEntry, PlanPart, PromptTick, QualityCheck,
    RelationshipPlan, RelationshipType, StakeholderType,
};
pub use id::{ContactId, FieldId, InteractionId, ListId, PromiseId};
pub use interaction::{
    Channel, Direction, Interaction, InteractionDetails, InteractionKind, Pitch, PitchStatus,
};
pub use ledger::{
    Counts, DeletionImpact, Ledger, LedgerError, LedgerRecords, OutletMatch, PendingChanges,
    PromiseDraft, RemovedContact, TypedOutlet,
};
pub use promise::{Party, Promise, PromiseStatus};
pub use settings::{FieldDefinition, FieldKind, LedgerSettings, SavedList};
pub use stage::{Stage, StageJourney, StageMove};
pub use time::{parse_iso_day, DayFormat, Now, Timestamp};
pub use tombstone::{DeletedId, Tombstone};
