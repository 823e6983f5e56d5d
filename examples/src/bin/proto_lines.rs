use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::sleep;

async fn server(sock: TcpStream) -> std::io::Result<()> {
    let mut lines = BufReader::new(sock).lines();
    while let Some(line) = lines.next_line().await? {
        println!("[server] line {line:?}");
    }
    println!("[server] next_line() returned None: the client closed");
    Ok(())
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let mut client = TcpStream::connect(listener.local_addr()?).await?;
    client.set_nodelay(true)?; // send each write at once
    let (sock, _) = listener.accept().await?;
    let server = tokio::spawn(server(sock));
    // Three lines, cut in the wrong places: TCP keeps no message boundaries.
    for piece in ["GET al", "pha\nGET be", "ta\nGET gam", "ma\n"] {
        println!("[client] write {piece:?}");
        client.write_all(piece.as_bytes()).await?;
        sleep(Duration::from_millis(100)).await;
    }
    drop(client); // close the connection
    server.await??;
    Ok(())
}
