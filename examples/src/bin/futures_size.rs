use std::time::Duration;
use tokio::time::sleep;

async fn small() {
    sleep(Duration::from_millis(10)).await;
}

async fn holds_a_buffer() {
    let buffer = [7u8; 4096]; // lives across the .await below
    sleep(Duration::from_millis(10)).await;
    println!("[holds_a_buffer] first byte: {}", buffer[0]);
}

#[tokio::main]
async fn main() {
    let a = small();
    let b = holds_a_buffer();
    println!("[main] small() future: {} bytes", size_of_val(&a));
    println!("[main] holds_a_buffer() future: {} bytes", size_of_val(&b));
    println!(
        "[main] b holds the 4096-byte buffer: {}",
        size_of_val(&b) > 4096
    );
    a.await;
    b.await;
}
