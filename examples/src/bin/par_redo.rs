use std::time::Duration;

use async_book_examples::busy_for;

#[tokio::main]
async fn main() {
    let left = tokio::spawn(async {
        busy_for(Duration::from_millis(400));
        println!("[left] done");
    });
    let right = tokio::spawn(async {
        busy_for(Duration::from_millis(400));
        println!("[right] done");
    });
    let (l, r) = tokio::join!(left, right);
    l.expect("left panicked");
    r.expect("right panicked");
    println!("both done");
}
