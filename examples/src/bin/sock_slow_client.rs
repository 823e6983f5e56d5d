use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio::time::sleep;

// ANCHOR: server
async fn serve(listener: TcpListener, connections: usize) {
    let mut handlers = JoinSet::new();
    for _ in 0..connections {
        let (socket, _) = listener.accept().await.expect("accept failed");
        handlers.spawn(echo(socket)); // the slow one waits in its own task
    }
    handlers.join_all().await;
}
// ANCHOR_END: server

async fn echo(mut socket: TcpStream) {
    let mut buf = [0u8; 64];
    loop {
        let n = socket.read(&mut buf).await.expect("read failed");
        if n == 0 {
            return;
        }
        socket.write_all(&buf[..n]).await.expect("write failed");
    }
}

// ANCHOR: clients
/// Sends its message one byte every 250 ms.
async fn slow(addr: SocketAddr) {
    let mut stream = TcpStream::connect(addr).await.expect("connect failed");
    println!("[slow] connected, typing one byte every 250 ms");
    for byte in b"slow" {
        stream.write_all(&[*byte]).await.expect("write failed");
        sleep(Duration::from_millis(250)).await;
    }
    let mut back = [0u8; 4];
    stream.read_exact(&mut back).await.expect("read failed");
    println!("[slow] echoed: {}", String::from_utf8_lossy(&back));
}

async fn fast(name: &str, addr: SocketAddr) {
    sleep(Duration::from_millis(100)).await; // the slow client is mid-message
    let mut stream = TcpStream::connect(addr).await.expect("connect failed");
    stream
        .write_all(name.as_bytes())
        .await
        .expect("write failed");
    let mut back = vec![0u8; name.len()];
    stream.read_exact(&mut back).await.expect("read failed");
    println!("[{name}] echoed: {}", String::from_utf8_lossy(&back));
}

#[tokio::main]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind failed");
    let addr = listener.local_addr().expect("no local address");
    let server = tokio::spawn(serve(listener, 4));
    tokio::join!(
        biased; // poll the clients in the order written
        slow(addr),
        fast("f1", addr),
        fast("f2", addr),
        fast("f3", addr)
    );
    server.await.expect("the server panicked");
}
// ANCHOR_END: clients
