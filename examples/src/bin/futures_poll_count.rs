use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A future that is ready on its third poll, and says so each time.
#[derive(Debug)]
struct ThirdTime {
    polls: u32,
}

impl Future for ThirdTime {
    type Output = u32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        self.polls += 1;
        if self.polls < 3 {
            println!("[poll] poll #{} -> Pending", self.polls);
            cx.waker().wake_by_ref(); // "poll me again"
            Poll::Pending
        } else {
            println!("[poll] poll #{} -> Ready", self.polls);
            Poll::Ready(self.polls)
        }
    }
}

#[tokio::main]
async fn main() {
    let fut = ThirdTime { polls: 0 };
    println!("[main] created the future; nothing polled yet");
    let n = fut.await;
    println!("[main] .await returned {n}");
}
