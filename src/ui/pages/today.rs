use leptos::prelude::*;

/// What needs attention today.
#[component]
pub fn TodayPage() -> impl IntoView {
    view! { <section class="page"><h1>"Today"</h1></section> }
}
