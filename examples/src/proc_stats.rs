//! What this process costs the OS, read from `/proc/self/status` (Linux),
//! and the one limit a program with thousands of sockets runs into.

/// One field of `/proc/self/status` in its own unit (KiB for memory), or 0
/// where there is no `/proc` (not Linux).
fn status_field(name: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The most resident memory this process has had so far, in MiB (`VmHWM`:
/// the high-water mark of the resident set).
pub fn peak_rss_mib() -> f64 {
    status_field("VmHWM") as f64 / 1024.0
}

/// How many OS threads this process has now (`Threads`).
pub fn os_threads() -> u64 {
    status_field("Threads")
}

/// Raise this process's soft limit on open files to its hard limit, and
/// return the limit now in force. Every socket is an open file: a process
/// with 1,000 clients and 1,000 server-side connections needs over 2,000,
/// and many systems start programs with a soft limit of 1,024.
pub fn raise_open_files_limit() -> u64 {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE) else {
        return 0;
    };
    if soft < hard && setrlimit(Resource::RLIMIT_NOFILE, hard, hard).is_ok() {
        return hard;
    }
    soft
}
