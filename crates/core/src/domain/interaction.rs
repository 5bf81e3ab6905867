//! Interactions: the evidence a relationship is built from.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::choice::choice_enum;
use super::id::{ContactId, InteractionId};
use super::time::Timestamp;

choice_enum! {
    /// Where an interaction took place.
    pub enum Channel {
        /// Email.
        Email => ("email", "Email"),
        /// Phone call.
        Phone => ("phone", "Phone"),
        /// Meeting in person.
        Meeting => ("meeting", "Meeting"),
        /// Video call.
        Video => ("video", "Video call"),
        /// Conference, meetup, trade show.
        Event => ("event", "Event"),
        /// Social media, in public.
        Social => ("social", "Social media"),
        /// Direct or chat message.
        Message => ("message", "Message"),
        /// Anything else.
        Other => ("other", "Other"),
    }
}

choice_enum! {
    /// What an interaction did for the relationship.
    pub enum InteractionKind {
        /// A follow, like, share or comment: it opens a door, nothing more.
        SurfaceEngagement => ("surface_engagement", "Surface engagement"),
        /// An introduction, by yourself or through someone.
        Introduction => ("introduction", "Introduction"),
        /// A one-to-one dialogue.
        Conversation => ("conversation", "Conversation"),
        /// Something useful offered to them: information, a referral, a feature.
        Give => ("give", "Give"),
        /// A request or pitch made to them.
        Ask => ("ask", "Ask"),
        /// Something useful received from them.
        Received => ("received", "Received"),
        /// A commitment made by either side.
        Promise => ("promise", "Promise"),
        /// Joint work on something concrete.
        Collaboration => ("collaboration", "Collaboration"),
        /// One-to-many communication: a release, a newsletter.
        Broadcast => ("broadcast", "Broadcast"),
        /// A pitch for coverage, with an angle: an ask.
        Pitch => ("pitch", "Pitch"),
        /// Coverage that came of it (an article, a segment, a post): something they gave.
        Coverage => ("coverage", "Coverage"),
        /// An interview they held with you or your spokesperson: a one-to-one conversation.
        Interview => ("interview", "Interview"),
        /// A story offered to them alone, first: a give.
        Exclusive => ("exclusive", "Exclusive"),
        /// News shared ahead of its release, under embargo: a give.
        Embargo => ("embargo", "Embargo"),
    }
}

impl InteractionKind {
    /// What the interaction means in the method: a practitioner's word (pitch, coverage,
    /// interview, exclusive, embargo) is one of the method's kinds under another name, so
    /// every rule reads this instead of the word chosen. The method's own kinds mean
    /// themselves.
    pub fn meaning(self) -> InteractionKind {
        match self {
            InteractionKind::Pitch => InteractionKind::Ask,
            InteractionKind::Coverage => InteractionKind::Received,
            InteractionKind::Interview => InteractionKind::Conversation,
            InteractionKind::Exclusive | InteractionKind::Embargo => InteractionKind::Give,
            method => method,
        }
    }

    /// What it is and what it counts as, in plain words: the guide and the "what's this"
    /// beside the kind say it.
    pub fn explained(self) -> &'static str {
        match self {
            InteractionKind::SurfaceEngagement => {
                "A follow, like, share or comment on their work. It gets you on their radar, \
                 but it is no dialogue, so it does not keep a relationship warm."
            }
            InteractionKind::Introduction => {
                "You introduced yourself, or someone you both know introduced you. It \
                 prepares the ground for a later ask."
            }
            InteractionKind::Conversation => {
                "A one-to-one exchange, in person, by phone or in writing. Dialogue is what \
                 builds a relationship."
            }
            InteractionKind::Give => {
                "Something useful you offered them: information, a referral, a feature, a \
                 guest slot. Give before you ask."
            }
            InteractionKind::Ask => {
                "A favour or request you made of them. An ask takes from the relationship: \
                 it never counts as being in touch, nor as ground for itself."
            }
            InteractionKind::Received => "Something useful they gave you.",
            InteractionKind::Promise => {
                "A commitment made by either side. Keep yours: one missed costs more than \
                 many kept earn."
            }
            InteractionKind::Collaboration => {
                "Joint work on something concrete: the evidence of a partnership."
            }
            InteractionKind::Broadcast => {
                "One-to-many: a release, a newsletter. It may reach them, but it is no \
                 dialogue."
            }
            InteractionKind::Pitch => {
                "A story offered for coverage, with its angle. It counts as an ask: \
                 introduce yourself and give before you pitch."
            }
            InteractionKind::Coverage => {
                "The article, segment or post that came of it (keep its link). It counts \
                 as something they gave you."
            }
            InteractionKind::Interview => {
                "They interviewed you or your spokesperson. It counts as a one-to-one \
                 conversation."
            }
            InteractionKind::Exclusive => {
                "A story offered to them alone, before anyone else. It counts as a give."
            }
            InteractionKind::Embargo => {
                "News shared ahead of its release, to be published only after a set time. \
                 It counts as a give."
            }
        }
    }

    /// The label in a list of kinds to choose from: a practitioner's word says what it
    /// counts as ("Pitch (an ask)").
    pub fn choice_label(self) -> &'static str {
        match self {
            InteractionKind::Pitch => "Pitch (an ask)",
            InteractionKind::Coverage => "Coverage (they gave)",
            InteractionKind::Interview => "Interview (a conversation)",
            InteractionKind::Exclusive => "Exclusive (a give)",
            InteractionKind::Embargo => "Embargo (a give)",
            method => method.label(),
        }
    }

    /// Whether it is a practitioner's word for one of the method's kinds.
    pub fn is_pr_word(self) -> bool {
        self.meaning() != self
    }

    /// Whether it asks something of them, so it may carry a pitch.
    pub fn is_ask(self) -> bool {
        self.meaning() == InteractionKind::Ask
    }

    /// Whether it is a one-to-one exchange with the person: a broadcast (a release, a
    /// newsletter) or a like, follow or share is not, and keeps no relationship warm.
    pub fn is_one_to_one(self) -> bool {
        !matches!(
            self.meaning(),
            InteractionKind::Broadcast | InteractionKind::SurfaceEngagement
        )
    }
}

choice_enum! {
    /// Who started an interaction.
    pub enum Direction {
        /// I reached out.
        Outbound => ("outbound", "I reached out"),
        /// They reached out.
        Inbound => ("inbound", "They reached out"),
    }
}

choice_enum! {
    /// Where a pitch stands.
    pub enum PitchStatus {
        /// Being written.
        Draft => ("draft", "Draft"),
        /// Sent, no answer yet.
        Sent => ("sent", "Sent"),
        /// They answered.
        Answered => ("answered", "Answered"),
        /// It became coverage (or whatever was asked for happened).
        Covered => ("covered", "Covered"),
        /// They said no.
        Declined => ("declined", "Declined"),
    }
}

/// The pitch kept with an ask: its angle and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pitch {
    /// The angle: why this matters to them and their audience.
    pub angle: String,
    /// Where it stands.
    pub status: PitchStatus,
}

/// What a person fills in when logging an interaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionDetails {
    /// When it happened.
    pub at: Timestamp,
    /// Where it happened.
    pub channel: Channel,
    /// What it did for the relationship.
    pub kind: InteractionKind,
    /// Who started it.
    pub direction: Direction,
    /// What happened, in a line or two.
    pub summary: String,
    /// What I learned about them: listening notes.
    pub learned: String,
    /// The pitch, when the interaction is an ask.
    pub pitch: Option<Pitch>,
    /// A link to what it points at: the coverage's article or segment, the post, the
    /// release (empty when there is none; logs before schema version 6 have none).
    #[serde(default)]
    pub link: String,
    /// The person's calendar day it happened on, when they gave one: a day means the same
    /// date wherever they later are, while the instant `at` read in another time zone can
    /// fall on the day before or after. None for logs before schema version 7, whose day is
    /// read from `at` in the person's time zone ([`InteractionDetails::day_in`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<NaiveDate>,
}

impl InteractionDetails {
    /// The person's calendar day it happened on: the day they gave, or else the day of
    /// `at` in the time zone `day_of` reads (the person's, today).
    pub fn day_in(&self, day_of: impl FnOnce(Timestamp) -> NaiveDate) -> NaiveDate {
        self.day.unwrap_or_else(|| day_of(self.at))
    }

    /// Trims the texts.
    pub fn normalized(mut self) -> Self {
        self.summary = self.summary.trim().to_owned();
        self.learned = self.learned.trim().to_owned();
        if let Some(pitch) = &mut self.pitch {
            pitch.angle = pitch.angle.trim().to_owned();
        }
        self.link = self.link.trim().to_owned();
        self
    }
}

/// One logged interaction with a contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    /// Unique across devices.
    pub id: InteractionId,
    /// The contact it was with.
    pub contact: ContactId,
    /// What happened.
    pub details: InteractionDetails,
    /// When it was logged.
    pub created_at: Timestamp,
    /// When it was last edited.
    pub updated_at: Timestamp,
}
