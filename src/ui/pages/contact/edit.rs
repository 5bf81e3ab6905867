//! The contact's profile edited in place, on their page.

use leptos::prelude::*;

use crate::domain::{Contact, ContactId, ContactProfile};
use crate::ui::components::{ContactForm, ContactSubmission};
use crate::ui::state::use_app_state;

/// The edit form while `editing`; saving writes only what the form changed, so an edit
/// saved meanwhile in another tab survives.
#[component]
pub fn EditContact(
    /// The contact edited.
    id: ContactId,
    /// The contact as the ledger has it now.
    contact: Memo<Option<Contact>>,
    /// Whether the form is open; saving or cancelling closes it.
    editing: RwSignal<bool>,
) -> impl IntoView {
    let state = use_app_state();
    // The profile the form opened with, the base the edit is measured against.
    let edit_base = StoredValue::new(None::<ContactProfile>);
    let on_submit = Callback::new(move |(edited, _, outlet): ContactSubmission| {
        let base = edit_base.get_value();
        // The edit and a new outlet's organization go in together, or neither does.
        state
            .apply(|ledger, now| {
                let stakeholder = edited.stakeholder;
                ledger.save_at_outlet(&outlet, stakeholder, now.at, |ledger, organization| {
                    let edited = ContactProfile {
                        organization,
                        ..edited
                    };
                    let profile = match (base, ledger.contact(id)) {
                        (Some(base), Some(current)) => edited.edits_over(&base, &current.profile),
                        _ => edited,
                    };
                    ledger.update_profile(id, profile, now.at)
                })
            })
            .map(|()| editing.set(false))
            .map_err(|error| error.to_string())
    });
    view! {
        <Show when=move || editing.get()>
            {move || contact.get_untracked().map(|found| {
                edit_base.set_value(Some(found.profile.clone()));
                view! {
                <ContactForm
                    editing=id
                    initial=found.profile
                    on_submit=on_submit
                    on_cancel=Callback::new(move |()| editing.set(false))
                />
                }
            })}
        </Show>
    }
}
