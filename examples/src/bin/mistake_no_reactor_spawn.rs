fn main() {
    println!("[main] spawning from a plain fn main");
    tokio::spawn(async { println!("[task] never printed") });
}
