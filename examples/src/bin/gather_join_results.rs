use std::time::Duration;
use tokio::time::sleep;

async fn download(name: &str, ms: u64) -> Result<String, String> {
    println!("[{name}] start");
    sleep(Duration::from_millis(ms)).await;
    println!("[{name}] ok");
    Ok(format!("{name} bytes"))
}

async fn broken(name: &str, ms: u64) -> Result<String, String> {
    println!("[{name}] start");
    sleep(Duration::from_millis(ms)).await;
    println!("[{name}] failing");
    Err(format!("{name}: connection reset"))
}

#[tokio::main]
async fn main() {
    // ANCHOR: main
    // join! waits for every future and hands back every result, errors included.
    let results = tokio::join!(download("slow", 1000), broken("flaky", 400));
    println!("[main] {results:?}");
    // ANCHOR_END: main
}
