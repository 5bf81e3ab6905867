//! A labelled select over `(value, label)` options.

use leptos::prelude::*;

use crate::ui::state::FocusRef;

/// A labelled select over `(value, label)` options, bound to a text signal.
#[component]
pub fn SelectField(
    /// The visible label.
    label: &'static str,
    /// The `data-testid` of the select.
    testid: &'static str,
    /// The chosen option's value.
    value: RwSignal<String>,
    /// The options as `(value, label)`.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// A first option of value `""` with this label ("All stages", "Name").
    #[prop(optional)]
    blank: Option<&'static str>,
    /// The menu, for a form to hand the keyboard to.
    #[prop(optional)]
    node: FocusRef,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            // The options' `selected` picks the first rendering; `value` keeps the menu on the
            // signal afterwards (an option's attribute no longer moves a menu changed by hand).
            <select data-testid=testid node_ref=node prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))>
                {blank.map(|text| view! {
                    <option value="" selected=move || value.get().is_empty()>{text}</option>
                })}
                <For each=move || options.get() key=|option| option.clone() let:option>
                    <option value=option.0.clone() selected=move || value.get() == option.0>
                        {option.1.clone()}
                    </option>
                </For>
            </select>
        </label>
    }
}

/// The options of a closed list of choices, as `(key, label)`.
pub fn choices<T: Copy>(
    all: &[T],
    key: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|&choice| (key(choice).to_owned(), label(choice).to_owned()))
        .collect()
}
