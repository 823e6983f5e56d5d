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

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?; // port 0: any free port
    let client = TcpStream::connect(listener.local_addr()?).await?;
    let (mut sock, _) = listener.accept().await?;
    tokio::spawn(writer(client));

    let period = Duration::from_millis(300);
    let mut heartbeat = interval_at(Instant::now() + period, period);
    let mut framed = 0; // bytes the reader printed as frames
    loop {
        let mut buf = [b'.'; FRAME];
        tokio::select! {
            res = sock.read_exact(&mut buf) => match res {
                Ok(_) => {
                    println!("[reader] frame {:?}", text(&buf));
                    framed += FRAME;
                }
                Err(e) => { println!("[reader] read_exact: {e}"); break; }
            },
            _ = heartbeat.tick() => {
                // The read_exact future is gone. What had it already put into buf?
                let taken = text(&buf);
                println!("[reader] heartbeat; the dropped read had {taken:?}");
            }
        }
    }
    let lost = SENT - framed;
    println!("[reader] of {SENT} bytes sent: {framed} in the frames printed, {lost} lost");
    Ok(())
}
