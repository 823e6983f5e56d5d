//! Variants: `diff=OTHER` shows a source as its difference from another
//! example, `solution` folds a reference until the reader opens it.

use crate::harness::Fixture;

const SLOW: &str = "use std::time::Duration;\n\nfn main() {\n    println!(\"start\");\n    let a = 1;\n    let b = 2;\n    let c = 3;\n    std::thread::sleep(Duration::from_millis(30));\n    let d = 4;\n    let e = 5;\n    let f = 6;\n    println!(\"done {}\", a + b + c + d + e + f);\n}\n";

fn fixture(chapter: &str) -> Fixture {
    let mut f = Fixture::new();
    f.example("slow", SLOW)
        .example(
            "fast",
            &SLOW.replace("from_millis(30));", "from_millis(1)); // <fast> & {{#x}}"),
        )
        .chapter("ch.md", chapter);
    f
}

#[test]
fn a_variant_shows_its_difference_and_keeps_its_run_and_claims() {
    let f = fixture(
        "# V\n\n{{#example slow}}\n\n{{#example fast diff=slow}}\n\n```expected\nstart\ndone 21\n```\n\n## Redo from memory\n\n### Solution\n\n{{#example fast solution output=reveal}}\n\n```expected\nstart\ndone 21\n```\n",
    );
    let built = f.build();
    assert!(built.ok, "{}", built.problems());
    let page = built.page("ch.md");
    let diff = page
        .split("<div class=\"mdbx-diff\"")
        .nth(1)
        .and_then(|s| s.split("<figure").next())
        .expect("a diff block");
    assert!(diff.contains("Changes from <code>slow</code> highlighted"));
    assert!(diff.contains("    <del><code class=\"language-rust noplayground\">std::thread::sleep(Duration::from_millis(30));</code></del>"));
    assert!(
        diff.contains("from_millis(1)); // &lt;fast&gt; &amp; {{#x}}</code></ins>"),
        "{diff}"
    );
    assert!(
        diff.contains("<summary>5 unchanged lines</summary>"),
        "{diff}"
    );
    let solution = page
        .split("<details class=\"mdbx-solution\">")
        .nth(1)
        .expect("a folded solution");
    assert!(solution.starts_with("\n<summary>Show a solution (try first)</summary>"));
    let inside = solution
        .split("</details>\n</details>")
        .next()
        .unwrap_or("");
    assert!(
        inside.contains("<pre><code class=\"language-rust")
            && inside.contains("data-example=\"fast\""),
        "the code and the output sit inside the solution: {solution}"
    );
    insta::assert_snapshot!("variant_diff", diff);
}

#[test]
fn an_unknown_base_is_a_located_error_with_a_suggestion() {
    let f = fixture("# V\n\n{{#example slow}}\n\n{{#example fast diff=slwo}}\n");
    let built = f.build();
    assert!(!built.ok);
    let problems = built.problems();
    assert!(
        problems.contains("src/ch.md:5 fast [diff] `diff=slwo`: no example named `slwo`")
            && problems.contains("(did you mean `slow`?)"),
        "{problems}"
    );
}
