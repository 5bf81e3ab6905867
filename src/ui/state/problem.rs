//! What is wrong with the stored ledger, as one typed value the storage banner matches on:
//! why loading or saving failed, and what the person is told about it.

use crate::storage::engine::DamagedChunk;
use crate::storage::StorageError;

/// What is wrong with storage right now; `None` in [`AppState::storage_problem`] when all is
/// saved.
///
/// [`AppState::storage_problem`]: super::AppState::storage_problem
#[derive(Clone, Debug, PartialEq)]
pub enum StorageProblem {
    /// Storage could not be opened: changes last only while the tab is open.
    Unavailable(StorageError),
    /// The stored ledger could not be read at all: nothing is written over it.
    Unreadable(StorageError),
    /// Parts of the stored ledger could not be read; saving waits for the person's decision.
    Damaged(Vec<DamagedChunk>),
    /// Another tab saved, and this tab cannot follow without the page being read again; the
    /// damage found at load, if any, still waits for a decision.
    ChangedElsewhere(Vec<DamagedChunk>),
    /// A save, or following another tab's save, failed: the changes stay in this tab.
    Failed(StorageError),
}

impl StorageProblem {
    /// What the person is told, in plain words, with the way out.
    pub fn message(&self) -> String {
        match self {
            StorageProblem::Unavailable(error) | StorageProblem::Failed(error) => error.to_string(),
            StorageProblem::Unreadable(error) => format!("{error} {UNREADABLE_WAY_OUT}"),
            StorageProblem::Damaged(damaged) => damage_message(damaged),
            StorageProblem::ChangedElsewhere(damaged) => {
                let changed = StorageError::ChangedElsewhere.to_string();
                if damaged.is_empty() {
                    changed
                } else {
                    format!("{} {changed}", damage_message(damaged))
                }
            }
        }
    }
}

/// What the person is told after the stored ledger could not be read at all.
const UNREADABLE_WAY_OUT: &str = "Nothing will be written over it. Download what is stored, \
     as it is, to keep it (it is not an export), or erase everything on the Data page to \
     start again.";

/// What the person is told when part of the stored data could not be read.
fn damage_message(damaged: &[DamagedChunk]) -> String {
    let parts: Vec<String> = damaged
        .iter()
        .map(|chunk| {
            format!(
                "{} (stored under {}: {})",
                chunk.missing(),
                chunk.key,
                chunk.reason
            )
        })
        .collect();
    format!(
        "Part of your saved data could not be loaded: {}. Everything else is loaded. Saving \
         is paused so nothing more is lost: export what loaded now, or import your last \
         export on the Data page to restore everything. Without an export, continue without \
         the damaged part: its stored text is kept aside in storage (and in \"Download what \
         is stored, as it is\"), and saving resumes.",
        parts.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::engine::DamageKind;

    fn chunk() -> DamagedChunk {
        DamagedChunk {
            key: "rapport.c.3.7".to_owned(),
            reason: "not a valid LZ4 block".to_owned(),
            contacts: 2,
            interactions: 5,
            promises: 0,
            kind: DamageKind::Unreadable,
        }
    }

    #[test]
    fn damage_names_what_is_missing_where_and_why() {
        let message = StorageProblem::Damaged(vec![chunk()]).message();
        assert!(message.starts_with("Part of your saved data could not be loaded: 2 contacts"));
        assert!(message.contains("(stored under rapport.c.3.7: not a valid LZ4 block)"));
        assert!(message.contains("continue without the damaged part"));
    }

    #[test]
    fn a_change_elsewhere_still_names_the_damage_that_waits() {
        let alone = StorageProblem::ChangedElsewhere(Vec::new()).message();
        assert_eq!(alone, StorageError::ChangedElsewhere.to_string());
        let with_damage = StorageProblem::ChangedElsewhere(vec![chunk()]).message();
        assert!(with_damage.starts_with("Part of your saved data could not be loaded"));
        assert!(with_damage.ends_with(&alone));
    }

    #[test]
    fn unreadable_data_offers_the_way_out_and_failures_say_the_error() {
        let error = StorageError::CorruptManifest("bad JSON".to_owned());
        let message = StorageProblem::Unreadable(error.clone()).message();
        assert!(message.starts_with(&error.to_string()));
        assert!(message.ends_with(UNREADABLE_WAY_OUT));
        assert_eq!(
            StorageProblem::Failed(StorageError::QuotaExceeded).message(),
            StorageError::QuotaExceeded.to_string()
        );
        assert_eq!(
            StorageProblem::Unavailable(StorageError::Unavailable("no window".to_owned()))
                .message(),
            StorageError::Unavailable(String::new()).to_string()
        );
    }
}
