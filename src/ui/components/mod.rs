//! Reusable pieces of the pages.

pub mod charts;
mod contact_form;
mod custom_field_inputs;
mod guided_walk;
mod log_form;
mod plan_card;
mod playbook_panel;
mod promises;
mod quality_card;
mod reciprocity_card;
mod safety_nets;
mod saved_lists;
pub mod select_field;
mod stage_badge;
mod storage_banner;
mod timeline;
mod toast;

pub use charts::{BarChart, ColumnChart};
pub use contact_form::ContactForm;
pub use guided_walk::GuidedWalk;
pub use log_form::LogForm;
pub use plan_card::PlanCard;
pub use playbook_panel::PlaybookPanel;
pub use promises::Promises;
pub use quality_card::QualityCard;
pub use reciprocity_card::ReciprocityCard;
pub use safety_nets::{BackupHabitField, BackupNudge, StorageMeter};
pub use saved_lists::SavedLists;
pub use stage_badge::StageBadge;
pub use storage_banner::StorageBanner;
pub use timeline::Timeline;
pub use toast::ToastView;
