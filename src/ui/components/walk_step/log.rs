//! The walk's step that logs an interaction of the kind its prompt asks for.

use leptos::prelude::*;

use super::Outcome;
use crate::domain::{Channel, ContactId, Direction, InteractionDetails, InteractionKind};
use crate::ui::browser;
use crate::ui::element_ref::ElementRef;
use crate::ui::state::use_app_state;

/// "Give: what happened?", and whether they reached out: logged today, on no channel in
/// particular (the log form on the page says more).
#[component]
pub fn LogStep(
    /// Whose relationship.
    contact: ContactId,
    /// The kind of interaction the prompt asks for.
    kind: InteractionKind,
    /// The step's first field.
    start: ElementRef,
    /// Told whether the interaction was logged.
    outcome: Outcome,
) -> impl IntoView {
    let state = use_app_state();
    let summary = RwSignal::new(String::new());
    let inbound = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let now = browser::now();
        let details = InteractionDetails {
            day: Some(now.today),
            at: now.at,
            channel: Channel::Other,
            kind,
            direction: if inbound.get_untracked() {
                Direction::Inbound
            } else {
                Direction::Outbound
            },
            summary: summary.get_untracked(),
            learned: String::new(),
            pitch: None,
            link: String::new(),
        };
        let id = browser::new_interaction_id();
        outcome.report(state.apply(|ledger, now| {
            ledger
                .log_interaction(id, contact, details, now.at)
                .map(|_| ())
        }));
    };
    view! {
        <form on:submit=submit class="walk-action">
            <label class="field">
                <span class="field-label">{format!("{}: what happened?", kind.label())}</span>
                <textarea rows="2" data-testid="walk-summary" bind:value=summary node_ref=start></textarea>
            </label>
            <label class="tick">
                <input type="checkbox" data-testid="walk-inbound" bind:checked=inbound />
                " They reached out"
            </label>
            <div class="actions"><button type="submit" class="primary" data-testid="walk-do">"Log it"</button></div>
        </form>
    }
}
