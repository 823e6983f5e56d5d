use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio::time::sleep;

// ANCHOR: handler
async fn echo(mut socket: TcpStream) {
    let mut buf = [0u8; 64];
    let n = socket.read(&mut buf).await.expect("read failed");
    if &buf[..n] == b"report" {
        // A blocking call: a sync database driver, a big file read, hashing...
        std::thread::sleep(Duration::from_secs(1));
    }
    socket.write_all(&buf[..n]).await.expect("write failed");
}
// ANCHOR_END: handler

async fn serve(listener: TcpListener, connections: usize) {
    let mut handlers = JoinSet::new();
    for _ in 0..connections {
        let (socket, _) = listener.accept().await.expect("accept failed");
        handlers.spawn(echo(socket));
    }
    handlers.join_all().await;
}

async fn client(name: &str, message: &str, delay: Duration, addr: SocketAddr) {
    sleep(delay).await;
    let mut stream = TcpStream::connect(addr).await.expect("connect failed");
    stream
        .write_all(message.as_bytes())
        .await
        .expect("write failed");
    println!("[{name}] sent: {message}");
    let mut back = vec![0u8; message.len()];
    stream.read_exact(&mut back).await.expect("read failed");
    println!("[{name}] echoed: {}", String::from_utf8_lossy(&back));
}

// ANCHOR: main
fn main() {
    // The server: ONE thread, its own runtime.
    let server_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("no runtime");
    let listener = server_rt
        .block_on(TcpListener::bind("127.0.0.1:0"))
        .expect("bind failed");
    let addr = listener.local_addr().expect("no local address");
    let server = std::thread::spawn(move || server_rt.block_on(serve(listener, 4)));

    // The clients: another runtime, so only the server can be stalled.
    let clients_rt = tokio::runtime::Runtime::new().expect("no runtime");
    let soon = Duration::from_millis(100);
    clients_rt.block_on(async {
        tokio::join!(
            biased; // poll the clients in the order written
            client("report", "report", Duration::ZERO, addr),
            client("c1", "ping", soon, addr),
            client("c2", "ping", soon, addr),
            client("c3", "ping", soon, addr),
        )
    });
    server.join().expect("the server panicked");
}
// ANCHOR_END: main
