use std::time::Duration;

use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let a = tokio::spawn(async {
        sleep(Duration::from_secs(1)).await;
        panic!("[a] could not parse its input");
    });
    let b = tokio::spawn(async {
        sleep(Duration::from_secs(2)).await;
        println!("[b] finished");
        42
    });
    println!("[main] spawned a and b");

    // Wait for both handles; a's panic does not stop b.
    let (a, b) = tokio::join!(a, b);
    match a {
        Ok(()) => println!("[main] a: ok"),
        Err(e) => println!("[main] a: is_panic={}, {e}", e.is_panic()),
    }
    println!("[main] b: {b:?}");
}
