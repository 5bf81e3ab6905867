//! A question asked in place before an action that cannot be taken back (replacing the
//! ledger with a file or the demo): the question says what the action does, and the person
//! takes it or goes back.

use leptos::prelude::*;

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
    /// What the action would remove, shown above the question (the removed contacts).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="confirm" role="alertdialog" aria-labelledby=question_id>
            {children.map(|children| children())}
            <p id=question_id>{move || question.get()}</p>
            <div class="actions">
                <button type="button" class="danger" data-testid=confirm_testid
                    on:click=move |_| on_confirm.run(())>{confirm_label}</button>
                <button type="button" data-testid=cancel_testid
                    on:click=move |_| on_cancel.run(())>{cancel_label}</button>
            </div>
        </div>
    }
}
