use futures::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::codec::{Framed, LinesCodec};

// `add A B` → the sum; anything else → an error line.
async fn server(sock: TcpStream) {
    let mut lines = Framed::new(sock, LinesCodec::new_with_max_length(64));
    while let Some(Ok(line)) = lines.next().await {
        let words: Vec<&str> = line.split_whitespace().collect();
        let reply = match words.as_slice() {
            ["add", a, b] => match (a.parse::<i64>(), b.parse::<i64>()) {
                (Ok(a), Ok(b)) => (a + b).to_string(),
                _ => "error: not numbers".to_string(),
            },
            _ => format!("error: unknown request {line:?}"),
        };
        if lines.send(reply).await.is_err() {
            return;
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let sock = TcpStream::connect(listener.local_addr()?).await?;
    let (accepted, _) = listener.accept().await?;
    tokio::spawn(server(accepted));

    let mut lines = Framed::new(sock, LinesCodec::new());
    for request in ["add 2 3", "add 40 2", "mul 2 3"] {
        lines.send(request).await.expect("the server reads");
        let reply = lines.next().await;
        println!("[client] {request:?} → {reply:?}");
    }
    Ok(())
}
