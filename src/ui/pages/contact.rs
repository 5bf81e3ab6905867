//! A contact's page, made for working: who they are and how to reach them, the next step,
//! the log form, promises and the newest of the timeline first; the coaching (playbook,
//! reciprocity, plan, quality, stage history) in sections that open on demand.

use leptos::prelude::*;

use crate::domain::words::counted;
use crate::domain::{ContactId, ContactProfile, StakeholderType};
use crate::ui::components::{
    CoachingSection, ContactDetails, ContactForm, ContactSubmission, GuidedWalk, LogForm, NextStep,
    PlanCard, PlaybookPanel, Promises, QualityCard, ReciprocityCard, StageBadge, StageHistory,
    StageMover, Timeline,
};
use crate::ui::route::Route;
use crate::ui::state::{navigate, use_app_state, FocusRequest, Undo};

/// One contact: who they are, where the relationship stands, and its evidence.
#[component]
pub fn ContactPage(
    /// The contact shown.
    id: ContactId,
) -> impl IntoView {
    let state = use_app_state();
    let exists = Memo::new(move |_| state.ledger.with(|ledger| ledger.contact(id).is_some()));
    move || {
        if exists.get() {
            view! { <ContactView id /> }.into_any()
        } else {
            view! {
                <section class="card empty-state">
                    <h1>"Contact not found"</h1>
                    <p>"It may have been deleted. "<a href="#/contacts">"Back to your contacts"</a></p>
                </section>
            }
            .into_any()
        }
    }
}

/// The contact's page; every part follows the ledger, so local state (an open form, the
/// guided walk) survives edits.
#[component]
fn ContactView(id: ContactId) -> impl IntoView {
    let state = use_app_state();
    let contact = Memo::new(move |_| state.ledger.with(|ledger| ledger.contact(id).cloned()));
    let editing = RwSignal::new(false);
    let confirming_delete = RwSignal::new(false);
    let walking = RwSignal::new(state.walk_requested.get_untracked() == Some(id));
    if walking.get_untracked() {
        state.walk_requested.set(None);
    }
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
    // The playbook's line says how far the stage is, so it is worth opening or not.
    let playbook_title = Signal::derive(move || {
        state.ledger.with(|ledger| {
            crate::ui::components::report_for(ledger, id)
                .map(|report| {
                    let (met, total) = report.completion();
                    format!("{} playbook: {met} of {total} met", report.stage.label())
                })
                .unwrap_or_default()
        })
    });
    let members = Memo::new(move |_| {
        state.ledger.with(|ledger| {
            ledger
                .members_of(id)
                .into_iter()
                .map(|member| (member.id, member.profile.name.clone(), member.stage()))
                .collect::<Vec<_>>()
        })
    });

    // The profile the form opened with: saving writes only what the form changed, so an
    // edit saved meanwhile in another tab survives.
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
    let delete = move |_| match state.apply(|ledger, now| ledger.delete_contact(id, now.at)) {
        Ok(removed) => {
            let message = format!("Deleted {}.", removed.contact.profile.name);
            state.notify(message, Some(Undo::Restore(Box::new(removed))));
            navigate(Route::Contacts);
        }
        Err(error) => state.notify(error.to_string(), None),
    };
    let delete_button = NodeRef::<leptos::html::Button>::new();
    // "Keep it" or Escape: the question goes, the keyboard back on Delete.
    let keep_contact = move || {
        confirming_delete.set(false);
        if let Some(button) = delete_button.try_get_untracked().flatten() {
            let _ = button.focus();
        }
    };
    let impact = move || {
        state
            .ledger
            .with(|ledger| ledger.deletion_impact(id).unwrap_or_default())
    };

    view! {
        <section class="page contact-page">
            <p><a href="#/contacts" class="back">"← All contacts"</a></p>
            {move || heading.get().map(|(name, subtitle, organization, stage)| view! {
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
            })}
            <Show when=move || confirming_delete.get()>
                <div class="card confirm" role="alertdialog" aria-labelledby="confirm-delete-title"
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" {
                        ev.stop_propagation();
                        keep_contact();
                    }>
                    <p id="confirm-delete-title">
                        {move || {
                            let impact = impact();
                            format!(
                                "Delete this contact with its {} and {}{}? You can undo right after.",
                                counted(impact.interactions, "interaction", "interactions"),
                                counted(impact.promises, "promise", "promises"),
                                if impact.members > 0 { format!(", and unlink {} to it", counted(impact.members, "person who belongs", "people who belong")) } else { String::new() },
                            )
                        }}
                    </p>
                    <div class="actions">
                        {
                            // The keyboard goes to the question's answer, as in every other confirmation.
                            let confirm = NodeRef::<leptos::html::Button>::new();
                            confirm.on_load(|button| {
                                let _ = button.focus();
                            });
                            view! { <button type="button" class="danger" data-testid="confirm-delete" node_ref=confirm on:click=delete>"Delete"</button> }
                        }
                        <button type="button" on:click=move |_| keep_contact()>"Keep it"</button>
                    </div>
                </div>
            </Show>
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
            <Show when=move || walking.get()>
                <GuidedWalk contact=id on_close=Callback::new(move |()| walking.set(false)) />
            </Show>
            // Who they are and how to reach them, the next step and the log form first;
            // the coaching below opens on demand.
            {move || contact.get().map(|found| view! { <ContactDetails contact=found /> })}
            <NextStep contact=id on_walk=Callback::new(move |()| walking.set(true)) />
            <LogForm contact=id />
            <Promises contact=id />
            {move || {
                let people = members.get();
                (!people.is_empty()).then(|| view! {
                    <section class="card" aria-labelledby="people-title">
                        <h2 id="people-title">"People"</h2>
                        <ul class="contact-list">
                            {people.into_iter().map(|(member, name, stage)| view! {
                                <li><a class="contact-row" href=Route::Contact(member).href()>
                                    <span class="contact-name">{name}</span><StageBadge stage />
                                </a></li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            }}
            <Timeline contact=id />
            <CoachingSection key="playbook" title=playbook_title>
                <PlaybookPanel contact=id />
            </CoachingSection>
            <CoachingSection key="reciprocity" title="Reciprocity: give, ask and promises kept".to_owned()>
                <ReciprocityCard contact=id />
            </CoachingSection>
            <CoachingSection key="plan" title="Plan: purpose, agreement and partnership idea".to_owned()>
                <PlanCard contact=id />
            </CoachingSection>
            <CoachingSection key="quality" title="Relationship quality".to_owned()>
                <QualityCard contact=id />
            </CoachingSection>
            <CoachingSection key="history" title="Stage: move and history".to_owned()>
                {move || contact.get().map(|found| view! { <StageMover id current=found.stage() /> })}
                {move || contact.get().map(|found| view! { <StageHistory contact=found /> })}
            </CoachingSection>
        </section>
    }
}
