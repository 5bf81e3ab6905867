//! The root component: layout, navigation and the page for the current route.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::components::{StorageBanner, ToastView};
use super::pages::{
    ContactPage, ContactsPage, DataPage, InsightsPage, NotFoundPage, SettingsPage, TodayPage,
};
use super::route::Route;
use super::state::provide_app_state;

/// Moves focus to the main content without touching the location hash (the router's).
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    let main = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("main"))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        // Focus can only fail on a detached element; the link then does nothing.
        let _ = main.focus();
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let state = provide_app_state();
    let route = state.route;
    let current = move |target: Route| {
        move || {
            let here = route.get();
            let active =
                here == target || matches!((here, target), (Route::Contact(_), Route::Contacts));
            active.then_some("page")
        }
    };
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>"Skip to content"</a>
        <header class="app-header">
            <a class="brand" href=Route::Today.href()>"Rapport"</a>
            <nav aria-label="Main">
                <a href=Route::Today.href() data-testid="nav-today" aria-current=current(Route::Today)>
                    "Today"
                </a>
                <a href=Route::Contacts.href() data-testid="nav-contacts" aria-current=current(Route::Contacts)>
                    "Contacts"
                </a>
                <a href=Route::Insights.href() data-testid="nav-insights" aria-current=current(Route::Insights)>
                    "Insights"
                </a>
                <a href=Route::Data.href() data-testid="nav-data" aria-current=current(Route::Data)>
                    "Data"
                </a>
                <a href=Route::Settings.href() data-testid="nav-settings" aria-current=current(Route::Settings)>
                    "Settings"
                </a>
            </nav>
        </header>
        <StorageBanner />
        <main id="main" tabindex="-1">
            {move || match route.get() {
                Route::Contacts => view! { <ContactsPage /> }.into_any(),
                Route::Contact(id) => view! { <ContactPage id /> }.into_any(),
                Route::Today => view! { <TodayPage /> }.into_any(),
                Route::Insights => view! { <InsightsPage /> }.into_any(),
                Route::Data => view! { <DataPage /> }.into_any(),
                Route::Settings => view! { <SettingsPage /> }.into_any(),
                Route::NotFound => view! { <NotFoundPage /> }.into_any(),
            }}
        </main>
        <ToastView />
    }
}
