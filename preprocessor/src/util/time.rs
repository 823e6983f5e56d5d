//! Times for readers, from microseconds: the one place where the book's
//! times get their words. Each function is for one kind of time, so that
//! the same kind reads the same in an output's gutter, a footer, a figure,
//! its tooltips and a caption.
//!
//! | function  | for                                  | reads          |
//! |-----------|--------------------------------------|----------------|
//! | [`stamp`] | a line's time since the spawn        | `+1.234s`      |
//! | [`total`] | a run's length, a figure's span      | `3.004 s`, `12.3 ms` |
//! | [`exact`] | a measured span (polls, tooltips)    | `42 µs`, `12.345 ms`, `1.234 s` |
//! | [`short`] | a value in a caption (3 digits)      | `5.00 s`, `120 ms`, `1.6 ms` |
//! | [`tick`]  | a label on a time axis               | `0`, `0.5 s`, `2 ms` |

/// A line's time since the spawn, to the millisecond: `+1.234s`.
pub fn stamp(us: u64) -> String {
    format!("+{:.3}s", seconds(us))
}

/// A run's length, to a tenth of a millisecond: `3.004 s`, `12.3 ms`.
/// From 999.95 ms up it is seconds (not `1000.0 ms`).
pub fn total(us: u64) -> String {
    if us >= 999_950 {
        format!("{:.3} s", seconds(us))
    } else {
        format!("{:.1} ms", millis(us))
    }
}

/// A measured span, to the microsecond: `42 µs`, `12.345 ms`, `1.234 s`.
pub fn exact(us: u64) -> String {
    if us < 1_000 {
        format!("{us} µs")
    } else if us < 1_000_000 {
        format!("{:.3} ms", millis(us))
    } else {
        format!("{:.3} s", seconds(us))
    }
}

/// A value in a caption, with the digits a reader needs (three at most):
/// `5.00 s`, `12.3 s`, `120 ms`, `1.6 ms`.
pub fn short(us: u64) -> String {
    let s = seconds(us);
    if s >= 10.0 {
        format!("{s:.1} s")
    } else if s >= 1.0 {
        format!("{s:.2} s")
    } else if us >= 10_000 {
        format!("{:.0} ms", millis(us))
    } else {
        format!("{:.1} ms", millis(us))
    }
}

/// A label on a time axis whose ticks are `step_us` apart: seconds from
/// 100 ms steps up, else milliseconds, to one decimal and no trailing
/// zero: `0`, `0.5 s`, `2 ms`, `2.5 ms`.
pub fn tick(us: u64, step_us: u64) -> String {
    if us == 0 {
        "0".into()
    } else if step_us >= 100_000 {
        format!("{} s", (seconds(us) * 10.0).round() / 10.0)
    } else {
        format!("{} ms", (millis(us) * 10.0).round() / 10.0)
    }
}

fn seconds(us: u64) -> f64 {
    us as f64 / 1e6
}

fn millis(us: u64) -> f64 {
    us as f64 / 1e3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_time_reads_one_way() {
        assert_eq!(stamp(2_003_456), "+2.003s");
        assert_eq!(stamp(0), "+0.000s");
        assert_eq!(total(3_004_000), "3.004 s");
        assert_eq!(total(12_345), "12.3 ms");
        assert_eq!(total(999_960), "1.000 s", "not 1000.0 ms");
        assert_eq!(exact(42), "42 µs");
        assert_eq!(exact(12_345), "12.345 ms");
        assert_eq!(exact(1_234_000), "1.234 s");
        assert_eq!(short(5_002_000), "5.00 s");
        assert_eq!(short(12_340_000), "12.3 s");
        assert_eq!(short(120_400), "120 ms");
        assert_eq!(short(1_600), "1.6 ms");
        assert_eq!(tick(0, 500_000), "0");
        assert_eq!(tick(500_000, 500_000), "0.5 s");
        assert_eq!(tick(2_000, 1_000), "2 ms");
        assert_eq!(tick(2_500, 500), "2.5 ms");
    }
}
