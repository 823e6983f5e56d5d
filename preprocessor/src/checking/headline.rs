//! A figure's headline (`headline="…{value bound}…"`, see
//! [`crate::finding::figure::Headline`]): its values computed from the runs
//! it names, each checked against its bound, like every other claim. A
//! ratio or a difference of two times is refused when it is within
//! run-to-run noise: then the words must say "about the same".

use crate::finding::figure::{Expr, Headline, Part, Time, TimeKind, Value, names_line};
use crate::running::process::RunOutcome;
use crate::util::time::short;
use regex::Regex;

/// Two times closer than this (or than [`NOISE_SHARE`] of the longer) are
/// the same time: a rerun can swap which is longer.
pub const NOISE_US: u64 = 20_000;
/// See [`NOISE_US`].
pub const NOISE_SHARE: f64 = 0.10;

/// One run a headline reads: the example's name (for messages) and its run.
#[derive(Clone, Copy)]
pub struct Named<'a> {
    pub name: &'a str,
    pub run: &'a RunOutcome,
}

/// Whether a headline's values are held to their bounds: not on a run with
/// fewer cores than its reference needs (`cores=`), whose timing and order
/// are left out like every other timing claim; the values are still shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bounds {
    Checked,
    LeftOut,
}

/// The headline's text with its values, or why the runs do not support it.
pub fn evaluate(
    h: &Headline,
    runs: &[Named<'_>],
    lanes: &Regex,
    bounds: Bounds,
) -> Result<String, Vec<String>> {
    let mut text = String::new();
    let mut failures = Vec::new();
    for part in &h.parts {
        match part {
            Part::Text(t) => text.push_str(t),
            Part::Value(e) => match value(e, runs, lanes, bounds) {
                Ok(v) => text.push_str(&v),
                Err(why) => failures.push(format!("headline value `{{{}}}`: {why}", e.written)),
            },
        }
    }
    if failures.is_empty() {
        Ok(text)
    } else {
        Err(failures)
    }
}

/// The text of one value, checked against its bound (unless `bounds` are
/// left out).
fn value(e: &Expr, runs: &[Named<'_>], lanes: &Regex, bounds: Bounds) -> Result<String, String> {
    let (number, shown) = match &e.value {
        Value::Time(t) => {
            let us = time(t, runs)?;
            (us as f64 / 1e6, short(us))
        }
        Value::Diff(a, b) | Value::Ratio(a, b) => {
            let (ta, tb) = (time(a, runs)?, time(b, runs)?);
            let diff = ta.abs_diff(tb);
            let noise = NOISE_US.max((ta.max(tb) as f64 * NOISE_SHARE) as u64);
            if diff <= noise && bounds == Bounds::Checked {
                return Err(format!(
                    "{} and {} differ by {}, within run-to-run noise ({}): \
                     say that they take about the same time instead",
                    short(ta),
                    short(tb),
                    short(diff),
                    short(noise)
                ));
            }
            match e.value {
                Value::Diff(..) => (diff as f64 / 1e6, short(diff)),
                _ => {
                    let ratio = ta as f64 / tb.max(1) as f64;
                    (ratio, times(ratio))
                }
            }
        }
        Value::Order(r) => {
            let run = named(runs, *r)?.run;
            let order: Vec<&str> = run
                .lines
                .iter()
                .map(|l| {
                    lanes
                        .captures(&l.text)
                        .and_then(|c| c.get(1))
                        .map_or("main", |m| m.as_str())
                })
                .collect();
            (0.0, order.join(" "))
        }
        Value::Count(r, needle) => {
            let run = named(runs, *r)?.run;
            let n = run
                .lines
                .iter()
                .filter(|l| names_line(needle, &l.text))
                .count();
            (n as f64, n.to_string())
        }
        Value::Num(r, pattern) => printed(named(runs, *r)?, pattern)?,
    };
    match &e.bound {
        Some(b) if bounds == Bounds::Checked && !b.holds(number, &shown) => Err(format!(
            "is {shown}, outside {b}: the run no longer supports the headline's words \
             (rewrite them, or the bound)"
        )),
        _ => Ok(shown),
    }
}

/// The number the first line of `n`'s run that `pattern` matches printed
/// (its first group), and its text as printed.
fn printed(n: &Named<'_>, pattern: &str) -> Result<(f64, String), String> {
    let re = crate::finding::lanes::lane_regex(pattern)?;
    let Some(text) = (n.run.lines.iter())
        .find_map(|l| re.captures(&l.text).and_then(|c| c.get(1)))
        .map(|m| m.as_str().to_string())
    else {
        return Err(format!(
            "no line of `{}` matches `{pattern}`: fix the pattern (its group captures the \
             number), or make the example print the number",
            n.name
        ));
    };
    let number = text.replace([',', '_'], "").parse::<f64>().map_err(|_| {
        format!(
            "the first line of `{}` that `{pattern}` matches captures `{text}`, not a number: \
             make the group capture digits only, e.g. `([0-9.]+)`",
            n.name
        )
    })?;
    Ok((number, text))
}

fn named<'r, 'a>(runs: &'r [Named<'a>], r: usize) -> Result<&'r Named<'a>, String> {
    runs.get(r).ok_or_else(|| {
        format!(
            "run `{}.` is not one of the {} run(s) of this figure",
            char::from(b'A' + r.min(25) as u8),
            runs.len()
        )
    })
}

/// A time of a run, in µs.
fn time(t: &Time, runs: &[Named<'_>]) -> Result<u64, String> {
    let n = named(runs, t.run)?;
    let at = |text: &str| {
        n.run
            .lines
            .iter()
            .find(|l| names_line(text, &l.text))
            .map(|l| l.at_us)
            .ok_or_else(|| format!("no line of `{}` contains `{text}`", n.name))
    };
    Ok(match &t.kind {
        TimeKind::Total => n.run.total_us,
        TimeKind::At(line) => at(line)?,
        TimeKind::Gap(a, b) => at(b)?.abs_diff(at(a)?),
    })
}

/// `1.8×`, `12×`.
fn times(ratio: f64) -> String {
    if ratio >= 10.0 {
        format!("{ratio:.0}×")
    } else {
        format!("{ratio:.1}×")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::lanes::{DEFAULT_LANES, lane_regex};
    use crate::running::process::stdout_run as run;

    fn eval(template: &str, runs: &[&RunOutcome]) -> Result<String, Vec<String>> {
        let h = Headline::parse(template).expect("parses");
        let named: Vec<Named<'_>> = runs
            .iter()
            .enumerate()
            .map(|(i, r)| Named {
                name: ["first", "second"][i.min(1)],
                run: r,
            })
            .collect();
        evaluate(
            &h,
            &named,
            &lane_regex(DEFAULT_LANES).expect("lanes"),
            Bounds::Checked,
        )
    }

    /// On too few cores (`cores=`) a value out of its bound is shown, not
    /// failed; a line the run never printed still fails.
    #[test]
    fn left_out_bounds_show_the_value() {
        let r = run(&[(0, "[a] start"), (900, "[a] done")], 1000);
        let re = lane_regex(DEFAULT_LANES).expect("lanes");
        let named = [Named { name: "x", run: &r }];
        let h = Headline::parse("done at {at('done') <0.5s}").expect("parses");
        assert!(evaluate(&h, &named, &re, Bounds::Checked).is_err());
        assert_eq!(
            evaluate(&h, &named, &re, Bounds::LeftOut).expect("shown"),
            "done at 900 ms"
        );
        let h = Headline::parse("{at('never') <0.5s}").expect("parses");
        assert!(evaluate(&h, &named, &re, Bounds::LeftOut).is_err());
    }

    #[test]
    fn values_come_from_the_run_and_hold_their_bounds() {
        let starve = run(
            &[
                (0, "[ticker] tick 0"),
                (1000, "[busy] done"),
                (1003, "[ticker] tick 1"),
            ],
            1500,
        );
        assert_eq!(
            eval(
                "the ticker waited {gap('tick 0', 'tick 1') >0.8s}",
                &[&starve]
            )
            .expect("holds"),
            "the ticker waited 1.00 s"
        );
        assert_eq!(
            eval(
                "{order = ticker busy ticker}; {count('tick') =2} ticks",
                &[&starve]
            )
            .expect("holds"),
            "ticker busy ticker; 2 ticks"
        );
        let e = eval("{gap('tick 0', 'tick 1') <0.5s}", &[&starve]).expect_err("outside");
        assert!(e[0].contains("is 1.00 s, outside <0.5s"), "{e:?}");
        let e = eval("{at('tock') ~1s}", &[&starve]).expect_err("missing");
        assert!(e[0].contains("no line of `first` contains `tock`"), "{e:?}");
        let e = eval("{order = busy ticker}", &[&starve]).expect_err("order");
        assert!(e[0].contains("outside = busy ticker"), "{e:?}");
    }

    /// `num('REGEX')` quotes a number the run printed, checked against its
    /// bound; a pattern no line matches, or a group that is not a number,
    /// fails with what to do.
    #[test]
    fn a_printed_number_is_quoted_and_bounded() {
        let r = run(
            &[
                (0, "[a] budget is 128 polls"),
                (5, "write() took 3919872 of 16777216 bytes"),
                (9, "A lost 30"),
            ],
            10,
        );
        assert_eq!(
            eval(
                "the budget is {num('budget is ([0-9]+)') =128}; write() took \
                 {num('took ([0-9]+) of')} of {num('of ([0-9]{8}) bytes') >1e7}; A lost \
                 {num('lost ([0-9]+)') >0}",
                &[&r]
            )
            .expect("holds"),
            "the budget is 128; write() took 3919872 of 16777216; A lost 30"
        );
        let e = eval("{num('lost ([0-9]+)') >100}", &[&r]).expect_err("bound");
        assert!(e[0].contains("is 30, outside >100"), "{e:?}");
        let e = eval("{num('gained ([0-9]+)')}", &[&r]).expect_err("no line");
        assert!(
            e[0].contains("no line of `first` matches `gained ([0-9]+)`")
                && e[0].contains("make the example print"),
            "{e:?}"
        );
        let e = eval("{num('(budget) is')}", &[&r]).expect_err("not a number");
        assert!(e[0].contains("captures `budget`, not a number"), "{e:?}");
    }

    #[test]
    fn ratios_only_above_the_noise() {
        let slow = run(&[(0, "a")], 3000);
        let fast = run(&[(0, "a")], 1000);
        let near = run(&[(0, "a")], 2900);
        assert_eq!(
            eval(
                "{ratio(A.total, B.total) >2} the time; {diff(A.total, B.total) ~2s} more",
                &[&slow, &fast]
            )
            .expect("holds"),
            "3.0× the time; 2.00 s more"
        );
        let e = eval("{ratio(A.total, B.total) >1}", &[&slow, &near]).expect_err("noise");
        assert!(e[0].contains("within run-to-run noise"), "{e:?}");
        let e = eval("{C.total ~1s}", &[&slow, &fast]).expect_err("no run C");
        assert!(e[0].contains("run `C.`"), "{e:?}");
    }
}
