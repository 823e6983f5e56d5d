use std::future::ready;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // Both branches are ready every time: who wins?
    let (mut a, mut b) = (0, 0);
    for _ in 0..1000 {
        tokio::select! {
            _ = ready(()) => a += 1,
            _ = ready(()) => b += 1,
        }
    }
    println!("random: first branch {a}, second branch {b}");

    let (mut a, mut b) = (0, 0);
    for _ in 0..1000 {
        tokio::select! {
            biased; // try the branches from top to bottom
            _ = ready(()) => a += 1,
            _ = ready(()) => b += 1,
        }
    }
    println!("biased: first branch {a}, second branch {b}");
}
