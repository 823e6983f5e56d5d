use async_book_examples::busy_for;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::sleep;

/// A yield that wakes its task at once, instead of deferring the wake-up like `yield_now`.
struct YieldWakeNow(bool);

impl Future for YieldWakeNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref(); // straight back into the run queue
        Poll::Pending
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let ticker = tokio::spawn(async {
        for i in 0..6 {
            println!("[ticker] tick {i}");
            sleep(Duration::from_millis(100)).await;
        }
    });
    let busy = tokio::spawn(async {
        for step in 1..=4 {
            busy_for(Duration::from_millis(250));
            println!("[busy] step {step} done");
            YieldWakeNow(false).await; // a yield point, but woken at once
        }
    });
    let _ = tokio::join!(ticker, busy);
}
