//! The helpers that need nothing but std. The "Run it yourself" button
//! appends this file to an example that uses them (as `mod
//! async_book_examples`), so that it runs on the Rust Playground too.

use std::time::{Duration, Instant};

/// Keep the current thread busy (real CPU work, no sleeping) for `duration`.
///
/// This stands in for "some heavy computation": it never reaches an `.await`,
/// so the async runtime cannot run anything else on this thread meanwhile.
pub fn busy_for(duration: Duration) -> u64 {
    let start = Instant::now();
    let mut x: u64 = 0;
    while start.elapsed() < duration {
        for i in 0..10_000u64 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(i);
        }
    }
    std::hint::black_box(x)
}

/// Resident memory of this process in KiB, from `/proc` (Linux only; 0 elsewhere).
pub fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .unwrap_or(0)
}
