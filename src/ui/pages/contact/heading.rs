//! The head of a contact's page: who they are (name, role, outlet, stakeholder type), their
//! stage, and the buttons that edit or delete them.

use leptos::prelude::*;

use crate::domain::{ContactId, StakeholderType};
use crate::ui::components::StageBadge;
use crate::ui::element_ref::ElementRef;
use crate::ui::route::Route;
use crate::ui::state::{use_app_state, FocusRequest};

/// The contact's name, "Features editor at The Herald · Journalist", the stage, and Edit
/// and Delete (which only asks: [`DeleteQuestion`](super::delete::DeleteQuestion) deletes).
#[component]
pub fn ContactHeading(
    /// The contact shown.
    id: ContactId,
    /// Whether the edit form is open.
    editing: RwSignal<bool>,
    /// Whether the question before deleting is asked.
    confirming_delete: RwSignal<bool>,
    /// The Delete button, for the question to give the keyboard back to.
    delete_button: ElementRef,
) -> impl IntoView {
    let state = use_app_state();
    let heading = Memo::new(move |_| {
        state.ledger.with(|ledger| {
            ledger.contact(id).map(|contact| {
                let profile = &contact.profile;
                // "Features editor at The Herald · Journalist"; "Other" says nothing.
                let stakeholder = (profile.stakeholder != StakeholderType::Other)
                    .then(|| profile.stakeholder.label());
                let subtitle = (profile.role.clone(), stakeholder);
                let organization = profile
                    .organization
                    .and_then(|org| ledger.contact(org))
                    .map(|org| (org.id, org.profile.name.clone()));
                (
                    profile.name.clone(),
                    subtitle,
                    organization,
                    contact.stage(),
                )
            })
        })
    });
    move || {
        heading.get().map(|(name, subtitle, organization, stage)| view! {
            <div class="page-head">
                <div>
                    <h1 data-testid="contact-name">{name}</h1>
                    <p class="muted" data-testid="contact-subtitle">
                        {
                            let (role, stakeholder) = subtitle;
                            let at = if role.is_empty() { "" } else { " at " };
                            view! {
                                {role}
                                {organization.map(|(org_id, org_name)| view! {
                                    {at}<a href=Route::Contact(org_id).href()>{org_name}</a>
                                })}
                                {stakeholder.map(|label| format!(" · {label}"))}
                            }
                        }
                    </p>
                </div>
                <div class="actions">
                    <span data-testid="contact-stage"><StageBadge stage /></span>
                    <button type="button" data-testid="edit-contact" on:click=move |_| {
                        editing.set(true);
                        state.request_focus(FocusRequest::ContactName { reveal_form: false });
                    }>"Edit"</button>
                    <button type="button" class="danger" data-testid="delete-contact" node_ref=delete_button
                        on:click=move |_| confirming_delete.set(true)>
                        "Delete"
                    </button>
                </div>
            </div>
        })
    }
}
