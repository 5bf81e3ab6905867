use leptos::prelude::*;

/// Charts and figures over the whole ledger.
#[component]
pub fn InsightsPage() -> impl IntoView {
    view! { <section class="page"><h1>"Insights"</h1></section> }
}
