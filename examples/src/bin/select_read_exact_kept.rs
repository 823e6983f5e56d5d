use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{Instant, interval_at, sleep};

const FRAME: usize = 8; // every message is exactly 8 bytes
const SENT: usize = 3 * FRAME; // the writer sends three frames

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

// Owns the socket and gives it back with the frame, for the next read.
type Read = (TcpStream, std::io::Result<[u8; FRAME]>);
async fn read_frame(mut sock: TcpStream) -> Read {
    let mut buf = [b'.'; FRAME];
    let res = sock.read_exact(&mut buf).await.map(|_| buf);
    (sock, res)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?; // port 0: any free port
    let client = TcpStream::connect(listener.local_addr()?).await?;
    let (sock, _) = listener.accept().await?;
    tokio::spawn(writer(client));

    let period = Duration::from_millis(300);
    let mut heartbeat = interval_at(Instant::now() + period, period);
    let mut read = std::pin::pin!(read_frame(sock)); // one read, made before the loop
    let mut framed = 0; // bytes the reader printed as frames
    loop {
        tokio::select! {
            // `&mut read`: select! polls the future but never drops it
            (sock, res) = &mut read => match res {
                Ok(buf) => {
                    println!("[reader] frame {:?}", text(&buf));
                    framed += FRAME;
                    read.set(read_frame(sock)); // frame done: start the next read
                }
                Err(e) => { println!("[reader] read_exact: {e}"); break; }
            },
            _ = heartbeat.tick() => println!("[reader] heartbeat; the read goes on"),
        }
    }
    let lost = SENT - framed;
    println!("[reader] of {SENT} bytes sent: {framed} in the frames printed, {lost} lost");
    Ok(())
}
