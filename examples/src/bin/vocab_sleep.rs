use std::time::Duration;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // tokio::time::sleep: the task steps aside, so the two waits overlap
    tokio::join!(
        tokio::time::sleep(Duration::from_millis(500)),
        tokio::time::sleep(Duration::from_millis(500)),
    );
    println!("[tokio::time::sleep] two 500 ms sleeps done");

    // std::thread::sleep: the whole thread stops, so the waits add up
    tokio::join!(
        async { std::thread::sleep(Duration::from_millis(500)) },
        async { std::thread::sleep(Duration::from_millis(500)) },
    );
    println!("[std::thread::sleep] two 500 ms sleeps done");
}
