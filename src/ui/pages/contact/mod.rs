//! A contact's page, made for working: who they are and how to reach them, the next step,
//! the log form, promises and the newest of the timeline first; the coaching (playbook,
//! reciprocity, plan, quality, stage history) in sections that open on demand.

mod delete;
mod edit;
mod heading;
mod people;

use leptos::prelude::*;

use crate::domain::ContactId;
use crate::ui::components::{
    CoachingSection, ContactDetails, GuidedWalk, LogForm, NextStep, PlanCard, PlaybookPanel,
    Promises, QualityCard, ReciprocityCard, StageHistory, StageMover, Timeline,
};
use crate::ui::element_ref::ElementRef;
use crate::ui::state::use_app_state;
use delete::DeleteQuestion;
use edit::EditContact;
use heading::ContactHeading;
use people::People;

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
    let delete_button = ElementRef::new();
    let walking = RwSignal::new(state.walk_requested.get_untracked() == Some(id));
    if walking.get_untracked() {
        state.walk_requested.set(None);
    }
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

    view! {
        <section class="page contact-page">
            <p><a href="#/contacts" class="back">"← All contacts"</a></p>
            <ContactHeading id editing confirming_delete delete_button />
            <DeleteQuestion id confirming_delete delete_button />
            <EditContact id contact editing />
            <Show when=move || walking.get()>
                <GuidedWalk contact=id on_close=Callback::new(move |()| walking.set(false)) />
            </Show>
            // Who they are and how to reach them, the next step and the log form first;
            // the coaching below opens on demand.
            {move || contact.get().map(|found| view! { <ContactDetails contact=found /> })}
            <NextStep contact=id on_walk=Callback::new(move |()| walking.set(true)) />
            <LogForm contact=id />
            <Promises contact=id />
            <People id />
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
