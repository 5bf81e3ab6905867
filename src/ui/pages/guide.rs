//! The guide: the method in plain words, read from the rules themselves (the playbook's
//! prompts and their "why", the readiness checks, the kinds' meanings, the glossary), so it
//! can never say something the rules do not do.

use leptos::prelude::*;

use crate::domain::glossary::{self, QUALITY_DIMENSIONS, TERMS};
use crate::domain::playbook::{prompts_of, Phase, READINESS_CHECKS};
use crate::domain::{InteractionKind, Stage};

/// The guide page (`#/guide`).
#[component]
pub fn GuidePage() -> impl IntoView {
    let share = 100 / READINESS_CHECKS.len();
    view! {
        <article class="guide" data-testid="guide">
            <h1>"The guide: from connection to partnership"</h1>
            <p class="lead">
                "Rapport helps you turn a connection into a relationship, and a relationship into a \
                 partnership, honestly and over time. Each contact sits at a stage; each \
                 interaction you log is evidence; each stage has a playbook of prompts the app \
                 checks against that evidence. It proposes the next step; you decide."
            </p>
            <nav aria-label="In this guide" class="guide-toc">
                <a href="#/guide" on:click=|ev| jump(ev, "guide-stages")>"Stages"</a>
                <a href="#/guide" on:click=|ev| jump(ev, "guide-give")>"Give before you ask"</a>
                <a href="#/guide" on:click=|ev| jump(ev, "guide-readiness")>"Pitch readiness"</a>
                <a href="#/guide" on:click=|ev| jump(ev, "guide-kinds")>"What you log"</a>
                <a href="#/guide" on:click=|ev| jump(ev, "guide-quality")>"Quality"</a>
                <a href="#/guide" on:click=|ev| jump(ev, "guide-words")>"Words"</a>
            </nav>

            <section class="card" id="guide-stages" aria-labelledby="guide-stages-title">
                <h2 id="guide-stages-title">"The stages and their playbooks"</h2>
                {Stage::ALL.iter().map(|&stage| view! {
                    <h3 data-testid="guide-stage">{stage.label()}</h3>
                    <p>{glossary::stage_meaning(stage)}</p>
                    <ul class="guide-prompts">
                        {prompts_of(stage).map(|prompt| view! {
                            <li data-testid="guide-prompt" data-prompt=prompt.key>
                                <strong>{prompt.text}</strong>" "{prompt.why}
                            </li>
                        }).collect_view()}
                    </ul>
                }).collect_view()}
                <h3>"Phases inside a relationship"</h3>
                <dl class="guide-terms">
                    {Phase::ALL.iter().map(|phase| view! {
                        <dt>{phase.label()}</dt><dd>{phase.meaning()}</dd>
                    }).collect_view()}
                </dl>
            </section>

            <section class="card" id="guide-give" aria-labelledby="guide-give-title">
                <h2 id="guide-give-title">"Give before you ask"</h2>
                <p>
                    "An ask from a stranger is a spammy pitch; from someone who knows you and was \
                     helped by you, a reasonable request. People who are helped feel inclined to \
                     help back, in every culture. So introduce yourself before you need anything, \
                     give something useful (information, a referral, an exclusive), and only then \
                     ask. A pitch sent cold does not count as an introduction, nor as being in \
                     touch; the way back is to introduce yourself properly and give before the \
                     next ask. Before every ask or pitch the log form shows your balance and warns \
                     (it never blocks)."
                </p>
            </section>

            <section class="card" id="guide-readiness" aria-labelledby="guide-readiness-title">
                <h2 id="guide-readiness-title">"How pitch readiness is computed"</h2>
                <p>{format!(
                    "When you log an ask or a pitch, the form shows a readiness score: {} checks, \
                     each worth {share} %.",
                    READINESS_CHECKS.len()
                )}</p>
                <ol data-testid="guide-readiness">
                    {READINESS_CHECKS.iter().map(|check| view! {
                        <li><strong>{check.checks}</strong>" "{check.why}</li>
                    }).collect_view()}
                </ol>
            </section>

            <section class="card" id="guide-kinds" aria-labelledby="guide-kinds-title">
                <h2 id="guide-kinds-title">"What you log, and what it counts as"</h2>
                <dl class="guide-terms" data-testid="guide-kinds">
                    {InteractionKind::ALL.iter().map(|kind| view! {
                        <dt>{kind.label()}</dt><dd>{kind.explained()}</dd>
                    }).collect_view()}
                </dl>
            </section>

            <section class="card" id="guide-quality" aria-labelledby="guide-quality-title">
                <h2 id="guide-quality-title">"Relationship quality"</h2>
                <p>"From time to time, rate each dimension from 1 to 5 (Hon and Grunig, 1999) and watch where it moves:"</p>
                <dl class="guide-terms">
                    {QUALITY_DIMENSIONS.iter().map(|(_, name, meaning)| view! {
                        <dt>{*name}</dt><dd>{format!("{meaning}.")}</dd>
                    }).collect_view()}
                    {glossary::relationship_types().map(|(kind, meaning)| view! {
                        <dt>{kind.label()}</dt><dd>{format!("Giving {}.", meaning.trim_start_matches("giving "))}</dd>
                    }).collect_view()}
                </dl>
            </section>

            <section class="card" id="guide-words" aria-labelledby="guide-words-title">
                <h2 id="guide-words-title">"Words used in the app"</h2>
                <dl class="guide-terms" data-testid="guide-words">
                    {TERMS.iter().map(|term| view! {
                        <dt>{term.name}</dt><dd>{term.meaning}</dd>
                    }).collect_view()}
                </dl>
                <p class="muted">"Press ? anywhere for the keyboard shortcuts."</p>
            </section>
        </article>
    }
}

/// Scrolls to a section without touching the hash, which holds the route.
fn jump(ev: leptos::ev::MouseEvent, id: &str) {
    ev.prevent_default();
    if let Some(section) = document().get_element_by_id(id) {
        section.scroll_into_view();
    }
}
