//! The one-time notice of Safari's 7-day rule, in a WebKit tab ([`Keeping::ErasedWhenIdle`]).

use leptos::prelude::*;

use crate::storage::{KeyValueStore, LocalStore};
use crate::ui::keeping::NOTICE_KEY;
use crate::ui::state::use_app_state;

/// Whether the person has read the notice in this browser. Unreadable storage counts as
/// read: the Data page still says it, and a notice that cannot be dismissed for good
/// would come back on every visit.
fn notice_read() -> bool {
    LocalStore::open()
        .ok()
        .is_none_or(|store| !matches!(store.get(NOTICE_KEY), Ok(None)))
}

/// Says once, above every page, that Safari erases the ledger after 7 days without a visit
/// unless Rapport is on the Home Screen, and points to the steps on the Data page.
#[component]
pub fn IdleNotice() -> impl IntoView {
    let rule = use_app_state().keeping.rule_words();
    let read = RwSignal::new(rule.is_none() || notice_read());
    let dismiss = move |_| {
        if let Ok(mut store) = LocalStore::open() {
            // When it cannot be kept, the notice comes back next visit; nothing worse.
            let _ = store.set(NOTICE_KEY, "1");
        }
        read.set(true);
    };
    move || {
        (!read.get()).then(|| {
            view! {
                <div class="banner banner-info" role="status" data-testid="idle-notice">
                    <p>{rule}</p>
                    <a class="button-link" href="#/data" on:click=dismiss>"How to add it to the Home Screen"</a>
                    <button type="button" data-testid="idle-notice-read" on:click=dismiss>"Got it"</button>
                </div>
            }
        })
    }
}
