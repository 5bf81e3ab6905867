//! A labelled select bound to a typed choice: a [`ChoiceSignal`], or a
//! [`MaybeChoiceSignal`] with the words of its first option, which chooses none.
//!
//! [`ChoiceSignal`]: crate::ui::choice_signal::ChoiceSignal
//! [`MaybeChoiceSignal`]: crate::ui::choice_signal::MaybeChoiceSignal

use leptos::prelude::*;

use crate::ui::choice_signal::SelectBinding;
use crate::ui::element_ref::ElementRef;

/// A labelled select over `(key, label)` options, bound to a choice. It is not generic: a
/// choice of any type binds as its key ([`SelectBinding`]), so a new type of choice adds
/// nothing to the release module but its options.
#[component]
pub fn SelectField(
    /// The visible label.
    #[prop(into)]
    label: Oco<'static, str>,
    /// The `data-testid` of the select.
    testid: &'static str,
    /// The choice: a `ChoiceSignal`, or `MaybeChoiceSignal::with_blank("All stages")`.
    #[prop(into)]
    value: SelectBinding,
    /// The options, in order ([`choices`](crate::ui::choice_signal::choices)).
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// The menu, for a form to hand the keyboard to.
    #[prop(optional)]
    node: ElementRef,
) -> impl IntoView {
    let SelectBinding { key, blank } = value;
    // A value no option carries (only a script can pick one) changes nothing.
    let change = move |ev| {
        let picked = event_target_value(&ev);
        let offered = if picked.is_empty() {
            blank.is_some()
        } else {
            options.with_untracked(|all| all.iter().any(|(option, _)| *option == picked))
        };
        if offered {
            key.set(picked);
        }
    };
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            // The options' `selected` picks the first rendering; `value` keeps the menu on the
            // signal afterwards (an option's attribute no longer moves a menu changed by hand).
            <select data-testid=testid node_ref=node prop:value=move || key.get() on:change=change>
                {blank.map(|text| view! {
                    <option value="" selected=move || key.with(String::is_empty)>{text}</option>
                })}
                <For each=move || options.get() key=|option| option.clone() let:option>
                    <option value=option.0.clone() selected=move || key.with(|key| *key == option.0)>
                        {option.1.clone()}
                    </option>
                </For>
            </select>
        </label>
    }
}
