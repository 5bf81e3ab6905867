//! Keyboard shortcuts: which key does what. The keys are read by the app shell
//! (`super::app`); this module only decides, so it is tested without a browser.

use super::route::{Route, PAGES};

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
    /// Go to a page of the navigation (its key after `g`, in [`PAGES`]).
    Go(Route),
}

/// The shortcuts before the `g` sequences, as the help dialog lists them: keys, then what
/// they do.
const SINGLE_KEYS: &[(&str, &str)] = &[
    (
        "/",
        "Search your contacts (then Enter opens the first found)",
    ),
    ("n", "Add a new contact"),
    (
        "l",
        "Log an interaction (on a contact's page: its log form)",
    ),
];

/// The shortcuts after the `g` sequences.
const LAST_KEYS: &[(&str, &str)] = &[
    ("?", "Show these shortcuts"),
    (
        "Esc",
        "Close a dialog or form (a form with changes asks first)",
    ),
];

/// Every shortcut as the help dialog lists it: keys, then what they do; the `g` sequences
/// come from the page table, so a new page is listed with its key.
pub fn shortcuts() -> Vec<(String, String)> {
    let go = PAGES.iter().map(|page| {
        (
            format!("g then {}", page.go_key),
            format!("Go to {}", page.go_to),
        )
    });
    let fixed = |rows: &[(&str, &str)]| {
        rows.iter()
            .map(|&(keys, what)| (keys.to_owned(), what.to_owned()))
            .collect::<Vec<_>>()
    };
    let mut all = fixed(SINGLE_KEYS);
    all.extend(go);
    all.extend(fixed(LAST_KEYS));
    all
}

/// The shortcut for `key` (a `KeyboardEvent.key`), given whether `g` was pressed just before.
pub fn shortcut_for(key: &str, after_g: bool) -> Option<Shortcut> {
    if after_g {
        return PAGES
            .iter()
            .find(|page| page.go_key == key)
            .map(|page| Shortcut::Go(page.route));
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
        assert_eq!(shortcut_for("t", true), Some(Shortcut::Go(Route::Today)));
        assert_eq!(shortcut_for("c", true), Some(Shortcut::Go(Route::Contacts)));
        assert_eq!(shortcut_for("i", true), Some(Shortcut::Go(Route::Insights)));
        assert_eq!(shortcut_for("d", true), Some(Shortcut::Go(Route::Data)));
        assert_eq!(shortcut_for("s", true), Some(Shortcut::Go(Route::Settings)));
        assert_eq!(shortcut_for("g", true), Some(Shortcut::Go(Route::Guide)));
        assert_eq!(shortcut_for("n", true), None);
        assert_eq!(shortcut_for("t", false), None);
    }

    #[test]
    fn the_help_lists_every_shortcut_as_before() {
        let listed: Vec<String> = shortcuts().into_iter().map(|(keys, _)| keys).collect();
        assert_eq!(
            listed,
            [
                "/", "n", "l", "g then t", "g then c", "g then i", "g then d", "g then s",
                "g then g", "?", "Esc"
            ]
        );
        let help = shortcuts();
        assert_eq!(help[3].1, "Go to Today");
        assert_eq!(help[8].1, "Go to the guide");
    }

    #[test]
    fn every_g_sequence_is_listed_for_the_help_dialog() {
        for (keys, _) in shortcuts() {
            if let Some(second) = keys.strip_prefix("g then ") {
                assert!(shortcut_for(second, true).is_some(), "{keys} does nothing");
            }
        }
        for key in ["t", "c", "i", "d", "s", "g"] {
            let listed = format!("g then {key}");
            assert!(
                shortcuts().iter().any(|(keys, _)| *keys == listed),
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
