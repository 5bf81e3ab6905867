//! Correcting a logged interaction in place on the timeline.

use leptos::prelude::*;

use crate::domain::{InteractionId, PitchStatus};
use crate::ui::browser;
use crate::ui::components::interaction_fields::{InteractionBasics, InteractionFields, LinkField};
use crate::ui::components::FormError;
use crate::ui::element_ref::ElementRef;
use crate::ui::state::use_app_state;

/// Corrects a logged interaction in place on the timeline: its date, kind, channel, who
/// started it, what happened, what was learned and, for an ask, the pitch angle.
#[component]
pub fn InteractionEditor(
    /// The interaction corrected.
    id: InteractionId,
    /// Called when the person saves or cancels.
    on_done: Callback<()>,
) -> impl IntoView {
    let state = use_app_state();
    let Some(original) = state.ledger.with_untracked(|ledger| {
        ledger
            .interaction(id)
            .map(|interaction| interaction.details.clone())
    }) else {
        return view! { <p class="empty">"This interaction is no longer in the ledger."</p> }
            .into_any();
    };
    let original_day = original.day_in(browser::local_day);
    let fields = InteractionFields::of(&original);
    let InteractionFields {
        summary,
        learned,
        angle,
        link,
        ..
    } = fields;
    let pitch_status = original
        .pitch
        .as_ref()
        .map_or(PitchStatus::Sent, |pitch| pitch.status);
    let error = RwSignal::new(None::<String>);
    let is_ask = move || fields.is_ask();

    // A line already dated ahead (logged before future days were refused) can still be
    // corrected without moving its day.
    let latest = Signal::derive(move || browser::now().today.max(original_day));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let day = match fields.day_until(latest.get_untracked()) {
            Ok(day) => day,
            Err(message) => return error.set(Some(message)),
        };
        // An unchanged date keeps its time of day, so the order of that day stays as it was.
        let at = if day == original_day {
            original.at
        } else {
            browser::instant_for_day(day)
        };
        let details = fields.details(day, at, pitch_status);
        match state.apply(|ledger, now| ledger.edit_interaction(id, details, now.at)) {
            Ok(()) => {
                state.notify("Interaction corrected.", None);
                on_done.run(());
            }
            Err(failure) => error.set(Some(failure.to_string())),
        }
    };

    // The keyboard starts where a typo is fixed; Escape cancels, as in a dialog.
    let summary_field = ElementRef::new();
    summary_field.on_load(|field| {
        let _ = field.focus();
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_done.run(());
        }
    };
    view! {
        <form class="interaction-editor" data-testid="interaction-editor" on:submit=submit on:keydown=on_keydown novalidate>
            <FormError error />
            <InteractionBasics fields testids=["edit-kind", "edit-channel", "edit-direction", "edit-date"] latest />
            <label class="field">
                <span class="field-label">"What happened"</span>
                <textarea data-testid="edit-summary" rows="2" bind:value=summary node_ref=summary_field></textarea>
            </label>
            <Show when=is_ask>
                <label class="field">
                    <span class="field-label">"Pitch angle"</span>
                    <input type="text" data-testid="edit-pitch-angle" bind:value=angle />
                </label>
            </Show>
            <label class="field">
                <span class="field-label">"What I learned about them"</span>
                <textarea data-testid="edit-learned" rows="2" bind:value=learned></textarea>
            </label>
            <LinkField value=link testid="edit-link" />
            <div class="actions">
                <button type="submit" class="primary small" data-testid="edit-save">"Save the correction"</button>
                <button type="button" class="small" data-testid="edit-cancel" on:click=move |_| on_done.run(())>"Cancel"</button>
            </div>
        </form>
    }
    .into_any()
}
