use std::time::Duration;
use tokio::time::{Instant, interval};

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("cannot build the runtime");

    rt.block_on(async {
        let start = Instant::now();
        let mut every_minute = interval(Duration::from_secs(60));
        for n in 1..=5 {
            every_minute.tick().await; // the first tick is immediate
            println!("[job] run {n} at virtual {:?}", start.elapsed());
        }
    });
}
