//! Keyset pagination over time-ordered ids: pages never skip or repeat under inserts.

/// Which page to read: at most `limit` items with an id greater than `after`.
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    /// Maximum number of items (the API clamps it to 1..=200).
    pub limit: u32,
    /// The last id of the previous page.
    pub after: Option<String>,
}

/// One page of items and, when more follow, the id to continue after.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The items, ordered by id.
    pub items: Vec<T>,
    /// The last id of this page when another page follows.
    pub next_after: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` fetched rows: the extra row only says "more follow".
    pub fn from_overfetch(mut rows: Vec<T>, limit: u32, id_of: impl Fn(&T) -> String) -> Self {
        let limit = limit as usize;
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next_after = if more { rows.last().map(&id_of) } else { None };
        Page { items: rows, next_after }
    }

    /// Converts each item, failing on the first error.
    pub fn try_map<U, E>(self, f: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page { items: self.items.into_iter().map(f).collect::<Result<_, _>>()?, next_after: self.next_after })
    }
}

/// An item's id and the version it is at (every change bumps it): what a list page needs to
/// know to reuse a representation it already made of that version (the API's representation
/// cache), without reading the item's other columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Versioned<Id> {
    /// Id.
    pub id: Id,
    /// Version.
    pub version: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_extra_row_means_another_page() {
        let page = Page::from_overfetch(vec![1, 2, 3], 2, |n| n.to_string());
        assert_eq!(page.items, vec![1, 2]);
        assert_eq!(page.next_after.as_deref(), Some("2"));
        let last = Page::from_overfetch(vec![1, 2], 2, |n| n.to_string());
        assert_eq!(last.next_after, None);
    }
}
