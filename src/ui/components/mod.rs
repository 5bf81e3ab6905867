//! Reusable pieces of the pages.

pub mod charts;
mod contact_form;
mod guided_walk;
mod help_dialog;
mod log_form;
pub mod modal;
mod plan_card;
mod playbook_panel;
mod promises;
mod quality_card;
mod quick_log;
mod reciprocity_card;
pub mod select_field;
mod stage_badge;
mod storage_banner;
mod theme_toggle;
mod timeline;
mod toast;

pub use charts::{BarChart, ColumnChart};
pub use contact_form::ContactForm;
pub use guided_walk::GuidedWalk;
pub use help_dialog::HelpDialog;
pub use log_form::LogForm;
pub use plan_card::PlanCard;
pub use playbook_panel::PlaybookPanel;
pub use promises::Promises;
pub use quality_card::QualityCard;
pub use quick_log::QuickLog;
pub use reciprocity_card::ReciprocityCard;
pub use stage_badge::StageBadge;
pub use storage_banner::StorageBanner;
pub use theme_toggle::ThemeToggle;
pub use timeline::Timeline;
pub use toast::ToastView;
