//! The Today page: promises overdue and due this week, relationships gone quiet, moves the
//! evidence supports, targets not yet approached. Every item is one tap from acting on it.

use chrono::Days;
use leptos::prelude::*;

use crate::domain::today::{agenda, Agenda, AgendaItem, Why};
use crate::domain::{ContactId, DayFormat, LedgerError, PromiseId, PromiseStatus};
use crate::ui::browser;
use crate::ui::components::BackupNudge;
use crate::ui::pages::contacts::LoadDemoButton;
use crate::ui::route::Route;
use crate::ui::state::{navigate, use_app_state, AppState, FocusRequest, Undo};

/// How long "Snooze a week" snoozes for.
const SNOOZE_DAYS: u64 = 7;

/// What the buttons of an item do: promises are marked kept or missed, proposed moves are
/// made, nudges are snoozed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ItemAction {
    /// Mark the item's promise kept.
    Keep,
    /// Mark the item's promise kept, or missed (it is overdue).
    KeepOrMiss,
    /// Snooze the contact for a week.
    Snooze,
    /// Make the stage move the evidence supports, or snooze the contact for a week.
    MoveOrSnooze,
}

/// The agenda for today.
#[component]
pub fn TodayPage() -> impl IntoView {
    let state = use_app_state();
    let agenda = Memo::new(move |_| {
        state
            .ledger
            .with(|ledger| browser::measured("rapport:agenda", || agenda(ledger, browser::now())))
    });
    let has_contacts = Memo::new(move |_| state.ledger.with(|ledger| !ledger.is_empty()));

    view! {
        <section class="page" data-testid="today">
            <div class="page-head">
                <h1>"Today"</h1>
            </div>
            <BackupNudge />
            <Show
                when=move || has_contacts.get()
                fallback=move || view! {
                    <div class="card empty-state">
                        <h2>"Welcome to Rapport"</h2>
                        <p>
                            "Today lists promises coming due, relationships going quiet and the next "
                            "moves your evidence supports. Start by adding the people you want a "
                            "relationship with."
                        </p>
                        <div class="actions">
                            <button type="button" class="primary" data-testid="add-first-contact" on:click=move |_| {
                                navigate(Route::Contacts);
                                state.request_focus(FocusRequest::NewContact);
                            }>"Add your first contact"</button>
                            <LoadDemoButton />
                        </div>
                    </div>
                }
            >
                <AgendaSection
                    title="Overdue promises"
                    testid="today-overdue"
                    agenda
                    pick=|a| &a.overdue
                    action=ItemAction::KeepOrMiss
                    empty="Nothing overdue. Record each promise on the contact's page, and follow through."
                />
                <AgendaSection
                    title="Due this week"
                    testid="today-due-soon"
                    agenda
                    pick=|a| &a.due_soon
                    action=ItemAction::Keep
                    empty="No promise due in the next 7 days."
                />
                <AgendaSection
                    title="Gone quiet"
                    testid="today-quiet"
                    agenda
                    pick=|a| &a.quiet
                    action=ItemAction::Snooze
                    empty="No relationship has gone quiet. Log an interaction whenever you are in touch: the count starts again."
                />
                <AgendaSection
                    title="Ready to move on"
                    testid="today-proposed"
                    agenda
                    pick=|a| &a.proposed
                    action=ItemAction::MoveOrSnooze
                    empty="No stage move is supported yet. Give first, get replies, keep promises: the evidence builds up."
                />
                <AgendaSection
                    title="Targets to approach"
                    testid="today-targets"
                    agenda
                    pick=|a| &a.targets
                    action=ItemAction::Snooze
                    empty="No target is waiting for a first approach. Add the people you want to know next."
                />
            </Show>
        </section>
    }
}

/// How many items a section shows until the person asks for more: the most pressing come
/// first, and a heavy ledger's thousands of quiet contacts would bury them (and slow the
/// first paint).
const FIRST_ITEMS: usize = 25;

/// How many more items each "Show more" adds: thousands at once held the page for more
/// than a second on a heavy ledger.
const MORE_ITEMS: usize = 100;

/// One section of the agenda, with its empty state.
#[component]
fn AgendaSection(
    /// The heading.
    title: &'static str,
    /// The section's `data-testid`.
    testid: &'static str,
    /// The whole agenda.
    agenda: Memo<Agenda>,
    /// The section's items, in order. Only those shown are copied out: a heavy ledger's
    /// quiet section holds thousands.
    pick: fn(&Agenda) -> &Vec<AgendaItem>,
    /// What the item's button does.
    action: ItemAction,
    /// What to say when there is nothing, and what to do next.
    empty: &'static str,
) -> impl IntoView {
    let heading_id = format!("{testid}-title");
    let labelled_by = heading_id.clone();
    let count = move || agenda.with(|agenda| pick(agenda).len());
    let limit = RwSignal::new(FIRST_ITEMS);
    let shown = move || {
        let limit = limit.get();
        agenda.with(|agenda| pick(agenda).iter().take(limit).cloned().collect::<Vec<_>>())
    };
    let left = move || count().saturating_sub(limit.get());
    view! {
        <section class="card today-section" data-testid=testid aria-labelledby=labelled_by>
            <h2 id=heading_id>
                {title}
                <Show when=move || { count() > 0 }>
                    <span class="chip today-count">{count}</span>
                </Show>
            </h2>
            <Show
                when=move || { count() > 0 }
                fallback=move || view! { <p class="empty">{empty}</p> }
            >
                <ul class="today-list" id=format!("{testid}-list")>
                    <For
                        each=shown
                        key=|item| (item.contact, item.why.clone())
                        let:item
                    >
                        <TodayItem item action />
                    </For>
                </ul>
                <Show when=move || { count() > FIRST_ITEMS }>
                    <button type="button" class="small" data-testid="today-show-more"
                        aria-controls=format!("{testid}-list")
                        aria-expanded=move || (limit.get() > FIRST_ITEMS).to_string()
                        on:click=move |_| {
                            if left() == 0 {
                                limit.set(FIRST_ITEMS);
                            } else {
                                limit.update(|limit| *limit += MORE_ITEMS);
                            }
                        }>
                        {move || match left() {
                            0 => format!("Show the first {FIRST_ITEMS}"),
                            left if left <= MORE_ITEMS => format!("Show the other {left}"),
                            left => format!("Show {MORE_ITEMS} more, of {left}"),
                        }}
                    </button>
                </Show>
            </Show>
        </section>
    }
}

/// One item: who, why, and the buttons to act (open, log, snooze or mark kept).
#[component]
fn TodayItem(
    /// The item shown.
    item: AgendaItem,
    /// What its button does.
    action: ItemAction,
) -> impl IntoView {
    let state = use_app_state();
    let contact = item.contact;
    let href = Route::Contact(contact).href();
    let name = item.name.clone();
    // A proposed move lists the evidence behind it, to open when the line is not enough.
    let evidence = match &item.why {
        Why::Move { grounds, .. } => Some(grounds.evidence.clone()),
        _ => None,
    };
    let kept_button = move |promise: PromiseId, reason: String| {
        view! {
            <button type="button" class="small" data-testid="today-kept"
                aria-label=format!("Mark kept: {reason}")
                on:click=move |_| resolve(state, promise, PromiseStatus::Kept)>
                "Mark kept"
            </button>
        }
    };
    let snooze_button = move |name: String| {
        view! {
            <button type="button" class="small" data-testid="today-snooze"
                aria-label=format!("Snooze {name} for a week")
                on:click=move |_| snooze(state, contact, &name)>
                "Snooze a week"
            </button>
        }
    };
    let button = match (action, item.promise(), item.proposed_stage()) {
        (ItemAction::Keep, Some(promise), _) => kept_button(promise, item.reason()).into_any(),
        (ItemAction::KeepOrMiss, Some(promise), _) => {
            let reason = item.reason();
            view! {
                {kept_button(promise, reason.clone())}
                <button type="button" class="small" data-testid="today-missed"
                    aria-label=format!("Mark missed: {reason}")
                    on:click=move |_| resolve(state, promise, PromiseStatus::Missed)>
                    "Missed"
                </button>
            }
            .into_any()
        }
        (ItemAction::MoveOrSnooze, _, Some(to)) => view! {
            <button type="button" class="small" data-testid="today-move"
                aria-label=format!("Move {name} to {}", to.label())
                on:click=move |_| {
                    state.accept_proposed_move(contact, to);
                }>
                {format!("Move to {}", to.label())}
            </button>
            {snooze_button(name.clone())}
        }
        .into_any(),
        _ => snooze_button(name.clone()).into_any(),
    };
    view! {
        <li class="today-item" data-testid="today-item">
            <div class="today-text">
                <a class="contact-name" data-testid="today-open" href=href.clone()>{name.clone()}</a>
                <span class="today-reason">{item.reason()}</span>
                {evidence.map(|lines| view! {
                    <details class="move-evidence" data-testid="today-evidence">
                        <summary>"The evidence"</summary>
                        <ul>{lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                    </details>
                })}
            </div>
            <div class="actions today-actions">
                <a class="button-link small" data-testid="today-log" href=href aria-label=format!("Log an interaction with {name}")
                    on:click=move |_| state.request_focus(FocusRequest::LogKind(None))>
                    "Log"
                </a>
                {button}
            </div>
        </li>
    }
}

/// Marks a promise kept or missed and says so, with an undo.
fn resolve(state: AppState, promise: PromiseId, status: PromiseStatus) {
    let outcome = state.apply(|ledger, now| {
        ledger
            .set_promise_status(promise, status, now)
            .map(|()| now.at)
    });
    match outcome {
        Ok(resolved_at) => state.notify(
            match status {
                PromiseStatus::Missed => "Promise marked missed.",
                _ => "Promise marked kept.",
            },
            Some(Undo::Reopen {
                promise,
                status,
                resolved_at,
            }),
        ),
        Err(error) => state.notify_refusal(&error),
    }
}

/// Snoozes a contact for a week and says until when.
fn snooze(state: AppState, contact: ContactId, name: &str) {
    let outcome = state.apply(|ledger, now| {
        let until = now
            .today
            .checked_add_days(Days::new(SNOOZE_DAYS))
            .ok_or(LedgerError::SnoozeOutOfRange)?;
        ledger.snooze(contact, Some(until), now.at).map(|()| until)
    });
    match outcome {
        Ok(until) => state.notify(
            format!("{name} is snoozed until {}.", DayFormat::DayMon.of(until)),
            Some(Undo::Unsnooze { contact, until }),
        ),
        Err(error) => state.notify_refusal(&error),
    }
}
