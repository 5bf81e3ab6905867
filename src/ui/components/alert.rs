//! A message the person must see now (a form's refusal, a question before discarding):
//! announced, and brought into view as it appears, below the sticky header. On a phone the
//! button that caused it is often a screen or more away, and a refusal out of sight reads
//! as an app that does nothing.

use leptos::prelude::*;

use crate::ui::element_ref::ElementRef;

/// An alert box that scrolls itself into view when it appears.
#[component]
pub fn Alert(
    /// Its look: `form-error` or `warning`.
    class: &'static str,
    /// The tests' handle.
    #[prop(default = None, into)]
    testid: Option<&'static str>,
    /// What it says and offers.
    children: Children,
) -> impl IntoView {
    let node = ElementRef::new();
    Effect::new(move |_| {
        if let Some(element) = node.get() {
            // The page's scroll padding keeps it below the sticky header.
            element.scroll_into_view();
        }
    });
    view! {
        <div class=class role="alert" data-testid=testid node_ref=node>{children()}</div>
    }
}
