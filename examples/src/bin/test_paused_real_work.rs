use std::time::Duration;
use tokio::task::spawn_blocking;
use tokio::time::{Instant, timeout};

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("cannot build the runtime");

    rt.block_on(async {
        let start = Instant::now();
        // 500 ms of real work on a blocking thread, under a 100 ms timeout:
        let work = spawn_blocking(|| std::thread::sleep(Duration::from_millis(500)));
        match timeout(Duration::from_millis(100), work).await {
            Ok(_) => println!("[test] the work finished: no timeout"),
            Err(_) => println!("[test] timed out"),
        }
        println!("[test] virtual time passed: {:?}", start.elapsed());
    });
}
