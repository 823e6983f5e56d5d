use tokio::task::yield_now;

async fn count(name: &str) {
    for i in 0..3 {
        println!("[{name}] {i}");
        yield_now().await;
    }
}

// The same program as sched_yield, on the default multi-thread runtime.
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let a = tokio::spawn(count("a"));
    let b = tokio::spawn(count("b"));
    a.await.expect("a panicked");
    b.await.expect("b panicked");
}
