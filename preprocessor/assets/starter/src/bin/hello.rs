//! A first example. The book build compiles and runs it, and the page shows
//! each line it printed with the time the line appeared.
use std::thread::sleep;
use std::time::Duration;

fn main() {
    for step in 1..=3 {
        println!("step {step}");
        sleep(Duration::from_millis(100));
    }
    println!("done");
}
