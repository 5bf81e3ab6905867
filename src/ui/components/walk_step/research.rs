//! The walk's step that notes what a contact cares about and what was read of theirs.

use leptos::prelude::*;

use super::Outcome;
use crate::domain::ContactId;
use crate::ui::element_ref::ElementRef;
use crate::ui::form::{join_list, split_list};
use crate::ui::state::use_app_state;

/// Their interests (the beat) and research notes, starting from the profile's; both blank
/// is refused in words.
#[component]
pub fn ResearchStep(
    /// Who is researched.
    contact: ContactId,
    /// The step's first field.
    start: ElementRef,
    /// Told whether the profile was saved.
    outcome: Outcome,
) -> impl IntoView {
    let state = use_app_state();
    let profile = state
        .ledger
        .with_untracked(|ledger| ledger.contact(contact).map(|c| c.profile.clone()));
    let interests = RwSignal::new(
        profile
            .as_ref()
            .map(|p| join_list(&p.interests))
            .unwrap_or_default(),
    );
    let notes = RwSignal::new(
        profile
            .as_ref()
            .map(|p| p.notes.clone())
            .unwrap_or_default(),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(mut profile) = profile.clone() else {
            return;
        };
        profile.interests = split_list(&interests.get_untracked());
        profile.notes = notes.get_untracked();
        if profile.interests.is_empty() && profile.notes.trim().is_empty() {
            return outcome.refuse("Note what they care about or what you read of theirs first, or skip this step for now.".to_owned());
        }
        outcome.report(state.apply(|ledger, now| ledger.update_profile(contact, profile, now.at)));
    };
    view! {
        <form on:submit=submit class="walk-action">
            <label class="field">
                <span class="field-label">"What do they care about? (interests, beat; commas between)"</span>
                <input type="text" data-testid="walk-text" bind:value=interests node_ref=start />
            </label>
            <label class="field">
                <span class="field-label">"Research notes: recent work, what they wrote or said"</span>
                <textarea rows="3" data-testid="walk-notes" bind:value=notes></textarea>
            </label>
            <div class="actions"><button type="submit" class="primary" data-testid="walk-do">"Save"</button></div>
        </form>
    }
}
