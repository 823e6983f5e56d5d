use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;

async fn server(sock: TcpStream) -> std::io::Result<()> {
    let (read, mut write) = sock.into_split();
    let mut lines = BufReader::new(read).lines();
    while let Some(line) = lines.next_line().await? {
        println!("[server] got {line:?}");
        write.write_all(format!("ok {line}\n").as_bytes()).await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let sock = TcpStream::connect(listener.local_addr()?).await?;
    let (accepted, _) = listener.accept().await?;
    tokio::spawn(server(accepted));

    let (read, write) = sock.into_split();
    let mut replies = BufReader::new(read).lines();
    let mut out = BufWriter::new(write); // collects small writes, sends them in one go
    out.write_all(b"hello\n").await?;
    println!("[client] wrote \"hello\\n\" into the BufWriter");
    let wait = Duration::from_millis(300);
    if timeout(wait, replies.next_line()).await.is_err() {
        println!("[client] no reply after 0.3 s: the bytes are still in the BufWriter");
    }
    println!("[client] flush()");
    out.flush().await?;
    println!("[client] reply {:?}", replies.next_line().await?);
    Ok(())
}
