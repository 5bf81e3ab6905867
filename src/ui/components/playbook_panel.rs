//! The playbook for a contact's stage: its prompts met or not with the evidence, the next
//! best action and the move the evidence supports.

use leptos::prelude::*;

use crate::domain::evidence::Evidence;
use crate::domain::playbook::{assess, Check, StageReport};
use crate::domain::ContactId;
use crate::ui::browser;
use crate::ui::components::{Explain, Term};
use crate::ui::element_ref::ElementRef;
use crate::ui::state::{use_app_state, FocusRequest};

/// Assesses a contact now; `None` once the contact is gone.
pub fn report_for(ledger: &crate::domain::Ledger, id: ContactId) -> Option<StageReport> {
    Evidence::gather(ledger, id, browser::now()).map(|evidence| assess(&evidence))
}

/// The stage's prompts, met or not and why, with the stage's completion and phase. The
/// next best action and the proposed move are the page's [`NextStep`](super::NextStep).
#[component]
pub fn PlaybookPanel(
    /// Whose playbook.
    contact: ContactId,
) -> impl IntoView {
    let state = use_app_state();
    let report = Memo::new(move |_| state.ledger.with(|ledger| report_for(ledger, contact)));
    // The walk's way out to the playbook lands here.
    let panel = ElementRef::new();
    state.answer_focus(panel, FocusRequest::Playbook);
    let tick = move |key: &'static str, ticked: bool| {
        if let Err(error) = state.apply(|ledger, now| ledger.set_tick(contact, key, ticked, now.at))
        {
            state.notify_refusal(&error);
        }
    };
    move || {
        report.get().map(|report| {
            let (met, total) = report.completion();
            let phase = report.phase.map(|phase| view! {
                " · phase: "{phase.label()}" "<Term key="phase" />
            });
            let stage = report.stage;
            view! {
                <section class="card playbook" aria-labelledby="playbook-title" data-testid="playbook" node_ref=panel>
                    <div class="heading-with-term">
                        <h2 id="playbook-title">{format!("{} playbook", stage.label())}</h2>
                        <Explain name=format!("the {} stage", stage.label().to_lowercase())
                            meaning=crate::domain::glossary::stage_meaning(stage) testid="term-stage" />
                    </div>
                    <p class="muted" data-testid="playbook-completion">
                        {format!("{met} of {total} met · {} in this stage", crate::domain::words::days(report.days_in_stage))}
                        {phase}
                    </p>
                    <progress max=total value=met aria-label="Stage completion"></progress>
                    <ul class="prompt-list">
                        {report.prompts.into_iter().map(|state_of| {
                            let prompt = state_of.prompt;
                            let met = state_of.verdict.met;
                            let tickable = matches!(prompt.check, Check::Tick);
                            view! {
                                <li class="prompt" class:met=met data-testid="prompt" data-prompt=prompt.key data-met=met.to_string()>
                                    <span class="prompt-mark" aria-hidden="true">{if met { "✓" } else { "○" }}</span>
                                    <div>
                                        <strong>{prompt.text}</strong>
                                        <span class="visually-hidden">{if met { " (met)" } else { " (not met yet)" }}</span>
                                        <p class="muted">{state_of.verdict.because}</p>
                                        <p class="why">
                                            {prompt.why}
                                            {(prompt.key == "relationship.mutuality").then(|| view! { " "<Term key="control-mutuality" /> })}
                                        </p>
                                        {tickable.then(|| view! {
                                            <label class="tick">
                                                <input type="checkbox" prop:checked=met
                                                    on:change=move |ev| tick(prompt.key, event_target_checked(&ev)) />
                                                " Done"
                                            </label>
                                        })}
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}
