//! One text input of the contact form, with its label and hint.

use leptos::prelude::*;

use crate::ui::element_ref::ElementRef;

/// One editable text field of the form.
#[component]
pub fn TextField(
    /// The visible label (also the accessible name).
    label: &'static str,
    /// The `data-testid` of the input.
    testid: &'static str,
    /// The field's text.
    value: RwSignal<String>,
    /// A hint shown under the label.
    #[prop(optional)]
    hint: &'static str,
    /// A multi-line text area instead of a one-line input.
    #[prop(optional)]
    multiline: bool,
    /// The input type (`text`, `email`, `url`, `number`).
    #[prop(default = "text")]
    kind: &'static str,
    /// The one-line input, for the form to hand the keyboard to.
    #[prop(optional)]
    node: ElementRef,
) -> impl IntoView {
    let input = if multiline {
        view! { <textarea data-testid=testid rows="3" bind:value=value></textarea> }.into_any()
    } else {
        view! { <input type=kind data-testid=testid bind:value=value node_ref=node /> }.into_any()
    };
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            {(!hint.is_empty()).then(|| view! { <span class="field-hint">{hint}</span> })}
            {input}
        </label>
    }
}
