//! Claims attached to example references: checked at every build.

use crate::harness::{Fixture, normalise, timing_note};

const CONCURRENT: &str = "use std::thread::{sleep, spawn};\nuse std::time::Duration;\nfn main() {\n    let a = spawn(|| { println!(\"a start\"); sleep(Duration::from_millis(300)); println!(\"a done\"); });\n    sleep(Duration::from_millis(20));\n    let b = spawn(|| { println!(\"b start\"); sleep(Duration::from_millis(200)); println!(\"b done\"); });\n    a.join().unwrap();\n    b.join().unwrap();\n}\n";

const SEQUENTIAL: &str = "use std::thread::sleep;\nuse std::time::Duration;\nfn main() {\n    println!(\"a start\"); sleep(Duration::from_millis(300)); println!(\"a done\");\n    println!(\"b start\"); sleep(Duration::from_millis(200)); println!(\"b done\");\n}\n";

const CLAIM: &str = "# C\n\n{{#example work total=\"<420ms\" order=any}}\n\n```expected\na start\nb start\nb done @ <300ms\na done\n```\n";

#[test]
fn a_timing_claim_catches_a_sequential_program_posing_as_concurrent() {
    let mut f = Fixture::new();
    f.example("work", CONCURRENT).chapter("ch.md", CLAIM);
    let good = f.build();
    assert!(good.ok, "{:#?}", good.report());
    assert!(good.page("ch.md").contains("order may vary"));

    f.example("work", SEQUENTIAL);
    let bad = f.build();
    assert!(!bad.ok);
    let report = bad.report();
    let claims: Vec<&str> = report["references"][0]["failures"]
        .as_array()
        .expect("failures")
        .iter()
        .map(|x| x["claim"].as_str().expect("claim"))
        .collect();
    assert_eq!(claims, ["total", "at"], "{report:#?}");
}

#[test]
fn expected_output_mismatch_is_reported_as_a_diff_in_an_error_box() {
    let mut f = Fixture::new();
    f.config("on-failure = \"continue\"")
        .example("greet", "fn main() {\n    println!(\"hello\");\n    println!(\"id 41\");\n}\n")
        .chapter("ch.md", "# C\n\nText.\n\n{{#example greet source=hide}}\n\n```expected\nhello\nid [..]\nbye\n```\n");
    let built = f.build();
    assert!(built.ok);
    let page = built.page("ch.md");
    let start = page.find("<div class=\"mdbx-error\"").expect("error box");
    let end = page[start..].find("<figure").expect("output after the box") + start;
    insta::assert_snapshot!("error_box", normalise(&page[start..end]));
}

#[test]
fn intended_compile_failure_and_warning_are_shown_and_checked() {
    let mut f = Fixture::new();
    std::fs::create_dir_all(f.root().join("examples/src/mistakes")).expect("mkdir");
    std::fs::write(
        f.root().join("examples/src/mistakes/sync_await.rs"),
        "async fn work() {}\nfn main() {\n    work().await;\n}\n",
    )
    .expect("write");
    std::fs::write(
        f.root().join("examples/src/mistakes/unused.rs"),
        "fn main() {\n    let unused = 1;\n    println!(\"ran\");\n}\n",
    )
    .expect("write");
    let manifest = f.root().join("examples/Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).expect("manifest");
    for name in ["sync_await", "unused"] {
        text.push_str(&format!(
            "\n[[bin]]\nname = \"{name}\"\npath = \"src/mistakes/{name}.rs\"\nrequired-features = [\"mistakes\"]\n"
        ));
    }
    std::fs::write(&manifest, text).expect("write manifest");
    f.example("fine", "fn main() { println!(\"fine\"); }\n").chapter(
        "ch.md",
        "# C\n\n{{#example sync_await compile=fail code=E0728}}\n\n{{#example unused compile=warn code=unused_variables}}\n\n```expected\nran\n```\n\n{{#example fine}}\n",
    );
    let built = f.build();
    assert!(built.ok, "{:#?}", built.report());
    let page = built.page("ch.md");
    assert!(page.contains("E0728"), "the real diagnostic is shown");
    assert!(page.contains("mdbx-diagnostics"));
    assert!(page.contains("unused_variables") || page.contains("unused variable"));
    assert!(
        page.contains("--&gt; </span>src/mistakes/sync_await.rs"),
        "paths are relative to the package"
    );
    let start = page
        .find("<pre class=\"mdbx-diagnostics\">")
        .expect("diagnostics");
    let end = page[start..].find("</pre>").expect("end of diagnostics") + start;
    insta::assert_snapshot!("compile_error", &page[start..end + "</pre>".len()]);

    // An example expected to fail that suddenly compiles is a failed claim.
    std::fs::write(
        f.root().join("examples/src/mistakes/sync_await.rs"),
        "fn main() {}\n",
    )
    .expect("write");
    let fixed = f.build();
    assert!(!fixed.ok);
    let report = fixed.report();
    let messages: String = report["problems"].to_string();
    assert!(
        messages.contains("expected a compile error, but the example compiled"),
        "{messages}"
    );
}

#[test]
fn bad_directives_are_errors_with_chapter_and_line() {
    let mut f = Fixture::new();
    f.example("greet", "fn main() {}\n").chapter(
        "ch.md",
        "# C\n\n{{#example greet outptu=show}}\n\n{{#example gret}}\n\nText.\n\n```expected\norphan\n```\n\n`{{#example ignored}}`\n",
    );
    let built = f.build();
    assert!(!built.ok);
    let problems = built.report()["problems"].to_string();
    assert!(
        problems.contains("src/ch.md:3") && problems.contains("did you mean `output`"),
        "{problems}"
    );
    assert!(
        problems.contains("src/ch.md:5") && problems.contains("did you mean `greet`"),
        "{problems}"
    );
    assert!(
        problems.contains("src/ch.md:9")
            && problems.contains("`expected` block must come right after"),
        "{problems}"
    );
    assert!(
        !problems.contains("ignored"),
        "directives in inline code are left alone"
    );
}

#[test]
fn timing_claims_that_need_more_cores_than_the_run_had_are_left_out_with_a_note() {
    // No machine offers 4096 cores: the timing claims (which no run could
    // meet) are never checked; the output claim still is.
    let mut f = Fixture::new();
    f.config("on-failure = \"continue\"")
        .example("work", CONCURRENT)
        .chapter(
            "ch.md",
            "# C\n\n{{#example work total=\"<1ms\" order=any cores=4096}}\n\n```expected\na start\nb start\nb done @ <1ms\na done\n```\n\n\
             {{#example work source=hide cores=4096}}\n\n```expected\nwrong @ <1ms\n```\n",
        );
    let built = f.build();
    assert!(built.ok, "{}", built.log);
    let offered = std::thread::available_parallelism().map_or(1, |n| n.get());
    let references = built.report()["references"].clone();
    for r in references.as_array().expect("references") {
        assert_eq!(
            r["timing_unchecked"],
            serde_json::json!({"needed_cores": 4096, "offered_cores": offered}),
            "{r:#}"
        );
    }
    let claims: Vec<Vec<&str>> = (0..2)
        .map(|i| {
            (references[i]["failures"]
                .as_array()
                .expect("failures")
                .iter())
            .map(|x| x["claim"].as_str().expect("claim"))
            .collect()
        })
        .collect();
    assert_eq!(claims, [vec![], vec!["output"]], "{references:#}");
    assert!(built.log.contains("1 failed claim(s), "), "{}", built.log);
    built.assert_timing_unchecked(1, 2);
    let page = built.page("ch.md");
    assert_eq!(page.matches(&timing_note(offered)).count(), 2, "{page}");
    assert_eq!(page.matches("class=\"mdbx-error\"").count(), 1, "{page}");
    assert!(page.contains("[output]") && !page.contains("[at]") && !page.contains("[total]"));
}
