use std::time::Duration;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let ticker = tokio::spawn(async {
        for i in 1.. {
            sleep(Duration::from_millis(200)).await;
            println!("[ticker] tick {i}");
        }
    });

    sleep(Duration::from_millis(500)).await;
    println!("[main] drop(handle)");
    drop(ticker); // detaches the task: it does NOT stop it

    sleep(Duration::from_millis(600)).await;
    println!("[main] main returns: the runtime shuts down and drops the ticker");
}
