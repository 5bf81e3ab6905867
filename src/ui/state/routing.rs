//! The page shown follows the location hash, so the browser's back button works.

use super::*;

/// Goes to a page (through the location hash, so the browser's back button works).
pub fn navigate(route: Route) {
    if let Some(window) = web_sys::window() {
        // A failure leaves the person on the current page, which is harmless.
        let _ = window.location().set_hash(&route.href());
    }
}

pub(super) fn location_hash() -> Option<String> {
    web_sys::window()?.location().hash().ok()
}

/// Shows the page the location hash names as it changes, and brings each list page (Today,
/// Contacts) back to where it was scrolled when it was left: coming back to one, from a
/// contact opened in it, goes on from there. Other pages start at the top.
pub(super) fn follow_location(state: AppState) {
    let scrolled = StoredValue::new(Vec::<(Route, f64)>::new());
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let route = Route::parse(&location_hash().unwrap_or_default());
        let left = state.route.get_untracked();
        if route == left {
            return;
        }
        if matches!(left, Route::Today | Route::Contacts) {
            let y = browser::scroll_y();
            scrolled.update_value(|list| {
                list.retain(|(page, _)| *page != left);
                list.push((left, y));
            });
        }
        // Before the new page renders, so that a dialog it opens keeps the focus.
        browser::start_page();
        state.route.set(route);
        let back_to = scrolled.with_value(|list| {
            list.iter()
                .find(|(page, _)| *page == route)
                .map(|&(_, y)| y)
        });
        if let Some(y) = back_to {
            // Once the page has rendered at its full height.
            request_animation_frame(move || browser::scroll_to(y));
        }
    });
    on_cleanup(move || listener.remove());
}
