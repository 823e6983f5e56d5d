use std::time::Duration;

use async_book_examples::busy_for;

async fn crunch(name: &str) {
    println!("[{name}] start");
    busy_for(Duration::from_millis(300)); // CPU work: no .await inside
    println!("[{name}] done");
}

#[tokio::main(flavor = "current_thread")] // one thread for everything
async fn main() {
    // Four tasks: the runtime has only this one thread to run them on.
    let mut handles = Vec::new();
    for name in ["a", "b", "c", "d"] {
        handles.push(tokio::spawn(crunch(name)));
        println!("[{name}] spawned");
    }
    for handle in handles {
        handle.await.expect("task panicked");
    }
    println!("all four done");
}
