//! The layout math of the charts (axis, scales, bar and column positions), kept out of the
//! components so it runs and is tested natively. Everything is in SVG user units.

/// A count axis from zero: a "nice" step (1, 2 or 5 times a power of ten) and the top value
/// it reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Axis {
    /// Distance between ticks.
    pub step: usize,
    /// The largest tick; the scale's maximum.
    pub top: usize,
}

impl Axis {
    /// An axis for counts up to `max`, with about `ticks` steps (at least one).
    ///
    /// The step never goes below 1 (counts are whole), and an empty chart still gets an
    /// axis from 0 to 1, so nothing divides by zero.
    pub fn for_max(max: usize, ticks: usize) -> Self {
        let raw = max.div_ceil(ticks.max(1)).max(1);
        let step = (0..usize::BITS)
            .map(|exponent| 10usize.saturating_pow(exponent))
            .flat_map(|power| [power, power.saturating_mul(2), power.saturating_mul(5)])
            .find(|&nice| nice >= raw)
            .unwrap_or(raw);
        let top = max.div_ceil(step).max(1) * step;
        Self { step, top }
    }

    /// The tick values, from 0 to [`top`](Self::top).
    pub fn ticks(&self) -> Vec<usize> {
        (0..=self.top / self.step)
            .map(|index| index * self.step)
            .collect()
    }

    /// `value` as a length along an axis `length` long.
    pub fn scale(&self, value: usize, length: f64) -> f64 {
        value as f64 / self.top as f64 * length
    }
}

/// One piece of a horizontal bar: where it starts and how long it is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    /// Distance from the start of the plot.
    pub start: f64,
    /// Length.
    pub length: f64,
}

/// The pieces of one stacked bar, end to end from 0, scaled on `axis` over `length`.
pub fn stack(values: &[usize], axis: Axis, length: f64) -> Vec<Span> {
    let mut start = 0.0;
    values
        .iter()
        .map(|&value| {
            let span = Span {
                start,
                length: axis.scale(value, length),
            };
            start += span.length;
            span
        })
        .collect()
}

/// The vertical layout of a horizontal bar chart whose rows carry their label above the
/// bar (so labels never squeeze the bars on a phone).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RowLayout {
    /// Height of the label line above each bar.
    pub label: f64,
    /// Thickness of a bar.
    pub bar: f64,
    /// Space after each bar.
    pub gap: f64,
}

impl RowLayout {
    /// The standard row: 18 units of label, a 20-unit bar, 12 units of space.
    pub const STANDARD: RowLayout = RowLayout {
        label: 18.0,
        bar: 20.0,
        gap: 12.0,
    };

    /// The height of one row.
    pub fn row_height(&self) -> f64 {
        self.label + self.bar + self.gap
    }

    /// The baseline of row `index`'s label.
    pub fn label_y(&self, index: usize) -> f64 {
        index as f64 * self.row_height() + self.label - 5.0
    }

    /// The top of row `index`'s bar.
    pub fn bar_y(&self, index: usize) -> f64 {
        index as f64 * self.row_height() + self.label
    }

    /// The height of a chart of `rows` rows.
    pub fn height(&self, rows: usize) -> f64 {
        (rows as f64 * self.row_height() - self.gap).max(self.row_height())
    }
}

/// Where one column of a grouped column chart stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slot {
    /// Left edge.
    pub x: f64,
    /// Width.
    pub width: f64,
}

impl Slot {
    /// The horizontal middle.
    pub fn center(&self) -> f64 {
        self.x + self.width / 2.0
    }
}

/// The columns of `groups` groups of `series` columns each, side by side over a plot that
/// starts at `left` and is `width` wide. Each group gets an equal share of the width,
/// `padding` of which (a fraction, 0 to 1) is left empty between groups.
///
/// Returns one `Vec` per group, one [`Slot`] per series in it.
pub fn grouped(
    groups: usize,
    series: usize,
    left: f64,
    width: f64,
    padding: f64,
) -> Vec<Vec<Slot>> {
    if groups == 0 || series == 0 {
        return Vec::new();
    }
    let band = width / groups as f64;
    let inner = band * (1.0 - padding.clamp(0.0, 1.0));
    let column = inner / series as f64;
    (0..groups)
        .map(|group| {
            let start = left + group as f64 * band + (band - inner) / 2.0;
            (0..series)
                .map(|index| Slot {
                    x: start + index as f64 * column,
                    width: column,
                })
                .collect()
        })
        .collect()
}

/// The centre of group `index` of `groups` over a plot from `left`, `width` wide.
pub fn group_center(index: usize, groups: usize, left: f64, width: f64) -> f64 {
    let band = width / groups.max(1) as f64;
    left + band * (index as f64 + 0.5)
}

/// A coordinate as SVG text: at most one decimal, no trailing ".0".
pub fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(Axis::for_max(0, 4), Axis { step: 1, top: 1 });
        assert_eq!(Axis::for_max(3, 4), Axis { step: 1, top: 3 });
        assert_eq!(Axis::for_max(7, 4), Axis { step: 2, top: 8 });
        assert_eq!(Axis::for_max(10, 4), Axis { step: 5, top: 10 });
        assert_eq!(Axis::for_max(42, 4), Axis { step: 20, top: 60 });
        assert_eq!(Axis::for_max(101, 5), Axis { step: 50, top: 150 });
        assert_eq!(Axis::for_max(5, 0), Axis { step: 5, top: 5 });
    }

    #[test]
    fn ticks_run_from_zero_to_the_top() {
        assert_eq!(Axis::for_max(7, 4).ticks(), vec![0, 2, 4, 6, 8]);
        assert_eq!(Axis::for_max(0, 4).ticks(), vec![0, 1]);
    }

    #[test]
    fn scale_maps_the_top_to_the_full_length() {
        let axis = Axis::for_max(10, 4);
        assert_eq!(axis.scale(10, 300.0), 300.0);
        assert_eq!(axis.scale(5, 300.0), 150.0);
        assert_eq!(axis.scale(0, 300.0), 0.0);
    }

    #[test]
    fn stacked_spans_follow_each_other() {
        let axis = Axis { step: 5, top: 10 };
        let spans = stack(&[2, 0, 3], axis, 200.0);
        assert_eq!(
            spans,
            vec![
                Span {
                    start: 0.0,
                    length: 40.0
                },
                Span {
                    start: 40.0,
                    length: 0.0
                },
                Span {
                    start: 40.0,
                    length: 60.0
                },
            ]
        );
    }

    #[test]
    fn rows_stack_label_bar_and_gap() {
        let rows = RowLayout::STANDARD;
        assert_eq!(rows.row_height(), 50.0);
        assert_eq!(rows.bar_y(0), 18.0);
        assert_eq!(rows.bar_y(2), 118.0);
        assert_eq!(rows.label_y(1), 63.0);
        assert_eq!(rows.height(4), 188.0);
        assert_eq!(rows.height(0), 50.0);
    }

    #[test]
    fn grouped_columns_share_the_width_evenly() {
        let slots = grouped(2, 3, 40.0, 200.0, 0.25);
        assert_eq!(slots.len(), 2);
        // Each band is 100 wide, 75 of it for three columns of 25, centred.
        assert_eq!(
            slots[0][0],
            Slot {
                x: 52.5,
                width: 25.0
            }
        );
        assert_eq!(slots[0][2].x, 102.5);
        assert_eq!(slots[1][0].x, 152.5);
        assert_eq!(slots[1][1].center(), 190.0);
        assert_eq!(group_center(1, 2, 40.0, 200.0), 190.0);
        assert!(grouped(0, 3, 0.0, 100.0, 0.2).is_empty());
    }

    #[test]
    fn numbers_print_compactly() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(0.04), "0");
    }
}
