//! The chromedriver process, as a guard: it runs in a process group of its
//! own, and dropping the guard (on success, on error, on Ctrl-C, on panic)
//! terminates that whole group — chromedriver and every browser process it
//! started — so a run leaves no process behind.
//!
//! chromedriver listens on loopback only when it is not given `--allowed-ips`
//! (it then refuses remote connections and binds 127.0.0.1 / ::1), so that
//! flag is deliberately absent.

use anyhow::{Context, Result, bail};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A running chromedriver.
#[derive(Debug)]
pub struct ChromeDriver {
    child: Child,
    port: u16,
}

impl ChromeDriver {
    /// Start `program` on a free loopback port and wait until it is ready.
    pub async fn start(program: &Path) -> Result<Self> {
        let mut last_error = None;
        // A port found free can be taken before chromedriver binds it: retry.
        for _ in 0..3 {
            let port = free_port()?;
            let child = Command::new(program)
                .arg(format!("--port={port}"))
                .arg("--log-level=SEVERE")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .process_group(0)
                .spawn()
                .with_context(|| format!("starting {}", program.display()))?;
            let mut driver = Self { child, port };
            match driver.wait_ready(Duration::from_secs(20)).await {
                Ok(()) => return Ok(driver),
                Err(e) => last_error = Some(e), // `driver` is dropped: its group is killed
            }
        }
        Err(last_error.unwrap_or_else(|| anyhow::anyhow!("chromedriver did not start")))
    }

    /// The WebDriver base URL (with the trailing slash commands are joined onto).
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    async fn wait_ready(&mut self, limit: Duration) -> Result<()> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!("chromedriver exited at start: {status}");
            }
            if status_ready(self.port).await {
                return Ok(());
            }
            if start.elapsed() > limit {
                bail!(
                    "chromedriver not ready on port {} after {limit:?}",
                    self.port
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // The child is the leader of its group, so its pid is the group id.
        let group = Pid::from_raw(self.child.id() as i32);
        let _ = killpg(group, Signal::SIGTERM);
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // Whatever is left of the group (a browser that ignored SIGTERM, or
        // chromedriver itself) is killed; then the child is reaped.
        std::thread::sleep(Duration::from_millis(100));
        let _ = killpg(group, Signal::SIGKILL);
        let _ = self.child.wait();
        // Wait (briefly) until the group is gone, so that no browser process
        // outlives the run even for a moment.
        let deadline = Instant::now() + Duration::from_secs(2);
        while killpg(group, None).is_ok() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// A port that was free a moment ago on 127.0.0.1.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// `GET /status` answers `"ready": true`.
async fn status_ready(port: u16) -> bool {
    let probe = async {
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).await?;
        stream
            .write_all(b"GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .await?;
        // chromedriver keeps the connection open despite `Connection: close`,
        // so read until the answer is in rather than to the end.
        let mut reply = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return std::io::Result::Ok(false);
            }
            reply.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&reply).replace(' ', "");
            if text.contains("\"ready\":true") {
                return Ok(true);
            }
            if text.contains("\"ready\":false") {
                return Ok(false);
            }
        }
    };
    matches!(
        tokio::time::timeout(Duration::from_secs(2), probe).await,
        Ok(Ok(true))
    )
}
