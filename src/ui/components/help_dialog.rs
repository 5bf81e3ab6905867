use leptos::prelude::*;

use crate::ui::components::modal::Modal;
use crate::ui::shortcuts::SHORTCUTS;

/// The keyboard shortcuts, opened with `?` or the header's "?" button.
#[component]
pub fn HelpDialog(
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    view! {
        <Modal labelled_by="help-title" testid="help-dialog" on_close>
            <div class="page-head">
                <h2 id="help-title">"Keyboard shortcuts"</h2>
                <button type="button" class="ghost" aria-label="Close the shortcuts" data-autofocus
                    on:click=move |_| on_close.run(())>"×"</button>
            </div>
            <p class="muted">"They work anywhere except while you type in a field."</p>
            <dl class="shortcuts">
                {SHORTCUTS.iter().map(|(keys, what)| view! {
                    <dt><kbd>{*keys}</kbd></dt>
                    <dd>{*what}</dd>
                }).collect_view()}
            </dl>
        </Modal>
    }
}
