use std::time::Duration;

#[tokio::main]
async fn main() {
    let name = String::from("report.txt");
    let task = tokio::spawn(async move {
        // `name` was moved in: the task owns it
        tokio::time::sleep(Duration::from_millis(100)).await;
        println!("[task] writing {name}");
    });
    task.await.expect("the task panicked");
    println!("[main] done");
}
