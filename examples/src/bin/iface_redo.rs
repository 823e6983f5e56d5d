use std::time::Duration;
use tokio::runtime::Handle;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let metrics = Handle::current().metrics();
    let handles: Vec<_> = [100, 300, 500]
        .into_iter()
        .map(|ms| tokio::spawn(sleep(Duration::from_millis(ms))))
        .collect();
    loop {
        let alive = metrics.num_alive_tasks();
        let finished = handles.iter().filter(|h| h.is_finished()).count();
        println!("[main] alive: {alive}, finished: {finished}");
        if alive == 0 {
            break;
        }
        sleep(Duration::from_millis(200)).await;
    }
}
