use std::time::Duration;
use tokio::runtime::Runtime;

fn main() {
    let runtime = Runtime::new().expect("cannot build a runtime");
    runtime.spawn(async {
        tokio::time::sleep(Duration::from_secs(10)).await;
        println!("[async] never printed");
    });

    println!("[main] shutdown_timeout(500 ms), no blocking threads");
    runtime.shutdown_timeout(Duration::from_millis(500));
    println!("[main] returned");
}
