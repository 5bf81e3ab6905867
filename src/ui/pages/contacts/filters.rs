//! The filters and the order of the contact list, folded on a phone.

use leptos::prelude::*;

use crate::domain::search::{all_tags, Attention, SortOrder};
use crate::domain::{Stage, StakeholderType};
use crate::ui::browser;
use crate::ui::choice_signal::choices;
use crate::ui::components::select_field::SelectField;
use crate::ui::contact_filters::ContactFilters;
use crate::ui::state::use_app_state;

/// The stage, type, tag and attention filters and the sort, saying how many are on.
#[component]
pub fn FilterBox(
    /// The list's filters.
    filters: ContactFilters,
) -> impl IntoView {
    let state = use_app_state();
    let tags = Memo::new(move |_| state.ledger.with(all_tags));
    view! {
        <details class="filters-box" open=!browser::is_narrow()>
            // Folded on a phone, it still says how many filters narrow the list.
            <summary data-testid="filters-toggle">
                "Filters and sort"
                {move || {
                    let on = filters.narrowing();
                    (on > 0).then(|| format!(" · {on} on"))
                }}
            </summary>
            <div class="filters">
                <SelectField label="Stage" testid="filter-stage" value=filters.stage.with_blank("All stages")
                    options=choices(Stage::ALL) />
                <SelectField label="Type" testid="filter-type" value=filters.stakeholder.with_blank("All types")
                    options=choices(StakeholderType::ALL) />
                <SelectField label="Tag" testid="filter-tag" value=filters.tag.with_blank("All tags")
                    options=Signal::derive(move || choices(&tags.get())) />
                <SelectField label="Needs attention" testid="filter-attention" value=filters.attention.with_blank("Everyone")
                    options=choices(&[Attention::Quiet, Attention::Overdue]) />
                <SelectField label="Sort by" testid="sort" value=filters.sort
                    options=choices(&[SortOrder::Name, SortOrder::LastContact, SortOrder::Stage]) />
            </div>
        </details>
    }
}
