use leptos::prelude::*;

/// A "Delete" button that asks once more, in place, before it deletes for good.
#[component]
pub fn ConfirmDelete(
    /// What the first button deletes, in words for screen readers.
    label: String,
    /// The question asked before deleting ("Delete this interaction for good?").
    question: &'static str,
    /// The `data-testid` of the button that deletes.
    confirm_testid: &'static str,
    /// The `data-testid` of the first button, if it has one.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// Deletes.
    on_confirm: Callback<()>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    view! {
        <Show
            when=move || confirming.get()
            fallback=move || view! {
                <button type="button" class="ghost small" aria-label=label.clone() data-testid=testid
                    on:click=move |_| confirming.set(true)>"Delete"</button>
            }
        >
            <span class="inline-confirm" role="group" aria-label="Confirm deletion">
                {question}" "
                <button type="button" class="small danger" data-testid=confirm_testid
                    on:click=move |_| on_confirm.run(())>"Delete"</button>
                <button type="button" class="small" on:click=move |_| confirming.set(false)>"Keep"</button>
            </span>
        </Show>
    }
}
