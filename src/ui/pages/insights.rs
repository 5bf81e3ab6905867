//! Insights: the whole ledger in five charts, each with a one-line takeaway in words, and
//! the relationships' quality as their latest checks rate it.
//!
//! The figures come from [`crate::domain::stats`]; this module only turns them into chart
//! rows, tables and sentences (plain functions, tested natively).

use leptos::prelude::*;

use crate::domain::evidence::Balance;
use crate::domain::stats::{
    self, flow_totals, percent, DialogueMix, Funnel, Insights, MonthFlow, PromiseStats,
    QualityOverview, StakeholderMix,
};
use crate::domain::words::{counted, one_decimal};
use crate::domain::Stage;
use crate::ui::browser;
use crate::ui::components::charts::{Bar, DataTable, Group, Series};
use crate::ui::components::{BarChart, ColumnChart, Term};
use crate::ui::pages::contacts::load_demo;
use crate::ui::route::Route;
use crate::ui::state::use_app_state;

/// A percentage for a table cell, or a dash when there is nothing to divide.
fn percent_text(value: Option<u32>) -> String {
    value.map_or_else(|| "–".to_owned(), |value| format!("{value}%"))
}

/// "1 day", "12 days": medians of an even count can end in a half, rounded here.
fn days_text(days: f64) -> String {
    counted(days.round() as usize, "day", "days")
}

// ----- funnel -----

fn funnel_bars(funnel: &Funnel) -> Vec<Bar> {
    funnel
        .stages
        .iter()
        .map(|stage| {
            let conversion = funnel
                .conversion_into(stage.stage)
                .and_then(|conversion| conversion.percent())
                .map(|value| format!(" · {value}%"))
                .unwrap_or_default();
            Bar {
                label: stage.stage.label().to_owned(),
                values: vec![stage.current, stage.reached - stage.current],
                note: format!("{}{conversion}", stage.reached),
            }
        })
        .collect()
}

fn funnel_table(funnel: &Funnel) -> DataTable {
    DataTable {
        headers: [
            "Stage",
            "Now at stage",
            "Reached it or further",
            "Conversion from previous stage",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: funnel
            .stages
            .iter()
            .map(|stage| {
                vec![
                    stage.stage.label().to_owned(),
                    stage.current.to_string(),
                    stage.reached.to_string(),
                    percent_text(
                        funnel
                            .conversion_into(stage.stage)
                            .and_then(|conversion| conversion.percent()),
                    ),
                ]
            })
            .collect(),
    }
}

fn median_text(median: Option<f64>, contacts: usize) -> String {
    median.map_or_else(
        || "no move recorded yet".to_owned(),
        |days| {
            format!(
                "{} (over {})",
                days_text(days),
                counted(contacts, "contact", "contacts")
            )
        },
    )
}

fn funnel_takeaway(funnel: &Funnel) -> String {
    let Some(into_relationship) = funnel.conversion_into(Stage::Relationship) else {
        return String::new();
    };
    if into_relationship.reached_from == 0 {
        return "No contact has reached Connection yet: start by getting on someone's radar."
            .to_owned();
    }
    let mut text = format!(
        "{} of {} reached Relationship",
        into_relationship.reached_to,
        counted(into_relationship.reached_from, "connection", "connections")
    );
    if let Some(days) = funnel.median_days_to_relationship {
        text.push_str(&format!("; median {}", days_text(days)));
    }
    text.push('.');
    if let Some(into_partnership) = funnel
        .conversion_into(Stage::Partnership)
        .filter(|conversion| conversion.reached_from > 0)
    {
        text.push_str(&format!(
            " {} of {} reached Partnership.",
            into_partnership.reached_to,
            counted(
                into_partnership.reached_from,
                "relationship",
                "relationships"
            )
        ));
    }
    text
}

// ----- stakeholder mix -----

fn mix_bars(mix: &StakeholderMix) -> Vec<Bar> {
    mix.by_stage
        .iter()
        .chain([&mix.overall])
        .map(|share| Bar {
            label: share
                .stage
                .map_or("All stages", |stage| stage.label())
                .to_owned(),
            values: vec![share.media, share.others()],
            note: share
                .percent()
                .map_or_else(|| "nobody".to_owned(), |value| format!("{value}% media")),
        })
        .collect()
}

fn mix_table(mix: &StakeholderMix) -> DataTable {
    let mut headers = vec!["Stakeholder type".to_owned()];
    headers.extend(Stage::ALL.iter().map(|stage| stage.label().to_owned()));
    headers.push("Total".to_owned());
    let counts = |label: String, by_stage: Vec<usize>, total: usize| {
        let mut row = vec![label];
        row.extend(by_stage.iter().map(usize::to_string));
        row.push(total.to_string());
        row
    };
    let mut rows: Vec<Vec<String>> = mix
        .rows
        .iter()
        .filter(|row| row.total() > 0)
        .map(|row| {
            counts(
                row.stakeholder.label().to_owned(),
                row.by_stage.to_vec(),
                row.total(),
            )
        })
        .collect();
    rows.push(counts(
        "Media".to_owned(),
        mix.by_stage.iter().map(|share| share.media).collect(),
        mix.overall.media,
    ));
    rows.push(counts(
        "All contacts".to_owned(),
        mix.by_stage.iter().map(|share| share.total).collect(),
        mix.overall.total,
    ));
    let mut share = vec!["Media share".to_owned()];
    share.extend(
        mix.by_stage
            .iter()
            .chain([&mix.overall])
            .map(|share| percent_text(share.percent())),
    );
    rows.push(share);
    DataTable { headers, rows }
}

fn mix_takeaway(mix: &StakeholderMix) -> String {
    let Some(media) = mix.overall.percent() else {
        return String::new();
    };
    let types = counted(mix.types_present(), "stakeholder type", "stakeholder types");
    if media >= 75 {
        format!(
            "Mostly media: {media}% of your contacts are journalists, creators, influencers or \
             analysts ({types} in all). Customers, partners and other publics need relationships too."
        )
    } else {
        format!(
            "{media}% media, {}% other publics, across {types}.",
            100 - media
        )
    }
}

// ----- reciprocity per month -----

fn flow_groups(months: &[MonthFlow]) -> Vec<Group> {
    months
        .iter()
        .map(|month| Group {
            label: month.short_label().to_owned(),
            values: vec![month.gives, month.received, month.asks],
        })
        .collect()
}

fn flow_table(months: &[MonthFlow]) -> DataTable {
    let totals = flow_totals(months);
    let mut rows: Vec<Vec<String>> = months
        .iter()
        .map(|month| {
            vec![
                month.label(),
                month.gives.to_string(),
                month.received.to_string(),
                month.asks.to_string(),
            ]
        })
        .collect();
    rows.push(vec![
        "All 12 months".to_owned(),
        totals.gives.to_string(),
        totals.received.to_string(),
        totals.asks.to_string(),
    ]);
    DataTable {
        headers: ["Month", "Given", "Received", "Asked"]
            .map(str::to_owned)
            .to_vec(),
        rows,
    }
}

fn flow_takeaway(months: &[MonthFlow]) -> String {
    let totals = flow_totals(months);
    if totals.gives + totals.received + totals.asks == 0 {
        return "Nothing given, received or asked in the last 12 months.".to_owned();
    }
    let balance = Balance {
        gives: totals.gives,
        received: totals.received,
        asks: totals.asks,
        introductions: 0,
    };
    format!(
        "Last 12 months: {} given, {} received, {} asked. {}",
        totals.gives,
        totals.received,
        totals.asks,
        balance.verdict()
    )
}

// ----- dialogue versus broadcast -----

fn dialogue_bars(mix: &DialogueMix) -> Vec<Bar> {
    let total = mix.total();
    [
        ("One-to-one dialogue", mix.dialogue),
        ("Broadcast", mix.broadcast),
        ("Surface engagement", mix.surface),
    ]
    .into_iter()
    .map(|(label, count)| Bar {
        label: label.to_owned(),
        values: vec![count],
        note: format!("{count} · {}", percent_text(percent(count, total))),
    })
    .collect()
}

fn dialogue_table(mix: &DialogueMix) -> DataTable {
    DataTable {
        headers: ["Kind", "Interactions"].map(str::to_owned).to_vec(),
        rows: [
            ("One-to-one dialogue", mix.dialogue),
            ("Of which they started", mix.inbound),
            ("Broadcast", mix.broadcast),
            ("Surface engagement", mix.surface),
            ("All interactions", mix.total()),
        ]
        .into_iter()
        .map(|(label, count)| vec![label.to_owned(), count.to_string()])
        .collect(),
    }
}

fn dialogue_takeaway(mix: &DialogueMix) -> String {
    match mix.dialogue_percent() {
        None => "No dialogue or broadcast logged yet.".to_owned(),
        Some(share) => format!(
            "Of dialogue and broadcast, {share}% is one-to-one: {} against {}; they started \
             {} of the dialogues.{}",
            counted(mix.dialogue, "dialogue", "dialogues"),
            counted(mix.broadcast, "broadcast", "broadcasts"),
            mix.inbound,
            match mix.surface {
                0 => String::new(),
                surface => format!(
                    " Surface engagement ({surface}) is left out of that share; the bars count it."
                ),
            }
        ),
    }
}

// ----- promises -----

fn promise_rows(stats: &PromiseStats) -> [(&'static str, usize, usize); 4] {
    let (mine, theirs) = (stats.mine, stats.theirs);
    [
        ("Kept", mine.kept, theirs.kept),
        ("Missed", mine.missed, theirs.missed),
        ("Open", mine.open, theirs.open),
        ("Overdue", mine.overdue, theirs.overdue),
    ]
}

fn promise_bars(stats: &PromiseStats) -> Vec<Bar> {
    promise_rows(stats)
        .into_iter()
        .map(|(label, mine, theirs)| Bar {
            label: label.to_owned(),
            values: vec![mine, theirs],
            note: (mine + theirs).to_string(),
        })
        .collect()
}

fn promise_table(stats: &PromiseStats) -> DataTable {
    let all = stats.all();
    let mut rows: Vec<Vec<String>> = promise_rows(stats)
        .into_iter()
        .map(|(label, mine, theirs)| {
            vec![
                label.to_owned(),
                mine.to_string(),
                theirs.to_string(),
                (mine + theirs).to_string(),
            ]
        })
        .collect();
    rows.push(vec![
        "Of those kept, late".to_owned(),
        stats.mine.kept_late.to_string(),
        stats.theirs.kept_late.to_string(),
        all.kept_late.to_string(),
    ]);
    rows.push(vec![
        "Kept of resolved".to_owned(),
        percent_text(stats.mine.kept_percent()),
        percent_text(stats.theirs.kept_percent()),
        percent_text(all.kept_percent()),
    ]);
    DataTable {
        headers: ["Status", "Mine", "Theirs", "All"]
            .map(str::to_owned)
            .to_vec(),
        rows,
    }
}

fn promise_takeaway(stats: &PromiseStats) -> String {
    let mine = stats.mine;
    let resolved = mine.kept + mine.missed;
    let mut text = match mine.kept_percent() {
        None => "None of your promises is resolved yet.".to_owned(),
        Some(_) if resolved == 1 && mine.kept_late == 1 => {
            "You kept your one resolved promise, late.".to_owned()
        }
        Some(_) if resolved == 1 && mine.kept == 1 => {
            "You kept your one resolved promise.".to_owned()
        }
        Some(_) if resolved == 1 => "You missed your one resolved promise.".to_owned(),
        Some(share) => format!(
            "You kept {} of your {} ({share}%){}.",
            mine.kept,
            counted(resolved, "resolved promise", "resolved promises"),
            match mine.kept_late {
                0 => String::new(),
                late => format!(", {late} of them late"),
            }
        ),
    };
    if mine.overdue > 0 {
        let overdue = if mine.overdue == 1 {
            " 1 of yours is overdue.".to_owned()
        } else {
            format!(" {} of yours are overdue.", mine.overdue)
        };
        text.push_str(&overdue);
    }
    text
}

fn quality_takeaway(quality: &QualityOverview) -> String {
    let Some(average) = quality.average else {
        return "No relationship rated yet. From time to time, rate trust, control mutuality, \
                commitment and satisfaction on a contact's page, and watch them move."
            .to_owned();
    };
    let mut text = format!(
        "{} rated: {} out of 5 on average at their latest check.",
        counted(quality.rated, "contact", "contacts"),
        one_decimal(average)
    );
    match quality.declining.len() {
        0 => {}
        1 => text.push_str(" 1 is declining since the check before."),
        declining => text.push_str(&format!(
            " {declining} are declining since the check before."
        )),
    }
    text
}

/// How many relationships are communal and how many exchanges, in words.
fn relationship_types_text(quality: &QualityOverview) -> String {
    if quality.communal + quality.exchange == 0 {
        "No check says yet why each side gives.".to_owned()
    } else {
        format!(
            "{} communal, {} exchange",
            quality.communal, quality.exchange
        )
    }
}

// ----- the page -----

/// One chart in a card: heading, takeaway, chart.
#[component]
fn ChartCard(
    /// The card's `data-testid` (`chart-funnel` …); its takeaway gets `{testid}-takeaway`.
    testid: &'static str,
    /// The heading.
    #[prop(into)]
    heading: String,
    /// The one-line takeaway.
    takeaway: String,
    /// The glossary term the heading names, explained beside it.
    #[prop(optional)]
    term: Option<&'static str>,
    /// The chart.
    children: Children,
) -> impl IntoView {
    view! {
        <section class="card chart-card" data-testid=testid aria-labelledby=format!("{testid}-title")>
            <div class="heading-with-term">
                <h2 id=format!("{testid}-title")>{heading}</h2>
                {term.map(|key| view! { <Term key /> })}
            </div>
            <p class="takeaway" data-testid=format!("{testid}-takeaway")>{takeaway}</p>
            {children()}
        </section>
    }
}

fn charts(all: Insights) -> impl IntoView {
    let Insights {
        funnel,
        mix,
        months,
        dialogue,
        promises,
        quality,
        ..
    } = all;
    let span = match (months.first(), months.last()) {
        (Some(first), Some(last)) => format!("{} to {}", first.label(), last.label()),
        _ => String::new(),
    };
    view! {
        <div class="insights-grid">
            <ChartCard testid="chart-funnel" heading="Stage funnel" takeaway=funnel_takeaway(&funnel)>
                <BarChart
                    id="chart-funnel"
                    title="Contacts per stage"
                    summary="Bar chart: for each stage, contacts now at it and contacts that went further, with the conversion from the stage before."
                    series=vec![Series::new("Now at this stage"), Series::new("Went further")]
                    bars=funnel_bars(&funnel)
                    data=funnel_table(&funnel)
                />
                <dl class="chart-facts">
                    <dt>"Connection to relationship"</dt>
                    <dd data-testid="median-to-relationship">
                        {median_text(funnel.median_days_to_relationship, funnel.moves_to_relationship)}
                    </dd>
                    <dt>"Relationship to partnership"</dt>
                    <dd data-testid="median-to-partnership">
                        {median_text(funnel.median_days_to_partnership, funnel.moves_to_partnership)}
                    </dd>
                </dl>
                <p class="muted small">
                    "Bars: contacts that ever reached a stage or went further (someone added as a connection counts for Target too); the figure after the dot is the share of the previous stage that got there. Times are medians from first entering one stage to first entering the next."
                </p>
            </ChartCard>
            <ChartCard testid="chart-mix" heading="Stakeholder mix" takeaway=mix_takeaway(&mix)>
                <BarChart
                    id="chart-mix"
                    title="Media and other publics per stage"
                    summary="Stacked bar chart: at each stage, contacts who are media (journalists, creators, influencers, analysts) and contacts from other publics."
                    series=vec![Series::new("Media"), Series::new("Other publics")]
                    bars=mix_bars(&mix)
                    data=mix_table(&mix)
                />
            </ChartCard>
            <ChartCard testid="chart-reciprocity" heading="Given, received, asked" takeaway=flow_takeaway(&months) term="reciprocity">
                <ColumnChart
                    id="chart-reciprocity"
                    title=format!("Gives, received and asks per month, {span}")
                    summary=format!("Column chart of gives, received and asks per month, {span}.")
                    series=vec![Series::new("Given"), Series::new("Received"), Series::new("Asked")]
                    groups=flow_groups(&months)
                    data=flow_table(&months)
                />
            </ChartCard>
            <ChartCard testid="chart-dialogue" heading="Dialogue versus broadcast" takeaway=dialogue_takeaway(&dialogue) term="surface-engagement">
                <BarChart
                    id="chart-dialogue"
                    title="Interactions by reach"
                    summary="Bar chart of interactions: one-to-one dialogue, broadcast, and surface engagement."
                    series=vec![Series::new("Interactions")]
                    bars=dialogue_bars(&dialogue)
                    data=dialogue_table(&dialogue)
                />
                <p class="muted small">
                    "Dialogue: introductions, conversations, gives, asks, received, promises, collaborations. Likes and follows count as surface engagement, apart."
                </p>
            </ChartCard>
            <ChartCard testid="chart-promises" heading="Promises" takeaway=promise_takeaway(&promises)>
                <BarChart
                    id="chart-promises"
                    title="Promises kept, missed, open and overdue"
                    summary="Stacked bar chart of promises kept, missed, open and overdue, yours and theirs."
                    series=vec![Series::new("Mine"), Series::new("Theirs")]
                    bars=promise_bars(&promises)
                    data=promise_table(&promises)
                />
            </ChartCard>
            <ChartCard testid="quality-overview" heading="Relationship quality" takeaway=quality_takeaway(&quality) term="quality">
                <dl class="chart-facts">
                    <dt>"Exchange or communal (each contact's latest check that says)" <Term key="exchange-communal" /></dt>
                    <dd data-testid="quality-overview-types">{relationship_types_text(&quality)}</dd>
                    {(!quality.declining.is_empty()).then(|| view! {
                        <dt>"Declining since the check before"</dt>
                        <dd>
                            <ul class="plain-list" data-testid="quality-declining">
                                {quality.declining.iter().map(|(id, name)| view! {
                                    <li><a href=Route::Contact(*id).href()>{name.clone()}</a></li>
                                }).collect_view()}
                            </ul>
                        </dd>
                    })}
                </dl>
                <p class="muted small">
                    "Hon and Grunig (1999): in an exchange, each gives because something is expected back; in a communal relationship, out of care for the other's welfare, even with nothing back."
                </p>
            </ChartCard>
        </div>
    }
}

/// Charts and figures over the whole ledger.
#[component]
pub fn InsightsPage() -> impl IntoView {
    let state = use_app_state();
    let insights = Memo::new(move |_| {
        state
            .ledger
            .with(|ledger| stats::insights(ledger, browser::now()))
    });
    view! {
        <section class="page" data-testid="insights">
            <div class="page-head">
                <h1>"Insights"</h1>
            </div>
            {move || {
                let all = insights.get();
                if all.contacts == 0 {
                    view! {
                        <div class="card empty-state" data-testid="insights-empty">
                            <h2>"Nothing to chart yet"</h2>
                            <p>
                                "Once you add contacts and log what you give, ask and promise, this page shows "
                                "your stage funnel, who you talk to, and whether you give before you ask."
                            </p>
                            <div class="actions">
                                <a href=Route::Contacts.href()>"Add contacts"</a>
                                <button type="button" data-testid="load-demo" on:click=move |_| load_demo(state)>
                                    "Load the demo ledger"
                                </button>
                            </div>
                        </div>
                    }
                    .into_any()
                } else {
                    charts(all).into_any()
                }
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stats::{Conversion, FunnelStage, MediaShare, MixRow, PromiseCounts};
    use crate::domain::StakeholderType;

    fn funnel(reached: [usize; 4], current: [usize; 4], median: Option<f64>) -> Funnel {
        let stages: Vec<FunnelStage> = Stage::ALL
            .iter()
            .enumerate()
            .map(|(index, &stage)| FunnelStage {
                stage,
                current: current[index],
                reached: reached[index],
            })
            .collect();
        Funnel {
            conversions: stages
                .windows(2)
                .map(|pair| Conversion {
                    from: pair[0].stage,
                    to: pair[1].stage,
                    reached_from: pair[0].reached,
                    reached_to: pair[1].reached,
                })
                .collect(),
            stages,
            median_days_to_relationship: median,
            moves_to_relationship: 3,
            median_days_to_partnership: None,
            moves_to_partnership: 0,
        }
    }

    #[test]
    fn funnel_takeaway_says_how_many_connections_reached_relationship() {
        let known = funnel([12, 10, 3, 1], [2, 7, 2, 1], Some(42.0));
        assert_eq!(
            funnel_takeaway(&known),
            "3 of 10 connections reached Relationship; median 42 days. 1 of 3 relationships reached Partnership."
        );
        let nobody = funnel([2, 0, 0, 0], [2, 0, 0, 0], None);
        assert!(funnel_takeaway(&nobody).starts_with("No contact has reached Connection"));
    }

    #[test]
    fn median_days_are_whole() {
        assert_eq!(days_text(446.5), "447 days");
        assert_eq!(days_text(1.0), "1 day");
        assert_eq!(median_text(None, 0), "no move recorded yet");
        assert_eq!(median_text(Some(25.0), 2), "25 days (over 2 contacts)");
    }

    #[test]
    fn funnel_rows_stack_current_and_passed_through() {
        let known = funnel([12, 10, 3, 1], [2, 7, 2, 1], Some(42.0));
        let bars = funnel_bars(&known);
        assert_eq!(bars[0].values, vec![2, 10]);
        assert_eq!(bars[0].note, "12");
        assert_eq!(bars[2].note, "3 · 30%");
        let table = funnel_table(&known);
        assert_eq!(table.rows[1], vec!["Connection", "7", "10", "83%"]);
        assert_eq!(table.rows[0][3], "–");
    }

    #[test]
    fn mix_table_lists_present_types_then_media_and_totals() {
        let rows = StakeholderType::ALL
            .iter()
            .map(|&stakeholder| MixRow {
                stakeholder,
                by_stage: match stakeholder {
                    StakeholderType::Journalist => [1, 1, 0, 0],
                    StakeholderType::Customer => [0, 1, 1, 0],
                    _ => [0; 4],
                },
            })
            .collect();
        let share = |stage, media, total| MediaShare {
            stage,
            media,
            total,
        };
        let mix = StakeholderMix {
            rows,
            by_stage: vec![
                share(Some(Stage::Target), 1, 1),
                share(Some(Stage::Connection), 1, 2),
                share(Some(Stage::Relationship), 0, 1),
                share(Some(Stage::Partnership), 0, 0),
            ],
            overall: share(None, 2, 4),
        };
        let table = mix_table(&mix);
        let headings: Vec<&str> = table.rows.iter().map(|row| row[0].as_str()).collect();
        assert_eq!(
            headings,
            vec![
                "Journalist",
                "Customer",
                "Media",
                "All contacts",
                "Media share"
            ]
        );
        assert_eq!(
            table.rows[4],
            vec!["Media share", "100%", "50%", "0%", "–", "50%"]
        );
        assert_eq!(
            mix_takeaway(&mix),
            "50% media, 50% other publics, across 2 stakeholder types."
        );
        assert_eq!(mix_bars(&mix)[4].note, "50% media");
        assert_eq!(mix_bars(&mix)[3].note, "nobody");
    }

    #[test]
    fn quality_takeaway_gives_the_latest_average_and_the_declining() {
        assert!(
            quality_takeaway(&QualityOverview::default()).starts_with("No relationship rated yet.")
        );
        let someone = |n: u128, name: &str| {
            (
                crate::domain::ContactId::new(crate::domain::Timestamp::from_millis(0), n),
                name.to_owned(),
            )
        };
        let quality = QualityOverview {
            rated: 4,
            average: Some(3.625),
            declining: vec![someone(1, "Ana")],
            communal: 1,
            exchange: 2,
        };
        assert_eq!(
            quality_takeaway(&quality),
            "4 contacts rated: 3.6 out of 5 on average at their latest check. 1 is declining \
             since the check before."
        );
        let two = QualityOverview {
            declining: vec![someone(1, "Ana"), someone(2, "Ben")],
            average: Some(3.25),
            ..quality.clone()
        };
        assert_eq!(
            quality_takeaway(&two),
            "4 contacts rated: 3.3 out of 5 on average at their latest check. 2 are declining \
             since the check before."
        );
        assert_eq!(relationship_types_text(&quality), "1 communal, 2 exchange");
        let quality = QualityOverview {
            rated: 1,
            average: Some(4.0),
            ..QualityOverview::default()
        };
        assert_eq!(
            quality_takeaway(&quality),
            "1 contact rated: 4.0 out of 5 on average at their latest check."
        );
        assert_eq!(
            relationship_types_text(&quality),
            "No check says yet why each side gives."
        );
    }

    #[test]
    fn promise_takeaway_counts_my_promises() {
        let stats = PromiseStats {
            mine: PromiseCounts {
                kept: 8,
                kept_late: 0,
                missed: 2,
                open: 1,
                overdue: 1,
            },
            theirs: PromiseCounts::default(),
        };
        assert_eq!(
            promise_takeaway(&stats),
            "You kept 8 of your 10 resolved promises (80%). 1 of yours is overdue."
        );
        assert_eq!(
            promise_table(&stats).rows[5],
            vec!["Kept of resolved", "80%", "–", "80%"]
        );
        let one = |kept, kept_late, missed| PromiseStats {
            mine: PromiseCounts {
                kept,
                kept_late,
                missed,
                ..PromiseCounts::default()
            },
            theirs: PromiseCounts::default(),
        };
        assert_eq!(
            promise_takeaway(&one(1, 0, 0)),
            "You kept your one resolved promise."
        );
        assert_eq!(
            promise_takeaway(&one(1, 1, 0)),
            "You kept your one resolved promise, late."
        );
        assert_eq!(
            promise_takeaway(&one(0, 0, 1)),
            "You missed your one resolved promise."
        );
        let late = PromiseStats {
            mine: PromiseCounts {
                kept_late: 3,
                ..stats.mine
            },
            ..stats
        };
        assert_eq!(
            promise_takeaway(&late),
            "You kept 8 of your 10 resolved promises (80%), 3 of them late. 1 of yours is \
             overdue."
        );
        assert_eq!(
            promise_table(&late).rows[4],
            vec!["Of those kept, late", "3", "0", "3"]
        );
    }

    #[test]
    fn dialogue_takeaway_compares_one_to_one_with_broadcast() {
        let mix = DialogueMix {
            dialogue: 3,
            inbound: 1,
            broadcast: 1,
            surface: 2,
        };
        assert_eq!(
            dialogue_takeaway(&mix),
            "Of dialogue and broadcast, 75% is one-to-one: 3 dialogues against 1 broadcast; they \
             started 1 of the dialogues. Surface engagement (2) is left out of that share; the \
             bars count it."
        );
        assert_eq!(dialogue_bars(&mix)[2].note, "2 · 33%");
    }
}
