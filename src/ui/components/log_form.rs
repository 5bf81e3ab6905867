//! The quick "log an interaction" form on a contact's page, with a promise made in it.

use leptos::prelude::*;

use crate::domain::evidence::Evidence;
use crate::domain::playbook::{ask_warning, pitch_readiness};
use crate::domain::{ContactId, InteractionKind, Party, PitchStatus, PromiseDraft};
use crate::ui::browser;
use crate::ui::choice_signal::{choices, ChoiceSignal};
use crate::ui::components::interaction_fields::{InteractionBasics, InteractionFields, LinkField};
use crate::ui::components::select_field::SelectField;
use crate::ui::components::Term;
use crate::ui::drafts::{self, Draft};
use crate::ui::form::parse_date;
use crate::ui::state::{use_app_state, FocusRef, FocusRequest};

/// The quick "log an interaction" form on a contact's page. Before an ask it shows the
/// balance warning and the pitch readiness check, and keeps the pitch with the ask. What is
/// typed survives a reload until it is logged ([`drafts`]).
#[component]
pub fn LogForm(
    /// The contact the interaction was with.
    contact: ContactId,
    /// Called once an interaction is logged (the quick log closes then).
    #[prop(optional)]
    on_logged: Option<Callback<()>>,
    /// Whether this is the quick log's form, which answers
    /// [`FocusRequest::QuickLogKind`], rather than the contact page's, which answers
    /// [`FocusRequest::LogKind`].
    #[prop(optional)]
    in_quick_log: bool,
) -> impl IntoView {
    let state = use_app_state();
    let fields = InteractionFields::blank(browser::now().today);
    let InteractionFields {
        kind,
        summary,
        learned,
        angle,
        link,
        ..
    } = fields;
    let draft = drafts::load(contact);
    summary.set(draft.summary);
    learned.set(draft.learned);
    Effect::new(move |_| {
        let draft = Draft {
            summary: summary.get(),
            learned: learned.get(),
        };
        drafts::keep(contact, &draft);
    });
    let pitch_status = ChoiceSignal::new(PitchStatus::Sent);
    let promise_what = RwSignal::new(String::new());
    let promise_owed_by = ChoiceSignal::new(Party::Me);
    let promise_due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);

    let is_ask = move || fields.is_ask();
    let is_promise = move || kind.get() == InteractionKind::Promise;
    let before_ask = Memo::new(move |_| {
        if !is_ask() {
            return None;
        }
        state.ledger.with(|ledger| {
            Evidence::gather(ledger, contact, browser::now()).map(|evidence| {
                (
                    ask_warning(&evidence),
                    pitch_readiness(&evidence),
                    evidence.balance(),
                )
            })
        })
    });

    let latest = Signal::derive(move || browser::now().today);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let day = match fields.day_until(latest.get_untracked()) {
            Ok(day) => day,
            Err(message) => return error.set(Some(message)),
        };
        let promise = if promise_what.get_untracked().trim().is_empty() {
            if kind.get_untracked() == InteractionKind::Promise {
                return error.set(Some(
                    "Say what was promised, and pick the day it is due.".to_owned(),
                ));
            }
            None
        } else {
            let Some(due) = parse_date(&promise_due.get_untracked()) else {
                return error.set(Some("Pick the date the promise is due.".to_owned()));
            };
            Some((
                promise_what.get_untracked(),
                promise_owed_by.get_untracked(),
                due,
            ))
        };
        let at = browser::instant_for_day(day);
        let details = fields.details(day, at, pitch_status.get_untracked());
        let id = browser::new_interaction_id();
        let promise_id = browser::new_promise_id();
        let promise = promise.map(|(what, owed_by, due)| {
            let draft = PromiseDraft {
                what,
                owed_by,
                due,
                interaction: None,
            };
            (promise_id, draft)
        });
        // Both or neither: a promise that is refused logs nothing.
        let outcome = state
            .apply(|ledger, now| ledger.log_with_promise(id, contact, details, promise, now.at));
        match outcome {
            Ok(_) => {
                error.set(None);
                for field in [summary, learned, angle, link, promise_what, promise_due] {
                    field.set(String::new());
                }
                fields.set_day(browser::now().today);
                state.notify("Interaction logged.", None);
                if let Some(logged) = on_logged {
                    logged.run(());
                }
            }
            Err(failure) => error.set(Some(failure.to_string())),
        }
    };

    // A shortcut, Today's "Log" or the walk's next step hands the keyboard to the kind
    // menu (with the kind the walk proposes chosen); in the quick log, picking a contact.
    let kind_menu = FocusRef::new();
    state.answer_focus(
        kind_menu,
        if in_quick_log {
            FocusRequest::QuickLogKind
        } else {
            FocusRequest::LogKind(None)
        },
    );

    // "Log a give first" removes itself: the keyboard goes on where the give is described.
    let summary_field = NodeRef::<leptos::html::Textarea>::new();
    let give_instead = move |_| {
        kind.set(InteractionKind::Give);
        if let Some(field) = summary_field.get_untracked() {
            let _ = field.focus();
        }
    };
    view! {
        <form class="card log-form" data-testid="log-form" on:submit=submit novalidate>
            <h2>"Log an interaction"</h2>
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <InteractionBasics fields testids=["log-kind", "log-channel", "log-direction", "log-date"] latest kind_menu />
            {move || before_ask.get().map(|(warning, readiness, balance)| view! {
                <div class="ask-check" data-testid="ask-check">
                    <p data-testid="ask-balance">
                        {format!(
                            "Before this ask: {} given, {} received, {} asked. {}",
                            balance.gives, balance.received, balance.asks, balance.verdict()
                        )}
                    </p>
                    {warning.map(|text| view! {
                        <div class="warning" role="alert" data-testid="ask-warning">
                            <p>{text}</p>
                            <button type="button" data-testid="log-give-instead" on:click=give_instead>
                                "Log a give first"
                            </button>
                        </div>
                    })}
                    <p data-testid="pitch-readiness">
                        <strong>{format!("Pitch readiness: {}%", readiness.score)}</strong>
                        " "<Term key="pitch-readiness" />
                    </p>
                    <ul class="missing">
                        {readiness.missing.into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}
                    </ul>
                </div>
            })}
            <label class="field">
                <span class="field-label">"What happened"</span>
                <textarea data-testid="log-summary" rows="2" bind:value=summary node_ref=summary_field></textarea>
            </label>
            <Show when=is_ask>
                <div class="form-grid">
                    <label class="field">
                        <span class="field-label">"Pitch angle"</span>
                        <input type="text" data-testid="pitch-angle" bind:value=angle />
                    </label>
                    <SelectField label="Pitch status" testid="pitch-status" value=pitch_status options=choices(PitchStatus::ALL) />
                </div>
            </Show>
            <label class="field">
                <span class="field-label">"What I learned about them"</span>
                <textarea data-testid="log-learned" rows="2" bind:value=learned></textarea>
            </label>
            <LinkField value=link testid="log-link" />
            <details class="promise-in-log" open=is_promise>
                <summary>"A promise was made"</summary>
                <div class="form-grid">
                    <label class="field">
                        <span class="field-label">"What was promised"</span>
                        <input type="text" data-testid="log-promise-what" bind:value=promise_what />
                    </label>
                    <SelectField label="Who owes it" testid="log-promise-owed-by" value=promise_owed_by options=choices(Party::ALL) />
                    <label class="field">
                        <span class="field-label">"Due"</span>
                        <input type="date" data-testid="log-promise-due" bind:value=promise_due />
                    </label>
                </div>
            </details>
            <div class="actions">
                <button type="submit" class="primary" data-testid="log-submit">"Log it"</button>
            </div>
        </form>
    }
}
