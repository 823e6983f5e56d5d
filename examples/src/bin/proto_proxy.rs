use tokio::io::{AsyncReadExt, AsyncWriteExt, copy_bidirectional};
use tokio::net::{TcpListener, TcpStream};

// The server behind the proxy: reads everything, then answers in upper case.
async fn upstream(listener: TcpListener) -> std::io::Result<()> {
    let (mut sock, _) = listener.accept().await?;
    let mut request = String::new();
    sock.read_to_string(&mut request).await?; // until the proxy half-closes
    println!(
        "[upstream] end of stream after {} bytes; answering",
        request.len()
    );
    sock.write_all(request.to_uppercase().as_bytes()).await?;
    Ok(()) // dropping `sock` closes it
}

// ANCHOR: proxy
async fn proxy(listener: TcpListener, upstream_addr: std::net::SocketAddr) -> std::io::Result<()> {
    let (mut client, _) = listener.accept().await?;
    let mut server = TcpStream::connect(upstream_addr).await?;
    // Copies both ways until both sides are done; an end of stream on one
    // side becomes a shutdown() of the other.
    let (up, down) = copy_bidirectional(&mut client, &mut server).await?;
    println!("[proxy] done: {up} bytes client→upstream, {down} bytes upstream→client");
    Ok(())
}
// ANCHOR_END: proxy

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let upstream_listener = TcpListener::bind("127.0.0.1:0").await?;
    let upstream_addr = upstream_listener.local_addr()?;
    let proxy_listener = TcpListener::bind("127.0.0.1:0").await?;
    let proxy_addr = proxy_listener.local_addr()?;
    tokio::spawn(upstream(upstream_listener));
    let proxy = tokio::spawn(proxy(proxy_listener, upstream_addr));

    let mut sock = TcpStream::connect(proxy_addr).await?;
    println!("[client] sending 2 lines through the proxy, then shutdown()");
    sock.write_all(b"hello proxy\nsecond line\n").await?;
    sock.shutdown().await?;
    let mut reply = String::new();
    sock.read_to_string(&mut reply).await?; // until the proxy half-closes our side
    proxy.await??;
    println!("[client] reply {reply:?}");
    Ok(())
}
