tokio::task_local! {
    static REQUEST: u32;
}

fn log(who: &str, what: &str) {
    match REQUEST.try_with(|id| *id) {
        Ok(id) => println!("[{who}] request {id}: {what}"),
        Err(e) => println!("[{who}] {e}: {what}"),
    }
}

#[tokio::main]
async fn main() {
    REQUEST
        .scope(7, async {
            log("main", "inside the scope");
            tokio::spawn(async { log("spawned", "a task spawned inside it") })
                .await
                .expect("task panicked");
            let id = REQUEST.get(); // copy it; the new task gets its own scope
            tokio::spawn(
                REQUEST.scope(id, async { log("rescoped", "spawned with its own scope") }),
            )
            .await
            .expect("task panicked");
        })
        .await;
    log("main", "after the scope");
}
