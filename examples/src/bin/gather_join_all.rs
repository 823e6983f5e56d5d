use futures::future::{BoxFuture, FutureExt, join_all};
use std::time::Duration;
use tokio::time::sleep;

async fn test() -> &'static str {
    println!("test1");
    sleep(Duration::from_secs(3)).await;
    println!("test2");
    "test result"
}

async fn retest() -> &'static str {
    println!("retest1");
    sleep(Duration::from_secs(2)).await;
    println!("retest2");
    "retest result"
}

#[tokio::main]
async fn main() {
    // test() and retest() are futures of two different types:
    // a Vec needs one type, so each one is boxed.
    let tasks: Vec<BoxFuture<'static, &str>> = vec![test().boxed(), retest().boxed()];
    println!("built {} futures, nothing has run yet", tasks.len());

    let results = join_all(tasks).await; // like `await asyncio.gather(*tasks)`
    println!("{results:?}");
}
