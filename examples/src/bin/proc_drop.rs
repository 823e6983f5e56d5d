use std::time::Duration;
use tokio::process::Command;
use tokio::time::sleep;

const SCRIPT: &str = "sleep 0.4; echo \"[$0] still running, 0.4 s later\"";

#[tokio::main]
async fn main() {
    let kept = Command::new("sh")
        .args(["-c", SCRIPT, "default"]) // $0 is "default"
        .spawn()
        .expect("could not start sh");
    let killed = Command::new("sh")
        .args(["-c", SCRIPT, "kill_on_drop"])
        .kill_on_drop(true)
        .spawn()
        .expect("could not start sh");
    drop(kept);
    drop(killed); // sends SIGKILL to this child
    println!("[main] both handles dropped");
    sleep(Duration::from_millis(600)).await; // stay long enough to see what prints
    println!("[main] done");
}
