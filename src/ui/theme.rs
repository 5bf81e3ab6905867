//! The colour theme: the system's light or dark mode unless the person picks one. The choice
//! lives in localStorage under its own key, apart from the ledger's `rapport.*` keys, and is
//! shown as `data-theme` on `<html>` (style/main.css reads it; web/boot.js applies it before
//! the app starts, so the page never flashes the other theme). The `theme-color` metas, which
//! colour a phone's address bar, follow the same choice once the app runs.

use wasm_bindgen::JsCast;

use crate::ui::device::Word;

/// The chosen theme's word in localStorage. Its key is not under `rapport.`: changing the
/// theme in another tab must not look like a change to the ledger.
const THEME: Word = Word {
    key: "rapport-theme",
};

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

/// The theme chosen in this browser.
pub fn load() -> Theme {
    Theme::from_stored(THEME.get().as_deref())
}

/// Shows `theme` and remembers it. A storage failure only means it is not remembered.
pub fn choose(theme: Theme) {
    THEME.set(theme.key());
    show(theme);
}

/// Shows `theme`: `data-theme` on `<html>` for the page, and the browser's own colour (a
/// phone's address bar) from the `theme-color` meta of the same scheme.
pub fn show(theme: Theme) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if let Some(root) = document.document_element() {
        let _ = match theme.key() {
            Some(key) => root.set_attribute("data-theme", key),
            None => root.remove_attribute("data-theme"),
        };
    }
    let Ok(metas) = document.query_selector_all("meta[name='theme-color'][data-scheme]") else {
        return;
    };
    for index in 0..metas.length() {
        let Some(meta) = metas
            .item(index)
            .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let scheme = meta.get_attribute("data-scheme").unwrap_or_default();
        let _ = meta.set_attribute("media", &theme_color_media(theme, &scheme));
    }
}

/// The media query under which the `theme-color` meta for `scheme` ("light" or "dark")
/// applies: the system's choice, or always for the chosen theme and never for the other.
fn theme_color_media(theme: Theme, scheme: &str) -> String {
    match theme.key() {
        None => format!("(prefers-color-scheme: {scheme})"),
        Some(chosen) if chosen == scheme => "all".to_owned(),
        Some(_) => "not all".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_colour_follows_the_system_or_the_chosen_theme() {
        assert_eq!(
            theme_color_media(Theme::System, "dark"),
            "(prefers-color-scheme: dark)"
        );
        assert_eq!(theme_color_media(Theme::Dark, "dark"), "all");
        assert_eq!(theme_color_media(Theme::Dark, "light"), "not all");
        assert_eq!(theme_color_media(Theme::Light, "light"), "all");
    }

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
