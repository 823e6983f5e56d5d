use std::time::Duration;

async fn count(n: u32) {
    println!("[count {n}] one");
    tokio::time::sleep(Duration::from_secs(1)).await;
    println!("[count {n}] two");
}

#[tokio::main]
async fn main() {
    let mut handles = Vec::new();
    for n in 0..3 {
        handles.push(tokio::spawn(count(n))); // starts running now
    }
    for handle in handles {
        handle.await.expect("count panicked"); // wait for each to finish
    }
    println!("[main] all three counted");
}
