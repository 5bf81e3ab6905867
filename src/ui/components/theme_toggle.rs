//! The colour theme switch: system, light, dark.

use leptos::prelude::*;

use crate::ui::theme::{self, Theme};

/// Switches the colour theme: system, then light, then dark.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let current = RwSignal::new(theme::load());
    theme::show(current.get_untracked());
    let switch = move |_| {
        let next = current.get_untracked().next();
        theme::choose(next);
        current.set(next);
    };
    view! {
        <button type="button" class="ghost theme-toggle" data-testid="theme-toggle" on:click=switch
            aria-label=move || format!("Colour theme: {}. Switch theme", current.get().label())>
            <span aria-hidden="true">{move || match current.get() {
                Theme::System => "◐",
                Theme::Light => "☀",
                Theme::Dark => "☾",
            }}</span>
            <span class="theme-name" aria-hidden="true">{move || current.get().label()}</span>
        </button>
    }
}
