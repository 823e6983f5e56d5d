use tokio::task::yield_now;

async fn count(name: &str) {
    for i in 0..3 {
        println!("[{name}] {i}");
        yield_now().await; // back of the queue: let the others run
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let a = tokio::spawn(count("a"));
    let b = tokio::spawn(count("b"));
    a.await.expect("a panicked");
    b.await.expect("b panicked");
}
