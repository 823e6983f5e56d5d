use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let (tx, rx) = oneshot::channel();

    // Spawned first, but it cannot go on before `fetch` has sent its value.
    let report = tokio::spawn(async move {
        println!("[report] waiting for the data");
        let rows: u32 = rx.await.expect("sender dropped");
        println!("[report] writing a report of {rows} rows");
    });
    let fetch = tokio::spawn(async move {
        println!("[fetch] fetching");
        sleep(Duration::from_millis(500)).await;
        tx.send(42).expect("receiver dropped");
        println!("[fetch] sent 42");
    });

    let _ = tokio::join!(report, fetch);
}
