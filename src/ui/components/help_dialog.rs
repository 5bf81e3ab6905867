//! Help, opened with `?`: the way to the guide, and the keyboard shortcuts.

use leptos::prelude::*;

use crate::ui::components::modal::Modal;
use crate::ui::shortcuts::shortcuts;

/// Help, opened with `?` or the header's "?" button: the way to the guide, and the
/// keyboard shortcuts.
#[component]
pub fn HelpDialog(
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    view! {
        <Modal labelled_by="help-title" testid="help-dialog" on_close>
            <div class="page-head">
                <h2 id="help-title">"Help"</h2>
                <button type="button" class="ghost" aria-label="Close the help" data-autofocus
                    on:click=move |_| on_close.run(())>"×"</button>
            </div>
            <p>
                "New to the method? "
                <a href="#/guide" data-testid="help-guide" on:click=move |_| on_close.run(())>
                    "Read the guide"
                </a>
                ": what each stage means, why give before you ask, what the quality ratings \
                 mean and how pitch readiness is computed."
            </p>
            <h3>"Keyboard shortcuts"</h3>
            <p class="muted">"They work anywhere except while you type in a field."</p>
            <dl class="shortcuts">
                {shortcuts().into_iter().map(|(keys, what)| view! {
                    <dt><kbd>{keys}</kbd></dt>
                    <dd>{what}</dd>
                }).collect_view()}
            </dl>
        </Modal>
    }
}
