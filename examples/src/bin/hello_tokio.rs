// ANCHOR: all
#[tokio::main]
async fn main() {
    println!("hello from the runtime");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    println!("300 ms later");
}
// ANCHOR_END: all
