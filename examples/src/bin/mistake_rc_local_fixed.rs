use std::rc::Rc;
use std::time::Duration;
use tokio::task::LocalSet;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // A LocalSet runs !Send futures on the thread that drives it.
    let local = LocalSet::new();
    local
        .run_until(async {
            let task = tokio::task::spawn_local(async {
                let name = Rc::new(String::from("job"));
                // fine: a spawn_local task never leaves this thread
                tokio::time::sleep(Duration::from_millis(100)).await;
                println!("[{name}] done");
            });
            task.await.expect("the task panicked");
        })
        .await;
}
