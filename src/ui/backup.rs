//! The backup habit: when the person last exported, and after how many days Rapport reminds
//! them. Kept on this device only (each browser holds its own copy of the ledger, so each
//! needs its own backups), under its own localStorage key beside the ledger's.

use serde::{Deserialize, Serialize};

use crate::domain::{Now, Timestamp};
use crate::storage::{KeyValueStore, LocalStore, StorageError};

/// The localStorage key of the backup habit.
pub const BACKUP_KEY: &str = "rapport.backup";

/// The reminder's default: a week without an export.
pub const DEFAULT_REMIND_AFTER_DAYS: u16 = 7;

/// When the last export happened, and when to nudge for the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupHabit {
    /// The last export's instant; `None` before the first.
    pub last_export_at: Option<Timestamp>,
    /// Nudge once the last export is older than this many days.
    pub remind_after_days: u16,
    /// When the demo ledger was last loaded: invented contacts need no backup, so before
    /// any export the reminder counts from then.
    #[serde(default)]
    pub demo_loaded_at: Option<Timestamp>,
}

impl Default for BackupHabit {
    fn default() -> Self {
        BackupHabit {
            last_export_at: None,
            remind_after_days: DEFAULT_REMIND_AFTER_DAYS,
            demo_loaded_at: None,
        }
    }
}

impl BackupHabit {
    /// The nudge to show at `now`, if one is due: never for an empty ledger (nothing to
    /// lose), always when nothing was ever exported, otherwise once the last export is
    /// older than [`remind_after_days`](Self::remind_after_days).
    pub fn nudge(&self, now: Timestamp, has_records: bool) -> Option<String> {
        if !has_records {
            return None;
        }
        match self.last_export_at {
            None if self.demo_loaded_at.is_some_and(|loaded| {
                loaded.days_until(now) <= i64::from(self.remind_after_days)
            }) =>
            {
                None
            }
            None => Some(
                "You have never exported this ledger. It lives only in this browser: export it \
                 to keep a backup."
                    .to_owned(),
            ),
            Some(at) => {
                let days = at.days_until(now);
                (days > i64::from(self.remind_after_days)).then(|| {
                    format!(
                        "Your last export is {days} days old. Export now to keep your backup \
                         up to date."
                    )
                })
            }
        }
    }

    /// Notes that the demo ledger was loaded at `at` (see [`Self::demo_loaded_at`]).
    pub fn demo_loaded(&mut self, at: Timestamp) {
        self.demo_loaded_at = Some(at);
    }

    /// When the last export happened, in words: "never", "today", "3 days ago", counted in
    /// the person's calendar days (last night's export is "yesterday" this morning).
    pub fn last_export_words(&self, now: Now) -> String {
        match self
            .last_export_at
            .map(|at| (now.today - now.day_of(at)).num_days())
        {
            None => "never".to_owned(),
            Some(days) if days <= 0 => "today".to_owned(),
            Some(1) => "yesterday".to_owned(),
            Some(days) => format!("{days} days ago"),
        }
    }

    /// The habit stored on this device; the default when none is stored or it cannot be
    /// read (a reminder too many is harmless).
    pub fn load() -> Self {
        LocalStore::open()
            .ok()
            .and_then(|store| store.get(BACKUP_KEY).ok().flatten())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Stores the habit on this device.
    pub fn store(&self) -> Result<(), StorageError> {
        let text =
            serde_json::to_string(self).map_err(|error| StorageError::Failed(error.to_string()))?;
        LocalStore::open()?
            .set(BACKUP_KEY, &text)
            .map_err(StorageError::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp::from_millis(1_795_305_600_000);

    #[test]
    fn an_empty_ledger_is_never_nudged() {
        assert_eq!(BackupHabit::default().nudge(NOW, false), None);
    }

    #[test]
    fn a_demo_just_loaded_is_not_nudged_until_the_reminder_is_due() {
        let mut habit = BackupHabit::default();
        habit.demo_loaded(NOW);
        assert_eq!(habit.nudge(NOW, true), None);
        assert_eq!(habit.nudge(NOW.plus_days(7), true), None);
        let nudge = habit.nudge(NOW.plus_days(8), true).expect("nudge");
        assert!(nudge.starts_with("You have never exported this ledger."));
    }

    #[test]
    fn a_ledger_never_exported_is_nudged() {
        let nudge = BackupHabit::default().nudge(NOW, true).expect("nudge");
        assert!(nudge.starts_with("You have never exported this ledger."));
        assert_eq!(
            BackupHabit::default().last_export_words(Now::utc(NOW)),
            "never"
        );
    }

    #[test]
    fn the_nudge_waits_for_the_chosen_number_of_days() {
        let habit = BackupHabit {
            last_export_at: Some(NOW.plus_days(-7)),
            remind_after_days: 7,
            ..BackupHabit::default()
        };
        assert_eq!(habit.nudge(NOW, true), None);
        assert_eq!(habit.last_export_words(Now::utc(NOW)), "7 days ago");
        let later = NOW.plus_days(1);
        assert_eq!(
            habit.nudge(later, true).as_deref(),
            Some("Your last export is 8 days old. Export now to keep your backup up to date.")
        );
        let patient = BackupHabit {
            remind_after_days: 30,
            ..habit
        };
        assert_eq!(patient.nudge(later, true), None);
    }

    #[test]
    fn recent_exports_read_naturally() {
        let today = BackupHabit {
            last_export_at: Some(NOW),
            ..BackupHabit::default()
        };
        assert_eq!(today.last_export_words(Now::utc(NOW)), "today");
        let yesterday = BackupHabit {
            last_export_at: Some(NOW.plus_days(-1)),
            ..BackupHabit::default()
        };
        assert_eq!(yesterday.last_export_words(Now::utc(NOW)), "yesterday");
    }

    #[test]
    fn last_nights_export_was_yesterday_this_morning() {
        // Exported at 23:00, read at 08:00 the next morning (UTC+1).
        let evening: Timestamp = "2026-11-30T22:00:00Z".parse().expect("parse");
        let morning: Timestamp = "2026-12-01T07:00:00Z".parse().expect("parse");
        let habit = BackupHabit {
            last_export_at: Some(evening),
            ..BackupHabit::default()
        };
        assert_eq!(
            habit.last_export_words(Now::with_offset(morning, 60)),
            "yesterday"
        );
        assert_eq!(
            habit.last_export_words(Now::with_offset(evening, 60)),
            "today"
        );
    }
}
