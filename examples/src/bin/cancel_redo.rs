use std::time::Duration;
use tokio::time::sleep;
use tokio_util::sync::CancellationToken;

#[tokio::main]
async fn main() {
    let token = CancellationToken::new();
    let spinner = tokio::spawn({
        let token = token.clone();
        async move {
            let mut spins = 0;
            loop {
                tokio::select! {
                    _ = token.cancelled() => break,
                    _ = sleep(Duration::from_millis(200)) => {
                        spins += 1;
                        println!("[spinner] spin {spins}");
                    }
                }
            }
            println!("[spinner] cleaned up");
            spins
        }
    });

    sleep(Duration::from_millis(700)).await;
    token.cancel();
    println!("[main] the JoinHandle gave back {:?}", spinner.await);
}
