use std::time::Duration;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let a = tokio::spawn(async {
        sleep(Duration::from_millis(300)).await;
        panic!("[a] could not parse its input");
    });
    let b = tokio::spawn(async {
        sleep(Duration::from_millis(1000)).await;
        println!("[b] finished");
        42
    });

    // Waits for both handles: a's panic becomes a value, b keeps running.
    let (a, b) = tokio::join!(a, b);
    match a {
        Ok(()) => println!("[main] a: ok"),
        Err(e) => println!("[main] a: JoinError, is_panic() = {}", e.is_panic()),
    }
    println!("[main] b: {b:?}");
}
