//! Work that two browser sessions share: numbered units, each taken by the
//! first session free to do it. `measure` runs in one session from the
//! start; the other joins when its own checks are done, so that neither
//! waits while the other still has pages to measure.

use anyhow::{Error, Result, anyhow};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// Units `0..len`, taken in order; what each produced; the first error.
#[derive(Debug)]
pub struct Work<T> {
    len: usize,
    next: AtomicUsize,
    in_flight: AtomicUsize,
    closed: AtomicBool,
    done: Mutex<Vec<(usize, T)>>,
    error: Mutex<Option<Error>>,
}

/// How often the session that waits for the other's last unit looks.
const POLL: Duration = Duration::from_millis(20);

impl<T> Work<T> {
    pub fn new(len: usize) -> Self {
        Self {
            len,
            next: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
            closed: AtomicBool::new(false),
            done: Mutex::new(Vec::new()),
            error: Mutex::new(None),
        }
    }

    /// Do units with `unit` until none is left or the work is closed (an
    /// error, here or in the other session, closes it).
    pub async fn help<F, Fut>(&self, mut unit: F)
    where
        F: FnMut(usize) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        while let Some(i) = self.take() {
            let result = unit(i).await;
            match result {
                Ok(value) => self.lock_done().push((i, value)),
                Err(e) => self.fail(e),
            }
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// After this session's [`Work::help`]: wait for the units the other
    /// session is still doing, then every result in unit order, or the
    /// first error. `limit` bounds the wait.
    pub async fn finish(&self, limit: Duration) -> Result<Vec<T>> {
        let started = std::time::Instant::now();
        while self.in_flight.load(Ordering::SeqCst) > 0 {
            if started.elapsed() > limit {
                self.close();
                return Err(anyhow!(
                    "the other browser session did not finish its page within {limit:?}"
                ));
            }
            tokio::time::sleep(POLL).await;
        }
        self.close();
        if let Some(e) = self.lock_error().take() {
            return Err(e);
        }
        let mut done = std::mem::take(&mut *self.lock_done());
        if done.len() != self.len {
            return Err(anyhow!("{} of {} units measured", done.len(), self.len));
        }
        done.sort_by_key(|(i, _)| *i);
        Ok(done.into_iter().map(|(_, v)| v).collect())
    }

    /// No unit is taken any more (the session that reports gave up).
    pub fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
    }

    fn take(&self) -> Option<usize> {
        if self.closed.load(Ordering::SeqCst) {
            return None;
        }
        // Counted in flight before the index is taken: `finish` never sees
        // zero in flight while a unit is being handed out.
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let i = self.next.fetch_add(1, Ordering::SeqCst);
        if i < self.len {
            return Some(i);
        }
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        None
    }

    fn fail(&self, e: Error) {
        self.close();
        self.lock_error().get_or_insert(e);
    }

    fn lock_done(&self) -> std::sync::MutexGuard<'_, Vec<(usize, T)>> {
        self.done.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_error(&self) -> std::sync::MutexGuard<'_, Option<Error>> {
        self.error.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Closes the work when dropped: a session cut off by its time limit stops
/// the other from taking more units.
#[derive(Debug)]
pub struct CloseOnDrop<'w, T>(pub &'w Work<T>);

impl<T> Drop for CloseOnDrop<'_, T> {
    fn drop(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn two_helpers_share_the_units_and_the_results_keep_their_order() {
        let work = Work::new(10);
        let slow = work.help(|i| async move {
            tokio::time::sleep(Duration::from_millis(30)).await;
            Ok(i * 10)
        });
        let fast = async {
            tokio::time::sleep(Duration::from_millis(45)).await;
            work.help(|i| async move {
                tokio::time::sleep(Duration::from_millis(10)).await;
                Ok(i * 10)
            })
            .await;
        };
        tokio::join!(slow, fast);
        let done = work.finish(Duration::from_secs(1)).await.unwrap();
        assert_eq!(done, (0..10).map(|i| i * 10).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn finish_waits_for_the_unit_the_other_session_is_doing() {
        let work = Work::new(2);
        let other = work.help(|i| async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            Ok(i)
        });
        let mine = async {
            tokio::time::sleep(Duration::from_millis(1)).await;
            work.help(|i| async move { Ok(i) }).await;
            work.finish(Duration::from_secs(5)).await
        };
        let ((), done) = tokio::join!(other, mine);
        assert_eq!(done.unwrap(), [0, 1]);
    }

    #[tokio::test]
    async fn an_error_stops_both_and_is_what_finish_returns() {
        let work: Work<usize> = Work::new(100);
        let taken = AtomicUsize::new(0);
        work.help(|i| {
            taken.fetch_add(1, Ordering::SeqCst);
            async move {
                match i {
                    3 => Err(anyhow!("page 3 failed")),
                    _ => Ok(i),
                }
            }
        })
        .await;
        assert_eq!(taken.load(Ordering::SeqCst), 4);
        let e = work.finish(Duration::from_secs(1)).await.unwrap_err();
        assert_eq!(e.to_string(), "page 3 failed");
    }

    #[tokio::test]
    async fn a_unit_that_never_ends_is_bounded() {
        let work = Work::new(1);
        let stuck = work.help(|_| std::future::pending::<Result<()>>());
        let waiting = async {
            tokio::time::sleep(Duration::from_millis(1)).await;
            work.finish(Duration::from_millis(50)).await
        };
        tokio::select! {
            () = stuck => unreachable!("the stuck unit never ends"),
            r = waiting => assert!(r.unwrap_err().to_string().contains("did not finish")),
        }
    }

    #[test]
    fn dropping_the_guard_closes_the_work() {
        let work: Work<()> = Work::new(3);
        drop(CloseOnDrop(&work));
        assert_eq!(work.take(), None);
    }
}
