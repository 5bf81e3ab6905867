//! The form that adds a contact or edits one: who they are, how to reach them, the outlet
//! they work for, their stakeholder type, tags, interests and custom fields.
//!
//! Its parts: what it holds ([`draft`], plain values with the rules for saving them), the
//! inputs that hold it ([`fields`]), the look-alikes it warns of ([`duplicates`]) and the
//! question before throwing typed changes away ([`discard`]).

mod discard;
mod draft;
mod duplicates;
mod fields;
mod text_field;

use leptos::prelude::*;

use crate::domain::{ContactId, ContactProfile, OutletMatch, Stage, TypedOutlet};
use crate::ui::browser;
use crate::ui::components::alert::Alert;
use crate::ui::element_ref::ElementRef;
use crate::ui::route::Route;
use crate::ui::state::{use_app_state, FocusRequest};
use discard::Leaving;
use draft::ContactDraft;
use duplicates::duplicates_of;
use fields::{ContactFields, ContactInputs};

/// What the contact form hands back: the profile, for a new contact its first stage, and
/// the outlet as typed (the profile's organization is set from it when saving, see
/// [`Ledger::save_at_outlet`](crate::domain::Ledger::save_at_outlet)).
pub type ContactSubmission = (ContactProfile, Stage, TypedOutlet);

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
    // The outlet by name: the one the contact belongs to, as the ledger names it now.
    let kept_outlet = initial.organization;
    let outlet = state.ledger.with_untracked(|ledger| {
        kept_outlet
            .and_then(|id| ledger.contact(id))
            .map(|org| org.profile.name.clone())
            .unwrap_or_default()
    });
    let start = ContactDraft::from_contact(&initial, outlet, editing.is_some(), initial_stage);
    let fields = ContactFields::new(start.clone());
    // Every value as it started, to tell whether Escape would throw anything away.
    let started_with = StoredValue::new(start);
    let kept_emails = initial.channels.emails;
    let error = RwSignal::new(None::<String>);
    // A new contact that looks like one already in the ledger: who, and why. Saving the same
    // values again adds it all the same; it warns, never blocks.
    let duplicates = RwSignal::new(Vec::<(ContactId, String)>::new());
    let warned_for = RwSignal::new(None::<ContactProfile>);
    let name_field = ElementRef::new();
    // Whoever opened the form asks for its name field.
    state.answer_focus(name_field, FocusRequest::ContactName { reveal_form: false });
    let leaving = Leaving::new(name_field);
    let leave = move || {
        let unchanged = || started_with.with_value(|start| start.same_as(&fields.draft()));
        leaving.leave(unchanged, on_cancel);
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = fields.draft();
        let mut profile = match draft.to_profile(&kept_emails) {
            Ok(profile) => profile,
            Err(refused) => return error.set(Some(refused.to_string())),
        };
        let outlet = draft.outlet(kept_outlet, browser::new_contact_id());
        // What the outlet links to now, for the duplicate check; saving links it again (a
        // new name's organization is created then).
        profile.organization = match state
            .ledger
            .with_untracked(|ledger| ledger.outlet_match(&outlet))
        {
            OutletMatch::Existing(id) => Some(id),
            OutletMatch::None | OutletMatch::New => None,
        };
        if editing.is_none()
            && warned_for.with_untracked(|warned| warned.as_ref() != Some(&profile))
        {
            let found = state
                .ledger
                .with_untracked(|ledger| duplicates_of(ledger, &profile));
            if !found.is_empty() {
                duplicates.set(found);
                warned_for.set(Some(profile));
                return;
            }
        }
        error.set(on_submit.run((profile, draft.stage, outlet)).err());
    };
    let warned = move || duplicates.with(|found| !found.is_empty());

    view! {
        // Escape cancels, as in a dialog (the help lists it so), but never throws away
        // what was typed without asking.
        <form class="card contact-form" data-testid="contact-form" on:submit=submit novalidate
            on:input=move |_| leaving.typed()
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
            <ContactInputs fields name_field kept_outlet editing asks_stage=initial_stage.is_some() />
            <Show when=move || leaving.asking.get()>
                <Alert class="warning" testid="discard-warning">
                    <p>"Discard what you typed? Escape again discards it too."</p>
                    <div class="actions">
                        <button type="button" class="small" data-testid="keep-editing" node_ref=leaving.keep_button
                            on:click=move |_| leaving.keep_editing()>"Keep editing"</button>
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
