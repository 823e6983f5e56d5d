use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;
use tokio::time::timeout;

#[tokio::main]
async fn main() {
    let mut child = Command::new("sh")
        .args(["-c", "for i in 1 2 3; do echo line $i; sleep 0.3; done"])
        .stdout(Stdio::piped())
        .kill_on_drop(true) // if main returns or unwinds early, the drop kills it
        .spawn()
        .expect("could not start sh");
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    let all = async {
        while let Some(line) = lines.next_line().await? {
            println!("[child] {line}");
        }
        child.wait().await
    };
    let finished = timeout(Duration::from_millis(750), all).await; // drops `all`
    match finished {
        Ok(status) => println!("[main] finished: {}", status.expect("wait failed")),
        Err(_) => {
            child.kill().await.expect("kill failed");
            let status = child.wait().await.expect("wait failed");
            println!("[main] 750 ms passed; killed: {status}");
        }
    }
}
