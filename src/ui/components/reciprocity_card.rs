use leptos::prelude::*;

use crate::domain::evidence::Evidence;
use crate::domain::ContactId;
use crate::ui::browser;
use crate::ui::state::use_app_state;

/// The give/ask balance and the promises kept, at a glance.
#[component]
pub fn ReciprocityCard(
    /// Whose balance.
    contact: ContactId,
) -> impl IntoView {
    let state = use_app_state();
    let figures = Memo::new(move |_| {
        state.ledger.with(|ledger| {
            Evidence::gather(ledger, contact, browser::now()).map(|evidence| {
                (
                    evidence.balance(),
                    evidence.kept_and_missed(),
                    evidence.kept_percent(),
                    evidence.my_overdue_promises(),
                )
            })
        })
    });
    move || {
        figures.get().map(|(balance, (kept, missed), percent, overdue)| {
            let verdict = if balance.is_healthy() {
                "Healthy: you give at least as much as you ask."
            } else if balance.gives == 0 {
                "Nothing given yet: give first."
            } else {
                "You ask more than you give."
            };
            let ratio = match percent {
                None => "No promise resolved yet.".to_owned(),
                Some(percent) => format!("{percent}% of promises kept ({kept} kept, {missed} missed)."),
            };
            view! {
                <section class="card" aria-labelledby="balance-title" data-testid="reciprocity">
                    <h2 id="balance-title">"Reciprocity"</h2>
                    <div class="figures">
                        <div><strong data-testid="balance-gives">{balance.gives}</strong><span>" given"</span></div>
                        <div><strong data-testid="balance-received">{balance.received}</strong><span>" received"</span></div>
                        <div><strong data-testid="balance-asks">{balance.asks}</strong><span>" asked"</span></div>
                    </div>
                    <p data-testid="balance-verdict">{verdict}</p>
                    <p class="muted" data-testid="kept-ratio">{ratio}</p>
                    {(overdue > 0).then(|| view! {
                        <p class="form-error">{format!("{overdue} of your promises overdue.")}</p>
                    })}
                </section>
            }
        })
    }
}
