//! A choice made in a form or a filter, read and written as its type ([`ChoiceSignal`], or
//! [`MaybeChoiceSignal`] where none may be chosen), over anything that says its key and its
//! label ([`SelectOption`]); and the same choice as a select binds it ([`SelectBinding`]).
//!
//! The choice is kept as its key in an `RwSignal<String>`: every choice then shares the one
//! signal type the forms already use. A signal of each choice's own type would add that
//! signal's reactive code to the release module once per type (about 2 KB each, measured
//! for issue 22), for no difference the person could see.

use std::marker::PhantomData;

use leptos::prelude::*;

use crate::domain::search::{Attention, SortOrder};
use crate::domain::{
    Channel, ContactKind, Direction, FieldKind, InteractionKind, Party, PitchStatus,
    RelationshipType, Stage, StakeholderType,
};

/// What a select can hold: the key its option carries as `value` (stable: the tests and
/// [`browser::choose_in`](crate::ui::browser::choose_in) pick options by it), the words the
/// option shows, and the way back from the key.
pub trait SelectOption: Sized {
    /// The option's `value`: unique among the options, never empty (empty is "none").
    fn key(&self) -> String;
    /// The words the option shows.
    fn label(&self) -> String;
    /// The option whose [`key`](Self::key) is `key`.
    fn from_key(key: &str) -> Option<Self>;
}

/// `all` as the `(key, label)` options of a select, in order.
pub fn choices<T: SelectOption>(all: &[T]) -> Vec<(String, String)> {
    all.iter()
        .map(|option| (option.key(), option.label()))
        .collect()
}

/// Closed lists of choices show their own label.
macro_rules! labelled_choices {
    ($($choice:ty),+ $(,)?) => {$(
        impl SelectOption for $choice {
            fn key(&self) -> String {
                <$choice>::key(*self).to_owned()
            }
            fn label(&self) -> String {
                <$choice>::label(*self).to_owned()
            }
            fn from_key(key: &str) -> Option<Self> {
                <$choice>::from_key(key)
            }
        }
    )+};
}

labelled_choices!(
    Channel,
    ContactKind,
    Direction,
    FieldKind,
    Party,
    PitchStatus,
    Stage,
    StakeholderType,
);

/// A kind of interaction says what it counts as ("Pitch (an ask)").
impl SelectOption for InteractionKind {
    fn key(&self) -> String {
        InteractionKind::key(*self).to_owned()
    }
    fn label(&self) -> String {
        self.choice_label().to_owned()
    }
    fn from_key(key: &str) -> Option<Self> {
        InteractionKind::from_key(key)
    }
}

/// A relationship type says what it means, as the choice is made.
impl SelectOption for RelationshipType {
    fn key(&self) -> String {
        RelationshipType::key(*self).to_owned()
    }
    fn label(&self) -> String {
        format!("{}: {}", RelationshipType::label(*self), self.meaning())
    }
    fn from_key(key: &str) -> Option<Self> {
        RelationshipType::from_key(key)
    }
}

/// The contact list's attention filter.
impl SelectOption for Attention {
    fn key(&self) -> String {
        match self {
            Attention::Quiet => "quiet",
            Attention::Overdue => "overdue",
        }
        .to_owned()
    }
    fn label(&self) -> String {
        match self {
            Attention::Quiet => "Gone quiet",
            Attention::Overdue => "Promise overdue",
        }
        .to_owned()
    }
    fn from_key(key: &str) -> Option<Self> {
        [Attention::Quiet, Attention::Overdue]
            .into_iter()
            .find(|attention| attention.key() == key)
    }
}

/// The contact list's orders.
impl SelectOption for SortOrder {
    fn key(&self) -> String {
        match self {
            SortOrder::Name => "name",
            SortOrder::LastContact => "last_contact",
            SortOrder::Stage => "stage",
        }
        .to_owned()
    }
    fn label(&self) -> String {
        match self {
            SortOrder::Name => "Name",
            SortOrder::LastContact => "Last contact",
            SortOrder::Stage => "Stage",
        }
        .to_owned()
    }
    fn from_key(key: &str) -> Option<Self> {
        [SortOrder::Name, SortOrder::LastContact, SortOrder::Stage]
            .into_iter()
            .find(|order| order.key() == key)
    }
}

/// Text chosen as itself (a tag).
impl SelectOption for String {
    fn key(&self) -> String {
        self.clone()
    }
    fn label(&self) -> String {
        self.clone()
    }
    fn from_key(key: &str) -> Option<Self> {
        Some(key.to_owned())
    }
}

/// A choice that is always one of its options.
#[derive(Debug)]
pub struct ChoiceSignal<T> {
    /// The choice's key, as its select shows it.
    key: RwSignal<String>,
    /// What a key no option carries reads as (never stored, since only options' keys are
    /// set): the first value.
    first: T,
}

impl<T: Copy> Clone for ChoiceSignal<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Copy> Copy for ChoiceSignal<T> {}

impl<T: SelectOption + Copy> ChoiceSignal<T> {
    /// A choice of `value` to begin with.
    pub fn new(value: T) -> Self {
        Self {
            key: RwSignal::new(value.key()),
            first: value,
        }
    }

    /// The value chosen, tracked.
    pub fn get(self) -> T {
        self.key.with(|key| T::from_key(key)).unwrap_or(self.first)
    }

    /// The value chosen, untracked (in an event handler).
    pub fn get_untracked(self) -> T {
        self.key
            .with_untracked(|key| T::from_key(key))
            .unwrap_or(self.first)
    }

    /// Chooses `value`.
    pub fn set(self, value: T) {
        self.key.set(value.key());
    }
}

impl<T: Copy> From<ChoiceSignal<T>> for SelectBinding {
    fn from(choice: ChoiceSignal<T>) -> Self {
        SelectBinding {
            key: choice.key,
            blank: None,
        }
    }
}

/// A choice that may be none (a filter's "All stages", a type not chosen yet).
#[derive(Debug)]
pub struct MaybeChoiceSignal<T> {
    /// The choice's key, empty for none, as its select shows it.
    key: RwSignal<String>,
    of: PhantomData<fn() -> T>,
}

impl<T> Clone for MaybeChoiceSignal<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for MaybeChoiceSignal<T> {}

impl<T: SelectOption> MaybeChoiceSignal<T> {
    /// A choice of `value` to begin with.
    pub fn new(value: Option<T>) -> Self {
        Self {
            key: RwSignal::new(value.as_ref().map(T::key).unwrap_or_default()),
            of: PhantomData,
        }
    }

    /// The value chosen, if any, tracked.
    pub fn get(self) -> Option<T> {
        self.key.with(|key| read(key))
    }

    /// The value chosen, if any, untracked (in an event handler).
    pub fn get_untracked(self) -> Option<T> {
        self.key.with_untracked(|key| read(key))
    }

    /// Whether something is chosen, tracked.
    pub fn is_some(self) -> bool {
        self.key.with(|key| read::<T>(key).is_some())
    }

    /// Chooses `value`, or none.
    pub fn set(self, value: Option<T>) {
        self.key.set(value.as_ref().map(T::key).unwrap_or_default());
    }
}

impl<T> MaybeChoiceSignal<T> {
    /// The choice for a select whose first option, `blank` ("All stages", "Not sure yet"),
    /// chooses none: a choice that may be none is only bound with those words.
    pub fn with_blank(self, blank: &'static str) -> SelectBinding {
        SelectBinding {
            key: self.key,
            blank: Some(blank),
        }
    }
}

/// A choice as a select binds it, whatever its type: the chosen option's key (empty for
/// none), and the words of the first option if it may be none. The select needs no more, so
/// it is written once for every type of choice.
#[derive(Clone, Copy, Debug)]
pub struct SelectBinding {
    /// The chosen option's key.
    pub(crate) key: RwSignal<String>,
    /// The words of the option that chooses none, if none may be chosen.
    pub(crate) blank: Option<&'static str>,
}

/// The option `key` names; none for the empty key.
fn read<T: SelectOption>(key: &str) -> Option<T> {
    if key.is_empty() {
        None
    } else {
        T::from_key(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every option of a list reads back from its key, and no two share one.
    fn round_trips<T: SelectOption + PartialEq + std::fmt::Debug>(all: &[T]) {
        for option in all {
            assert!(!option.key().is_empty());
            assert_eq!(T::from_key(&option.key()).as_ref(), Some(option));
        }
        let mut keys: Vec<String> = all.iter().map(T::key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), all.len());
    }

    #[test]
    fn every_option_reads_back_from_its_key() {
        round_trips(Channel::ALL);
        round_trips(ContactKind::ALL);
        round_trips(Direction::ALL);
        round_trips(FieldKind::ALL);
        round_trips(InteractionKind::ALL);
        round_trips(Party::ALL);
        round_trips(PitchStatus::ALL);
        round_trips(RelationshipType::ALL);
        round_trips(Stage::ALL);
        round_trips(StakeholderType::ALL);
        round_trips(&[Attention::Quiet, Attention::Overdue]);
        round_trips(&[SortOrder::Name, SortOrder::LastContact, SortOrder::Stage]);
        round_trips(&crate::formats::csv_import::ProfileField::ALL);
        assert_eq!(
            String::from_key("launch partners"),
            Some("launch partners".to_owned())
        );
    }

    #[test]
    fn the_keys_are_the_ones_the_lists_always_had() {
        // The filters' and the sort's keys are what saved addresses and the tests choose.
        assert_eq!(Attention::Quiet.key(), "quiet");
        assert_eq!(SortOrder::LastContact.key(), "last_contact");
        assert_eq!(
            choices(&[Stage::Target, Stage::Connection])[1],
            ("connection".to_owned(), "Connection".to_owned())
        );
        // What a relationship type means is said as it is chosen.
        assert_eq!(
            SelectOption::label(&RelationshipType::Communal),
            format!("Communal: {}", RelationshipType::Communal.meaning())
        );
    }

    #[test]
    fn a_choice_reads_as_its_type_and_is_held_as_its_key() {
        let stage = ChoiceSignal::new(Stage::Target);
        assert_eq!(stage.get_untracked(), Stage::Target);
        stage.set(Stage::Partnership);
        assert_eq!(stage.get_untracked(), Stage::Partnership);
        assert_eq!(stage.key.get_untracked(), "partnership");
        // A key no option carries (only a select out of step could give one) reads as the
        // first value rather than failing.
        stage.key.set("no such stage".to_owned());
        assert_eq!(stage.get_untracked(), Stage::Target);
    }

    #[test]
    fn a_choice_that_may_be_none_reads_the_empty_key_as_none() {
        let tag = MaybeChoiceSignal::<String>::new(None);
        assert_eq!(tag.get_untracked(), None);
        assert_eq!(tag.key.get_untracked(), "");
        tag.set(Some("press".to_owned()));
        assert_eq!(tag.get_untracked(), Some("press".to_owned()));
        let stage = MaybeChoiceSignal::new(Some(Stage::Connection));
        assert_eq!(stage.get_untracked(), Some(Stage::Connection));
        stage.set(None);
        assert_eq!(stage.get_untracked(), None);
        stage.key.set("no such stage".to_owned());
        assert_eq!(stage.get_untracked(), None);
    }
}
