//! The contact form's inputs: the signals they bind, made from a [`ContactDraft`] and read
//! back into one, and the inputs laid out.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::draft::ContactDraft;
use super::text_field::TextField;
use crate::domain::{ContactId, ContactKind, FieldId, Stage, StakeholderType};
use crate::ui::choice_signal::{choices, ChoiceSignal, MaybeChoiceSignal};
use crate::ui::components::custom_field_inputs::CustomFieldInputs;
use crate::ui::components::outlet_field::OutletField;
use crate::ui::components::select_field::SelectField;
use crate::ui::element_ref::ElementRef;

/// One signal per input of the form, each holding what its input holds (see
/// [`ContactDraft`] for what each is).
#[derive(Clone, Copy)]
pub struct ContactFields {
    name: RwSignal<String>,
    kind: ChoiceSignal<ContactKind>,
    organization: RwSignal<String>,
    role: RwSignal<String>,
    stakeholder: MaybeChoiceSignal<StakeholderType>,
    stage: ChoiceSignal<Stage>,
    interests: RwSignal<String>,
    emails: RwSignal<String>,
    phones: RwSignal<String>,
    website: RwSignal<String>,
    social: RwSignal<String>,
    tags: RwSignal<String>,
    notes: RwSignal<String>,
    cadence: RwSignal<String>,
    custom_fields: RwSignal<BTreeMap<FieldId, String>>,
}

impl ContactFields {
    /// The inputs holding `draft`.
    pub fn new(draft: ContactDraft) -> Self {
        Self {
            name: RwSignal::new(draft.name),
            kind: ChoiceSignal::new(draft.kind),
            organization: RwSignal::new(draft.organization),
            role: RwSignal::new(draft.role),
            stakeholder: MaybeChoiceSignal::new(draft.stakeholder),
            stage: ChoiceSignal::new(draft.stage),
            interests: RwSignal::new(draft.interests),
            emails: RwSignal::new(draft.emails),
            phones: RwSignal::new(draft.phones),
            website: RwSignal::new(draft.website),
            social: RwSignal::new(draft.social),
            tags: RwSignal::new(draft.tags),
            notes: RwSignal::new(draft.notes),
            cadence: RwSignal::new(draft.cadence),
            custom_fields: RwSignal::new(draft.custom_fields),
        }
    }

    /// What the inputs hold now (untracked: read when the form is sent or left).
    pub fn draft(self) -> ContactDraft {
        ContactDraft {
            name: self.name.get_untracked(),
            kind: self.kind.get_untracked(),
            organization: self.organization.get_untracked(),
            role: self.role.get_untracked(),
            stakeholder: self.stakeholder.get_untracked(),
            stage: self.stage.get_untracked(),
            interests: self.interests.get_untracked(),
            emails: self.emails.get_untracked(),
            phones: self.phones.get_untracked(),
            website: self.website.get_untracked(),
            social: self.social.get_untracked(),
            tags: self.tags.get_untracked(),
            notes: self.notes.get_untracked(),
            cadence: self.cadence.get_untracked(),
            custom_fields: self.custom_fields.get_untracked(),
        }
    }
}

/// The form's inputs in order: who they are, their outlet (a person's only), the first
/// stage when asked, how to reach them, the custom fields and the notes.
#[component]
pub fn ContactInputs(
    /// What the inputs bind.
    fields: ContactFields,
    /// The name input, for the form to hand the keyboard to.
    name_field: ElementRef,
    /// The organization the form opened with.
    kept_outlet: Option<ContactId>,
    /// The contact edited, if not a new one.
    editing: Option<ContactId>,
    /// Whether the first stage is asked (only of a new contact).
    asks_stage: bool,
) -> impl IntoView {
    let ContactFields {
        name,
        kind,
        organization,
        role,
        stakeholder,
        stage,
        interests,
        emails,
        phones,
        website,
        social,
        tags,
        notes,
        cadence,
        custom_fields,
    } = fields;
    let is_person = move || kind.get() == ContactKind::Person;
    view! {
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
            {asks_stage.then(|| view! {
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
    }
}
