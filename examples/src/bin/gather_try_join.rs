use std::time::Duration;
use tokio::time::sleep;

async fn download(name: &str, ms: u64) -> Result<String, String> {
    println!("[{name}] start");
    sleep(Duration::from_millis(ms)).await;
    println!("[{name}] ok");
    Ok(format!("{name} bytes"))
}

async fn broken(name: &str, ms: u64) -> Result<String, String> {
    println!("[{name}] start");
    sleep(Duration::from_millis(ms)).await;
    println!("[{name}] failing");
    Err(format!("{name}: connection reset"))
}

#[tokio::main]
async fn main() {
    // try_join! stops at the first Err and drops the futures still running.
    match tokio::try_join!(download("slow", 1000), broken("flaky", 400)) {
        Ok((a, b)) => println!("[main] both ok: {a}, {b}"),
        Err(e) => println!("[main] try_join! gave up: {e}"),
    }
}
