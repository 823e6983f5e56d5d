use tokio::task::JoinHandle;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // spawn: hand a future to the runtime; from now on it is a task
    let handle: JoinHandle<u32> = tokio::spawn(async {
        println!("[task] running");
        6 * 7
    });
    println!("[main] spawned; holding its JoinHandle");
    let result = handle.await; // a JoinHandle is a future of Result<T, JoinError>
    println!("[main] handle.await gave {result:?}");
}
