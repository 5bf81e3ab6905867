//! The relationship quality check (trust, control mutuality, commitment, satisfaction),
//! rated from nothing chosen, and its history.

use leptos::prelude::*;

use crate::domain::glossary;
use crate::domain::words::one_decimal;
use crate::domain::{ContactId, QualityCheck, RelationshipType, Timestamp};
use crate::ui::browser;
use crate::ui::choice_signal::{choices, MaybeChoiceSignal};
use crate::ui::components::select_field::SelectField;
use crate::ui::components::{FormError, Term};
use crate::ui::form::day_label;
use crate::ui::state::{use_app_state, AppState, Undo};

/// Hon and Grunig's four dimensions, as the glossary (and so the guide) explains them.
const DIMENSIONS: [(&str, &str, &str); 4] = glossary::QUALITY_DIMENSIONS;

/// The labels of the dimensions not rated yet (an empty value is "not chosen"), in order.
fn unrated(values: &[String; 4]) -> Vec<&'static str> {
    DIMENSIONS
        .iter()
        .zip(values)
        .filter(|(_, value)| value.parse::<u8>().map_or(true, |n| !(1..=5).contains(&n)))
        .map(|((_, label, _), _)| *label)
        .collect()
}

/// What saving says when some dimensions are not rated: "Choose a rating for Trust and
/// Commitment first."
fn unrated_message(labels: &[&str]) -> Option<String> {
    let list = match labels {
        [] => return None,
        [only] => (*only).to_owned(),
        [first @ .., last] => format!("{} and {last}", first.join(", ")),
    };
    Some(format!(
        "Choose a rating for {list} first: nothing is recorded until all four are rated."
    ))
}

/// The trend of the ratings' mean between the last two checks, in words.
fn trend(checks: &[QualityCheck]) -> String {
    let mean = |check: &QualityCheck| one_decimal(check.average());
    match checks {
        [.., before, last] => {
            let (from, to) = (mean(before), mean(last));
            match last.average().total_cmp(&before.average()) {
                std::cmp::Ordering::Greater => format!("Improving: {from} → {to} out of 5."),
                std::cmp::Ordering::Less => format!("Declining: {from} → {to} out of 5."),
                std::cmp::Ordering::Equal => format!("Steady at {to} out of 5."),
            }
        }
        [only] => format!("One check so far: {} out of 5.", mean(only)),
        [] => "Not rated yet.".to_owned(),
    }
}

/// Deletes a check recorded by mistake, with an Undo that puts it back.
fn delete_check(state: AppState, contact: ContactId, at: Timestamp) {
    match state.apply(|ledger, now| ledger.remove_quality_check(contact, at, now.at)) {
        Ok(check) => state.notify(
            "Quality check deleted.",
            Some(Undo::Rerate {
                contact,
                check: Box::new(check),
            }),
        ),
        Err(error) => state.notify_refusal(&error),
    }
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
    // Every rating starts unchosen: a score the person did not give is never recorded.
    let ratings: [RwSignal<String>; 4] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let note = RwSignal::new(String::new());
    let relationship_type = MaybeChoiceSignal::<RelationshipType>::new(None);
    let missing = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let values = ratings.map(|rating| rating.get_untracked());
        missing.set(unrated_message(&unrated(&values)));
        if missing.get_untracked().is_some() {
            return;
        }
        let value = |index: usize| ratings[index].get_untracked().parse::<u8>().unwrap_or(0);
        let at = browser::now().at;
        let check = QualityCheck {
            at,
            trust: value(0),
            mutuality: value(1),
            commitment: value(2),
            satisfaction: value(3),
            note: note.get_untracked().trim().to_owned(),
            relationship_type: relationship_type.get_untracked(),
        };
        match state.apply(|ledger, _| ledger.add_quality_check(contact, check)) {
            Ok(()) => {
                note.set(String::new());
                state.notify(
                    "Quality check recorded.",
                    Some(Undo::Unrate { contact, at }),
                );
            }
            Err(error) => state.notify_refusal(&error),
        }
    };
    view! {
        <section class="card" aria-labelledby="quality-title" data-testid="quality">
            <div class="heading-with-term">
                <h2 id="quality-title">"Relationship quality"</h2>
                <Term key="quality" />
            </div>
            {move || {
                let list = checks.get();
                let trend = trend(&list);
                let kind = type_summary(&list);
                view! {
                    <p data-testid="quality-trend">{trend}</p>
                    {kind.map(|kind| view! { <p data-testid="quality-type">{kind}</p> })}
                    {(!list.is_empty()).then(|| view! {
                        <div class="table-scroll"><table class="quality-table">
                            <caption class="visually-hidden">"Quality checks, newest first"</caption>
                            <thead><tr><th scope="col">"Date"</th>
                                {DIMENSIONS.iter().map(|(_, label, _)| view! { <th scope="col">{*label}</th> }).collect_view()}
                                <th scope="col">"Type"</th>
                                <th scope="col">"Note"</th>
                            </tr></thead>
                            <tbody>
                                {list.iter().rev().map(|check| {
                                    let at = check.at;
                                    let day = day_label(browser::local_day(at));
                                    view! {
                                    <tr>
                                        <td class="quality-day">
                                            {day.clone()}
                                            <button type="button" class="small ghost" data-testid="quality-delete"
                                                aria-label=format!("Delete the check of {day}")
                                                on:click=move |_| delete_check(state, contact, at)>"Delete"</button>
                                        </td>
                                        {check.ratings().iter().map(|r| view! { <td>{*r}</td> }).collect_view()}
                                        <td data-testid="quality-row-type">{check.relationship_type.map_or("Not sure", RelationshipType::label)}</td>
                                        <td class="quality-note" data-testid="quality-row-note">{check.note.clone()}</td>
                                    </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    })}
                }
            }}
            <form class="quality-form" on:submit=submit>
                <div class="form-grid">
                    {DIMENSIONS.iter().enumerate().map(|(index, (key, label, hint))| {
                        let value = ratings[index];
                        view! {
                            <div class="field-with-note">
                            <label class="field">
                                <span class="field-label">{*label}</span>
                                <span class="field-hint">{*hint}</span>
                                <select data-testid=format!("quality-{key}") on:change=move |ev| {
                                    value.set(event_target_value(&ev));
                                    let values = ratings.map(|rating| rating.get_untracked());
                                    if missing.get_untracked().is_some() {
                                        missing.set(unrated_message(&unrated(&values)));
                                    }
                                }>
                                    <option value="" disabled=true selected=move || value.get().is_empty()>"Choose…"</option>
                                    {(1..=5).map(|n| view! {
                                        <option value=n.to_string() selected=move || value.get() == n.to_string()>{match n {
                                            1 => "1: not at all".to_owned(),
                                            5 => "5: fully".to_owned(),
                                            n => n.to_string(),
                                        }}</option>
                                    }).collect_view()}
                                </select>
                            </label>
                            {(*key == "mutuality").then(|| view! { <Term key="control-mutuality" /> })}
                            </div>
                        }
                    }).collect_view()}
                </div>
                <div class="field-with-note">
                    <SelectField label="Why each side gives" testid="quality-type-choice"
                        value=relationship_type.with_blank("Not sure yet") options=choices(RelationshipType::ALL) />
                    <Term key="exchange-communal" />
                </div>
                <label class="field">
                    <span class="field-label">"Note"</span>
                    <input type="text" data-testid="quality-note" bind:value=note />
                </label>
                <FormError error=missing testid="quality-missing" />
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
    fn every_dimension_must_be_rated_before_a_check_is_recorded() {
        let values = |v: [&str; 4]| v.map(str::to_owned);
        assert_eq!(
            unrated(&values(["", "", "", ""])),
            vec!["Trust", "Control mutuality", "Commitment", "Satisfaction"]
        );
        assert_eq!(
            unrated(&values(["5", "", "3", "0"])),
            vec!["Control mutuality", "Satisfaction"]
        );
        assert!(unrated(&values(["1", "2", "4", "5"])).is_empty());
        assert_eq!(unrated_message(&[]), None);
        assert_eq!(
            unrated_message(&["Trust", "Control mutuality", "Satisfaction"]).as_deref(),
            Some(
                "Choose a rating for Trust, Control mutuality and Satisfaction first: nothing \
                 is recorded until all four are rated."
            )
        );
    }

    #[test]
    fn the_trend_compares_the_last_two_means_rounded_half_up() {
        let rated = |ratings: [u8; 4]| QualityCheck {
            trust: ratings[0],
            mutuality: ratings[1],
            commitment: ratings[2],
            satisfaction: ratings[3],
            ..check(None)
        };
        assert_eq!(trend(&[]), "Not rated yet.");
        assert_eq!(
            trend(&[rated([4, 3, 3, 3])]),
            "One check so far: 3.3 out of 5."
        );
        assert_eq!(
            trend(&[rated([5, 5, 5, 5]), rated([4, 4, 4, 4])]),
            "Declining: 5.0 → 4.0 out of 5."
        );
        assert_eq!(
            trend(&[rated([3, 3, 3, 3]), rated([4, 3, 3, 3])]),
            "Improving: 3.0 → 3.3 out of 5."
        );
        assert_eq!(
            trend(&[rated([2, 4, 3, 3]), rated([3, 3, 3, 3])]),
            "Steady at 3.0 out of 5."
        );
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
