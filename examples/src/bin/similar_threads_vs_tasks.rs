use std::thread;
use std::time::{Duration, Instant};

const N: usize = 2_000;
const NAP: Duration = Duration::from_millis(500);

fn main() {
    // 1. one OS thread per sleeper
    let start = Instant::now();
    let threads: Vec<_> = (0..N)
        .map(|_| thread::spawn(|| thread::sleep(NAP)))
        .collect();
    let micros = start.elapsed().as_micros();
    println!(
        "[threads] {N} started in {micros} µs; OS threads in the process: {}",
        os_threads()
    );
    for t in threads {
        t.join().expect("a thread panicked");
    }
    println!("[threads] all {N} done");

    // 2. one task per sleeper, all on ONE thread (a current_thread runtime)
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("cannot build a runtime");
    runtime.block_on(async {
        let start = Instant::now();
        let tasks: Vec<_> = (0..N)
            .map(|_| tokio::spawn(tokio::time::sleep(NAP)))
            .collect();
        let micros = start.elapsed().as_micros();
        println!(
            "[tasks] {N} started in {micros} µs; OS threads in the process: {}",
            os_threads()
        );
        for t in tasks {
            t.await.expect("a task panicked");
        }
        println!("[tasks] all {N} done");
    });
}

/// How many OS threads this process has now, from /proc (Linux only). // hide
fn os_threads() -> String {
    // hide
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default(); // hide
    let line = status.lines().find(|l| l.starts_with("Threads:")); // hide
    line.and_then(|l| l.split_whitespace().nth(1)) // hide
        .unwrap_or("?") // hide
        .to_string() // hide
} // hide
