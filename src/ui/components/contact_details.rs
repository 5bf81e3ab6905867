//! A contact's details on its page: how to reach them first (mail, call and web links) and
//! what they care about; tags, the keep-in-touch cadence, custom fields and notes on demand.

use leptos::prelude::*;

use crate::domain::evidence::cadence_in_words;
use crate::domain::{links, Contact};
use crate::ui::state::use_app_state;

/// How to reach the contact and their interests; the rest of the profile (tags, cadence,
/// custom fields, notes) in a part that opens on demand.
#[component]
pub fn ContactDetails(contact: Contact) -> impl IntoView {
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
    // How to reach them and what they care about first: on a phone it is what the page
    // is opened for. The rest opens on demand, so it never pushes the log form down.
    let mut first: Vec<(String, Detail)> = vec![
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
        ("Interests".to_owned(), text(profile.interests.join(", "))),
    ];
    let mut more: Vec<(String, Detail)> = vec![
        ("Tags".to_owned(), text(profile.tags.join(", "))),
        ("Keep in touch".to_owned(), text(cadence)),
    ];
    more.extend(settings.fields.iter().filter_map(|field| {
        let value = profile.custom_fields.get(&field.id)?;
        Some((field.label.clone(), text(value.clone())))
    }));
    more.push(("Notes".to_owned(), text(profile.notes)));
    first.retain(|(_, detail)| !detail.is_empty());
    more.retain(|(_, detail)| !detail.is_empty());
    // The summary names what is inside: "Tags, Keep in touch, Notes".
    let more_title = more
        .iter()
        .map(|(label, _)| label.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let list = |rows: Vec<(String, Detail)>| {
        view! {
            <dl class="details">
                {rows.into_iter().map(|(label, detail)| view! { <dt>{label}</dt><dd>{detail.into_view()}</dd> }).collect_view()}
            </dl>
        }
    };
    let more = (!more.is_empty()).then(|| {
        view! {
            <details class="more-details">
                <summary>{more_title}</summary>
                {list(more)}
            </details>
        }
    });
    (!first.is_empty() || more.is_some()).then(|| {
        view! {
            <section class="card" aria-label="Contact details">
                <div data-testid="contact-details">
                    {list(first)}
                    {more}
                </div>
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
