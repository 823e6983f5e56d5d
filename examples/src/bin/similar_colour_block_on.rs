use std::time::Duration;

async fn fetch_config() -> String {
    tokio::time::sleep(Duration::from_millis(100)).await;
    String::from("debug = true")
}

// A plain (sync) function that needs an async one: it builds a runtime to wait.
fn load_config() -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("cannot build a runtime");
    runtime.block_on(fetch_config())
}

#[tokio::main]
async fn main() {
    println!("[main] calling the sync load_config() from async code");
    let config = load_config();
    println!("[main] got {config}");
}
