//! The people who belong to an organization, listed on its page.

use leptos::prelude::*;

use crate::domain::ContactId;
use crate::ui::components::StageBadge;
use crate::ui::route::Route;
use crate::ui::state::use_app_state;

/// The people who belong to the organization `id`, each with their stage; nothing when
/// none do (or `id` is a person).
#[component]
pub fn People(
    /// The organization.
    id: ContactId,
) -> impl IntoView {
    let state = use_app_state();
    let members = Memo::new(move |_| {
        state.ledger.with(|ledger| {
            ledger
                .members_of(id)
                .into_iter()
                .map(|member| (member.id, member.profile.name.clone(), member.stage()))
                .collect::<Vec<_>>()
        })
    });
    move || {
        let people = members.get();
        (!people.is_empty()).then(|| {
            view! {
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
            }
        })
    }
}
