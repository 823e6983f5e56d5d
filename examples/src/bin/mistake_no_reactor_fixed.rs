use std::time::Duration;

async fn say_later() {
    tokio::time::sleep(Duration::from_millis(100)).await;
    println!("[say_later] hello");
}

fn main() {
    println!("[main] building a tokio runtime, then block_on");
    let runtime = tokio::runtime::Runtime::new().expect("cannot build a runtime");
    runtime.block_on(async {
        tokio::spawn(say_later()).await.expect("the task panicked");
    });
    println!("[main] done");
}
