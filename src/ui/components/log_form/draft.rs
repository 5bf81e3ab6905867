//! What the log form holds beside the interaction's own fields (those are
//! [`InteractionFields`](crate::ui::components::interaction_fields::InteractionFields)): the
//! pitch's status and the promise made in it, as plain values, with the promise they make
//! or what is missing. Pure, so it is tested natively.

use std::fmt;

use crate::domain::{InteractionKind, Party, PitchStatus, PromiseDraft};
use crate::ui::form::parse_date;

/// The log form's own values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogDraft {
    /// Where an ask's pitch stands.
    pub pitch_status: PitchStatus,
    /// What was promised; blank when nothing was.
    pub promise: String,
    /// Who owes it.
    pub owed_by: Party,
    /// When it is due, as the date input gives it (`YYYY-MM-DD`).
    pub due: String,
}

/// Why the promise in a log cannot be logged yet, each in one plain sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogError {
    /// A "Promise" is logged, but nothing is said to be promised.
    NoPromise,
    /// Something is promised, on no day.
    NoDueDate,
}

impl fmt::Display for LogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoPromise => "Say what was promised, and pick the day it is due.",
            Self::NoDueDate => "Pick the date the promise is due.",
        })
    }
}

impl LogDraft {
    /// A form just opened: a pitch sent, nothing promised, and were something promised, by
    /// me.
    pub fn blank() -> Self {
        Self {
            pitch_status: PitchStatus::Sent,
            promise: String::new(),
            owed_by: Party::Me,
            due: String::new(),
        }
    }

    /// The promise logged with an interaction of `kind` (linked to it by the ledger), `None`
    /// when nothing was promised, or what is missing: a "Promise" needs what was promised,
    /// and anything promised needs its day.
    pub fn promise(&self, kind: InteractionKind) -> Result<Option<PromiseDraft>, LogError> {
        if self.promise.trim().is_empty() {
            return match kind {
                InteractionKind::Promise => Err(LogError::NoPromise),
                _ => Ok(None),
            };
        }
        let due = parse_date(&self.due).ok_or(LogError::NoDueDate)?;
        Ok(Some(PromiseDraft {
            what: self.promise.clone(),
            owed_by: self.owed_by,
            due,
            interaction: None,
        }))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn nothing_promised_logs_no_promise_unless_the_interaction_is_one() {
        let draft = LogDraft {
            promise: "  ".to_owned(),
            ..LogDraft::blank()
        };
        assert_eq!(draft.promise(InteractionKind::Give), Ok(None));
        assert_eq!(
            draft.promise(InteractionKind::Promise),
            Err(LogError::NoPromise)
        );
        assert_eq!(
            LogError::NoPromise.to_string(),
            "Say what was promised, and pick the day it is due."
        );
    }

    #[test]
    fn a_promise_needs_its_day() {
        let mut draft = LogDraft {
            promise: "Send the embargoed deck".to_owned(),
            owed_by: Party::Them,
            ..LogDraft::blank()
        };
        assert_eq!(
            draft.promise(InteractionKind::Conversation),
            Err(LogError::NoDueDate)
        );
        assert_eq!(
            LogError::NoDueDate.to_string(),
            "Pick the date the promise is due."
        );
        draft.due = "2026-12-24".to_owned();
        assert_eq!(
            draft.promise(InteractionKind::Conversation),
            Ok(Some(PromiseDraft {
                what: "Send the embargoed deck".to_owned(),
                owed_by: Party::Them,
                due: NaiveDate::from_ymd_opt(2026, 12, 24).expect("a date"),
                interaction: None,
            }))
        );
    }
}
