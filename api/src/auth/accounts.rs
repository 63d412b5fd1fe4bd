//! A short-lived cache of the accounts behind access tokens, so a request does not read the
//! caller's account (and take a connection and a blocking-pool hop for it) every time.
//!
//! Freshness: a change made through this instance ([`AccountCache::forget`], called after the
//! change commits) takes effect on the next request; a change made elsewhere (another
//! instance, the `iro` command line) within [`FRESH_FOR`], when the cached copy expires.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use iro_domain::{ApiClient, User};

use super::subject::Subject;

/// How long a copy read from the database is used before it is read again: the longest a
/// deactivation, role or password change made on another instance takes to reach this one.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// More entries than this and the expired ones are dropped; should every entry still be
/// fresh, the cache is emptied (callers then read the database, as without a cache).
const MAX_ENTRIES: usize = 10_000;

/// An account as read from the database.
#[derive(Debug, Clone)]
pub enum Account {
    /// A person's account.
    User(User),
    /// An integration client.
    Client(ApiClient),
}

/// The cache, shared by every worker of one server.
#[derive(Debug, Clone, Default)]
pub struct AccountCache {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    entries: Mutex<HashMap<Subject, (Instant, Account)>>,
    /// Bumped by every `forget`, so a read that started before a change cannot store what it
    /// read after the change was forgotten.
    generation: AtomicU64,
}

/// A ticket taken before reading an account from the database; [`AccountCache::store`] keeps
/// the account only if no change was forgotten since.
#[derive(Debug, Clone, Copy)]
pub struct ReadTicket(u64);

impl AccountCache {
    /// The cached account of `subject`, if it was read less than [`FRESH_FOR`] ago.
    pub fn get(&self, subject: Subject) -> Option<Account> {
        let entries = self.entries();
        entries.get(&subject).filter(|(read_at, _)| read_at.elapsed() < FRESH_FOR).map(|(_, account)| account.clone())
    }

    /// Take this before reading an account from the database.
    pub fn ticket(&self) -> ReadTicket {
        ReadTicket(self.inner.generation.load(Ordering::Acquire))
    }

    /// Keeps an account read from the database since `ticket` was taken, unless a change was
    /// forgotten meanwhile (the read may then predate the change).
    pub fn store(&self, ticket: ReadTicket, subject: Subject, account: Account) {
        let mut entries = self.entries();
        if self.inner.generation.load(Ordering::Acquire) != ticket.0 {
            return;
        }
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (read_at, _)| read_at.elapsed() < FRESH_FOR);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(subject, (Instant::now(), account));
    }

    /// Drops the cached copy of an account that has just changed (call it after the change
    /// commits), so the next request reads the change.
    pub fn forget(&self, subject: Subject) {
        let mut entries = self.entries();
        // Under the lock, so a `store` either ran before (and its entry is removed here) or
        // sees the new generation.
        self.inner.generation.fetch_add(1, Ordering::AcqRel);
        entries.remove(&subject);
    }

    /// The entries; a panic while they were held cannot leave them half-changed (every
    /// change is one map operation), so a poisoned lock is still usable.
    fn entries(&self) -> MutexGuard<'_, HashMap<Subject, (Instant, Account)>> {
        self.inner.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {

    use chrono::Utc;
    use iro_domain::{Role, UserId};

    use super::*;

    fn user(id: UserId, role: Role) -> Account {
        let now = Utc::now();
        Account::User(User {
            id,
            username: "u".to_owned(),
            role,
            full_name: None,
            email: None,
            active: true,
            unit_ids: vec![],
            version: 1,
            created_at: now,
            updated_at: now,
            credentials_changed_at: None,
        })
    }

    fn role_of(account: Option<Account>) -> Option<Role> {
        match account {
            Some(Account::User(user)) => Some(user.role),
            _ => None,
        }
    }

    #[test]
    fn a_stored_account_is_served_until_forgotten() {
        let cache = AccountCache::default();
        let subject = Subject::User(UserId::generate());
        let ticket = cache.ticket();
        cache.store(ticket, subject, user(UserId::generate(), Role::Officer));
        assert_eq!(role_of(cache.get(subject)), Some(Role::Officer));
        cache.forget(subject);
        assert!(cache.get(subject).is_none());
    }

    #[test]
    fn a_read_that_started_before_a_change_is_not_kept() {
        let cache = AccountCache::default();
        let subject = Subject::User(UserId::generate());
        let ticket = cache.ticket();
        cache.forget(subject);
        cache.store(ticket, subject, user(UserId::generate(), Role::Admin));
        assert!(cache.get(subject).is_none());
        let ticket = cache.ticket();
        cache.store(ticket, subject, user(UserId::generate(), Role::Reporting));
        assert_eq!(role_of(cache.get(subject)), Some(Role::Reporting));
    }

    #[test]
    fn a_copy_expires() {
        let cache = AccountCache::default();
        let subject = Subject::User(UserId::generate());
        cache
            .inner
            .entries
            .lock()
            .unwrap()
            .insert(subject, (Instant::now().checked_sub(FRESH_FOR).unwrap(), user(UserId::generate(), Role::Officer)));
        assert!(cache.get(subject).is_none());
    }
}
