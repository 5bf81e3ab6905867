//! The signals the log form's own inputs bind (the pitch's status and the promise made in
//! it), made from a [`LogDraft`] and read back into one.

use leptos::prelude::*;

use super::draft::LogDraft;
use crate::domain::{Party, PitchStatus};
use crate::ui::choice_signal::ChoiceSignal;

/// One signal per input (see [`LogDraft`] for what each is).
#[derive(Clone, Copy)]
pub struct LogFields {
    /// The pitch's status, shown with the pitch angle for an ask.
    pub pitch_status: ChoiceSignal<PitchStatus>,
    /// What was promised.
    pub promise: RwSignal<String>,
    /// Who owes it.
    pub owed_by: ChoiceSignal<Party>,
    /// When it is due.
    pub due: RwSignal<String>,
}

impl LogFields {
    /// The inputs holding `draft`.
    pub fn new(draft: LogDraft) -> Self {
        Self {
            pitch_status: ChoiceSignal::new(draft.pitch_status),
            promise: RwSignal::new(draft.promise),
            owed_by: ChoiceSignal::new(draft.owed_by),
            due: RwSignal::new(draft.due),
        }
    }

    /// What the inputs hold now (untracked: read when the form is sent).
    pub fn draft(self) -> LogDraft {
        LogDraft {
            pitch_status: self.pitch_status.get_untracked(),
            promise: self.promise.get_untracked(),
            owed_by: self.owed_by.get_untracked(),
            due: self.due.get_untracked(),
        }
    }

    /// Empties the promise once logged; who owes the next one and the pitch's status stay.
    pub fn clear_promise(self) {
        self.promise.set(String::new());
        self.due.set(String::new());
    }
}
