use std::time::Duration;

async fn crunch(name: &'static str) {
    let thread = std::thread::current();
    println!(
        "[{name}] on thread {:?}; busy for 500 ms",
        thread.name().unwrap_or("?")
    );
    async_book_examples::busy_for(Duration::from_millis(500)); // CPU work, no .await
    println!("[{name}] done");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let a = tokio::spawn(crunch("a"));
    let b = tokio::spawn(crunch("b"));
    a.await.expect("a panicked");
    b.await.expect("b panicked");
    println!("[main] both done");
}
