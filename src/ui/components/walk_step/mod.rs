//! The part of the guided walk that meets one prompt right there: a widget per kind of
//! [`Action`], each holding its own typed state (what happened and who started it; a plan's
//! text; interests and research notes; a promise and its due date).

mod log;
mod plan;
mod promise;
mod research;

use leptos::prelude::*;

use crate::domain::playbook::{Action, Prompt};
use crate::domain::{ContactId, LedgerError};
use crate::ui::components::guided_walk::focus_first;
use crate::ui::components::{FormError, QualityCard};
use crate::ui::element_ref::ElementRef;
use crate::ui::state::use_app_state;
use log::LogStep;
use plan::PlanStep;
use promise::PromiseStep;
use research::ResearchStep;

/// Where a step says how it went: beside the step while it is not met (not in a toast,
/// which the dialog would cover), and to the walk once it is.
#[derive(Clone, Copy)]
pub struct Outcome {
    /// What the step still needs, or why the ledger refused it.
    error: RwSignal<Option<String>>,
    /// Moves the walk on to its next step.
    done: Callback<()>,
}

impl Outcome {
    /// The prompt is met when `result` is; otherwise the step says why not.
    pub fn report(self, result: Result<(), LedgerError>) {
        match result {
            Ok(()) => {
                self.error.set(None);
                self.done.run(());
            }
            Err(failure) => self.refuse(failure.to_string()),
        }
    }

    /// Says what the step still needs, or why it was refused.
    pub fn refuse(self, message: String) {
        self.error.set(Some(message));
    }

    /// Takes back what the step said: it went through, though the prompt is not met yet.
    pub fn clear(self) {
        self.error.set(None);
    }
}

/// The widget that meets one prompt right in the walk; calls `done` once it is met.
#[component]
pub fn ActionStep(
    /// Whose relationship.
    contact: ContactId,
    /// The prompt the step meets.
    prompt: &'static Prompt,
    /// Called once the prompt is met.
    done: Callback<()>,
) -> impl IntoView {
    let state = use_app_state();
    let error = RwSignal::new(None::<String>);
    let outcome = Outcome { error, done };
    // Where the keyboard starts: the first promise to mark kept, else the step's first
    // field, or its button where it has no field.
    let first_kept = ElementRef::new();
    let start = ElementRef::new();
    let step = match prompt.action {
        Action::Log(kind) => view! { <LogStep contact kind start outcome /> }.into_any(),
        Action::Plan(part) => view! { <PlanStep contact part start outcome /> }.into_any(),
        Action::Research => view! { <ResearchStep contact start outcome /> }.into_any(),
        Action::Promises => {
            view! { <PromiseStep contact first_kept start outcome /> }.into_any()
        }
        Action::QualityCheck => view! { <QualityCard contact /> }.into_any(),
        Action::Tick => view! {
            <div class="actions">
                <button type="button" class="primary" data-testid="walk-do" node_ref=start
                    on:click=move |_| outcome.report(state.apply(|ledger, now| ledger.set_tick(contact, prompt.key, true, now.at)))>
                    "Mark done"
                </button>
            </div>
        }
        .into_any(),
    };
    // The keyboard goes to the step's first control once the previous step is gone, so
    // typing starts where the step is done.
    set_timeout(
        move || focus_first(&[first_kept, start]),
        std::time::Duration::ZERO,
    );
    view! {
        <FormError error testid="walk-error" />
        {step}
    }
}
