use std::io::Write;
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout};

fn main() {
    // The server: a plain thread that answers 300 ms (real time) after a connection.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("cannot bind");
    let addr = listener.local_addr().expect("no local address");
    let server = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().expect("accept failed");
        std::thread::sleep(Duration::from_millis(300));
        println!("[server] replying, 300 ms of real time after the connection");
        let _ = conn.write_all(b"hello"); // the client may be gone already
    });

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("cannot build the runtime");

    rt.block_on(async {
        let mut stream = TcpStream::connect(addr).await.expect("cannot connect");
        let start = Instant::now(); // the runtime's (paused) clock
        let mut buf = [0u8; 16];
        println!("[client] connected; reading with a 5 s timeout");
        let result = timeout(Duration::from_secs(5), stream.read(&mut buf)).await;
        let waited = start.elapsed();
        match result {
            Ok(read) => println!("[client] read {read:?} after {waited:?}"),
            Err(_) => println!("[client] timed out after {waited:?} of virtual time"),
        }
    });
    server.join().expect("server thread panicked");
}
