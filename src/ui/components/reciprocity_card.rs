//! The give/ask balance, the promises kept and when you were last in touch, at a glance.

use leptos::prelude::*;

use crate::domain::evidence::Evidence;
use crate::domain::stats::{percent, PromiseCounts};
use crate::domain::{ContactId, Party};
use crate::ui::browser;
use crate::ui::components::Term;
use crate::ui::state::use_app_state;

/// The give/ask balance, the promises kept and when you were last in touch, at a glance.
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
                    evidence.promise_counts(Party::Me),
                    evidence.promise_counts(Party::Them),
                    evidence.my_overdue_promises(),
                    evidence.in_touch_in_words(ledger.settings()),
                )
            })
        })
    });
    move || {
        figures.get().map(|(balance, mine, theirs, overdue, in_touch)| {
            let verdict = balance.verdict();
            let ratio = kept_words(mine, theirs);
            view! {
                <section class="card" aria-labelledby="balance-title" data-testid="reciprocity">
                    <div class="heading-with-term">
                        <h2 id="balance-title">"Reciprocity"</h2>
                        <Term key="reciprocity" />
                    </div>
                    <div class="figures">
                        <div><strong data-testid="balance-gives">{balance.gives}</strong><span>" given"</span></div>
                        <div><strong data-testid="balance-received">{balance.received}</strong><span>" received"</span></div>
                        <div><strong data-testid="balance-asks">{balance.asks}</strong><span>" asked"</span></div>
                    </div>
                    <p data-testid="balance-verdict">{verdict}</p>
                    <p data-testid="in-touch">{in_touch}</p>
                    <p class="muted" data-testid="kept-ratio">{ratio}</p>
                    {(overdue > 0).then(|| view! {
                        <p class="form-error">{format!("{overdue} of your promises overdue.")}</p>
                    })}
                </section>
            }
        })
    }
}

/// Promises kept on each side, in words: "You kept 6 of 7 (86%), 1 late; they kept 1 of
/// 1 (100%)." Only resolved promises count (kept or missed); a side with none is left out.
fn kept_words(mine: PromiseCounts, theirs: PromiseCounts) -> String {
    let side = |counts: PromiseCounts| {
        let (kept, resolved) = (counts.kept, counts.kept + counts.missed);
        let late = match counts.kept_late {
            0 => String::new(),
            late => format!(", {late} late"),
        };
        percent(kept, resolved).map(|share| format!("kept {kept} of {resolved} ({share}%){late}"))
    };
    match (side(mine), side(theirs)) {
        (None, None) => "No promise resolved yet.".to_owned(),
        (Some(mine), None) => format!("You {mine}."),
        (None, Some(theirs)) => format!("They {theirs}."),
        (Some(mine), Some(theirs)) => format!("You {mine}; they {theirs}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_side_counts_its_own_resolved_promises() {
        let counts = |kept, kept_late, missed| PromiseCounts {
            kept,
            kept_late,
            missed,
            ..PromiseCounts::default()
        };
        let none = PromiseCounts::default();
        assert_eq!(kept_words(none, none), "No promise resolved yet.");
        assert_eq!(
            kept_words(counts(6, 0, 1), counts(1, 0, 0)),
            "You kept 6 of 7 (86%); they kept 1 of 1 (100%)."
        );
        assert_eq!(kept_words(counts(2, 0, 0), none), "You kept 2 of 2 (100%).");
        assert_eq!(kept_words(none, counts(0, 0, 3)), "They kept 0 of 3 (0%).");
        assert_eq!(
            kept_words(counts(6, 1, 1), counts(2, 2, 0)),
            "You kept 6 of 7 (86%), 1 late; they kept 2 of 2 (100%), 2 late."
        );
    }
}
