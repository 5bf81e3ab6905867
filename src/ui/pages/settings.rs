//! The ledger's own settings: custom fields and keep-in-touch cadences per tag.

use leptos::prelude::*;

use crate::domain::evidence::default_cadence_days;
use crate::domain::search::all_tags;
use crate::domain::settings::tag_key;
use crate::domain::words::counted;
use crate::domain::{FieldDefinition, FieldKind, Stage};
use crate::sorting::set_of;
use crate::ui::browser;
use crate::ui::choice_signal::{choices, ChoiceSignal};
use crate::ui::components::select_field::SelectField;
use crate::ui::components::{ConfirmDelete, FormError};
use crate::ui::form::{join_list, parse_cadence, split_list};
use crate::ui::state::use_app_state;

/// The ledger's own settings: custom fields and keep-in-touch cadences per tag.
#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Settings"</h1>
            </div>
            <CustomFields />
            <TagCadences />
        </section>
    }
}

/// The custom fields: defined once, shown on every contact's form.
#[component]
fn CustomFields() -> impl IntoView {
    let state = use_app_state();
    let fields = Memo::new(move |_| state.ledger.with(|ledger| ledger.settings().fields.clone()));
    let label = RwSignal::new(String::new());
    let kind = ChoiceSignal::new(FieldKind::Text);
    let options = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind = kind.get_untracked();
        let typed = label.get_untracked();
        let outcome = state.apply(|ledger, _| {
            ledger.define_field(
                browser::new_field_id(),
                &typed,
                kind,
                split_list(&options.get_untracked()),
            )
        });
        match outcome {
            Ok(_) => {
                error.set(None);
                label.set(String::new());
                options.set(String::new());
                state.notify(
                    format!(
                        "Added the field \u{201c}{}\u{201d} to every contact.",
                        typed.trim()
                    ),
                    None,
                );
            }
            Err(refused) => error.set(Some(refused.to_string())),
        }
    };
    view! {
        <section class="card" data-testid="custom-fields">
            <h2>"Custom fields"</h2>
            <p class="muted">
                "Fields you define here appear on every contact's form, are found by search, and go into the JSON export and the contacts CSV (a column each)."
            </p>
            <Show
                when=move || !fields.with(Vec::is_empty)
                fallback=|| view! { <p data-testid="no-fields">"No custom fields yet: add one below, such as \u{201c}Circulation\u{201d} or \u{201c}Preferred pitch day\u{201d}."</p> }
            >
                <ul class="field-list">
                    <For each=move || fields.get() key=|field| (field.id, field.label.clone(), field.choices.clone()) let:field>
                        <FieldRow field />
                    </For>
                </ul>
            </Show>
            <form class="add-field" on:submit=add>
                <h3>"Add a field"</h3>
                <FormError error testid="field-error" />
                <div class="form-grid">
                    <label class="field">
                        <span class="field-label">"Name"</span>
                        <input type="text" data-testid="new-field-label" bind:value=label />
                    </label>
                    <SelectField label="Holds" testid="new-field-kind" value=kind
                        options=choices(FieldKind::ALL) />
                    <Show when=move || kind.get() == FieldKind::Choice>
                        <label class="field">
                            <span class="field-label">"Choices"</span>
                            <span class="field-hint">"Separate with commas"</span>
                            <input type="text" data-testid="new-field-choices" bind:value=options />
                        </label>
                    </Show>
                </div>
                <div class="actions">
                    <button type="submit" class="primary" data-testid="add-field">"Add field"</button>
                </div>
            </form>
        </section>
    }
}

/// One custom field, with renaming, its choices, and deletion after a confirmation that
/// says how many values go with it.
#[component]
fn FieldRow(field: FieldDefinition) -> impl IntoView {
    let state = use_app_state();
    let id = field.id;
    let editing = RwSignal::new(false);
    let label = RwSignal::new(field.label.clone());
    let options = RwSignal::new(join_list(&field.choices));
    let error = RwSignal::new(None::<String>);
    let usage = Memo::new(move |_| state.ledger.with(|ledger| ledger.field_usage(id)));
    let is_choice = field.kind == FieldKind::Choice;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let outcome = state.apply(|ledger, _| {
            ledger.update_field(
                id,
                &label.get_untracked(),
                split_list(&options.get_untracked()),
            )
        });
        match outcome {
            Ok(()) => {
                error.set(None);
                editing.set(false);
            }
            Err(refused) => error.set(Some(refused.to_string())),
        }
    };
    let name = StoredValue::new(field.label.clone());
    let delete = move |_| {
        if let Ok(cleared) = state.apply(|ledger, now| ledger.delete_field(id, now.at)) {
            state.notify(
                format!(
                    "Deleted the field \u{201c}{}\u{201d} and its {}.",
                    name.get_value(),
                    counted(cleared, "value", "values")
                ),
                None,
            );
        }
    };
    let summary = StoredValue::new({
        let mut text = field.kind.label().to_owned();
        if is_choice {
            text.push_str(": ");
            text.push_str(&field.choices.join(", "));
        }
        text
    });
    view! {
        <li class="field-row" data-testid="field-row">
            <Show
                when=move || editing.get()
                fallback=move || view! {
                    <div class="field-summary">
                        <strong>{label.get_untracked()}</strong>
                        <span class="muted">{summary.get_value()}</span>
                        <span class="muted" data-testid="field-usage">
                            {move || format!("filled in for {}", counted(usage.get(), "contact", "contacts"))}
                        </span>
                    </div>
                    <div class="actions">
                        <button type="button" class="small" data-testid="edit-field" on:click=move |_| editing.set(true)>
                            "Edit"
                        </button>
                        <ConfirmDelete
                            label=format!("Delete the field {}", label.get_untracked())
                            question=Signal::derive(move || {
                                format!("Delete it and its {}?", counted(usage.get(), "value", "values"))
                            })
                            testid="delete-field"
                            first_class="small danger"
                            confirm_testid="confirm-delete-field"
                            on_confirm=Callback::new(delete)
                        />
                    </div>
                }
            >
                <form class="edit-field" on:submit=save>
                    <FormError error testid="field-error" />
                    <label class="field">
                        <span class="field-label">"Name"</span>
                        <input type="text" data-testid="edit-field-label" bind:value=label />
                    </label>
                    {is_choice.then(|| view! {
                        <label class="field">
                            <span class="field-label">"Choices"</span>
                            <span class="field-hint">"Separate with commas"</span>
                            <input type="text" data-testid="edit-field-choices" bind:value=options />
                        </label>
                    })}
                    <div class="actions">
                        <button type="submit" class="primary small" data-testid="save-field">"Save"</button>
                        <button type="button" class="small" on:click=move |_| editing.set(false)>"Cancel"</button>
                    </div>
                </form>
            </Show>
        </li>
    }
}

/// Keep-in-touch cadences per tag: every tag in use, with the cadence set for it.
#[component]
fn TagCadences() -> impl IntoView {
    let state = use_app_state();
    let tags = Memo::new(move |_| {
        state.ledger.with(|ledger| {
            let mut tags = all_tags(ledger);
            let known = set_of(tags.iter().map(|tag| tag_key(tag)));
            tags.extend(
                ledger
                    .settings()
                    .tag_cadences
                    .keys()
                    .filter(|tag| !known.contains(&tag_key(tag)))
                    .cloned(),
            );
            tags
        })
    });
    let defaults = [Stage::Connection, Stage::Relationship, Stage::Partnership]
        .into_iter()
        .filter_map(|stage| {
            default_cadence_days(stage).map(|days| format!("{} {days}", stage.label()))
        })
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <section class="card" data-testid="tag-cadences">
            <h2>"Keep in touch, by tag"</h2>
            <p class="muted">
                "A contact's own cadence wins; otherwise the shortest cadence of its tags applies; otherwise its stage's default ("
                {defaults}" days; none for a target, nor for an organization whose people are in the ledger). "
                "Leave a tag blank to use the default. Today lists whoever has gone quiet for longer."
            </p>
            <Show
                when=move || !tags.with(Vec::is_empty)
                fallback=|| view! { <p>"No tags yet: tag contacts (\u{201c}tech press\u{201d}, \u{201c}Berlin\u{201d}) and set how often to keep in touch with each group here."</p> }
            >
                <ul class="cadence-list">
                    <For each=move || tags.get() key=|tag| tag.clone() let:tag>
                        <TagCadenceRow tag />
                    </For>
                </ul>
            </Show>
        </section>
    }
}

/// The cadence of one tag, set or cleared in place.
#[component]
fn TagCadenceRow(tag: String) -> impl IntoView {
    let state = use_app_state();
    let current = state
        .ledger
        .with_untracked(|ledger| ledger.settings().tag_cadence(&tag));
    let days = RwSignal::new(current.map(|days| days.to_string()).unwrap_or_default());
    let input_label = format!("Days between contacts for {tag}");
    let name = tag.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let outcome = parse_cadence(&days.get_untracked()).and_then(|chosen| {
            state
                .apply(|ledger, _| ledger.set_tag_cadence(&name, chosen))
                .map(|()| chosen)
                .map_err(|error| error.to_string())
        });
        match outcome {
            Ok(Some(chosen)) => state.notify(
                format!("Keep in touch with \u{201c}{name}\u{201d} every {chosen} days."),
                None,
            ),
            Ok(None) => state.notify(
                format!("\u{201c}{name}\u{201d} uses the stage defaults."),
                None,
            ),
            Err(message) => state.notify(message, None),
        }
    };
    view! {
        <li>
            <form class="cadence-row" data-testid="tag-cadence" on:submit=save>
                <span class="tag-name">{tag.clone()}</span>
                <input type="number" min="1" max="3650" inputmode="numeric" placeholder="default"
                    aria-label=input_label data-testid="tag-cadence-days" bind:value=days />
                <button type="submit" class="small" data-testid="set-tag-cadence">"Set"</button>
            </form>
        </li>
    }
}
