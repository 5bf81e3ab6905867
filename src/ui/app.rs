//! The root component: layout, navigation and the page for the current route.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::browser;
use super::components::{HelpDialog, IdleNotice, QuickLog, StorageBanner, ThemeToggle, ToastView};
use super::pages::{
    ContactPage, ContactsPage, DataPage, GuidePage, InsightsPage, NotFoundPage, SettingsPage,
    TodayPage,
};
use super::route::{Route, PAGES};
use super::shortcuts::{is_typing_target, shortcut_for, Shortcut};
use super::state::{navigate, provide_app_state, AppState, FocusRequest};

/// Moves focus to the main content without touching the location hash (the router's).
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    browser::focus_main();
}

/// Which dialog of the app shell is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dialog {
    Help,
    QuickLog,
}

/// Goes to `route` unless the app is there already (a new hash re-renders the page).
fn go(state: AppState, route: Route) {
    if state.route.get_untracked() != route {
        navigate(route);
    }
}

/// Whether a key press is typing or belongs to someone else, never a shortcut.
fn ignored(ev: &web_sys::KeyboardEvent) -> bool {
    if ev.default_prevented() || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return true;
    }
    ev.target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|element| is_typing_target(&element.tag_name(), element.is_content_editable()))
}

/// Does what a shortcut says.
fn run_shortcut(state: AppState, dialog: RwSignal<Option<Dialog>>, shortcut: Shortcut) {
    match shortcut {
        Shortcut::Search => {
            go(state, Route::Contacts);
            state.request_focus(FocusRequest::Search);
        }
        Shortcut::NewContact => {
            go(state, Route::Contacts);
            state.request_focus(FocusRequest::NewContact);
        }
        Shortcut::QuickLog => match state.route.get_untracked() {
            Route::Contact(_) => state.request_focus(FocusRequest::LogKind(None)),
            _ => dialog.set(Some(Dialog::QuickLog)),
        },
        Shortcut::Help => dialog.set(Some(Dialog::Help)),
        Shortcut::Go(route) => go(state, route),
        Shortcut::GoPrefix => {}
    }
}

/// Listens for the keyboard shortcuts while no dialog is open.
fn listen_for_shortcuts(state: AppState, dialog: RwSignal<Option<Dialog>>) {
    let after_g = StoredValue::new(false);
    let listener = window_event_listener(leptos::ev::keydown, move |ev| {
        if ignored(&ev) || dialog.get_untracked().is_some() || browser::modal_open() {
            return;
        }
        let Some(shortcut) = shortcut_for(&ev.key(), after_g.get_value()) else {
            after_g.set_value(false);
            return;
        };
        ev.prevent_default();
        after_g.set_value(shortcut == Shortcut::GoPrefix);
        run_shortcut(state, dialog, shortcut);
    });
    on_cleanup(move || listener.remove());
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let state = provide_app_state();
    let route = state.route;
    let dialog = RwSignal::new(None::<Dialog>);
    listen_for_shortcuts(state, dialog);
    let close = Callback::new(move |()| dialog.set(None));
    let shown_contact = move || match route.get_untracked() {
        Route::Contact(id) => Some(id),
        _ => None,
    };
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
                {PAGES.iter().map(|page| view! {
                    <a href=page.route.href() data-testid=page.testid aria-current=current(page.route)>
                        {page.label}
                    </a>
                }).collect_view()}
            </nav>
            <div class="header-actions">
                <button type="button" class="primary" data-testid="quick-log-open"
                    on:click=move |_| dialog.set(Some(Dialog::QuickLog))>"+ Log"</button>
                <ThemeToggle />
                <button type="button" class="ghost" aria-label="Help and keyboard shortcuts" data-testid="help-open"
                    on:click=move |_| dialog.set(Some(Dialog::Help))>"?"</button>
            </div>
        </header>
        <StorageBanner />
        <IdleNotice />
        <main id="main" tabindex="-1">
            {move || match route.get() {
                Route::Contacts => view! { <ContactsPage /> }.into_any(),
                Route::Contact(id) => view! { <ContactPage id /> }.into_any(),
                Route::Today => view! { <TodayPage /> }.into_any(),
                Route::Insights => view! { <InsightsPage /> }.into_any(),
                Route::Data => view! { <DataPage /> }.into_any(),
                Route::Settings => view! { <SettingsPage /> }.into_any(),
                Route::Guide => view! { <GuidePage /> }.into_any(),
                Route::NotFound => view! { <NotFoundPage /> }.into_any(),
            }}
        </main>
        {move || match dialog.get() {
            Some(Dialog::Help) => Some(view! { <HelpDialog on_close=close /> }.into_any()),
            Some(Dialog::QuickLog) => {
                Some(view! { <QuickLog preselected=shown_contact() on_close=close /> }.into_any())
            }
            None => None,
        }}
        <ToastView />
    }
}
