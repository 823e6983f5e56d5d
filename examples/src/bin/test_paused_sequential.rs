use std::time::Duration;
use tokio::time::{Instant, sleep};

async fn step(name: &str, secs: u64, start: Instant) {
    sleep(Duration::from_secs(secs)).await;
    println!("[{name}] done at virtual {:?}", start.elapsed());
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("cannot build the runtime");

    rt.block_on(async {
        let start = Instant::now();
        step("a", 3, start).await; // no join! any more: one after the other
        step("b", 2, start).await;
        assert_eq!(start.elapsed(), Duration::from_secs(3)); // the test catches it
    });
}
