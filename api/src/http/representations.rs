//! The representation cache: the JSON of each version of a resource, made once and reused by
//! every list page that shows that version (issue 13, "responses serialized once").
//!
//! A list page used to read every column of its 50 rows, turn each into a domain value, then
//! into a response value, then into JSON: about two thirds of the server's time under a list
//! load went to those conversions. A resource's representation depends only on its row, and
//! every change of the row bumps its `version`, so the pair (id, version) names one JSON text
//! forever: the cache never needs invalidating, also when another instance made the change (the
//! list reads the current versions first, so a new version is simply a miss). Entries of older
//! versions are replaced; the whole cache is bounded in bytes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use actix_web::web::Bytes;
use iro_persistence::page::{Page, Versioned};
use serde::Serialize;
use uuid::Uuid;

use crate::error::ApiError;
use crate::http::pagination::cursor_after;

/// The most bytes of JSON the cache keeps (the lists' representations are a few hundred bytes
/// each: 16 MiB holds some 30,000). Reaching it empties the cache, which then fills again with
/// what is being read: simpler and cheaper per request than tracking recency, and a full
/// cache is a rare event at an office's scale.
pub const DEFAULT_BUDGET: usize = 16 * 1024 * 1024;

/// Which kind of resource an entry is of, so ids of different tables cannot collide.
pub type Kind = &'static str;

/// The cache, shared by every worker of one server.
#[derive(Debug, Clone)]
pub struct Representations {
    inner: Arc<Mutex<Entries>>,
}

#[derive(Debug)]
struct Entries {
    map: HashMap<(Kind, Uuid), (u32, Bytes)>,
    bytes: usize,
    budget: usize,
}

impl Default for Representations {
    fn default() -> Self {
        Representations::with_budget(DEFAULT_BUDGET)
    }
}

impl Representations {
    /// An empty cache holding at most `budget` bytes of JSON.
    pub fn with_budget(budget: usize) -> Self {
        Representations { inner: Arc::new(Mutex::new(Entries { map: HashMap::new(), bytes: 0, budget })) }
    }

    /// The JSON of each `(id, version)`, or `None` where the cache has not got that version.
    pub fn get_many(&self, kind: Kind, wanted: impl IntoIterator<Item = (Uuid, u32)>) -> Vec<Option<Bytes>> {
        let entries = self.entries();
        wanted
            .into_iter()
            .map(|(id, version)| match entries.map.get(&(kind, id)) {
                Some((cached, json)) if *cached == version => Some(json.clone()),
                _ => None,
            })
            .collect()
    }

    /// Serializes `value` as the representation of `(id, version)`, keeps it and returns it.
    pub fn put(&self, kind: Kind, id: Uuid, version: u32, value: &impl Serialize) -> Result<Bytes, ApiError> {
        let json = Bytes::from(
            serde_json::to_vec(value).map_err(|e| ApiError::Internal(format!("cannot serialize a {kind}: {e}")))?,
        );
        let mut entries = self.entries();
        if entries.bytes + json.len() > entries.budget {
            entries.map.clear();
            entries.bytes = 0;
        }
        entries.bytes += json.len();
        if let Some((_, old)) = entries.map.insert((kind, id), (version, json.clone())) {
            entries.bytes -= old.len();
        }
        Ok(json)
    }

    /// Every change of an entry is one map operation plus the byte count, so a panic
    /// elsewhere cannot leave them half-changed: a poisoned lock is still usable.
    fn entries(&self) -> MutexGuard<'_, Entries> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Bytes of JSON held (for tests and metrics).
    pub fn bytes(&self) -> usize {
        self.entries().bytes
    }
}

/// [`cached_page`] for a page as the repositories list it (`list_versions`: typed ids and their
/// versions, and the id to continue after): what every cached list handler does.
pub fn cached_list_page<Id, T, R: Serialize>(
    cache: &Representations,
    kind: Kind,
    page: &Page<Versioned<Id>>,
    load: impl FnOnce(&[Id]) -> Result<Vec<T>, ApiError>,
    key_of: impl Fn(&T) -> (Uuid, u32),
    render: impl Fn(T) -> R,
) -> Result<Bytes, ApiError>
where
    Id: Copy + Into<Uuid> + From<Uuid>,
{
    let versions: Vec<(Uuid, u32)> = page.items.iter().map(|v| (v.id.into(), v.version)).collect();
    let next_cursor = page.next_after.as_deref().map(cursor_after);
    let load = |ids: &[Uuid]| load(&ids.iter().map(|id| Id::from(*id)).collect::<Vec<Id>>());
    cached_page(cache, kind, &versions, next_cursor.as_deref(), load, key_of, render)
}

/// The body of a list page whose items are `page` (ids and current versions, in order): each
/// item's JSON from the cache where it holds that version, the others loaded with one call of
/// `load` (given the missing ids), rendered with `render`, and kept. An item that `load` no
/// longer finds (deleted meanwhile) is left out; one found at a newer version is shown as it
/// is now.
pub fn cached_page<T, R: Serialize>(
    cache: &Representations,
    kind: Kind,
    page: &[(Uuid, u32)],
    next_cursor: Option<&str>,
    load: impl FnOnce(&[Uuid]) -> Result<Vec<T>, ApiError>,
    key_of: impl Fn(&T) -> (Uuid, u32),
    render: impl Fn(T) -> R,
) -> Result<Bytes, ApiError> {
    let mut items = cache.get_many(kind, page.iter().copied());
    let missing: Vec<Uuid> =
        page.iter().zip(&items).filter(|(_, json)| json.is_none()).map(|((id, _), _)| *id).collect();
    if !missing.is_empty() {
        let mut loaded: HashMap<Uuid, Bytes> = HashMap::with_capacity(missing.len());
        for value in load(&missing)? {
            let (id, version) = key_of(&value);
            loaded.insert(id, cache.put(kind, id, version, &render(value))?);
        }
        for ((id, _), json) in page.iter().zip(items.iter_mut()) {
            if json.is_none() {
                *json = loaded.remove(id);
            }
        }
    }
    let items: Vec<Bytes> = items.into_iter().flatten().collect();
    page_body(&items, next_cursor)
}

/// The body of a list page, `{"items":[…],"next_cursor":…}`, from the items' JSON: the same
/// text serde would write for the page type, without parsing or re-encoding the items.
pub fn page_body(items: &[Bytes], next_cursor: Option<&str>) -> Result<Bytes, ApiError> {
    let cursor = serde_json::to_string(&next_cursor).map_err(|e| ApiError::Internal(format!("cursor: {e}")))?;
    let size = items.iter().map(Bytes::len).sum::<usize>() + items.len() + cursor.len() + 32;
    let mut body = Vec::with_capacity(size);
    body.extend_from_slice(b"{\"items\":[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        body.extend_from_slice(item);
    }
    body.extend_from_slice(b"],\"next_cursor\":");
    body.extend_from_slice(cursor.as_bytes());
    body.push(b'}');
    Ok(Bytes::from(body))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    #[test]
    fn a_version_is_served_until_a_newer_one_replaces_it() {
        let cache = Representations::default();
        let id = Uuid::now_v7();
        assert_eq!(cache.get_many("x", [(id, 1)]), vec![None]);
        cache.put("x", id, 1, &json!({"v": 1})).unwrap();
        assert_eq!(cache.get_many("x", [(id, 1)]), vec![Some(Bytes::from_static(b"{\"v\":1}"))]);
        assert_eq!(cache.get_many("x", [(id, 2)]), vec![None], "another version is a miss");
        assert_eq!(cache.get_many("y", [(id, 1)]), vec![None], "another kind is a miss");
        cache.put("x", id, 2, &json!({"v": 2})).unwrap();
        assert_eq!(cache.get_many("x", [(id, 1)]), vec![None], "the older version is gone");
        assert_eq!(cache.bytes(), 7);
    }

    #[test]
    fn the_budget_bounds_what_is_kept() {
        let cache = Representations::with_budget(20);
        let ids: Vec<Uuid> = (0..5).map(|_| Uuid::now_v7()).collect();
        for id in &ids {
            cache.put("x", *id, 1, &json!({"v": 1})).unwrap();
            assert!(cache.bytes() <= 20);
        }
        let kept = cache.get_many("x", ids.iter().map(|id| (*id, 1))).into_iter().flatten().count();
        assert!((1..=2).contains(&kept), "kept {kept}");
    }

    #[test]
    fn a_page_body_is_the_json_of_the_page() {
        let items = [Bytes::from_static(b"{\"a\":1}"), Bytes::from_static(b"{\"a\":2}")];
        let body: Value = serde_json::from_slice(&page_body(&items, Some("abc")).unwrap()).unwrap();
        assert_eq!(body, json!({"items": [{"a": 1}, {"a": 2}], "next_cursor": "abc"}));
        let empty: Value = serde_json::from_slice(&page_body(&[], None).unwrap()).unwrap();
        assert_eq!(empty, json!({"items": [], "next_cursor": null}));
    }
}
