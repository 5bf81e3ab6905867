//! Exports: the backup download, its habit, and the raw stored text.

use super::*;

impl AppState {
    /// Downloads the whole ledger as a JSON export and remembers when, for the backup
    /// reminder. Returns whether the download happened, so a replace can wait for its backup.
    pub fn export_now(&self) -> bool {
        self.export_as(export_file_name)
    }

    /// Downloads the whole ledger before it is replaced, under a name of its own (see
    /// [`backup_file_name`]). Returns whether the download happened: the replace waits for it.
    pub fn back_up_before_replace(&self) -> bool {
        self.export_as(backup_file_name)
    }

    /// Downloads the whole ledger under the name `name_for` gives today's date, and
    /// remembers when, for the backup reminder. When the stored ledger could not be read,
    /// the file holds only what this tab has, so it does not count as a backup.
    pub(super) fn export_as(&self, name_for: fn(NaiveDate) -> String) -> bool {
        let now = browser::now();
        let text = self
            .ledger
            .with_untracked(|ledger| export_json(ledger, now.at));
        if browser::download(&name_for(now.today), "application/json", &text).is_err() {
            self.notify("The browser refused the download.", None);
            return false;
        }
        if self.unreadable.get_untracked() {
            self.notify(
                "Exported what this tab holds. Your stored ledger could not be read, so this \
                 file is not a backup of it: download what is stored, as it is, too.",
                None,
            );
            return true;
        }
        self.backup
            .update(|habit| habit.last_export_at = Some(now.at));
        self.store_backup_habit();
        true
    }

    /// Saves the backup habit on this device; a failure only means an early reminder.
    pub fn store_backup_habit(&self) {
        if let Err(error) = self.backup.get_untracked().store() {
            self.notify(
                format!("The backup reminder could not be saved: {error}"),
                None,
            );
        }
    }

    /// Downloads every key Rapport keeps in this browser exactly as stored, for when the
    /// ledger cannot be read: nothing of it is lost, and it is never taken for an export.
    pub fn download_raw_storage(&self) {
        let dump = self
            .engine
            .with_value(|engine| engine.as_ref().map(Engine::raw_dump));
        let outcome = match dump {
            Some(Ok(text)) => browser::download(
                &raw_dump_file_name(browser::now().today),
                "application/json",
                &text,
            )
            .map_err(|_| "The browser refused the download.".to_owned()),
            Some(Err(error)) => Err(error.to_string()),
            None => Err("Storage is not available in this browser.".to_owned()),
        };
        if let Err(message) = outcome {
            self.notify(message, None);
        }
    }
}
