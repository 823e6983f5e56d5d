use std::time::Duration;
use tokio::runtime::Handle;

async fn fetch_config() -> String {
    tokio::time::sleep(Duration::from_millis(100)).await;
    String::from("debug = true")
}

// The sync function borrows the running runtime instead of building one.
fn load_config(runtime: Handle) -> String {
    runtime.block_on(fetch_config())
}

#[tokio::main]
async fn main() {
    println!("[main] running the sync load_config() on a blocking thread");
    let handle = Handle::current();
    let config = tokio::task::spawn_blocking(move || load_config(handle))
        .await
        .expect("load_config panicked");
    println!("[main] got {config}");
}
