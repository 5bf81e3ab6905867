//! The method's words explained in plain language: the stages, the research terms
//! (control mutuality, communal, exchange), and the app's own (surface engagement, phase,
//! pitch readiness, cadence). The in-app guide and the "what's this" beside each term read
//! this one list, so the two never say different things.

use super::contact::RelationshipType;
use super::stage::Stage;

/// A term and its meaning.
#[derive(Debug, PartialEq, Eq)]
pub struct Term {
    /// Stable key, as the screens ask for it.
    pub key: &'static str,
    /// The term as shown.
    pub name: &'static str,
    /// What it means, in a sentence or two.
    pub meaning: &'static str,
}

/// What a stage is, and what moves a contact on from it.
pub fn stage_meaning(stage: Stage) -> &'static str {
    match stage {
        Stage::Target => {
            "Someone you want a relationship with but have not met yet: research them and \
             say why them. The first encounter (a follow, a comment, an introduction, a \
             handshake at an event) makes them a connection; a pitch does not."
        }
        Stage::Connection => {
            "A first, surface-level encounter: it opens a door, nothing more. Introduce \
             yourself before you need anything, engage with their work, and wait for a first \
             exchange both ways."
        }
        Stage::Relationship => {
            "Time and energy invested both ways: trust, rapport, reciprocity. Give first, keep \
             the balance, keep your promises and the dialogue going, and shape a purpose \
             toward a partnership."
        }
        Stage::Partnership => {
            "Collaboration on something concrete, on terms both sides agreed: a launch, a \
             programme, content made together. Deliver the joint work and keep giving after \
             the deal."
        }
    }
}

/// Hon and Grunig's four dimensions of relationship quality: key, name, and what a high
/// rating means.
pub const QUALITY_DIMENSIONS: [(&str, &str, &str); 4] = [
    (
        "trust",
        "Trust",
        "They are honest, reliable, and able to do what they say",
    ),
    (
        "mutuality",
        "Control mutuality",
        "Both accept how much say each side has",
    ),
    (
        "commitment",
        "Commitment",
        "Both think the relationship is worth the effort",
    ),
    ("satisfaction", "Satisfaction", "Both feel good about it"),
];

/// The terms a screen explains beside itself.
pub static TERMS: &[Term] = &[
    Term {
        key: "control-mutuality",
        name: "Control mutuality",
        meaning: "How far both sides accept how much say each has. The balance need not be \
                  equal (a journalist decides what runs), but both must accept it.",
    },
    Term {
        key: "surface-engagement",
        name: "Surface engagement",
        meaning: "A follow, like, share or comment. It gets you on their radar but is no \
                  dialogue: it opens a connection and keeps no relationship warm.",
    },
    Term {
        key: "exchange-communal",
        name: "Exchange or communal",
        meaning: "In an exchange relationship each side gives because it expects something \
                  back; in a communal one, out of care for the other, even with nothing back \
                  (Hon and Grunig, 1999). Lasting partnerships lean communal.",
    },
    Term {
        key: "phase",
        name: "Phase",
        meaning: "Inside the relationship stage, a funnel: awareness (getting on their radar), \
                  engagement (building trust, showing value), conversion (preparing the \
                  partnership when the timing is right).",
    },
    Term {
        key: "pitch-readiness",
        name: "Pitch readiness",
        meaning: "The share of five checks met before an ask or pitch: the stage, your \
                  research, a give logged, no overdue promise, and being in touch within your \
                  cadence. Each is 20 %.",
    },
    Term {
        key: "reciprocity",
        name: "Reciprocity balance",
        meaning: "What you gave, what you received and what you asked. Healthy when you have \
                  given and gives plus what came back cover the asks; while you asked more, \
                  no move to the next stage is proposed.",
    },
    Term {
        key: "cadence",
        name: "Cadence",
        meaning: "How often you mean to be in touch. Only a one-to-one exchange that is not an \
                  ask counts; when it goes quieter than that, Today nudges you, and no move to \
                  the next stage is proposed until you are back in touch.",
    },
    Term {
        key: "quality",
        name: "Relationship quality",
        meaning: "Four ratings from 1 to 5, given from time to time: trust, control \
                  mutuality, commitment and satisfaction (Hon and Grunig, 1999). Watch them \
                  move, not the number itself.",
    },
];

/// The term of `key`; every key a screen asks for is listed (a test holds them to it).
pub fn term(key: &str) -> Option<&'static Term> {
    TERMS.iter().find(|term| term.key == key)
}

/// What each relationship type means, in the order they are offered.
pub fn relationship_types() -> impl Iterator<Item = (RelationshipType, &'static str)> {
    RelationshipType::ALL
        .iter()
        .map(|&kind| (kind, kind.meaning()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::playbook::READINESS_CHECKS;

    #[test]
    fn keys_are_unique_and_every_term_says_something() {
        let mut keys: Vec<&str> = TERMS.iter().map(|term| term.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), TERMS.len());
        assert!(TERMS.iter().all(|term| term.meaning.len() > 40));
        assert!(Stage::ALL
            .iter()
            .all(|&stage| !stage_meaning(stage).is_empty()));
    }

    #[test]
    fn pitch_readiness_is_explained_as_it_is_counted() {
        let meaning = term("pitch-readiness")
            .map(|term| term.meaning)
            .unwrap_or("");
        let share = 100 / READINESS_CHECKS.len();
        assert!(meaning.contains("five checks"), "{meaning}");
        assert_eq!(READINESS_CHECKS.len(), 5);
        assert!(meaning.contains(&format!("Each is {share} %")), "{meaning}");
    }
}
