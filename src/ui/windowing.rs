//! Which rows of a long list to put in the DOM: only those in view, plus a margin, so a
//! list of thousands scrolls and filters without jank.

/// Lists up to this long are rendered whole; longer ones are windowed.
pub const WINDOW_THRESHOLD: usize = 150;

/// Rows rendered above and below the visible ones, so fast scrolling shows no gap.
const OVERSCAN: usize = 8;

/// The rows to render, `start..end`, for a list of `len` rows of `row_height` pixels seen
/// through a viewport `viewport` pixels tall scrolled `scroll_top` pixels down.
pub fn visible_range(
    len: usize,
    row_height: f64,
    scroll_top: f64,
    viewport: f64,
) -> (usize, usize) {
    if len <= WINDOW_THRESHOLD || row_height <= 0.0 {
        return (0, len);
    }
    let first = (scroll_top.max(0.0) / row_height).floor() as usize;
    let shown = (viewport.max(row_height) / row_height).ceil() as usize;
    let start = first.saturating_sub(OVERSCAN).min(len);
    let end = (first + shown + OVERSCAN).min(len);
    (start, end.max(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lists_render_whole() {
        assert_eq!(visible_range(40, 60.0, 500.0, 600.0), (0, 40));
    }

    #[test]
    fn long_lists_render_the_view_and_a_margin() {
        assert_eq!(visible_range(5_000, 60.0, 0.0, 600.0), (0, 18));
        assert_eq!(visible_range(5_000, 60.0, 6_000.0, 600.0), (92, 118));
        assert_eq!(visible_range(5_000, 60.0, 1e9, 600.0), (5_000, 5_000));
        assert_eq!(visible_range(5_000, 60.0, 299_400.0, 600.0), (4_982, 5_000));
    }
}
