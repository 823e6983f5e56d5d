use std::time::Duration;
use tokio::time::{Instant, sleep, timeout};

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
        tokio::join!(step("a", 3, start), step("b", 2, start));
        assert_eq!(start.elapsed(), Duration::from_secs(3)); // joined: 3 s, not 5 s
        println!("[main] join! took {:?} of virtual time", start.elapsed());

        let start = Instant::now();
        let result = timeout(Duration::from_secs(5), sleep(Duration::from_secs(3600))).await;
        assert!(result.is_err());
        let waited = start.elapsed();
        println!("[main] timeout fired after {waited:?}: {result:?}");
    });
}
