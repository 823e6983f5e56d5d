use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::sleep;

const MAX_CONNECTIONS: usize = 2;

async fn client(name: &'static str, mut sock: TcpStream) {
    let _ = sock.read(&mut [0u8; 1]).await; // wait until the server closes
    println!("[{name}] served");
}

// ANCHOR: loop
async fn accept_loop(listener: TcpListener) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut accepted = 0;
    loop {
        // A free slot first, then accept: extra clients wait in the kernel's backlog.
        let permit = slots.clone().acquire_owned().await.expect("never closed");
        let sock = match listener.accept().await {
            Ok((sock, _)) => sock,
            Err(e) => {
                println!("[server] accept failed: {e}; retrying in 100 ms");
                sleep(Duration::from_millis(100)).await;
                continue; // `permit` is dropped: the slot is free again
            }
        };
        accepted += 1;
        println!("[server] accepted connection {accepted}");
        tokio::spawn(async move {
            sleep(Duration::from_millis(200)).await; // serve it
            drop(sock);
            drop(permit); // the slot is free when the connection is done
        });
    }
}
// ANCHOR_END: loop

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let mut clients = Vec::new();
    for name in ["c1", "c2", "c3", "c4", "c5"] {
        let sock = TcpStream::connect(addr).await?;
        println!("[{name}] connected");
        clients.push(tokio::spawn(client(name, sock)));
    }
    tokio::spawn(accept_loop(listener));
    for client in clients {
        client.await?;
    }
    Ok(())
}
