use std::collections::{BTreeSet, HashMap};

use leptos::prelude::*;

use crate::domain::{ContactId, ContactKind, ContactProfile, Ledger, LedgerError, Stage};
use crate::formats::csv_import::{apply, preset_for, ColumnMapping, CsvTable, ProfileField};
use crate::formats::duplicates::{likely_duplicates, DuplicateOf, LikelyDuplicate};
use crate::formats::vcard::import_vcards;
use crate::formats::ImportedContact;
use crate::ui::browser;
use crate::ui::components::select_field::{choices, SelectField};
use crate::ui::state::use_app_state;

/// Contacts added between two yields to the browser, so a big import shows its progress.
const BATCH: usize = 250;

/// Where a contact import stands.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// Nothing chosen yet.
    Idle,
    /// A CSV file read: which column fills which field.
    Mapping(CsvTable),
    /// Drafts ready, with their likely duplicates.
    Review {
        drafts: Vec<ImportedContact>,
        duplicates: Vec<LikelyDuplicate>,
    },
    /// Adding, with how many are done.
    Adding { done: usize, total: usize },
}

/// Brings contacts in from a vCard (3.0 or 4.0) or CSV file (with a column-mapping step and
/// LinkedIn and Google Contacts presets), shows likely duplicates, then adds everything in
/// one go: all the contacts or, on any error, none.
#[component]
pub fn ContactImport() -> impl IntoView {
    let state = use_app_state();
    let step = RwSignal::new(Step::Idle);
    let error = RwSignal::new(None::<String>);
    let on_file = move |ev: leptos::ev::Event| {
        error.set(None);
        step.set(Step::Idle);
        let Some(file) = browser::chosen_file(&ev) else {
            return;
        };
        let is_csv = file.name().to_lowercase().ends_with(".csv") || file.type_() == "text/csv";
        leptos::task::spawn_local(async move {
            let Ok(text) = browser::read_text(&file).await else {
                return error.set(Some("The file could not be read.".to_owned()));
            };
            if is_csv {
                match CsvTable::parse(&text) {
                    Ok(table) => step.set(Step::Mapping(table)),
                    Err(refused) => error.set(Some(refused.to_string())),
                }
            } else {
                match import_vcards(&text) {
                    Ok(drafts) => step.set(review(state.ledger, drafts)),
                    Err(refused) => error.set(Some(refused.to_string())),
                }
            }
        });
    };
    view! {
        <section class="card" data-testid="contact-import">
            <h2>"Import contacts"</h2>
            <p>
                "From an address book (vCard .vcf, version 3.0 or 4.0) or a spreadsheet (.csv), "
                "such as LinkedIn's Connections.csv or a Google Contacts export. You check "
                "everything before anything is added."
            </p>
            <label class="field">
                <span class="field-label">"Choose a .vcf or .csv file"</span>
                <input type="file" accept=".vcf,.vcard,.csv,text/vcard,text/csv" data-testid="contacts-file" on:change=on_file />
            </label>
            {move || error.get().map(|message| view! {
                <p class="form-error" role="alert" data-testid="contacts-import-error">{message}</p>
            })}
            {move || match step.get() {
                Step::Idle => ().into_any(),
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

/// Drafts with their likely duplicates, ready to review.
fn review(ledger: RwSignal<Ledger>, drafts: Vec<ImportedContact>) -> Step {
    let duplicates = ledger.with_untracked(|ledger| likely_duplicates(ledger, &drafts));
    Step::Review { drafts, duplicates }
}

fn field_key(field: Option<ProfileField>) -> String {
    field
        .and_then(|field| ProfileField::ALL.iter().position(|known| *known == field))
        .map(|index| index.to_string())
        .unwrap_or_default()
}

fn field_from_key(key: &str) -> Option<ProfileField> {
    key.parse::<usize>()
        .ok()
        .and_then(|index| ProfileField::ALL.get(index).copied())
}

/// Which column fills which field, guessed from the headers and changeable.
#[component]
fn MappingStep(
    table: CsvTable,
    step: RwSignal<Step>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_app_state();
    let guessed = ColumnMapping::guess(&table.headers);
    let chosen: Vec<RwSignal<String>> = guessed
        .columns
        .iter()
        .map(|field| RwSignal::new(field_key(*field)))
        .collect();
    let options: Vec<(String, String)> = ProfileField::ALL
        .iter()
        .map(|&field| (field_key(Some(field)), field.label().to_owned()))
        .collect();
    let preset = preset_for(&table.headers);
    let rows = table.rows.len();
    let table = StoredValue::new(table);
    let signals = chosen.clone();
    let go_on = move |_| {
        let mapping = ColumnMapping {
            columns: signals
                .iter()
                .map(|signal| field_from_key(&signal.get_untracked()))
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
                        <label class="field">
                            <span class="field-label">{label}</span>
                            <MappingSelect value options=options.clone() />
                        </label>
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

/// The select of one column's field ("Leave out" first).
#[component]
fn MappingSelect(value: RwSignal<String>, options: Vec<(String, String)>) -> impl IntoView {
    view! {
        <select data-testid="mapping-field" on:change=move |ev| value.set(event_target_value(&ev))>
            <option value="" selected=move || value.get().is_empty()>"Leave out"</option>
            {options.into_iter().map(|(key, label)| {
                let option = key.clone();
                view! { <option value=key selected=move || value.get() == option>{label}</option> }
            }).collect_view()}
        </select>
    }
}

/// How many contacts will be added, the likely duplicates (skipped unless chosen), the first
/// stage, and the button that adds them.
#[component]
fn ReviewStep(
    drafts: Vec<ImportedContact>,
    duplicates: Vec<LikelyDuplicate>,
    step: RwSignal<Step>,
) -> impl IntoView {
    let state = use_app_state();
    let add_anyway = RwSignal::new(BTreeSet::<usize>::new());
    let stage = RwSignal::new(Stage::Connection.key().to_owned());
    let skipped_by_default: BTreeSet<usize> = duplicates.iter().map(|dup| dup.imported).collect();
    let total = drafts.len();
    let names: Vec<(usize, String, String)> = duplicates
        .iter()
        .map(|dup| {
            let draft = drafts
                .get(dup.imported)
                .map(|draft| draft.profile.name.clone())
                .unwrap_or_default();
            let other = match dup.of {
                DuplicateOf::Existing(id) => state.ledger.with_untracked(|ledger| {
                    ledger
                        .contact(id)
                        .map(|contact| format!("{} (already in your ledger)", contact.profile.name))
                        .unwrap_or_default()
                }),
                DuplicateOf::Imported(index) => drafts
                    .get(index)
                    .map(|draft| format!("{} (earlier in this file)", draft.profile.name))
                    .unwrap_or_default(),
            };
            (dup.imported, draft, other)
        })
        .collect();
    let drafts = StoredValue::new(drafts);
    let skipped = skipped_by_default.clone();
    let to_add = move || {
        total
            - skipped
                .iter()
                .filter(|index| !add_anyway.with(|set| set.contains(index)))
                .count()
    };
    let skipped_at_add = skipped_by_default;
    let add = move |_| {
        let chosen: Vec<ImportedContact> = drafts.with_value(|drafts| {
            drafts
                .iter()
                .enumerate()
                .filter(|(index, _)| {
                    !skipped_at_add.contains(index)
                        || add_anyway.with_untracked(|set| set.contains(index))
                })
                .map(|(_, draft)| draft.clone())
                .collect()
        });
        let first_stage = Stage::from_key(&stage.get_untracked()).unwrap_or(Stage::Connection);
        leptos::task::spawn_local(add_all(state, chosen, first_stage, step));
    };
    view! {
        <div data-testid="import-review">
            <p data-testid="import-count">{move || format!("{} of {total} contacts will be added.", to_add())}</p>
            {(!names.is_empty()).then(|| view! {
                <h3>"Likely duplicates (skipped unless you tick them)"</h3>
                <ul class="duplicates" data-testid="duplicates">
                    {names.into_iter().map(|(index, draft, other)| view! {
                        <li data-testid="duplicate">
                            <label>
                                <input type="checkbox" data-testid="add-anyway"
                                    on:change=move |ev| {
                                        let ticked = event_target_checked(&ev);
                                        add_anyway.update(|set| { if ticked { set.insert(index); } else { set.remove(&index); } });
                                    } />
                                {format!("Add {draft} anyway: looks like {other}")}
                            </label>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <SelectField label="They start at stage" testid="import-stage" value=stage
                options=choices(Stage::ALL, Stage::key, Stage::label) />
            <div class="actions">
                <button type="button" class="primary" data-testid="import-add" on:click=add>"Add the contacts"</button>
                <button type="button" on:click=move |_| step.set(Step::Idle)>"Cancel"</button>
            </div>
        </div>
    }
}

/// Adds the drafts to a copy of the ledger in batches (showing progress between them),
/// linking each person to the organization the file names (found by name, or created), then
/// puts the copy in place: every contact or, on an error, none.
async fn add_all(
    state: crate::ui::state::AppState,
    drafts: Vec<ImportedContact>,
    stage: Stage,
    step: RwSignal<Step>,
) {
    let total = drafts.len();
    let mut copy = state.ledger.get_untracked();
    let mut organizations: HashMap<String, ContactId> = copy
        .organizations()
        .into_iter()
        .map(|org| (org.profile.name.to_lowercase(), org.id))
        .collect();
    let mut added = 0;
    let mut outcome: Result<(), LedgerError> = Ok(());
    for (index, draft) in drafts.into_iter().enumerate() {
        if index % BATCH == 0 {
            step.set(Step::Adding { done: index, total });
            browser::yield_to_browser().await;
        }
        outcome = add_one(&mut copy, &mut organizations, draft, stage);
        if outcome.is_err() {
            break;
        }
        added += 1;
    }
    step.set(Step::Idle);
    match outcome {
        Ok(()) => {
            state.replace_ledger(copy);
            state.notify(format!("Added {added} contacts."), None);
        }
        Err(error) => state.notify(format!("Nothing was added: {error}"), None),
    }
}

/// Adds one draft; `organizations` maps lowercased organization names to their contacts
/// and learns the ones created here.
fn add_one(
    ledger: &mut Ledger,
    organizations: &mut HashMap<String, ContactId>,
    draft: ImportedContact,
    stage: Stage,
) -> Result<(), LedgerError> {
    let now = browser::now().at;
    let mut profile = draft.profile;
    let organization = draft.organization_name.trim();
    if profile.kind == ContactKind::Person && !organization.is_empty() {
        let key = organization.to_lowercase();
        let id = match organizations.get(&key) {
            Some(&id) => id,
            None => {
                let id = ledger.add_contact(
                    browser::new_contact_id(),
                    ContactProfile::named(organization, ContactKind::Organization),
                    stage,
                    now,
                )?;
                organizations.insert(key, id);
                id
            }
        };
        profile.organization = Some(id);
    }
    ledger
        .add_contact(browser::new_contact_id(), profile, stage, now)
        .map(|_| ())
}
