use std::time::Duration;

use tokio::time::sleep;

async fn fetch(name: &str, ms: u64, ok: bool) -> Result<&str, String> {
    println!("[{name}] start");
    sleep(Duration::from_millis(ms)).await;
    if ok {
        println!("[{name}] ok");
        Ok(name)
    } else {
        println!("[{name}] failing");
        Err(format!("{name} failed"))
    }
}

#[tokio::main]
async fn main() {
    let result = tokio::try_join!(fetch("a", 500, false), fetch("b", 1500, true),);
    println!("[main] {result:?}");
}
