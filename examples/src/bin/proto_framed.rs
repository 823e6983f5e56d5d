use futures::{SinkExt, StreamExt};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::time::sleep;
use tokio_util::codec::{Framed, LinesCodec};

// ANCHOR: server
async fn server(sock: TcpStream) {
    // One value for both directions: a Stream of lines in, a Sink of lines out.
    let mut lines = Framed::new(sock, LinesCodec::new_with_max_length(32));
    while let Some(request) = lines.next().await {
        match request {
            Ok(line) => {
                let reply = format!("PONG {}", line.trim_start_matches("PING "));
                lines.send(reply).await.expect("the client reads");
            }
            Err(e) => {
                println!("[server] {e}; closing the connection");
                return;
            }
        }
    }
}
// ANCHOR_END: server

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let sock = TcpStream::connect(listener.local_addr()?).await?;
    let (accepted, _) = listener.accept().await?;
    tokio::spawn(server(accepted));

    // ANCHOR: client
    let mut lines = Framed::new(sock, LinesCodec::new());
    let long = format!("PING {}", "x".repeat(40));
    for request in ["PING 1".to_string(), "PING 2".to_string(), long] {
        println!("[client] send {} bytes: {:.12}", request.len(), request);
        lines.send(request).await.expect("the server reads");
        match lines.next().await {
            Some(Ok(reply)) => println!("[client] reply {reply:?}"),
            Some(Err(e)) => println!("[client] error: {e}"),
            None => println!("[client] no reply: the server closed the connection"),
        }
        sleep(Duration::from_millis(100)).await;
    }
    // ANCHOR_END: client
    Ok(())
}
