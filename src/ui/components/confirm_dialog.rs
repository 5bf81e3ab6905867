//! A question asked in place before an action that cannot be taken back (replacing the
//! ledger with a file or the demo, deleting a contact): the question says what the action
//! does, and the person takes it or goes back (its button, or Escape).

use leptos::prelude::*;

use crate::ui::element_ref::ElementRef;

/// A question in place, with the action and the way back. The question's paragraph carries
/// `question_id`, which names the dialog for screen readers.
#[component]
pub fn ConfirmDialog(
    /// The id of the question's paragraph.
    question_id: &'static str,
    /// What taking the action does, in plain words.
    #[prop(into)]
    question: Signal<String>,
    /// The action's button ("Replace with the demo").
    confirm_label: &'static str,
    /// The `data-testid` of the action's button.
    confirm_testid: &'static str,
    /// The way back's button ("Cancel", "Keep my ledger").
    cancel_label: &'static str,
    /// The `data-testid` of the way back, if it has one.
    #[prop(optional)]
    cancel_testid: Option<&'static str>,
    /// Takes the action.
    on_confirm: Callback<()>,
    /// Goes back without it.
    on_cancel: Callback<()>,
    /// Whether the keyboard goes to the action's button when the question appears (when it
    /// follows the person's own click, such as Delete).
    #[prop(optional)]
    focus_confirm: bool,
    /// The question's look: `"confirm"`, or `"card confirm"` standing alone on a page.
    #[prop(default = "confirm")]
    class: &'static str,
    /// What the action would remove, shown above the question (the removed contacts).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let confirm = ElementRef::new();
    if focus_confirm {
        confirm.on_load(|button| {
            // Focus only fails on a detached element.
            let _ = button.focus();
        });
    }
    view! {
        <div class=class role="alertdialog" aria-labelledby=question_id
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" {
                // Escape goes back, as the way back's button does, and no further.
                ev.stop_propagation();
                on_cancel.run(());
            }>
            {children.map(|children| children())}
            <p id=question_id>{move || question.get()}</p>
            <div class="actions">
                <button type="button" class="danger" data-testid=confirm_testid node_ref=confirm
                    on:click=move |_| on_confirm.run(())>{confirm_label}</button>
                <button type="button" data-testid=cancel_testid
                    on:click=move |_| on_cancel.run(())>{cancel_label}</button>
            </div>
        </div>
    }
}
