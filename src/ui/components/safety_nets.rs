//! What keeps the only copy safe: the backup reminder, its habit, and the storage meter.

use leptos::prelude::*;

use crate::ui::browser;
use crate::ui::form::parse_cadence;
use crate::ui::keeping::{Keeping, WEBKIT_REMIND_AFTER_DAYS};
use crate::ui::quota::{almost_full, usage_words};
use crate::ui::state::use_app_state;

/// The reminder to export, on Today and in a banner-like card, when it is due: sooner in a
/// Safari tab, whose data goes after 7 days without a visit ([`Keeping`]).
#[component]
pub fn BackupNudge() -> impl IntoView {
    let state = use_app_state();
    let nudge = move || {
        let has_records = state.ledger.with(|ledger| !ledger.is_empty());
        let mut habit = state.backup.get();
        habit.remind_after_days = state.keeping.remind_after_days(habit.remind_after_days);
        habit.nudge(browser::now().at, has_records)
    };
    move || {
        nudge().map(|message| {
            view! {
                <div class="banner banner-info" role="status" data-testid="backup-nudge">
                    <p>{message}</p>
                    <button type="button" class="primary" data-testid="nudge-export"
                        on:click=move |_| { state.export_now(); }>"Export now"</button>
                    <a class="button-link" href="#/data">"Change the reminder"</a>
                </div>
            }
        })
    }
}

/// When the last export happened, and after how many days to remind.
#[component]
pub fn BackupHabitField() -> impl IntoView {
    let state = use_app_state();
    let days = RwSignal::new(state.backup.get_untracked().remind_after_days.to_string());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_cadence(&days.get_untracked()) {
            Ok(Some(chosen)) => {
                state
                    .backup
                    .update(|habit| habit.remind_after_days = chosen);
                state.store_backup_habit();
                state.notify(
                    format!("Rapport reminds you to export after {chosen} days."),
                    None,
                );
            }
            _ => state.notify("Choose a number of days between 1 and 3650.", None),
        }
    };
    view! {
        <p data-testid="last-export">
            {move || format!("Last export from this browser: {}.", state.backup.with(|habit| habit.last_export_words(browser::now())))}
        </p>
        <form class="inline-form" on:submit=save>
            <label class="field">
                <span class="field-label">"Remind me when the last export is older than (days)"</span>
                <input type="number" min="1" max="3650" inputmode="numeric" data-testid="remind-after-days" bind:value=days />
            </label>
            <button type="submit" data-testid="save-reminder">"Save"</button>
        </form>
        {(state.keeping == Keeping::ErasedWhenIdle).then(|| view! {
            <p class="muted" data-testid="reminder-in-safari">{format!(
                "In a Safari tab the reminder comes after at most {WEBKIT_REMIND_AFTER_DAYS} days: Safari erases this data after 7 days without a visit."
            )}</p>
        })}
    }
}

/// How full the browser's storage for Rapport is, counted against this browser's own room
/// (measured once: [`crate::ui::quota`]), whether it is almost full, and what the browser
/// promised about keeping it.
#[component]
pub fn StorageMeter() -> impl IntoView {
    let state = use_app_state();
    // The figures below are the real room's, once the probe (a fraction of a second, once
    // per browser) has run after this first render.
    set_timeout(move || state.measure_quota(), std::time::Duration::ZERO);
    let persisted = RwSignal::new(None::<bool>);
    let asked = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        persisted.set(browser::storage_persisted().await);
    });
    let ask = move |_| {
        leptos::task::spawn_local(async move {
            let answer = browser::request_persistent_storage().await;
            asked.set(true);
            persisted.set(answer);
        });
    };
    let usage = move || usage_words(state.usage_units.get(), state.quota_units.get());
    let full = move || almost_full(state.usage_units.get(), state.quota_units.get());
    let erased_when_idle = state.keeping == Keeping::ErasedWhenIdle;
    let persistence = move || {
        match (persisted.get(), asked.get()) {
        (Some(true), _) => "The browser has agreed to keep this data: it will not clear it to free space.",
        // Safari agrees only for Home Screen apps: the rule below says what applies.
        (_, _) if erased_when_idle => "Safari keeps this data only while Rapport is opened at least once a week, as below.",
        (Some(false), false) => "The browser may clear this data when the device runs short of space. Ask it to keep it:",
        (Some(false), true) => "The browser said no (browsers often agree only for sites you use a lot or installed). Export regularly.",
        (None, _) => "This browser cannot say whether it will keep this data. Export regularly.",
    }
    };
    view! {
        <section class="card" data-testid="storage">
            <h2>"Storage"</h2>
            <meter min="0" max=move || state.quota_units.get().to_string() value=move || state.usage_units.get().to_string()
                aria-label="Storage used" data-testid="storage-meter"></meter>
            <p data-testid="storage-usage">{usage}</p>
            <Show when=full>
                <p class="form-error" role="alert" data-testid="storage-almost-full">
                    "Storage is almost full: a large import or many more interactions may not fit. Export now, so nothing is lost if a save is refused."
                </p>
            </Show>
            <p data-testid="persistence">{persistence}</p>
            <Show when=move || persisted.get() == Some(false) && !asked.get() && !erased_when_idle>
                <button type="button" data-testid="request-persistence" on:click=ask>
                    "Ask the browser to keep my data"
                </button>
            </Show>
            <KeepingRule />
            {move || (!state.can_save()).then(|| view! {
                <p class="form-error">"Saving is off: your data could not be read or storage is unavailable. Nothing is written until this is fixed, so nothing is overwritten."</p>
            })}
        </section>
    }
}

/// Safari's 7-day rule and how to put Rapport on the Home Screen, where it applies.
#[component]
fn KeepingRule() -> impl IntoView {
    let keeping = use_app_state().keeping;
    keeping.rule_words().map(|rule| {
        let steps = keeping.home_screen_steps().unwrap_or_default();
        view! {
            <div data-testid="keeping">
                <p><strong>{rule}</strong></p>
                <p>"To add Rapport to the Home Screen:"</p>
                <ol>{steps.into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}</ol>
            </div>
        }
    })
}
