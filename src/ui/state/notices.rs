//! What the person is told: the toast at the bottom of the screen, with its Undo.

use super::*;

thread_local! {
    /// How many toasts were shown (their serial numbers).
    static TOASTS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A short message at the bottom of the screen, with an undo for one-tap changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    /// Tells apart two toasts with the same words, so one's timer never closes the other.
    serial: u64,
    /// What happened, in plain words.
    pub message: String,
    /// What Undo puts back, if the change can be undone.
    pub undo: Option<Undo>,
}

impl AppState {
    /// Shows a toast.
    pub fn notify(&self, message: impl Into<String>, undo: Option<Undo>) {
        let linger = if undo.is_some() { 12 } else { 6 };
        let toast = Toast {
            serial: TOASTS.with(|count| {
                count.set(count.get() + 1);
                count.get()
            }),
            message: message.into(),
            undo,
        };
        self.toast.set(Some(toast.clone()));
        let shown = self.toast;
        set_timeout(
            move || {
                if shown.with_untracked(|current| current.as_ref() == Some(&toast)) {
                    shown.set(None);
                }
            },
            std::time::Duration::from_secs(linger),
        );
    }

    /// Shows why an action was refused, in the error's own words (every error of the
    /// engine is written for the person). Not generic, so it is compiled once.
    pub fn notify_refusal(&self, error: &dyn std::error::Error) {
        self.notify(error.to_string(), None);
    }
}
