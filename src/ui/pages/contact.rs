use leptos::prelude::*;

use crate::domain::evidence::cadence_in_words;
use crate::domain::words::{self, counted};
use crate::domain::{links, Contact, ContactId, ContactProfile, Stage, StakeholderType};
use crate::ui::browser;
use crate::ui::components::select_field::{choices, SelectField};
use crate::ui::components::{
    report_for, ContactForm, GuidedWalk, LogForm, PlanCard, PlaybookPanel, Promises, QualityCard,
    ReciprocityCard, StageBadge, Timeline,
};
use crate::ui::form::{day_label, parse_date};
use crate::ui::route::Route;
use crate::ui::state::{navigate, use_app_state, Undo};

/// One contact: who they are, where the relationship stands, and its evidence.
#[component]
pub fn ContactPage(
    /// The contact shown.
    id: ContactId,
) -> impl IntoView {
    let state = use_app_state();
    let exists = Memo::new(move |_| state.ledger.with(|ledger| ledger.contact(id).is_some()));
    move || {
        if exists.get() {
            view! { <ContactView id /> }.into_any()
        } else {
            view! {
                <section class="card empty-state">
                    <h1>"Contact not found"</h1>
                    <p>"It may have been deleted. "<a href="#/contacts">"Back to your contacts"</a></p>
                </section>
            }
            .into_any()
        }
    }
}

/// The contact's page; every part follows the ledger, so local state (an open form, the
/// guided walk) survives edits.
#[component]
fn ContactView(id: ContactId) -> impl IntoView {
    let state = use_app_state();
    let contact = Memo::new(move |_| state.ledger.with(|ledger| ledger.contact(id).cloned()));
    let editing = RwSignal::new(false);
    let confirming_delete = RwSignal::new(false);
    let walking = RwSignal::new(state.walk_requested.get_untracked() == Some(id));
    if walking.get_untracked() {
        state.walk_requested.set(None);
    }
    let heading = Memo::new(move |_| {
        state.ledger.with(|ledger| {
            ledger.contact(id).map(|contact| {
                let profile = &contact.profile;
                // "Features editor at The Herald · Journalist"; "Other" says nothing.
                let stakeholder = (profile.stakeholder != StakeholderType::Other)
                    .then(|| profile.stakeholder.label());
                let subtitle = (profile.role.clone(), stakeholder);
                let organization = profile
                    .organization
                    .and_then(|org| ledger.contact(org))
                    .map(|org| (org.id, org.profile.name.clone()));
                (
                    profile.name.clone(),
                    subtitle,
                    organization,
                    contact.stage(),
                )
            })
        })
    });
    let members = Memo::new(move |_| {
        state.ledger.with(|ledger| {
            ledger
                .members_of(id)
                .into_iter()
                .map(|member| (member.id, member.profile.name.clone(), member.stage()))
                .collect::<Vec<_>>()
        })
    });

    // The profile the form opened with: saving writes only what the form changed, so an
    // edit saved meanwhile in another tab survives.
    let edit_base = StoredValue::new(None::<ContactProfile>);
    let on_submit = Callback::new(move |(edited, _): (ContactProfile, Stage)| {
        let base = edit_base.get_value();
        state
            .apply(|ledger, now| {
                let profile = match (base, ledger.contact(id)) {
                    (Some(base), Some(current)) => edited.edits_over(&base, &current.profile),
                    _ => edited,
                };
                ledger.update_profile(id, profile, now.at)
            })
            .map(|()| editing.set(false))
            .map_err(|error| error.to_string())
    });
    let delete = move |_| match state.apply(|ledger, now| ledger.delete_contact(id, now.at)) {
        Ok(removed) => {
            let message = format!("Deleted {}.", removed.contact.profile.name);
            state.notify(message, Some(Undo::Restore(Box::new(removed))));
            navigate(Route::Contacts);
        }
        Err(error) => state.notify(error.to_string(), None),
    };
    let delete_button = NodeRef::<leptos::html::Button>::new();
    // "Keep it" or Escape: the question goes, the keyboard back on Delete.
    let keep_contact = move || {
        confirming_delete.set(false);
        if let Some(button) = delete_button.try_get_untracked().flatten() {
            let _ = button.focus();
        }
    };
    let impact = move || {
        state
            .ledger
            .with(|ledger| ledger.deletion_impact(id).unwrap_or_default())
    };

    view! {
        <section class="page contact-page">
            <p><a href="#/contacts" class="back">"← All contacts"</a></p>
            {move || heading.get().map(|(name, subtitle, organization, stage)| view! {
                <div class="page-head">
                    <div>
                        <h1 data-testid="contact-name">{name}</h1>
                        <p class="muted" data-testid="contact-subtitle">
                            {
                                let (role, stakeholder) = subtitle;
                                let at = if role.is_empty() { "" } else { " at " };
                                view! {
                                    {role}
                                    {organization.map(|(org_id, org_name)| view! {
                                        {at}<a href=Route::Contact(org_id).href()>{org_name}</a>
                                    })}
                                    {stakeholder.map(|label| format!(" · {label}"))}
                                }
                            }
                        </p>
                    </div>
                    <div class="actions">
                        <span data-testid="contact-stage"><StageBadge stage /></span>
                        <button type="button" data-testid="edit-contact" on:click=move |_| {
                            editing.set(true);
                            browser::when_ready("[data-testid='field-name']", browser::focus_element, 20);
                        }>"Edit"</button>
                        <button type="button" class="danger" data-testid="delete-contact" node_ref=delete_button
                            on:click=move |_| confirming_delete.set(true)>
                            "Delete"
                        </button>
                    </div>
                </div>
            })}
            <Show when=move || confirming_delete.get()>
                <div class="card confirm" role="alertdialog" aria-labelledby="confirm-delete-title"
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" {
                        ev.stop_propagation();
                        keep_contact();
                    }>
                    <p id="confirm-delete-title">
                        {move || {
                            let impact = impact();
                            format!(
                                "Delete this contact with its {} and {}{}? You can undo right after.",
                                counted(impact.interactions, "interaction", "interactions"),
                                counted(impact.promises, "promise", "promises"),
                                if impact.members > 0 { format!(", and unlink {} to it", counted(impact.members, "person who belongs", "people who belong")) } else { String::new() },
                            )
                        }}
                    </p>
                    <div class="actions">
                        {
                            // The keyboard goes to the question's answer, as in every other confirmation.
                            let confirm = NodeRef::<leptos::html::Button>::new();
                            confirm.on_load(|button| {
                                let _ = button.focus();
                            });
                            view! { <button type="button" class="danger" data-testid="confirm-delete" node_ref=confirm on:click=delete>"Delete"</button> }
                        }
                        <button type="button" on:click=move |_| keep_contact()>"Keep it"</button>
                    </div>
                </div>
            </Show>
            <Show when=move || editing.get()>
                {move || contact.get_untracked().map(|found| {
                    edit_base.set_value(Some(found.profile.clone()));
                    view! {
                    <ContactForm
                        editing=id
                        initial=found.profile
                        on_submit=on_submit
                        on_cancel=Callback::new(move |()| editing.set(false))
                    />
                    }
                })}
            </Show>
            <Show when=move || walking.get()>
                <GuidedWalk contact=id on_close=Callback::new(move |()| walking.set(false)) />
            </Show>
            <PlaybookPanel contact=id on_walk=Callback::new(move |()| walking.set(true)) />
            <ReciprocityCard contact=id />
            <PlanCard contact=id />
            {move || contact.get().map(|found| view! { <StageMover id current=found.stage() /> })}
            {move || contact.get().map(|found| view! { <Details contact=found /> })}
            {move || {
                let people = members.get();
                (!people.is_empty()).then(|| view! {
                    <section class="card" aria-labelledby="people-title">
                        <h2 id="people-title">"People"</h2>
                        <ul class="contact-list">
                            {people.into_iter().map(|(member, name, stage)| view! {
                                <li><a class="contact-row" href=Route::Contact(member).href()>
                                    <span class="contact-name">{name}</span><StageBadge stage />
                                </a></li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            }}
            <LogForm contact=id />
            <Promises contact=id />
            <Timeline contact=id />
            <QualityCard contact=id />
            {move || contact.get().map(|found| view! { <StageHistory contact=found /> })}
        </section>
    }
}

/// The fields of the profile worth seeing at a glance, custom fields included.
#[component]
fn Details(contact: Contact) -> impl IntoView {
    let state = use_app_state();
    let (settings, carried_by_people) = state.ledger.with_untracked(|ledger| {
        (
            ledger.settings().clone(),
            contact.is_organization() && ledger.has_members(contact.id),
        )
    });
    let cadence = cadence_in_words(&contact, &settings, carried_by_people).unwrap_or_default();
    let profile = contact.profile;
    let text = |value: String| Detail::Text(value);
    let mut rows: Vec<(String, Detail)> = vec![
        ("Interests".to_owned(), text(profile.interests.join(", "))),
        (
            "Email".to_owned(),
            Detail::Links(
                profile
                    .channels
                    .emails
                    .iter()
                    .map(|email| (email.clone(), links::mailto(email)))
                    .collect(),
            ),
        ),
        (
            "Phone".to_owned(),
            Detail::Links(
                profile
                    .channels
                    .phones
                    .iter()
                    .map(|phone| (phone.clone(), links::tel(phone)))
                    .collect(),
            ),
        ),
        ("Website".to_owned(), web_address(&profile.channels.website)),
        (
            "Social".to_owned(),
            text(profile.channels.social.join(", ")),
        ),
        ("Tags".to_owned(), text(profile.tags.join(", "))),
        ("Keep in touch".to_owned(), text(cadence)),
    ];
    rows.extend(settings.fields.iter().filter_map(|field| {
        let value = profile.custom_fields.get(&field.id)?;
        Some((field.label.clone(), text(value.clone())))
    }));
    rows.push(("Notes".to_owned(), text(profile.notes.clone())));
    rows.retain(|(_, detail)| !detail.is_empty());
    (!rows.is_empty()).then(|| {
        view! {
            <section class="card">
                <dl class="details" data-testid="contact-details">
                    {rows.into_iter().map(|(label, detail)| view! { <dt>{label}</dt><dd>{detail.into_view()}</dd> }).collect_view()}
                </dl>
            </section>
        }
    })
}

/// One line of a contact's details: text, or addresses a phone or computer opens (mail,
/// call, the web), each with its link when it reads as such an address and as text
/// otherwise.
enum Detail {
    Text(String),
    Links(Vec<(String, Option<String>)>),
}

impl Detail {
    fn is_empty(&self) -> bool {
        match self {
            Detail::Text(text) => text.is_empty(),
            Detail::Links(links) => links.is_empty(),
        }
    }

    fn into_view(self) -> AnyView {
        match self {
            Detail::Text(text) => text.into_any(),
            Detail::Links(links) => links
                .into_iter()
                .enumerate()
                .map(|(at, (text, href))| {
                    let entry = match href {
                        Some(href) => view! { <a href=href>{text}</a> }.into_any(),
                        None => text.into_any(),
                    };
                    view! { {(at > 0).then_some(", ")}{entry} }
                })
                .collect_view()
                .into_any(),
        }
    }
}

/// A website as a link when it is a web address (`http` or `https`, nothing a browser
/// would run), otherwise as text.
fn web_address(website: &str) -> Detail {
    let lower = website.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Detail::Links(vec![(website.to_owned(), Some(website.to_owned()))])
    } else {
        Detail::Text(website.to_owned())
    }
}

/// Moves the contact to another stage, forward or back, with a reason.
#[component]
fn StageMover(id: ContactId, current: Stage) -> impl IntoView {
    let state = use_app_state();
    let target = RwSignal::new(current.key().to_owned());
    let reason = RwSignal::new(String::new());
    // Blank for now; a day already past for a move made earlier and recorded late.
    let day = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(stage) = Stage::from_key(&target.get_untracked()) else {
            return;
        };
        let why = reason.get_untracked();
        let on = day.get_untracked();
        let dated = match on.trim() {
            "" => None,
            text => match parse_date(text) {
                Some(date) => Some(browser::instant_for_day(date)),
                None => return state.notify("Give the day of the move as a date.", None),
            },
        };
        let outcome = state.apply(|ledger, now| match dated {
            None => ledger.move_stage(id, stage, why, now.at),
            Some(at) => ledger.move_stage_on(id, stage, why, at, now.at, |entered| {
                day_label(browser::local_day(entered))
            }),
        });
        match outcome {
            Ok(true) => {
                day.set(String::new());
                state.notify(format!("Moved to {}.", stage.label()), None)
            }
            Ok(false) => state.notify(format!("Already at {}.", stage.label()), None),
            Err(error) => state.notify(error.to_string(), None),
        }
    };
    // A move ahead of the evidence is the person's call: it is warned about, never blocked.
    let unmet = Memo::new(move |_| {
        let ahead = Stage::from_key(&target.get()).is_some_and(|stage| stage > current);
        if !ahead {
            return Vec::new();
        }
        state.ledger.with(|ledger| {
            report_for(ledger, id)
                .map(|report| {
                    report
                        .prompts
                        .into_iter()
                        .filter(|state| !state.verdict.met)
                        .map(|state| format!("{} ({})", state.prompt.text, state.verdict.because))
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <form class="card stage-mover" on:submit=submit>
            <h2>"Stage"</h2>
            <div class="form-grid">
                <SelectField label="Move to" testid="stage-select" value=target
                    options=choices(Stage::ALL, Stage::key, Stage::label) />
                <label class="field">
                    <span class="field-label">"Why"</span>
                    <input type="text" data-testid="stage-reason" bind:value=reason />
                </label>
                <label class="field">
                    <span class="field-label">"On"</span>
                    <span class="field-hint">"Leave blank for now, or give the day a move made earlier happened"</span>
                    <input type="date" data-testid="stage-date" bind:value=day
                        max=browser::now().today.format("%Y-%m-%d").to_string() />
                </label>
            </div>
            <Show when=move || unmet.with(|unmet| !unmet.is_empty())>
                <div class="warning" role="status" data-testid="stage-move-warning">
                    <p>{format!("Not met yet at {}; you can still move on, and the evidence can catch up:", current.label())}</p>
                    <ul>
                        {move || unmet.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    </ul>
                </div>
            </Show>
            <div class="actions">
                <button type="submit" data-testid="stage-move">"Record the move"</button>
            </div>
        </form>
    }
}

/// The path the contact took through the stages, and how long each stage lasted.
#[component]
fn StageHistory(contact: Contact) -> impl IntoView {
    let days = contact.journey.days_in_each(browser::now().at);
    let last = days.len().saturating_sub(1);
    let moves = contact
        .journey
        .history
        .iter()
        .zip(days)
        .enumerate()
        .rev()
        .map(|(index, (step, days))| {
            let stay = if index == last {
                format!(" · {} so far", words::days(days))
            } else {
                format!(" · stayed {}", words::days(days))
            };
            let text = match step.from {
                None => format!("Added as {}", step.to.label()),
                Some(from) => format!("{} → {}", from.label(), step.to.label()),
            };
            let reason = step.reason.clone();
            let date = day_label(browser::local_day(step.at));
            view! {
                <li>
                    <time>{date}</time>" "<strong>{text}</strong><span class="muted">{stay}</span>
                    {(!reason.is_empty()).then(|| view! { <span class="muted">" — "{reason}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>"Stage history"</h2>
            <ol class="stage-history" data-testid="stage-history">{moves}</ol>
        </section>
    }
}
