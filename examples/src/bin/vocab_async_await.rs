#[tokio::main]
async fn main() {
    let future = async {
        // `async` builds a future: this block has not run yet
        println!("[future] running");
        7
    };
    println!("[main] future built");
    let value = future.await; // `.await` runs it to the end and hands back its value
    println!("[main] it returned {value}");
}
