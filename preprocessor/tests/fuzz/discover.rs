//! Finding directives in whole chapters: generated markdown mixing directives
//! (valid, near-valid, unclosed), `expected` blocks, code fences, inline
//! code, HTML and multibyte text.

use crate::harness::{Target, fuzz, text_seed};
use mdbook_examples::Directive;
use mdbook_examples::find;
use proptest::prelude::*;

/// One piece of a chapter.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{{#example hello}}".to_string()),
        Just("{{#example hello output=reveal total=\"~3s\"}}".to_string()),
        Just("{{#example\n  multi\n  order=any\n}}".to_string()),
        Just("{{#example".to_string()),
        Just("{{#examples x}}".to_string()),
        Just("{{#example {{#example a}}".to_string()),
        Just("{{#example a b=\"}}\"}}".to_string()),
        Just("}}".to_string()),
        Just("{{".to_string()),
        Just("```expected\nline\n...\nlate @ ~1s\n```".to_string()),
        Just("```expected".to_string()),
        Just("~~~expected,x\nA\n~~~".to_string()),
        Just("```rust\n{{#example in_code}}\n```".to_string()),
        Just("```".to_string()),
        Just("    {{#example indented}}".to_string()),
        Just("`{{#example inline}}`".to_string()),
        Just("`".to_string()),
        Just("<!-- {{#example commented}} -->".to_string()),
        Just("<!--".to_string()),
        Just("<div>\n{{#example in_html}}\n</div>".to_string()),
        Just("> {{#example quoted}}".to_string()),
        Just("- {{#example listed}}".to_string()),
        Just("| a | {{#example cell}} |\n|---|---|".to_string()),
        Just("[^1]: {{#example note}}".to_string()),
        Just("é😀\u{202E}עברית\r".to_string()),
        Just(String::new()),
        "[a-z{}#`~<>!\\- =\"\n]{0,12}",
        "\\PC{0,8}",
    ]
}

/// A chapter: pieces joined by blank lines, newlines or nothing; or one
/// piece repeated up to thousands of times (a long chapter).
fn chapter() -> impl Strategy<Value = String> {
    let sep = || prop_oneof![Just("\n\n"), Just("\n"), Just(""), Just(" ")];
    prop_oneof![
        15 => prop::collection::vec((piece(), sep()), 0..24)
            .prop_map(|ps| ps.into_iter().map(|(p, s)| format!("{p}{s}")).collect()),
        1 => (piece(), sep(), 1usize..20_000).prop_map(|(p, s, n)| format!("{p}{s}").repeat(n)),
    ]
}

#[test]
fn discover() {
    fuzz(Target {
        name: "discover",
        quick_cases: 120,
        strategy: chapter(),
        seed: text_seed,
        test: |content: &String| {
            let (found, errors) = find(content);
            let lines = content.split('\n').count();
            let mut last_end = 0;
            // Lines counted as the directives go (`line_of` on each would make
            // this check quadratic).
            let mut line = 1;
            for f in &found {
                let r = f.range.clone();
                prop_assert!(last_end <= r.start && r.start < r.end && r.end <= content.len());
                prop_assert!(content.is_char_boundary(r.start) && content.is_char_boundary(r.end));
                prop_assert!(content[r.clone()].starts_with("{{#example"));
                line += content[last_end..r.start].matches('\n').count();
                prop_assert_eq!(f.line, line);
                let inner = &content[r.start + "{{#example".len()..];
                let close = inner.find("}}").map(|c| &inner[..c]);
                let reparsed = close.map(Directive::parse);
                prop_assert!(
                    matches!(&reparsed, Some(Ok(d)) if d.name == f.directive.name),
                    "{reparsed:?}"
                );
                if let Some(e) = &f.expected {
                    prop_assert!(e.first_line > f.line && e.first_line <= lines + 1);
                }
                line += content[r.clone()].matches('\n').count();
                last_end = r.end;
            }
            for e in &errors {
                prop_assert!(e.line >= 1 && e.line <= lines, "{e:?}");
            }
            Ok(())
        },
    });
}
