use futures::StreamExt;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{Instant, interval_at, sleep};
use tokio_util::codec::{FramedRead, LengthDelimitedCodec};

// The same writer as `select_read_exact`, but every frame starts with its
// length: 4 bytes, big-endian (LengthDelimitedCodec's default header).
async fn writer(mut sock: TcpStream) -> std::io::Result<()> {
    sock.set_nodelay(true)?; // send each write at once
    let header = 8u32.to_be_bytes();
    for (after_ms, with_header, bytes) in [
        (50, true, "frame-1;"),
        (50, true, "fram"),
        (300, false, "e-2;"),
        (50, true, "frame-3;"),
    ] {
        sleep(Duration::from_millis(after_ms)).await;
        if with_header {
            println!("[writer] sending length 8, then {bytes:?}");
            sock.write_all(&header).await?;
        } else {
            println!("[writer] sending {bytes:?}");
        }
        sock.write_all(bytes.as_bytes()).await?;
    }
    Ok(()) // dropping `sock` closes the connection
}

fn text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes) // the bytes as text, to print them
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let client = TcpStream::connect(listener.local_addr()?).await?;
    let (sock, _) = listener.accept().await?;
    tokio::spawn(writer(client));

    // The partial frame lives in the FramedRead's buffer, not in a future.
    let mut frames = FramedRead::new(sock, LengthDelimitedCodec::new());
    let period = Duration::from_millis(300);
    let mut heartbeat = interval_at(Instant::now() + period, period);
    loop {
        tokio::select! {
            frame = frames.next() => match frame {
                Some(Ok(bytes)) => println!("[reader] frame {:?}", text(&bytes)),
                Some(Err(e)) => { println!("[reader] error: {e}"); break; }
                None => { println!("[reader] the socket is closed"); break; }
            },
            _ = heartbeat.tick() => {
                let kept = frames.read_buffer().len();
                println!("[reader] heartbeat; {kept} bytes wait in the FramedRead");
            }
        }
    }
    Ok(())
}
