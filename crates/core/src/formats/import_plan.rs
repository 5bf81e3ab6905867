//! Adding the contacts of an import (CSV or vCard) to the ledger, as its review planned:
//! each draft added as a new contact or filled into the existing contact it duplicates,
//! with the organizations its people belong to found by name or created. All or nothing:
//! the work is done on a copy, which replaces the ledger only once every draft went in.
//!
//! A big file is added in steps ([`Importer::step`]), so the page can show progress and
//! stay responsive between them; [`Importer::finish`] hands back the copy and what it did.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::duplicates::fill_in;
use super::ImportedContact;
use crate::domain::{words::counted, Timestamp};
use crate::domain::{ContactId, ContactKind, ContactProfile, Ledger, LedgerError, Stage};
use crate::sorting::{sort_by_cached_key, sort_by_key};

/// What the import does with one draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Planned {
    /// A new contact.
    Add(ImportedContact),
    /// Missing details filled into an existing contact.
    FillIn(ContactId, ImportedContact),
}

/// What an import did, to tell the person.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// Drafts added as new contacts.
    pub added: usize,
    /// Existing contacts that gained details.
    pub filled: BTreeSet<ContactId>,
    /// Organizations created for the people who belong to them (not rows of the file).
    pub organizations_made: Vec<String>,
}

/// How many organization names (at most) [`Imported::in_words`] lists.
const ORGANIZATIONS_NAMED: usize = 5;

impl Imported {
    /// "Added 12 contacts. Added 2 organizations they belong to: Le Monde, Lumen Labs. Filled
    /// in 1 existing contact."
    pub fn in_words(&self) -> String {
        let mut words = format!("Added {}.", counted(self.added, "contact", "contacts"));
        if !self.organizations_made.is_empty() {
            words.push_str(&format!(
                " Added {} they belong to: {}.",
                counted(
                    self.organizations_made.len(),
                    "organization",
                    "organizations"
                ),
                some_names(&self.organizations_made)
            ));
        }
        if !self.filled.is_empty() {
            words.push_str(&format!(
                " Filled in {}.",
                counted(self.filled.len(), "existing contact", "existing contacts")
            ));
        }
        words
    }
}

/// "Le Monde, Lumen Labs and 3 more": the first names of a list, and how many are left.
pub fn some_names(names: &[String]) -> String {
    let shown = names
        .iter()
        .take(ORGANIZATIONS_NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    match names.len().saturating_sub(ORGANIZATIONS_NAMED) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

/// The organizations the people of `drafts` belong to that neither the ledger nor the file
/// itself holds as contacts: adding those people adds these organizations too. Each name
/// once (case ignored), in the file's order.
pub fn new_organization_names(ledger: &Ledger, drafts: &[ImportedContact]) -> Vec<String> {
    let mut known: HashSet<String> = ledger
        .organizations()
        .into_iter()
        .map(|organization| organization.profile.name.to_lowercase())
        .chain(
            drafts
                .iter()
                .filter(|draft| draft.profile.kind == ContactKind::Organization)
                .map(|draft| draft.profile.name.to_lowercase()),
        )
        .collect();
    drafts
        .iter()
        .filter(|draft| draft.profile.kind == ContactKind::Person)
        .map(|draft| draft.organization_name.trim())
        .filter(|name| !name.is_empty() && known.insert(name.to_lowercase()))
        .map(str::to_owned)
        .collect()
}

/// An import under way: the copy of the ledger it works on and what is left to add.
pub struct Importer {
    copy: Ledger,
    plan: std::vec::IntoIter<Planned>,
    total: usize,
    done: usize,
    stage: Stage,
    now: Timestamp,
    new_id: Box<dyn FnMut() -> ContactId>,
    /// Lowercased organization names and their contacts, learning those created here.
    organizations: HashMap<String, ContactId>,
    known_before: HashSet<ContactId>,
    added_from_file: HashSet<ContactId>,
    imported: Imported,
}

impl Importer {
    /// Starts adding `plan` to a copy of `ledger`: organizations first, so the people of the
    /// same file link to them. Contacts without a stage of their own start at `stage`;
    /// `new_id` gives each new contact its id.
    pub fn new(
        ledger: &Ledger,
        mut plan: Vec<Planned>,
        stage: Stage,
        now: Timestamp,
        new_id: impl FnMut() -> ContactId + 'static,
    ) -> Self {
        sort_by_key(
            &mut plan,
            |planned| !matches!(planned, Planned::Add(draft) if draft.profile.kind == ContactKind::Organization),
        );
        let organizations: HashMap<String, ContactId> = ledger
            .organizations()
            .into_iter()
            .map(|organization| (organization.profile.name.to_lowercase(), organization.id))
            .collect();
        Importer {
            copy: ledger.clone(),
            total: plan.len(),
            plan: plan.into_iter(),
            done: 0,
            stage,
            now,
            new_id: Box::new(new_id),
            known_before: organizations.values().copied().collect(),
            organizations,
            added_from_file: HashSet::new(),
            imported: Imported::default(),
        }
    }

    /// Drafts done so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.total)
    }

    /// Adds up to `count` more drafts. Returns whether drafts are left; on an error the
    /// import is over and the ledger it started from stays as it was.
    pub fn step(&mut self, count: usize) -> Result<bool, LedgerError> {
        for _ in 0..count {
            let Some(planned) = self.plan.next() else {
                break;
            };
            match planned {
                Planned::Add(draft) => {
                    let id = self.add_one(draft)?;
                    self.imported.added += 1;
                    self.added_from_file.insert(id);
                }
                Planned::FillIn(id, draft) => {
                    if self.fill_in_one(id, draft)? {
                        self.imported.filled.insert(id);
                    }
                }
            }
            self.done += 1;
        }
        Ok(self.done < self.total)
    }

    /// The ledger with everything added, and what was done.
    pub fn finish(mut self) -> (Ledger, Imported) {
        let mut made: Vec<String> = self
            .organizations
            .values()
            .filter(|id| !self.known_before.contains(id) && !self.added_from_file.contains(id))
            .filter_map(|&id| self.copy.contact(id))
            .map(|organization| organization.profile.name.clone())
            .collect();
        // Named in the same order every time (the map has none).
        sort_by_cached_key(&mut made, |name| name.to_lowercase());
        self.imported.organizations_made = made;
        (self.copy, self.imported)
    }
}

impl Importer {
    /// The organization of this name (case ignored), created at `stage` if the copy has
    /// none; the organizations known learn the ones created here.
    fn organization_named(&mut self, name: &str, stage: Stage) -> Result<ContactId, LedgerError> {
        let key = name.to_lowercase();
        if let Some(&id) = self.organizations.get(&key) {
            return Ok(id);
        }
        let profile = ContactProfile::named(name, ContactKind::Organization);
        let id = self
            .copy
            .add_contact((self.new_id)(), profile, stage, self.now)?;
        self.organizations.insert(key, id);
        Ok(id)
    }

    /// Links a person who has no organization yet to the one the file names (found by name
    /// or created); organizations and people already linked are left as they are.
    fn link_organization(
        &mut self,
        profile: &mut ContactProfile,
        organization: &str,
        stage: Stage,
    ) -> Result<(), LedgerError> {
        let organization = organization.trim();
        if profile.kind == ContactKind::Person
            && profile.organization.is_none()
            && !organization.is_empty()
        {
            profile.organization = Some(self.organization_named(organization, stage)?);
        }
        Ok(())
    }

    /// Adds one draft, linking a person to the organization the file names. An organization
    /// added here is the one later people of the file link to, unless the ledger already
    /// had one of that name (case ignored), which they keep linking to.
    fn add_one(&mut self, draft: ImportedContact) -> Result<ContactId, LedgerError> {
        let stage = draft.stage.unwrap_or(self.stage);
        let mut profile = draft.profile;
        self.link_organization(&mut profile, &draft.organization_name, stage)?;
        let key = (profile.kind == ContactKind::Organization).then(|| profile.name.to_lowercase());
        let id = self
            .copy
            .add_contact((self.new_id)(), profile, stage, self.now)?;
        if let Some(key) = key {
            self.organizations.entry(key).or_insert(id);
        }
        Ok(id)
    }

    /// Puts what a draft adds into the existing contact it duplicates (see [`fill_in`]), and
    /// links a person without an organization to the one the file names. Says whether the
    /// contact changed.
    fn fill_in_one(&mut self, id: ContactId, draft: ImportedContact) -> Result<bool, LedgerError> {
        let existing = self
            .copy
            .contact(id)
            .map(|contact| contact.profile.clone())
            .ok_or(LedgerError::ContactNotFound(id))?;
        let mut profile = fill_in(&existing, &draft.profile);
        let stage = draft.stage.unwrap_or(self.stage);
        self.link_organization(&mut profile, &draft.organization_name, stage)?;
        if profile == existing {
            return Ok(false);
        }
        self.copy
            .update_profile(id, profile, self.now)
            .map(|()| true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp::from_millis(1_795_305_600_000);

    fn ids() -> impl FnMut() -> ContactId {
        let mut next = 100u128;
        move || {
            next += 1;
            ContactId::new(NOW, next)
        }
    }

    fn person(name: &str, organization: &str) -> ImportedContact {
        ImportedContact {
            profile: ContactProfile::named(name, ContactKind::Person),
            organization_name: organization.to_owned(),
            stage: None,
        }
    }

    fn with_le_monde() -> Ledger {
        let mut ledger = Ledger::new();
        ledger
            .add_contact(
                ContactId::new(NOW, 1),
                ContactProfile::named("Le Monde", ContactKind::Organization),
                Stage::Connection,
                NOW,
            )
            .expect("add");
        ledger
    }

    #[test]
    fn the_organizations_an_import_adds_are_those_nobody_holds_yet() {
        let ledger = with_le_monde();
        let drafts = vec![
            person("Ana", "le monde"),
            person("Ben", "Lumen Labs"),
            person("Cy", "lumen labs "),
            person("Dee", ""),
            person("Eve", "Northwind Media"),
            ImportedContact {
                profile: ContactProfile::named("Northwind Media", ContactKind::Organization),
                organization_name: String::new(),
                stage: None,
            },
        ];
        assert_eq!(new_organization_names(&ledger, &drafts), vec!["Lumen Labs"]);
        let many: Vec<String> = (1..=7).map(|n| format!("Org {n}")).collect();
        assert_eq!(
            some_names(&many),
            "Org 1, Org 2, Org 3, Org 4, Org 5 and 2 more"
        );
    }

    #[test]
    fn an_import_links_people_to_their_organizations_in_steps_and_says_what_it_did() {
        let ledger = with_le_monde();
        let plan = vec![
            Planned::Add(person("Ana", "le monde")),
            Planned::Add(person("Ben", "Lumen Labs")),
            Planned::Add(person("Cy", "lumen labs ")),
            Planned::Add(ImportedContact {
                profile: ContactProfile::named("Northwind Media", ContactKind::Organization),
                organization_name: String::new(),
                stage: None,
            }),
            Planned::Add(person("Eve", "Northwind Media")),
        ];
        let mut importer = Importer::new(&ledger, plan, Stage::Target, NOW, ids());
        assert_eq!(importer.step(2), Ok(true));
        assert_eq!(importer.progress(), (2, 5));
        assert_eq!(importer.step(10), Ok(false));
        let (imported_ledger, imported) = importer.finish();
        assert_eq!(imported.added, 5);
        assert_eq!(imported.organizations_made, vec!["Lumen Labs"]);
        assert_eq!(
            imported.in_words(),
            "Added 5 contacts. Added 1 organization they belong to: Lumen Labs."
        );
        let organization_of = |name: &str| {
            let person = imported_ledger
                .contacts()
                .find(|contact| contact.profile.name == name)
                .expect("added");
            let organization = person.profile.organization.expect("linked");
            imported_ledger
                .contact(organization)
                .map(|org| org.profile.name.clone())
        };
        assert_eq!(organization_of("Ana").as_deref(), Some("Le Monde"));
        assert_eq!(organization_of("Cy").as_deref(), Some("Lumen Labs"));
        assert_eq!(organization_of("Eve").as_deref(), Some("Northwind Media"));
        assert_eq!(
            ledger.counts().contacts,
            1,
            "the ledger it started from is untouched"
        );
    }

    #[test]
    fn a_draft_refused_ends_the_import_with_the_ledger_as_it_was() {
        let ledger = with_le_monde();
        let plan = vec![
            Planned::Add(person("Ana", "")),
            Planned::Add(person("   ", "")),
        ];
        let mut importer = Importer::new(&ledger, plan, Stage::Target, NOW, ids());
        assert_eq!(importer.step(10), Err(LedgerError::EmptyName));
        assert_eq!(ledger.counts().contacts, 1);
    }

    #[test]
    fn a_duplicate_fills_in_the_existing_contact() {
        let mut ledger = with_le_monde();
        let existing = ledger
            .add_contact(
                ContactId::new(NOW, 2),
                ContactProfile::named("Ana Lima", ContactKind::Person),
                Stage::Connection,
                NOW,
            )
            .expect("add");
        let mut draft = person("Ana Lima", "Le Monde");
        draft.profile.channels.emails = vec!["ana@example.org".to_owned()];
        let plan = vec![Planned::FillIn(existing, draft)];
        let mut importer = Importer::new(&ledger, plan, Stage::Target, NOW, ids());
        assert_eq!(importer.step(10), Ok(false));
        let (after, imported) = importer.finish();
        assert_eq!(imported.added, 0);
        assert_eq!(
            imported.in_words(),
            "Added 0 contacts. Filled in 1 existing contact."
        );
        let ana = after.contact(existing).expect("there");
        assert_eq!(ana.profile.channels.emails, vec!["ana@example.org"]);
        assert_eq!(ana.profile.organization, Some(ContactId::new(NOW, 1)));
    }
}
