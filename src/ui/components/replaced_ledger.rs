//! The ledger a replace put aside, offered back until the tab closes.

use leptos::prelude::*;

use crate::domain::Ledger;
use crate::ui::state::use_app_state;

/// After a replace (an imported export, the demo): what was replaced, with "Undo replace"
/// and "Download the previous ledger", so a backup download that never reached the disk
/// loses nothing while the tab is open.
#[component]
pub fn ReplacedLedger() -> impl IntoView {
    let state = use_app_state();
    let undo = move |_| {
        if state.undo_replace() {
            state.notify("Your previous ledger is back.", None);
        }
    };
    move || {
        state.replaced.with(|previous| {
            previous.as_ref().map(Ledger::counts).map(|counts| {
                view! {
                    <section class="card" data-testid="replaced-ledger">
                        <h2>"Your previous ledger"</h2>
                        <p>
                            {format!(
                                "It held {}. It stays in this tab until you close it: put it \
                                 back, or download it.",
                                counts.in_words()
                            )}
                        </p>
                        <div class="actions">
                            <button type="button" data-testid="undo-replace" on:click=undo>
                                "Undo replace"
                            </button>
                            <button type="button" data-testid="download-replaced"
                                on:click=move |_| state.download_replaced()>
                                "Download the previous ledger"
                            </button>
                        </div>
                    </section>
                }
            })
        })
    }
}
