use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Like asyncio's `sleep(0)`: ask to be woken at once, then step aside.
/// The wake puts this task at the back of the run queue.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref(); // wake now: re-queued behind the others
        Poll::Pending
    }
}

async fn count(name: &str) {
    for i in 0..3 {
        println!("[{name}] {i}");
        YieldOnce(false).await;
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let a = tokio::spawn(count("a"));
    let b = tokio::spawn(count("b"));
    a.await.expect("a panicked");
    b.await.expect("b panicked");
}
