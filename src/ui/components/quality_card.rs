use leptos::prelude::*;

use crate::domain::{ContactId, QualityCheck};
use crate::ui::browser;
use crate::ui::form::day_label;
use crate::ui::state::use_app_state;

const DIMENSIONS: [(&str, &str); 4] = [
    ("trust", "Trust"),
    ("mutuality", "Control mutuality"),
    ("commitment", "Commitment"),
    ("satisfaction", "Satisfaction"),
];

/// Hon and Grunig's four ratings, with their trend over time.
#[component]
pub fn QualityCard(
    /// Whose relationship.
    contact: ContactId,
) -> impl IntoView {
    let state = use_app_state();
    let checks = Memo::new(move |_| {
        state.ledger.with(|ledger| {
            ledger
                .contact(contact)
                .map(|c| c.quality_checks.clone())
                .unwrap_or_default()
        })
    });
    let ratings: [RwSignal<String>; 4] = std::array::from_fn(|_| RwSignal::new("3".to_owned()));
    let note = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = |index: usize| ratings[index].get_untracked().parse::<u8>().unwrap_or(0);
        let check = QualityCheck {
            at: browser::now().at,
            trust: value(0),
            mutuality: value(1),
            commitment: value(2),
            satisfaction: value(3),
            note: note.get_untracked().trim().to_owned(),
        };
        match state.apply(|ledger, _| ledger.add_quality_check(contact, check)) {
            Ok(()) => {
                note.set(String::new());
                state.notify("Quality check recorded.", None);
            }
            Err(error) => state.notify(error.to_string(), None),
        }
    };
    let average = |check: &QualityCheck| {
        f64::from(check.ratings().iter().map(|&r| u16::from(r)).sum::<u16>()) / 4.0
    };
    view! {
        <section class="card" aria-labelledby="quality-title" data-testid="quality">
            <h2 id="quality-title">"Relationship quality"</h2>
            {move || {
                let list = checks.get();
                let trend = match list.as_slice() {
                    [.., before, last] => {
                        let change = average(last) - average(before);
                        if change > 0.0 { format!("Improving: {:.1} → {:.1} out of 5.", average(before), average(last)) }
                        else if change < 0.0 { format!("Declining: {:.1} → {:.1} out of 5.", average(before), average(last)) }
                        else { format!("Steady at {:.1} out of 5.", average(last)) }
                    }
                    [only] => format!("One check so far: {:.1} out of 5.", average(only)),
                    [] => "Not rated yet.".to_owned(),
                };
                view! {
                    <p data-testid="quality-trend">{trend}</p>
                    {(!list.is_empty()).then(|| view! {
                        <div class="table-scroll"><table class="quality-table">
                            <caption class="visually-hidden">"Quality checks, newest first"</caption>
                            <thead><tr><th scope="col">"Date"</th>
                                {DIMENSIONS.iter().map(|(_, label)| view! { <th scope="col">{*label}</th> }).collect_view()}
                                <th scope="col">"Note"</th>
                            </tr></thead>
                            <tbody>
                                {list.iter().rev().map(|check| view! {
                                    <tr>
                                        <td>{day_label(browser::local_day(check.at))}</td>
                                        {check.ratings().iter().map(|r| view! { <td>{*r}</td> }).collect_view()}
                                        <td class="quality-note" data-testid="quality-row-note">{check.note.clone()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    })}
                }
            }}
            <form class="quality-form" on:submit=submit>
                <div class="form-grid">
                    {DIMENSIONS.iter().enumerate().map(|(index, (key, label))| {
                        let value = ratings[index];
                        view! {
                            <label class="field">
                                <span class="field-label">{*label}</span>
                                <select data-testid=format!("quality-{key}") on:change=move |ev| value.set(event_target_value(&ev))>
                                    {(1..=5).map(|n| view! {
                                        <option value=n.to_string() selected=move || value.get() == n.to_string()>{n}</option>
                                    }).collect_view()}
                                </select>
                            </label>
                        }
                    }).collect_view()}
                </div>
                <label class="field">
                    <span class="field-label">"Note"</span>
                    <input type="text" data-testid="quality-note" bind:value=note />
                </label>
                <div class="actions">
                    <button type="submit" data-testid="quality-submit">"Record ratings"</button>
                </div>
            </form>
        </section>
    }
}
