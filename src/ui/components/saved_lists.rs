//! Saved lists: a search and its filters kept under a name, opened in one tap.

use leptos::prelude::*;

use crate::domain::search::ContactQuery;
use crate::domain::ListId;
use crate::ui::browser;
use crate::ui::state::use_app_state;

/// The saved lists as buttons that open them, and a form that saves the current search and
/// filters as a list.
#[component]
pub fn SavedLists(
    /// The search and filters shown now.
    current: Memo<ContactQuery>,
    /// Called with a list's query when the person opens it.
    on_open: Callback<ContactQuery>,
) -> impl IntoView {
    let state = use_app_state();
    let lists = Memo::new(move |_| {
        state
            .ledger
            .with(|ledger| ledger.settings().saved_lists.clone())
    });
    let name = RwSignal::new(String::new());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked();
        let query = current.get_untracked();
        match state.apply(|ledger, _| ledger.save_list(browser::new_list_id(), &typed, query)) {
            Ok(_) => {
                name.set(String::new());
                state.notify(
                    format!("Saved the list \u{201c}{}\u{201d}.", typed.trim()),
                    None,
                );
            }
            Err(error) => state.notify_refusal(&error),
        }
    };
    let delete = move |id: ListId| match state.apply(|ledger, _| ledger.delete_list(id)) {
        Ok(list) => state.notify(
            format!(
                "Deleted the list \u{201c}{}\u{201d}; its contacts are untouched.",
                list.name
            ),
            None,
        ),
        Err(error) => state.notify_refusal(&error),
    };
    view! {
        <div class="saved-lists" data-testid="saved-lists">
            // Named in words and drawn as buttons with a list's mark, not as pills with a
            // "×": that is how an applied filter looks, and a saved list is a view to open.
            <Show when=move || lists.with(|lists| !lists.is_empty())>
                <div class="saved-list-row" role="group" aria-labelledby="saved-lists-label">
                    <span class="saved-lists-label" id="saved-lists-label">"Saved lists"</span>
                    {move || lists.get().into_iter().map(|list| {
                        let query = list.query.clone();
                        let active = {
                            let query = query.clone();
                            move || (current.get() == query).to_string()
                        };
                        let delete_label = format!("Delete the list {}", list.name);
                        view! {
                            <span class="saved-list">
                                <button type="button" class="saved-list-open" data-testid="saved-list"
                                    aria-pressed=active on:click=move |_| on_open.run(query.clone())>
                                    <ListMark />
                                    {list.name.clone()}
                                </button>
                                <button type="button" class="ghost saved-list-delete" aria-label=delete_label.clone()
                                    title=delete_label data-testid="delete-list" on:click=move |_| delete(list.id)>
                                    <BinMark />
                                </button>
                            </span>
                        }
                    }).collect_view()}
                </div>
            </Show>
            // The whole ledger in the usual order needs no list, nor a view saved already.
            <Show when=move || current.with(|query| {
                *query != ContactQuery::default()
                    && lists.with(|lists| lists.iter().all(|list| list.query != *query))
            })>
                <form class="save-list" on:submit=save>
                    <label class="field">
                        <span class="field-label">"Save this view as a list"</span>
                        <input type="text" data-testid="list-name" placeholder="e.g. tech press" bind:value=name />
                    </label>
                    <button type="submit" data-testid="save-list">"Save list"</button>
                </form>
            </Show>
        </div>
    }
}

/// A list's mark: three lines, drawn in the text's colour.
#[component]
fn ListMark() -> impl IntoView {
    view! {
        <svg class="mark" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path d="M2.5 4h11M2.5 8h11M2.5 12h7" fill="none" stroke="currentColor"
                stroke-width="1.6" stroke-linecap="round" />
        </svg>
    }
}

/// A waste bin: deleting, which a "×" (taking a filter off) does not say.
#[component]
fn BinMark() -> impl IntoView {
    view! {
        <svg class="mark" viewBox="0 0 16 16" width="18" height="18" aria-hidden="true">
            <path d="M2.5 4.5h11M6 4.5V2.75h4V4.5M4 4.5l.75 9h6.5l.75-9M6.75 7v4M9.25 7v4"
                fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round"
                stroke-linejoin="round" />
        </svg>
    }
}
