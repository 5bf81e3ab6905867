//! The relationship plan on a contact's page: purpose, partnership idea, agreement and
//! capacity, each editable in place.

use leptos::prelude::*;

use crate::domain::{ContactId, PlanPart, Stage};
use crate::ui::browser;
use crate::ui::element_ref::ElementRef;
use crate::ui::form::day_label;
use crate::ui::state::use_app_state;

/// One part of the plan, editable in place, with the date it last changed.
#[component]
fn PlanRow(contact: ContactId, part: PlanPart) -> impl IntoView {
    let state = use_app_state();
    let entry = Memo::new(move |_| {
        state.ledger.with(|ledger| {
            ledger
                .contact(contact)
                .map(|c| c.plan.entry(part).clone())
                .unwrap_or_default()
        })
    });
    // An agreement made for the relationship, not yet confirmed as the partnership's terms.
    let terms_to_confirm = Memo::new(move |_| {
        part == PlanPart::Agreement
            && state.ledger.with(|ledger| {
                ledger.contact(contact).is_some_and(|found| {
                    let entry = found.plan.entry(part);
                    found.stage() == Stage::Partnership
                        && !entry.text.is_empty()
                        && entry
                            .updated_at
                            .zip(found.journey.entered_at())
                            .is_some_and(|(written, began)| written < began)
                })
            })
    });
    let confirm_terms =
        move |_| match state.apply(|ledger, now| ledger.confirm_plan(contact, part, now.at)) {
            Ok(()) => state.notify("Confirmed as the partnership's terms.", None),
            Err(error) => state.notify_refusal(&error),
        };
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let edit_button = ElementRef::new();
    // Back to the text, and the keyboard back on its Edit button.
    let finish = move || {
        editing.set(false);
        set_timeout(
            move || {
                if let Some(button) = edit_button.get_untracked() {
                    let _ = button.focus();
                }
            },
            std::time::Duration::ZERO,
        );
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = draft.get_untracked();
        match state.apply(|ledger, now| ledger.update_plan(contact, part, text, now.at)) {
            Ok(()) => finish(),
            Err(error) => state.notify_refusal(&error),
        }
    };
    let start = move |_| {
        draft.set(entry.get_untracked().text);
        editing.set(true);
    };
    view! {
        <div class="plan-row" data-testid=format!("plan-{}", part.key())>
            <dt>{part.label()}</dt>
            <dd>
                <Show
                    when=move || editing.get()
                    fallback=move || {
                        let entry = entry.get();
                        view! {
                            <span>{if entry.text.is_empty() { "Not recorded yet".to_owned() } else { entry.text.clone() }}</span>
                            {entry.updated_at.map(|at| view! {
                                <span class="muted small">{format!(" · updated {}", day_label(browser::local_day(at)))}</span>
                            })}
                            " "
                            <button type="button" class="small ghost" aria-label=format!("Edit {}", part.label())
                                data-testid=format!("edit-plan-{}", part.key()) on:click=start node_ref=edit_button>"Edit"</button>
                            <Show when=move || terms_to_confirm.get()>
                                " "
                                <button type="button" class="small" data-testid="confirm-terms" on:click=confirm_terms>
                                    "Confirm as the partnership's terms"
                                </button>
                            </Show>
                        }
                    }
                >
                    <form on:submit=save class="inline-form" on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Escape" {
                            ev.prevent_default();
                            finish();
                        }
                    }>
                        {
                            // The keyboard starts in the text; Escape cancels, as Cancel does.
                            let field = ElementRef::new();
                            field.on_load(|field| {
                                let _ = field.focus();
                            });
                            view! {
                                <textarea rows="2" aria-label=part.label() data-testid=format!("plan-input-{}", part.key()) bind:value=draft node_ref=field></textarea>
                            }
                        }
                        <div class="actions">
                            <button type="submit" class="small primary" data-testid=format!("save-plan-{}", part.key())>"Save"</button>
                            <button type="button" class="small" on:click=move |_| finish()>"Cancel"</button>
                        </div>
                    </form>
                </Show>
            </dd>
        </div>
    }
}

/// Purpose, partnership idea, agreement (control mutuality), capacity and timing.
#[component]
pub fn PlanCard(
    /// Whose plan.
    contact: ContactId,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="plan-title">
            <h2 id="plan-title">"Purpose and partnership"</h2>
            <dl class="plan">
                {PlanPart::ALL.iter().map(|&part| view! { <PlanRow contact part /> }).collect_view()}
            </dl>
        </section>
    }
}
