//! The colour theme: the system's light or dark mode unless the person picks one. The choice
//! lives in localStorage under its own key, apart from the ledger's `rapport.*` keys, and is
//! shown as `data-theme` on `<html>` (style/main.css reads it; web/boot.js applies it before
//! the app starts, so the page never flashes the other theme).

/// The localStorage key of the chosen theme. Not under `rapport.`: changing the theme in
/// another tab must not look like a change to the ledger.
pub const THEME_KEY: &str = "rapport-theme";

/// Which colours the app uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system's light or dark mode.
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// The stored name (`None` for the system theme, which stores nothing).
    pub fn key(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    /// The theme a stored value names; anything unknown follows the system.
    pub fn from_stored(value: Option<&str>) -> Theme {
        match value {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }

    /// The name shown on the toggle.
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    /// The theme the toggle switches to next.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The theme chosen in this browser.
pub fn load() -> Theme {
    let stored = storage().and_then(|storage| storage.get_item(THEME_KEY).ok().flatten());
    Theme::from_stored(stored.as_deref())
}

/// Shows `theme` and remembers it. A storage failure only means it is not remembered.
pub fn choose(theme: Theme) {
    if let Some(storage) = storage() {
        let _ = match theme.key() {
            Some(key) => storage.set_item(THEME_KEY, key),
            None => storage.remove_item(THEME_KEY),
        };
    }
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element());
    if let Some(root) = root {
        let _ = match theme.key() {
            Some(key) => root.set_attribute("data-theme", key),
            None => root.remove_attribute("data-theme"),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip() {
        for theme in [Theme::System, Theme::Light, Theme::Dark] {
            assert_eq!(Theme::from_stored(theme.key()), theme);
        }
        assert_eq!(Theme::from_stored(Some("sepia")), Theme::System);
    }

    #[test]
    fn the_toggle_visits_every_theme() {
        let mut theme = Theme::System;
        let mut seen = Vec::new();
        for _ in 0..3 {
            theme = theme.next();
            seen.push(theme);
        }
        assert_eq!(seen, [Theme::Light, Theme::Dark, Theme::System]);
    }
}
