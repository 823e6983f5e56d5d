use std::time::Duration;

async fn wait(name: &str) {
    println!("[{name}] start");
    tokio::time::sleep(Duration::from_millis(300)).await; // waiting, not computing
    println!("[{name}] done");
}

#[tokio::main]
async fn main() {
    tokio::join!(wait("a"), wait("b"), wait("c"), wait("d"));
    println!("all four done");
}
