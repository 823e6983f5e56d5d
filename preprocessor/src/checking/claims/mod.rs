//! Checking what a chapter claims about an example against what really
//! happened: how it compiled, how it exited, how long it took, and what it
//! printed (in order or in any order, with `[..]` wildcards, `...` gaps and
//! `@ TIMESPEC` times per line). How lines are matched, in bounded time, is
//! [`matching`]'s job.

mod matching;

pub use matching::line_matches;

use crate::finding::directive::{CompileClaim, Directive};
use crate::finding::discover::Found;
use crate::finding::timespec::TimeSpec;
use crate::running::build::{Diagnostic, Level};
use crate::running::process::{Exit, RunOutcome, Stream};
use crate::running::record::Record;
use matching::{Budget, Outcome, SEARCH_BUDGET};
use serde::Serialize;

/// What a chapter claims about an example: the `[kind]` of a failed claim
/// in messages and in `report.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Claim {
    /// How it compiles: `compile=ok|warn|fail`, `code=`.
    Compile,
    /// How it exits: `exit=`.
    Exit,
    /// `panic`: a panic message on stderr.
    Panic,
    /// `total=`: how long the whole run took.
    Total,
    /// The `expected` block: what it printed.
    Output,
    /// An `@ TIMESPEC` of an expected line: when it printed it.
    At,
    /// A figure's `headline=` values hold their bounds, and its marks
    /// (`mark=`, `band=`, `busy=`, `drop=`) name lines the run printed.
    Figure,
}

/// One kind of claim: its name in messages and the report, whether it is
/// about time or about what one run did (a busy machine can break those),
/// and whether a reference makes it (for the report's list).
struct Kind {
    claim: Claim,
    name: &'static str,
    timing: bool,
    about_the_run: bool,
    made: fn(&Found) -> bool,
}

/// Every claim kind, in the report's order.
const KINDS: &[Kind] = &[
    Kind {
        claim: Claim::Compile,
        name: "compile",
        timing: false,
        about_the_run: false,
        made: |_| true,
    },
    Kind {
        claim: Claim::Exit,
        name: "exit",
        timing: false,
        about_the_run: true,
        made: |f| f.directive.exit != 0 || f.directive.panic,
    },
    Kind {
        claim: Claim::Panic,
        name: "panic",
        timing: false,
        about_the_run: true,
        made: |_| false,
    },
    Kind {
        claim: Claim::Total,
        name: "total",
        timing: true,
        about_the_run: true,
        made: |f| f.directive.total.is_some(),
    },
    Kind {
        claim: Claim::Output,
        name: "output",
        timing: false,
        about_the_run: true,
        made: |f| f.expected.is_some(),
    },
    Kind {
        claim: Claim::At,
        name: "at",
        timing: true,
        about_the_run: true,
        made: |_| false,
    },
    Kind {
        claim: Claim::Figure,
        name: "figure",
        timing: false,
        about_the_run: true,
        made: |f| !f.directive.figure.notes.is_empty() || f.directive.figure.headline.is_some(),
    },
];

impl Claim {
    fn kind(self) -> &'static Kind {
        let kind = KINDS.iter().find(|k| k.claim == self);
        kind.expect("every claim has its row in KINDS")
    }

    /// The name used in messages and the report.
    pub fn as_str(self) -> &'static str {
        self.kind().name
    }

    /// A claim about time, which a busy machine can break.
    pub fn is_timing(self) -> bool {
        self.kind().timing
    }

    /// A claim about what one run did (its times, its lines and their
    /// order, how it ended), which a busy machine can break: tasks that race
    /// can finish in another order when their wake-ups are late, and a
    /// figure's headline reads the same times.
    pub fn is_about_the_run(self) -> bool {
        self.kind().about_the_run
    }

    /// The claims a directive makes (for the report).
    pub fn made_by(found: &Found) -> Vec<Claim> {
        KINDS
            .iter()
            .filter(|k| (k.made)(found))
            .map(|k| k.claim)
            .collect()
    }
}

impl std::fmt::Display for Claim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kept a reference from being checked or drawn: not a claim that
/// failed, but the `[kind]` of such a problem in messages and in
/// `report.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fault {
    /// The example did not run (this tool could not start it).
    Run,
    /// The `expected` block is malformed.
    Expected,
    /// The example's source could not be read.
    Source,
    /// `anchor=`: the region does not exist.
    Anchor,
    /// `diff=`: the other example is missing or cannot be compared.
    Diff,
    /// The directive names no existing example.
    Name,
    /// A `{{#compare}}` figure could not be drawn.
    Compare,
}

impl Fault {
    /// The name used in messages and the report.
    pub fn as_str(self) -> &'static str {
        match self {
            Fault::Run => "run",
            Fault::Expected => "expected",
            Fault::Source => "source",
            Fault::Anchor => "anchor",
            Fault::Diff => "diff",
            Fault::Name => "name",
            Fault::Compare => "compare",
        }
    }
}

/// Why a reference failed: a claim that did not hold, or a fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Cause {
    Claim(Claim),
    Fault(Fault),
}

impl Cause {
    /// The name used in messages and the report.
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Claim(c) => c.as_str(),
            Cause::Fault(f) => f.as_str(),
        }
    }

    /// A failed claim about what one run did (see
    /// [`Claim::is_about_the_run`]); a fault never is.
    pub fn is_about_the_run(self) -> bool {
        matches!(self, Cause::Claim(c) if c.is_about_the_run())
    }
}

impl From<Claim> for Cause {
    fn from(c: Claim) -> Cause {
        Cause::Claim(c)
    }
}

impl From<Fault> for Cause {
    fn from(f: Fault) -> Cause {
        Cause::Fault(f)
    }
}

impl PartialEq<Claim> for Cause {
    fn eq(&self, other: &Claim) -> bool {
        *self == Cause::Claim(*other)
    }
}

impl PartialEq<Fault> for Cause {
    fn eq(&self, other: &Fault) -> bool {
        *self == Cause::Fault(*other)
    }
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One claim that did not hold, or what kept it from being checked.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// `claim` in `report.json`, where a fault's name stands too.
    #[serde(rename = "claim")]
    pub cause: Cause,
    pub message: String,
}

impl Failure {
    pub fn new(cause: impl Into<Cause>, message: String) -> Failure {
        let cause = cause.into();
        Failure { cause, message }
    }
}

/// A parsed line of an `expected` block.
#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    /// `...`: any number of lines.
    Gap,
    Line {
        text: String,
        at: Option<TimeSpec>,
    },
}

/// Parse an `expected` block.
pub fn parse_expected(text: &str) -> Result<Vec<Pattern>, (usize, String)> {
    text.lines()
        .enumerate()
        .map(|(i, raw)| {
            let line = raw.trim_end();
            if line == "..." {
                return Ok(Pattern::Gap);
            }
            match line.rsplit_once(" @ ").or_else(|| line.rsplit_once("\t@ ")) {
                Some((text, spec)) if looks_like_spec(spec) => {
                    let at = TimeSpec::parse(spec).map_err(|e| (i, e))?;
                    Ok(Pattern::Line {
                        text: text.trim_end().to_string(),
                        at: Some(at),
                    })
                }
                _ => Ok(Pattern::Line {
                    text: line.to_string(),
                    at: None,
                }),
            }
        })
        .collect()
}

fn looks_like_spec(s: &str) -> bool {
    s.trim().starts_with(['~', '≈', '<', '>']) || s.trim().starts_with(|c: char| c.is_ascii_digit())
}

/// Check every claim `d` makes (with its parsed expected block) against `record`.
pub fn check(d: &Directive, expected: Option<&[Pattern]>, record: &Record) -> Vec<Failure> {
    if let Some(not_run) = &record.not_run {
        return vec![Failure::new(Fault::Run, not_run.to_string())];
    }
    let mut failures: Vec<Failure> = compiled(d, record)
        .into_iter()
        .chain(code(d, record))
        .collect();
    let Some(run) = &record.run else {
        return failures;
    };
    failures.extend(exited(d, run));
    failures.extend(panicked(d, run));
    failures.extend(total(d, run));
    if let Some(patterns) = expected {
        failures.extend(printed(d, patterns, run));
    }
    failures
}

/// `compile=ok|warn|fail`: built or not, with or without warnings.
fn compiled(d: &Directive, record: &Record) -> Option<Failure> {
    let of_level = |level: Level| -> Vec<&Diagnostic> {
        record
            .diagnostics
            .iter()
            .filter(|x| x.level == level)
            .collect()
    };
    let (warnings, errors) = (of_level(Level::Warning), of_level(Level::Error));
    let message = match (d.compile, &record.run) {
        (CompileClaim::Fail, Some(_)) => {
            "expected a compile error, but the example compiled".into()
        }
        (_, None) if errors.is_empty() => {
            "the example was not built, and the compiler said nothing about it: \
             see the problem reported for the examples package (a broken manifest or library?)"
                .into()
        }
        (CompileClaim::Fail, None) => return None,
        (_, None) => format!("the example does not compile:\n{}", join_rendered(&errors)),
        (CompileClaim::Ok, Some(_)) if !warnings.is_empty() => format!(
            "unexpected warning (add `compile=warn` if it is intended):\n{}",
            join_rendered(&warnings)
        ),
        (CompileClaim::Warn, Some(_)) if warnings.is_empty() => {
            "expected a compiler warning, but there was none".into()
        }
        _ => return None,
    };
    Some(Failure::new(Claim::Compile, message))
}

/// `code=E0728`: the compiler said so.
fn code(d: &Directive, record: &Record) -> Option<Failure> {
    let code = d.code.as_ref()?;
    let seen: Vec<_> = record
        .diagnostics
        .iter()
        .filter_map(|x| x.code.as_deref())
        .collect();
    (!seen.contains(&code.as_str())).then(|| {
        let message = format!("expected diagnostic `{code}`, got: {}", list_or_none(&seen));
        Failure::new(Claim::Compile, message)
    })
}

/// `exit=N` (0 by default): how the run ended.
fn exited(d: &Directive, run: &RunOutcome) -> Option<Failure> {
    let message = match run.exit {
        Exit::TimedOut => {
            "the run timed out and was killed (raise `timeout=` if it needs longer)".into()
        }
        Exit::Signal(s) => format!("the run was killed by signal {s}"),
        Exit::Code(c) if c != d.exit => format!("expected exit code {}, got {c}", d.exit),
        Exit::Code(_) => return None,
    };
    Some(Failure::new(Claim::Exit, message))
}

/// `panic`: a panic message on stderr.
fn panicked(d: &Directive, run: &RunOutcome) -> Option<Failure> {
    let said =
        (run.lines.iter()).any(|l| l.stream == Stream::Stderr && l.text.contains("panicked"));
    (d.panic && !said).then(|| {
        let message = "expected a panic message on stderr, there was none".into();
        Failure::new(Claim::Panic, message)
    })
}

/// `total=SPEC`: how long the run took.
fn total(d: &Directive, run: &RunOutcome) -> Option<Failure> {
    let spec = d.total.as_ref()?;
    let total = run.total_us as f64 / 1e6;
    (!spec.contains(total)).then(|| {
        let message = format!("total time {total:.3} s is outside {spec}");
        Failure::new(Claim::Total, message)
    })
}

/// The `expected` block: the lines (in order, or in any order with
/// `order=any`) and the times their `@ SPEC`s give.
fn printed(d: &Directive, patterns: &[Pattern], run: &RunOutcome) -> Vec<Failure> {
    let mut budget = Budget::new(SEARCH_BUDGET);
    let matched = if d.any_order {
        let texts: Vec<&str> = run.lines.iter().map(|l| l.text.trim_end()).collect();
        matching::any_order(patterns, &texts, &mut budget)
    } else {
        matching::in_order(patterns, &run.lines, &mut budget)
    };
    let output = |message| vec![Failure::new(Claim::Output, message)];
    match matched {
        Outcome::NoMatch if d.any_order => output(format!(
            "the output differs from the expected block (in any order):\n{}",
            missing_and_extra(patterns, &run.lines)
        )),
        Outcome::NoMatch => output(format!(
            "the output differs from the expected block:\n{}",
            diff(patterns, &run.lines)
        )),
        Outcome::GaveUp => output(gave_up(patterns, run.lines.len())),
        Outcome::Matched(pairs) => pairs
            .into_iter()
            .filter_map(|(p, a)| {
                let Pattern::Line {
                    text,
                    at: Some(spec),
                } = &patterns[p]
                else {
                    return None;
                };
                let at = run.lines[a].at_us as f64 / 1e6;
                (!spec.contains(at)).then(|| {
                    let message = format!("`{text}` appeared at {at:.3} s, outside {spec}");
                    Failure::new(Claim::At, message)
                })
            })
            .collect(),
    }
}

fn join_rendered(diags: &[&Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| d.rendered.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn list_or_none(items: &[&str]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

/// Why a block was not checked: matching it would take too long.
fn gave_up(patterns: &[Pattern], lines: usize) -> String {
    let gaps = patterns.iter().filter(|p| **p == Pattern::Gap).count();
    format!(
        "gave up matching the expected block ({} line(s), {gaps} `...` gap(s)) against {lines} output \
         line(s) after {SEARCH_BUDGET} steps: make the block more specific (fewer `...` gaps or \
         `[..]` wildcards, more exact lines), or claim `order=any` only where the order varies",
        patterns.len()
    )
}

/// For an `order=any` block, where a positional diff would bury the one
/// line that changed: the expected lines no output line matches, and the
/// output lines no expected line matches (none when the block has a `...`
/// gap, which allows extra lines). Exact lines are paired first, then those
/// with `[..]` wildcards, each with the first free output line it matches.
fn missing_and_extra(patterns: &[Pattern], lines: &[crate::running::process::Line]) -> String {
    let texts: Vec<&str> = lines.iter().map(|l| l.text.trim_end()).collect();
    let expected: Vec<&str> = patterns
        .iter()
        .filter_map(|p| match p {
            Pattern::Line { text, .. } => Some(text.as_str()),
            Pattern::Gap => None,
        })
        .collect();
    let mut used = vec![false; texts.len()];
    let mut missing = vec![true; expected.len()];
    for wildcards in [false, true] {
        for (i, pattern) in expected.iter().enumerate() {
            if pattern.contains("[..]") != wildcards {
                continue;
            }
            let free = (0..texts.len()).find(|&j| !used[j] && line_matches(pattern, texts[j]));
            if let Some(j) = free {
                used[j] = true;
                missing[i] = false;
            }
        }
    }
    let gap = patterns.contains(&Pattern::Gap);
    let mut out = String::new();
    let mut section = |title: &str, sign: char, items: Vec<&str>| {
        if !items.is_empty() {
            out.push_str(&format!("{title} ({}):\n", items.len()));
            for item in items {
                out.push_str(&format!("{sign} {item}\n"));
            }
        }
    };
    let not_printed = (expected.iter().zip(&missing))
        .filter(|(_, m)| **m)
        .map(|(e, _)| *e)
        .collect();
    section("expected, not printed", '-', not_printed);
    let extra = (texts.iter().zip(&used))
        .filter(|(_, u)| !**u && !gap)
        .map(|(t, _)| *t)
        .collect();
    section("printed, not expected", '+', extra);
    out
}

/// A unified diff of the expected block (without time specs) and the real output.
fn diff(patterns: &[Pattern], lines: &[crate::running::process::Line]) -> String {
    let expected: String = patterns
        .iter()
        .map(|p| match p {
            Pattern::Gap => "...\n".to_string(),
            Pattern::Line { text, .. } => format!("{text}\n"),
        })
        .collect();
    let actual: String = lines
        .iter()
        .map(|l| format!("{}\n", l.text.trim_end()))
        .collect();
    similar::TextDiff::from_lines(&expected, &actual)
        .unified_diff()
        .header("expected", "actual")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::running::process::{Line, RunOutcome};
    use crate::running::record::Record;

    #[test]
    fn each_claim_has_one_row_and_its_own_name() {
        for k in KINDS {
            assert_eq!(k.claim.as_str(), k.name);
            assert_eq!(KINDS.iter().filter(|o| o.name == k.name).count(), 1);
            assert_eq!(serde_json::to_value(k.claim).expect("json"), k.name);
        }
    }

    fn record(lines: &[(u64, &str)], total_ms: u64, exit: i32) -> Record {
        let lines = lines
            .iter()
            .map(|(ms, t)| Line {
                at_us: ms * 1000,
                stream: Stream::Stdout,
                text: (*t).to_string(),
            })
            .collect();
        Record::new(
            vec![],
            Some(RunOutcome {
                lines,
                exit: Exit::Code(exit),
                total_us: total_ms * 1000,
                cut_bytes: 0,
                trace: None,
                cpu_us: None,
                startup_us: None,
                waited_us: None,
            }),
        )
    }

    fn claims(directive: &str, expected: &str, r: &Record) -> Vec<&'static str> {
        let d = Directive::parse(directive).expect("directive");
        let p = parse_expected(expected).expect("expected");
        check(&d, Some(&p), r)
            .into_iter()
            .map(|f| f.cause.as_str())
            .collect()
    }

    #[test]
    fn wildcards() {
        assert!(line_matches("id [..] done", "id 42 done"));
        assert!(line_matches("[..]", "anything"));
        assert!(line_matches("a[..]", "a"));
        assert!(!line_matches("id [..] done", "id 42 dine"));
        assert!(!line_matches("exact", "exact!"));
    }

    #[test]
    fn in_order_with_gap_and_times() {
        let r = record(
            &[
                (0, "test1"),
                (1, "retest1"),
                (2001, "retest2"),
                (3002, "test2"),
            ],
            3003,
            0,
        );
        assert!(
            claims(
                "x total=~3s",
                "test1\nretest1\nretest2 @ ~2s\ntest2 @ ~3s\n",
                &r
            )
            .is_empty()
        );
        assert!(claims("x", "test1\n...\ntest2\n", &r).is_empty());
        assert_eq!(
            claims("x", "retest1\ntest1\nretest2\ntest2\n", &r),
            ["output"]
        );
        assert_eq!(
            claims("x", "test1\nretest1\nretest2 @ ~1s\ntest2\n", &r),
            ["at"]
        );
    }

    #[test]
    fn sequential_program_cannot_pose_as_concurrent() {
        let r = record(
            &[
                (0, "test1"),
                (3000, "test2"),
                (3001, "retest1"),
                (5002, "retest2"),
            ],
            5003,
            0,
        );
        assert_eq!(
            claims(
                "x total=~3s order=any",
                "test1\ntest2\nretest1\nretest2\n",
                &r
            ),
            ["total"]
        );
    }

    #[test]
    fn stdout_and_stderr_within_a_few_ms_may_swap() {
        let mut r = record(&[(0, "a"), (1000, "b"), (1001, "c")], 2, 0);
        r.run.as_mut().expect("run").lines[1].stream = Stream::Stderr;
        assert!(claims("x", "a\nc\nb\n", &r).is_empty());
        assert!(claims("x", "a\nb\nc\n", &r).is_empty());
        r.run.as_mut().expect("run").lines[2].at_us = 1_090_000;
        assert_eq!(claims("x", "a\nc\nb\n", &r), ["output"]);
        let same_stream = record(&[(0, "a"), (1000, "b"), (1001, "c")], 2, 0);
        assert_eq!(claims("x", "a\nc\nb\n", &same_stream), ["output"]);
    }

    #[test]
    fn a_panic_that_overtakes_stdout_still_matches_around_gaps() {
        let mut r = record(
            &[
                (0, ""),
                (0, "panicked at x"),
                (0, "note"),
                (1, "[main] one"),
                (2, "[main] two"),
            ],
            3,
            101,
        );
        for line in &mut r.run.as_mut().expect("run").lines[..3] {
            line.stream = Stream::Stderr;
        }
        assert!(
            claims(
                "x exit=101",
                "[main] one\n[main] two\n...\npanicked at x\n...\n",
                &r
            )
            .is_empty()
        );
        assert_eq!(
            claims("x exit=101", "[main] two\n[main] one\n...\n", &r),
            ["output"]
        );
    }

    #[test]
    fn any_order_is_a_multiset() {
        let r = record(&[(0, "b"), (0, "a"), (0, "a")], 1, 0);
        assert!(claims("x order=any", "a\na\nb\n", &r).is_empty());
        assert_eq!(claims("x order=any", "a\nb\n", &r), ["output"]);
        assert!(claims("x order=any", "a\n...\n", &r).is_empty());
    }

    #[test]
    fn exit_and_compile_claims() {
        let r = record(&[], 1, 101);
        assert_eq!(claims("x", "", &r), ["exit"]);
        assert!(claims("x exit=101", "", &r).is_empty());
        assert_eq!(claims("x panic", "", &r), ["panic"]);
        assert_eq!(claims("x compile=fail", "", &r), ["compile", "exit"]);
        let rejected = Record::new(
            vec![crate::running::build::Diagnostic {
                level: "error".into(),
                code: Some("E0308".into()),
                rendered: String::new(),
                ansi: None,
            }],
            None,
        );
        assert!(claims("x compile=fail code=E0308", "", &rejected).is_empty());
        assert_eq!(
            claims("x compile=fail code=E0728", "", &rejected),
            ["compile"]
        );
        let d = Directive::parse("x compile=fail").expect("directive");
        let unexplained = check(&d, None, &Record::new(vec![], None));
        assert!(
            unexplained[0].message.contains("not built"),
            "{unexplained:?}"
        );
    }

    #[test]
    fn a_block_too_costly_to_match_fails_with_advice_not_a_hang() {
        let mut lines = vec![(0, "first")];
        lines.extend((1..2000).map(|i| (i / 100, "x")));
        let mut r = record(&lines, 30, 0);
        for (i, line) in r.run.as_mut().expect("run").lines.iter_mut().enumerate() {
            if i % 2 == 1 {
                line.stream = Stream::Stderr;
            }
        }
        let d = Directive::parse("x").expect("directive");
        let block = "x\n...\nx\n...\nx\n...\nx\n...\nx\nfirst\n";
        let p = parse_expected(block).expect("expected");
        // CPU time of this thread, whatever else the machine is doing.
        let cpu = || nix::time::clock_gettime(nix::time::ClockId::CLOCK_THREAD_CPUTIME_ID);
        let started = cpu().expect("clock");
        let failures = check(&d, Some(&p), &r);
        let took = std::time::Duration::from(cpu().expect("clock") - started);
        assert!(took < std::time::Duration::from_secs(1), "{took:?}");
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert!(
            failures[0].message.starts_with("gave up matching")
                && failures[0].message.contains("4 `...` gap(s)"),
            "{}",
            failures[0].message
        );
    }

    /// A failed `order=any` block names the changed line, not a positional diff.
    #[test]
    fn a_failed_any_order_block_shows_what_is_missing_and_extra() {
        let mut lines: Vec<(u64, String)> = (0..20).map(|i| (i, format!("[w{i}] done"))).collect();
        lines.reverse();
        lines[7].1 = "[w12] failed".into();
        let printed: Vec<(u64, &str)> = lines.iter().map(|(t, s)| (*t, s.as_str())).collect();
        let r = record(&printed, 30, 0);
        let block: String = (0..20).map(|i| format!("[w{i}] done\n")).collect();
        let d = Directive::parse("x order=any").expect("directive");
        let p = parse_expected(&block).expect("expected");
        let failures = check(&d, Some(&p), &r);
        assert_eq!(failures.len(), 1, "{failures:?}");
        insta::assert_snapshot!(failures[0].message);
        let with_gap = parse_expected("[w0] done\n[w12] done\n...\n").expect("expected");
        let failures = check(&d, Some(&with_gap), &r);
        assert!(!failures[0].message.contains("printed, not expected"));
        let wildcard = parse_expected("[w[..]] done\n[w12] failed\n...\n").expect("expected");
        assert!(check(&d, Some(&wildcard), &r).is_empty());
    }

    #[test]
    fn diff_is_readable() {
        let p = parse_expected("one\ntwo\n").expect("parse");
        let r = record(&[(0, "one"), (1, "three")], 2, 0);
        let d = diff(&p, &r.run.expect("run").lines);
        assert!(d.contains("-two") && d.contains("+three"), "{d}");
    }
}
