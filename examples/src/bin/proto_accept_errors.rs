use nix::sys::resource::{Resource, getrlimit, setrlimit};
use std::os::fd::AsRawFd;
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::time::sleep;

/// Lowers the open-file limit so that exactly one more file can be opened.
fn leave_one_free_file() -> std::io::Result<()> {
    let lowest_free = std::fs::File::open("/dev/null")?.as_raw_fd(); // closed again at once
    let (_, hard) = getrlimit(Resource::RLIMIT_NOFILE)?;
    setrlimit(Resource::RLIMIT_NOFILE, lowest_free as u64 + 1, hard)?;
    Ok(())
}

async fn client(name: &'static str, mut sock: TcpStream) -> TcpStream {
    let _ = sock.read(&mut [0u8; 1]).await; // wait until the server closes
    println!("[{name}] served");
    sock // kept open by main: only the server's sockets come and go
}

// ANCHOR: loop
async fn accept_loop(listener: TcpListener) {
    loop {
        match listener.accept().await {
            Ok((sock, _)) => {
                println!("[server] accepted a connection");
                tokio::spawn(async move {
                    sleep(Duration::from_millis(250)).await; // serve it
                    drop(sock);
                });
            }
            Err(e) => {
                // EMFILE and friends: log, wait, try again. The connection waits in the backlog.
                println!("[server] accept failed: {e}; retrying in 100 ms");
                sleep(Duration::from_millis(100)).await;
            }
        }
    }
}
// ANCHOR_END: loop

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let mut clients = Vec::new();
    for name in ["c1", "c2", "c3"] {
        let sock = TcpStream::connect(addr).await?; // waits in the backlog until accepted
        clients.push(tokio::spawn(client(name, sock)));
    }
    leave_one_free_file()?; // room for one accepted socket at a time
    tokio::spawn(accept_loop(listener));
    let mut done = Vec::new();
    for client in clients {
        done.push(client.await?);
    }
    Ok(())
}
