use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;
use tokio::time::Instant;

const SCRIPT: &str = "echo one; sleep 0.3; echo two; sleep 0.3; echo three";

#[tokio::main]
async fn main() {
    let start = Instant::now();
    let streamed = async {
        let mut child = Command::new("sh")
            .args(["-c", SCRIPT])
            .stdout(Stdio::piped())
            .spawn()
            .expect("could not start sh");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut lines = BufReader::new(stdout).lines();
        while let Some(line) = lines.next_line().await.expect("read failed") {
            println!("[lines] {line:<5} at {} ms", start.elapsed().as_millis());
        }
        let status = child.wait().await.expect("wait failed");
        println!("[lines] child exited: {status}");
    };
    let collected = async {
        let out = Command::new("sh")
            .args(["-c", SCRIPT])
            .output()
            .await
            .expect("could not start sh");
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            println!("[output] {line:<5} at {} ms", start.elapsed().as_millis());
        }
    };
    tokio::join!(streamed, collected);
}
