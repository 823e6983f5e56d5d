use async_book_examples::proc_stats::{os_threads, peak_rss_mib, raise_open_files_limit};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

const MESSAGES: u32 = 5;
const PAUSE: Duration = Duration::from_millis(100);

fn echo(mut socket: TcpStream) {
    let mut buf = [0u8; 64];
    loop {
        let n = socket.read(&mut buf).expect("read failed");
        if n == 0 {
            return;
        }
        socket.write_all(&buf[..n]).expect("write failed");
    }
}

/// Five messages, 100 ms apart: each connection stays open about 0.5 s.
fn client(addr: SocketAddr) -> u32 {
    let mut stream = TcpStream::connect(addr).expect("connect failed");
    let mut back = [0u8; 16];
    for _ in 0..MESSAGES {
        stream.write_all(b"sixteen bytes...").expect("write failed");
        stream.read_exact(&mut back).expect("read failed");
        thread::sleep(PAUSE);
    }
    MESSAGES
}

/// Like `TcpListener::bind("127.0.0.1:0")`, with room for 1,024 connections
/// waiting to be accepted instead of the default 128.
fn listen_on_loopback() -> TcpListener {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("no socket");
    let any_port = SocketAddr::from(([127, 0, 0, 1], 0));
    socket.bind(&any_port.into()).expect("bind failed");
    socket.listen(1024).expect("listen failed");
    socket.into()
}

// ANCHOR: main
fn serve(listener: TcpListener, connections: usize, all_open: Arc<Barrier>) {
    let mut handlers = Vec::new();
    for _ in 0..connections {
        let (socket, _) = listener.accept().expect("accept failed");
        let all_open = all_open.clone();
        handlers.push(thread::spawn(move || {
            all_open.wait(); // hold until main has counted the threads
            echo(socket)
        })); // a thread per connection
    }
    for handler in handlers {
        handler.join().expect("a handler panicked");
    }
}

fn main() {
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
        let barrier = all_open.clone();
        let server = thread::spawn(move || serve(listener, connections, barrier));
        let clients: Vec<_> = (0..connections)
            .map(|_| thread::spawn(move || client(addr)))
            .collect();
        all_open.wait(); // every connection is open and has a handler
        let threads = os_threads();
        let echoes: u32 = clients
            .into_iter()
            .map(|c| c.join().expect("a client panicked"))
            .sum();
        server.join().expect("the server panicked");
        assert_eq!(echoes, 5 * connections as u32, "an echo went missing");
        println!(
            "[threads] connections: {connections:>4}, {:.2} s, {threads} OS threads, peak RSS {:.1} MiB",
            start.elapsed().as_secs_f64(),
            peak_rss_mib()
        );
    }
}
// ANCHOR_END: main
