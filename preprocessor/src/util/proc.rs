//! What Linux's `/proc` says about a process: the fields of
//! `/proc/PID/stat` (read past the `(comm)` field, which may hold spaces and
//! parentheses), its environment, the pids that exist, and the cores this
//! process may use.

/// The fields of one `/proc/PID/stat` after `(comm)`: field 3 (`state`) first.
#[derive(Debug)]
pub struct Stat(Vec<String>);

impl Stat {
    /// Read the stat of `pid`; `None` when it is gone or unreadable.
    pub fn of(pid: i32) -> Option<Stat> {
        Stat::parse(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)
    }

    fn parse(text: &str) -> Option<Stat> {
        let after_comm = text.rsplit_once(')')?.1;
        Some(Stat(
            after_comm.split_whitespace().map(str::to_string).collect(),
        ))
    }

    /// Field `n` (1-based, as `man 5 proc` numbers them; from 3 on).
    fn field(&self, n: usize) -> Option<&str> {
        self.0.get(n.checked_sub(3)?).map(String::as_str)
    }

    /// Field 4: the parent's pid.
    pub fn parent(&self) -> Option<u32> {
        self.field(4)?.parse().ok()
    }

    /// Fields 14 to 17: utime + stime + cutime + cstime, in clock ticks.
    pub fn cpu_ticks(&self) -> Option<u64> {
        (14..=17).map(|n| self.field(n)?.parse::<u64>().ok()).sum()
    }

    /// Field 22: when the process started, in clock ticks since boot (as
    /// text: it is only compared).
    pub fn start_time(&self) -> Option<&str> {
        self.field(22)
    }
}

/// Whether process `pid`'s environment holds `mark` (`NAME=value`); an
/// environment that cannot be read does not.
pub fn environ_has(pid: i32, mark: &str) -> bool {
    std::fs::read(format!("/proc/{pid}/environ"))
        .is_ok_and(|env| env.split(|&b| b == 0).any(|var| var == mark.as_bytes()))
}

/// How long process `pid`'s main thread has waited, ready to run, for a
/// core (`/proc/PID/schedstat`, second field, in ns), in microseconds;
/// `None` when the system does not tell.
pub fn run_delay_us(pid: i32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/schedstat")).ok()?;
    let waited_ns: u64 = text.split_whitespace().nth(1)?.parse().ok()?;
    Some(waited_ns / 1000)
}

/// The command line of process `pid` (`/proc/PID/cmdline`); `None` when it
/// is gone or unreadable.
pub fn cmdline(pid: i32) -> Option<Vec<String>> {
    let raw = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    Some(
        raw.split(|&b| b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect(),
    )
}

/// The cores this process may use. It respects CPU affinity, so `taskset`
/// lowers it; the examples it starts inherit the same limit.
pub fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Every pid in `/proc` now.
pub fn pids() -> Vec<i32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_a_run_delay() {
        let here = i32::try_from(std::process::id()).expect("pid");
        if std::path::Path::new("/proc/self/schedstat").exists() {
            assert!(run_delay_us(here).is_some());
        }
        assert_eq!(run_delay_us(-1), None);
    }

    #[test]
    fn fields_are_read_past_odd_names() {
        let line = "123 (a b) c) S 456 123 123 0 -1 0 0 0 0 0 7 8 9 10 20 0 1 0 4242 0";
        let stat = Stat::parse(line).expect("parses");
        assert_eq!(stat.parent(), Some(456));
        assert_eq!(stat.cpu_ticks(), Some(7 + 8 + 9 + 10));
        assert_eq!(stat.start_time(), Some("4242"));
        assert!(Stat::parse("garbage").is_none());
    }

    #[test]
    fn this_process_is_listed_and_readable() {
        let me = i32::try_from(std::process::id()).expect("pid");
        assert!(pids().contains(&me));
        let stat = Stat::of(me).expect("own stat");
        assert!(stat.start_time().is_some() && stat.cpu_ticks().is_some());
    }
}
