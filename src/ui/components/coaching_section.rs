//! A part of the contact page that coaches rather than works (the playbook, reciprocity,
//! the plan, quality, the stage history): closed until asked for, so who they are, how to
//! reach them, the next step and the log form come first, even on a phone.

use leptos::prelude::*;

/// A section that opens on demand (`<details>`: keyboard, touch and screen readers know it).
#[component]
pub fn CoachingSection(
    /// Its `data-testid` is `section-{key}`.
    key: &'static str,
    /// What the summary line says.
    #[prop(into)]
    title: Signal<String>,
    /// The section's content, rendered while closed too (its words stay findable).
    children: Children,
) -> impl IntoView {
    view! {
        <details class="card coaching" data-testid=format!("section-{key}")>
            <summary><span class="coaching-title">{move || title.get()}</span></summary>
            <div class="coaching-body">{children()}</div>
        </details>
    }
}
