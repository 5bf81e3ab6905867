//! One module per page of the app.

mod contact;
pub(crate) mod contacts;
mod data;
mod guide;
mod insights;
mod settings;
mod today;

pub use contact::ContactPage;
pub use contacts::ContactsPage;
pub use data::DataPage;
pub use guide::GuidePage;
pub use insights::InsightsPage;
pub use settings::SettingsPage;
pub use today::TodayPage;

use leptos::prelude::*;

/// Shown for a link that leads nowhere.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="card empty-state">
            <h1>"Nothing here"</h1>
            <p>"This link leads nowhere. "<a href="#/contacts">"Back to your contacts"</a></p>
        </section>
    }
}
