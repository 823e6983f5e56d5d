use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::sleep;

// ANCHOR: actor
/// What the actor can be asked. Each request carries the channel for its answer.
enum Request {
    Deposit {
        amount: u64,
        reply: oneshot::Sender<u64>,
    },
    Balance {
        reply: oneshot::Sender<u64>,
    },
}

/// The task that owns the account: nobody else can touch `balance`.
async fn account(mut requests: mpsc::Receiver<Request>) {
    let mut balance = 0;
    while let Some(request) = requests.recv().await {
        // Each request takes 100 ms (a disk write, say).
        sleep(Duration::from_millis(100)).await;
        match request {
            Request::Deposit { amount, reply } => {
                balance += amount;
                let _ = reply.send(balance); // the asker may have given up: ignore
            }
            Request::Balance { reply } => {
                let _ = reply.send(balance);
            }
        }
    }
    println!("[account] every handle is gone; the actor stops with balance {balance}");
}
// ANCHOR_END: actor

// ANCHOR: handle
/// The only way to reach the actor: clone it, call async methods.
#[derive(Clone)]
struct Account {
    requests: mpsc::Sender<Request>,
}

impl Account {
    fn start() -> (Account, tokio::task::JoinHandle<()>) {
        let (requests, rx) = mpsc::channel(16);
        (Account { requests }, tokio::spawn(account(rx)))
    }

    async fn deposit(&self, amount: u64) -> u64 {
        let (reply, answer) = oneshot::channel();
        let request = Request::Deposit { amount, reply };
        self.requests
            .send(request)
            .await
            .expect("the actor is running");
        answer.await.expect("the actor answers")
    }

    async fn balance(&self) -> u64 {
        let (reply, answer) = oneshot::channel();
        self.requests
            .send(Request::Balance { reply })
            .await
            .expect("the actor is running");
        answer.await.expect("the actor answers")
    }
}
// ANCHOR_END: handle

// ANCHOR: main
async fn customer(name: &str, account: Account, start_ms: u64, amount: u64) {
    sleep(Duration::from_millis(start_ms)).await;
    println!("[{name}] deposit({amount})");
    let balance = account.deposit(amount).await;
    println!("[{name}] balance after my deposit: {balance}");
}

#[tokio::main]
async fn main() {
    let (account, actor) = Account::start();
    let alice = tokio::spawn(customer("alice", account.clone(), 0, 10));
    let bob = tokio::spawn(customer("bob", account.clone(), 20, 5));
    let carol = tokio::spawn(customer("carol", account.clone(), 40, 1));
    let _ = tokio::join!(alice, bob, carol);
    println!("[main] balance: {}", account.balance().await);
    drop(account); // the last handle
    actor.await.unwrap();
}
// ANCHOR_END: main
