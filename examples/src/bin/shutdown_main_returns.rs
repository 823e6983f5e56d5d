use async_book_examples::trace;
use std::time::Duration;
use tokio::time::sleep;

/// Prints when it is dropped: shows when a task's future is destroyed.
struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("[{}] dropped", self.0);
    }
}

#[tokio::main]
async fn main() {
    trace::spawn("ticker", async {
        let _guard = Guard("ticker");
        for i in 1.. {
            sleep(Duration::from_millis(200)).await;
            println!("[ticker] tick {i}");
        }
    });
    tokio::task::spawn_blocking(|| {
        let _guard = Guard("blocking");
        std::thread::sleep(Duration::from_secs(1)); // a blocking job
        println!("[blocking] 1 s of work done");
    });

    sleep(Duration::from_millis(300)).await;
    println!("[main] returning");
}
