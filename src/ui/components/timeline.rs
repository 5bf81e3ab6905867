//! A contact's interactions, newest first, a page at a time.

use leptos::prelude::*;

use crate::domain::{ContactId, DayFormat, InteractionId, PitchStatus};
use crate::ui::browser;
use crate::ui::components::interaction_editor::InteractionEditor;
use crate::ui::components::ConfirmDelete;
use crate::ui::element_ref::ElementRef;
use crate::ui::form::day_label;
use crate::ui::state::use_app_state;

/// One line of the timeline, detached from the ledger so the list can be keyed and diffed.
/// The whole line is its key: a correction saved within the same millisecond as the
/// original (as under a test's fixed clock) still shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Entry {
    id: InteractionId,
    version: crate::domain::Timestamp,
    date: String,
    /// The day as `YYYY-MM-DD`, for the `<time>` element.
    day: String,
    kind: &'static str,
    channel: &'static str,
    direction: &'static str,
    summary: String,
    learned: String,
    pitch: Option<(String, PitchStatus)>,
    link: String,
    /// What the kind counts as, for a practitioner's word ("counts as a give").
    counts_as: Option<&'static str>,
}

/// How many interactions the timeline shows at first, and how many more each "Show older"
/// adds: a demo contact's whole history made a phone's page 9,400 px taller.
const PAGE: usize = 10;

/// A contact's interactions, newest first, a page at a time.
#[component]
pub fn Timeline(
    /// Whose interactions.
    contact: ContactId,
) -> impl IntoView {
    let state = use_app_state();
    let entries = Memo::new(move |_| {
        state.ledger.with(|ledger| {
            ledger
                .interactions_of(contact)
                .into_iter()
                .map(|interaction| Entry {
                    id: interaction.id,
                    version: interaction.updated_at,
                    date: day_label(browser::day_of(interaction)),
                    day: DayFormat::Iso.of(browser::day_of(interaction)).to_string(),
                    kind: interaction.details.kind.label(),
                    channel: interaction.details.channel.label(),
                    direction: interaction.details.direction.label(),
                    summary: interaction.details.summary.clone(),
                    learned: interaction.details.learned.clone(),
                    pitch: interaction
                        .details
                        .pitch
                        .as_ref()
                        .map(|pitch| (pitch.angle.clone(), pitch.status)),
                    link: interaction.details.link.clone(),
                    counts_as: interaction
                        .details
                        .kind
                        .is_pr_word()
                        .then(|| interaction.details.kind.meaning().label()),
                })
                .collect::<Vec<_>>()
        })
    });
    let limit = RwSignal::new(PAGE);
    let total = move || entries.with(Vec::len);
    let shown = move || {
        let limit = limit.get();
        entries.with(|list| list.iter().take(limit).cloned().collect::<Vec<_>>())
    };
    let set_pitch = move |id: InteractionId, key: &str| {
        let Some(status) = PitchStatus::from_key(key) else {
            return;
        };
        if let Err(error) = state.apply(|ledger, now| ledger.set_pitch_status(id, status, now.at)) {
            state.notify_refusal(&error);
        }
    };
    let delete = move |id: InteractionId| {
        if let Err(error) =
            state.apply(|ledger, now| ledger.delete_interaction(id, now.at).map(|_| ()))
        {
            state.notify_refusal(&error);
        }
    };
    view! {
        <section class="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">"Timeline"</h2>
            <Show
                when=move || entries.with(|list| !list.is_empty())
                fallback=|| view! { <p class="empty">"Nothing logged yet. Log the first interaction above."</p> }
            >
                <ol class="timeline" data-testid="timeline">
                    <For each=shown key=|entry| entry.clone() let:entry>
                        <li class="timeline-item" data-testid="timeline-item">
                            <div class="timeline-meta">
                                <time datetime=entry.day.clone()>{entry.date.clone()}</time>
                                <span class="chip" data-testid="timeline-kind">{entry.kind}</span>
                                {entry.counts_as.map(|meaning| view! {
                                    <span class="muted">{format!("counts as: {meaning}")}</span>
                                })}
                                <span class="muted">{entry.channel}" · "{entry.direction}</span>
                            </div>
                            <p>{entry.summary.clone()}</p>
                            {entry.pitch.clone().map(|(angle, status)| {
                                let id = entry.id;
                                view! {
                                    <div class="pitch">
                                        <span>"Pitch: "{if angle.is_empty() { "no angle recorded".to_owned() } else { angle }}</span>
                                        <select aria-label="Pitch status" data-testid="pitch-status-change"
                                            on:change=move |ev| set_pitch(id, &event_target_value(&ev))>
                                            {PitchStatus::ALL.iter().map(|&choice| view! {
                                                <option value=choice.key() selected=choice == status>{choice.label()}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                }
                            })}
                            {(!entry.link.is_empty()).then(|| view! { <EntryLink link=entry.link.clone() /> })}
                            {(!entry.learned.is_empty()).then(|| view! {
                                <p class="learned">"Learned: "{entry.learned.clone()}</p>
                            })}
                            {
                                let editing = RwSignal::new(false);
                                let id = entry.id;
                                let label = format!("Correct the interaction of {}", entry.date);
                                let correct = ElementRef::new();
                                let done = Callback::new(move |()| {
                                    editing.set(false);
                                    // After a save the line is drawn anew and this one is
                                    // gone: then there is nothing to go back to.
                                    set_timeout(
                                        move || if let Some(button) = correct.get_untracked() { let _ = button.focus(); },
                                        std::time::Duration::ZERO,
                                    );
                                });
                                view! {
                                    <Show
                                        when=move || editing.get()
                                        fallback=move || view! {
                                            <button type="button" class="ghost small" data-testid="edit-interaction" node_ref=correct
                                                aria-label=label.clone() on:click=move |_| editing.set(true)>"Correct"</button>
                                        }
                                    >
                                        <InteractionEditor id on_done=done />
                                    </Show>
                                }
                            }
                            {
                                let id = entry.id;
                                view! {
                                    <ConfirmDelete
                                        label=format!("Delete the interaction of {}", entry.date)
                                        question="Delete this interaction for good?"
                                        confirm_testid="confirm-delete-interaction"
                                        on_confirm=Callback::new(move |()| delete(id))
                                    />
                                }
                            }
                        </li>
                    </For>
                </ol>
                <Show when=move || { total() > PAGE }>
                    <div class="timeline-pager">
                        <span class="muted" data-testid="timeline-shown" aria-live="polite">
                            {move || format!("Showing the newest {} of {}", total().min(limit.get()), total())}
                        </span>
                        <Show when=move || { total() > limit.get() }>
                            <button type="button" class="small" data-testid="timeline-older"
                                on:click=move |_| limit.update(|limit| *limit += PAGE)>
                                "Show older"
                            </button>
                        </Show>
                    </div>
                </Show>
            </Show>
        </section>
    }
}

/// An interaction's link: a web address opens in a new tab; any other text (a page of a
/// print edition) is shown as it is, never as a link (a `javascript:` address would run).
#[component]
fn EntryLink(link: String) -> impl IntoView {
    let lower = link.to_ascii_lowercase();
    let is_web = lower.starts_with("https://") || lower.starts_with("http://");
    view! {
        <p class="entry-link" data-testid="timeline-link">
            "Link: "
            {if is_web {
                view! { <a href=link.clone() target="_blank" rel="noopener noreferrer">{link.clone()}</a> }.into_any()
            } else {
                view! { <span>{link.clone()}</span> }.into_any()
            }}
        </p>
    }
}
