use std::time::Duration;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let handle = tokio::spawn(async {
        sleep(Duration::from_millis(200)).await;
        println!("[task] ran anyway: dropping a JoinHandle does not stop the task");
    });
    drop(handle);
    println!("[main] dropped the JoinHandle");

    let future = async {
        sleep(Duration::from_millis(200)).await;
        println!("[future] this line never prints");
    };
    drop(future);
    println!("[main] dropped the bare future");

    sleep(Duration::from_millis(500)).await;
    println!("[main] done");
}
