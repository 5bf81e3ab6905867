//! Putting a whole other ledger in place (the demo, an import, a merge, a restore), keeping
//! the one it replaced in this tab, and erasing everything.

use super::*;

impl AppState {
    /// Puts a whole new ledger in place (the demo) and saves it. Returns whether
    /// it is in storage.
    pub fn replace_ledger(&self, ledger: Ledger) -> bool {
        self.keep_replaced();
        let ledger = self.as_change_from_current(ledger);
        self.ledger.set(ledger);
        self.save()
    }

    /// `ledger`, with what differs from the ledger in place marked as this tab's changes:
    /// saved, a replace then writes only what changed, bucket by bucket when it is big, and
    /// what another tab saved at the same moment stays on top of it (a whole rewrite would
    /// wipe it out).
    pub(super) fn as_change_from_current(&self, mut ledger: Ledger) -> Ledger {
        self.ledger
            .with_untracked(|current| ledger.mark_changed_since(current));
        ledger
    }

    /// Puts a ledger read from an export in place, replacing this one, and
    /// saves it. Returns whether it is in storage.
    pub fn restore_from_export(&self, ledger: Ledger) -> bool {
        self.keep_replaced();
        let ledger = self.as_change_from_current(ledger);
        self.put_restoring(ledger)
    }

    /// Puts the ledger in place aside ([`replaced`](Self::replaced)) before a replace, unless
    /// it is empty (nothing to keep).
    pub(super) fn keep_replaced(&self) {
        let current = self.ledger.get_untracked();
        if !current.is_empty() {
            self.replaced.set(Some(current));
        }
    }

    /// Puts back the ledger the last replace put aside, and saves it. Returns whether
    /// it is in storage; the replacing one is let go.
    pub fn undo_replace(&self) -> bool {
        let Some(previous) = self.replaced.try_update(Option::take).flatten() else {
            return false;
        };
        let previous = self.as_change_from_current(previous);
        self.put_restoring(previous)
    }

    /// Downloads the ledger the last replace put aside, as an export under the backup's
    /// name.
    pub fn download_replaced(&self) {
        let now = browser::now();
        let text = self.replaced.with_untracked(|previous| {
            previous
                .as_ref()
                .map(|previous| export_json(previous, now.at))
        });
        let Some(text) = text else {
            return;
        };
        if browser::download(&backup_file_name(now.today), "application/json", &text).is_err() {
            self.notify("The browser refused the download.", None);
        }
    }

    /// Puts an export merged into this ledger in place and writes only what the merge
    /// changed ([`Ledger::mark_changed_since`]): no room for a second copy of the ledger is
    /// needed, and another tab's save meanwhile is kept. Returns whether it is in storage.
    pub fn put_merged(&self, mut merged: Ledger) -> bool {
        self.ledger
            .with_untracked(|current| merged.mark_changed_since(current));
        self.put_restoring(merged)
    }

    /// Puts contacts imported into `imported`, a copy of `base` (the ledger when the import
    /// began), in place and writes only what the import changed. When the ledger changed
    /// meanwhile (another tab's save followed, or an edit here while the import paused),
    /// the import's changes go on top of it ([`changes_on_top`]) instead of over it. With
    /// damaged storage nothing is written, as for any save: the person decides first.
    /// Returns whether it is in storage, or why the import cannot go on top of the ledger
    /// (then nothing changed).
    pub fn put_imported(&self, imported: Ledger, base: &Ledger) -> Result<bool, LedgerError> {
        let ledger = self
            .ledger
            .with_untracked(|current| changes_on_top(imported, base, current))?;
        self.ledger.set(ledger);
        Ok(self.save())
    }

    /// Puts a ledger built from an export in place and saves it. After damage, importing
    /// the last export is how the damage banner says to restore everything: the ledger now
    /// in place goes on without the damaged part, whose unreadable text stays aside.
    pub(super) fn put_restoring(&self, ledger: Ledger) -> bool {
        self.ledger.set(ledger);
        if self.damaged.with_untracked(|damaged| !damaged.is_empty()) {
            return self.continue_without_damaged();
        }
        self.save()
    }

    /// Removes everything Rapport keeps in this browser (the ledger, the backup reminder,
    /// the theme, this tab's drafts) and starts again from an empty page. Returns why it could not,
    /// in plain words.
    pub fn erase_everything(&self) -> Result<(), String> {
        let erased = self
            .engine
            .try_update_value(|engine| engine.as_mut().map(|engine| engine.erase_everything()));
        match erased.flatten() {
            Some(Ok(_)) => {
                // Nothing may write the ledger in memory back while the page goes: no engine,
                // no save (the reload's "pagehide" saves would undo the erase).
                self.engine.set_value(None);
                drafts::forget_all();
                browser::reload();
                Ok(())
            }
            Some(Err(error)) => Err(format!("Storage refused to erase everything: {error}")),
            None => Err(
                "Storage is not available in this browser, so there is nothing to erase."
                    .to_owned(),
            ),
        }
    }
}
