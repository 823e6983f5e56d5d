use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio::time::sleep;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

// ANCHOR: handler
async fn handle(socket: TcpStream, stop: CancellationToken) {
    let (reader, mut writer) = socket.into_split();
    let mut lines = BufReader::new(reader).lines();
    loop {
        tokio::select! {
            line = lines.next_line() => {
                let Some(line) = line.expect("read failed") else {
                    return; // the client left
                };
                let echo = format!("{line}\n");
                writer.write_all(echo.as_bytes()).await.expect("write failed");
            }
            _ = stop.cancelled() => {
                // Shutting down: say goodbye, then return (the socket closes).
                writer.write_all(b"bye\n").await.expect("write failed");
                return;
            }
        }
    }
}
// ANCHOR_END: handler

// ANCHOR: main
#[tokio::main]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind failed");
    let addr = listener.local_addr().expect("no local address");
    let stop = CancellationToken::new();
    let tracker = TaskTracker::new();

    let on_ctrl_c = stop.clone();
    tokio::spawn(async move {
        tokio::signal::ctrl_c().await.expect("no signal handler");
        println!("[main] Ctrl-C: stop accepting, tell the connections");
        on_ctrl_c.cancel();
    });
    press_ctrl_c_after(Duration::from_millis(1_000));
    let mut clients = JoinSet::new();
    for name in ["c1", "c2", "c3"] {
        clients.spawn(client(name, addr)); // demo clients, in this process
    }

    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (socket, _) = accepted.expect("accept failed");
                tracker.spawn(handle(socket, stop.clone()));
            }
            _ = stop.cancelled() => break,
        }
    }
    drop(listener); // new connections are refused from here on
    tracker.close();
    tracker.wait().await;
    println!("[main] every connection said bye");
    clients.join_all().await;
}
// ANCHOR_END: main

/// What a user's Ctrl-C does: send SIGINT to this process.
fn press_ctrl_c_after(delay: Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(delay);
        kill(Pid::this(), Signal::SIGINT).expect("kill failed");
    });
}

/// Sends "ping" every 300 ms until the server says something else.
async fn client(name: &str, addr: SocketAddr) {
    let stream = TcpStream::connect(addr).await.expect("connect failed");
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    loop {
        tokio::select! {
            _ = sleep(Duration::from_millis(300)) => {
                writer.write_all(b"ping\n").await.expect("write failed");
            }
            line = lines.next_line() => match line.expect("read failed").as_deref() {
                Some("ping") => println!("[{name}] ping echoed"),
                other => {
                    println!("[{name}] server said {other:?}");
                    return;
                }
            },
        }
    }
}
