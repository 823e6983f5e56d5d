use std::time::Duration;

fn main() {
    // a runtime: executor + IO driver + timer driver, here with default settings
    let runtime = tokio::runtime::Runtime::new().expect("failed to build the runtime");
    println!("[main] plain fn main, runtime built");
    let text = runtime.block_on(async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        "hello from inside block_on"
    });
    println!("[main] {text}");
}
