//! Acting on several contacts at once: select them in the list, then tag them or move
//! them to a stage, all or nothing, through the ledger's own bulk operations.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::list::Row;
use crate::domain::words::counted;
use crate::domain::{BulkMove, ContactId, Stage};
use crate::ui::choice_signal::{choices, MaybeChoiceSignal};
use crate::ui::components::select_field::SelectField;
use crate::ui::state::use_app_state;

/// The reason recorded with a stage move made for several contacts at once.
const BULK_MOVE_REASON: &str = "Moved with others from the contact list";

/// "Select", and while selecting: select all shown, tag the selected, move them.
#[component]
pub fn BulkActions(
    /// The rows shown ("Select all shown" takes them).
    rows: Memo<Vec<Row>>,
    /// Whether rows show a checkbox.
    selecting: RwSignal<bool>,
    /// The rows ticked.
    selected: RwSignal<BTreeSet<ContactId>>,
) -> impl IntoView {
    let state = use_app_state();
    let bulk_tag = RwSignal::new(String::new());
    let add_tag_to_selected = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let tag = bulk_tag.get_untracked();
        let ids = selected.get_untracked();
        if tag.trim().is_empty() || ids.is_empty() {
            return state.notify("Select contacts and type a tag first.", None);
        }
        // All or nothing (Ledger::tag_contacts).
        let outcome = state.apply(|ledger, now| ledger.tag_contacts(ids, &tag, now.at));
        match outcome {
            Ok(tagged) => {
                bulk_tag.set(String::new());
                state.notify(
                    format!("Tagged {tagged} contacts \u{201c}{}\u{201d}.", tag.trim()),
                    None,
                );
            }
            Err(error) => state.notify_refusal(&error),
        }
    };
    let bulk_stage = MaybeChoiceSignal::<Stage>::new(None);
    let move_selected = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ids = selected.get_untracked();
        let Some(to) = bulk_stage.get_untracked() else {
            return state.notify("Choose the stage to move them to.", None);
        };
        if ids.is_empty() {
            return state.notify("Select the contacts to move first.", None);
        }
        // All or nothing; a selected contact deleted meanwhile (in another tab) is skipped.
        let outcome =
            state.apply(|ledger, now| ledger.move_contacts(ids, to, BULK_MOVE_REASON, now.at));
        match outcome {
            Ok(BulkMove { moved, already }) => {
                let mut message = format!(
                    "Moved {} to {}.",
                    counted(moved, "contact", "contacts"),
                    to.label()
                );
                if already > 0 {
                    message.push_str(&format!(
                        " {} there already.",
                        counted(already, "was", "were")
                    ));
                }
                state.notify(message, None);
            }
            Err(error) => state.notify_refusal(&error),
        }
    };
    view! {
        <div class="actions bulk">
            <button type="button" data-testid="select-mode" aria-pressed=move || selecting.get().to_string()
                on:click=move |_| { selecting.update(|on| *on = !*on); selected.set(BTreeSet::new()); }>
                {move || if selecting.get() { "Done selecting" } else { "Select" }}
            </button>
            <Show when=move || selecting.get()>
                <button type="button" data-testid="select-all"
                    on:click=move |_| selected.set(rows.with(|all| all.iter().map(|row| row.id).collect()))>
                    "Select all shown"
                </button>
                <form class="bulk-tag" on:submit=add_tag_to_selected>
                    <label class="field">
                        <span class="field-label">{move || format!("Tag for {} selected", selected.with(BTreeSet::len))}</span>
                        <input type="text" data-testid="bulk-tag" bind:value=bulk_tag />
                    </label>
                    <button type="submit" data-testid="bulk-tag-submit">"Add tag"</button>
                </form>
                <form class="bulk-tag" on:submit=move_selected>
                    <SelectField label="Move selected to" testid="bulk-stage" value=bulk_stage.with_blank("Choose a stage") options=choices(Stage::ALL) />
                    <button type="submit" data-testid="bulk-stage-submit">"Move"</button>
                </form>
            </Show>
        </div>
    }
}
