//! Keyboard shortcuts: which key does what. The keys are read by the app shell
//! (`super::app`); this module only decides, so it is tested without a browser.

/// What a shortcut does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// Go to the contact list and put the cursor in its search box.
    Search,
    /// Go to the contact list and open the form for a new contact.
    NewContact,
    /// Log an interaction: the contact page's form, or the quick log elsewhere.
    QuickLog,
    /// Show the list of shortcuts.
    Help,
    /// Wait for the second key of a `g` sequence.
    GoPrefix,
    /// Go to Today.
    GoToday,
    /// Go to the contact list.
    GoContacts,
    /// Go to Insights.
    GoInsights,
    /// Go to Data.
    GoData,
    /// Go to Settings.
    GoSettings,
    /// Go to the guide.
    GoGuide,
}

/// The shortcuts as the help dialog lists them: keys, then what they do.
pub const SHORTCUTS: &[(&str, &str)] = &[
    (
        "/",
        "Search your contacts (then Enter opens the first found)",
    ),
    ("n", "Add a new contact"),
    (
        "l",
        "Log an interaction (on a contact's page: its log form)",
    ),
    ("g then t", "Go to Today"),
    ("g then c", "Go to Contacts"),
    ("g then i", "Go to Insights"),
    ("g then d", "Go to Data"),
    ("g then s", "Go to Settings"),
    ("g then g", "Go to the guide"),
    ("?", "Show these shortcuts"),
    (
        "Esc",
        "Close a dialog or form (a form with changes asks first)",
    ),
];

/// The shortcut for `key` (a `KeyboardEvent.key`), given whether `g` was pressed just before.
pub fn shortcut_for(key: &str, after_g: bool) -> Option<Shortcut> {
    if after_g {
        return match key {
            "t" => Some(Shortcut::GoToday),
            "c" => Some(Shortcut::GoContacts),
            "i" => Some(Shortcut::GoInsights),
            "d" => Some(Shortcut::GoData),
            "s" => Some(Shortcut::GoSettings),
            "g" => Some(Shortcut::GoGuide),
            _ => None,
        };
    }
    match key {
        "/" => Some(Shortcut::Search),
        "n" => Some(Shortcut::NewContact),
        "l" => Some(Shortcut::QuickLog),
        "?" => Some(Shortcut::Help),
        "g" => Some(Shortcut::GoPrefix),
        _ => None,
    }
}

/// Whether keys typed into an element with this tag name are text, never shortcuts.
pub fn is_typing_target(tag_name: &str, editable: bool) -> bool {
    editable
        || matches!(
            tag_name.to_ascii_uppercase().as_str(),
            "INPUT" | "TEXTAREA" | "SELECT"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_keys() {
        assert_eq!(shortcut_for("/", false), Some(Shortcut::Search));
        assert_eq!(shortcut_for("n", false), Some(Shortcut::NewContact));
        assert_eq!(shortcut_for("l", false), Some(Shortcut::QuickLog));
        assert_eq!(shortcut_for("?", false), Some(Shortcut::Help));
        assert_eq!(shortcut_for("x", false), None);
        assert_eq!(shortcut_for("N", false), None);
    }

    #[test]
    fn g_sequences() {
        assert_eq!(shortcut_for("g", false), Some(Shortcut::GoPrefix));
        assert_eq!(shortcut_for("t", true), Some(Shortcut::GoToday));
        assert_eq!(shortcut_for("c", true), Some(Shortcut::GoContacts));
        assert_eq!(shortcut_for("i", true), Some(Shortcut::GoInsights));
        assert_eq!(shortcut_for("d", true), Some(Shortcut::GoData));
        assert_eq!(shortcut_for("s", true), Some(Shortcut::GoSettings));
        assert_eq!(shortcut_for("g", true), Some(Shortcut::GoGuide));
        assert_eq!(shortcut_for("n", true), None);
        assert_eq!(shortcut_for("t", false), None);
    }

    #[test]
    fn every_g_sequence_is_listed_for_the_help_dialog() {
        for (keys, _) in SHORTCUTS {
            if let Some(second) = keys.strip_prefix("g then ") {
                assert!(shortcut_for(second, true).is_some(), "{keys} does nothing");
            }
        }
        for key in ["t", "c", "i", "d", "s", "g"] {
            let listed = format!("g then {key}");
            assert!(
                SHORTCUTS.iter().any(|(keys, _)| *keys == listed),
                "{listed} is not listed"
            );
        }
    }

    #[test]
    fn typing_is_never_a_shortcut() {
        assert!(is_typing_target("input", false));
        assert!(is_typing_target("TEXTAREA", false));
        assert!(is_typing_target("SELECT", false));
        assert!(is_typing_target("DIV", true));
        assert!(!is_typing_target("BUTTON", false));
    }
}
