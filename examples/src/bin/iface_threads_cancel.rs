use std::thread;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

fn main() {
    let token = CancellationToken::new(); // works without a runtime
    let workers: Vec<_> = (1..=5)
        .map(|id| {
            let token = token.clone();
            thread::spawn(move || {
                let mut rounds = 0;
                while !token.is_cancelled() {
                    thread::sleep(Duration::from_millis(100)); // one unit of work
                    rounds += 1;
                }
                println!("[worker {id}] saw cancel after {rounds} rounds; exiting");
            })
        })
        .collect();

    thread::sleep(Duration::from_secs(1));
    println!("[main] cancel()");
    token.cancel(); // a request: no thread can be killed from outside
    for worker in workers {
        worker.join().expect("a worker panicked");
    }
    println!("[main] all 5 workers joined");
}
