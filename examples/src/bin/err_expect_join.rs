use std::time::Duration;

use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let a = tokio::spawn(async {
        sleep(Duration::from_millis(300)).await;
        panic!("[a] could not parse its input");
    });
    println!("[main] waiting for a");
    let result = a.await;
    println!("[main] a's handle returned: is_err = {}", result.is_err());
    // expect() turns a's JoinError into a panic of main: the program dies.
    result.expect("task a failed");
    println!("[main] never printed");
}
