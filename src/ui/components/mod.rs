//! Reusable pieces of the pages.

mod contact_form;
mod log_form;
mod promises;
mod stage_badge;
mod storage_banner;
mod timeline;
mod toast;

pub use contact_form::ContactForm;
pub use log_form::LogForm;
pub use promises::Promises;
pub use stage_badge::StageBadge;
pub use storage_banner::StorageBanner;
pub use timeline::Timeline;
pub use toast::ToastView;
