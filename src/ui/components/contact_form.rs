//! The form that adds a contact or edits one: who they are, how to reach them, the outlet
//! they work for, their stakeholder type, tags, interests and custom fields.

use leptos::prelude::*;

use crate::domain::{
    Channels, ContactId, ContactKind, ContactProfile, LedgerError, OutletMatch, Stage,
    StakeholderType, TypedOutlet,
};
use crate::formats::duplicates::{likely_duplicates_of, DuplicateReason};
use crate::ui::browser;
use crate::ui::choice_signal::{choices, ChoiceSignal, MaybeChoiceSignal};
use crate::ui::components::alert::Alert;
use crate::ui::components::custom_field_inputs::CustomFieldInputs;
use crate::ui::components::outlet_field::OutletField;
use crate::ui::components::select_field::SelectField;
use crate::ui::form::{join_list, parse_cadence, parse_emails, split_list};
use crate::ui::route::Route;
use crate::ui::state::{use_app_state, FocusRef, FocusRequest};

/// What the contact form hands back: the profile, for a new contact its first stage, and
/// the outlet as typed (the profile's organization is set from it when saving, see
/// [`Ledger::save_at_outlet`](crate::domain::Ledger::save_at_outlet)).
pub type ContactSubmission = (ContactProfile, Stage, TypedOutlet);

/// One editable text field of the form.
#[component]
fn TextField(
    /// The visible label (also the accessible name).
    label: &'static str,
    /// The `data-testid` of the input.
    testid: &'static str,
    /// The field's text.
    value: RwSignal<String>,
    /// A hint shown under the label.
    #[prop(optional)]
    hint: &'static str,
    /// A multi-line text area instead of a one-line input.
    #[prop(optional)]
    multiline: bool,
    /// The input type (`text`, `email`, `url`, `number`).
    #[prop(default = "text")]
    kind: &'static str,
    /// The one-line input, for the form to hand the keyboard to.
    #[prop(optional)]
    node: FocusRef,
) -> impl IntoView {
    let input = if multiline {
        view! { <textarea data-testid=testid rows="3" bind:value=value></textarea> }.into_any()
    } else {
        view! { <input type=kind data-testid=testid bind:value=value node_ref=node /> }.into_any()
    };
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            {(!hint.is_empty()).then(|| view! { <span class="field-hint">{hint}</span> })}
            {input}
        </label>
    }
}

/// The form to add or edit a contact.
#[component]
pub fn ContactForm(
    /// The contact edited, or `None` when adding one.
    #[prop(optional)]
    editing: Option<ContactId>,
    /// The values the form starts with.
    initial: ContactProfile,
    /// The first stage, asked only when adding.
    #[prop(optional)]
    initial_stage: Option<Stage>,
    /// Called with the entered values; an error message keeps the form open and shows it.
    on_submit: Callback<ContactSubmission, Result<(), String>>,
    /// Called when the person gives up.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let state = use_app_state();
    let name = RwSignal::new(initial.name.clone());
    let kind = ChoiceSignal::new(initial.kind);
    // The outlet by name: the one the contact belongs to, as the ledger names it now.
    let kept_outlet = initial.organization;
    let organization = RwSignal::new(state.ledger.with_untracked(|ledger| {
        kept_outlet
            .and_then(|id| ledger.contact(id))
            .map(|org| org.profile.name.clone())
            .unwrap_or_default()
    }));
    let role = RwSignal::new(initial.role.clone());
    // Asked of a new contact, never assumed: "Other" is a choice like the rest.
    let stakeholder = MaybeChoiceSignal::new(editing.is_some().then_some(initial.stakeholder));
    let stage = ChoiceSignal::new(initial_stage.unwrap_or(Stage::Target));
    let interests = RwSignal::new(join_list(&initial.interests));
    let emails = RwSignal::new(join_list(&initial.channels.emails));
    let kept_emails = initial.channels.emails.clone();
    let phones = RwSignal::new(join_list(&initial.channels.phones));
    let website = RwSignal::new(initial.channels.website.clone());
    let social = RwSignal::new(join_list(&initial.channels.social));
    let tags = RwSignal::new(join_list(&initial.tags));
    let notes = RwSignal::new(initial.notes.clone());
    let cadence = RwSignal::new(
        initial
            .cadence_days
            .map(|days| days.to_string())
            .unwrap_or_default(),
    );
    let custom_fields = RwSignal::new(initial.custom_fields.clone());
    let error = RwSignal::new(None::<String>);
    // A new contact that looks like one already in the ledger: who, and why. Saving the same
    // values again adds it all the same; it warns, never blocks.
    let duplicates = RwSignal::new(Vec::<(ContactId, String)>::new());
    let warned_for = RwSignal::new(None::<ContactProfile>);
    // Every value as typed, to tell whether Escape would throw anything away.
    let typed = move || {
        (
            [
                name,
                organization,
                role,
                interests,
                emails,
                phones,
                website,
                social,
                tags,
                notes,
                cadence,
            ]
            .map(|field| field.get_untracked()),
            (
                kind.get_untracked(),
                stakeholder.get_untracked(),
                stage.get_untracked(),
            ),
            // A custom field typed into and cleared again is no change.
            custom_fields.with_untracked(|values| {
                values
                    .iter()
                    .filter(|(_, value)| !value.trim().is_empty())
                    .map(|(field, value)| (*field, value.clone()))
                    .collect::<Vec<_>>()
            }),
        )
    };
    let started_with = StoredValue::new(typed());
    // Escape or Cancel over typed changes asks first; asked again (or Discard), they go.
    // Typing on hides the question, so a later Escape asks again.
    let asking_to_discard = RwSignal::new(false);
    // The field the keyboard was in when the question came, for Keep editing.
    let typing_in = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let name_field = FocusRef::new();
    // Whoever opened the form asks for its name field.
    state.answer_focus(name_field, FocusRequest::ContactName { reveal_form: false });
    // The question to discard brings itself into view: the keyboard goes to its answer
    // without scrolling.
    let keep_button = FocusRef::new();
    state.answer_focus(keep_button, FocusRequest::KeepEditing);
    let leave = move || {
        if asking_to_discard.get_untracked() || started_with.with_value(|start| *start == typed()) {
            on_cancel.run(());
        } else {
            typing_in.set_value(browser::focused_field());
            asking_to_discard.set(true);
            state.request_focus(FocusRequest::KeepEditing);
        }
    };
    let keep_editing = move || {
        asking_to_discard.set(false);
        let field = typing_in
            .get_value()
            .filter(|field| field.is_connected())
            .or_else(|| name_field.get_untracked());
        if let Some(field) = field {
            browser::focus_element(&field);
        }
    };

    let is_person = move || kind.get() == ContactKind::Person;

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let cadence_days = match parse_cadence(&cadence.get_untracked()) {
            Ok(days) => days,
            Err(message) => return error.set(Some(message)),
        };
        let emails = match parse_emails(&emails.get_untracked(), &kept_emails) {
            Ok(emails) => emails,
            Err(message) => return error.set(Some(message)),
        };
        // The name first: a form left blank is told what it needs most.
        if name.with_untracked(|name| name.trim().is_empty()) {
            return error.set(Some(LedgerError::EmptyName.to_string()));
        }
        let Some(stakeholder) = stakeholder.get_untracked() else {
            return error.set(Some(
                "Choose the stakeholder type: journalist, customer, partner and so on (Other \
                 when none fits)."
                    .to_owned(),
            ));
        };
        let kind = kind.get_untracked();
        // Only a person works at an outlet.
        let outlet = TypedOutlet {
            name: match kind {
                ContactKind::Person => organization.get_untracked(),
                ContactKind::Organization => String::new(),
            },
            kept: kept_outlet,
            new_id: browser::new_contact_id(),
        };
        let profile = ContactProfile {
            name: name.get_untracked(),
            kind,
            // What the outlet links to now, for the duplicate check; saving links it again
            // (a new name's organization is created then).
            organization: match state
                .ledger
                .with_untracked(|ledger| ledger.outlet_match(&outlet))
            {
                OutletMatch::Existing(id) => Some(id),
                OutletMatch::None | OutletMatch::New => None,
            },
            role: role.get_untracked(),
            stakeholder,
            interests: split_list(&interests.get_untracked()),
            channels: Channels {
                emails,
                phones: split_list(&phones.get_untracked()),
                website: website.get_untracked(),
                social: split_list(&social.get_untracked()),
            },
            tags: split_list(&tags.get_untracked()),
            notes: notes.get_untracked(),
            cadence_days,
            custom_fields: custom_fields.get_untracked(),
        };
        if editing.is_none()
            && warned_for.with_untracked(|warned| warned.as_ref() != Some(&profile))
        {
            let found = state.ledger.with_untracked(|ledger| {
                likely_duplicates_of(ledger, &profile)
                    .into_iter()
                    .filter_map(|(id, reason)| {
                        let name = ledger.contact(id)?.profile.name.clone();
                        Some((id, format!("{name} ({})", reason_words(&reason))))
                    })
                    .collect::<Vec<_>>()
            });
            if !found.is_empty() {
                duplicates.set(found);
                warned_for.set(Some(profile));
                return;
            }
        }
        let first_stage = stage.get_untracked();
        error.set(on_submit.run((profile, first_stage, outlet)).err());
    };
    let warned = move || duplicates.with(|found| !found.is_empty());

    view! {
        // Escape cancels, as in a dialog (the help lists it so), but never throws away
        // what was typed without asking.
        <form class="card contact-form" data-testid="contact-form" on:submit=submit novalidate
            on:input=move |_| asking_to_discard.set(false)
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" && !ev.is_composing() {
                    ev.prevent_default();
                    leave();
                }
            }>
            <h2>{if editing.is_some() { "Edit contact" } else { "New contact" }}</h2>
            {move || error.get().map(|message| view! {
                <Alert class="form-error" testid="form-error">{message}</Alert>
            })}
            <Show when=warned>
                <div class="warning" role="alert" data-testid="duplicate-warning">
                    <p>"Already in your ledger? Open the contact instead, or save again to add a new one anyway:"</p>
                    <ul>
                        {move || duplicates.get().into_iter().map(|(id, line)| view! {
                            <li><a href=Route::Contact(id).href()>{line}</a></li>
                        }).collect_view()}
                    </ul>
                </div>
            </Show>
            <div class="form-grid">
                <TextField label="Name" testid="field-name" value=name node=name_field />
                <SelectField label="Kind" testid="field-kind" value=kind
                    options=choices(ContactKind::ALL) />
                <SelectField label="Stakeholder type" testid="field-stakeholder" value=stakeholder.with_blank("Choose a type")
                    options=choices(StakeholderType::ALL) />
                <Show when=is_person>
                    <OutletField value=organization kept=kept_outlet editing />
                </Show>
                <TextField label="Role" testid="field-role" value=role />
                {initial_stage.is_some().then(|| view! {
                    <SelectField label="Stage" testid="field-stage" value=stage
                        options=choices(Stage::ALL) />
                })}
                <TextField label="Interests / beat" testid="field-interests" value=interests
                    hint="Separate with commas" />
                <TextField label="Email" testid="field-emails" value=emails hint="Separate with commas" />
                <TextField label="Phone" testid="field-phones" value=phones hint="Separate with commas" />
                <TextField label="Website" testid="field-website" value=website kind="url" />
                <TextField label="Social handles" testid="field-social" value=social hint="Separate with commas" />
                <TextField label="Tags" testid="field-tags" value=tags hint="Separate with commas" />
                <TextField label="Keep in touch every (days)" testid="field-cadence" value=cadence
                    kind="number" hint="Blank uses the tag's or the stage's default" />
            </div>
            <CustomFieldInputs values=custom_fields />
            <TextField label="Notes and research" testid="field-notes" value=notes multiline=true />
            <Show when=move || asking_to_discard.get()>
                <Alert class="warning" testid="discard-warning">
                    <p>"Discard what you typed? Escape again discards it too."</p>
                    <div class="actions">
                        <button type="button" class="small" data-testid="keep-editing" node_ref=keep_button
                            on:click=move |_| keep_editing()>"Keep editing"</button>
                        <button type="button" class="small" data-testid="discard-contact"
                            on:click=move |_| on_cancel.run(())>"Discard"</button>
                    </div>
                </Alert>
            </Show>
            <div class="actions">
                <button type="submit" class="primary" data-testid="save-contact">
                    {move || if warned() { "Save as a new contact" } else { "Save contact" }}
                </button>
                <button type="button" data-testid="cancel-contact" on:click=move |_| leave()>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}

/// Why a new contact looks like an existing one, in a few words.
fn reason_words(reason: &DuplicateReason) -> String {
    match reason {
        DuplicateReason::SameEmail(email) => format!("same email, {email}"),
        DuplicateReason::SameNameAndOrganization => "same name and organization".to_owned(),
        DuplicateReason::SameNameOnly => "same name".to_owned(),
    }
}
