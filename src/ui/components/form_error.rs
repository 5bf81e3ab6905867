//! Why a form or an action was refused, in the refusal's own words, where the person is.

use leptos::prelude::*;

use crate::ui::components::Alert;

/// A form's refusal, shown (and brought into view) while there is one, and nothing while
/// there is none.
#[component]
pub fn FormError(
    /// The refusal, in plain words.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The tests' handle.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    move || {
        error
            .get()
            .map(|message| view! { <Alert class="form-error" testid>{message}</Alert> })
    }
}
