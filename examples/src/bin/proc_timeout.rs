use std::time::Duration;
use tokio::process::Command;
use tokio::time::timeout;

#[tokio::main]
async fn main() {
    let mut child = Command::new("sleep")
        .arg("10")
        .spawn()
        .expect("could not start sleep");
    println!("[main] started `sleep 10`");
    match timeout(Duration::from_millis(300), child.wait()).await {
        Ok(status) => println!("[main] exited in time: {status:?}"),
        Err(_) => {
            println!("[main] 300 ms passed: kill it");
            child.kill().await.expect("kill failed"); // SIGKILL, then wait
            let status = child.wait().await.expect("wait failed");
            println!("[main] after kill: {status}");
        }
    }
}
