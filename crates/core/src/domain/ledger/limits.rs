//! Size limits on free text and lists, so one record can never swamp storage or the screen.

/// Longest name, in characters.
pub const NAME: usize = 200;
/// Longest short text (role, website, list entry, promise), in characters.
pub const SHORT_TEXT: usize = 500;
/// Longest link kept with an interaction, in characters (a news site's address with
/// its tracking parameters runs to a few hundred).
pub const LINK: usize = 2_000;
/// Longest long text (notes, summary, listening notes, reasons), in characters.
pub const LONG_TEXT: usize = 20_000;
/// Most entries in one list (tags, interests, emails…).
pub const LIST_ENTRIES: usize = 100;
/// Most stage moves, quality checks or ticks in one contact's history.
pub const HISTORY: usize = 1_000;
/// Longest snooze, in days from today.
pub const SNOOZE_DAYS: i64 = 366;
