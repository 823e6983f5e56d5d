use std::time::Duration;
use tokio::time::sleep;

async fn work(name: &'static str) -> &'static str {
    println!("[{name}] started");
    sleep(Duration::from_millis(200)).await;
    println!("[{name}] finished");
    name
}

#[tokio::main]
async fn main() {
    println!("[main] making a bare future and spawning a task");
    let bare = work("bare"); // a future: waits to be polled
    let handle = tokio::spawn(work("spawned")); // a task: the runtime polls it

    sleep(Duration::from_millis(500)).await;
    println!("[main] 500 ms later; awaiting the bare future");
    bare.await;

    println!("[main] awaiting the JoinHandle");
    let result = handle.await; // a JoinHandle is a future too
    println!("[main] the JoinHandle gave {result:?}");
}
