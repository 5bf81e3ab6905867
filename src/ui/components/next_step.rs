//! The next step with a contact, first on its page: the next best action and what met or
//! would meet it, the move the evidence supports (with that evidence) or why it waits, and
//! the guided walk. The full playbook is a section below that opens on demand.

use leptos::prelude::*;

use crate::domain::evidence::Evidence;
use crate::domain::move_grounds::move_grounds;
use crate::domain::playbook::assess;
use crate::domain::ContactId;
use crate::ui::browser;
use crate::ui::state::use_app_state;

/// What the card shows, detached from the ledger.
#[derive(Clone, Debug, PartialEq)]
struct Step {
    /// The most useful unmet prompt, and what the evidence says about it.
    next: Option<(&'static str, String)>,
    /// The move proposed, with the evidence's summary and lines.
    proposed: Option<(crate::domain::Stage, String, Vec<String>)>,
    /// Why the move waits on the balance of give and ask.
    held_back: Option<String>,
}

/// The next best action, the proposed move and the way into the guided walk.
#[component]
pub fn NextStep(
    /// Whose next step.
    contact: ContactId,
    /// Opens the guided walk.
    on_walk: Callback<()>,
) -> impl IntoView {
    let state = use_app_state();
    let step = Memo::new(move |_| {
        state.ledger.with(|ledger| {
            let evidence = Evidence::gather(ledger, contact, browser::now())?;
            let report = assess(&evidence);
            let next = report.next_action.map(|prompt| {
                let because = report
                    .prompts
                    .iter()
                    .find(|state| state.prompt == prompt)
                    .map(|state| state.verdict.because.clone())
                    .unwrap_or_default();
                (prompt.text, because)
            });
            let proposed = report.proposed_move.map(|stage| {
                let grounds = move_grounds(&evidence);
                (stage, grounds.summary, grounds.evidence)
            });
            Some(Step {
                next,
                proposed,
                held_back: report.held_back,
            })
        })
    });
    let accept_move = move |_| {
        let next = step.with_untracked(|step| {
            step.as_ref()
                .and_then(|step| step.proposed.as_ref().map(|(stage, ..)| *stage))
        });
        if let Some(next) = next {
            state.accept_proposed_move(contact, next);
        }
    };
    move || {
        step.get().map(|step| view! {
            <section class="card next-step" aria-labelledby="next-step-title" data-testid="next-step">
                <div class="page-head">
                    <h2 id="next-step-title">"Next step"</h2>
                    <button type="button" class="primary" data-testid="start-walk" on:click=move |_| on_walk.run(())>
                        "Work on this relationship"
                    </button>
                </div>
                {step.next.map(|(text, because)| view! {
                    <p class="next-action" data-testid="next-action">
                        <strong>"Next best action: "</strong>{text}
                        {(!because.is_empty()).then(|| view! { <span class="muted">" "{because}</span> })}
                    </p>
                })}
                {step.proposed.map(|(stage, summary, evidence)| view! {
                    <div class="proposal" role="status" data-testid="proposed-move">
                        <p>{format!("{summary}: the evidence supports moving to {}. You decide.", stage.label())}</p>
                        <details class="move-evidence">
                            <summary>"The evidence"</summary>
                            <ul>{evidence.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                        </details>
                        <button type="button" class="primary" data-testid="accept-move" on:click=accept_move>
                            {format!("Move to {}", stage.label())}
                        </button>
                    </div>
                })}
                {step.held_back.map(|why| view! {
                    <p class="proposal muted" role="status" data-testid="move-held-back">{why}</p>
                })}
            </section>
        })
    }
}
