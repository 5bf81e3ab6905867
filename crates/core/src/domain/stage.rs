//! The stages of a professional relationship and the record of moves between them.

use serde::{Deserialize, Serialize};

use super::choice::choice_enum;
use super::time::Timestamp;

choice_enum! {
    /// Where a contact stands on the path from stranger to partner (see docs/DOMAIN.md,
    /// Stages).
    pub enum Stage {
        /// Someone you want a relationship with but have not connected with yet.
        Target => ("target", "Target"),
        /// A first, surface-level encounter: it opens a door, nothing more.
        Connection => ("connection", "Connection"),
        /// Time and energy invested both ways: trust, rapport, reciprocity.
        Relationship => ("relationship", "Relationship"),
        /// Collaboration on something concrete, on terms both sides agreed.
        Partnership => ("partnership", "Partnership"),
    }
}

/// One recorded move of a contact between stages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageMove {
    /// When the move was made.
    pub at: Timestamp,
    /// The stage left, or `None` for the stage the contact was created in.
    pub from: Option<Stage>,
    /// The stage entered.
    pub to: Stage,
    /// Why, in the person's words.
    pub reason: String,
}

/// A contact's current stage with the whole path that led there.
///
/// The history always holds at least the entry into the current stage; the ledger keeps
/// that invariant, and [`StageJourney::is_consistent`] checks it for imported data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageJourney {
    /// Moves in the order they were made; the last one's `to` is the current stage.
    pub history: Vec<StageMove>,
}

impl StageJourney {
    /// A journey that starts in `stage` at `at`.
    pub fn starting(stage: Stage, at: Timestamp, reason: String) -> Self {
        Self {
            history: vec![StageMove {
                at,
                from: None,
                to: stage,
                reason,
            }],
        }
    }

    /// The current stage.
    pub fn current(&self) -> Stage {
        self.history.last().map_or(Stage::Target, |last| last.to)
    }

    /// When the current stage was entered.
    pub fn entered_at(&self) -> Option<Timestamp> {
        self.history.last().map(|last| last.at)
    }

    /// Whole days spent in the stage each move entered, in history order; the current
    /// stage counts until `now`.
    pub fn days_in_each(&self, now: Timestamp) -> Vec<i64> {
        let ends = self
            .history
            .iter()
            .skip(1)
            .map(|next| next.at)
            .chain(std::iter::once(now));
        self.history
            .iter()
            .zip(ends)
            .map(|(entered, left)| entered.at.days_until(left).max(0))
            .collect()
    }

    /// Records a move to `to`; moving back (a relationship that cooled) is allowed.
    /// Returns `false` and records nothing when `to` is already the current stage.
    pub fn move_to(&mut self, to: Stage, at: Timestamp, reason: String) -> bool {
        let from = self.current();
        if from == to {
            return false;
        }
        self.history.push(StageMove {
            at,
            from: Some(from),
            to,
            reason,
        });
        true
    }

    /// Whether the last move is the move to `to` made at `at`, and not the stage the contact
    /// was created in: whether [`take_back`](Self::take_back) would take it back.
    pub fn can_take_back(&self, to: Stage, at: Timestamp) -> bool {
        self.history.len() > 1
            && self
                .history
                .last()
                .is_some_and(|last| last.to == to && last.at == at)
    }

    /// Takes back the last move, when it is the move to `to` made at `at` (an undo). The
    /// stage a contact was created in is never taken back. Returns whether it was.
    pub fn take_back(&mut self, to: Stage, at: Timestamp) -> bool {
        let can = self.can_take_back(to, at);
        if can {
            self.history.pop();
        }
        can
    }

    /// Whether the history is a connected path: non-empty, each move leaving the stage
    /// the previous one entered, and never going back in time.
    pub fn is_consistent(&self) -> bool {
        let Some(first) = self.history.first() else {
            return false;
        };
        first.from.is_none()
            && self.history.windows(2).all(|pair| {
                pair[1].from == Some(pair[0].to)
                    && pair[1].to != pair[0].to
                    && pair[1].at >= pair[0].at
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: i64) -> Timestamp {
        Timestamp::from_millis(0).plus_days(day)
    }

    #[test]
    fn each_stage_counts_its_days_the_current_one_until_now() {
        let mut journey = StageJourney::starting(Stage::Target, at(0), String::new());
        assert_eq!(journey.days_in_each(at(5)), vec![5]);
        journey.move_to(Stage::Connection, at(3), String::new());
        journey.move_to(Stage::Relationship, at(45), String::new());
        assert_eq!(journey.days_in_each(at(50)), vec![3, 42, 5]);
        // A clock behind the last move counts nothing rather than negative days.
        assert_eq!(journey.days_in_each(at(40)), vec![3, 42, 0]);
    }

    #[test]
    fn only_the_latest_move_is_taken_back_and_never_the_first_stage() {
        let mut journey = StageJourney::starting(Stage::Target, at(0), String::new());
        assert!(
            !journey.take_back(Stage::Target, at(0)),
            "the stage it was created in"
        );
        journey.move_to(Stage::Connection, at(3), String::new());
        journey.move_to(Stage::Relationship, at(45), String::new());
        assert!(
            !journey.take_back(Stage::Connection, at(3)),
            "not the latest move"
        );
        assert!(
            !journey.take_back(Stage::Relationship, at(46)),
            "another moment"
        );
        assert!(journey.take_back(Stage::Relationship, at(45)));
        assert_eq!(journey.current(), Stage::Connection);
        assert_eq!(journey.history.len(), 2);
        assert!(journey.is_consistent());
    }

    #[test]
    fn moves_forward_and_back_are_recorded_in_order() {
        let mut journey = StageJourney::starting(Stage::Target, at(0), "met at a panel".into());
        assert!(journey.move_to(Stage::Connection, at(3), "introduced".into()));
        assert!(journey.move_to(Stage::Relationship, at(40), "gave first".into()));
        assert!(journey.move_to(Stage::Connection, at(200), "went quiet".into()));
        assert_eq!(journey.current(), Stage::Connection);
        assert_eq!(journey.entered_at(), Some(at(200)));
        assert_eq!(journey.history.len(), 4);
        assert!(journey.is_consistent());
    }

    #[test]
    fn moving_to_the_current_stage_records_nothing() {
        let mut journey = StageJourney::starting(Stage::Connection, at(0), String::new());
        assert!(!journey.move_to(Stage::Connection, at(1), String::new()));
        assert_eq!(journey.history.len(), 1);
    }

    #[test]
    fn broken_paths_are_inconsistent() {
        let empty = StageJourney { history: vec![] };
        assert!(!empty.is_consistent());
        let mut gap = StageJourney::starting(Stage::Target, at(0), String::new());
        gap.history.push(StageMove {
            at: at(1),
            from: Some(Stage::Relationship),
            to: Stage::Partnership,
            reason: String::new(),
        });
        assert!(!gap.is_consistent());
    }

    #[test]
    fn keys_round_trip() {
        for &stage in Stage::ALL {
            assert_eq!(Stage::from_key(stage.key()), Some(stage));
        }
        assert_eq!(Stage::from_key("friend"), None);
    }
}
