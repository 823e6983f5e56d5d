//! What did each task do, and when? A thin wrapper that records it.
//!
//! `trace::task("a", fut)` wraps a future. Every time the runtime polls it,
//! the wrapper notes when the poll started and ended, on which thread, and
//! whether it returned `Ready` or `Pending`. It also notes when the future's
//! waker is called, and when the future is dropped before it finished (that
//! is what cancellation looks like). `trace::spawn("a", fut)` is
//! `tokio::spawn(trace::task("a", fut))`.
//!
//! When the book is built, the preprocessor sets `MDBOOK_EXAMPLES_TRACE` to a
//! file and draws these events as running bars in the example's timeline.
//! When you run an example yourself, the variable is not set and the wrapper
//! only passes the poll on: nothing is recorded, nothing is printed.
//!
//! # Event format
//!
//! One line per event, appended to the file with a single `write` (so lines
//! from different threads never mix). Times are microseconds since the
//! helper's origin: the moment it was first used in this process.
//!
//! ```text
//! mdbx-trace 1                          header (format version)
//! start WALL_US                         the origin, as wall-clock µs since the Unix epoch
//! thread TID NAME                       a thread seen for the first time (TID: 1, 2, …)
//! task ID AT NAME                       a traced future was created at AT
//! poll ID TID START END r|p|u           one poll on thread TID: Ready, Pending, or unwound (panic)
//! wake ID TID AT                        the future's waker was called, on thread TID
//! drop ID TID AT                        the future was dropped before it returned Ready
//! ```
//!
//! The preprocessor aligns the origin with its own clock (which starts when
//! it spawns the process) through `WALL_US`: both sides read the same system
//! clock once, and every other time is measured with `Instant`.
//!
//! Cost: one `Instant::now()` at each end of a poll and one small `write`
//! per event (a few µs). The poll's end time is taken before the write.

use std::cell::Cell;
use std::fs::File;
use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The environment variable that names the file to write events to.
pub const ENV: &str = "MDBOOK_EXAMPLES_TRACE";

struct Sink {
    file: File,
    origin: Instant,
    next_task: AtomicU64,
    next_thread: AtomicU32,
}

static SINK: OnceLock<Option<Sink>> = OnceLock::new();

thread_local! {
    /// This thread's number in the trace (0: not announced yet).
    static THREAD: Cell<u32> = const { Cell::new(0) };
}

/// The sink, opened at first use; `None` when the variable is not set.
fn sink() -> Option<&'static Sink> {
    SINK.get_or_init(|| {
        let path = std::env::var_os(ENV)?;
        let file = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .ok()?;
        let origin = Instant::now();
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_micros());
        let sink = Sink {
            file,
            origin,
            next_task: AtomicU64::new(1),
            next_thread: AtomicU32::new(1),
        };
        sink.write(&format!("mdbx-trace 1\nstart {wall}\n"));
        Some(sink)
    })
    .as_ref()
}

impl Sink {
    fn now(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_micros()).unwrap_or(u64::MAX)
    }

    fn write(&self, line: &str) {
        // One write per event; a failed write only loses that event.
        let _ = (&self.file).write_all(line.as_bytes());
    }

    /// This thread's number, announcing the thread the first time.
    fn thread(&self) -> u32 {
        THREAD.with(|t| {
            if t.get() == 0 {
                let id = self.next_thread.fetch_add(1, Ordering::Relaxed);
                let current = std::thread::current();
                let name = one_line(current.name().unwrap_or("unnamed"));
                self.write(&format!("thread {id} {name}\n"));
                t.set(id);
            }
            t.get()
        })
    }
}

fn one_line(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A future that records its polls, wakes and drop. Made by [`task`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Traced<F> {
    inner: Pin<Box<F>>,
    /// 0 when nothing is recorded.
    id: u64,
    finished: bool,
    /// The runtime's waker and the recording one that wraps it.
    wakers: Option<(Waker, Waker)>,
}

impl<F> std::fmt::Debug for Traced<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Traced").field("id", &self.id).finish()
    }
}

/// Wrap `fut` so that its polls are drawn in lane `name` of the timeline.
pub fn task<F: Future>(name: &str, fut: F) -> Traced<F> {
    let id = match sink() {
        Some(s) => {
            let id = s.next_task.fetch_add(1, Ordering::Relaxed);
            s.write(&format!("task {id} {} {}\n", s.now(), one_line(name)));
            id
        }
        None => 0,
    };
    Traced {
        inner: Box::pin(fut),
        id,
        finished: false,
        wakers: None,
    }
}

/// `tokio::spawn(task(name, fut))`.
pub fn spawn<F>(name: &str, fut: F) -> tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(task(name, fut))
}

/// Writes the poll's line when the poll ends, even if it panics.
struct PollRecord {
    sink: &'static Sink,
    id: u64,
    thread: u32,
    start: u64,
    outcome: char,
}

impl Drop for PollRecord {
    fn drop(&mut self) {
        let end = self.sink.now();
        self.sink.write(&format!(
            "poll {} {} {} {end} {}\n",
            self.id, self.thread, self.start, self.outcome
        ));
    }
}

impl<F: Future> Future for Traced<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.get_mut();
        let Some(sink) = sink().filter(|_| this.id != 0) else {
            return this.inner.as_mut().poll(cx);
        };
        let waker = match &this.wakers {
            Some((runtime, ours)) if runtime.will_wake(cx.waker()) => ours.clone(),
            _ => {
                let ours = Waker::from(Arc::new(RecordingWaker {
                    id: this.id,
                    inner: cx.waker().clone(),
                }));
                this.wakers = Some((cx.waker().clone(), ours.clone()));
                ours
            }
        };
        let mut record = PollRecord {
            sink,
            id: this.id,
            thread: sink.thread(),
            start: sink.now(),
            outcome: 'u',
        };
        let result = this.inner.as_mut().poll(&mut Context::from_waker(&waker));
        record.outcome = if result.is_ready() { 'r' } else { 'p' };
        drop(record);
        this.finished |= result.is_ready();
        result
    }
}

impl<F> Drop for Traced<F> {
    fn drop(&mut self) {
        if self.id != 0
            && !self.finished
            && let Some(sink) = sink()
        {
            let thread = sink.thread();
            sink.write(&format!("drop {} {thread} {}\n", self.id, sink.now()));
        }
    }
}

/// Notes the wake, then passes it on to the runtime's waker.
struct RecordingWaker {
    id: u64,
    inner: Waker,
}

impl Wake for RecordingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if let Some(sink) = sink() {
            let thread = sink.thread();
            sink.write(&format!("wake {} {thread} {}\n", self.id, sink.now()));
        }
        self.inner.wake_by_ref();
    }
}
