//! The "what's this" beside a term of the method: a disclosure that opens its meaning in
//! plain words.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;

use crate::domain::glossary;

/// A "?" beside a word that opens what it means, just below it. A button that says
/// whether it is expanded: a click, a tap, Enter or Space opens and closes it. Its meaning
/// follows it in the flow, so in a heading row the "?" stays beside the heading and the
/// meaning takes the row below. The meaning comes from the glossary, the list the guide
/// reads too.
#[component]
pub fn Explain(
    /// The word explained, as read aloud: "What is {name}?".
    #[prop(into)]
    name: String,
    /// Its meaning.
    #[prop(into)]
    meaning: String,
    /// The button's `data-testid`; the meaning's is the same followed by `-meaning`.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let open = RwSignal::new(false);
    // The same term may be explained twice on one page (the playbook and the quality
    // card both name control mutuality): each meaning needs an id of its own.
    let id = format!("term-meaning-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed));
    let question = format!("What is {name}?");
    view! {
        <button type="button" class="term" data-testid=testid.clone() aria-controls=id.clone()
            aria-expanded=move || open.get().to_string() aria-label=question.clone() title=question
            on:click=move |_| open.update(|open| *open = !*open)>
            <span class="term-mark" aria-hidden="true">"?"</span>
        </button>
        <span class="term-meaning" id=id role="note" data-testid=format!("{testid}-meaning")
            hidden=move || !open.get()>
            {meaning}" "<a href="#/guide">"More in the guide"</a>
        </span>
    }
}

/// Numbers the meanings shown, for their ids.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// The [`Explain`] of a glossary term, by its key ([`glossary::TERMS`]); nothing for a key
/// the glossary does not hold.
#[component]
pub fn Term(
    /// The term's key.
    key: &'static str,
) -> impl IntoView {
    glossary::term(key).map(|term| {
        view! { <Explain name=term.name meaning=term.meaning testid=format!("term-{key}") /> }
    })
}
