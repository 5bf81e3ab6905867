//! Importing a Rapport JSON export: checked whole first, then merged into the ledger or,
//! after a second question that says what it removes, replacing it (a backup downloads
//! first).

use leptos::prelude::*;

use super::merge_preview::MergePreviewTable;
use super::BACKUP_REFUSED;
use crate::domain::merge::{merge, preview};
use crate::domain::replace_impact::{replace_impact, ReplaceImpact};
use crate::domain::Ledger;
use crate::formats::megabytes_over;
use crate::jobs::{Answer, Job};
use crate::storage::json::{ImportError, MAX_IMPORT_BYTES};
use crate::ui::browser;
use crate::ui::components::{ConfirmDialog, FormError};
use crate::ui::state::use_app_state;
use crate::ui::worker::{LatestJob, WorkerError};

/// The import card: the file chooser, what went wrong or came in, and the merge preview.
#[component]
pub fn JsonImport() -> impl IntoView {
    let state = use_app_state();
    let pending_import = RwSignal::new(None::<Ledger>);
    let import_error = RwSignal::new(None::<String>);
    let import_done = RwSignal::new(None::<String>);
    // "Replace my ledger" asks again, saying what the replace removes.
    let confirming_replace = RwSignal::new(false);
    // While the worker checks a file; another file chosen meanwhile stops it.
    let checking = RwSignal::new(false);
    let check = LatestJob::new();

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
        let counts = ledger.counts();
        let saved = state.restore_from_export(ledger);
        report(format!("Imported {}.", counts.in_words()), saved);
    };
    let on_file = move |ev: leptos::ev::Event| {
        import_error.set(None);
        import_done.set(None);
        pending_import.set(None);
        confirming_replace.set(false);
        checking.set(false);
        check.stop();
        let Some(file) = browser::chosen_file(&ev) else {
            return;
        };
        // Refused from its size alone, before it is read.
        if let Some(megabytes) = megabytes_over(browser::file_size(&file), MAX_IMPORT_BYTES) {
            return import_error.set(Some(ImportError::TooLarge { megabytes }.to_string()));
        }
        checking.set(true);
        leptos::task::spawn_local(async move {
            let Some(answer) = check.run(&Job::ReadExport, Some(&file), |_| {}).await else {
                return;
            };
            checking.set(false);
            let checked = match answer {
                Ok(Answer::Ledger(transfer)) => transfer
                    .into_ledger()
                    .map_err(|error| ImportError::Inconsistent(error).to_string()),
                Ok(Answer::Refused(refused)) => Err(refused),
                Ok(Answer::Contacts(_)) => Err(WorkerError::OtherVersion.to_string()),
                Err(failed) => Err(failed.to_string()),
            };
            match checked {
                Err(error) => import_error.set(Some(error)),
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
                let counts = ledger.counts();
                let saved = state.put_merged(ledger);
                report(
                    format!("Merged: the ledger now has {}.", counts.in_words()),
                    saved,
                );
            }
            Err(error) => import_error.set(Some(format!("The files do not merge: {error}"))),
        }
    };
    // Replacing first downloads the current ledger, so the replaced one is never lost; when
    // that backup cannot be made, nothing is replaced and the file stays ready to merge.
    let replace = Callback::new(move |()| {
        import_error.set(None);
        confirming_replace.set(false);
        if !state.back_up_before_replace() {
            return import_error.set(Some(BACKUP_REFUSED.to_owned()));
        }
        if let Some(ledger) = pending_import.try_update(Option::take).flatten() {
            finish_import(ledger);
        }
    });
    let impact = move || {
        pending_import.with(|pending| {
            pending.as_ref().map(|incoming| {
                state
                    .ledger
                    .with(|current| replace_impact(current, incoming))
            })
        })
    };
    view! {
        <section class="card">
            <h2>"Import"</h2>
            <p>"A Rapport JSON export. The file is checked completely before anything changes."</p>
            <label class="field">
                <span class="field-label">"Choose an export file"</span>
                <input type="file" accept=".json,application/json" data-testid="import-file" on:change=on_file />
            </label>
            <Show when=move || checking.get()>
                // The check is one pass over the file: no share to show, only that it runs.
                <p role="status">"Checking the file…"</p>
                <progress data-testid="import-checking" aria-label="Checking the file"></progress>
                <div class="actions">
                    <button type="button" data-testid="import-checking-stop" on:click=move |_| {
                        check.stop();
                        checking.set(false);
                    }>"Stop checking"</button>
                </div>
            </Show>
            <FormError error=import_error testid="import-error" />
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
                        <ConfirmDialog question_id="replace-confirm-text"
                            question="Replace your ledger with the file?".to_owned()
                            confirm_label="Yes, replace my ledger (a backup downloads first)"
                            confirm_testid="replace-confirm" cancel_label="Keep my ledger"
                            cancel_testid="replace-cancel" on_confirm=replace
                            on_cancel=Callback::new(move |()| confirming_replace.set(false))>
                            {move || impact().map(|impact| view! { <ReplaceImpactText impact /> })}
                        </ConfirmDialog>
                    </Show>
                </div>
            })}
        </section>
    }
}

/// What a replace removes, in one sentence, with the first removed contacts by name.
#[component]
fn ReplaceImpactText(impact: ReplaceImpact) -> impl IntoView {
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
        </p>
    }
}
