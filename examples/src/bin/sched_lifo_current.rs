// One parent task spawns three children, then waits for them.
async fn family() {
    let children: Vec<_> = (1..=3)
        .map(|i| tokio::spawn(async move { println!("[child {i}] runs") }))
        .collect();
    for child in children {
        child.await.expect("child panicked");
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // Spawn the parent so that it runs as a task on the runtime's thread.
    tokio::spawn(family()).await.expect("parent panicked");
}
