use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::sleep;

/// Sends `count` numbers, one every `every_ms`, then drops its sender.
fn producer(count: u32, every_ms: u64) -> mpsc::Receiver<u32> {
    let (tx, rx) = mpsc::channel(4);
    tokio::spawn(async move {
        for n in 1..=count {
            sleep(Duration::from_millis(every_ms)).await;
            tx.send(n).await.expect("receiver gone");
        }
    });
    rx
}

#[tokio::main]
async fn main() {
    let mut fast = producer(3, 100);
    let mut slow = producer(2, 250);
    let deadline = sleep(Duration::from_millis(400));
    tokio::pin!(deadline);
    let mut late = false;
    loop {
        tokio::select! {
            // `None` does not match `Some(n)`: a closed channel is disabled.
            Some(n) = fast.recv() => println!("[fast] {n}"),
            Some(n) = slow.recv() => println!("[slow] {n}"),
            // A finished sleep is ready at every poll: the guard turns it off.
            _ = &mut deadline, if !late => {
                late = true;
                println!("[main] deadline passed; that branch is off from now on");
            }
            else => {
                println!("[main] every branch disabled: else");
                break;
            }
        }
    }
}
