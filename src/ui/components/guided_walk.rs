//! The guided walk through a new contact's first steps, one prompt of the playbook at a
//! time, and this device's choice of whether it opens by itself after a contact is added.

use leptos::prelude::*;

use crate::domain::evidence::Evidence;
use crate::domain::playbook::{decide, Action, Prompt, PLAYBOOK};
use crate::domain::{
    Channel, ContactId, Direction, InteractionDetails, Party, PromiseDraft, PromiseStatus,
};
use crate::ui::browser;
use crate::ui::components::modal::Modal;
use crate::ui::components::playbook_panel::report_for;
use crate::ui::components::QualityCard;
use crate::ui::form::{day_label, join_list, parse_date, split_list};
use crate::ui::state::{use_app_state, AppState, FocusRef, FocusRequest};

/// Where this device remembers that the walk should not open by itself after a contact is
/// added (the person turned it off in the walk). The playbook panel still opens it.
pub const WALK_AFTER_ADD_KEY: &str = "rapport.walk-after-add";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whether the walk opens by itself on a contact just added (unless turned off here).
pub fn opens_after_add() -> bool {
    local_storage()
        .and_then(|storage| storage.get_item(WALK_AFTER_ADD_KEY).ok().flatten())
        .is_none_or(|value| value != "off")
}

/// Turns the walk after each new contact on or off on this device. Best effort: a choice
/// that cannot be kept (storage blocked) only means the walk keeps opening.
fn set_opens_after_add(opens: bool) {
    if let Some(storage) = local_storage() {
        let _ = if opens {
            storage.remove_item(WALK_AFTER_ADD_KEY)
        } else {
            storage.set_item(WALK_AFTER_ADD_KEY, "off")
        };
    }
}

/// Gives the keyboard to the first of `elements` on the page.
fn focus_first(elements: &[FocusRef]) {
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

/// The widget that meets one prompt right in the walk; calls `done` once it is met.
#[component]
fn ActionStep(contact: ContactId, prompt: &'static Prompt, done: Callback<()>) -> impl IntoView {
    let state = use_app_state();
    let text = RwSignal::new(String::new());
    let second = RwSignal::new(String::new());
    let inbound = RwSignal::new(false);
    // Shown beside the step, not in a toast that the dialog would cover.
    let error = RwSignal::new(None::<String>);
    // Where the keyboard starts: the first promise to mark kept, else the step's first
    // field, or its button where it has no field.
    let first_kept = FocusRef::new();
    let start = FocusRef::new();
    let report = move |result: Result<(), crate::domain::LedgerError>| match result {
        Ok(()) => {
            error.set(None);
            done.run(());
        }
        Err(failure) => error.set(Some(failure.to_string())),
    };
    let step = match prompt.action {
        Action::Log(kind) => {
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let now = browser::now();
                let details = InteractionDetails {
                    day: Some(now.today),
                    at: now.at,
                    channel: Channel::Other,
                    kind,
                    direction: if inbound.get_untracked() { Direction::Inbound } else { Direction::Outbound },
                    summary: text.get_untracked(),
                    learned: String::new(),
                    pitch: None,
                    link: String::new(),
                };
                let id = browser::new_interaction_id();
                report(state.apply(|ledger, now| ledger.log_interaction(id, contact, details, now.at).map(|_| ())));
            };
            view! {
                <form on:submit=submit class="walk-action">
                    <label class="field">
                        <span class="field-label">{format!("{}: what happened?", kind.label())}</span>
                        <textarea rows="2" data-testid="walk-summary" bind:value=text node_ref=start></textarea>
                    </label>
                    <label class="tick">
                        <input type="checkbox" data-testid="walk-inbound" bind:checked=inbound />
                        " They reached out"
                    </label>
                    <div class="actions"><button type="submit" class="primary" data-testid="walk-do">"Log it"</button></div>
                </form>
            }
            .into_any()
        }
        Action::Plan(part) => {
            text.set(state.ledger.with_untracked(|ledger| {
                ledger.contact(contact).map(|c| c.plan.entry(part).text.clone()).unwrap_or_default()
            }));
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let value = text.get_untracked();
                if value.trim().is_empty() {
                    return error.set(Some("Write a line or two first, or skip this step for now.".to_owned()));
                }
                report(state.apply(|ledger, now| ledger.update_plan(contact, part, value, now.at)));
            };
            view! {
                <form on:submit=submit class="walk-action">
                    <label class="field">
                        <span class="field-label">{part.label()}</span>
                        <textarea rows="3" data-testid="walk-text" bind:value=text node_ref=start></textarea>
                    </label>
                    <div class="actions"><button type="submit" class="primary" data-testid="walk-do">"Save"</button></div>
                </form>
            }
            .into_any()
        }
        Action::Research => {
            let profile = state.ledger.with_untracked(|ledger| ledger.contact(contact).map(|c| c.profile.clone()));
            if let Some(profile) = &profile {
                text.set(join_list(&profile.interests));
                second.set(profile.notes.clone());
            }
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let Some(mut profile) = profile.clone() else { return };
                profile.interests = split_list(&text.get_untracked());
                profile.notes = second.get_untracked();
                if profile.interests.is_empty() && profile.notes.trim().is_empty() {
                    return error.set(Some("Note what they care about or what you read of theirs first, or skip this step for now.".to_owned()));
                }
                report(state.apply(|ledger, now| ledger.update_profile(contact, profile, now.at)));
            };
            view! {
                <form on:submit=submit class="walk-action">
                    <label class="field">
                        <span class="field-label">"What do they care about? (interests, beat; commas between)"</span>
                        <input type="text" data-testid="walk-text" bind:value=text node_ref=start />
                    </label>
                    <label class="field">
                        <span class="field-label">"Research notes: recent work, what they wrote or said"</span>
                        <textarea rows="3" data-testid="walk-notes" bind:value=second></textarea>
                    </label>
                    <div class="actions"><button type="submit" class="primary" data-testid="walk-do">"Save"</button></div>
                </form>
            }
            .into_any()
        }
        Action::Promises => {
            let open = Memo::new(move |_| {
                state.ledger.with(|ledger| {
                    ledger
                        .promises_of(contact)
                        .into_iter()
                        .filter(|p| p.owed_by == Party::Me && p.status == PromiseStatus::Open)
                        .map(|p| (p.id, p.what.clone(), p.due))
                        .collect::<Vec<_>>()
                })
            });
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let Some(due) = parse_date(&second.get_untracked()) else {
                    return error.set(Some("Pick the date it is due.".to_owned()));
                };
                let draft = PromiseDraft { what: text.get_untracked(), owed_by: Party::Me, due, interaction: None };
                let id = browser::new_promise_id();
                match state.apply(|ledger, now| ledger.add_promise(id, contact, draft, now.at)) {
                    Ok(_) => {
                        error.set(None);
                        text.set(String::new());
                        second.set(String::new());
                    }
                    Err(failure) => error.set(Some(failure.to_string())),
                }
            };
            view! {
                <div class="walk-action">
                    <p>"Your open promises: mark the ones you kept."</p>
                    <ul class="promise-list">
                        {move || open.get().into_iter().enumerate().map(|(index, (id, what, due))| {
                            let node = if index == 0 { first_kept } else { FocusRef::new() };
                            view! {
                                <li class="promise-item">
                                    {what}" · due "{day_label(due)}" "
                                    <button type="button" class="small" data-testid="walk-kept" node_ref=node
                                        on:click=move |_| report(state.apply(|ledger, now| ledger.set_promise_status(id, PromiseStatus::Kept, now)))>
                                        "Kept"
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <form on:submit=submit class="form-grid">
                        <label class="field"><span class="field-label">"Promise something"</span>
                            <input type="text" data-testid="walk-text" bind:value=text node_ref=start /></label>
                        <label class="field"><span class="field-label">"Due"</span>
                            <input type="date" data-testid="walk-due" bind:value=second /></label>
                        <div class="actions"><button type="submit">"Add promise"</button></div>
                    </form>
                </div>
            }
            .into_any()
        }
        Action::QualityCheck => view! { <QualityCard contact /> }.into_any(),
        Action::Tick => view! {
            <div class="actions">
                <button type="button" class="primary" data-testid="walk-do" node_ref=start
                    on:click=move |_| report(state.apply(|ledger, now| ledger.set_tick(contact, prompt.key, true, now.at)))>
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
        {move || error.get().map(|message| view! {
            <p class="form-error" role="alert" data-testid="walk-error">{message}</p>
        })}
        {step}
    }
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
                    let accept = FocusRef::new();
                    let next_button = FocusRef::new();
                    let done = FocusRef::new();
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
    button: FocusRef,
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
