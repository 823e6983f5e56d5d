use std::thread;
use std::time::Duration;

const THREADS: u64 = 1_000;

fn main() {
    let before = async_book_examples::resident_kib();
    let mut handles = Vec::new();
    for id in 0..THREADS {
        handles.push(thread::spawn(move || {
            thread::sleep(Duration::from_secs(1));
            id
        }));
    }
    let grown = async_book_examples::resident_kib().saturating_sub(before);
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
