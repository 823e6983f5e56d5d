//! A tiny static file server for the built book: 127.0.0.1 only, a port the
//! OS picks, GET and HEAD, keep-alive. A missing file gets a 404 status (with
//! mdBook's `404.html` as the body when there is one), so that the browser
//! logs it and the console check sees it.

use anyhow::{Context, Result};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// The running server; dropping it stops it and every open connection.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Server {
    /// Serve `root` on a random loopback port.
    pub async fn start(root: &Path) -> Result<Self> {
        let root = root
            .canonicalize()
            .with_context(|| format!("book folder {}", root.display()))?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .context("binding the static file server to 127.0.0.1")?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            // Owned here, so that aborting the accept loop aborts the connections too.
            let mut connections = JoinSet::new();
            loop {
                match listener.accept().await {
                    Ok((stream, _)) => {
                        let root = root.clone();
                        connections.spawn(async move {
                            let _ = serve(stream, &root).await;
                        });
                    }
                    Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
                }
                while connections.try_join_next().is_some() {}
            }
        });
        Ok(Self { addr, task })
    }

    /// The URL of `path` (relative to the book root) on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}/{}", self.addr, path.trim_start_matches('/'))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Answer the requests of one connection until the client closes it.
async fn serve(stream: TcpStream, root: &Path) -> Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    loop {
        let mut request_line = String::new();
        if read.read_line(&mut request_line).await? == 0 {
            return Ok(());
        }
        let mut close = false;
        loop {
            let mut header = String::new();
            if read.read_line(&mut header).await? == 0 {
                return Ok(());
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                close |= name.eq_ignore_ascii_case("connection")
                    && value.trim().eq_ignore_ascii_case("close");
            }
        }
        let mut parts = request_line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let (status, content_type, body) = match method {
            "GET" | "HEAD" => respond(root, target).await,
            _ => (
                "405 Method Not Allowed",
                "text/plain",
                b"GET only\n".to_vec(),
            ),
        };
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n{}\r\n",
            body.len(),
            if close { "Connection: close\r\n" } else { "" }
        );
        write.write_all(head.as_bytes()).await?;
        if method != "HEAD" {
            write.write_all(&body).await?;
        }
        write.flush().await?;
        if close {
            return Ok(());
        }
    }
}

async fn respond(root: &Path, target: &str) -> (&'static str, &'static str, Vec<u8>) {
    if let Some(path) = resolve(root, target)
        && let Ok(body) = tokio::fs::read(&path).await
    {
        return ("200 OK", content_type(&path), body);
    }
    let body = tokio::fs::read(root.join("404.html"))
        .await
        .unwrap_or_else(|_| b"not found\n".to_vec());
    ("404 Not Found", "text/html; charset=utf-8", body)
}

/// The file for a request target, or `None` when it would leave `root`.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let mut file = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if decoded.ends_with('/') || file.is_dir() {
        file.push("index.html");
    }
    Some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_stay_inside_the_root() {
        let root = Path::new("/book");
        assert_eq!(
            resolve(root, "/gather.html?highlight=x#top"),
            Some(PathBuf::from("/book/gather.html"))
        );
        assert_eq!(
            resolve(root, "/fonts/a%20b.woff2"),
            Some(PathBuf::from("/book/fonts/a b.woff2"))
        );
        assert_eq!(resolve(root, "/"), Some(PathBuf::from("/book/index.html")));
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(root, "/bad%zz"), None);
    }

    #[tokio::test]
    async fn serves_files_and_404s() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<p>hi</p>").unwrap();
        let server = Server::start(dir.path()).await.unwrap();
        let get = |path: &'static str| {
            let addr = server.addr;
            async move {
                let mut s = TcpStream::connect(addr).await.unwrap();
                let req = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                s.write_all(req.as_bytes()).await.unwrap();
                let mut out = String::new();
                tokio::io::AsyncReadExt::read_to_string(&mut s, &mut out)
                    .await
                    .unwrap();
                out
            }
        };
        let ok = get("/").await;
        assert!(ok.starts_with("HTTP/1.1 200 OK"), "{ok}");
        assert!(ok.contains("text/html") && ok.ends_with("<p>hi</p>"));
        assert!(get("/nope.css").await.starts_with("HTTP/1.1 404"));
    }
}
