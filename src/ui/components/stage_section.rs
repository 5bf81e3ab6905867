//! Where a contact stands in the stages: the form that moves it (forward or back, dated
//! now or earlier, warned when the prompts are not met) and the path it took.

use leptos::prelude::*;

use crate::domain::words;
use crate::domain::{Contact, ContactId, DayFormat, Stage};
use crate::ui::browser;
use crate::ui::choice_signal::{choices, ChoiceSignal};
use crate::ui::components::report_for;
use crate::ui::components::select_field::SelectField;
use crate::ui::form::{day_label, parse_date};
use crate::ui::state::use_app_state;

/// Moves the contact to another stage, forward or back, with a reason.
#[component]
pub fn StageMover(id: ContactId, current: Stage) -> impl IntoView {
    let state = use_app_state();
    let target = ChoiceSignal::new(current);
    let reason = RwSignal::new(String::new());
    // Blank for now; a day already past for a move made earlier and recorded late.
    let day = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let stage = target.get_untracked();
        let why = reason.get_untracked();
        let on = day.get_untracked();
        let dated = match on.trim() {
            "" => None,
            text => match parse_date(text) {
                Some(date) => Some(browser::instant_for_day(date)),
                None => return state.notify("Give the day of the move as a date.", None),
            },
        };
        let outcome = state.apply(|ledger, now| match dated {
            None => ledger.move_stage(id, stage, why, now.at),
            Some(at) => ledger.move_stage_on(id, stage, why, at, now.at, |entered| {
                day_label(browser::local_day(entered))
            }),
        });
        match outcome {
            Ok(true) => {
                day.set(String::new());
                state.notify(format!("Moved to {}.", stage.label()), None)
            }
            Ok(false) => state.notify(format!("Already at {}.", stage.label()), None),
            Err(error) => state.notify_refusal(&error),
        }
    };
    // A move ahead of the evidence is the person's call: it is warned about, never blocked.
    let unmet = Memo::new(move |_| {
        if target.get() <= current {
            return Vec::new();
        }
        state.ledger.with(|ledger| {
            report_for(ledger, id)
                .map(|report| {
                    report
                        .prompts
                        .into_iter()
                        .filter(|state| !state.verdict.met)
                        .map(|state| format!("{} ({})", state.prompt.text, state.verdict.because))
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <form class="card stage-mover" on:submit=submit>
            <h2>"Stage"</h2>
            <div class="form-grid">
                <SelectField label="Move to" testid="stage-select" value=target
                    options=choices(Stage::ALL) />
                <label class="field">
                    <span class="field-label">"Why"</span>
                    <input type="text" data-testid="stage-reason" bind:value=reason />
                </label>
                <label class="field">
                    <span class="field-label">"On"</span>
                    <span class="field-hint">"Leave blank for now, or give the day a move made earlier happened"</span>
                    <input type="date" data-testid="stage-date" bind:value=day
                        max=DayFormat::Iso.of(browser::now().today).to_string() />
                </label>
            </div>
            <Show when=move || unmet.with(|unmet| !unmet.is_empty())>
                <div class="warning" role="status" data-testid="stage-move-warning">
                    <p>{format!("Not met yet at {}; you can still move on, and the evidence can catch up:", current.label())}</p>
                    <ul>
                        {move || unmet.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    </ul>
                </div>
            </Show>
            <div class="actions">
                <button type="submit" data-testid="stage-move">"Record the move"</button>
            </div>
        </form>
    }
}

/// The path the contact took through the stages, and how long each stage lasted.
#[component]
pub fn StageHistory(contact: Contact) -> impl IntoView {
    let days = contact.journey.days_in_each(browser::now().at);
    let last = days.len().saturating_sub(1);
    let moves = contact
        .journey
        .history
        .iter()
        .zip(days)
        .enumerate()
        .rev()
        .map(|(index, (step, days))| {
            let stay = if index == last {
                format!(" · {} so far", words::days(days))
            } else {
                format!(" · stayed {}", words::days(days))
            };
            let text = match step.from {
                None => format!("Added as {}", step.to.label()),
                Some(from) => format!("{} → {}", from.label(), step.to.label()),
            };
            let reason = step.reason.clone();
            let date = day_label(browser::local_day(step.at));
            view! {
                <li>
                    <time>{date}</time>" "<strong>{text}</strong><span class="muted">{stay}</span>
                    {(!reason.is_empty()).then(|| view! { <span class="muted">" — "{reason}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>"Stage history"</h2>
            <ol class="stage-history" data-testid="stage-history">{moves}</ol>
        </section>
    }
}
