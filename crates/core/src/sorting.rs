//! One sort routine shared by the whole app.
//!
//! Every call of the standard library's `sort_by` with a closure of its own makes the
//! compiler emit a whole copy of the sort (about 4 KB of WebAssembly each): 41 copies were
//! 12 % of the app's code. The functions here sort *positions* through a single
//! non-generic routine and then move the items into place, so the app carries one copy.
//! The indirection costs a little per comparison, which the lists people sort (a search's
//! results, a section of Today, an export) never notice; the loads of tens of thousands of
//! records keep the standard sorts.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `items` by `compare`, keeping equal items in their order (a stable sort).
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &|a, b| compare(&items[a], &items[b]));
    move_into_order(items, &mut order);
}

/// Sorts `items` by the key `key` gives each, keeping equal items in their order. The key is
/// computed at every comparison, so it should be cheap (see [`sort_by_cached_key`]).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` by the key `key` gives each, computing each key once: for keys that
/// allocate, such as a lowercased name. Equal items keep their order.
pub fn sort_by_cached_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    if items.len() < 2 {
        return;
    }
    let keys: Vec<K> = items.iter().map(key).collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &|a, b| keys[a].cmp(&keys[b]));
    move_into_order(items, &mut order);
}

/// A map of `pairs`, inserted one by one (a later pair replaces an earlier one with the same
/// key). Collecting into a map sorts the pairs first, with a copy of the standard sort for
/// each key and value type: for small maps, or keys that come in order, inserting costs
/// nothing noticeable and no code. The loads of tens of thousands of records keep `collect`.
pub fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(pairs);
    map
}

/// A set of `items`, inserted one by one (of equal items, the first is kept), for the same
/// reason as [`map_of`].
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// The one instance of the standard sort: positions, compared through `compare`.
fn sort_positions(order: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

/// Puts the item at position `order[i]` at position `i`, following each cycle of the
/// permutation with swaps. `order` is left as the identity.
fn move_into_order<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..items.len() {
        let mut current = start;
        while order[current] != start {
            let next = order[current];
            items.swap(current, next);
            order[current] = current;
            current = next;
        }
        order[current] = current;
    }
}

// proptest does not build for WebAssembly; these run natively.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_stable_sort(items in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut sorted = items.clone();
            sort_by_key(&mut sorted, |item| item.0);
            prop_assert_eq!(&sorted, &expected);
            let mut cached = items.clone();
            sort_by_cached_key(&mut cached, |item| item.0);
            prop_assert_eq!(&cached, &expected);
            let mut reversed = items;
            sort_by(&mut reversed, |a, b| b.cmp(a));
            expected.sort_by(|a, b| b.cmp(a));
            prop_assert_eq!(reversed, expected);
        }
    }

    #[test]
    fn maps_and_sets_hold_what_collect_would() {
        let pairs = [(3, "c"), (1, "a"), (2, "b"), (1, "again")];
        assert_eq!(map_of(pairs), pairs.into_iter().collect::<BTreeMap<_, _>>());
        let items = [5, 1, 5, 3];
        assert_eq!(set_of(items), items.into_iter().collect::<BTreeSet<_>>());
    }

    #[test]
    fn strings_move_without_being_copied_or_lost() {
        let mut names = vec!["Zoë".to_owned(), "ada".to_owned(), "Ben".to_owned()];
        sort_by_cached_key(&mut names, |name| name.to_lowercase());
        assert_eq!(names, ["ada", "Ben", "Zoë"]);
    }
}
