//! The "what's this" beside a term of the method: a disclosure that opens its meaning in
//! plain words.

use leptos::prelude::*;

use crate::domain::glossary;

/// A "?" beside a word that opens what it means. A native `<details>`: a click, a tap,
/// Enter or Space opens and closes it, and screen readers say whether it is open. The
/// meaning comes from the glossary, the list the guide reads too.
#[component]
pub fn Explain(
    /// The word explained, as read aloud: "What is {name}?".
    #[prop(into)]
    name: String,
    /// Its meaning.
    #[prop(into)]
    meaning: String,
    /// The disclosure's `data-testid`.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    view! {
        <details class="term" data-testid=testid>
            <summary aria-label=format!("What is {name}?") title=format!("What is {name}?")>"?"</summary>
            <span class="term-meaning" role="note">
                {meaning}" "<a href="#/guide">"More in the guide"</a>
            </span>
        </details>
    }
}

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
