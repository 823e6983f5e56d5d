use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio::time::{sleep, timeout};

const IDLE: Duration = Duration::from_millis(500);

// ANCHOR: handler
async fn echo(mut socket: TcpStream, name: String) {
    let mut buf = [0u8; 64];
    loop {
        let n = match timeout(IDLE, socket.read(&mut buf)).await {
            Ok(read) => read.expect("read failed"),
            Err(_elapsed) => {
                println!("[server] {name}: nothing for 500 ms, closing");
                return; // dropping the socket closes the connection
            }
        };
        if n == 0 {
            return;
        }
        socket.write_all(&buf[..n]).await.expect("write failed");
    }
}
// ANCHOR_END: handler

async fn serve(listener: TcpListener) {
    let mut handlers = JoinSet::new();
    for _ in 0..2 {
        let (mut socket, _) = listener.accept().await.expect("accept failed");
        let mut name = [0u8; 6]; // each client starts with its name
        socket.read_exact(&mut name).await.expect("read failed");
        let name = String::from_utf8_lossy(&name).into_owned();
        handlers.spawn(echo(socket, name));
    }
    handlers.join_all().await;
}

// ANCHOR: clients
async fn client(name: &str, messages: u32, addr: SocketAddr) {
    let mut stream = TcpStream::connect(addr).await.expect("connect failed");
    stream
        .write_all(name.as_bytes())
        .await
        .expect("write failed");
    let mut back = [0u8; 4];
    for i in 1..=messages {
        sleep(Duration::from_millis(300)).await;
        stream.write_all(b"ping").await.expect("write failed");
        stream.read_exact(&mut back).await.expect("read failed");
        println!("[{name}] echoed {i}");
    }
    // Now silent too: wait for the server to give up on us.
    let n = stream.read(&mut back).await.expect("read failed");
    println!("[{name}] read returned {n}: the server closed the connection");
}
// ANCHOR_END: clients

#[tokio::main]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind failed");
    let addr = listener.local_addr().expect("no local address");
    let server = tokio::spawn(serve(listener));
    tokio::join!(client("silent", 0, addr), client("chatty", 3, addr));
    server.await.expect("the server panicked");
}
