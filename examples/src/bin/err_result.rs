use std::time::Duration;

use tokio::time::sleep;

async fn parse(name: &'static str, text: &'static str) -> Result<u32, String> {
    sleep(Duration::from_millis(200)).await;
    text.parse::<u32>()
        .map_err(|e| format!("{name}: cannot parse {text:?}: {e}"))
}

#[tokio::main]
async fn main() {
    let good = tokio::spawn(parse("good", "42"));
    let bad = tokio::spawn(parse("bad", "forty-two"));

    // Two layers: did the task run to the end (JoinError)? Did the work succeed (String)?
    for handle in [good, bad] {
        match handle.await {
            Ok(Ok(n)) => println!("value: {n}"),
            Ok(Err(msg)) => println!("error value: {msg}"),
            Err(join_error) => println!("the task itself failed: {join_error}"),
        }
    }
}
