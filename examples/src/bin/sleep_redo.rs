use std::time::Duration;
use tokio::task::JoinSet;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut set = JoinSet::new();
    for (name, ms) in [("a", 300), ("b", 200), ("c", 100)] {
        set.spawn(async move {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            println!("[{name}] woke up after {ms} ms");
        });
    }
    set.join_all().await;
}
