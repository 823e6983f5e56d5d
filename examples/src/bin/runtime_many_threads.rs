use std::thread;
use std::time::Duration;

const THREADS: u64 = 1_000;

fn main() {
    let before = resident_kib();
    let mut handles = Vec::new();
    for id in 0..THREADS {
        handles.push(thread::spawn(move || {
            thread::sleep(Duration::from_secs(1));
            id
        }));
    }
    let grown = resident_kib().saturating_sub(before);
    println!("[main] {THREADS} threads started, each an OS thread with its own stack");
    println!(
        "[main] memory grew by {grown} KiB: ~{} bytes per thread",
        grown * 1024 / THREADS
    );

    let mut sum = 0;
    for handle in handles {
        sum += handle.join().expect("thread panicked");
    }
    println!("[main] all {THREADS} threads finished (sum of ids = {sum})");
}

/// Resident memory of this process in KiB, from /proc (Linux only; 0 elsewhere). // hide
fn resident_kib() -> u64 {
    // hide
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default(); // hide
    let line = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .unwrap_or_default(); // hide
    line.split_whitespace()
        .nth(1)
        .and_then(|kib| kib.parse().ok())
        .unwrap_or(0) // hide
} // hide
