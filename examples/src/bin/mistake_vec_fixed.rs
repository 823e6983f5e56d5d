use std::time::Duration;
use tokio::time::sleep;

async fn job(name: &str, secs: f64) {
    println!("[{name}] start");
    sleep(Duration::from_secs_f64(secs)).await;
    println!("[{name}] done");
}

#[tokio::main]
async fn main() {
    let tasks = vec![job("test", 1.0), job("retest", 0.5)];
    println!(
        "[main] made a Vec of {} futures; awaiting them all",
        tasks.len()
    );
    futures::future::join_all(tasks).await; // the missing line
    println!("[main] all done");
}
