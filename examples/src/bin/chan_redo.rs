use std::collections::HashMap;
use tokio::sync::{mpsc, oneshot};

enum Request {
    Set {
        key: String,
        value: String,
    },
    Get {
        key: String,
        reply: oneshot::Sender<Option<String>>,
    },
}

#[derive(Clone)]
struct Store {
    requests: mpsc::Sender<Request>,
}

impl Store {
    fn start() -> (Store, tokio::task::JoinHandle<()>) {
        let (requests, mut rx) = mpsc::channel(16);
        let actor = tokio::spawn(async move {
            let mut map = HashMap::new(); // owned by this task alone
            while let Some(request) = rx.recv().await {
                match request {
                    Request::Set { key, value } => {
                        map.insert(key, value);
                    }
                    Request::Get { key, reply } => {
                        let _ = reply.send(map.get(&key).cloned());
                    }
                }
            }
            println!(
                "[store] no handle left; the map ({} entries) goes with the task",
                map.len()
            );
        });
        (Store { requests }, actor)
    }

    async fn set(&self, key: &str, value: &str) {
        let request = Request::Set {
            key: key.into(),
            value: value.into(),
        };
        self.requests
            .send(request)
            .await
            .expect("the store is running");
    }

    async fn get(&self, key: &str) -> Option<String> {
        let (reply, answer) = oneshot::channel();
        let request = Request::Get {
            key: key.into(),
            reply,
        };
        self.requests
            .send(request)
            .await
            .expect("the store is running");
        answer.await.expect("the store answers")
    }
}

#[tokio::main]
async fn main() {
    let (store, actor) = Store::start();
    let writer = store.clone();
    tokio::spawn(async move { writer.set("colour", "green").await })
        .await
        .unwrap();
    println!("[main] colour = {:?}", store.get("colour").await);
    println!("[main] size = {:?}", store.get("size").await);
    drop(store);
    actor.await.unwrap();
}
