//! The contact list's words, filters and order as one typed state ([`ContactFilters`]):
//! the selects bind its fields, a saved list is written into it in one place
//! ([`ContactFilters::open`]), and the list's [`ContactQuery`] is read from it in one
//! place ([`ContactFilters::query`]).

use leptos::prelude::*;

use crate::domain::search::{Attention, ContactQuery, SortOrder};
use crate::domain::{Stage, StakeholderType};
use crate::ui::choice_signal::{ChoiceSignal, MaybeChoiceSignal};

/// What narrows and orders the contact list, as the search box and the selects hold it.
#[derive(Clone, Copy, Debug)]
pub struct ContactFilters {
    /// The words typed in the search.
    pub text: RwSignal<String>,
    /// Only this stage.
    pub stage: MaybeChoiceSignal<Stage>,
    /// Only this stakeholder type.
    pub stakeholder: MaybeChoiceSignal<StakeholderType>,
    /// Only contacts with this tag.
    pub tag: MaybeChoiceSignal<String>,
    /// Only contacts needing this kind of attention.
    pub attention: MaybeChoiceSignal<Attention>,
    /// The order.
    pub sort: ChoiceSignal<SortOrder>,
}

impl ContactFilters {
    /// Filters that narrow nothing, in the default order.
    pub fn new() -> Self {
        Self {
            text: RwSignal::new(String::new()),
            stage: MaybeChoiceSignal::new(None),
            stakeholder: MaybeChoiceSignal::new(None),
            tag: MaybeChoiceSignal::new(None),
            attention: MaybeChoiceSignal::new(None),
            sort: ChoiceSignal::new(SortOrder::default()),
        }
    }

    /// The query the list shows, tracked.
    pub fn query(self) -> ContactQuery {
        ContactQuery {
            text: self.text.get(),
            stage: self.stage.get(),
            stakeholder: self.stakeholder.get(),
            tag: self.tag.get(),
            attention: self.attention.get(),
            sort: self.sort.get(),
        }
    }

    /// Shows `query` (a saved list opened): every field as it says.
    pub fn open(self, query: ContactQuery) {
        let ContactQuery {
            text,
            stage,
            stakeholder,
            tag,
            attention,
            sort,
        } = query;
        self.text.set(text);
        self.stage.set(stage);
        self.stakeholder.set(stakeholder);
        self.tag.set(tag);
        self.attention.set(attention);
        self.sort.set(sort);
    }

    /// How many filters narrow the list, tracked (the words and the order are not counted:
    /// the folded filters say this number).
    pub fn narrowing(self) -> usize {
        [
            self.stage.is_some(),
            self.stakeholder.is_some(),
            self.tag.is_some(),
            self.attention.is_some(),
        ]
        .into_iter()
        .filter(|&on| on)
        .count()
    }

    /// Whether the words or a filter narrow the list, tracked.
    pub fn any(self) -> bool {
        self.text.with(|text| !text.is_empty()) || self.narrowing() > 0
    }

    /// Clears the words and the filters; the order stays.
    pub fn clear(self) {
        self.open(ContactQuery {
            sort: self.sort.get_untracked(),
            ..ContactQuery::default()
        });
    }
}

impl Default for ContactFilters {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn everything() -> ContactQuery {
        ContactQuery {
            text: "climate".to_owned(),
            stage: Some(Stage::Relationship),
            stakeholder: Some(StakeholderType::Journalist),
            tag: Some("launch partners".to_owned()),
            attention: Some(Attention::Overdue),
            sort: SortOrder::LastContact,
        }
    }

    #[test]
    fn a_saved_list_opened_is_the_query_the_list_shows() {
        let filters = ContactFilters::new();
        assert_eq!(filters.query(), ContactQuery::default());
        assert_eq!(filters.narrowing(), 0);
        assert!(!filters.any());
        filters.open(everything());
        assert_eq!(filters.query(), everything());
        assert_eq!(filters.narrowing(), 4);
        // Each filter is read back as the selects hold it.
        assert_eq!(
            filters.tag.get_untracked(),
            Some("launch partners".to_owned())
        );
        assert_eq!(filters.sort.get_untracked(), SortOrder::LastContact);
    }

    #[test]
    fn clearing_keeps_the_order_and_drops_the_words_and_filters() {
        let filters = ContactFilters::new();
        filters.open(everything());
        filters.clear();
        assert_eq!(
            filters.query(),
            ContactQuery {
                sort: SortOrder::LastContact,
                ..ContactQuery::default()
            }
        );
        assert!(!filters.any());
        filters.text.set("kim".to_owned());
        assert!(filters.any());
        assert_eq!(filters.narrowing(), 0);
    }
}
