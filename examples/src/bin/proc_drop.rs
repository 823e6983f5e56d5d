use std::time::Duration;
use tokio::process::Command;
use tokio::time::sleep;

const SCRIPT: &str =
    "echo \"[$0] started\"; sleep 0.4; echo \"[$0] still running, 0.4 s after it started\"";

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
    sleep(Duration::from_millis(200)).await; // both children are running and have printed
    drop(kept);
    drop(killed); // sends SIGKILL to this child
    println!("[main] both handles dropped");
    sleep(Duration::from_millis(400)).await; // stay long enough to see what prints
    println!("[main] done");
}
