use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

/// A builder: not a future itself, but `.await` accepts it.
#[derive(Debug)]
struct Greeting {
    name: &'static str,
    delay: Duration,
}

impl Greeting {
    fn to(name: &'static str) -> Self {
        Greeting {
            name,
            delay: Duration::ZERO,
        }
    }
    fn after(self, delay: Duration) -> Self {
        Greeting { delay, ..self }
    }
}

impl IntoFuture for Greeting {
    type Output = String;
    type IntoFuture = Pin<Box<dyn Future<Output = String> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        println!("[into_future] turning the builder into a future");
        Box::pin(async move {
            tokio::time::sleep(self.delay).await;
            format!("hello, {}", self.name)
        })
    }
}

#[tokio::main]
async fn main() {
    let greeting = Greeting::to("world").after(Duration::from_millis(300));
    println!("[main] built {greeting:?}");
    let text = greeting.await; // calls IntoFuture::into_future, then polls
    println!("[main] got {text:?}");
}
