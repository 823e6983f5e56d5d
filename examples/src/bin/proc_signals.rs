use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};
use tokio::time::sleep;

// ANCHOR: main
#[tokio::main]
async fn main() {
    let mut term = signal(SignalKind::terminate()).expect("no SIGTERM handler");
    let mut int = signal(SignalKind::interrupt()).expect("no SIGINT handler");
    send_after(Signal::SIGTERM, 300); // what a process manager sends first
    send_after(Signal::SIGINT, 700); // an impatient Ctrl-C

    // The first signal, whichever it is, starts a graceful shutdown.
    let first = tokio::select! {
        _ = term.recv() => "SIGTERM",
        _ = int.recv() => "SIGINT",
    };
    println!("[main] {first}: draining (that takes 2 s)");

    tokio::select! {
        _ = sleep(Duration::from_secs(2)) => println!("[main] drained, exiting"),
        _ = term.recv() => force("SIGTERM"),
        _ = int.recv() => force("SIGINT"),
    }
}
// ANCHOR_END: main

fn force(name: &str) {
    println!("[main] second signal ({name}): exiting now");
    std::process::exit(130);
}

/// Sends `sig` to this very process after `ms` milliseconds.
fn send_after(sig: Signal, ms: u64) {
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(ms));
        kill(Pid::this(), sig).expect("kill failed");
    });
}
