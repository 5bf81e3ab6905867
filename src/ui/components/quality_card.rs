use leptos::prelude::*;

use crate::domain::{ContactId, QualityCheck, RelationshipType};
use crate::ui::browser;
use crate::ui::components::select_field::SelectField;
use crate::ui::form::day_label;
use crate::ui::state::use_app_state;

const DIMENSIONS: [(&str, &str); 4] = [
    ("trust", "Trust"),
    ("mutuality", "Control mutuality"),
    ("commitment", "Commitment"),
    ("satisfaction", "Satisfaction"),
];

/// The options of the relationship type: its label and what it means.
fn relationship_type_options() -> Vec<(String, String)> {
    RelationshipType::ALL
        .iter()
        .map(|&kind| {
            (
                kind.key().to_owned(),
                format!("{}: {}", kind.label(), kind.meaning()),
            )
        })
        .collect()
}

/// What the latest check that named a type says, and whether it changed since the one
/// before that named one.
fn type_summary(checks: &[QualityCheck]) -> Option<String> {
    let mut typed = checks
        .iter()
        .rev()
        .filter_map(|check| check.relationship_type);
    let latest = typed.next()?;
    let label = latest.label();
    Some(match typed.next() {
        Some(before) if before != latest => format!(
            "Now {} ({}), after {}.",
            label.to_lowercase(),
            latest.meaning(),
            before.label().to_lowercase()
        ),
        _ => format!("{label}: {}.", latest.meaning()),
    })
}

/// Hon and Grunig's four ratings, with their trend over time, and whether the relationship
/// is one of exchange or communal.
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
    let relationship_type = RwSignal::new(String::new());
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
            relationship_type: RelationshipType::from_key(&relationship_type.get_untracked()),
        };
        match state.apply(|ledger, _| ledger.add_quality_check(contact, check)) {
            Ok(()) => {
                note.set(String::new());
                relationship_type.set(String::new());
                state.notify("Quality check recorded.", None);
            }
            Err(error) => state.notify(error.to_string(), None),
        }
    };
    let average = QualityCheck::average;
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
                let kind = type_summary(&list);
                view! {
                    <p data-testid="quality-trend">{trend}</p>
                    {kind.map(|kind| view! { <p data-testid="quality-type">{kind}</p> })}
                    {(!list.is_empty()).then(|| view! {
                        <div class="table-scroll"><table class="quality-table">
                            <caption class="visually-hidden">"Quality checks, newest first"</caption>
                            <thead><tr><th scope="col">"Date"</th>
                                {DIMENSIONS.iter().map(|(_, label)| view! { <th scope="col">{*label}</th> }).collect_view()}
                                <th scope="col">"Type"</th>
                                <th scope="col">"Note"</th>
                            </tr></thead>
                            <tbody>
                                {list.iter().rev().map(|check| view! {
                                    <tr>
                                        <td>{day_label(browser::local_day(check.at))}</td>
                                        {check.ratings().iter().map(|r| view! { <td>{*r}</td> }).collect_view()}
                                        <td>{check.relationship_type.map_or("", RelationshipType::label)}</td>
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
                <SelectField label="Why each side gives" testid="quality-type-choice"
                    value=relationship_type options=relationship_type_options() blank="Not sure yet" />
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Timestamp;

    fn check(relationship_type: Option<RelationshipType>) -> QualityCheck {
        QualityCheck {
            at: Timestamp::from_millis(0),
            trust: 3,
            mutuality: 3,
            commitment: 3,
            satisfaction: 3,
            note: String::new(),
            relationship_type,
        }
    }

    #[test]
    fn the_latest_type_named_is_told_with_the_change_from_the_one_before() {
        use RelationshipType::{Communal, Exchange};
        assert_eq!(type_summary(&[]), None);
        assert_eq!(type_summary(&[check(None)]), None);
        assert_eq!(
            type_summary(&[check(Some(Exchange)), check(None)]),
            Some("Exchange: giving because something is expected back.".to_owned())
        );
        assert_eq!(
            type_summary(&[check(Some(Exchange)), check(Some(Communal))]),
            Some(
                "Now communal (giving out of care for each other, expecting nothing back), \
                 after exchange."
                    .to_owned()
            )
        );
        assert_eq!(
            type_summary(&[check(Some(Communal)), check(Some(Communal))]),
            Some("Communal: giving out of care for each other, expecting nothing back.".to_owned())
        );
    }
}
