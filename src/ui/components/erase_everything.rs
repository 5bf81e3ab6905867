//! Erasing everything Rapport keeps in this browser, after a typed word confirms it.

use leptos::prelude::*;

use crate::ui::components::FormError;
use crate::ui::element_ref::ElementRef;
use crate::ui::state::use_app_state;

/// The word typed to confirm, so a slip of the finger never erases a ledger.
const CONFIRM_WORD: &str = "erase";

/// Erases everything Rapport keeps in this browser, after the person types a word to
/// confirm: the way to leave no trace on a shared or handed-on device.
#[component]
pub fn EraseEverything() -> impl IntoView {
    let state = use_app_state();
    let confirming = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // The keyboard goes where the word is typed.
    let word_field = ElementRef::new();
    word_field.on_load(|field| {
        let _ = field.focus();
    });
    let confirmed = move || typed.with(|typed| typed.trim().eq_ignore_ascii_case(CONFIRM_WORD));
    let erase = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if confirmed() {
            if let Err(message) = state.erase_everything() {
                error.set(Some(message));
            }
        }
    };
    view! {
        <section class="card" aria-labelledby="erase-title" data-testid="erase-everything">
            <h2 id="erase-title">"Erase everything on this device"</h2>
            <p>
                "Removes every contact, interaction, promise, setting and draft Rapport keeps in "
                "this browser. Nothing can bring them back: export first if you may want them "
                "again. Rapport open in other tabs shows the empty ledger too."
            </p>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="danger" data-testid="erase-start"
                        on:click=move |_| confirming.set(true)>"Erase everything…"</button>
                }
            >
                <form class="confirm" role="alertdialog" aria-labelledby="erase-title" on:submit=erase>
                    <label class="field">
                        <span class="field-label">{format!("Type \u{201c}{CONFIRM_WORD}\u{201d} to confirm")}</span>
                        <input type="text" data-testid="erase-word" autocomplete="off" bind:value=typed
                            node_ref=word_field />
                    </label>
                    <FormError error testid="erase-error" />
                    <div class="actions">
                        <button type="submit" class="danger" data-testid="erase-confirm"
                            disabled=move || !confirmed()>"Erase now"</button>
                        <button type="button" on:click=move |_| {
                            confirming.set(false);
                            typed.set(String::new());
                        }>"Cancel"</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}
