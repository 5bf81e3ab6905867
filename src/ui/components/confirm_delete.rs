//! A "Delete" button that asks once more, in place, before deleting for good.

use leptos::prelude::*;

use crate::ui::element_ref::ElementRef;

/// A "Delete" button that asks once more, in place, before it deletes for good. The
/// keyboard follows: to the confirming button when it asks, back to "Delete" after "Keep"
/// or Escape.
#[component]
pub fn ConfirmDelete(
    /// What the first button deletes, in words for screen readers.
    label: String,
    /// The question asked before deleting ("Delete this interaction for good?").
    #[prop(into)]
    question: Signal<String>,
    /// The `data-testid` of the button that deletes.
    confirm_testid: &'static str,
    /// The `data-testid` of the first button, if it has one.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// The first button's look: quiet in a list of records, `"small danger"` on its own.
    #[prop(default = "ghost small")]
    first_class: &'static str,
    /// Deletes.
    on_confirm: Callback<()>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let kept = RwSignal::new(false);
    let first = ElementRef::new();
    let confirm = ElementRef::new();
    Effect::new(move |_| {
        if let Some(button) = confirm.get() {
            // Focus only fails on a detached element.
            let _ = button.focus();
        }
    });
    Effect::new(move |_| {
        if let Some(button) = first.get() {
            if kept.get_untracked() {
                kept.set(false);
                let _ = button.focus();
            }
        }
    });
    view! {
        <Show
            when=move || confirming.get()
            fallback=move || view! {
                <button type="button" class=first_class aria-label=label.clone() data-testid=testid
                    node_ref=first on:click=move |_| confirming.set(true)>"Delete"</button>
            }
        >
            <span class="inline-confirm" role="group" aria-label="Confirm deletion"
                on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" {
                    // Escape keeps, as Keep does, and goes no further (a dialog stays open).
                    ev.stop_propagation();
                    kept.set(true);
                    confirming.set(false);
                }>
                {move || question.get()}" "
                <button type="button" class="small danger" data-testid=confirm_testid node_ref=confirm
                    on:click=move |_| on_confirm.run(())>"Delete"</button>
                <button type="button" class="small" on:click=move |_| {
                    kept.set(true);
                    confirming.set(false);
                }>"Keep"</button>
            </span>
        </Show>
    }
}
