//! The merge preview: what an imported file would change in the ledger, record kind by
//! record kind, and the contacts it replaces or conflicts on, by name.

use leptos::prelude::*;

use crate::domain::merge::{MergePreview, RecordCounts};

/// How many of the contacts a merge replaces the preview names.
const REPLACED_SHOWN: usize = 20;

/// The merge preview: new, changed, conflicting, unchanged and deleted (by a deletion newer
/// than their last edit, on either side) records of each kind, the
/// contacts whose copy the file replaces, and the conflicting ones, by name.
#[component]
pub fn MergePreviewTable(preview: MergePreview) -> impl IntoView {
    let row = |kind: &'static str, counts: RecordCounts| {
        view! {
            <tr>
                <th scope="row">{kind}</th>
                <td>{counts.new}</td>
                <td>{counts.changed}</td>
                <td>{counts.conflicting}</td>
                <td>{counts.unchanged}</td>
                <td>{counts.deleted}</td>
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
                        <th scope="col">"Conflicting"</th><th scope="col">"Unchanged"</th>
                        <th scope="col">"Deleted"</th></tr>
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
