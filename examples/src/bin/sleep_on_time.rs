use std::time::Duration;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let timer = tokio::spawn(async {
        println!("[timer] sleeping 200 ms");
        tokio::time::sleep(Duration::from_millis(200)).await;
        println!("[timer] woke up");
    });
    let blocker = tokio::spawn(async {
        println!("[blocker] sleeping 1 s, the async way");
        tokio::time::sleep(Duration::from_secs(1)).await; // was std::thread::sleep
        println!("[blocker] done");
    });
    timer.await.expect("timer panicked");
    blocker.await.expect("blocker panicked");
}
