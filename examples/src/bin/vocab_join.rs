use std::time::Duration;

async fn work(name: &'static str, ms: u64) -> &'static str {
    tokio::time::sleep(Duration::from_millis(ms)).await;
    println!("[{name}] done after {ms} ms");
    name
}

#[tokio::main]
async fn main() {
    // join!: drive both futures at once, inside this one task; wait for both
    let (a, b) = tokio::join!(work("a", 200), work("b", 300));
    println!("[main] got {a} and {b}");
}
