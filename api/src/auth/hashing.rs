//! How many password checks run at once: argon2id is slow and memory-hard on purpose (19 MiB
//! and tens of milliseconds per check), so sign-ins are admitted to a few check threads and a
//! short queue, and the rest are refused at once with 503 `server_busy` (issue 11 item 3:
//! 200 parallel sign-ins took the process to 2.47 GB and other calls to 6.7–12 s).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use crate::auth::password::WorkArea;
use crate::error::ApiError;

/// `Retry-After` of a `server_busy` answer: one second lets the queue drain (a check takes
/// tens of milliseconds), and a client that obeys it does not add to the flood.
pub const SERVER_BUSY_RETRY_AFTER_SECS: u64 = 1;

/// A password check waiting for a thread; it runs in the thread's argon2 work area.
type Job = Box<dyn FnOnce(&mut WorkArea) + Send>;

/// The password-check threads and the admission to them; cloning shares them. The threads end
/// when the last clone is dropped.
///
/// The checks run on threads of their own, each keeping one argon2 work area (19 MiB) for
/// all its checks: allocating and freeing that much per check, on the blocking pool, kept
/// 654 MiB resident after a flood with only two checks ever running at once (glibc keeps the
/// freed blocks). Memory for sign-ins is now the number of threads × 19 MiB.
#[derive(Debug, Clone)]
pub struct PasswordChecks {
    /// Sign-ins admitted: being checked, or waiting for a thread.
    admitted: Arc<Semaphore>,
    /// The checks' queue, served in order by the threads.
    jobs: Sender<Job>,
}

impl PasswordChecks {
    /// Starts `concurrency` check threads (at least one) and admits `queue` more sign-ins to
    /// wait for them.
    pub fn start(concurrency: usize, queue: usize) -> std::io::Result<Self> {
        let concurrency = concurrency.max(1);
        let (jobs, waiting) = channel::<Job>();
        let waiting = Arc::new(Mutex::new(waiting));
        for index in 0..concurrency {
            let waiting = Arc::clone(&waiting);
            std::thread::Builder::new().name(format!("iro-password-check-{index}")).spawn(move || serve(&waiting))?;
        }
        Ok(PasswordChecks { admitted: Arc::new(Semaphore::new(concurrency.saturating_add(queue))), jobs })
    }

    /// Admits one sign-in, or refuses it with 503 `server_busy` when the threads and the queue
    /// are taken. Called before the sign-in touches the database, so a refused one costs
    /// nothing; the admission lasts until its check has run.
    pub fn admit(&self) -> Result<Admission, ApiError> {
        match Arc::clone(&self.admitted).try_acquire_owned() {
            Ok(admitted) => Ok(Admission { admitted, jobs: self.jobs.clone() }),
            Err(_) => Err(ApiError::ServerBusy { retry_after: SERVER_BUSY_RETRY_AFTER_SECS }),
        }
    }
}

/// A check thread: runs the queued checks one after the other until the queue is closed.
fn serve(waiting: &Mutex<Receiver<Job>>) {
    let mut area = WorkArea::default();
    loop {
        // One idle thread waits on the queue while holding the lock; the others wait for it.
        let job = waiting.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(job) = job else { return };
        // A panicking check drops its answer channel (its sign-in gets a 500); the thread
        // stays for the next one.
        let _ = catch_unwind(AssertUnwindSafe(|| job(&mut area)));
    }
}

/// One admitted sign-in's right to one check.
#[derive(Debug)]
pub struct Admission {
    admitted: OwnedSemaphorePermit,
    jobs: Sender<Job>,
}

impl Admission {
    /// Queues `check` for a check thread and waits for its result; `check` gets the thread's
    /// work area. Hold no database connection meanwhile: a check takes far longer than a
    /// query, and the pool is small.
    pub async fn check<T: Send + 'static>(
        self,
        check: impl FnOnce(&mut WorkArea) -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let (answer, result) = oneshot::channel();
        let admitted = self.admitted;
        // The admission moves into the job, so a client that disconnects while its check runs
        // frees its place only when the check has really finished.
        let job: Job = Box::new(move |area| {
            let outcome = check(area);
            drop(admitted);
            let _ = answer.send(outcome);
        });
        self.jobs.send(job).map_err(|_| ApiError::Internal("the password-check threads have stopped".to_owned()))?;
        result.await.map_err(|_| ApiError::Internal("a password check failed".to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admits_threads_plus_queue_then_refuses_until_one_is_released() {
        let checks = PasswordChecks::start(2, 1).unwrap();
        let held: Vec<Admission> = (0..3).map(|_| checks.admit().unwrap()).collect();
        assert!(matches!(checks.admit(), Err(ApiError::ServerBusy { retry_after: 1 })));
        drop(held);
        assert!(checks.admit().is_ok());
    }
}

#[cfg(test)]
mod thread_tests {
    use super::*;

    #[tokio::test]
    async fn a_check_runs_on_a_check_thread_and_frees_its_place() {
        let checks = PasswordChecks::start(1, 0).unwrap();
        let admission = checks.admit().unwrap();
        assert!(checks.admit().is_err(), "the only place is taken");
        let name = admission.check(|_| std::thread::current().name().map(str::to_owned)).await.unwrap();
        assert_eq!(name.as_deref(), Some("iro-password-check-0"));
        assert!(checks.admit().is_ok(), "the place is free again");
    }
}
