use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let (c_done, b_may_go) = oneshot::channel::<()>();
    let (b_done, a_may_go) = oneshot::channel::<()>();

    let a = tokio::spawn(async move {
        a_may_go.await.expect("b dropped its sender");
        sleep(Duration::from_millis(200)).await;
        println!("[a] third");
    });
    let b = tokio::spawn(async move {
        b_may_go.await.expect("c dropped its sender");
        sleep(Duration::from_millis(200)).await;
        println!("[b] second");
        b_done.send(()).expect("a is gone");
    });
    let c = tokio::spawn(async move {
        sleep(Duration::from_millis(200)).await;
        println!("[c] first");
        c_done.send(()).expect("b is gone");
    });

    let _ = tokio::join!(a, b, c);
}
