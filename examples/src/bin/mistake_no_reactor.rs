use std::time::Duration;

async fn say_later() {
    tokio::time::sleep(Duration::from_millis(100)).await;
    println!("[say_later] hello");
}

fn main() {
    println!("[main] polling a tokio future with futures' block_on, no runtime");
    futures::executor::block_on(say_later());
    println!("[main] never printed");
}
