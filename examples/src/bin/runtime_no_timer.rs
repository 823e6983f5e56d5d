use std::time::Duration;
use tokio::runtime::Builder;

fn main() {
    let runtime = Builder::new_current_thread()
        // .enable_all() is missing: no IO driver, no timer driver
        .build()
        .expect("failed to build the runtime");
    println!("[main] runtime built without drivers");

    runtime.block_on(async {
        println!("[async] plain code runs fine: 6 * 7 = {}", 6 * 7);
        tokio::time::sleep(Duration::from_millis(100)).await; // needs the timer driver
        println!("[async] never printed");
    });
}
