use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::sleep;

// ANCHOR: server
async fn serve(listener: TcpListener) {
    loop {
        let (socket, peer) = listener.accept().await.expect("accept failed");
        println!("[server] accepted {peer}");
        tokio::spawn(echo(socket)); // one task per connection
    }
}

async fn echo(mut socket: TcpStream) {
    let mut buf = [0u8; 1024];
    loop {
        let n = socket.read(&mut buf).await.expect("read failed");
        if n == 0 {
            return; // the client closed its side
        }
        socket.write_all(&buf[..n]).await.expect("write failed");
    }
}
// ANCHOR_END: server

// ANCHOR: client
async fn client(name: &str, addr: SocketAddr) {
    println!("[{name}] connecting");
    let mut stream = TcpStream::connect(addr).await.expect("connect failed");
    for i in 1..=3 {
        let message = format!("{name} says {i}");
        stream
            .write_all(message.as_bytes())
            .await
            .expect("write failed");
        let mut back = vec![0u8; message.len()];
        stream.read_exact(&mut back).await.expect("read failed");
        println!("[{name}] echoed: {}", String::from_utf8_lossy(&back));
        sleep(Duration::from_millis(200)).await;
    }
}
// ANCHOR_END: client

// ANCHOR: main
#[tokio::main]
async fn main() {
    // Port 0: the OS picks a free port, so two runs never collide.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind failed");
    let addr = listener.local_addr().expect("no local address");
    println!("[server] listening on {addr}");
    tokio::spawn(serve(listener));

    tokio::join!(client("c1", addr), client("c2", addr), client("c3", addr));
    println!("[main] clients done; main returns and the runtime drops the server task");
}
// ANCHOR_END: main
