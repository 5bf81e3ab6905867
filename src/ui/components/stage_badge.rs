//! A contact's stage as a labelled badge.

use leptos::prelude::*;

use crate::domain::Stage;

/// A contact's stage as a labelled badge (the text carries the meaning, not the colour).
#[component]
pub fn StageBadge(
    /// The stage shown.
    stage: Stage,
) -> impl IntoView {
    view! { <span class=format!("stage-badge stage-{}", stage.key())>{stage.label()}</span> }
}
