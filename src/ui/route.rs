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

impl Route {
    /// The route a location hash (`#/data`, `#/`, empty) points at. `#/today` is kept
    /// as another name for the home page.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.split('/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(""), None, None) | (None, _, _) => Route::Today,
            (Some("contacts"), None, None) => Route::Contacts,
            (Some("today"), None, None) => Route::Today,
            (Some("insights"), None, None) => Route::Insights,
            (Some("data"), None, None) => Route::Data,
            (Some("settings"), None, None) => Route::Settings,
            (Some("guide"), None, None) => Route::Guide,
            (Some("contact"), Some(id), None) => {
                id.parse().map(Route::Contact).unwrap_or(Route::NotFound)
            }
            _ => Route::NotFound,
        }
    }

    /// The hash that leads to this route.
    pub fn href(self) -> String {
        match self {
            Route::Today | Route::NotFound => "#/".to_owned(),
            Route::Contacts => "#/contacts".to_owned(),
            Route::Contact(id) => format!("#/contact/{id}"),
            Route::Insights => "#/insights".to_owned(),
            Route::Data => "#/data".to_owned(),
            Route::Settings => "#/settings".to_owned(),
            Route::Guide => "#/guide".to_owned(),
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
    fn empty_and_unknown_hashes() {
        assert_eq!(Route::parse(""), Route::Today);
        assert_eq!(Route::parse("#"), Route::Today);
        assert_eq!(Route::parse("#/today"), Route::Today);
        assert_eq!(Route::parse("#/nowhere"), Route::NotFound);
        assert_eq!(Route::parse("#/contact/not-an-id"), Route::NotFound);
    }
}
