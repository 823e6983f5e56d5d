use std::time::Duration;

async fn greet(name: &str) {
    println!("[greet] hello, {name}");
}

#[tokio::main]
async fn main() {
    let fut = greet("world"); // builds a future; greet's body does not run
    println!("[main] called greet(), got a future; sleeping 500 ms");
    tokio::time::sleep(Duration::from_millis(500)).await;

    println!("[main] now awaiting the future");
    fut.await; // first poll: greet's body runs now
    println!("[main] done");
}
