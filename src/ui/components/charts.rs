//! Small charts drawn as inline SVG (no chart crate: the wasm stays small).
//!
//! Each chart is an image with an `aria-label` and a `<title>`, followed by a visually
//! hidden table with every number, so a screen reader gets the figures and a sighted
//! person gets the picture. Colour never carries meaning alone: series differ by pattern
//! too (solid, hatched, dotted) and are named in a text legend; bars carry their numbers.
//! The layout math lives in [`crate::ui::chart_math`].

use leptos::prelude::*;

use crate::ui::chart_math::{grouped, num, stack, Axis, RowLayout};

/// SVG width of every chart; the SVG scales to the card's width.
const WIDTH: f64 = 360.0;
/// Room kept right of the bars for their direct labels.
const NOTE_ROOM: f64 = 96.0;

/// One series of a chart: its name in the legend and the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The name shown in the legend.
    pub name: String,
}

impl Series {
    /// A series called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into() }
    }
}

/// One row of a horizontal bar chart: its label, one value per series (stacked), and the
/// text written at the end of the bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The row's label, written above the bar.
    pub label: String,
    /// One value per series, stacked left to right.
    pub values: Vec<usize>,
    /// The direct label at the end of the bar ("5 · 83%").
    pub note: String,
}

/// One group of a column chart: its label under the axis and one value per series.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The short label under the group ("Mar").
    pub label: String,
    /// One value per series, side by side.
    pub values: Vec<usize>,
}

/// The numbers behind a chart, as a table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataTable {
    /// Column headings; the first heads the row labels.
    pub headers: Vec<String>,
    /// Rows; each row's first cell is its heading.
    pub rows: Vec<Vec<String>>,
}

/// The style class of series `index`: its colour and pattern.
fn series_class(index: usize) -> String {
    format!("series series-{}", index % 4)
}

/// The fill patterns of a chart, with ids unique to it (`{prefix}-p1` …).
fn patterns(prefix: &str) -> impl IntoView {
    view! {
        <defs>
            <pattern id=format!("{prefix}-p1") patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
                <rect class="pattern-ground ground-1" width="6" height="6"></rect>
                <line class="pattern-ink" x1="0" y1="0" x2="0" y2="6"></line>
            </pattern>
            <pattern id=format!("{prefix}-p2") patternUnits="userSpaceOnUse" width="5" height="5">
                <rect class="pattern-ground ground-2" width="5" height="5"></rect>
                <circle class="pattern-dot" cx="2.5" cy="2.5" r="1.2"></circle>
            </pattern>
            <pattern id=format!("{prefix}-p3") patternUnits="userSpaceOnUse" width="6" height="6">
                <rect class="pattern-ground ground-3" width="6" height="6"></rect>
                <path class="pattern-ink" d="M0 3H6M3 0V6"></path>
            </pattern>
        </defs>
    }
}

/// The fill of series `index`: a colour for the first, a pattern over colour for the others.
fn series_fill(prefix: &str, index: usize) -> Option<String> {
    match index % 4 {
        0 => None,
        pattern => Some(format!("url(#{prefix}-p{pattern})")),
    }
}

/// A rectangle filled as series `index`.
fn series_rect(
    prefix: &str,
    index: usize,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
) -> impl IntoView {
    view! {
        <rect
            class=series_class(index)
            fill=series_fill(prefix, index)
            x=num(x)
            y=num(y)
            width=num(width)
            height=num(height)
        ></rect>
    }
}

/// The legend: a swatch drawn like the series, then its name.
fn legend(prefix: String, series: Vec<Series>) -> impl IntoView {
    (series.len() > 1).then(|| {
        view! {
            <ul class="chart-legend" aria-hidden="true">
                {series
                    .into_iter()
                    .enumerate()
                    .map(|(index, series)| {
                        view! {
                            <li>
                                <svg class="swatch" viewBox="0 0 16 16" width="16" height="16">
                                    {patterns(&format!("{prefix}-s{index}"))}
                                    {series_rect(&format!("{prefix}-s{index}"), index, 0.0, 0.0, 16.0, 16.0)}
                                </svg>
                                {series.name}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// The visually hidden table with every number of a chart.
/// The words of a chart: its id prefix, title and one-sentence summary.
struct ChartText {
    id: String,
    title: String,
    summary: String,
}

/// The frame every chart shares: the SVG with its title, label and fill patterns around
/// `body`, then the legend and the hidden data table.
fn figure(
    text: ChartText,
    height: f64,
    body: impl IntoView,
    series: Vec<Series>,
    data: DataTable,
) -> impl IntoView {
    let ChartText { id, title, summary } = text;
    view! {
        <figure class="chart">
            <svg
                class="chart-svg"
                viewBox=format!("0 0 {} {}", num(WIDTH), num(height))
                role="img"
                aria-label=summary
                preserveAspectRatio="xMinYMin meet"
            >
                <title>{title.clone()}</title>
                {patterns(&id)}
                {body}
            </svg>
            {legend(id.clone(), series)}
            {table(format!("{id}-table"), title, data)}
        </figure>
    }
}

fn table(testid: String, caption: String, data: DataTable) -> impl IntoView {
    view! {
        <table class="visually-hidden" data-testid=testid>
            <caption>{caption}</caption>
            <thead>
                <tr>
                    {data.headers.into_iter().map(|header| view! { <th scope="col">{header}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>
                {data
                    .rows
                    .into_iter()
                    .map(|row| {
                        let mut cells = row.into_iter();
                        let heading = cells.next().unwrap_or_default();
                        view! {
                            <tr>
                                <th scope="row">{heading}</th>
                                {cells.map(|cell| view! { <td>{cell}</td> }).collect_view()}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// A horizontal bar chart: one row per [`Bar`], its label above it and its note at its end;
/// several series stack within a bar.
#[component]
pub fn BarChart(
    /// A unique id prefix for the chart's patterns, and the `data-testid` of its table
    /// (`{id}-table`).
    #[prop(into)]
    id: String,
    /// The chart's title (the SVG `<title>` and the table's caption).
    #[prop(into)]
    title: String,
    /// What the chart shows, in one sentence, for its `aria-label`.
    #[prop(into)]
    summary: String,
    /// The series stacked in each bar (a legend is shown when there are several).
    series: Vec<Series>,
    /// The rows.
    bars: Vec<Bar>,
    /// Every number, for the hidden table.
    data: DataTable,
) -> impl IntoView {
    let rows = RowLayout::STANDARD;
    let height = rows.height(bars.len());
    let max = bars
        .iter()
        .map(|bar| bar.values.iter().sum::<usize>())
        .max()
        .unwrap_or(0);
    let axis = Axis::for_max(max, 4);
    let plot = WIDTH - NOTE_ROOM;
    let prefix = id.clone();
    let drawn = bars
        .into_iter()
        .enumerate()
        .map(|(row, bar)| {
            let spans = stack(&bar.values, axis, plot);
            let end = spans.last().map_or(0.0, |span| span.start + span.length);
            let y = rows.bar_y(row);
            let pieces = spans
                .into_iter()
                .enumerate()
                .filter(|(_, span)| span.length > 0.0)
                .map(|(index, span)| series_rect(&prefix, index, span.start, y, span.length, rows.bar))
                .collect_view();
            view! {
                <g>
                    <text class="chart-label" x="0" y=num(rows.label_y(row))>{bar.label}</text>
                    <rect class="chart-track" x="0" y=num(y) width=num(plot) height=num(rows.bar)></rect>
                    {pieces}
                    <text class="chart-note" x=num(end + 6.0) y=num(y + rows.bar / 2.0) dominant-baseline="central">
                        {bar.note}
                    </text>
                </g>
            }
        })
        .collect_view();
    figure(
        ChartText { id, title, summary },
        height,
        drawn,
        series,
        data,
    )
}

/// A grouped column chart (one group per month, say), with a count axis and gridlines.
#[component]
pub fn ColumnChart(
    /// A unique id prefix for the chart's patterns, and the `data-testid` of its table
    /// (`{id}-table`).
    #[prop(into)]
    id: String,
    /// The chart's title (the SVG `<title>` and the table's caption).
    #[prop(into)]
    title: String,
    /// What the chart shows, in one sentence, for its `aria-label`.
    #[prop(into)]
    summary: String,
    /// The series side by side in each group.
    series: Vec<Series>,
    /// The groups, left to right.
    groups: Vec<Group>,
    /// Every number, for the hidden table.
    data: DataTable,
) -> impl IntoView {
    const HEIGHT: f64 = 200.0;
    const LEFT: f64 = 26.0;
    const TOP: f64 = 8.0;
    const BOTTOM: f64 = 22.0;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let plot_width = WIDTH - LEFT - 2.0;
    let baseline = HEIGHT - BOTTOM;
    let max = groups
        .iter()
        .flat_map(|group| group.values.iter().copied())
        .max()
        .unwrap_or(0);
    let axis = Axis::for_max(max, 4);
    let slots = grouped(groups.len(), series.len(), LEFT, plot_width, 0.3);
    let grid = axis
        .ticks()
        .into_iter()
        .map(|tick| {
            let y = baseline - axis.scale(tick, plot_height);
            view! {
                <g>
                    <line class="chart-grid" x1=num(LEFT) x2=num(WIDTH - 2.0) y1=num(y) y2=num(y)></line>
                    <text class="chart-tick" x=num(LEFT - 5.0) y=num(y) text-anchor="end" dominant-baseline="central">
                        {tick.to_string()}
                    </text>
                </g>
            }
        })
        .collect_view();
    let prefix = id.clone();
    let columns = groups
        .into_iter()
        .zip(slots)
        .map(|(group, slots)| {
            let center = slots
                .first()
                .zip(slots.last())
                .map_or(0.0, |(first, last)| (first.x + last.x + last.width) / 2.0);
            let bars = group
                .values
                .iter()
                .zip(&slots)
                .enumerate()
                .filter(|(_, (&value, _))| value > 0)
                .map(|(index, (&value, slot))| {
                    let height = axis.scale(value, plot_height);
                    series_rect(
                        &prefix,
                        index,
                        slot.x,
                        baseline - height,
                        slot.width,
                        height,
                    )
                })
                .collect_view();
            view! {
                <g>
                    {bars}
                    <text class="chart-tick" x=num(center) y=num(HEIGHT - 6.0) text-anchor="middle">
                        {group.label}
                    </text>
                </g>
            }
        })
        .collect_view();
    let body = view! {
        {grid}
        <line class="chart-axis" x1=num(LEFT) x2=num(WIDTH - 2.0) y1=num(baseline) y2=num(baseline)></line>
        {columns}
    };
    figure(ChartText { id, title, summary }, HEIGHT, body, series, data)
}
