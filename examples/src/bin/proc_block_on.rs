use std::time::Duration;
use tokio::runtime::{Builder, Handle};
use tokio::sync::oneshot;
use tokio::time::{Instant, sleep};

async fn fetch(what: &str) -> String {
    sleep(Duration::from_millis(200)).await; // stands for network I/O
    format!("{what} fetched")
}

/// A synchronous function, e.g. in a library with a blocking API.
fn fetch_blocking(what: &str) -> String {
    let rt = Builder::new_current_thread()
        .enable_all() // timers and I/O
        .build()
        .expect("no runtime");
    rt.block_on(fetch(what)) // runs the future to the end on this thread
}

fn main() {
    let start = Instant::now();
    // 1. No runtime anywhere: build one, block on the future.
    let answer = fetch_blocking("a");
    println!("[main] {answer} at {} ms", start.elapsed().as_millis());

    // 2. Inside a runtime, Handle::current() is a handle a plain thread can use.
    let rt = Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("no runtime");
    rt.block_on(async move {
        let handle = Handle::current();
        let (done, finished) = oneshot::channel();
        std::thread::spawn(move || {
            let answer = handle.block_on(fetch("b")); // runs on the runtime's timers
            println!("[thread] {answer} at {} ms", start.elapsed().as_millis());
            done.send(()).expect("main gone");
        });
        finished.await.expect("thread gone"); // the async side waits without blocking
    });
}
