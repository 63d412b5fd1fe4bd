//! List parameters and envelopes: `limit`, opaque `cursor`, `{items, next_cursor}`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use iro_persistence::{Page, PageRequest};

use crate::error::{ApiError, FieldError};

/// Items per page when the client does not say.
pub const DEFAULT_LIMIT: u32 = 50;
/// The most items a page may hold.
pub const MAX_LIMIT: u32 = 200;

/// One page of a list, before it is given its named type with `page_type!`.
#[derive(Debug)]
pub struct Paged<T> {
    /// The items of this page, oldest first.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Paged<T> {
    /// Converts a storage page, encoding its continuation as an opaque cursor.
    pub fn from_page<U>(page: Page<U>, map: impl FnMut(U) -> T) -> Self {
        Paged {
            items: page.items.into_iter().map(map).collect(),
            next_cursor: page.next_after.as_deref().map(cursor_after),
        }
    }
}

/// The opaque cursor of the page that follows the item with id `after`.
pub fn cursor_after(after: &str) -> String {
    URL_SAFE_NO_PAD.encode(after)
}

/// Reads `limit` and `cursor` into a storage page request.
pub fn page_request(limit: Option<u32>, cursor: Option<&str>) -> Result<PageRequest, ApiError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::InvalidQuery(vec![FieldError::new(
            "limit",
            "range",
            format!("limit must be between 1 and {MAX_LIMIT}, got {limit}"),
        )]));
    }
    let after = cursor
        .map(|cursor| {
            URL_SAFE_NO_PAD.decode(cursor).ok().and_then(|bytes| String::from_utf8(bytes).ok()).ok_or_else(|| {
                ApiError::InvalidQuery(vec![FieldError::new("cursor", "format", "cursor is not one this API issued")])
            })
        })
        .transpose()?;
    Ok(PageRequest { limit, after })
}

impl<T> Paged<T> {
    /// Splits into items and cursor (for the named page types below).
    pub fn into_parts(self) -> (Vec<T>, Option<String>) {
        (self.items, self.next_cursor)
    }
}

/// Declares a named page type (`InstitutionPage`) so generated clients get a readable
/// class name instead of a generic instantiation.
#[macro_export]
macro_rules! page_type {
    ($name:ident, $item:ty, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        pub struct $name {
            /// The items of this page, oldest first.
            pub items: Vec<$item>,
            /// Pass as `cursor` to get the next page; `null` on the last page.
            pub next_cursor: Option<String>,
        }

        impl From<$crate::http::pagination::Paged<$item>> for $name {
            fn from(paged: $crate::http::pagination::Paged<$item>) -> Self {
                let (items, next_cursor) = paged.into_parts();
                $name { items, next_cursor }
            }
        }
    };
}
