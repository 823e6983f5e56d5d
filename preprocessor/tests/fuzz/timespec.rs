//! Durations and time specs (`~3s`, `3s±0.5s`, `<3.5s`, `2.5s..3.5s`, …).

use crate::harness::{Target, fuzz, text_seed};
use mdbook_examples::testing::{TimeSpec, parse_duration};
use proptest::prelude::*;

/// Near-valid specs: a prefix, numbers, units and separators, with noise.
fn spec() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        "[0-9]{0,4}",
        "[0-9]{0,3}\\.[0-9]{0,3}",
        "[0-9.]{0,30}",
        Just("1e9".to_string()),
        Just("99999999999999999999999".to_string()),
    ];
    let unit = prop_oneof![
        Just("s"),
        Just("ms"),
        Just("us"),
        Just("µs"),
        Just("m"),
        Just("min"),
        Just(""),
        Just("h"),
        Just(" s"),
    ];
    let duration = (number, unit).prop_map(|(n, u)| format!("{n}{u}"));
    let prefix = prop_oneof![
        Just(""),
        Just("~"),
        Just("≈"),
        Just("<"),
        Just(">"),
        Just(" "),
        Just("~~")
    ];
    let joint = prop_oneof![Just(""), Just(".."), Just("±"), Just("..."), Just("±±")];
    prop_oneof![
        4 => (prefix, duration.clone(), joint, duration)
            .prop_map(|(p, a, j, b)| format!("{p}{a}{j}{b}")),
        1 => ".{0,20}",
    ]
}

#[test]
fn timespec() {
    fuzz(Target {
        name: "timespec",
        quick_cases: 400,
        strategy: spec(),
        seed: text_seed,
        test: |text: &String| {
            if let Ok(d) = parse_duration(text) {
                prop_assert!(d.as_secs_f64().is_finite());
            }
            if let Ok(t) = TimeSpec::parse(text) {
                prop_assert!(t.min >= 0.0 && t.min <= t.max, "{t:?}");
                prop_assert!(t.contains(t.min), "{t:?}");
                prop_assert_eq!(t.written.as_str(), text.trim());
                let again = TimeSpec::parse(&t.written);
                prop_assert_eq!(again.as_ref(), Ok(&t));
            }
            Ok(())
        },
    });
}
