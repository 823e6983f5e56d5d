use std::time::Duration;
use tokio::runtime::Runtime;

fn main() {
    let runtime = Runtime::new().expect("cannot build a runtime");
    runtime.spawn(async {
        tokio::time::sleep(Duration::from_secs(10)).await;
        println!("[async] never printed");
    });
    runtime.spawn_blocking(|| {
        std::thread::sleep(Duration::from_secs(10)); // cannot be interrupted
        println!("[blocking] never printed");
    });

    println!("[main] stop_run: shutdown_timeout(500 ms)");
    runtime.shutdown_timeout(Duration::from_millis(500));
    println!("[main] returned; the runtime is gone");

    // reset_loop: there is no reset; build a new runtime
    let runtime = Runtime::new().expect("cannot build a runtime");
    let answer = runtime.block_on(async { 6 * 7 });
    println!("[main] a fresh runtime computed {answer}");
}
