//! Hash routes (`#/contact/…`), so deep links survive a reload on any static host and
//! under any sub-path.

use crate::domain::ContactId;

/// A page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// The contact list.
    Contacts,
    /// One contact's page.
    Contact(ContactId),
    /// What needs attention today (the home page).
    Today,
    /// Charts and figures over the whole ledger.
    Insights,
    /// Export, import and storage.
    Data,
    /// Custom fields and cadences per tag.
    Settings,
    /// The method explained in plain words.
    Guide,
    /// A link that leads nowhere.
    NotFound,
}

/// One page of the main navigation: its route, where it lives, how the nav names it, and
/// the key that goes there after `g`. A new page is its file under `pages/`, one row here,
/// and its arm in the app's page switch (which the compiler asks for).
#[derive(Debug)]
pub struct Page {
    /// The page.
    pub route: Route,
    /// Its path after `#/` (the home page's is empty).
    pub path: &'static str,
    /// Its name in the navigation.
    pub label: &'static str,
    /// The navigation link's test id.
    pub testid: &'static str,
    /// The key that goes there after `g`.
    pub go_key: &'static str,
    /// Where that key goes, as the help dialog says it ("Go to …").
    pub go_to: &'static str,
}

/// The pages of the main navigation, in its order.
pub const PAGES: [Page; 6] = [
    Page {
        route: Route::Today,
        path: "",
        label: "Today",
        testid: "nav-today",
        go_key: "t",
        go_to: "Today",
    },
    Page {
        route: Route::Contacts,
        path: "contacts",
        label: "Contacts",
        testid: "nav-contacts",
        go_key: "c",
        go_to: "Contacts",
    },
    Page {
        route: Route::Insights,
        path: "insights",
        label: "Insights",
        testid: "nav-insights",
        go_key: "i",
        go_to: "Insights",
    },
    Page {
        route: Route::Data,
        path: "data",
        label: "Data",
        testid: "nav-data",
        go_key: "d",
        go_to: "Data",
    },
    Page {
        route: Route::Settings,
        path: "settings",
        label: "Settings",
        testid: "nav-settings",
        go_key: "s",
        go_to: "Settings",
    },
    Page {
        route: Route::Guide,
        path: "guide",
        label: "Guide",
        testid: "nav-guide",
        go_key: "g",
        go_to: "the guide",
    },
];

impl Route {
    /// The route a location hash (`#/data`, `#/`, empty) points at. `#/today` is kept
    /// as another name for the home page.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.split('/');
        match (parts.next(), parts.next(), parts.next()) {
            (None, _, _) | (Some("today"), None, None) => Route::Today,
            (Some("contact"), Some(id), None) => {
                id.parse().map(Route::Contact).unwrap_or(Route::NotFound)
            }
            (Some(first), None, None) => PAGES
                .iter()
                .find(|page| page.path == first)
                .map_or(Route::NotFound, |page| page.route),
            _ => Route::NotFound,
        }
    }

    /// The hash that leads to this route.
    pub fn href(self) -> String {
        match self {
            Route::Contact(id) => format!("#/contact/{id}"),
            Route::NotFound => "#/".to_owned(),
            _ => PAGES
                .iter()
                .find(|page| page.route == self)
                .map_or_else(|| "#/".to_owned(), |page| format!("#/{}", page.path)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Timestamp;

    #[test]
    fn parses_what_it_writes() {
        let id = ContactId::new(Timestamp::from_millis(5), 9);
        for route in [
            Route::Contacts,
            Route::Today,
            Route::Insights,
            Route::Data,
            Route::Settings,
            Route::Guide,
            Route::Contact(id),
        ] {
            assert_eq!(Route::parse(&route.href()), route);
        }
    }

    #[test]
    fn every_page_has_its_own_path_and_key() {
        for (index, page) in PAGES.iter().enumerate() {
            assert_eq!(Route::parse(&page.route.href()), page.route);
            for other in &PAGES[index + 1..] {
                assert_ne!(page.path, other.path);
                assert_ne!(page.go_key, other.go_key);
                assert_ne!(page.route, other.route);
            }
        }
    }

    #[test]
    fn empty_and_unknown_hashes() {
        assert_eq!(Route::parse(""), Route::Today);
        assert_eq!(Route::parse("#"), Route::Today);
        assert_eq!(Route::parse("#/today"), Route::Today);
        assert_eq!(Route::parse("#/nowhere"), Route::NotFound);
        assert_eq!(Route::parse("#/contact/not-an-id"), Route::NotFound);
    }
}
