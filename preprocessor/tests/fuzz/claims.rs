//! The `expected` block: its parser on arbitrary text, and the matcher
//! (`claims::check`) on generated blocks against random records: lines of
//! both streams with random times, exits and compiler diagnostics.

use crate::harness::{Target, fuzz, replay, text_seed, within_limit};
use mdbook_examples::Directive;
use mdbook_examples::testing::Diagnostic;
use mdbook_examples::testing::Record;
use mdbook_examples::testing::{Exit, Line, RunOutcome, Stream};
use mdbook_examples::testing::{Pattern, check, parse_expected};
use proptest::prelude::*;
use serde::Deserialize;

/// Text lines from a small alphabet, so that patterns match in many ways.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(["a", "b", "a b", "", "  ", "[x] a", "ab"].as_slice())
            .prop_map(str::to_string),
        "[ab \\[\\].x]{0,8}",
        "\\PC{0,6}",
    ]
}

/// One line of an `expected` block.
fn expected_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => text(),
        2 => Just("...".to_string()),
        2 => prop::sample::select(["[..]", "a[..]", "[..]b", "[..]a[..]", "a[..]b[..]"].as_slice())
            .prop_map(str::to_string),
        1 => (text(), prop::sample::select(["~1s", "<2s", ">0s", "0s..1s", "1s±1s", "~", "9"].as_slice()))
            .prop_map(|(t, s)| format!("{t} @ {s}")),
    ]
}

fn block() -> impl Strategy<Value = String> {
    prop::collection::vec(expected_line(), 0..14).prop_map(|ls| ls.join("\n"))
}

/// What the matcher is given: the block, the directive's options, the run.
#[derive(Debug, Deserialize)]
struct Case {
    expected: String,
    options: String,
    /// `(stderr, at_us, text)` per line.
    lines: Vec<(bool, u64, String)>,
    exit: i32,
    total_us: u64,
    /// `(level, code)` per diagnostic.
    diagnostics: Vec<(String, Option<String>)>,
    ran: bool,
}

fn case() -> impl Strategy<Value = Case> {
    let line = (any::<bool>(), 0u64..3_000_000, text());
    let options = prop::sample::select(
        [
            "",
            "order=any",
            "exit=1",
            "panic",
            "total=\"~1s\"",
            "compile=warn code=E1",
            "compile=fail",
        ]
        .as_slice(),
    );
    let level = prop::sample::select(["error", "warning", "note", "internal"].as_slice());
    let diagnostic =
        (level, proptest::option::of(Just("E1".to_string()))).prop_map(|(l, c)| (l.to_string(), c));
    (
        block(),
        options,
        prop::collection::vec(line, 0..40),
        prop_oneof![Just(0), Just(1), Just(101), any::<i32>()],
        0u64..5_000_000,
        prop::collection::vec(diagnostic, 0..3),
        prop::bool::weighted(0.9),
    )
        .prop_map(
            |(expected, options, mut lines, exit, total_us, diagnostics, ran)| {
                lines.sort_by_key(|l| l.1);
                Case {
                    expected,
                    options: options.to_string(),
                    lines,
                    exit,
                    total_us,
                    diagnostics,
                    ran,
                }
            },
        )
}

fn case_seed(seed: &serde_json::Value) -> Option<Case> {
    serde_json::from_value(seed.clone()).ok()
}

/// The record a case describes.
fn record(c: &Case) -> Record {
    let lines = c
        .lines
        .iter()
        .map(|(stderr, at_us, text)| Line {
            at_us: *at_us,
            stream: if *stderr {
                Stream::Stderr
            } else {
                Stream::Stdout
            },
            text: text.clone(),
        })
        .collect();
    let diagnostics = c
        .diagnostics
        .iter()
        .map(|(level, code)| Diagnostic {
            level: level.as_str().into(),
            code: code.clone(),
            rendered: format!("{level}: something"),
            ansi: None,
        })
        .collect();
    let run = c.ran.then_some(RunOutcome {
        lines,
        exit: Exit::Code(c.exit),
        total_us: c.total_us,
        cut_bytes: 0,
        trace: None,
        cpu_us: None,
        startup_us: None,
        waited_us: None,
    });
    Record::new(diagnostics, run)
}

#[test]
fn parse_expected_on_any_text() {
    fuzz(Target {
        name: "parse_expected",
        quick_cases: 400,
        strategy: prop_oneof![block(), "\\PC{0,60}", "[ab.@~<>0-9s\n\t ]{0,60}"],
        seed: text_seed,
        test: |text: &String| {
            if let Ok(patterns) = parse_expected(text) {
                prop_assert_eq!(patterns.len(), text.lines().count());
            }
            Ok(())
        },
    });
}

#[test]
fn check_against_random_records() {
    // Inputs that took over a second before matching was bounded (8 gaps
    // against 30 lines backtracked): `seeds/check_slow.txt`.
    replay("check_slow", case_seed, |c| {
        within_limit(c, check_case).map(|_| ())
    });
    fuzz(Target {
        name: "check",
        quick_cases: 100,
        strategy: case(),
        seed: case_seed,
        test: check_case,
    });
}

/// The matcher on one case: no panic, and the run's own lines, as an exact
/// block, always match.
fn check_case(c: &Case) -> Result<(), TestCaseError> {
    let d = Directive::parse(&format!("x {}", c.options)).expect("valid options");
    let record = record(c);
    if let Ok(patterns) = parse_expected(&c.expected) {
        check(&d, Some(&patterns), &record);
    }
    if let Some(run) = &record.run {
        let own: Vec<Pattern> = run
            .lines
            .iter()
            .map(|l| Pattern::Line {
                text: l.text.trim_end().to_string(),
                at: None,
            })
            .collect();
        let failures = check(&d, Some(&own), &record);
        prop_assert!(
            failures
                .iter()
                .all(|f| f.cause != mdbook_examples::testing::Claim::Output),
            "{failures:?}"
        );
    }
    Ok(())
}
