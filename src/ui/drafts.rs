//! What is being typed into a log form, kept in the tab's sessionStorage until it is
//! logged: a reload, or a phone discarding the tab in the background, loses nothing. The
//! draft stays in this tab and goes with it; it is never part of the ledger or an export.

use serde::{Deserialize, Serialize};

use crate::domain::ContactId;
use crate::ui::device;

/// The unsent text of one contact's log form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// What happened.
    pub summary: String,
    /// What I learned about them.
    pub learned: String,
}

impl Draft {
    /// Whether nothing is typed.
    pub fn is_empty(&self) -> bool {
        self.summary.trim().is_empty() && self.learned.trim().is_empty()
    }
}

/// What every draft's key starts with.
const DRAFT_PREFIX: &str = "rapport.draft.";

fn key(contact: ContactId) -> String {
    format!("{DRAFT_PREFIX}{contact}")
}

/// The draft kept for `contact`, or an empty one.
pub fn load(contact: ContactId) -> Draft {
    device::session_get(&key(contact)).unwrap_or_default()
}

/// Keeps `draft` for `contact`; an empty one is removed. Best effort: a draft that cannot
/// be kept (storage blocked or full) only means the text is not kept over a reload.
pub fn keep(contact: ContactId, draft: &Draft) {
    if draft.is_empty() {
        device::session_delete(&key(contact));
    } else {
        device::session_set(&key(contact), draft);
    }
}

/// Drops every draft this tab kept (when everything is erased).
pub fn forget_all() {
    for draft in device::session_keys(DRAFT_PREFIX) {
        device::session_delete(&draft);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_is_an_empty_draft() {
        assert!(Draft::default().is_empty());
        let spaces = Draft {
            summary: "  ".into(),
            learned: "\n".into(),
        };
        assert!(spaces.is_empty());
        let typed = Draft {
            summary: "Coffee".into(),
            learned: String::new(),
        };
        assert!(!typed.is_empty());
    }
}
