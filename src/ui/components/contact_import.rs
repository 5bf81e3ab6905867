//! Bringing contacts in from a vCard or CSV file: the column mapping, the review of likely
//! duplicates and formula-like rows, and the import itself (all or none, with progress).

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::words::counted;
use crate::domain::{ContactId, Ledger, Stage};
use crate::formats::csv_import::{apply, preset_for, ColumnMapping, CsvTable, ProfileField};
use crate::formats::duplicates::{likely_duplicates, DuplicateOf, LikelyDuplicate};
use crate::formats::formula::{formula_rows, FormulaField, FormulaRow};
use crate::formats::import_plan::{new_organization_names, some_names, Importer, Planned};
use crate::formats::imports::{accept_attribute, ReadFile};
use crate::formats::{megabytes_over, FormatError, ImportedContact, MAX_INPUT_BYTES};
use crate::jobs::{Answer, Job};
use crate::sorting::map_of;
use crate::ui::browser;
use crate::ui::choice_signal::{choices, ChoiceSignal, MaybeChoiceSignal, SelectOption};
use crate::ui::components::select_field::SelectField;
use crate::ui::components::FormError;
use crate::ui::state::use_app_state;
use crate::ui::worker::{LatestJob, WorkerError};

/// Contacts added between two yields to the browser, so a big import shows its progress.
const BATCH: usize = 250;

/// Where a contact import stands.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// Nothing chosen yet.
    Idle,
    /// The file is being read (in the worker).
    Reading,
    /// A CSV file read: which column fills which field. Shared, not copied, each time the
    /// step is read (a table of 100,000 rows is 300,000 strings).
    Mapping(Arc<CsvTable>),
    /// Drafts ready, with their likely duplicates.
    Review {
        drafts: Vec<ImportedContact>,
        duplicates: Vec<LikelyDuplicate>,
    },
    /// Adding, with how many are done.
    Adding { done: usize, total: usize },
}

/// Brings contacts in from a vCard (2.1, 3.0 or 4.0) or CSV file (with a column-mapping step and
/// LinkedIn and Google Contacts presets), shows likely duplicates, then adds everything in
/// one go: all the contacts or, on any error, none.
#[component]
pub fn ContactImport() -> impl IntoView {
    let state = use_app_state();
    let step = RwSignal::new(Step::Idle);
    let error = RwSignal::new(None::<String>);
    // The file being read; another file chosen meanwhile stops it. The share read so far
    // (0 to 1) is a signal of its own, so the reading's view stays while it changes.
    let reading = LatestJob::new();
    let share_read = RwSignal::new(0.0);
    let on_file = move |ev: leptos::ev::Event| {
        error.set(None);
        step.set(Step::Idle);
        reading.stop();
        let Some(file) = browser::chosen_file(&ev) else {
            return;
        };
        // Refused from its size alone, before it is read.
        if let Some(megabytes) = megabytes_over(browser::file_size(&file), MAX_INPUT_BYTES) {
            return error.set(Some(FormatError::TooLarge { megabytes }.to_string()));
        }
        let job = Job::ReadContacts {
            file_name: file.name(),
            media_type: file.type_(),
        };
        share_read.set(0.0);
        step.set(Step::Reading);
        leptos::task::spawn_local(async move {
            let progress = move |share| share_read.set(share);
            let Some(answer) = reading.run(&job, Some(&file), progress).await else {
                return;
            };
            step.set(Step::Idle);
            match answer {
                Ok(Answer::Contacts(ReadFile::Table(table))) => {
                    step.set(Step::Mapping(Arc::new(table)))
                }
                Ok(Answer::Contacts(ReadFile::Drafts(drafts))) => {
                    step.set(review(state.ledger, drafts))
                }
                Ok(Answer::Refused(refused)) => error.set(Some(refused)),
                Ok(Answer::Ledger(_)) => error.set(Some(WorkerError::OtherVersion.to_string())),
                Err(failed) => error.set(Some(failed.to_string())),
            }
        });
    };
    view! {
        <section class="card" data-testid="contact-import">
            <h2>"Import contacts"</h2>
            <p>
                "From an address book (vCard .vcf, version 2.1, 3.0 or 4.0) or a spreadsheet (.csv), "
                "such as LinkedIn's Connections.csv or a Google Contacts export. You check "
                "everything before anything is added."
            </p>
            <label class="field">
                <span class="field-label">"Choose a .vcf or .csv file"</span>
                <input type="file" accept=accept_attribute() data-testid="contacts-file" on:change=on_file />
            </label>
            <FormError error testid="contacts-import-error" />
            {move || match step.get() {
                Step::Idle => ().into_any(),
                Step::Reading => {
                    let on_stop = Callback::new(move |()| {
                        reading.stop();
                        step.set(Step::Idle);
                    });
                    view! { <ReadingProgress share=share_read on_stop /> }.into_any()
                }
                Step::Mapping(table) => view! { <MappingStep table step error /> }.into_any(),
                Step::Review { drafts, duplicates } => view! { <ReviewStep drafts duplicates step /> }.into_any(),
                Step::Adding { done, total } => view! {
                    <p role="status">{format!("Adding contacts: {done} of {total}")}</p>
                    <progress max=total.to_string() value=done.to_string() data-testid="import-progress"></progress>
                }.into_any(),
            }}
        </section>
    }
}

/// How much of the file is read, as a bar, and the way to stop. The words say once that
/// the file is being read (a live region announcing each percent would be noise); the bar
/// carries the share.
#[component]
fn ReadingProgress(share: RwSignal<f64>, on_stop: Callback<()>) -> impl IntoView {
    let percent = move || (share.get() * 100.0).round().clamp(0.0, 100.0);
    view! {
        <p role="status">"Reading the file…"</p>
        <progress max="100" value=move || percent().to_string() aria-label="Share of the file read"
            data-testid="contacts-reading">{move || format!("{} %", percent())}</progress>
        <div class="actions">
            <button type="button" data-testid="contacts-reading-stop" on:click=move |_| on_stop.run(())>
                "Stop reading"
            </button>
        </div>
    }
}

/// Drafts with their likely duplicates, ready to review.
fn review(ledger: RwSignal<Ledger>, drafts: Vec<ImportedContact>) -> Step {
    let duplicates = ledger.with_untracked(|ledger| likely_duplicates(ledger, &drafts));
    Step::Review { drafts, duplicates }
}

/// A column's field is named by its label, which is unique among the fields.
impl SelectOption for ProfileField {
    fn key(&self) -> String {
        ProfileField::label(*self).to_owned()
    }
    fn label(&self) -> String {
        ProfileField::label(*self).to_owned()
    }
    fn from_key(key: &str) -> Option<Self> {
        ProfileField::ALL
            .into_iter()
            .find(|field| field.label() == key)
    }
}

/// Which column fills which field, guessed from the headers and changeable.
#[component]
fn MappingStep(
    table: Arc<CsvTable>,
    step: RwSignal<Step>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_app_state();
    let guessed = ColumnMapping::guess(&table.headers);
    let chosen: Vec<MaybeChoiceSignal<ProfileField>> = guessed
        .columns
        .iter()
        .copied()
        .map(MaybeChoiceSignal::new)
        .collect();
    let preset = preset_for(&table.headers);
    let rows = table.rows.len();
    let table = StoredValue::new(table);
    let signals = chosen.clone();
    let go_on = move |_| {
        let mapping = ColumnMapping {
            columns: signals
                .iter()
                .map(|signal| signal.get_untracked())
                .collect(),
        };
        match table.with_value(|table| apply(table, &mapping)) {
            Ok(drafts) => {
                error.set(None);
                step.set(review(state.ledger, drafts));
            }
            Err(refused) => error.set(Some(refused.to_string())),
        }
    };
    view! {
        <div data-testid="column-mapping">
            <h3>"Match the columns"</h3>
            <p data-testid="csv-preset">{match preset {
                Some(preset) => format!("Recognised: {}. {rows} rows. Check the columns, then continue.", preset.label()),
                None => format!("{rows} rows. Say which column holds what; columns left blank are not imported."),
            }}</p>
            <div class="form-grid">
                {table.with_value(|table| table.headers.clone()).into_iter().zip(chosen).map(|(header, value)| {
                    let label = if header.trim().is_empty() { "(unnamed column)".to_owned() } else { header };
                    view! {
                        <SelectField label testid="mapping-field" value=value.with_blank("Leave out")
                            options=choices(&ProfileField::ALL) />
                    }
                }).collect_view()}
            </div>
            <div class="actions">
                <button type="button" class="primary" data-testid="mapping-continue" on:click=go_on>"Continue"</button>
                <button type="button" on:click=move |_| step.set(Step::Idle)>"Cancel"</button>
            </div>
        </div>
    }
}

/// What happens to a draft that looks like a contact already known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    /// Left out (the default).
    Skip,
    /// Added as a contact of its own.
    AddAnyway,
    /// Its emails, phones and other missing details go into this existing contact.
    FillIn(ContactId),
}

impl Choice {
    fn key(self) -> &'static str {
        match self {
            Choice::Skip => "skip",
            Choice::AddAnyway => "add",
            Choice::FillIn(_) => "fill",
        }
    }
}

/// One draft with likely duplicates, as the review shows it.
#[derive(Clone)]
struct DuplicateRow {
    /// The draft's position in the import.
    index: usize,
    /// The draft's name.
    name: String,
    /// What it looks like, in words ("Ana Lima (already in your ledger)").
    looks_like: String,
    /// The first existing contact it resembles, which it can fill in, and that contact's name.
    existing: Option<(ContactId, String)>,
}

/// The rows of the review's duplicate list: one per draft, whatever it resembles.
fn duplicate_rows(
    ledger: &Ledger,
    drafts: &[ImportedContact],
    duplicates: &[LikelyDuplicate],
) -> Vec<DuplicateRow> {
    let mut rows: Vec<DuplicateRow> = Vec::new();
    for duplicate in duplicates {
        let (other, existing) = match duplicate.of {
            DuplicateOf::Existing(id) => {
                let name = ledger
                    .contact(id)
                    .map(|contact| contact.profile.name.clone());
                (
                    name.as_ref()
                        .map(|name| format!("{name} (already in your ledger)")),
                    name.map(|name| (id, name)),
                )
            }
            DuplicateOf::Imported(index) => (
                drafts
                    .get(index)
                    .map(|draft| format!("{} (earlier in this file)", draft.profile.name)),
                None,
            ),
        };
        let other = other.unwrap_or_default();
        match rows.iter_mut().find(|row| row.index == duplicate.imported) {
            Some(row) => {
                row.looks_like = format!("{}, {other}", row.looks_like);
                if row.existing.is_none() {
                    row.existing = existing;
                }
            }
            None => rows.push(DuplicateRow {
                index: duplicate.imported,
                name: drafts
                    .get(duplicate.imported)
                    .map(|draft| draft.profile.name.clone())
                    .unwrap_or_default(),
                looks_like: other,
                existing,
            }),
        }
    }
    rows
}

/// How many rows of the file the review shows, so the person can check that each column
/// landed in the right field before anything is added.
const PREVIEWED: usize = 8;

/// The first rows of the file as the ledger will read them: name, kind, role, organization,
/// email and stage (the file's, or else the one chosen for the rest).
#[component]
fn ImportPreview(
    /// The first rows (up to [`PREVIEWED`]).
    drafts: Vec<ImportedContact>,
    /// How many rows the file has.
    total: usize,
    /// The stage chosen for contacts whose row names none.
    chosen_stage: ChoiceSignal<Stage>,
) -> impl IntoView {
    let chosen = move || chosen_stage.get().label();
    let rows = drafts
        .into_iter()
        .map(|draft| {
            let profile = draft.profile;
            view! {
                <tr>
                    <td>{profile.name}</td>
                    <td>{profile.kind.label()}</td>
                    <td>{profile.role}</td>
                    <td>{draft.organization_name}</td>
                    <td>{profile.channels.emails.join(", ")}</td>
                    <td>{move || draft.stage.map_or_else(chosen, Stage::label)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="import-preview" data-testid="import-preview" open>
            <summary>{if total > PREVIEWED {
                format!("The first {PREVIEWED} of {total}, as they will be read")
            } else {
                "As they will be read".to_owned()
            }}</summary>
            <div class="table-scroll">
                <table class="plain-table">
                    <caption class="visually-hidden">"The first contacts of the file"</caption>
                    <thead><tr>
                        <th scope="col">"Name"</th><th scope="col">"Kind"</th><th scope="col">"Role"</th>
                        <th scope="col">"Organization"</th><th scope="col">"Email"</th><th scope="col">"Stage"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

/// How many contacts will be added and filled in, the likely duplicates (skipped unless the
/// person chooses otherwise), the first stage, and the button that adds them.
#[component]
fn ReviewStep(
    drafts: Vec<ImportedContact>,
    duplicates: Vec<LikelyDuplicate>,
    step: RwSignal<Step>,
) -> impl IntoView {
    let state = use_app_state();
    let rows = state
        .ledger
        .with_untracked(|ledger| duplicate_rows(ledger, &drafts, &duplicates));
    let choices_made = RwSignal::new(map_of(rows.iter().map(|row| (row.index, Choice::Skip))));
    // Rows that look like spreadsheet formulas are left out unless ticked.
    let formulas = formula_rows(&drafts);
    let flagged: std::collections::BTreeSet<usize> =
        formulas.iter().map(|row| row.imported).collect();
    let included = RwSignal::new(std::collections::BTreeSet::<usize>::new());
    let flagged = StoredValue::new(flagged);
    let left_out = move |made: &BTreeMap<usize, Choice>, index: usize| {
        made.get(&index) == Some(&Choice::Skip)
            || (flagged.with_value(|flagged| flagged.contains(&index))
                && !included.with(|included| included.contains(&index)))
    };
    let stage = ChoiceSignal::new(Stage::Connection);
    let total = drafts.len();
    let staged = drafts.iter().filter(|draft| draft.stage.is_some()).count();
    let count_choices = move |wanted: fn(&Choice) -> bool| {
        choices_made.with(|made| made.values().filter(|choice| wanted(choice)).count())
    };
    let to_add = move || {
        choices_made.with(|made| {
            let mut skipped: std::collections::BTreeSet<usize> = made
                .iter()
                .filter(|(_, choice)| **choice != Choice::AddAnyway)
                .map(|(index, _)| *index)
                .collect();
            flagged.with_value(|flagged| {
                skipped.extend(flagged.iter().filter(|&&index| left_out(made, index)));
            });
            total - skipped.len()
        })
    };
    let to_fill = move || count_choices(|choice| matches!(choice, Choice::FillIn(_)));
    let preview = drafts.iter().take(PREVIEWED).cloned().collect::<Vec<_>>();
    let drafts = StoredValue::new(drafts);
    // Organizations are named from the rows that will be added, so a formula left out
    // names none.
    let new_organizations = move || {
        let made = choices_made.get();
        drafts.with_value(|drafts| {
            let kept: Vec<ImportedContact> = drafts
                .iter()
                .enumerate()
                .filter(|(index, _)| !left_out(&made, *index))
                .map(|(_, draft)| draft.clone())
                .collect();
            state
                .ledger
                .with_untracked(|ledger| new_organization_names(ledger, &kept))
        })
    };
    let add = move |_| {
        let made = choices_made.get_untracked();
        let plan: Vec<Planned> = drafts.with_value(|drafts| {
            drafts
                .iter()
                .enumerate()
                .filter(|(index, _)| !left_out(&made, *index))
                .filter_map(|(index, draft)| match made.get(&index) {
                    None | Some(Choice::AddAnyway) => Some(Planned::Add(draft.clone())),
                    Some(Choice::FillIn(id)) => Some(Planned::FillIn(*id, draft.clone())),
                    Some(Choice::Skip) => None,
                })
                .collect()
        });
        let first_stage = stage.get_untracked();
        leptos::task::spawn_local(add_all(state, plan, first_stage, step));
    };
    view! {
        <div data-testid="import-review">
            <p data-testid="import-count">{move || format!("{} of {} will be added.", to_add(), counted(total, "contact", "contacts"))}</p>
            <ImportPreview drafts=preview total chosen_stage=stage />
            {move || {
                let new_organizations = new_organizations();
                (!new_organizations.is_empty()).then(|| view! {
                    <p data-testid="import-organizations">{format!(
                        "The people's organizations not in your ledger yet are added with them, as \
                         organizations at the same stage: {}.",
                        some_names(&new_organizations)
                    )}</p>
                })
            }}
            {(!formulas.is_empty()).then(|| view! {
                <h3>"Rows that look like spreadsheet formulas (left out unless you tick them)"</h3>
                <p class="muted">
                    "A name or organization starting with = + - or @ followed by something like a formula \
                     usually comes from a spreadsheet cell, not from a person, and would run as a formula \
                     when exported and opened in a spreadsheet."
                </p>
                <ul class="duplicates" data-testid="formula-rows">
                    {formulas.into_iter().map(|row| {
                        let name = drafts.with_value(|drafts| {
                            drafts.get(row.imported).map(|draft| draft.profile.name.clone()).unwrap_or_default()
                        });
                        view! { <FormulaChoice row name included /> }
                    }).collect_view()}
                </ul>
            })}
            {move || (to_fill() > 0).then(|| view! {
                <p data-testid="import-fill-count">{format!("{} will be filled in.", counted(to_fill(), "existing contact", "existing contacts"))}</p>
            })}
            {(!rows.is_empty()).then(|| view! {
                <h3>"Likely duplicates (skipped unless you choose otherwise)"</h3>
                <ul class="duplicates" data-testid="duplicates">
                    {rows.into_iter().map(|row| view! { <DuplicateChoice row choices_made /> }).collect_view()}
                </ul>
            })}
            {(staged < total).then(|| view! {
                <SelectField
                    label=if staged == 0 { "They start at stage" } else { "Those the file gives no stage start at" }
                    testid="import-stage" value=stage
                    options=choices(Stage::ALL) />
            })}
            {(staged > 0).then(|| view! {
                <p class="muted" data-testid="import-staged">{format!("{} at the stage the file gives.", counted(staged, "contact starts", "contacts start"))}</p>
            })}
            <div class="actions">
                <button type="button" class="primary" data-testid="import-add" on:click=add>"Add the contacts"</button>
                <button type="button" on:click=move |_| step.set(Step::Idle)>"Cancel"</button>
            </div>
        </div>
    }
}

/// One row that looks like a formula, with the tick that includes it.
#[component]
fn FormulaChoice(
    row: FormulaRow,
    /// The draft's name, to tell whose organization it is.
    name: String,
    included: RwSignal<std::collections::BTreeSet<usize>>,
) -> impl IntoView {
    let FormulaRow {
        imported,
        field,
        text,
    } = row;
    let toggle = move |ev: leptos::ev::Event| {
        let checked = event_target_checked(&ev);
        included.update(|included| {
            if checked {
                included.insert(imported);
            } else {
                included.remove(&imported);
            }
        });
    };
    view! {
        <li data-testid="formula-row">
            <label class="tick">
                <input type="checkbox" data-testid="formula-include" on:change=toggle />
                {match field {
                    FormulaField::Name => format!(
                        " \u{201c}{text}\u{201d} looks like a spreadsheet formula, not a name. Include it anyway"
                    ),
                    FormulaField::Organization => format!(
                        " {name}: the organization \u{201c}{text}\u{201d} looks like a spreadsheet formula. \
                         Include this row anyway"
                    ),
                }}
            </label>
        </li>
    }
}

/// One likely duplicate and what to do with it: skip, add anyway, or fill in the contact it
/// resembles.
#[component]
fn DuplicateChoice(
    row: DuplicateRow,
    choices_made: RwSignal<BTreeMap<usize, Choice>>,
) -> impl IntoView {
    let DuplicateRow {
        index,
        name,
        looks_like,
        existing,
    } = row;
    let (fill_into, fill_label) = match existing {
        Some((id, name)) => (
            Some(id),
            Some(format!("Add its details to {name}, already in your ledger")),
        ),
        None => (None, None),
    };
    let choose = move |ev: leptos::ev::Event| {
        let choice = match (event_target_value(&ev).as_str(), fill_into) {
            ("add", _) => Choice::AddAnyway,
            ("fill", Some(id)) => Choice::FillIn(id),
            _ => Choice::Skip,
        };
        choices_made.update(|made| {
            made.insert(index, choice);
        });
    };
    let chosen = move |key: &'static str| {
        move || choices_made.with(|made| made.get(&index).map(|choice| choice.key()) == Some(key))
    };
    view! {
        <li data-testid="duplicate">
            <label class="field">
                <span class="field-label">{format!("{name} looks like {looks_like}")}</span>
                <select data-testid="duplicate-choice" on:change=choose>
                    <option value="skip" selected=chosen("skip")>"Skip it"</option>
                    <option value="add" selected=chosen("add")>"Add it anyway"</option>
                    {fill_label.map(|label| view! {
                        <option value="fill" selected=chosen("fill")>{label}</option>
                    })}
                </select>
            </label>
        </li>
    }
}

/// Adds the plan in batches (showing progress between them) through the engine's
/// [`Importer`], then puts the result in place: every change or, on an error, none.
async fn add_all(
    state: crate::ui::state::AppState,
    plan: Vec<Planned>,
    stage: Stage,
    step: RwSignal<Step>,
) {
    // The ledger as the import began: what it changed is found against it at the end.
    let base = state.ledger.get_untracked();
    let mut importer = Importer::new(
        &base,
        plan,
        stage,
        browser::now().at,
        browser::new_contact_id,
    );
    loop {
        let (done, total) = importer.progress();
        step.set(Step::Adding { done, total });
        browser::yield_to_browser().await;
        match importer.step(BATCH) {
            Ok(true) => continue,
            Ok(false) => break,
            Err(error) => {
                step.set(Step::Idle);
                return state.notify(format!("Nothing was added: {error}"), None);
            }
        }
    }
    step.set(Step::Idle);
    let (imported_ledger, imported) = importer.finish();
    // Only the buckets of the contacts added or filled in are written, over what another
    // tab saved meanwhile.
    match state.put_imported(imported_ledger, &base) {
        Ok(_) => state.notify(imported.in_words(), None),
        Err(error) => state.notify(format!("Nothing was added: {error}"), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ContactKind, ContactProfile, Timestamp};

    const NOW: Timestamp = Timestamp::from_millis(1_795_305_600_000);

    fn ana() -> ContactProfile {
        let mut profile = ContactProfile::named("Ana Lima", ContactKind::Person);
        profile.channels.emails = vec!["ana@example.org".to_owned()];
        profile
    }

    #[test]
    fn a_draft_like_an_earlier_draft_and_a_contact_fills_in_that_contact() {
        let mut ledger = Ledger::new();
        let existing = ledger
            .add_contact(ContactId::new(NOW, 1), ana(), Stage::Connection, NOW)
            .expect("add");
        let draft = ImportedContact {
            profile: ana(),
            organization_name: String::new(),
            stage: None,
        };
        let drafts = vec![draft.clone(), draft];
        let duplicates = likely_duplicates(&ledger, &drafts);
        let rows = duplicate_rows(&ledger, &drafts, &duplicates);

        assert_eq!(rows.len(), 2, "one row per draft");
        let second = rows
            .iter()
            .find(|row| row.index == 1)
            .expect("second draft");
        assert_eq!(second.existing, Some((existing, "Ana Lima".to_owned())));
        assert!(second
            .looks_like
            .contains("Ana Lima (already in your ledger)"));
        assert!(second
            .looks_like
            .contains("Ana Lima (earlier in this file)"));
    }
}
