//! The outlet a person works for, typed by name with the ledger's organizations suggested
//! (a `<datalist>`: the browser's own suggestions, by keyboard and by touch), and a line
//! saying what saving will do with the name: link an organization or add a new one.

use leptos::prelude::*;

use crate::domain::{ContactId, OutletMatch, Timestamp, TypedOutlet};
use crate::ui::state::use_app_state;

/// The outlet's input, its suggestions and what the typed name stands for.
#[component]
pub fn OutletField(
    /// The name typed.
    value: RwSignal<String>,
    /// The organization the form opened with (kept while its name is unchanged).
    kept: Option<ContactId>,
    /// The contact edited, left out of the suggestions (it cannot belong to itself).
    editing: Option<ContactId>,
) -> impl IntoView {
    let state = use_app_state();
    let names = Memo::new(move |_| {
        state.ledger.with(|ledger| {
            let mut names: Vec<String> = ledger
                .organizations()
                .into_iter()
                .filter(|org| Some(org.id) != editing)
                .map(|org| org.profile.name.clone())
                .collect();
            // Two organizations of one name are one suggestion.
            names.dedup();
            names
        })
    });
    let matched = Memo::new(move |_| {
        let typed = TypedOutlet {
            name: value.get(),
            kept,
            // Only matched here, never saved: the form gives the new id when it saves.
            new_id: ContactId::new(Timestamp::from_millis(0), 0),
        };
        state
            .ledger
            .with(|ledger| match ledger.outlet_match(&typed) {
                OutletMatch::None => None,
                OutletMatch::Existing(id) => ledger
                    .contact(id)
                    .map(|org| format!("Links to {}", org.profile.name)),
                OutletMatch::New => Some(format!(
                    "New: {} will be added as an organization when you save",
                    typed.name.trim()
                )),
            })
    });
    view! {
        <label class="field">
            <span class="field-label">"Outlet or organization"</span>
            <span class="field-hint">"Type a name; new ones are added for you"</span>
            <input type="text" data-testid="field-organization" list="outlet-suggestions"
                autocomplete="off" bind:value=value />
            <datalist id="outlet-suggestions">
                <For each=move || names.get() key=|name| name.clone() let:name>
                    <option value=name></option>
                </For>
            </datalist>
            <span class="field-hint" data-testid="outlet-match" aria-live="polite">
                {move || matched.get().unwrap_or_default()}
            </span>
        </label>
    }
}
