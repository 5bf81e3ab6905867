//! What the person must know about their stored data: it could not be read or saved,
//! or another tab's work changed this tab's.

use leptos::prelude::*;

use crate::ui::state::use_app_state;

/// Tells the person when their data could not be read or saved, and offers an export so
/// nothing kept in the tab is lost; and what another tab's work did to this tab's.
#[component]
pub fn StorageBanner() -> impl IntoView {
    let state = use_app_state();
    let export = move |_| {
        state.export_now();
    };
    let notice = move || {
        state.tab_notice.get().map(|message| {
            view! {
                <div class="banner" role="status" data-testid="tab-notice">
                    <p>{message}</p>
                    <button type="button" data-testid="dismiss-tab-notice"
                        on:click=move |_| state.tab_notice.set(None)>"OK"</button>
                </div>
            }
        })
    };
    let error = move || {
        state.storage_problem.get().map(|problem| {
            view! {
                <div class="banner banner-error" role="alert" data-testid="storage-error">
                    <p>{problem.message()}</p>
                    <button type="button" on:click=export>"Export now"</button>
                    <Show when=move || !state.damaged.with(Vec::is_empty)>
                        <button type="button" data-testid="continue-without-damaged"
                            on:click=move |_| { state.continue_without_damaged(); }>
                            "Continue without the damaged part"
                        </button>
                    </Show>
                    <Show when=move || state.unreadable.get() || !state.damaged.with(Vec::is_empty)>
                        <button type="button" data-testid="download-raw-storage"
                            on:click=move |_| state.download_raw_storage()>
                            "Download what is stored, as it is"
                        </button>
                    </Show>
                    <Show when=move || state.changed_elsewhere.get()>
                        <button type="button" class="primary" data-testid="reload-page" on:click=move |_| {
                            if let Some(window) = web_sys::window() {
                                // A failed reload leaves the banner up; nothing is lost.
                                let _ = window.location().reload();
                            }
                        }>"Reload"</button>
                    </Show>
                </div>
            }
        })
    };
    view! { {notice} {error} }
}
