use std::time::Duration;
use tokio::sync::watch;
use tokio::time::sleep;

#[derive(Clone, Debug)]
struct Config {
    version: u32,
    greeting: &'static str,
}

// Wakes up at every change and reads the newest value.
async fn waiter(mut rx: watch::Receiver<Config>) {
    while rx.changed().await.is_ok() {
        let config = rx.borrow_and_update().clone();
        println!(
            "[waiter] reloaded: v{} {:?}",
            config.version, config.greeting
        );
    }
    println!("[waiter] changed() is Err: the Sender is gone");
}

// Works in 250 ms jobs and takes whatever config is current when a job starts.
async fn busy(mut rx: watch::Receiver<Config>) {
    while rx.has_changed().is_ok() {
        let config = rx.borrow_and_update().clone();
        println!("[busy] job with v{} {:?}", config.version, config.greeting);
        sleep(Duration::from_millis(250)).await;
    }
    println!("[busy] has_changed() is Err: the Sender is gone");
}

#[tokio::main]
async fn main() {
    let first = Config {
        version: 1,
        greeting: "hello",
    };
    let (tx, rx) = watch::channel(first);
    let workers = [tokio::spawn(waiter(rx.clone())), tokio::spawn(busy(rx))];
    for (at_ms, version, greeting) in [(100, 2, "hi"), (50, 3, "hey"), (250, 4, "howdy")] {
        sleep(Duration::from_millis(at_ms)).await;
        println!("[main] config v{version}");
        tx.send(Config { version, greeting }).unwrap();
    }
    sleep(Duration::from_millis(200)).await;
    println!("[main] dropping the Sender");
    drop(tx);
    for worker in workers {
        worker.await.unwrap();
    }
}
