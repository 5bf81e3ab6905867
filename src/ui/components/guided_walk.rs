//! The guided walk through a new contact's first steps, one prompt of the playbook at a
//! time, and this device's choice of whether it opens by itself after a contact is added.

use leptos::prelude::*;

use crate::domain::evidence::Evidence;
use crate::domain::playbook::{decide, Action, Prompt, PLAYBOOK};
use crate::domain::ContactId;
use crate::ui::browser;
use crate::ui::components::modal::Modal;
use crate::ui::components::playbook_panel::report_for;
use crate::ui::components::walk_step::ActionStep;
use crate::ui::device::Word;
use crate::ui::element_ref::ElementRef;
use crate::ui::state::{use_app_state, AppState, FocusRequest};

/// Where this device remembers, as "off", that the walk should not open by itself after a
/// contact is added (the person turned it off in the walk). The playbook panel still opens it.
const WALK_AFTER_ADD: Word = Word {
    key: "rapport.walk-after-add",
};

/// Whether the walk opens by itself on a contact just added (unless turned off here).
pub fn opens_after_add() -> bool {
    WALK_AFTER_ADD.get().is_none_or(|value| value != "off")
}

/// Turns the walk after each new contact on or off on this device. Best effort: a choice
/// that cannot be kept (storage blocked) only means the walk keeps opening.
fn set_opens_after_add(opens: bool) {
    WALK_AFTER_ADD.set((!opens).then_some("off"));
}

/// Gives the keyboard to the first of `elements` on the page.
pub(crate) fn focus_first(elements: &[ElementRef]) {
    if let Some(first) = elements.iter().find_map(|element| element.get_untracked()) {
        browser::focus_element(&first);
    }
}

fn prompt_by_key(key: &str) -> Option<&'static Prompt> {
    PLAYBOOK.iter().find(|prompt| prompt.key == key)
}

fn is_met(state: AppState, contact: ContactId, prompt: &Prompt) -> bool {
    state.ledger.with(|ledger| {
        Evidence::gather(ledger, contact, browser::now())
            .is_some_and(|evidence| decide(prompt, &evidence).met)
    })
}

/// "Work on this relationship": the current stage's unmet prompts one at a time, each with
/// the action that meets it, then the next best action and, if earned, the proposed move.
#[component]
pub fn GuidedWalk(
    /// Whose relationship.
    contact: ContactId,
    /// Closes the walk.
    on_close: Callback<()>,
) -> impl IntoView {
    let state = use_app_state();
    let queue: Vec<&'static str> = state.ledger.with_untracked(|ledger| {
        report_for(ledger, contact)
            .map(|report| {
                report
                    .prompts
                    .iter()
                    .filter(|s| !s.verdict.met)
                    .map(|s| s.prompt.key)
                    .collect()
            })
            .unwrap_or_default()
    });
    let total = queue.len();
    let position = RwSignal::new(0usize);
    let current = Memo::new(move |_| {
        let start = position.get();
        queue
            .iter()
            .enumerate()
            .skip(start)
            .filter_map(|(index, key)| prompt_by_key(key).map(|prompt| (index, prompt)))
            .find(|(_, prompt)| !is_met(state, contact, prompt))
    });
    let after_add = RwSignal::new(opens_after_add());
    let accept_move = move |stage: crate::domain::Stage| {
        if state.accept_proposed_move(contact, stage) {
            on_close.run(());
        }
    };
    view! {
        <Modal labelled_by="walk-title" testid="walk" class="walk" on_close>
            <div class="page-head">
                <h2 id="walk-title">"Work on this relationship"</h2>
                <button type="button" class="ghost" aria-label="Close the walk" data-testid="walk-close"
                    on:click=move |_| on_close.run(())>"×"</button>
            </div>
            {move || match current.get() {
                Some((index, prompt)) => view! {
                    <p class="muted">{format!("Step {} of {}", index + 1, total)}</p>
                    <h3 data-testid="walk-prompt">{prompt.text}</h3>
                    <p class="why">{prompt.why}</p>
                    <ActionStep contact prompt done=Callback::new(move |()| position.set(index + 1)) />
                    <div class="actions">
                        <button type="button" data-testid="walk-skip" on:click=move |_| position.set(index + 1)>"Skip"</button>
                    </div>
                }
                .into_any(),
                None => {
                    // The keyboard stays in the dialog: on the move, the next step, or Done,
                    // whichever comes first.
                    let accept = ElementRef::new();
                    let next_button = ElementRef::new();
                    let done = ElementRef::new();
                    set_timeout(
                        move || focus_first(&[accept, next_button, done]),
                        std::time::Duration::ZERO,
                    );
                    let report = state.ledger.with(|ledger| report_for(ledger, contact));
                    let next = report.as_ref().and_then(|r| r.next_action);
                    let proposed = report.as_ref().and_then(|r| r.proposed_move);
                    let held_back = report.and_then(|r| r.held_back);
                    view! {
                        <div data-testid="walk-end">
                            <p>{match next {
                                Some(prompt) => format!("Next best action: {}.", prompt.text),
                                None => "Every prompt of this stage is met.".to_owned(),
                            }}</p>
                            {held_back.map(|why| view! { <p data-testid="walk-held-back">{why}</p> })}
                            {proposed.map(|stage| view! {
                                <p>{format!("The evidence supports moving to {}.", stage.label())}</p>
                                <button type="button" class="primary" data-testid="walk-accept-move" node_ref=accept
                                    on:click=move |_| accept_move(stage)>{format!("Move to {}", stage.label())}</button>
                            })}
                            <div class="actions">
                                {next.map(|prompt| view! { <NextStep prompt on_close button=next_button /> })}
                                <button type="button" node_ref=done on:click=move |_| on_close.run(())>"Done"</button>
                            </div>
                        </div>
                    }
                    .into_any()
                }
            }}
            <label class="tick walk-after-add">
                <input type="checkbox" data-testid="walk-after-add" prop:checked=move || after_add.get()
                    on:change=move |ev| {
                        let opens = event_target_checked(&ev);
                        after_add.set(opens);
                        set_opens_after_add(opens);
                    } />
                " Open this walk after adding each new contact"
            </label>
        </Modal>
    }
}

/// The walk's way out to its next best action: for one that is met by logging, the log
/// form with that kind chosen; otherwise the playbook, where the prompt's action waits.
#[component]
fn NextStep(
    /// The next best action.
    prompt: &'static Prompt,
    /// Closes the walk.
    on_close: Callback<()>,
    /// The button, for the walk's end to hand the keyboard to.
    button: ElementRef,
) -> impl IntoView {
    let state = use_app_state();
    let (label, kind) = match prompt.action {
        Action::Log(kind) => (format!("Log it now: {}", kind.label()), Some(kind)),
        _ => ("Go to the playbook".to_owned(), None),
    };
    let go = move |_| {
        on_close.run(());
        // After the dialog has given the focus back to what opened it.
        set_timeout(
            move || {
                state.request_focus(match kind {
                    Some(kind) => FocusRequest::LogKind(Some(kind)),
                    None => FocusRequest::Playbook,
                })
            },
            std::time::Duration::from_millis(50),
        );
    };
    view! {
        <button type="button" class="primary" data-testid="walk-next" node_ref=button on:click=go>{label}</button>
    }
}
