//! What the contacts page shows before there is any contact: what to do first.

use leptos::prelude::*;

use super::load_demo;
use crate::ui::browser;
use crate::ui::state::use_app_state;

/// The empty ledger's welcome: add the first contact, or load the demo ledger.
#[component]
pub fn EmptyLedger(
    /// Opens the form that adds a contact.
    on_add: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="card empty-state" data-testid="empty-state">
            <h2>"Your ledger is empty"</h2>
            <p>
                "Add the people you want a relationship with: journalists, creators, customers, partners. "
                "Everything stays in this browser until you export it."
            </p>
            <div class="actions">
                <button type="button" class="primary" on:click=move |_| on_add.run(())>
                    "Add your first contact"
                </button>
                <LoadDemoButton />
            </div>
        </div>
    }
}

/// "Load the demo ledger", on the empty ledger's welcome here and on Today's.
#[component]
pub fn LoadDemoButton() -> impl IntoView {
    let state = use_app_state();
    view! {
        <button type="button" data-testid="load-demo" on:click=move |_| {
            load_demo(state);
            browser::focus_main();
        }>
            "Load the demo ledger"
        </button>
    }
}
