use std::time::Duration;

use async_book_examples::busy_for;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    tokio::task::block_in_place(|| busy_for(Duration::from_millis(300)));
    println!("never printed");
}
