use std::thread;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

fn main() {
    let token = CancellationToken::new();
    let workers: Vec<_> = (1..=5)
        .map(|id| {
            let token = token.clone();
            thread::spawn(move || {
                while !token.is_cancelled() {
                    thread::sleep(Duration::from_millis(700)); // a longer unit of work
                }
                println!("[worker {id}] exiting");
            })
        })
        .collect();

    thread::sleep(Duration::from_secs(1));
    println!("[main] cancel()");
    token.cancel();
    for worker in workers {
        worker.join().expect("a worker panicked");
    }
    println!("[main] all 5 workers joined");
}
