use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::time::{Instant, interval_at, sleep};

const FRAME: usize = 8; // every message is exactly 8 bytes

async fn writer(mut sock: TcpStream) -> std::io::Result<()> {
    sock.set_nodelay(true)?; // send each write at once
    // Frame 2 comes in two halves, 300 ms apart: a slow network.
    for (after_ms, bytes) in [
        (50, "frame-1;"),
        (50, "fram"),
        (300, "e-2;"),
        (50, "frame-3;"),
    ] {
        sleep(Duration::from_millis(after_ms)).await;
        println!("[writer] sending {bytes:?}");
        sock.write_all(bytes.as_bytes()).await?;
    }
    Ok(()) // dropping `sock` closes the connection
}

fn text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes) // the bytes as text, to print them
}

// Reads whole frames and passes them on. No select! here: no read is ever dropped.
async fn reader(mut sock: TcpStream, frames: mpsc::Sender<[u8; FRAME]>) {
    let mut buf = [b'.'; FRAME];
    while sock.read_exact(&mut buf).await.is_ok() {
        if frames.send(buf).await.is_err() {
            break; // nobody listens any more
        }
    }
} // `frames` dropped: the channel closes

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?; // port 0: any free port
    let client = TcpStream::connect(listener.local_addr()?).await?;
    let (sock, _) = listener.accept().await?;
    tokio::spawn(writer(client));
    let (tx, mut rx) = mpsc::channel(4);
    tokio::spawn(reader(sock, tx));

    let period = Duration::from_millis(300);
    let mut heartbeat = interval_at(Instant::now() + period, period);
    loop {
        tokio::select! {
            frame = rx.recv() => match frame { // recv() is cancel safe
                Some(buf) => println!("[main] frame {:?}", text(&buf)),
                None => break, // the reader task ended: the socket is closed
            },
            _ = heartbeat.tick() => println!("[main] heartbeat"),
        }
    }
    println!("[main] the socket is closed");
    Ok(())
}
