//! The directive parser: arbitrary and near-valid text between
//! `{{#example` and `}}`, every option of its table, written back by its
//! `Display` (made from the same table) and read again.

use crate::harness::{Target, fuzz, text_seed};
use mdbook_examples::Directive;
use mdbook_examples::testing::OPTIONS;
use proptest::prelude::*;

/// A value as written: plain, quoted (with escapes), or odd.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("show".to_string()),
        Just("hide".to_string()),
        Just("reveal".to_string()),
        Just("any".to_string()),
        Just("exact".to_string()),
        Just("warn".to_string()),
        Just("fail".to_string()),
        Just("ok".to_string()),
        Just("auto".to_string()),
        Just("\"~3s\"".to_string()),
        Just("\"^(\\\\w+):\"".to_string()),
        Just("101".to_string()),
        "-?[0-9]{1,12}",
        "[0-9]{1,3}(ms|s|m)",
        "\"[a-z ~<>.0-9sm\\\\\"=]{0,12}\"",
        "\"[(){}\\[\\]*+?|^$\\\\a-z0-9]{0,10}\"",
        "[^ \t\n\"]{0,8}",
        Just("\"abort() @ [main] abort; deadline @ +1s\"".to_string()),
        Just("\"ready @ +0.1s .. tick 1\"".to_string()),
        Just("\"waited {gap('tick 0', 'tick 1') >0.8s}, {order = a b}\"".to_string()),
        Just("\"OS threads = in the process: ([0-9]+); rss = rss=([0-9.]+)\"".to_string()),
        Just("order".to_string()),
        "\"[a-z ]{0,6}( @ )?[+a-z0-9 .;]{0,10}\"",
        "\"[a-z ]{0,4}[{][A-C.]{0,2}(total|at|gap|ratio|order|count)[(' ,)a-z]{0,8}[ ~<>=0-9.s]{0,5}[}]?\"",
    ]
}

/// One word: a known option with a value, a flag, or noise.
fn word() -> impl Strategy<Value = String> {
    let keys: Vec<&str> = OPTIONS.iter().copied().chain(["totl", ""]).collect();
    let key = prop::sample::select(keys);
    prop_oneof![
        4 => (key.clone(), value()).prop_map(|(k, v)| format!("{k}={v}")),
        1 => key.prop_map(str::to_string),
        1 => "[^{}]{0,6}",
        1 => Just("\"unterminated".to_string()),
        1 => Just("end\\".to_string()),
    ]
}

/// The text between `{{#example` and `}}`.
fn inner() -> impl Strategy<Value = String> {
    let sep = prop_oneof![
        Just(" "),
        Just("\n"),
        Just("\t"),
        Just("  "),
        Just("\u{3000}")
    ];
    let name = prop_oneof!["[a-z_-]{1,10}", "[a-zé0-9=\"]{0,6}"];
    prop_oneof![
        6 => (name, prop::collection::vec((sep, word()), 0..6)).prop_map(|(n, ws)| {
            let words: String = ws.into_iter().map(|(s, w)| format!("{s}{w}")).collect();
            format!(" {n}{words}")
        }),
        1 => ".{0,40}",
    ]
}

/// Whether two directives say the same (timeouts to the microsecond: they
/// are printed in seconds).
fn same(a: &Directive, b: &Directive) -> bool {
    let micros = |d: &Directive| d.timeout.map(|t| t.as_secs_f64() * 1e6);
    let close = match (micros(a), micros(b)) {
        (Some(x), Some(y)) => (x - y).abs() <= 1.0 + x * 1e-12,
        (x, y) => x.is_none() && y.is_none(),
    };
    let rest = |d: &Directive| {
        let mut d = d.clone();
        d.timeout = None;
        format!("{d:?}")
    };
    close && rest(a) == rest(b)
}

#[test]
fn directive() {
    fuzz(Target {
        name: "directive",
        quick_cases: 400,
        strategy: inner(),
        seed: text_seed,
        test: |text: &String| {
            let Ok(d) = Directive::parse(text) else {
                return Ok(());
            };
            let printed = d.to_string();
            match Directive::parse(&printed) {
                Ok(again) => prop_assert!(same(&d, &again), "{d:?}\n{printed}\n{again:?}"),
                Err(e) => prop_assert!(false, "`{printed}` does not re-parse: {e}"),
            }
            Ok(())
        },
    });
}
