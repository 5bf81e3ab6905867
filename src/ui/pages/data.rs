//! The data page: export, import (merge or replace), the demo ledger, storage, erasing.

use leptos::prelude::*;

use crate::domain::merge::{merge, preview, MergePreview, RecordCounts};
use crate::domain::replace_impact::{replace_impact, ReplaceImpact};
use crate::domain::words::{counted, records};
use crate::domain::{Counts, Ledger};
use crate::formats::megabytes_over;
use crate::storage::json::{import_json_bytes, ImportError, MAX_IMPORT_BYTES};
use crate::ui::browser;
use crate::ui::components::{
    BackupHabitField, ContactImport, EraseEverything, Exports, ReplacedLedger, StorageMeter,
};
use crate::ui::pages::contacts::load_demo;
use crate::ui::state::use_app_state;

/// What a replace says when the backup it downloads first was refused.
const BACKUP_REFUSED: &str = "The backup could not be downloaded, so your ledger was not replaced.";

/// Export, import, the demo ledger, and how much storage is used.
#[component]
pub fn DataPage() -> impl IntoView {
    let state = use_app_state();
    let pending_import = RwSignal::new(None::<Ledger>);
    let import_error = RwSignal::new(None::<String>);
    let import_done = RwSignal::new(None::<String>);
    let confirming_demo = RwSignal::new(false);
    // "Replace my ledger" asks again, saying what the replace removes.
    let confirming_replace = RwSignal::new(false);

    let export = move |_| {
        state.export_now();
    };
    // Says what came in, or, when storage refused it, that it is only in this tab.
    let report = move |done: String, saved: bool| {
        if saved {
            import_done.set(Some(done));
        } else {
            import_error.set(Some(format!(
                "{done} It is open in this tab but could not be saved: see the message at the \
                 top of the page, and export it to keep it."
            )));
        }
    };
    let finish_import = move |ledger: Ledger| {
        let Counts {
            contacts,
            interactions,
            promises,
        } = ledger.counts();
        let saved = state.restore_from_export(ledger);
        report(
            format!("Imported {}.", records(contacts, interactions, promises)),
            saved,
        );
    };
    let on_file = move |ev: leptos::ev::Event| {
        import_error.set(None);
        import_done.set(None);
        pending_import.set(None);
        confirming_replace.set(false);
        let Some(file) = browser::chosen_file(&ev) else {
            return;
        };
        // Refused from its size alone, before it is read.
        if let Some(megabytes) = megabytes_over(browser::file_size(&file), MAX_IMPORT_BYTES) {
            return import_error.set(Some(ImportError::TooLarge { megabytes }.to_string()));
        }
        leptos::task::spawn_local(async move {
            let bytes = match browser::read_bytes(&file).await {
                Ok(bytes) => bytes,
                Err(_) => return import_error.set(Some("The file could not be read.".to_owned())),
            };
            match import_json_bytes(&bytes) {
                Err(error) => import_error.set(Some(error.to_string())),
                Ok(ledger) if state.ledger.with_untracked(Ledger::is_empty) => {
                    finish_import(ledger)
                }
                Ok(ledger) => pending_import.set(Some(ledger)),
            }
        });
    };
    let merge_import = move |_| {
        import_error.set(None);
        let Some(incoming) = pending_import.try_update(Option::take).flatten() else {
            return;
        };
        let merged = state
            .ledger
            .with_untracked(|current| merge(current, &incoming));
        match merged {
            Ok(ledger) => {
                let Counts {
                    contacts,
                    interactions,
                    promises,
                } = ledger.counts();
                let saved = state.put_merged(ledger);
                report(
                    format!(
                        "Merged: the ledger now has {}.",
                        records(contacts, interactions, promises)
                    ),
                    saved,
                );
            }
            Err(error) => import_error.set(Some(format!("The files do not merge: {error}"))),
        }
    };
    // Replacing first downloads the current ledger, so the replaced one is never lost; when
    // that backup cannot be made, nothing is replaced and the file stays ready to merge.
    let confirm_import = move |_| {
        import_error.set(None);
        confirming_replace.set(false);
        if !state.back_up_before_replace() {
            return import_error.set(Some(BACKUP_REFUSED.to_owned()));
        }
        if let Some(ledger) = pending_import.try_update(Option::take).flatten() {
            finish_import(ledger);
        }
    };
    view! {
        <section class="page">
            <h1>"Your data"</h1>
            <p class="lead">
                "Everything lives in this browser and never leaves it unless you export it. "
                "Export regularly: the file is your backup and the way to move to another device."
            </p>
            <section class="card">
                <h2>"Export"</h2>
                <p data-testid="ledger-size">{move || {
                    let Counts { contacts, interactions, promises } = state.ledger.with(Ledger::counts);
                    format!("{}.", records(contacts, interactions, promises))
                }}</p>
                <button type="button" class="primary" data-testid="export-json" on:click=export>
                    "Download JSON export"
                </button>
                <BackupHabitField />
                <Exports />
            </section>
            <ReplacedLedger />
            <section class="card">
                <h2>"Import"</h2>
                <p>"A Rapport JSON export. The file is checked completely before anything changes."</p>
                <label class="field">
                    <span class="field-label">"Choose an export file"</span>
                    <input type="file" accept=".json,application/json" data-testid="import-file" on:change=on_file />
                </label>
                {move || import_error.get().map(|message| view! {
                    <p class="form-error" role="alert" data-testid="import-error">{message}</p>
                })}
                {move || import_done.get().map(|message| view! {
                    <p class="success" role="status" data-testid="import-success">{message}</p>
                })}
                {move || pending_import.with(|pending| pending.as_ref().map(|incoming| {
                    state.ledger.with(|current| preview(current, incoming, browser::now()))
                })).map(|preview| view! {
                    <div class="confirm" role="alertdialog" aria-labelledby="import-confirm-text" data-testid="import-preview">
                        <p id="import-confirm-text">"What this file would change in your ledger:"</p>
                        <MergePreviewTable preview=preview.clone() />
                        <div class="actions">
                            <button type="button" class="primary" data-testid="import-merge" on:click=merge_import>
                                "Merge into my ledger"
                            </button>
                            <button type="button" class="danger" data-testid="import-confirm"
                                aria-expanded=move || confirming_replace.get().to_string()
                                on:click=move |_| confirming_replace.set(true)>
                                "Replace my ledger…"
                            </button>
                            <button type="button" data-testid="import-cancel" on:click=move |_| {
                                confirming_replace.set(false);
                                pending_import.set(None);
                            }>"Cancel"</button>
                        </div>
                        <Show when=move || confirming_replace.get()>
                            {move || pending_import.with(|pending| pending.as_ref().map(|incoming| {
                                state.ledger.with(|current| replace_impact(current, incoming))
                            })).map(|impact| view! {
                                <ReplaceConfirm impact />
                            })}
                            <div class="actions">
                                <button type="button" class="danger" data-testid="replace-confirm" on:click=confirm_import>
                                    "Yes, replace my ledger (a backup downloads first)"
                                </button>
                                <button type="button" data-testid="replace-cancel" on:click=move |_| confirming_replace.set(false)>
                                    "Keep my ledger"
                                </button>
                            </div>
                        </Show>
                    </div>
                })}
            </section>
            <ContactImport />
            <section class="card">
                <h2>"Demo ledger"</h2>
                <p>"About 40 invented contacts with five years of history, to see how Rapport works. It replaces what is here."</p>
                <button type="button" data-testid="load-demo" on:click=move |_| {
                    if state.ledger.with_untracked(Ledger::is_empty) { load_demo(state) } else { confirming_demo.set(true) }
                }>"Load the demo ledger"</button>
                <Show when=move || confirming_demo.get()>
                    <div class="confirm" role="alertdialog" aria-labelledby="demo-confirm-text">
                        <p id="demo-confirm-text">{move || format!(
                            "Replace your {} with the demo ledger? A backup of your ledger downloads first.",
                            state.ledger.with(|ledger| counted(ledger.counts().contacts, "contact", "contacts"))
                        )}</p>
                        <div class="actions">
                            <button type="button" class="danger" data-testid="demo-confirm"
                                on:click=move |_| {
                                    confirming_demo.set(false);
                                    if state.back_up_before_replace() {
                                        load_demo(state);
                                    } else {
                                        state.notify(BACKUP_REFUSED, None);
                                    }
                                }>"Replace with the demo (a backup downloads first)"</button>
                            <button type="button" on:click=move |_| confirming_demo.set(false)>"Cancel"</button>
                        </div>
                    </div>
                </Show>
            </section>
            <StorageMeter />
            <EraseEverything />
        </section>
    }
}

/// What a replace removes, in one sentence, with the first removed contacts by name.
#[component]
fn ReplaceConfirm(impact: ReplaceImpact) -> impl IntoView {
    let names = (impact.contacts > 0).then(|| {
        let more = impact.contacts.saturating_sub(impact.removed_names.len());
        let mut names = impact.removed_names.join(", ");
        if more > 0 {
            names.push_str(&format!(" and {more} more"));
        }
        names
    });
    view! {
        <p class="form-error" role="alert" data-testid="replace-impact">
            <strong>{impact.sentence()}</strong>
            {names.map(|names| format!(" Removed: {names}."))}
            " Replace your ledger with the file?"
        </p>
    }
}

/// How many of the contacts a merge replaces the preview names.
const REPLACED_SHOWN: usize = 20;

/// The merge preview: new, changed, conflicting and unchanged records of each kind, the
/// contacts whose copy the file replaces, and the conflicting ones, by name.
#[component]
fn MergePreviewTable(preview: MergePreview) -> impl IntoView {
    let row = |kind: &'static str, counts: RecordCounts| {
        view! {
            <tr>
                <th scope="row">{kind}</th>
                <td>{counts.new}</td>
                <td>{counts.changed}</td>
                <td>{counts.conflicting}</td>
                <td>{counts.unchanged}</td>
            </tr>
        }
    };
    let conflicts = preview.conflicts.clone();
    let replaced = preview.replaced_contacts.clone();
    let more = replaced.len().saturating_sub(REPLACED_SHOWN);
    view! {
        <div class="table-scroll">
            <table class="data-table" data-testid="merge-preview">
                <thead>
                    <tr><th scope="col">""</th><th scope="col">"New"</th><th scope="col">"Changed"</th>
                        <th scope="col">"Conflicting"</th><th scope="col">"Unchanged"</th></tr>
                </thead>
                <tbody>
                    {row("Contacts", preview.contacts)}
                    {row("Interactions", preview.interactions)}
                    {row("Promises", preview.promises)}
                </tbody>
            </table>
        </div>
        {(!replaced.is_empty()).then(|| view! {
            <p>
                "The file's copy is newer for these contacts and replaces yours whole: a change "
                "made here that the file does not have is lost, so look them over after merging:"
            </p>
            <ul data-testid="merge-replaced">
                {replaced.into_iter().take(REPLACED_SHOWN).map(|name| view! { <li>{name}</li> }).collect_view()}
                {(more > 0).then(|| view! { <li class="muted">{format!("and {more} more")}</li> })}
            </ul>
        })}
        {(!conflicts.is_empty()).then(|| view! {
            <p>"Conflicting (your copy is kept, the file's is not newer):"</p>
            <ul data-testid="merge-conflicts">
                {conflicts.into_iter().map(|conflict| view! { <li>{conflict.name}</li> }).collect_view()}
            </ul>
        })}
    }
}
