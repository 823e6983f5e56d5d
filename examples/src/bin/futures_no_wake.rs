use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// Like `ThirdTime`, but it never asks to be polled again.
#[derive(Debug)]
struct NeverWakes {
    polls: u32,
}

impl Future for NeverWakes {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        self.polls += 1;
        println!(
            "[poll] poll #{} -> Pending (no wake-up arranged)",
            self.polls
        );
        Poll::Pending
    }
}

#[tokio::main]
async fn main() {
    let fut = NeverWakes { polls: 0 };
    match tokio::time::timeout(Duration::from_secs(1), fut).await {
        Ok(()) => println!("[main] finished"),
        Err(_) => println!("[main] timed out: nothing woke the future"),
    }
}
