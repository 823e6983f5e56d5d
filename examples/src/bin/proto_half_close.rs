use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::sleep;

// Answers each line at once; after the client's last line, a summary.
async fn server(sock: TcpStream) -> std::io::Result<()> {
    let (read, mut write) = sock.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut count = 0;
    while let Some(line) = lines.next_line().await? {
        count += 1;
        write
            .write_all(format!("{}\n", line.to_uppercase()).as_bytes())
            .await?;
    }
    println!("[server] end of stream after {count} lines; sending the summary");
    write
        .write_all(format!("{count} lines, bye\n").as_bytes())
        .await?;
    Ok(()) // dropping `write` closes the server's side
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let sock = TcpStream::connect(listener.local_addr()?).await?;
    let (accepted, _) = listener.accept().await?;
    tokio::spawn(server(accepted));

    // ANCHOR: client
    let (read, mut write) = sock.into_split(); // owned halves: one per task
    let writer = tokio::spawn(async move {
        for word in ["alpha", "beta", "gamma"] {
            println!("[writer] sending {word:?}");
            write.write_all(format!("{word}\n").as_bytes()).await?;
            sleep(Duration::from_millis(100)).await;
        }
        println!("[writer] shutdown(): no more requests, but replies may still come");
        write.shutdown().await // half-close: the server's next read sees the end
    });
    let reader = tokio::spawn(async move {
        let mut lines = BufReader::new(read).lines();
        while let Some(line) = lines.next_line().await? {
            println!("[reader] got {line:?}");
        }
        println!("[reader] end of stream: the server closed its side too");
        Ok::<_, std::io::Error>(())
    });
    writer.await??;
    reader.await??;
    // ANCHOR_END: client
    Ok(())
}
