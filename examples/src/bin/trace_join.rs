use std::time::Duration;

use async_book_examples::{busy_for, trace};

async fn crunch(name: &str) {
    println!("[{name}] start");
    busy_for(Duration::from_millis(200)); // CPU work: no .await inside
    println!("[{name}] done");
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // One task: join! polls the four futures in turn, on the thread running main.
    tokio::join!(
        trace::task("a", crunch("a")),
        trace::task("b", crunch("b")),
        trace::task("c", crunch("c")),
        trace::task("d", crunch("d")),
    );
}
