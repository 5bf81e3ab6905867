//! What the log form says before an ask: the balance of gives and asks so far, a warning
//! when asking again would tip it, and how ready a pitch is.

use leptos::prelude::*;

use crate::domain::evidence::Evidence;
use crate::domain::playbook::{ask_warning, pitch_readiness};
use crate::domain::{ContactId, InteractionKind};
use crate::ui::browser;
use crate::ui::components::interaction_fields::InteractionFields;
use crate::ui::components::Term;
use crate::ui::element_ref::ElementRef;
use crate::ui::state::use_app_state;

/// The check shown while the kind chosen is an ask; its "Log a give first" turns the log
/// into a give and puts the keyboard in `summary_field`.
#[component]
pub fn AskCheck(
    /// Whom the ask is for.
    contact: ContactId,
    /// The log form's fields (their kind decides whether this shows).
    fields: InteractionFields,
    /// Where the give is described.
    summary_field: ElementRef,
) -> impl IntoView {
    let state = use_app_state();
    let before_ask = Memo::new(move |_| {
        if !fields.is_ask() {
            return None;
        }
        state.ledger.with(|ledger| {
            Evidence::gather(ledger, contact, browser::now()).map(|evidence| {
                (
                    ask_warning(&evidence),
                    pitch_readiness(&evidence),
                    evidence.balance(),
                )
            })
        })
    });
    // "Log a give first" removes itself: the keyboard goes on where the give is described.
    let give_instead = move |_| {
        fields.kind.set(InteractionKind::Give);
        if let Some(field) = summary_field.get_untracked() {
            let _ = field.focus();
        }
    };
    move || {
        before_ask.get().map(|(warning, readiness, balance)| view! {
            <div class="ask-check" data-testid="ask-check">
                <p data-testid="ask-balance">
                    {format!(
                        "Before this ask: {} given, {} received, {} asked. {}",
                        balance.gives, balance.received, balance.asks, balance.verdict()
                    )}
                </p>
                {warning.map(|text| view! {
                    <div class="warning" role="alert" data-testid="ask-warning">
                        <p>{text}</p>
                        <button type="button" data-testid="log-give-instead" on:click=give_instead>
                            "Log a give first"
                        </button>
                    </div>
                })}
                <p data-testid="pitch-readiness">
                    <strong>{format!("Pitch readiness: {}%", readiness.score)}</strong>
                    " "<Term key="pitch-readiness" />
                </p>
                <ul class="missing">
                    {readiness.missing.into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}
                </ul>
            </div>
        })
    }
}
