use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let mut set = JoinSet::new();
    set.spawn(async {
        sleep(Duration::from_millis(300)).await;
        Ok::<u32, String>(1)
    });
    set.spawn(async {
        sleep(Duration::from_millis(200)).await;
        Err("no data".to_string())
    });
    set.spawn(async {
        sleep(Duration::from_millis(100)).await;
        panic!("boom")
    });

    let (mut ok, mut err, mut panicked) = (0, 0, 0);
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(Ok(_)) => ok += 1,
            Ok(Err(_)) => err += 1,
            Err(e) if e.is_panic() => panicked += 1,
            Err(_) => {} // cancelled: cannot happen here
        }
    }
    println!("ok={ok} err={err} panicked={panicked}");
}
