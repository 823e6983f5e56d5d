use std::time::Duration;
use tokio::runtime::Builder;

fn main() {
    let runtime = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all() // turn on the IO driver and the timer driver
        .build()
        .expect("failed to build the runtime");
    println!("[main] runtime built; entering block_on");

    let answer = runtime.block_on(async {
        println!("[async] inside the runtime; sleeping 300 ms");
        tokio::time::sleep(Duration::from_millis(300)).await;
        42
    });
    println!("[main] block_on returned {answer}; dropping the runtime");
    drop(runtime);
    println!("[main] plain synchronous code again");
}
