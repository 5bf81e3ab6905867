//! The quick "log an interaction" form on a contact's page, with a promise made in it.
//!
//! Its parts: the form's own values and what they log ([`draft`]), the signals their
//! inputs bind ([`fields`]), and the check before an ask ([`ask_check`]).

mod ask_check;
mod draft;
mod fields;

use leptos::prelude::*;

use crate::domain::{ContactId, InteractionKind, Party, PitchStatus};
use crate::ui::browser;
use crate::ui::choice_signal::choices;
use crate::ui::components::interaction_fields::{InteractionBasics, InteractionFields, LinkField};
use crate::ui::components::select_field::SelectField;
use crate::ui::components::FormError;
use crate::ui::drafts::{self, Draft};
use crate::ui::element_ref::ElementRef;
use crate::ui::state::{use_app_state, FocusRequest};
use ask_check::AskCheck;
use draft::LogDraft;
use fields::LogFields;

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
    let own = LogFields::new(LogDraft::blank());
    let error = RwSignal::new(None::<String>);

    let latest = Signal::derive(move || browser::now().today);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let day = match fields.day_until(latest.get_untracked()) {
            Ok(day) => day,
            Err(message) => return error.set(Some(message)),
        };
        let kind = fields.kind.get_untracked();
        let draft = own.draft();
        let promise = match draft.promise(kind) {
            Ok(promise) => promise,
            Err(missing) => return error.set(Some(missing.to_string())),
        };
        let at = browser::instant_for_day(day);
        let details = fields.details(day, at, draft.pitch_status);
        let id = browser::new_interaction_id();
        let promise = promise.map(|promise| (browser::new_promise_id(), promise));
        // Both or neither: a promise that is refused logs nothing.
        let outcome = state
            .apply(|ledger, now| ledger.log_with_promise(id, contact, details, promise, now.at));
        match outcome {
            Ok(_) => {
                error.set(None);
                for field in [summary, learned, angle, link] {
                    field.set(String::new());
                }
                own.clear_promise();
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
    let kind_menu = ElementRef::new();
    state.answer_focus(
        kind_menu,
        if in_quick_log {
            FocusRequest::QuickLogKind
        } else {
            FocusRequest::LogKind(None)
        },
    );
    let summary_field = ElementRef::new();
    view! {
        <form class="card log-form" data-testid="log-form" on:submit=submit novalidate>
            <h2>"Log an interaction"</h2>
            <FormError error />
            <InteractionBasics fields testids=["log-kind", "log-channel", "log-direction", "log-date"] latest kind_menu />
            <AskCheck contact fields summary_field />
            <label class="field">
                <span class="field-label">"What happened"</span>
                <textarea data-testid="log-summary" rows="2" bind:value=summary node_ref=summary_field></textarea>
            </label>
            <Show when=move || fields.is_ask()>
                <div class="form-grid">
                    <label class="field">
                        <span class="field-label">"Pitch angle"</span>
                        <input type="text" data-testid="pitch-angle" bind:value=angle />
                    </label>
                    <SelectField label="Pitch status" testid="pitch-status" value=own.pitch_status
                        options=choices(PitchStatus::ALL) />
                </div>
            </Show>
            <label class="field">
                <span class="field-label">"What I learned about them"</span>
                <textarea data-testid="log-learned" rows="2" bind:value=learned></textarea>
            </label>
            <LinkField value=link testid="log-link" />
            <details class="promise-in-log" open=move || fields.kind.get() == InteractionKind::Promise>
                <summary>"A promise was made"</summary>
                <div class="form-grid">
                    <label class="field">
                        <span class="field-label">"What was promised"</span>
                        <input type="text" data-testid="log-promise-what" bind:value=own.promise />
                    </label>
                    <SelectField label="Who owes it" testid="log-promise-owed-by" value=own.owed_by
                        options=choices(Party::ALL) />
                    <label class="field">
                        <span class="field-label">"Due"</span>
                        <input type="date" data-testid="log-promise-due" bind:value=own.due />
                    </label>
                </div>
            </details>
            <div class="actions">
                <button type="submit" class="primary" data-testid="log-submit">"Log it"</button>
            </div>
        </form>
    }
}
