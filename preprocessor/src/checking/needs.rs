//! What the timing claims of a reference need from the machine (`cores=N`),
//! and whether the run they are checked against had it.
//!
//! A claim that two spawned loops finish in half the time cannot hold on one
//! core: that is a fact about the machine, not a mistake in the chapter. When
//! the run of an example had fewer cores than a reference to it needs, that
//! reference's timing claims (`total=` and every `@ TIMESPEC`) are left out;
//! every other claim (output lines, exit, compiler) is still checked, and the
//! page and the report say what was left out. The cores that count are those
//! of the run (recorded in its [`Record`]), since that is what was measured.

use crate::checking::claims::{self, Failure, Fault, Pattern};
use crate::checking::source::Source;
use crate::finding::directive::Directive;
use crate::finding::discover::Found;
use crate::running::record::Record;
use serde::Serialize;
use std::collections::BTreeMap;

/// Timing claims of one reference that were not checked: the reference
/// needs more cores than its run had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Unchecked {
    /// The `cores=` of the reference.
    pub needed_cores: usize,
    /// The cores the run had.
    pub offered_cores: usize,
}

impl Unchecked {
    /// The note shown next to the output (plain text: only numbers vary).
    pub fn note(&self) -> String {
        format!(
            "Timing not checked in this build: the timing claims of this example and the order of its lines need at least {} cores, and the run shown here had {}.",
            self.needed_cores, self.offered_cores
        )
    }
}

/// Whether the timing claims of a reference are left out: it makes some
/// (`has_timing`) and needs more cores than the run had.
pub fn unchecked(needed: Option<usize>, offered: usize, has_timing: bool) -> Option<Unchecked> {
    let needed = needed.filter(|&n| has_timing && n > offered)?;
    Some(Unchecked {
        needed_cores: needed,
        offered_cores: offered,
    })
}

/// Check the claims of `d` and its expected block against `record`, leaving
/// out the timing claims when the run had fewer cores than `d` needs (and
/// saying so).
pub fn check(
    d: &Directive,
    expected: Option<&[Pattern]>,
    record: &Record,
) -> (Vec<Failure>, Option<Unchecked>) {
    // A headline's values are times, orders and counts of the run.
    let has_timing = d.total.is_some()
        || d.figure.headline.is_some()
        || expected.is_some_and(|p| p.iter().any(is_timed));
    match unchecked(d.cores, record.cores, has_timing) {
        None => (claims::check(d, expected, record), None),
        Some(left_out) => {
            let (d, expected) = without_timing(d, expected);
            (
                claims::check(&d, expected.as_deref(), record),
                Some(left_out),
            )
        }
    }
}

/// The claims of one reference, checked against its example's record.
#[derive(Debug, Default)]
pub struct Verdict {
    pub failures: Vec<Failure>,
    /// Timing claims left out for want of cores.
    pub unchecked: Option<Unchecked>,
    /// The `expected` block is malformed: nothing was checked, and the
    /// reference renders as nothing but its failure.
    pub malformed: bool,
    /// The figure's headline, its values read from the run and checked
    /// with the figure's marks (their failures are in `failures`).
    pub headline: Option<String>,
    /// The example's source, read once, with what the reference shows of
    /// it (the failure of what it cannot show is in `failures`); `None`
    /// when it cannot be read, or the `expected` block is malformed.
    pub source: Option<Source>,
}

/// Check every claim of the reference `found` in chapter `file` against `record`.
pub fn check_reference(file: &str, found: &Found, record: &Record) -> Verdict {
    let parsed = found
        .expected
        .as_ref()
        .map(|e| claims::parse_expected(&e.text).map_err(|(i, m)| (e.first_line + i, m)))
        .transpose();
    match parsed {
        Ok(patterns) => {
            let (failures, unchecked) = check(&found.directive, patterns.as_deref(), record);
            Verdict {
                failures,
                unchecked,
                malformed: false,
                headline: None,
                source: None,
            }
        }
        Err((line, message)) => Verdict {
            failures: vec![Failure::new(
                Fault::Expected,
                format!("{file}:{line}: {message}"),
            )],
            unchecked: None,
            malformed: true,
            headline: None,
            source: None,
        },
    }
}

fn is_timed(p: &Pattern) -> bool {
    matches!(p, Pattern::Line { at: Some(_), .. })
}

/// The claims of `d` and `expected` without `total=`, the `@` times and
/// the order of the lines.
fn without_timing(
    d: &Directive,
    expected: Option<&[Pattern]>,
) -> (Directive, Option<Vec<Pattern>>) {
    // Which of two concurrent lines comes first is a timing fact too: on
    // fewer cores, tasks meant to run side by side take turns.
    let d = Directive {
        total: None,
        any_order: true,
        ..d.clone()
    };
    let expected = expected.map(|patterns| {
        patterns
            .iter()
            .map(|p| match p {
                Pattern::Gap => Pattern::Gap,
                Pattern::Line { text, .. } => Pattern::Line {
                    text: text.clone(),
                    at: None,
                },
            })
            .collect()
    });
    (d, expected)
}

/// Whether a cached result of an example should be run again rather than
/// served: it ran on fewer cores than a reference needs, and this machine
/// now offers more (so its timing claims can be checked after all).
pub fn worth_rerunning(needed: Option<usize>, ran_on: usize, available: usize) -> bool {
    needed.is_some_and(|n| ran_on < n && ran_on < available)
}

/// The most cores any reference to each example needs.
pub fn by_example<'a>(
    directives: impl IntoIterator<Item = &'a Directive>,
) -> BTreeMap<String, usize> {
    let mut needs = BTreeMap::new();
    for d in directives {
        if let Some(n) = d.cores {
            let most = needs.entry(d.name.clone()).or_insert(n);
            *most = (*most).max(n);
        }
    }
    needs
}

/// The part of the build's summary line about the references (one item
/// each) whose timing was not checked: empty when there are none.
pub fn summary(references: impl IntoIterator<Item = Option<Unchecked>>) -> String {
    let unchecked = references.into_iter().flatten().count();
    if unchecked == 0 {
        String::new()
    } else {
        format!(", {unchecked} with timing unchecked (need more cores)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::running::process::{Exit, Line, RunOutcome, Stream};

    /// A run that printed `a` at 0 s and `b` at 1 s and took 2 s, on `cores` cores.
    fn record(cores: usize) -> Record {
        let line = |text: &str, s: u64| Line {
            at_us: s * 1_000_000,
            stream: Stream::Stdout,
            text: text.into(),
        };
        Record {
            cores,
            ..Record::new(
                Vec::new(),
                Some(RunOutcome {
                    lines: vec![line("a", 0), line("b", 1)],
                    exit: Exit::Code(0),
                    total_us: 2_000_000,
                    cut_bytes: 0,
                    trace: None,
                    cpu_us: None,
                    startup_us: None,
                    waited_us: None,
                }),
            )
        }
    }

    fn claims_of(failures: &[Failure]) -> Vec<&str> {
        failures.iter().map(|f| f.cause.as_str()).collect()
    }

    #[test]
    fn timing_is_left_out_only_with_timing_claims_and_too_few_cores() {
        let left_out = Some(Unchecked {
            needed_cores: 2,
            offered_cores: 1,
        });
        assert_eq!(unchecked(Some(2), 1, true), left_out);
        assert_eq!(unchecked(Some(2), 2, true), None);
        assert_eq!(unchecked(Some(2), 8, true), None);
        assert_eq!(unchecked(None, 1, true), None);
        assert_eq!(unchecked(Some(2), 1, false), None);
    }

    #[test]
    fn on_too_few_cores_only_the_timing_claims_are_left_out() {
        let d = Directive::parse("x total=\"~1s\" cores=2 exit=3").expect("parses");
        let expected = claims::parse_expected("a\nb @ ~5s\n").expect("parses");
        let (failures, left_out) = check(&d, Some(&expected), &record(2));
        assert_eq!(left_out, None);
        assert_eq!(claims_of(&failures), ["exit", "total", "at"]);

        let (failures, left_out) = check(&d, Some(&expected), &record(1));
        assert_eq!(left_out.map(|u| u.offered_cores), Some(1));
        assert_eq!(claims_of(&failures), ["exit"], "the exit is still checked");

        let wrong = claims::parse_expected("a\nc @ ~1s\n").expect("parses");
        let (failures, _) = check(&d, Some(&wrong), &record(1));
        assert_eq!(claims_of(&failures), ["exit", "output"], "so is the output");
    }

    #[test]
    fn on_too_few_cores_the_order_of_the_lines_is_left_out_too() {
        let d = Directive::parse("x cores=2").expect("parses");
        let swapped = claims::parse_expected("b\na @ ~0s\n").expect("parses");
        let (failures, _) = check(&d, Some(&swapped), &record(2));
        assert!(
            claims_of(&failures).contains(&"output"),
            "two cores: in order"
        );
        let (failures, left_out) = check(&d, Some(&swapped), &record(1));
        assert!(failures.is_empty() && left_out.is_some(), "{failures:?}");
        let missing = claims::parse_expected("b\nc\n").expect("parses");
        let (failures, _) = check(&d, Some(&missing), &record(1));
        assert_eq!(claims_of(&failures), ["output"], "every line must be there");
    }

    #[test]
    fn without_cores_every_claim_is_checked_on_one_core() {
        let d = Directive::parse("x total=\"~1s\"").expect("parses");
        let (failures, left_out) = check(&d, None, &record(1));
        assert_eq!((claims_of(&failures), left_out), (vec!["total"], None));
    }

    #[test]
    fn a_result_from_fewer_cores_is_rerun_when_more_are_offered() {
        assert!(worth_rerunning(Some(2), 1, 2));
        assert!(worth_rerunning(Some(4), 1, 2), "2 cores check more than 1");
        assert!(!worth_rerunning(Some(2), 1, 1), "no more cores now");
        assert!(!worth_rerunning(Some(2), 2, 8), "it had enough");
        assert!(!worth_rerunning(None, 1, 8), "no need stated");
    }

    #[test]
    fn the_most_any_reference_needs_counts() {
        let ds: Vec<Directive> = ["a cores=2", "a cores=3", "a", "b", "c cores=1"]
            .iter()
            .map(|t| Directive::parse(t).expect("parses"))
            .collect();
        let needs = by_example(&ds);
        assert_eq!(
            needs.into_iter().collect::<Vec<_>>(),
            [("a".to_string(), 3), ("c".to_string(), 1)]
        );
    }

    #[test]
    fn the_summary_mentions_unchecked_timing_only_when_there_is_some() {
        let left_out = unchecked(Some(2), 1, true);
        assert_eq!(summary([None, None]), "");
        assert_eq!(
            summary([left_out, None, left_out]),
            ", 2 with timing unchecked (need more cores)"
        );
    }

    #[test]
    fn the_note_describes_the_run_not_the_machine() {
        let note = unchecked(Some(2), 1, true).expect("left out").note();
        assert_eq!(
            note,
            "Timing not checked in this build: the timing claims of this example and the order of its lines need at least 2 cores, and the run shown here had 1."
        );
    }
}
