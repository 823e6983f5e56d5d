use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// 100 messages already queued and a stop already requested: which branch wins?
fn setup() -> (mpsc::Receiver<u32>, mpsc::Sender<u32>, CancellationToken) {
    let (tx, rx) = mpsc::channel(100);
    for n in 0..100 {
        tx.try_send(n).expect("room for 100");
    }
    let stop = CancellationToken::new();
    stop.cancel();
    (rx, tx, stop)
}

#[tokio::main]
async fn main() {
    let (mut rx, _tx, stop) = setup();
    let mut handled = 0;
    loop {
        tokio::select! {
            biased; // branches are polled top to bottom
            _ = stop.cancelled() => break,
            Some(_) = rx.recv() => handled += 1,
        }
    }
    println!("[stop first] handled {handled} messages before stopping");

    let (mut rx, _tx, stop) = setup();
    let mut handled = 0;
    loop {
        tokio::select! {
            biased;
            Some(_) = rx.recv() => handled += 1,
            _ = stop.cancelled() => break,
        }
    }
    println!("[messages first] handled {handled} messages before stopping");

    let (mut rx, _tx, stop) = setup();
    let mut handled = 0;
    loop {
        tokio::select! {
            // no `biased;`: each round starts at a random branch
            _ = stop.cancelled() => break,
            Some(_) = rx.recv() => handled += 1,
        }
    }
    println!("[random] handled {handled} messages before stopping");
}
