//! Logging an interaction from anywhere: pick a contact by name, say what happened.

use leptos::prelude::*;

use crate::domain::search::{folded, matches};
use crate::domain::ContactId;
use crate::sorting::sort_by_cached_key;
use crate::ui::browser;
use crate::ui::components::modal::Modal;
use crate::ui::components::LogForm;
use crate::ui::element_ref::ElementRef;
use crate::ui::route::Route;
use crate::ui::state::{navigate, FocusRequest};

/// How many matching contacts the picker offers at once.
const PICKS: usize = 8;

/// Contacts whose name matches `query`, by name, at most [`PICKS`].
fn pick_list(state: crate::ui::state::AppState, query: &str) -> Vec<(ContactId, String)> {
    state.ledger.with(|ledger| {
        let mut found: Vec<(ContactId, String)> = ledger
            .contacts()
            .filter(|contact| matches(&folded(&contact.profile.name), query))
            .map(|contact| (contact.id, contact.profile.name.clone()))
            .collect();
        sort_by_cached_key(&mut found, |(_, name)| name.to_lowercase());
        found.truncate(PICKS);
        found
    })
}

/// Log an interaction from any page: pick who it was with, then the usual log form.
#[component]
pub fn QuickLog(
    /// The contact to log for, when the page already shows one.
    preselected: Option<ContactId>,
    /// Closes the dialog (also called once the interaction is logged).
    on_close: Callback<()>,
) -> impl IntoView {
    let state = crate::ui::state::use_app_state();
    let chosen = RwSignal::new(preselected);
    let query = RwSignal::new(String::new());
    let found = Memo::new(move |_| pick_list(state, &query.get()));
    let name_of = move |id: ContactId| {
        state
            .ledger
            .with(|ledger| ledger.contact(id).map(|c| c.profile.name.clone()))
    };
    let pick = move |id: ContactId| {
        chosen.set(Some(id));
        // The picker is gone: the keyboard goes on in the form.
        state.request_focus(FocusRequest::QuickLogKind);
    };
    // "Someone else" brings the picker back, with the keyboard in its search.
    let search = ElementRef::new();
    state.answer_focus(search, FocusRequest::QuickLogSearch);
    let first_pick = ElementRef::new();
    // Enter takes the only name found; the down arrow goes to the names.
    let on_search_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            if let [(id, _)] = found.get_untracked().as_slice() {
                pick(*id);
            }
        }
        "ArrowDown" => {
            ev.prevent_default();
            if let Some(button) = first_pick.get_untracked() {
                browser::focus_element(&button);
            }
        }
        _ => {}
    };
    let picker = move || {
        view! {
            <label class="field">
                <span class="field-label">"Who was it with?"</span>
                <input type="search" data-testid="quick-log-search" data-autofocus node_ref=search
                    placeholder="Type a name" bind:value=query on:keydown=on_search_key />
            </label>
            <ul class="pick-list">
                {move || found.get().into_iter().enumerate().map(|(index, (id, name))| {
                    let node = if index == 0 { first_pick } else { ElementRef::new() };
                    view! {
                        <li><button type="button" class="pick" data-testid="quick-log-pick" node_ref=node
                            on:click=move |_| pick(id)>{name}</button></li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || found.with(Vec::is_empty)>
                <p class="empty">
                    {move || if query.with(String::is_empty) {
                        "No contacts yet. Add someone first, then log what happened with them."
                    } else {
                        "Nobody by that name. Try part of the name, or add them as a contact."
                    }}
                    " "<a href="#/contacts" on:click=move |_| on_close.run(())>"Go to contacts"</a>
                </p>
                {move || {
                    let typed = query.get().trim().to_owned();
                    (!typed.is_empty()).then(|| {
                        let label = format!("Add \u{201c}{typed}\u{201d} as a contact");
                        view! {
                            <button type="button" class="primary" data-testid="quick-log-add"
                                on:click=move |_| {
                                    state.name_to_add.set(Some(typed.clone()));
                                    on_close.run(());
                                    navigate(Route::Contacts);
                                }>{label}</button>
                        }
                    })
                }}
            </Show>
        }
    };
    view! {
        <Modal labelled_by="quick-log-title" testid="quick-log" class="quick-log" on_close>
            <div class="page-head">
                <h2 id="quick-log-title">"Quick log"</h2>
                <button type="button" class="ghost" aria-label="Close the quick log"
                    data-testid="quick-log-close" on:click=move |_| on_close.run(())>"×"</button>
            </div>
            {move || match chosen.get() {
                None => picker().into_any(),
                Some(id) => view! {
                    <p class="quick-log-who">
                        "With "<strong data-testid="quick-log-who">{name_of(id)}</strong>" "
                        <button type="button" class="small" data-testid="quick-log-other"
                            on:click=move |_| {
                                chosen.set(None);
                                state.request_focus(FocusRequest::QuickLogSearch);
                            }>"Someone else"</button>
                    </p>
                    <LogForm contact=id on_logged=on_close in_quick_log=true />
                }
                .into_any(),
            }}
        </Modal>
    }
}
