use tokio::task::yield_now;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut handles = Vec::new();
    for name in ["a", "b", "c"] {
        handles.push(tokio::spawn(async move {
            for i in 0..2 {
                println!("[{name}] {i}");
                yield_now().await;
            }
        }));
    }
    for h in handles {
        h.await.expect("task panicked");
    }
}
