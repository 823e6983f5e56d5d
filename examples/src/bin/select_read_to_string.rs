use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::time::timeout;

/// A pipe that has received `new;` and stays open: a read to the end waits.
async fn pipe() -> (DuplexStream, DuplexStream) {
    let (mut tx, rx) = tokio::io::duplex(64);
    tx.write_all(b"new;").await.expect("in-memory write");
    (tx, rx)
}

#[tokio::main]
async fn main() {
    let limit = Duration::from_millis(50);

    let (mut tx, mut rx) = pipe().await;
    let mut vec = b"old;".to_vec();
    let cut = timeout(limit, rx.read_to_end(&mut vec)).await.is_err();
    let text = String::from_utf8_lossy(&vec);
    println!("[vec] cut off: {cut}, holds {text:?}");

    tx.write_all(b"end;").await.expect("in-memory write");
    drop(tx); // end of stream: this read_to_end can finish
    let n = rx.read_to_end(&mut vec).await.expect("in-memory read");
    let text = String::from_utf8_lossy(&vec);
    println!("[vec] called again: {n} more bytes, holds {text:?}");

    let (_tx, mut rx) = pipe().await;
    let mut string = String::from("old;");
    let cut = timeout(limit, rx.read_to_string(&mut string))
        .await
        .is_err();
    println!("[string] cut off: {cut}, holds {string:?}");
}
