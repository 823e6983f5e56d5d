use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::sleep;

/// Prints when it is dropped: shows when a task's future goes away.
struct Goodbye(&'static str);
impl Drop for Goodbye {
    fn drop(&mut self) {
        println!("[{}] cleanup: future dropped", self.0);
    }
}

async fn job(name: &'static str, ms: u64, ok: bool) -> Result<&'static str, String> {
    let _goodbye = Goodbye(name);
    sleep(Duration::from_millis(ms)).await;
    if ok {
        Ok(name)
    } else {
        Err(format!("{name} failed"))
    }
}

#[tokio::main]
async fn main() {
    let mut set = JoinSet::new();
    set.spawn(job("fast", 200, true));
    set.spawn(job("broken", 500, false));
    set.spawn(job("slow", 3000, true));

    // Results arrive in the order the tasks finish.
    while let Some(joined) = set.join_next().await {
        match joined.expect("a task panicked") {
            Ok(name) => println!("[main] {name} ok"),
            Err(msg) => {
                println!("[main] {msg}: giving up on the rest");
                break;
            }
        }
    }
    println!("[main] dropping the set, {} task(s) still in it", set.len());
    drop(set); // aborts every task still in the set
    sleep(Duration::from_millis(100)).await;
    println!("[main] done");
}
