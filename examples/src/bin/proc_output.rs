use tokio::process::Command;

#[tokio::main]
async fn main() {
    let out = Command::new("sh")
        .args(["-c", "echo to stdout; echo to stderr >&2; exit 3"])
        .output() // run to the end, collect stdout and stderr
        .await
        .expect("could not start sh");
    println!("[main] status: {}", out.status);
    println!("[main] code: {:?}", out.status.code());
    println!("[main] stdout: {:?}", String::from_utf8_lossy(&out.stdout));
    println!("[main] stderr: {:?}", String::from_utf8_lossy(&out.stderr));
}
