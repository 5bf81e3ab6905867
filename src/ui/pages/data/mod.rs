//! The data page: export, sync, import (merge or replace), the demo ledger, storage, erasing.

use leptos::prelude::*;

use crate::domain::Ledger;
use crate::ui::components::{
    BackupHabitField, ContactImport, EraseEverything, Exports, ReplacedLedger, StorageMeter,
};
use crate::ui::state::use_app_state;

mod demo_ledger;
mod json_import;
mod merge_preview;
mod sync;
mod sync_form;
mod sync_passphrase;
mod sync_status;

use demo_ledger::DemoLedger;
use json_import::JsonImport;
use sync::SyncSection;

/// What a replace says when the backup it downloads first was refused.
const BACKUP_REFUSED: &str = "The backup could not be downloaded, so your ledger was not replaced.";

/// Export, import, the demo ledger, and how much storage is used.
#[component]
pub fn DataPage() -> impl IntoView {
    let state = use_app_state();
    let export = move |_| {
        state.export_now();
    };
    view! {
        <section class="page">
            <h1>"Your data"</h1>
            <p class="lead">
                "Everything lives in this browser and never leaves it unless you export it or turn on sync. "
                "Export regularly: the file is your backup and the way to move to another device."
            </p>
            <section class="card">
                <h2>"Export"</h2>
                <p data-testid="ledger-size">
                    {move || format!("{}.", state.ledger.with(Ledger::counts).in_words())}
                </p>
                <button type="button" class="primary" data-testid="export-json" on:click=export>
                    "Download JSON export"
                </button>
                <BackupHabitField />
                <Exports />
            </section>
            <SyncSection />
            <ReplacedLedger />
            <JsonImport />
            <ContactImport />
            <DemoLedger />
            <StorageMeter />
            <EraseEverything />
        </section>
    }
}
