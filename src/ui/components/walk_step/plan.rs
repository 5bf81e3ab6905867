//! The walk's step that writes one part of the relationship plan.

use leptos::prelude::*;

use super::Outcome;
use crate::domain::{ContactId, PlanPart};
use crate::ui::element_ref::ElementRef;
use crate::ui::state::use_app_state;

/// One part of the plan (purpose, agreement, partnership idea), starting from what it says
/// now; a blank one is refused in words.
#[component]
pub fn PlanStep(
    /// Whose plan.
    contact: ContactId,
    /// The part the prompt asks for.
    part: PlanPart,
    /// The step's field.
    start: ElementRef,
    /// Told whether the plan was saved.
    outcome: Outcome,
) -> impl IntoView {
    let state = use_app_state();
    let text = RwSignal::new(state.ledger.with_untracked(|ledger| {
        ledger
            .contact(contact)
            .map(|c| c.plan.entry(part).text.clone())
            .unwrap_or_default()
    }));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = text.get_untracked();
        if value.trim().is_empty() {
            return outcome
                .refuse("Write a line or two first, or skip this step for now.".to_owned());
        }
        outcome.report(state.apply(|ledger, now| ledger.update_plan(contact, part, value, now.at)));
    };
    view! {
        <form on:submit=submit class="walk-action">
            <label class="field">
                <span class="field-label">{part.label()}</span>
                <textarea rows="3" data-testid="walk-text" bind:value=text node_ref=start></textarea>
            </label>
            <div class="actions"><button type="submit" class="primary" data-testid="walk-do">"Save"</button></div>
        </form>
    }
}
