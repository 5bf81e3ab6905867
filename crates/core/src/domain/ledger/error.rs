//! Why a ledger operation or an imported ledger was refused.

use super::*;

/// Why a ledger operation or an imported ledger was refused, in words a person understands.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum LedgerError {
    /// No contact has this id.
    #[error("That contact no longer exists.")]
    ContactNotFound(ContactId),
    /// No interaction has this id.
    #[error("That interaction no longer exists.")]
    InteractionNotFound(InteractionId),
    /// No promise has this id.
    #[error("That promise no longer exists.")]
    PromiseNotFound(PromiseId),
    /// No quality check of the contact was recorded at that instant.
    #[error("That quality check no longer exists.")]
    QualityCheckNotFound,
    /// A contact needs a name.
    #[error("A contact needs a name.")]
    EmptyName,
    /// A promise needs to say what was promised.
    #[error("Say what was promised.")]
    EmptyPromise,
    /// A logged interaction needs to say what happened.
    #[error("Say what happened, in a line or two.")]
    EmptySummary,
    /// A text is longer than its limit.
    #[error("The {field} is too long: at most {max} characters.")]
    TextTooLong {
        /// Which field, in plain words.
        field: &'static str,
        /// The limit in characters.
        max: usize,
    },
    /// A list has too many entries.
    #[error("Too many {field}: at most {max}.")]
    TooManyEntries {
        /// Which list, in plain words.
        field: &'static str,
        /// The limit.
        max: usize,
    },
    /// The chosen organization is not in the ledger.
    #[error("The organization this person belongs to is not in the ledger.")]
    OrganizationNotFound(ContactId),
    /// Only a person can belong to an organization, and only to an organization.
    #[error("Only a person can belong to an organization, and only to an organization.")]
    InvalidMembership(ContactId),
    /// Two records share an id.
    #[error("Two records share the id {0}.")]
    DuplicateId(String),
    /// A record points at a contact that is not there.
    #[error("A record points at a contact that is not in the file ({0}).")]
    MissingContact(ContactId),
    /// A promise points at an interaction that is missing or belongs to someone else.
    #[error("A promise points at an interaction that is missing or belongs to another contact.")]
    MissingInteraction(PromiseId),
    /// A contact's stage history does not form a path.
    #[error("The stage history of a contact is broken.")]
    BrokenJourney(ContactId),
    /// A quality rating outside 1 to 5.
    #[error("Each quality rating is a whole number from 1 to 5.")]
    RatingOutOfRange,
    /// A snooze that ends in the past or more than a year ahead.
    #[error("Snooze until a day from today to a year ahead.")]
    SnoozeOutOfRange,
    /// A stage move dated later than now.
    #[error("A stage move can be dated today or earlier, not later.")]
    MoveInTheFuture,
    /// A stage move dated before the contact entered the stage it is in.
    #[error("The move can't be dated before the contact entered its current stage ({0}).")]
    MoveBeforeCurrentStage(String),
    /// A custom field value does not fit its field.
    #[error(transparent)]
    FieldValue(#[from] FieldValueError),
    /// No custom field has this id.
    #[error("That custom field no longer exists.")]
    FieldNotFound(FieldId),
    /// A custom field needs a name.
    #[error("A custom field needs a name.")]
    EmptyFieldName,
    /// Two custom fields would have the same name.
    #[error("There is already a field called \"{0}\".")]
    DuplicateFieldName(String),
    /// A choice field needs something to choose from.
    #[error("A choice field needs at least one choice.")]
    NoChoices,
    /// Removing a choice would leave contacts with a value that is no longer allowed.
    #[error(
        "{} \"{choice}\" in this field; change that value before removing the choice.",
        counted(*.contacts, "contact has", "contacts have")
    )]
    ChoiceInUse {
        /// The choice being removed.
        choice: String,
        /// How many contacts have it.
        contacts: usize,
    },
    /// No saved list has this id.
    #[error("That saved list no longer exists.")]
    ListNotFound(ListId),
    /// A saved list needs a name.
    #[error("A saved list needs a name.")]
    EmptyListName,
    /// A tag cadence for no tag.
    #[error("Say which tag the cadence is for.")]
    EmptyTag,
    /// A keep-in-touch cadence out of range.
    #[error("A keep-in-touch cadence is a number of days between 1 and {MAX_CADENCE_DAYS}.")]
    CadenceOutOfRange,
}
