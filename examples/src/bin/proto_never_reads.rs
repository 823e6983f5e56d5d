use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{sleep, timeout};

const SIZE: usize = 16 << 20; // 16 MiB: more than the kernel buffers hold

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let client = TcpStream::connect(listener.local_addr()?).await?;
    let (mut sock, _) = listener.accept().await?;
    tokio::spawn(async move {
        let _keep_open = client; // connected, and never reads a byte
        sleep(Duration::from_secs(5)).await;
    });

    let data = vec![b'x'; SIZE];
    // ANCHOR: write
    println!("[server] {SIZE} bytes to send");
    let n = sock.write(&data).await?; // one write: takes what fits, returns how much
    if n < SIZE {
        println!("[server] write() took {n} of {SIZE} bytes: a short write");
    }
    let deadline = Duration::from_millis(500);
    match timeout(deadline, sock.write_all(&data[n..])).await {
        Ok(res) => println!("[server] write_all finished: {res:?}"),
        Err(_) => println!("[server] write_all: not done after 0.5 s; dropping the client"),
    }
    // ANCHOR_END: write
    drop(sock);
    Ok(())
}
