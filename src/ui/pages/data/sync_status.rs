//! Sync once it is on: when it last synced, what has not reached the server, the last
//! failure in plain words, "Sync now" and "Turn off sync".

use leptos::prelude::*;

use super::sync_passphrase::SyncPassphrase;
use crate::domain::words::counted;
use crate::ui::components::{Alert, ConfirmDialog};
use crate::ui::state::use_app_state;

/// How long ago, in words: "just now", "2 minutes ago", "3 hours ago", "4 days ago".
pub fn ago(elapsed_ms: i64) -> String {
    let minutes = elapsed_ms.max(0) / 60_000;
    match minutes {
        0 => "just now".to_owned(),
        1..=59 => format!("{} ago", counted(minutes as usize, "minute", "minutes")),
        60..=1_439 => format!("{} ago", counted((minutes / 60) as usize, "hour", "hours")),
        _ => format!("{} ago", counted((minutes / 1_440) as usize, "day", "days")),
    }
}

/// What a running round says: how far it got, once it took or sent anything (a first sync
/// of a large ledger takes a while).
pub fn syncing_words((taken, sent): (usize, usize)) -> String {
    match (taken, sent) {
        (0, 0) => "Syncing…".to_owned(),
        (taken, 0) => format!(
            "Syncing… {} taken from the server.",
            counted(taken, "record", "records")
        ),
        (0, sent) => format!(
            "Syncing… {} sent to the server.",
            counted(sent, "record", "records")
        ),
        (taken, sent) => format!(
            "Syncing… {} taken from the server, {sent} sent.",
            counted(taken, "record", "records")
        ),
    }
}

/// The status of sync, and its two buttons.
#[component]
pub fn SyncStatus() -> impl IntoView {
    let state = use_app_state();
    let sync = state.sync;
    // "2 minutes ago" moves on by itself.
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(tick) = set_interval_with_handle(
        move || now.set(js_sys::Date::now()),
        std::time::Duration::from_secs(20),
    ) {
        on_cleanup(move || tick.clear());
    }
    let last = move || match (sync.syncing.get(), sync.last_synced.get()) {
        (true, _) => syncing_words(sync.progress.get()),
        (false, Some(at)) => format!("Last synced {}.", ago(now.get() as i64 - at)),
        (false, None) => "Not synced yet.".to_owned(),
    };
    let waiting = move || match sync.waiting.get() {
        0 => "Every change here is on the server.".to_owned(),
        n => format!("{} not synced yet.", counted(n, "change", "changes")),
    };
    let confirming = RwSignal::new(false);
    let off_error = RwSignal::new(None::<String>);
    let turn_off = Callback::new(move |()| {
        confirming.set(false);
        if let Err(message) = state.turn_off_sync() {
            off_error.set(Some(message));
        }
    });
    view! {
        <p data-testid="sync-status" data-rounds=move || sync.rounds.get()
            data-syncing=move || sync.syncing.get().to_string()>
            <span data-testid="sync-last">{last}</span>" "
            <span data-testid="sync-waiting">{waiting}</span>
        </p>
        {move || sync.failure.get().map(|message| view! {
            <Alert class="form-error" testid="sync-failure">{message}</Alert>
        })}
        {move || off_error.get().map(|message| view! {
            <Alert class="form-error" testid="sync-off-error">{message}</Alert>
        })}
        <div class="actions">
            <button type="button" class="primary" data-testid="sync-now"
                disabled=move || sync.syncing.get() on:click=move |_| state.sync_now()>"Sync now"</button>
            <button type="button" data-testid="sync-turn-off" on:click=move |_| confirming.set(true)>
                "Turn off sync"
            </button>
        </div>
        <SyncPassphrase />
        <Show when=move || confirming.get()>
            <ConfirmDialog question_id="sync-off-text"
                question=Signal::derive(|| "Turn off sync on this device? Your ledger stays here and the copy on \
                    the server stays there; this device forgets the server's password and the key.".to_owned())
                confirm_label="Turn off sync" confirm_testid="sync-off-confirm" cancel_label="Keep syncing"
                on_confirm=turn_off on_cancel=Callback::new(move |()| confirming.set(false)) />
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::{ago, syncing_words};

    #[test]
    fn a_running_round_says_how_far_it_got() {
        assert_eq!(syncing_words((0, 0)), "Syncing…");
        assert_eq!(
            syncing_words((1, 0)),
            "Syncing… 1 record taken from the server."
        );
        assert_eq!(
            syncing_words((0, 500)),
            "Syncing… 500 records sent to the server."
        );
        assert_eq!(
            syncing_words((12_000, 3)),
            "Syncing… 12000 records taken from the server, 3 sent."
        );
    }

    #[test]
    fn how_long_ago_reads_as_words() {
        assert_eq!(ago(-5_000), "just now");
        assert_eq!(ago(59_000), "just now");
        assert_eq!(ago(60_000), "1 minute ago");
        assert_eq!(ago(2 * 60_000 + 30_000), "2 minutes ago");
        assert_eq!(ago(60 * 60_000), "1 hour ago");
        assert_eq!(ago(5 * 60 * 60_000), "5 hours ago");
        assert_eq!(ago(3 * 24 * 60 * 60_000), "3 days ago");
    }
}
