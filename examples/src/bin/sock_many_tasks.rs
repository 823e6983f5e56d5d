use async_book_examples::proc_stats::{os_threads, peak_rss_mib, raise_open_files_limit};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::Barrier;
use tokio::task::JoinSet;
use tokio::time::sleep;

const MESSAGES: u32 = 5;
const PAUSE: Duration = Duration::from_millis(100);

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

/// Five messages, 100 ms apart: each connection stays open about 0.5 s.
async fn client(addr: SocketAddr) -> u32 {
    let mut stream = TcpStream::connect(addr).await.expect("connect failed");
    let mut back = [0u8; 16];
    for _ in 0..MESSAGES {
        stream
            .write_all(b"sixteen bytes...")
            .await
            .expect("write failed");
        stream.read_exact(&mut back).await.expect("read failed");
        sleep(PAUSE).await;
    }
    MESSAGES
}

/// Like `TcpListener::bind("127.0.0.1:0")`, with room for 1,024 connections
/// waiting to be accepted instead of the default 128.
fn listen_on_loopback() -> TcpListener {
    let socket = TcpSocket::new_v4().expect("no socket");
    let any_port = SocketAddr::from(([127, 0, 0, 1], 0));
    socket.bind(any_port).expect("bind failed");
    socket.listen(1024).expect("listen failed")
}

// ANCHOR: main
async fn serve(listener: TcpListener, connections: usize, all_open: Arc<Barrier>) {
    let mut handlers = JoinSet::new();
    for _ in 0..connections {
        let (socket, _) = listener.accept().await.expect("accept failed");
        let all_open = all_open.clone();
        handlers.spawn(async move {
            all_open.wait().await; // hold until main has counted the threads
            echo(socket).await
        }); // a task per connection
    }
    handlers.join_all().await;
}

#[tokio::main]
async fn main() {
    // Every socket is an open file: 1,000 clients + 1,000 server sockets.
    let limit = raise_open_files_limit();
    assert!(
        limit >= 2_100,
        "needs 2,100 open files, the limit is {limit}"
    );
    for connections in [1, 100, 1_000] {
        let listener = listen_on_loopback();
        let addr = listener.local_addr().expect("no local address");
        let start = Instant::now();
        let all_open = Arc::new(Barrier::new(connections + 1));
        let server = tokio::spawn(serve(listener, connections, all_open.clone()));
        let mut clients = JoinSet::new();
        for _ in 0..connections {
            clients.spawn(client(addr));
        }
        all_open.wait().await; // every connection is open and has a handler
        let threads = os_threads();
        let echoes: u32 = clients.join_all().await.iter().sum();
        server.await.expect("the server panicked");
        assert_eq!(echoes, 5 * connections as u32, "an echo went missing");
        println!(
            "[tasks] connections: {connections:>4}, {:.2} s, {threads} OS threads, peak RSS {:.1} MiB",
            start.elapsed().as_secs_f64(),
            peak_rss_mib()
        );
    }
}
// ANCHOR_END: main
