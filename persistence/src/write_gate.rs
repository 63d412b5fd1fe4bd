//! A fair (first come, first served) gate that lets one SQLite write transaction of this
//! process run at a time.
//!
//! SQLite allows one writer per database file. A writer that finds the lock taken sleeps and
//! retries in its busy handler; nothing orders the sleepers, so under contention some wait far
//! longer than others and give up with "database is locked" once `busy_timeout` passes, while
//! latecomers get through (32 parallel nominations produced HTTP 500s that way). Queuing the
//! writers of this process here, before `BEGIN IMMEDIATE`, serves them in arrival order and
//! leaves the busy handler only other processes (e.g. `iro demo` run beside the server) and
//! the few writes outside `write_transaction`.

use std::cell::Cell;
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::RepoError;

/// How long a writer waits in the queue before the request is refused as busy: as long as a
/// pool checkout may take, twice SQLite's own `busy_timeout`. A fair queue of short
/// transactions moves well within it; reaching it means the database is overloaded.
pub(crate) const WRITE_GATE_TIMEOUT: Duration = Duration::from_secs(10);

/// The queue: who holds the gate and who waits, in arrival order.
#[derive(Debug, Default)]
struct Queue {
    /// Whether a writer is inside.
    held: bool,
    /// Tickets of the waiting writers, oldest first.
    waiting: VecDeque<u64>,
    /// The next ticket to hand out.
    next_ticket: u64,
}

/// A FIFO mutual-exclusion gate (a ticket lock that tolerates waiters giving up).
#[derive(Debug, Default)]
pub(crate) struct WriteGate {
    queue: Mutex<Queue>,
    turn: Condvar,
}

thread_local! {
    /// Whether this thread is inside the gate, so a nested write transaction fails at once
    /// instead of waiting for itself forever.
    static INSIDE: Cell<bool> = const { Cell::new(false) };
}

/// The process-wide gate for SQLite write transactions.
pub(crate) static SQLITE_WRITES: WriteGate = WriteGate::new();

impl WriteGate {
    /// An open gate with nobody waiting.
    pub(crate) const fn new() -> Self {
        WriteGate {
            queue: Mutex::new(Queue { held: false, waiting: VecDeque::new(), next_ticket: 0 }),
            turn: Condvar::new(),
        }
    }

    /// The queue, also after a panic elsewhere: its fields are only changed together under
    /// the lock and never across a call that can panic, so a poisoned queue is still consistent.
    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits for this caller's turn, at most `timeout`; the returned guard lets the next
    /// writer in when dropped, on every path (commit, rollback, error or panic).
    ///
    /// Fails with [`RepoError::NestedWriteTransaction`] when this thread already holds the
    /// gate, and with [`RepoError::Busy`] when the turn does not come in time.
    pub(crate) fn enter(&self, timeout: Duration) -> Result<WriteGateGuard<'_>, RepoError> {
        if INSIDE.with(Cell::get) {
            return Err(RepoError::NestedWriteTransaction);
        }
        let deadline = Instant::now() + timeout;
        let mut queue = self.lock();
        let ticket = queue.next_ticket;
        queue.next_ticket = queue.next_ticket.wrapping_add(1);
        queue.waiting.push_back(ticket);
        loop {
            if !queue.held && queue.waiting.front() == Some(&ticket) {
                queue.waiting.pop_front();
                queue.held = true;
                INSIDE.with(|inside| inside.set(true));
                return Ok(WriteGateGuard { gate: self });
            }
            let now = Instant::now();
            if now >= deadline {
                queue.waiting.retain(|t| *t != ticket);
                // The writer behind us may now be first in line.
                self.turn.notify_all();
                return Err(RepoError::Busy(format!(
                    "waited {} s for the database's write lock",
                    timeout.as_secs_f32()
                )));
            }
            // Spurious wake-ups and turns of others just loop; the deadline bounds the wait.
            queue = self.turn.wait_timeout(queue, deadline - now).unwrap_or_else(PoisonError::into_inner).0;
        }
    }

    /// Lets the next writer in.
    fn leave(&self) {
        let mut queue = self.lock();
        queue.held = false;
        drop(queue);
        INSIDE.with(|inside| inside.set(false));
        // Every waiter checks whether it is first; only that one proceeds.
        self.turn.notify_all();
    }
}

/// Holds the gate; dropping it lets the next writer in.
#[derive(Debug)]
#[must_use = "the gate is released as soon as the guard is dropped"]
pub(crate) struct WriteGateGuard<'a> {
    gate: &'a WriteGate,
}

impl Drop for WriteGateGuard<'_> {
    fn drop(&mut self) {
        self.gate.leave();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    use super::*;

    #[test]
    fn writers_enter_one_at_a_time_in_arrival_order() {
        let gate = Arc::new(WriteGate::new());
        let order = Arc::new(Mutex::new(Vec::new()));
        let inside = Arc::new(AtomicUsize::new(0));
        // Hold the gate while the writers line up one after another, so arrival order is known.
        let first = gate.enter(Duration::from_secs(5)).unwrap();
        let mut handles = Vec::new();
        for n in 0..16 {
            let (writer_gate, order, inside) = (gate.clone(), order.clone(), inside.clone());
            handles.push(thread::spawn(move || {
                let _guard = writer_gate.enter(Duration::from_secs(5)).unwrap();
                assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0, "two writers inside at once");
                order.lock().unwrap().push(n);
                thread::sleep(Duration::from_millis(1));
                inside.fetch_sub(1, Ordering::SeqCst);
            }));
            // Wait until writer n is queued before starting writer n + 1.
            while gate.lock().waiting.len() < n + 1 {
                thread::yield_now();
            }
        }
        drop(first);
        for handle in handles {
            handle.join().unwrap();
        }
        assert_eq!(*order.lock().unwrap(), (0..16).collect::<Vec<_>>());
    }

    #[test]
    fn a_writer_gives_up_as_busy_and_the_next_one_still_gets_in() {
        let gate = Arc::new(WriteGate::new());
        let held = gate.enter(Duration::from_secs(5)).unwrap();
        let waiter = {
            let gate = gate.clone();
            thread::spawn(move || matches!(gate.enter(Duration::from_millis(50)), Err(RepoError::Busy(_))))
        };
        assert!(waiter.join().unwrap(), "the waiter should time out as busy");
        assert!(gate.lock().waiting.is_empty(), "a writer that gave up leaves the queue");
        drop(held);
        let later = {
            let gate = gate.clone();
            thread::spawn(move || gate.enter(Duration::from_millis(500)).is_ok())
        };
        assert!(later.join().unwrap());
    }

    #[test]
    fn nesting_on_one_thread_fails_instead_of_deadlocking() {
        let gate = WriteGate::new();
        let outer = gate.enter(Duration::from_secs(1)).unwrap();
        assert!(matches!(gate.enter(Duration::from_secs(1)), Err(RepoError::NestedWriteTransaction)));
        drop(outer);
        assert!(gate.enter(Duration::from_secs(1)).is_ok(), "the gate opens again after the outer guard");
    }
}
