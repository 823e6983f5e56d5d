//! The `[preprocessor.examples]` table, read through mdBook's own book.toml
//! parser: generated tables of known and unknown keys, right and wrong types.

use crate::harness::{Target, fuzz, text_seed};
use mdbook_examples::testing::{Config, parse_duration};
use mdbook_preprocessor::PreprocessorContext;
use proptest::prelude::*;

/// One `key = value` line of the table, or a sub-table header.
fn entry() -> impl Strategy<Value = String> {
    let key = prop::sample::select(
        [
            "package",
            "timeout",
            "on-failure",
            "jobs",
            "mistakes-feature",
            "cache-dir",
            "command",
            "optional",
            "after",
            "before",
            "renderers",
            "timeuot",
        ]
        .as_slice(),
    );
    let value = prop_oneof![
        Just("'30s'".to_string()),
        Just("'continue'".to_string()),
        Just("'bail'".to_string()),
        Just("['links']".to_string()),
        Just("true".to_string()),
        Just("-1".to_string()),
        Just("18446744073709551616".to_string()),
        "[0-9]{1,20}",
        "'[0-9.]{0,6}(ms|s|m|µs|x)?'",
        "'\\PC{0,8}'",
    ];
    prop_oneof![
        4 => (key, value.clone()).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => ("[a-z_]{1,6}", prop::sample::select(["timeout", "exclusive", "slow"].as_slice()), value)
            .prop_map(|(name, k, v)| format!("[preprocessor.examples.examples.{name}]\n{k} = {v}")),
        1 => "\\PC{0,10}",
    ]
}

fn book_toml() -> impl Strategy<Value = String> {
    (any::<bool>(), prop::collection::vec(entry(), 0..6)).prop_map(|(defaults, entries)| {
        format!(
            "[build]\nuse-default-preprocessors = {defaults}\n[preprocessor.examples]\n{}\n",
            entries.join("\n")
        )
    })
}

#[test]
fn config() {
    fuzz(Target {
        name: "config",
        quick_cases: 200,
        strategy: book_toml(),
        seed: text_seed,
        test: |text: &String| {
            let Ok(book) = text.parse() else {
                return Ok(());
            };
            let ctx = PreprocessorContext::new(".".into(), book, "html".into());
            if let Ok(config) = Config::load(&ctx) {
                for (name, example) in &config.examples {
                    let written = (example.timeout.as_deref())
                        .map(|t| parse_duration(t).expect("load read it"));
                    prop_assert_eq!(config.timeout_of(name), written.unwrap_or(config.timeout));
                    config.example_exclusive(name);
                }
            }
            Ok(())
        },
    });
}
