use leptos::prelude::*;

use crate::ui::browser;
use crate::ui::form::parse_cadence;
use crate::ui::state::use_app_state;

/// Chromium's localStorage quota per origin, in UTF-16 code units.
pub const QUOTA_UNITS: usize = 5_242_880;

/// The reminder to export, on Today and in a banner-like card, when it is due.
#[component]
pub fn BackupNudge() -> impl IntoView {
    let state = use_app_state();
    let nudge = move || {
        let has_records = state.ledger.with(|ledger| !ledger.is_empty());
        state
            .backup
            .with(|habit| habit.nudge(browser::now().at, has_records))
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
    }
}

/// How full the browser's storage for Rapport is, and whether the browser promised to keep it.
#[component]
pub fn StorageMeter() -> impl IntoView {
    let state = use_app_state();
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
    let usage = move || usage_words(state.usage_units.get());
    let persistence = move || {
        match (persisted.get(), asked.get()) {
        (Some(true), _) => "The browser has agreed to keep this data: it will not clear it to free space.",
        (Some(false), false) => "The browser may clear this data when the device runs short of space. Ask it to keep it:",
        (Some(false), true) => "The browser said no (browsers often agree only for sites you use a lot or installed). Export regularly.",
        (None, _) => "This browser cannot say whether it will keep this data. Export regularly.",
    }
    };
    view! {
        <section class="card" data-testid="storage">
            <h2>"Storage"</h2>
            <meter min="0" max=QUOTA_UNITS.to_string() value=move || state.usage_units.get().to_string()
                aria-label="Storage used" data-testid="storage-meter"></meter>
            <p data-testid="storage-usage">{usage}</p>
            <p data-testid="persistence">{persistence}</p>
            <Show when=move || persisted.get() == Some(false) && !asked.get()>
                <button type="button" data-testid="request-persistence" on:click=ask>
                    "Ask the browser to keep my data"
                </button>
            </Show>
            {move || (!state.can_save()).then(|| view! {
                <p class="form-error">"Saving is off: your data could not be read or storage is unavailable. Nothing is written until this is fixed, so nothing is overwritten."</p>
            })}
        </section>
    }
}

/// How full this browser's storage for Rapport is, in words: a percentage, and the size
/// in kilobytes or megabytes (each stored unit takes two bytes).
fn usage_words(units: usize) -> String {
    let size = |units: usize| {
        let bytes = units as f64 * 2.0;
        if bytes < 1024.0 * 1024.0 {
            format!("{:.0} KB", (bytes / 1024.0).ceil())
        } else {
            format!("{:.1} MB", bytes / (1024.0 * 1024.0))
        }
    };
    format!(
        "{:.1} % of this browser's storage for Rapport is used: about {} of {}.",
        units as f64 * 100.0 / QUOTA_UNITS as f64,
        size(units),
        size(QUOTA_UNITS)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_reads_in_kilobytes_and_megabytes() {
        assert_eq!(
            usage_words(23_139),
            "0.4 % of this browser's storage for Rapport is used: about 46 KB of 10.0 MB."
        );
        assert_eq!(
            usage_words(2_700_000),
            "51.5 % of this browser's storage for Rapport is used: about 5.1 MB of 10.0 MB."
        );
    }
}
