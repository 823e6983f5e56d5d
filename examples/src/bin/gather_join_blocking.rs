use std::time::Duration;

// The notes' program scaled down 5× (3 s → 600 ms, 2 s → 400 ms),
// with the *blocking* sleep from the standard library.
async fn test() {
    println!("test1");
    std::thread::sleep(Duration::from_millis(600)); // never returns Pending
    println!("test2");
}

async fn retest() {
    println!("retest1");
    std::thread::sleep(Duration::from_millis(400));
    println!("retest2");
}

#[tokio::main]
async fn main() {
    tokio::join!(test(), retest());
}
