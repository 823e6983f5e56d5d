use std::time::Duration;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // This time the spawner is itself a task, running on a worker thread.
    let parent = tokio::spawn(async {
        println!("[spawner] spawning a task, then busy for 500 ms without an .await");
        tokio::spawn(async {
            println!("[spawned] started");
        });
        async_book_examples::busy_for(Duration::from_millis(500));

        println!("[spawner] reaching my first .await");
        tokio::time::sleep(Duration::from_millis(100)).await;
        println!("[spawner] done");
    });
    parent.await.expect("the spawning task panicked");
}
