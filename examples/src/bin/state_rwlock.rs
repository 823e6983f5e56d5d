use std::sync::Arc;
use std::time::Duration;
use tokio::sync::RwLock;
use tokio::time::sleep;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[tokio::main]
async fn main() {
    let config = Arc::new(RwLock::new(String::from("v1")));
    let mut tasks = Vec::new();
    // Two readers at 0 ms, a writer at 100 ms, a late reader at 200 ms.
    let plan = [
        ("r1", 0, false),
        ("r2", 0, false),
        ("w", 100, true),
        ("r3", 200, false),
    ];
    for (name, arrive, write) in plan {
        let config = Arc::clone(&config);
        tasks.push(tokio::spawn(async move {
            sleep(ms(arrive)).await;
            if write {
                println!("[{name}] wants to write");
                let mut value = config.write().await; // waits for every reader
                *value = String::from("v2");
                println!("[{name}] wrote {value}");
                sleep(ms(100)).await;
            } else {
                println!("[{name}] wants to read");
                let value = config.read().await; // shared with other readers
                println!("[{name}] reads {value}");
                sleep(ms(300)).await;
            }
            println!("[{name}] done");
        }));
    }
    for task in tasks {
        task.await.expect("task panicked");
    }
}
