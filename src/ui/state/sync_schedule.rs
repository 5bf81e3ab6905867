//! When rounds run by themselves: soon after a change is saved here (2 s after the last of
//! a burst), every 30 s while the page is visible, as the browser comes back online and as
//! the page is shown again; after a failure, not before a wait that doubles from 30 s to
//! 10 min ("Sync now" does not wait). Another tab turning sync on or off is followed
//! through the storage event of the kept connection.

use leptos::leptos_dom::helpers::TimeoutHandle;

use super::sync::Ended;
use super::*;
use crate::sync::settings::SETTINGS_KEY;

/// How long after a saved change its round starts: edits in a burst go in one round.
const AFTER_CHANGE_MS: u64 = 2_000;
/// How often a visible page looks for the other devices' changes.
const EVERY_MS: u64 = 30_000;
/// The first wait after a failure; each failure in a row doubles it.
const FIRST_BACKOFF_MS: u64 = 30_000;
/// The longest wait after failures.
const MAX_BACKOFF_MS: u64 = 600_000;

/// The automatic rounds' timing.
#[derive(Clone, Copy, Default)]
pub(super) struct Schedule {
    /// The round waiting to start.
    timer: Option<TimeoutHandle>,
    /// The wait after the last failure (0: the last round did not fail).
    backoff_ms: u64,
    /// No automatic round before this time (milliseconds since 1970).
    not_before: f64,
}

impl AppState {
    /// A round now, whatever the wait after failures: the person asked.
    pub fn sync_now(&self) {
        let state = *self;
        leptos::task::spawn_local(async move {
            if let Some(ended) = state.run_round().await {
                state.after_round(&ended);
            }
        });
    }

    /// A round in [`AFTER_CHANGE_MS`], replacing any round waiting to start.
    pub(super) fn sync_soon(&self) {
        self.start_round_in(AFTER_CHANGE_MS);
    }

    fn start_round_in(&self, delay_ms: u64) {
        let state = *self;
        state.sync.schedule.update_value(|schedule| {
            if let Some(timer) = schedule.timer.take() {
                timer.clear();
            }
            schedule.timer = set_timeout_with_handle(
                move || state.automatic_round(),
                std::time::Duration::from_millis(delay_ms),
            )
            .ok();
        });
    }

    /// A round the page starts by itself: only with sync on, while the page is visible,
    /// and not before the wait after failures is over.
    fn automatic_round(&self) {
        if !self.sync.on.get_untracked() || !page_visible() {
            return;
        }
        let wait = self
            .sync
            .schedule
            .with_value(|schedule| schedule.not_before)
            - js_sys::Date::now();
        if wait > 0.0 {
            self.start_round_in(wait as u64);
            return;
        }
        self.sync_now();
    }

    /// Sets the wait after a failure, or clears it, and follows up changes left waiting.
    fn after_round(&self, ended: &Ended) {
        match ended {
            Ended::Synced | Ended::OtherTab => {
                self.sync.schedule.update_value(|schedule| {
                    schedule.backoff_ms = 0;
                    schedule.not_before = 0.0;
                });
                // Changes made during the round's last steps go in the next one.
                if matches!(ended, Ended::Synced) && self.sync.waiting.get_untracked() > 0 {
                    self.sync_soon();
                }
            }
            Ended::Failed(_) => {
                let backoff = self.sync.schedule.with_value(|schedule| {
                    (schedule.backoff_ms * 2).clamp(FIRST_BACKOFF_MS, MAX_BACKOFF_MS)
                });
                self.sync.schedule.update_value(|schedule| {
                    schedule.backoff_ms = backoff;
                    schedule.not_before = js_sys::Date::now() + backoff as f64;
                });
                self.start_round_in(backoff);
            }
        }
    }

    /// A round after failures, as soon as the reason may be gone (the browser is online
    /// again): the wait is over.
    fn sync_on_return(&self) {
        self.sync
            .schedule
            .update_value(|schedule| schedule.not_before = 0.0);
        self.automatic_round();
    }
}

/// Whether the page is shown (not a background tab or a minimized window).
fn page_visible() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .is_some_and(|document| !document.hidden())
}

/// Starts the automatic rounds for the app's lifetime.
pub(super) fn sync_automatically(state: AppState) {
    state.resume_sync();
    // A change saved here (or followed from another tab) with sync on: a round soon.
    Effect::new(move |_| {
        state.ledger.track();
        if state.sync.on.get_untracked() {
            state.count_waiting();
            if state.sync.waiting.get_untracked() > 0 && !state.sync.syncing.get_untracked() {
                state.sync_soon();
            }
        }
    });
    let every = set_interval_with_handle(
        move || state.automatic_round(),
        std::time::Duration::from_millis(EVERY_MS),
    )
    .ok();
    let online = window_event_listener_untyped("online", move |_| state.sync_on_return());
    let visibility = window_event_listener_untyped("visibilitychange", move |_| {
        if page_visible() {
            state.sync_on_return();
        }
    });
    // Another tab turned sync on or off (or a round there kept the time).
    let settings = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().is_none_or(|key| key == SETTINGS_KEY) {
            let was_on = state.sync.on.get_untracked();
            let kept_on = crate::sync::settings::Connection::load().ok().flatten();
            // The same connection and key: only the time moved. Another key (the passphrase
            // changed in that tab) or another server or database: this tab takes it up.
            let same = |connection: &crate::sync::settings::Connection| {
                state.sync.link.with_value(|link| {
                    link.as_ref().is_some_and(|link| {
                        let mut kept = connection.clone();
                        kept.last_synced = link.connection.last_synced;
                        kept == link.connection
                    })
                })
            };
            match kept_on {
                Some(connection) if was_on && same(&connection) => {
                    state.sync.last_synced.set(connection.last_synced)
                }
                _ => state.resume_sync(),
            }
        }
    });
    on_cleanup(move || {
        if let Some(every) = every {
            every.clear();
        }
        online.remove();
        visibility.remove();
        settings.remove();
    });
}
