//! The core loop: examples are compiled, run, embedded, cached.

use crate::harness::Fixture;

const HELLO: &str = "fn main() {\n    println!(\"hello\");\n    std::thread::sleep(std::time::Duration::from_millis(120));\n    eprintln!(\"to stderr\");\n    std::thread::sleep(std::time::Duration::from_millis(20));\n    println!(\"bye\");\n}\n";

#[test]
fn success_is_embedded_with_timestamps_and_footer() {
    let mut f = Fixture::new();
    f.example("hello", HELLO).chapter(
        "ch.md",
        "# Chapter\n\n{{#example hello total=\">100ms\"}}\n\n```expected\nhello\nto stderr @ >100ms\nbye\n```\n",
    );
    let built = f.build();
    assert!(built.ok, "build failed: {:#?}", built.report());
    let page = built.page("ch.md");
    insta::assert_snapshot!("success", page);
    let report = built.report();
    let total = report["references"][0]["total_seconds"]
        .as_f64()
        .expect("total");
    assert!((0.1..5.0).contains(&total), "total {total}");
}

#[test]
fn hostile_output_is_inert_text() {
    let mut f = Fixture::new();
    f.example(
        "hostile",
        r#"fn main() {
    println!("<script>alert(1)</script>");
    println!("</pre></figure><!-- {{{{#example hostile}}}} {{{{#include /etc/passwd}}}}");
    println!("**bold** [link](http://x) <img src=x onerror=alert(1)>");
    println!("\x1b[31mred\x1b[0m and a\rcarriage return");
}
"#,
    )
    // No timeline: whether one is drawn depends on how long the run took
    // (a busy machine stretches it), and its text is tested elsewhere.
    .chapter(
        "ch.md",
        "# Hostile\n\n{{#example hostile source=hide timeline=hide}}\n",
    );
    let built = f.build();
    assert!(built.ok, "{:#?}", built.report());
    let page = built.page("ch.md");
    assert!(!page.contains("<script>alert"), "raw script tag in page");
    assert!(!page.contains("<img"), "raw img tag in page");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        page.contains("{{#include /etc/passwd}}"),
        "directive-looking output must stay as text:\n{page}"
    );
    assert!(!page.contains("\u{1b}"), "ANSI escape leaked");
    assert!(page.contains("red and a") || page.contains("carriage return"));
    insta::assert_snapshot!("hostile", page);
}

#[test]
fn second_build_comes_from_cache_and_an_edit_reruns_only_that_example() {
    let mut f = Fixture::new();
    f.example("one", "fn main() { println!(\"one v1\"); }\n")
        .example("two", "fn main() { println!(\"two\"); }\n")
        .chapter("ch.md", "# C\n\n{{#example one}}\n\n{{#example two}}\n");
    assert!(f.build().ok);
    let second = f.build();
    assert_eq!(second.cached(), [true, true]);
    f.example("one", "fn main() { println!(\"one v2\"); }\n");
    let third = f.build();
    assert_eq!(third.cached(), [false, true]);
    assert!(third.page("ch.md").contains("one v2"));
}

#[test]
fn an_unchanged_book_is_replayed_and_any_change_runs_the_pipeline() {
    let mut f = Fixture::new();
    f.example("one", "fn main() { println!(\"one v1\"); }\n")
        .chapter("ch.md", "# C\n\n{{#example one}}\n");
    assert!(f.build().ok);
    // Files changed just before a run are not trusted to be remembered.
    std::thread::sleep(mdbook_examples::testing::RACY + std::time::Duration::from_millis(100));
    let remembered = f.build();
    assert!(!remembered.log.contains("replayed"), "{}", remembered.log);
    let replayed = f.build();
    assert!(
        replayed
            .log
            .contains("nothing changed since the last build"),
        "{}",
        replayed.log
    );
    assert_eq!(replayed.page("ch.md"), remembered.page("ch.md"));
    assert_eq!(replayed.cached(), [true]);

    f.chapter("ch.md", "# C\n\nNew words.\n\n{{#example one}}\n");
    let chapter_edited = f.build();
    assert!(!chapter_edited.log.contains("replayed"));
    assert!(chapter_edited.page("ch.md").contains("New words."));

    f.example("one", "fn main() { println!(\"one v2\"); }\n");
    let example_edited = f.build();
    assert!(!example_edited.log.contains("replayed"));
    assert_eq!(example_edited.cached(), [false]);
    assert!(example_edited.page("ch.md").contains("one v2"));
}

#[test]
fn a_changed_workspace_profile_or_cargo_config_runs_the_examples_again() {
    let mut f = Fixture::new();
    f.example("one", "fn main() { println!(\"one\"); }\n")
        .chapter("ch.md", "# C\n\n{{#example one}}\n");
    let workspace = f.root().join("Cargo.toml");
    std::fs::write(&workspace, "[workspace]\nmembers = [\"examples\"]\n").expect("write");
    assert!(f.build().ok);
    std::thread::sleep(mdbook_examples::testing::RACY + std::time::Duration::from_millis(100));
    assert_eq!(f.build().cached(), [true]);
    let replayed = f.build();
    assert!(replayed.log.contains("nothing changed"), "{}", replayed.log);

    // Both lie outside the examples package: the workspace's manifest,
    // whose profile decides how the examples are compiled, and a cargo
    // config (build flags).
    std::fs::create_dir_all(f.root().join(".cargo")).expect("mkdir");
    for (file, text) in [
        (
            "Cargo.toml",
            "[workspace]\nmembers = [\"examples\"]\n\n[profile.release]\nopt-level = 1\n",
        ),
        (".cargo/config.toml", "[build]\nincremental = false\n"),
    ] {
        std::fs::write(f.root().join(file), text).expect("write");
        let built = f.build();
        assert!(
            !built.log.contains("nothing changed"),
            "{file}: {}",
            built.log
        );
        assert_eq!(built.cached(), [false], "{file}");
        assert!(built.page("ch.md").contains("one"));
    }
}

#[test]
fn another_member_of_the_workspace_or_a_comment_runs_no_example_again() {
    let mut f = Fixture::new();
    f.example("one", "fn main() { println!(\"one\"); }\n")
        .chapter("ch.md", "# C\n\n{{#example one}}\n");
    let root = f.root().to_path_buf();
    let write = |file: &str, text: &str| {
        std::fs::create_dir_all(root.join(file).parent().expect("a folder")).expect("mkdir");
        std::fs::write(root.join(file), text).expect("write");
    };
    write("Cargo.toml", "[workspace]\nmembers = [\"examples\"]\n");
    assert!(f.build().ok);
    std::thread::sleep(mdbook_examples::testing::RACY + std::time::Duration::from_millis(100));

    // A second member with a workspace dependency of its own, and a comment:
    // the lockfile gains an entry the examples never reach, the manifest
    // changes where the examples' build does not look.
    write(
        "other/Cargo.toml",
        "[package]\nname = \"other\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nhelper.workspace = true\n",
    );
    write("other/src/lib.rs", "pub fn other() {}\n");
    write(
        "helper/Cargo.toml",
        "[package]\nname = \"helper\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write("helper/src/lib.rs", "pub fn help() {}\n");
    write(
        "Cargo.toml",
        "# The fixture's workspace.\n[workspace]\nmembers = [\"examples\", \"other\", \"helper\"]\n\n[workspace.dependencies]\nhelper = { path = \"helper\" }\n",
    );
    let locked = std::process::Command::new(env!("CARGO"))
        .args(["generate-lockfile", "--offline"])
        .current_dir(&root)
        .output()
        .expect("cargo generate-lockfile");
    assert!(
        locked.status.success(),
        "{}",
        String::from_utf8_lossy(&locked.stderr)
    );
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("a lockfile");
    assert!(lock.contains("name = \"other\""), "{lock}");
    let built = f.build();
    assert!(!built.log.contains("nothing changed"), "{}", built.log);
    assert_eq!(built.cached(), [true], "{}", built.log);

    // What the examples are built with still counts.
    write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"examples\", \"other\", \"helper\"]\n\n[workspace.dependencies]\nhelper = { path = \"helper\" }\n\n[profile.release]\nopt-level = 1\n",
    );
    assert_eq!(f.build().cached(), [false]);
}

#[test]
fn failures_are_collected_with_locations() {
    let mut f = Fixture::new();
    f.example("broken", "fn main() { let x: u32 = \"no\"; }\n")
        .example("panics", "fn main() { panic!(\"boom\"); }\n")
        .example("sleepy", "fn main() { std::thread::sleep(std::time::Duration::from_secs(30)); }\n")
        .chapter("ch.md", "# C\n\n{{#example broken}}\n\n{{#example panics}}\n\n{{#example sleepy timeout=300ms}}\n\n{{#example nope}}\n");
    let built = f.build();
    assert!(!built.ok, "the build must fail");
    let report = built.report();
    let problems: Vec<String> = report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            format!(
                "{} {} {}",
                p["location"].as_str().unwrap_or(""),
                p["example"].as_str().unwrap_or("-"),
                p["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    let all = problems.join("\n");
    assert!(
        all.contains("src/ch.md:3 broken [compile] the example does not compile"),
        "{all}"
    );
    assert!(all.contains("E0308"), "{all}");
    assert!(
        all.contains("src/ch.md:5 panics [exit] expected exit code 0, got 101"),
        "{all}"
    );
    assert!(
        all.contains("src/ch.md:7 sleepy [exit] the run timed out"),
        "{all}"
    );
    assert!(
        all.contains("src/ch.md:9 - no example named `nope`"),
        "{all}"
    );
}

#[test]
fn continue_policy_renders_error_boxes() {
    let mut f = Fixture::new();
    f.config("on-failure = \"continue\"")
        .example("panics", "fn main() { panic!(\"boom\"); }\n")
        .chapter("ch.md", "# C\n\n{{#example panics source=hide}}\n");
    let built = f.build();
    assert!(built.ok, "continue must not fail the build");
    let page = built.page("ch.md");
    assert!(page.contains("mdbx-error"), "no error box");
    assert!(page.contains("src/ch.md:3"));
    assert!(page.contains("panicked"), "the real panic message is shown");
    assert!(
        page.contains("<figcaption class=\"mdbx-footer mdbx-failed\">")
            && page.contains("exit code 101 · <strong>panicked</strong>"),
        "the footer says the run failed: {page}"
    );
}

#[test]
fn timeout_kills_the_whole_process_group() {
    let mut f = Fixture::new();
    f.example(
        "forks",
        "use std::process::Command;\nfn main() {\n    let child = Command::new(\"sleep\").arg(\"300\").spawn().unwrap();\n    println!(\"child {}\", child.id());\n    std::thread::sleep(std::time::Duration::from_secs(300));\n}\n",
    )
    .chapter("ch.md", "# C\n\n{{#example forks timeout=500ms}}\n");
    let built = f.build();
    assert!(!built.ok);
    let page_line = built.report()["references"][0]["exit"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert_eq!(page_line, "TimedOut");
    let raw = std::fs::read_dir(built.root.join("target/mdbook-examples"))
        .expect("cache dir")
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .find(|t| t.contains("child "))
        .expect("a cache entry with the child's pid");
    let pid: i32 = regex::Regex::new(r"child (\d+)")
        .expect("re")
        .captures(&raw)
        .expect("pid")[1]
        .parse()
        .expect("number");
    let alive = std::path::Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .unwrap_or_default()
            .contains(") Z ");
    assert!(!alive, "grandchild {pid} outlived the timeout");
}

#[test]
fn bless_rewrites_a_failing_expected_block() {
    let mut f = Fixture::new();
    f.example(
        "greet",
        "fn main() {\n    println!(\"id 7\");\n    println!(\"hello, world\");\n}\n",
    )
    .chapter(
        "ch.md",
        "# C\n\n{{#example greet}}\n\n```expected\nid [..]\nhello\n```\n",
    );
    assert!(!f.build().ok, "the stale block must fail the build");
    let blessed = f.build_with_env(&[("MDBOOK_EXAMPLES_BLESS", "1")]);
    assert!(
        blessed.ok,
        "blessing must fix the claim: {:#?}",
        blessed.report()
    );
    let chapter = std::fs::read_to_string(f.root().join("src/ch.md")).expect("chapter");
    assert!(
        chapter.contains("```expected\nid [..]\nhello, world\n```"),
        "{chapter}"
    );
    assert!(f.build().ok, "the blessed block holds on the next build");
}

#[test]
fn python_examples_run_unbuffered_with_the_interpreter_in_the_footer() {
    let mut f = Fixture::new();
    std::fs::create_dir_all(f.root().join("examples/python")).expect("mkdir");
    std::fs::write(
        f.root().join("examples/python/py_sleeps.py"),
        "import asyncio  # hide\n\n\nasync def main():\n    print(\"[a] start\")\n    await asyncio.sleep(0.2)\n    print(\"[a] done\")\n\nasyncio.run(main())\n",
    )
    .expect("write");
    f.chapter(
        "ch.md",
        "# Py\n\n{{#example py_sleeps total=\">190ms\"}}\n\n```expected\n[a] start\n[a] done @ >150ms\n```\n",
    );
    let built = f.build();
    assert!(built.ok, "{:#?}", built.report());
    let page = built.page("ch.md");
    assert!(
        page.contains("language-python"),
        "the source is a Python block"
    );
    assert!(
        !page.contains("import asyncio"),
        "`# hide` lines are left out"
    );
    assert!(
        regex::Regex::new(r"Python 3\.\d+\.\d+, asyncio")
            .expect("re")
            .is_match(&page),
        "{page}"
    );
}

#[test]
fn a_cpu_bound_run_is_detected_and_timed_again_alone() {
    let mut f = Fixture::new();
    f.example(
        "spins",
        "fn main() {\n    let t = std::time::Instant::now();\n    let mut x = 0u64;\n    while t.elapsed() < std::time::Duration::from_millis(300) { x = x.wrapping_add(1); }\n    println!(\"{}\", x > 0);\n}\n",
    )
    .example("sleeps", "fn main() { std::thread::sleep(std::time::Duration::from_millis(300)); }\n")
    .config("jobs = 2")
    .chapter("ch.md", "# C\n\n{{#example spins total=\">250ms\"}}\n\n{{#example sleeps total=\">250ms\"}}\n");
    let built = f.build();
    assert!(built.ok, "{}", built.log);
    assert!(
        built
            .log
            .contains("spins is CPU-bound: running it again, alone"),
        "{}",
        built.log
    );
    assert!(!built.log.contains("sleeps is CPU-bound"), "{}", built.log);
}

#[test]
fn a_missed_timing_claim_gets_one_more_run_alone() {
    let mut f = Fixture::new();
    // Slow the first time (as on a busy machine), fast after.
    f.example(
        "once_slow",
        "fn main() {\n    let first = std::fs::File::create_new(\"ran-once\").is_ok();\n    std::thread::sleep(std::time::Duration::from_millis(if first { 700 } else { 100 }));\n    println!(\"done\");\n}\n",
    )
    .chapter("ch.md", "# C\n\n{{#example once_slow total=\"<400ms\"}}\n");
    let built = f.build();
    assert!(built.ok, "{}", built.log);
    assert!(
        built.log.contains(
            "1 example(s) missed a claim about their run (once_slow): running them again, alone"
        ),
        "{}",
        built.log
    );
    let total = built.report()["references"][0]["total_seconds"]
        .as_f64()
        .expect("total");
    assert!(total < 0.4, "the second run is the one kept: {total}");
    // A claim that is simply wrong still fails after its second chance.
    f.chapter("ch.md", "# C\n\n{{#example once_slow total=\">5s\"}}\n");
    assert!(!f.build().ok);
}

#[test]
fn lines_out_of_order_once_get_one_more_run_alone() {
    let mut f = Fixture::new();
    // Two racing lines that came out the other way the first time (as when
    // a busy machine wakes a task late); a cached result like it too.
    f.example(
        "once_reordered",
        "fn main() {\n    let first = std::fs::File::create_new(\"ran-once\").is_ok();\n    let (a, b) = if first { (\"tick 5\", \"abort\") } else { (\"abort\", \"tick 5\") };\n    println!(\"{b}\");\n    println!(\"{a}\");\n}\n",
    )
    .chapter(
        "ch.md",
        "# C\n\n{{#example once_reordered}}\n\n```expected\ntick 5\nabort\n```\n",
    );
    let built = f.build();
    assert!(built.ok, "{}", built.log);
    assert!(
        built.log.contains(
            "1 example(s) missed a claim about their run (once_reordered): running them again, alone"
        ),
        "{}",
        built.log
    );
    // A wrong prediction still fails after its second chance.
    f.chapter(
        "ch.md",
        "# C\n\n{{#example once_reordered}}\n\n```expected\nabort\ntick 5\n```\n",
    );
    assert!(!f.build().ok);
}

#[test]
fn the_timeline_shows_two_lanes_overlapping_in_time() {
    let mut f = Fixture::new();
    f.example(
        "two_lanes",
        // b starts after a and ends before it whatever a busy machine
        // does to the sleeps: each waits for the other's word.
        "use std::sync::mpsc::channel;\nuse std::thread::{sleep, spawn};\nuse std::time::Duration;\nfn main() {\n    let (started, a_started) = channel();\n    let (b_done, done) = channel();\n    let a = spawn(move || { println!(\"[a] start\"); started.send(()).unwrap(); done.recv().unwrap(); sleep(Duration::from_millis(200)); println!(\"[a] done\"); });\n    a_started.recv().unwrap();\n    sleep(Duration::from_millis(50));\n    let b = spawn(move || { println!(\"[b] start\"); sleep(Duration::from_millis(100)); println!(\"[b] done\"); b_done.send(()).unwrap(); });\n    a.join().unwrap();\n    b.join().unwrap();\n}\n",
    )
    .chapter("ch.md", "# C\n\n{{#example two_lanes source=hide order=any total=\"<2s\"}}\n\n```expected\n[a] start\n[b] start\n[b] done\n[a] done\n```\n");
    let built = f.build();
    assert!(built.ok, "{}", built.log);
    let page = std::fs::read_to_string(built.root.join("book/ch.html")).expect("page");
    // The drawing for a page column (the phone's follows it).
    let start = page.find("<svg class=\"mdbx-timeline").expect("a timeline");
    let html = &page[start..start + page[start..].find("</svg>").expect("its end")];
    let lanes: Vec<&str> = regex::Regex::new(r#"class="mdbx-tl-lane"[^>]*>([^<]*)<"#)
        .expect("re")
        .captures_iter(html)
        .map(|c| c.get(1).expect("lane").as_str())
        .collect();
    assert_eq!(lanes, ["a", "b"]);
    let spans: Vec<(f64, f64)> =
        regex::Regex::new(r#"class="mdbx-tl-span" x1="([\d.]+)" x2="([\d.]+)""#)
            .expect("re")
            .captures_iter(html)
            .map(|c| (c[1].parse().expect("x1"), c[2].parse().expect("x2")))
            .collect();
    // One span per lane, in lane order (the legend's sample span comes last).
    assert_eq!(spans.len(), 3, "two lanes and the legend: {spans:?}");
    let (a, b) = (spans[0], spans[1]);
    assert!(
        b.0 > a.0 && b.1 < a.1,
        "b's span lies inside a's: {spans:?}"
    );
}

/// Build the fixture with mdBook's library and this crate's preprocessor
/// type (no command), as a book's own build tool would.
fn library_build(f: &Fixture) {
    let mut book = mdbook_driver::MDBook::load(f.root()).expect("load the fixture");
    book.with_preprocessor(mdbook_examples::ExamplesPreprocessor);
    book.build().expect("library build");
}

#[test]
fn library_use_takes_the_command_s_path_replay_included() {
    let mut f = Fixture::new();
    f.example("one", "fn main() { println!(\"one v1\"); }\n")
        .chapter("ch.md", "# C\n\n{{#example one}}\n");
    f.write_book(&[]);
    library_build(&f);
    std::thread::sleep(mdbook_examples::testing::RACY + std::time::Duration::from_millis(100));
    library_build(&f);
    let memo = f.root().join("target/mdbook-examples/last-run");
    let remembered = std::fs::metadata(&memo).expect("a clean build is remembered");
    let page = std::fs::read_to_string(f.root().join("book/ch.html")).expect("page");
    assert!(page.contains("one v1"));
    library_build(&f);
    let replayed = std::fs::metadata(&memo).expect("memo");
    assert_eq!(
        replayed.modified().expect("mtime"),
        remembered.modified().expect("mtime"),
        "an unchanged book was not replayed"
    );
    assert_eq!(
        std::fs::read_to_string(f.root().join("book/ch.html")).expect("page"),
        page
    );
    f.example("one", "fn main() { println!(\"one v2\"); }\n");
    library_build(&f);
    let page = std::fs::read_to_string(f.root().join("book/ch.html")).expect("page");
    assert!(page.contains("one v2"), "an edit was not run");
}

#[test]
fn editing_a_file_an_example_reads_runs_it_again() {
    let mut f = Fixture::new();
    std::fs::create_dir_all(f.root().join("examples/data")).expect("mkdir");
    let data = f.root().join("examples/data/greeting.txt");
    std::fs::write(&data, "hello v1\n").expect("data");
    f.example(
        "reads_data",
        "fn main() {\n    print!(\"{}\", std::fs::read_to_string(\"data/greeting.txt\").unwrap());\n}\n",
    )
    .chapter("ch.md", "# C\n\n{{#example reads_data}}\n");
    let first = f.build();
    assert!(first.ok, "{}", first.log);
    assert!(first.page("ch.md").contains("hello v1"));
    assert_eq!(f.build().cached(), [true]);
    std::fs::write(&data, "hello v2\n").expect("data");
    let edited = f.build();
    assert_eq!(
        edited.cached(),
        [false],
        "the edited data file was not in the key"
    );
    assert!(edited.page("ch.md").contains("hello v2"));
}
