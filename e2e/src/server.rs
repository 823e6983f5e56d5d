//! A tiny static file server for the built book: 127.0.0.1 only, a port the
//! OS picks, GET and HEAD, keep-alive. A missing file gets a 404 status (with
//! mdBook's `404.html` as the body when there is one), so that the browser
//! logs it and the console check sees it.
//!
//! It also stands in for the Rust Playground: `POST /__playground/evaluate.json`
//! is answered from a response in the playground's format
//! (`fixtures/playground-ok.json`, or `playground-stamped.json` when the
//! program carries the page's line-timing code), or with the playground's HTTP 500
//! `{"error": …}` when the program contains [`FAIL_MARK`]; every request
//! body is kept for the test to inspect.

use anyhow::{Context, Result};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// The running server; dropping it stops it and every open connection.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    task: JoinHandle<()>,
    playground: Requests,
    /// `PATH BYTES` of every file served from the book's `pyodide/`.
    pyodide: Requests,
}

/// The request bodies the playground stand-in received.
type Requests = Arc<Mutex<Vec<String>>>;

/// Where the stand-in answers, on this server.
pub const PLAYGROUND_PATH: &str = "/__playground";
/// A program containing this gets the playground's error answer.
pub const FAIL_MARK: &str = "mdbx-e2e-fail";
/// The recorded successful answer.
pub const PLAYGROUND_OK: &str = include_str!("../fixtures/playground-ok.json");
/// The same run with the page's line-timing code appended: each line stamped.
pub const PLAYGROUND_STAMPED: &str = include_str!("../fixtures/playground-stamped.json");
/// What the page's line-timing code defines (the stand-in answers a program
/// that carries it with [`PLAYGROUND_STAMPED`]).
pub const LINE_TIMES_MARK: &str = "mod __book_line_times";
/// Bodies above this are refused (the book's longest program is ~10 KB).
const MAX_BODY: usize = 1 << 20;

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
        let playground = Requests::default();
        let requests = playground.clone();
        let pyodide = Requests::default();
        let served = pyodide.clone();
        let task = tokio::spawn(async move {
            // Owned here, so that aborting the accept loop aborts the connections too.
            let mut connections = JoinSet::new();
            loop {
                match listener.accept().await {
                    Ok((stream, _)) => {
                        let root = root.clone();
                        let requests = requests.clone();
                        let served = served.clone();
                        connections.spawn(async move {
                            let _ = serve(stream, &root, (&requests, &served)).await;
                        });
                    }
                    Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
                }
                while connections.try_join_next().is_some() {}
            }
        });
        Ok(Self {
            addr,
            task,
            playground,
            pyodide,
        })
    }

    /// The bodies of the playground requests so far.
    pub fn playground_requests(&self) -> Vec<String> {
        self.playground
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }

    /// The files served from the book's `pyodide/` so far: `PATH BYTES`.
    pub fn pyodide_served(&self) -> Vec<String> {
        self.pyodide.lock().map(|r| r.clone()).unwrap_or_default()
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
async fn serve(
    stream: TcpStream,
    root: &Path,
    (requests, pyodide): (&Requests, &Requests),
) -> Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    loop {
        let mut request_line = String::new();
        if read.read_line(&mut request_line).await? == 0 {
            return Ok(());
        }
        let mut close = false;
        let mut length = 0;
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
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(usize::MAX);
                }
            }
        }
        let mut parts = request_line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let evaluate = format!("{PLAYGROUND_PATH}/evaluate.json");
        let (status, content_type, body) = match method {
            "GET" | "HEAD" => respond(root, target).await,
            "POST" if target == evaluate && length <= MAX_BODY => {
                let mut body = vec![0; length];
                read.read_exact(&mut body).await?;
                playground(requests, String::from_utf8_lossy(&body).into_owned())
            }
            _ => (
                "405 Method Not Allowed",
                "text/plain",
                b"GET, HEAD, or POST to the playground stand-in\n".to_vec(),
            ),
        };
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n{}\r\n",
            body.len(),
            if close { "Connection: close\r\n" } else { "" }
        );
        if target.contains("/pyodide/")
            && status.starts_with("200")
            && let Ok(mut served) = pyodide.lock()
        {
            served.push(format!("{target} {}", body.len()));
        }
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

/// The playground stand-in's answer to one request.
fn playground(requests: &Requests, body: String) -> (&'static str, &'static str, Vec<u8>) {
    let fail = body.contains(FAIL_MARK);
    let stamped = body.contains(LINE_TIMES_MARK);
    if let Ok(mut r) = requests.lock() {
        r.push(body);
    }
    if fail {
        let error = br#"{"error":"the e2e stand-in refused this program, as the playground does on its errors"}"#;
        return (
            "500 Internal Server Error",
            "application/json",
            error.to_vec(),
        );
    }
    let answer = if stamped {
        PLAYGROUND_STAMPED
    } else {
        PLAYGROUND_OK
    };
    ("200 OK", "application/json", answer.as_bytes().to_vec())
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
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
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

    #[tokio::test]
    async fn stands_in_for_the_playground_and_keeps_requests() {
        let dir = tempfile::tempdir().unwrap();
        let server = Server::start(dir.path()).await.unwrap();
        let post = |body: &'static str| {
            let addr = server.addr;
            async move {
                let mut s = TcpStream::connect(addr).await.unwrap();
                let req = format!(
                    "POST {PLAYGROUND_PATH}/evaluate.json HTTP/1.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                s.write_all(req.as_bytes()).await.unwrap();
                let mut out = String::new();
                s.read_to_string(&mut out).await.unwrap();
                out
            }
        };
        let ok = post(r#"{"code":"fn main() {}"}"#).await;
        assert!(
            ok.starts_with("HTTP/1.1 200") && ok.ends_with(PLAYGROUND_OK),
            "{ok}"
        );
        let failed = post(r#"{"code":"// mdbx-e2e-fail"}"#).await;
        assert!(
            failed.starts_with("HTTP/1.1 500") && failed.contains("\"error\""),
            "{failed}"
        );
        assert_eq!(server.playground_requests().len(), 2);
    }
}
