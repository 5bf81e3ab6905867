//! The demo ledger's card: loads invented contacts to try Rapport with, asking first (and
//! downloading a backup) when it would replace a ledger.

use leptos::prelude::*;

use super::BACKUP_REFUSED;
use crate::domain::words::counted;
use crate::domain::Ledger;
use crate::ui::components::ConfirmDialog;
use crate::ui::pages::contacts::load_demo;
use crate::ui::state::use_app_state;

/// "Load the demo ledger": at once into an empty ledger, after a question otherwise.
#[component]
pub fn DemoLedger() -> impl IntoView {
    let state = use_app_state();
    let confirming = RwSignal::new(false);
    let question = Signal::derive(move || {
        format!(
            "Replace your {} with the demo ledger? A backup of your ledger downloads first.",
            state
                .ledger
                .with(|ledger| counted(ledger.counts().contacts, "contact", "contacts"))
        )
    });
    let replace = Callback::new(move |()| {
        confirming.set(false);
        if state.back_up_before_replace() {
            load_demo(state);
        } else {
            state.notify(BACKUP_REFUSED, None);
        }
    });
    view! {
        <section class="card">
            <h2>"Demo ledger"</h2>
            <p>"About 40 invented contacts with five years of history, to see how Rapport works. It replaces what is here."</p>
            <button type="button" data-testid="load-demo" on:click=move |_| {
                if state.ledger.with_untracked(Ledger::is_empty) { load_demo(state) } else { confirming.set(true) }
            }>"Load the demo ledger"</button>
            <Show when=move || confirming.get()>
                <ConfirmDialog question_id="demo-confirm-text" question
                    confirm_label="Replace with the demo (a backup downloads first)"
                    confirm_testid="demo-confirm" cancel_label="Cancel"
                    on_confirm=replace on_cancel=Callback::new(move |()| confirming.set(false)) />
            </Show>
        </section>
    }
}
