use std::time::Duration;
use tokio::task::JoinError;
use tokio::time::sleep;

fn on_done(result: Result<u32, JoinError>) {
    println!("[callback] the task finished with {result:?}");
}

#[tokio::main]
async fn main() {
    let handle = tokio::spawn(async {
        sleep(Duration::from_millis(300)).await;
        42
    });

    // callback_on: a second task awaits the first, then calls the "callback"
    let watcher = tokio::spawn(async move { on_done(handle.await) });
    println!("[main] callback registered; main is free to do other things");

    // call_later: a task that sleeps first
    tokio::spawn(async {
        sleep(Duration::from_millis(100)).await;
        println!("[later] called 100 ms later");
    });

    watcher.await.expect("the watcher panicked");
}
