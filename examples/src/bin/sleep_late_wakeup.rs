use std::time::Duration;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let timer = tokio::spawn(async {
        println!("[timer] sleeping 200 ms");
        tokio::time::sleep(Duration::from_millis(200)).await;
        println!("[timer] woke up");
    });
    let blocker = tokio::spawn(async {
        println!("[blocker] blocking the thread for 1 s");
        std::thread::sleep(Duration::from_secs(1));
        println!("[blocker] done");
    });
    timer.await.expect("timer panicked");
    blocker.await.expect("blocker panicked");
}
