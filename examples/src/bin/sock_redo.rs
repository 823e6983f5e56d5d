use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{sleep, timeout};

/// Answers each line in upper case; hangs up after 300 ms of silence.
async fn shout(socket: TcpStream) {
    let (reader, mut writer) = socket.into_split();
    let mut lines = BufReader::new(reader).lines();
    while let Ok(line) = timeout(Duration::from_millis(300), lines.next_line()).await {
        let Some(line) = line.expect("read failed") else {
            return; // the client left
        };
        let reply = format!("{}\n", line.to_uppercase());
        writer
            .write_all(reply.as_bytes())
            .await
            .expect("write failed");
    }
}

async fn client(name: &str, pause: Duration, addr: SocketAddr) {
    let stream = TcpStream::connect(addr).await.expect("connect failed");
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    for word in ["hello", "bye"] {
        sleep(pause).await;
        writer
            .write_all(format!("{word}\n").as_bytes())
            .await
            .expect("write failed");
        let reply = lines.next_line().await.expect("read failed");
        println!("[{name}] {word} -> {}", reply.unwrap_or_default());
    }
    let end = lines.next_line().await.expect("read failed");
    println!("[{name}] hung up on (next line: {end:?})");
}

#[tokio::main]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind failed");
    let addr = listener.local_addr().expect("no local address");
    tokio::spawn(async move {
        loop {
            let (socket, _) = listener.accept().await.expect("accept failed");
            tokio::spawn(shout(socket));
        }
    });
    tokio::join!(
        client("a", Duration::from_millis(100), addr),
        client("b", Duration::from_millis(200), addr),
    );
}
