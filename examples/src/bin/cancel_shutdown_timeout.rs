use std::time::Duration;

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("[{}] dropped", self.0);
    }
}

fn main() {
    let rt = tokio::runtime::Runtime::new().unwrap();

    rt.spawn(async {
        let _guard = Guard("async");
        tokio::time::sleep(Duration::from_secs(10)).await;
    });
    rt.spawn_blocking(|| {
        let _guard = Guard("blocking");
        std::thread::sleep(Duration::from_secs(10));
    });

    std::thread::sleep(Duration::from_millis(200));
    println!("[main] shutdown_timeout(500 ms)");
    rt.shutdown_timeout(Duration::from_millis(500));
    println!("[main] shutdown_timeout returned; main ends, the process exits");
}
