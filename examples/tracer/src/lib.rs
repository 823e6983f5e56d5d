//! What did each task do, and when? Wrap a future, and the book's timeline
//! shows it.
//!
//! [mdbook-examples] compiles and runs the example programs of an mdBook and
//! draws a timeline of each run. From printed lines alone it cannot tell
//! whether a task was busy or waiting between two lines. This crate tells it:
//! [`task`] wraps a future and notes every poll (when it started and ended,
//! on which thread, and whether it returned `Ready` or `Pending`), every call
//! of its waker, and its drop if it was dropped before it finished (which is
//! what cancellation looks like). [`spawn`] is `tokio::spawn` of a traced
//! future.
//!
//! The timeline then draws a bar for every poll, coloured by the thread that
//! ran it, a thin line while the task waits, ▾ for wakes and ✕ for drops.
//! A traced future's lane is merged with the lane of the `[name] …` lines it
//! prints under the same name.
//!
//! # Example
//!
//! ```
//! use mdbook_examples_tracer as trace;
//! use std::time::Duration;
//!
//! async fn count(name: &str) {
//!     for i in 1..=3 {
//!         println!("[{name}] {i}");
//!         tokio::time::sleep(Duration::from_millis(10)).await;
//!     }
//! }
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() {
//!     // Two spawned tasks, each its own lane.
//!     let a = trace::spawn("a", count("a"));
//!     let b = trace::spawn("b", count("b"));
//!     // A future that is not spawned: polled inside main's task.
//!     trace::task("c", count("c")).await;
//!     a.await.unwrap();
//!     b.await.unwrap();
//! }
//! ```
//!
//! # When it records
//!
//! Only when the environment variable [`ENV`] (`MDBOOK_EXAMPLES_TRACE`) names
//! a file, which the preprocessor does for every run of every example. When
//! you run the example yourself, the variable is not set: nothing is
//! recorded or printed, and a poll costs one check more. The variable is read
//! once, at the first traced future.
//!
//! # Using it in your own book
//!
//! 1. Set the book up with mdbook-examples (`mdbook-examples install` writes
//!    `[preprocessor.examples]` into `book.toml` and a starter examples
//!    package in `examples/`).
//! 2. Add the tracer to the examples package, `examples/Cargo.toml`:
//!    ```toml
//!    [dependencies]
//!    mdbook-examples-tracer = "0.1"
//!    ```
//!    (the `tokio` feature, on by default, gives [`spawn`]; without it,
//!    `default-features = false`, [`task`] works with any executor).
//! 3. Wrap the futures you want to see, as in the example above, and show the
//!    example with `{{#example NAME timeline=show}}`.
//!
//! Nothing else is configured: the preprocessor always passes the variable,
//! and an example that traces nothing leaves the file empty. Many thousands
//! of polls are fine; the timeline merges those that share a pixel, and the
//! preprocessor reads at most 8 MiB and 100 000 events of a run.
//!
//! # What it writes
//!
//! One line per event, appended to the file with one `write` (so lines from
//! different threads never mix). Times are whole microseconds since the
//! tracer's origin: the moment it was first used in the process.
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
//! Names are written on one line (control characters become spaces).
//!
//! # How the preprocessor reads it
//!
//! The preprocessor (module `trace` of mdbook-examples) creates an empty file
//! per run and reads it when the run ends. It places the tracer's origin on
//! its own time axis, which starts when it spawned the process, through
//! `WALL_US`: both sides read the same system clock once, and every other
//! time is measured with a monotonic clock ([`std::time::Instant`]). Threads
//! are labelled by name: `main` becomes *main thread*, tokio's workers
//! become *worker 1*, *worker 2*, …, other names stay as they are. A line it
//! does not understand is skipped and counted, never fatal. An example
//! whose file stays empty has no trace, and its timeline is drawn from its
//! printed lines alone.
//!
//! # Cost
//!
//! While recording: one `Instant::now()` at each end of a poll and one small
//! `write` per event, a few µs. The end of a poll is read before its line is
//! written. Each traced future is boxed once, when it is wrapped.
//!
//! [mdbook-examples]: https://crates.io/crates/mdbook-examples

use std::cell::Cell;
use std::fs::File;
use std::future::Future;
use std::io::Write;
use std::path::Path;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The environment variable that names the file to write events to.
pub const ENV: &str = "MDBOOK_EXAMPLES_TRACE";

/// The version in the header line, `mdbx-trace 1`.
pub const FORMAT_VERSION: u32 = 1;

/// Where events go: an open file and the origin of its times.
struct Sink {
    file: File,
    origin: Instant,
    next_task: AtomicU64,
    next_thread: AtomicU32,
}

/// The process's sink, opened at first use; `None` when [`ENV`] is not set.
static SINK: OnceLock<Option<Sink>> = OnceLock::new();

thread_local! {
    /// This thread's number in the trace, and the sink it was announced to
    /// (0: not announced yet).
    static THREAD: Cell<(usize, u32)> = const { Cell::new((0, 0)) };
}

fn global() -> Option<&'static Sink> {
    SINK.get_or_init(|| Sink::open(Path::new(&std::env::var_os(ENV)?)))
        .as_ref()
}

impl Sink {
    /// Open `path` for appending and write the header; `None` if it cannot
    /// be opened (the program then runs untraced).
    fn open(path: &Path) -> Option<Sink> {
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
        sink.write(&format!("mdbx-trace {FORMAT_VERSION}\nstart {wall}\n"));
        Some(sink)
    }

    /// µs since the origin.
    fn now(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_micros()).unwrap_or(u64::MAX)
    }

    fn write(&self, line: &str) {
        // One write per event; a failed write only loses that event.
        let _ = (&self.file).write_all(line.as_bytes());
    }

    /// This thread's number, announcing the thread the first time.
    fn thread(&self) -> u32 {
        let me = std::ptr::from_ref(self) as usize;
        THREAD.with(|t| {
            let (sink, id) = t.get();
            if sink == me {
                return id;
            }
            let id = self.next_thread.fetch_add(1, Ordering::Relaxed);
            let current = std::thread::current();
            let name = one_line(current.name().unwrap_or("unnamed"));
            self.write(&format!("thread {id} {name}\n"));
            t.set((me, id));
            id
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
    /// `None` when nothing is recorded.
    sink: Option<&'static Sink>,
    id: u64,
    finished: bool,
    /// The runtime's waker and the recording one that wraps it.
    wakers: Option<(Waker, Waker)>,
}

impl<F> std::fmt::Debug for Traced<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Traced")
            .field("id", &self.id)
            .field("recording", &self.sink.is_some())
            .finish()
    }
}

/// Wrap `fut` so that its polls are drawn in lane `name` of the timeline.
pub fn task<F: Future>(name: &str, fut: F) -> Traced<F> {
    Traced::new(global(), name, fut)
}

/// `tokio::spawn(task(name, fut))`.
#[cfg(feature = "tokio")]
pub fn spawn<F>(name: &str, fut: F) -> tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(task(name, fut))
}

impl<F: Future> Traced<F> {
    fn new(sink: Option<&'static Sink>, name: &str, fut: F) -> Traced<F> {
        let id = sink.map_or(0, |s| {
            let id = s.next_task.fetch_add(1, Ordering::Relaxed);
            s.write(&format!("task {id} {} {}\n", s.now(), one_line(name)));
            id
        });
        Traced {
            inner: Box::pin(fut),
            sink,
            id,
            finished: false,
            wakers: None,
        }
    }

    /// The recording waker for the runtime's `waker`, made again only when
    /// the runtime gives another one.
    fn waker(&mut self, sink: &'static Sink, waker: &Waker) -> Waker {
        match &self.wakers {
            Some((runtime, ours)) if runtime.will_wake(waker) => ours.clone(),
            _ => {
                let ours = Waker::from(Arc::new(RecordingWaker {
                    sink,
                    id: self.id,
                    inner: waker.clone(),
                }));
                self.wakers = Some((waker.clone(), ours.clone()));
                ours
            }
        }
    }
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
        let Some(sink) = this.sink else {
            return this.inner.as_mut().poll(cx);
        };
        let waker = this.waker(sink, cx.waker());
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
        if let Some(sink) = self.sink
            && !self.finished
        {
            let thread = sink.thread();
            sink.write(&format!("drop {} {thread} {}\n", self.id, sink.now()));
        }
    }
}

/// Notes the wake, then passes it on to the runtime's waker.
struct RecordingWaker {
    sink: &'static Sink,
    id: u64,
    inner: Waker,
}

impl Wake for RecordingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        let thread = self.sink.thread();
        self.sink
            .write(&format!("wake {} {thread} {}\n", self.id, self.sink.now()));
        self.inner.wake_by_ref();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::{AssertUnwindSafe, catch_unwind};

    /// A sink writing to a fresh file, for the length of the test process.
    fn sink() -> (&'static Sink, tempfile::TempPath) {
        let path = tempfile::NamedTempFile::new()
            .expect("temp file")
            .into_temp_path();
        let sink = Sink::open(&path).expect("open sink");
        (Box::leak(Box::new(sink)), path)
    }

    fn lines(path: &Path) -> Vec<Vec<String>> {
        std::fs::read_to_string(path)
            .expect("read trace")
            .lines()
            .map(|l| l.split(' ').map(str::to_owned).collect())
            .collect()
    }

    fn poll_once<F: Future>(fut: Pin<&mut F>) -> Poll<F::Output> {
        fut.poll(&mut Context::from_waker(Waker::noop()))
    }

    /// A future that is `Pending` once (waking itself), then `Ready(7)`.
    #[derive(Default)]
    struct YieldOnce(bool);

    impl Future for YieldOnce {
        type Output = u32;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
            if self.0 {
                return Poll::Ready(7);
            }
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    #[test]
    fn records_the_header_task_thread_polls_and_wake() {
        let (sink, path) = sink();
        let mut fut = Traced::new(Some(sink), "a\nb", YieldOnce::default());
        assert!(poll_once(Pin::new(&mut fut)).is_pending());
        assert_eq!(poll_once(Pin::new(&mut fut)), Poll::Ready(7));
        drop(fut);

        let l = lines(&path);
        let kinds: Vec<&str> = l.iter().map(|w| w[0].as_str()).collect();
        assert_eq!(
            kinds,
            [
                "mdbx-trace",
                "start",
                "task",
                "thread",
                "wake",
                "poll",
                "poll"
            ]
        );
        assert_eq!(l[0], ["mdbx-trace", "1"]);
        assert!(l[1][1].parse::<u64>().expect("wall µs") > 1_600_000_000_000_000);
        assert_eq!(l[2][1], "1");
        assert_eq!(l[2][3..], ["a", "b"], "the name on one line");
        assert_eq!(l[3][1], "1");
        // The wake comes from inside the first poll, whose line is written at its end.
        assert_eq!(l[4][..3], ["wake", "1", "1"]);
        let times = |w: &[String]| (w[3].parse::<u64>().ok(), w[4].parse::<u64>().ok());
        let (s1, e1) = times(&l[5]);
        let (s2, e2) = times(&l[6]);
        assert!(s1 <= e1 && e1 <= s2 && s2 <= e2, "{l:?}");
        assert_eq!((l[5][5].as_str(), l[6][5].as_str()), ("p", "r"));
    }

    #[test]
    fn a_future_dropped_unfinished_records_its_drop() {
        let (sink, path) = sink();
        let mut fut = Traced::new(Some(sink), "cancelled", YieldOnce::default());
        assert!(poll_once(Pin::new(&mut fut)).is_pending());
        drop(fut);
        let l = lines(&path);
        let last = l.last().expect("a line");
        assert_eq!(last[..3], ["drop", "1", "1"]);
    }

    #[test]
    fn a_panicking_poll_is_recorded_as_unwound() {
        let (sink, path) = sink();
        let mut fut = Traced::new(Some(sink), "boom", async { panic!("boom") });
        let unwound = catch_unwind(AssertUnwindSafe(|| poll_once(Pin::new(&mut fut))));
        assert!(unwound.is_err());
        drop(fut);
        let l = lines(&path);
        let poll = l.iter().find(|w| w[0] == "poll").expect("a poll line");
        assert_eq!(poll[5], "u");
        assert_eq!(l.last().expect("a line")[0], "drop");
    }

    #[test]
    fn threads_are_announced_once_each() {
        let (sink, path) = sink();
        let mut fut = Traced::new(Some(sink), "x", YieldOnce::default());
        assert!(poll_once(Pin::new(&mut fut)).is_pending());
        std::thread::Builder::new()
            .name("other".into())
            .spawn(move || assert_eq!(poll_once(Pin::new(&mut fut)), Poll::Ready(7)))
            .expect("spawn")
            .join()
            .expect("join");
        let l = lines(&path);
        let threads: Vec<&[String]> = l
            .iter()
            .filter(|w| w[0] == "thread")
            .map(|w| &w[1..])
            .collect();
        assert_eq!(threads.len(), 2, "{l:?}");
        assert_eq!(threads[1], ["2", "other"]);
        let polls: Vec<&str> = l
            .iter()
            .filter(|w| w[0] == "poll")
            .map(|w| w[2].as_str())
            .collect();
        assert_eq!(polls, ["1", "2"]);
    }

    #[test]
    fn without_a_sink_it_only_passes_the_poll_on() {
        let mut fut = Traced::new(None, "quiet", YieldOnce::default());
        assert!(poll_once(Pin::new(&mut fut)).is_pending());
        assert_eq!(poll_once(Pin::new(&mut fut)), Poll::Ready(7));
        assert_eq!(fut.id, 0);
        assert!(fut.wakers.is_none());
    }
}
