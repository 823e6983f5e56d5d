use tokio::runtime::{Builder, Runtime};

// One parent task spawns three children, then waits for them.
async fn family(flavour: &'static str) {
    let children: Vec<_> = (1..=3)
        .map(|i| tokio::spawn(async move { println!("[{flavour}] child {i}") }))
        .collect();
    for child in children {
        child.await.expect("child panicked");
    }
}

fn run(rt: Runtime, flavour: &'static str) {
    // Spawn the parent so that it runs as a task on the runtime's thread(s).
    rt.block_on(async { tokio::spawn(family(flavour)).await })
        .expect("parent panicked");
}

fn main() -> std::io::Result<()> {
    let one_thread = Builder::new_current_thread().build()?;
    let one_worker = Builder::new_multi_thread().worker_threads(1).build()?;
    run(one_thread, "current_thread");
    run(one_worker, "multi_thread");
    Ok(())
}
