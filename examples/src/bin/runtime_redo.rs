use std::time::Duration;
use tokio::runtime::Builder;

fn main() {
    let runtime = Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("failed to build the runtime");

    runtime.block_on(async {
        let mut handles = Vec::new();
        for (name, ms) in [("slow", 300), ("medium", 200), ("fast", 100)] {
            handles.push(tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                println!("[{name}] woke after {ms} ms");
            }));
        }
        for handle in handles {
            handle.await.expect("task panicked");
        }
        println!("[main] all three done");
    });
}
