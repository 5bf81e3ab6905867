use leptos::prelude::*;

use crate::domain::{Channel, ContactId, Direction, InteractionDetails, InteractionKind};
use crate::ui::browser;
use crate::ui::form::parse_date;
use crate::ui::state::use_app_state;

/// The quick "log an interaction" form on a contact's page.
#[component]
pub fn LogForm(
    /// The contact the interaction was with.
    contact: ContactId,
) -> impl IntoView {
    let state = use_app_state();
    let today = || browser::now().today.format("%Y-%m-%d").to_string();
    let kind = RwSignal::new(InteractionKind::Conversation.key().to_owned());
    let channel = RwSignal::new(Channel::Email.key().to_owned());
    let direction = RwSignal::new(Direction::Outbound.key().to_owned());
    let date = RwSignal::new(today());
    let summary = RwSignal::new(String::new());
    let learned = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(day) = parse_date(&date.get_untracked()) else {
            return error.set(Some("Pick the date it happened.".to_owned()));
        };
        let now = browser::now();
        let at = if day == now.today { now.at } else { browser::local_noon(day) };
        let details = InteractionDetails {
            at,
            channel: Channel::from_key(&channel.get_untracked()).unwrap_or(Channel::Other),
            kind: InteractionKind::from_key(&kind.get_untracked())
                .unwrap_or(InteractionKind::Conversation),
            direction: Direction::from_key(&direction.get_untracked())
                .unwrap_or(Direction::Outbound),
            summary: summary.get_untracked(),
            learned: learned.get_untracked(),
        };
        let id = browser::new_interaction_id();
        match state.apply(|ledger, now| ledger.log_interaction(id, contact, details, now.at)) {
            Ok(_) => {
                error.set(None);
                summary.set(String::new());
                learned.set(String::new());
                date.set(today());
                state.notify("Interaction logged.", None);
            }
            Err(failure) => error.set(Some(failure.to_string())),
        }
    };

    let select = |label: &'static str, testid: &'static str, value: RwSignal<String>, options: Vec<(&'static str, &'static str)>| {
        view! {
            <label class="field">
                <span class="field-label">{label}</span>
                <select data-testid=testid on:change=move |ev| value.set(event_target_value(&ev))>
                    {options
                        .into_iter()
                        .map(|(key, text)| view! {
                            <option value=key selected=move || value.get() == key>{text}</option>
                        })
                        .collect_view()}
                </select>
            </label>
        }
    };
    let kinds = InteractionKind::ALL.iter().map(|k| (k.key(), k.label())).collect();
    let channels = Channel::ALL.iter().map(|c| (c.key(), c.label())).collect();
    let directions = Direction::ALL.iter().map(|d| (d.key(), d.label())).collect();

    view! {
        <form class="card log-form" data-testid="log-form" on:submit=submit>
            <h2>"Log an interaction"</h2>
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <div class="form-grid">
                {select("What it was", "log-kind", kind, kinds)}
                {select("Channel", "log-channel", channel, channels)}
                {select("Who started it", "log-direction", direction, directions)}
                <label class="field">
                    <span class="field-label">"Date"</span>
                    <input type="date" data-testid="log-date" bind:value=date />
                </label>
            </div>
            <label class="field">
                <span class="field-label">"What happened"</span>
                <textarea data-testid="log-summary" rows="2" bind:value=summary></textarea>
            </label>
            <label class="field">
                <span class="field-label">"What I learned about them"</span>
                <textarea data-testid="log-learned" rows="2" bind:value=learned></textarea>
            </label>
            <div class="actions">
                <button type="submit" class="primary" data-testid="log-submit">"Log it"</button>
            </div>
        </form>
    }
}
