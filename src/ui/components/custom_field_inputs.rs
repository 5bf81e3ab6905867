//! An input for each of the ledger's custom fields, of the kind the field holds.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::domain::{FieldDefinition, FieldId, FieldKind};
use crate::ui::state::use_app_state;

/// An input for each of the ledger's custom fields, of the kind the field holds. Values are
/// kept as typed; the ledger checks and tidies them when the form is saved.
#[component]
pub fn CustomFieldInputs(
    /// The values typed so far, by field.
    values: RwSignal<BTreeMap<FieldId, String>>,
) -> impl IntoView {
    let state = use_app_state();
    let fields = Memo::new(move |_| state.ledger.with(|ledger| ledger.settings().fields.clone()));
    view! {
        <Show when=move || !fields.with(Vec::is_empty)>
            <fieldset class="custom-fields" data-testid="custom-field-inputs">
                <legend>"Custom fields"</legend>
                <div class="form-grid">
                    <For each=move || fields.get() key=|field| (field.id, field.label.clone(), field.choices.clone()) let:field>
                        <CustomFieldInput field values />
                    </For>
                </div>
            </fieldset>
        </Show>
    }
}

#[component]
fn CustomFieldInput(
    field: FieldDefinition,
    values: RwSignal<BTreeMap<FieldId, String>>,
) -> impl IntoView {
    let id = field.id;
    let current = move || values.with(|values| values.get(&id).cloned().unwrap_or_default());
    let set = move |text: String| {
        values.update(|values| {
            values.insert(id, text);
        });
    };
    let testid = format!("custom-{}", field.label.to_lowercase().replace(' ', "-"));
    let input = match field.kind {
        FieldKind::Choice => view! {
            <select data-testid=testid on:change=move |ev| set(event_target_value(&ev))>
                <option value="" selected=move || current().is_empty()>"—"</option>
                {field.choices.iter().map(|choice| {
                    let option = choice.clone();
                    let shown = choice.clone();
                    view! {
                        <option value=choice.clone() selected=move || current() == option>{shown}</option>
                    }
                }).collect_view()}
            </select>
        }
        .into_any(),
        kind => {
            let (input_type, input_mode) = match kind {
                FieldKind::Date => ("date", "text"),
                FieldKind::Url => ("url", "url"),
                FieldKind::Number => ("text", "decimal"),
                _ => ("text", "text"),
            };
            view! {
                <input type=input_type inputmode=input_mode data-testid=testid
                    prop:value=current on:input=move |ev| set(event_target_value(&ev)) />
            }
            .into_any()
        }
    };
    view! {
        <label class="field">
            <span class="field-label">{field.label.clone()}</span>
            {input}
        </label>
    }
}
