use std::time::Duration;
use tokio::time::sleep;

async fn job(name: &str, secs: f64) {
    println!("[{name}] start");
    sleep(Duration::from_secs_f64(secs)).await;
    println!("[{name}] done");
}

#[tokio::main]
async fn main() {
    let mut tasks = Vec::new();
    for (name, secs) in [("test", 1.0), ("retest", 0.5)] {
        tasks.push(job(name, secs));
    }
    println!("[main] made a Vec of {} futures; returning", tasks.len());
}
