use std::rc::Rc;
use std::time::Duration;

#[tokio::main(flavor = "current_thread")] // one thread: is Send still needed?
async fn main() {
    let task = tokio::spawn(async {
        let name = Rc::new(String::from("job"));
        tokio::time::sleep(Duration::from_millis(100)).await; // `name` lives across this
        println!("[{name}] done");
    });
    task.await.expect("the task panicked");
}
