async fn greet() {
    println!("hello from greet");
}

#[tokio::main]
async fn main() {
    let _fut = greet();
    println!("main: called greet()");
    println!("main: returning without .await");
}
