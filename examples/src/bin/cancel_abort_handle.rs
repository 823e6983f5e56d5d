use std::time::Duration;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let download = tokio::spawn(async {
        println!("[download] started, needs 10 s");
        sleep(Duration::from_secs(10)).await;
        println!("[download] finished");
    });

    // An AbortHandle can cancel the task, but cannot await it: give it away.
    let abort = download.abort_handle();
    tokio::spawn(async move {
        sleep(Duration::from_millis(500)).await;
        println!("[watchdog] too slow, aborting");
        abort.abort();
    });

    println!("[main] is_finished() = {}", download.is_finished());
    let result = download.await;
    println!("[main] cancelled = {}", result.unwrap_err().is_cancelled());
}
