use std::time::Duration;
use tokio::runtime::Builder;
use tokio::time::sleep;

async fn fetch(what: &str) -> String {
    sleep(Duration::from_millis(200)).await;
    format!("{what} fetched")
}

fn fetch_blocking(what: &str) -> String {
    let rt = Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("no runtime");
    rt.block_on(fetch(what))
}

#[tokio::main]
async fn main() {
    println!("[main] inside the runtime, calling a blocking API");
    let answer = fetch_blocking("a"); // block_on on a runtime's thread
    println!("[main] {answer}");
}
