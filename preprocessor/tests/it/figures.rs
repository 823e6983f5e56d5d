//! Figures through the real protocol: comparison figures on one time axis,
//! long outputs folded under their figure, instant runs drawn as a sequence.

use crate::harness::{Fixture, normalise};

fn sleeper(name: &str, ms: &[u64]) -> String {
    let sleeps: String = ms
        .iter()
        .enumerate()
        .map(|(i, ms)| {
            format!(
                "    std::thread::sleep(std::time::Duration::from_millis({ms}));\n    println!(\"[{name}] step {i}\");\n"
            )
        })
        .collect();
    format!("fn main() {{\n{sleeps}}}\n")
}

#[test]
fn a_comparison_draws_both_real_runs_on_one_axis_and_states_the_difference() {
    let mut f = Fixture::new();
    f.example("slow", &sleeper("slow", &[100, 300]))
        .example("fast", &sleeper("fast", &[100]))
        .chapter(
            "ch.md",
            "# C\n\n{{#example slow total=\"~0.4s\"}}\n\n{{#example fast total=\"~0.1s\"}}\n\n\
             {{#compare slow fast labels=\"before|after\"}}\n",
        );
    let built = f.build();
    assert!(built.ok, "{:?}\n{}", built.error, built.log);
    let page = built.page("ch.md");
    let figure = &page[page
        .find("<figure class=\"mdbx-compare\">")
        .expect("figure")..];
    let caption = &figure[..figure.find("</figcaption>").expect("caption")];
    assert!(
        caption.contains("before ") && caption.contains(" less"),
        "{caption}"
    );
    assert!(figure.contains("mdbx-wide") && figure.contains("mdbx-narrow"));
    // The header bars are as long as the runs, in both drawings.
    let total = |name: &str| {
        built.reference(name)["total_seconds"]
            .as_f64()
            .expect("total")
    };
    let expected = total("fast") / total("slow");
    let widths: Vec<f64> = figure
        .match_indices("mdbx-tl-runbar")
        .map(|(i, _)| {
            let rest = &figure[i..];
            let w = rest.find("width=\"").expect("width") + 7;
            rest[w..w + rest[w..].find('"').expect("end")]
                .parse()
                .expect("number")
        })
        .collect();
    assert_eq!(widths.len(), 4, "{widths:?}");
    for pair in widths.chunks(2) {
        let ratio = pair[1] / pair[0];
        assert!((ratio - expected).abs() < 0.01, "{widths:?} vs {expected}");
    }
}

#[test]
fn a_comparison_of_an_unknown_example_is_a_located_problem() {
    let mut f = Fixture::new();
    f.example("slow", &sleeper("slow", &[10])).chapter(
        "ch.md",
        "# C\n\n{{#example slow}}\n\n{{#compare slow slwo}}\n\n{{#compare slow}}\n",
    );
    let built = f.build();
    assert!(!built.ok);
    let problems = built.problems();
    assert!(
        problems.contains("src/ch.md:5") && problems.contains("did you mean `slow`"),
        "{problems}"
    );
    assert!(
        problems.contains("src/ch.md:7") && problems.contains("2 to 6 examples"),
        "{problems}"
    );
}

#[test]
fn a_long_output_puts_its_figure_first_and_folds() {
    let mut f = Fixture::new();
    f.example(
        "chatty",
        "fn main() {\n    for i in 0..40 {\n        println!(\"[w{}] line {i}\", i % 3);\n        std::thread::sleep(std::time::Duration::from_millis(2));\n    }\n}\n",
    )
    .chapter("ch.md", "# C\n\n{{#example chatty timeline=show}}\n");
    let built = f.build();
    assert!(built.ok, "{}", built.log);
    let page = built.page("ch.md");
    // The figure (two drawings) first; the lines after it (its marks' titles
    // hold them too).
    let after_figure = page.rfind("</svg>").expect("figure");
    let text = &page[after_figure..];
    let fold = text.find("<details class=\"mdbx-fold\">").expect("fold");
    assert!(text.find("line 5").expect("head") < fold);
    assert!(fold < text.find("line 6").expect("middle"));
    assert!(text.contains("31 more lines"), "{text}");
}

#[test]
fn lines_printed_within_a_few_ms_are_drawn_as_a_sequence() {
    let mut f = Fixture::new();
    f.example(
        "instant",
        // One write of six lines: they arrive together however busy the
        // machine is.
        "fn main() {\n    let lines: String = (0..6).map(|i| format!(\"[{}] {i}\\n\", if i % 2 == 0 { \"a\" } else { \"b\" })).collect();\n    print!(\"{lines}\");\n}\n",
    )
    .chapter("ch.md", "# C\n\n{{#example instant timeline=show}}\n");
    let built = f.build();
    assert!(built.ok, "{}", built.log);
    let page = built.page("ch.md");
    assert!(page.contains("mdbx-tl-sequence"), "{page}");
    assert!(page.contains("the spacing is not time"));
}

/// The first drawing (the wide one) of the first figure after `from`.
fn first_svg(page: &str, from: &str) -> String {
    let rest = &page[page.find(from).expect("figure")..];
    let start = rest.find("<svg").expect("svg");
    let end = rest.find("</svg>").expect("end") + 6;
    rest[start..end].to_string()
}

#[test]
fn a_figure_marks_its_events_and_states_its_checked_headline() {
    let mut f = Fixture::new();
    f.example(
        "starve",
        "fn main() {\n    println!(\"[ticker] tick 0\");\n    std::thread::sleep(std::time::Duration::from_millis(150));\n    println!(\"[busy] step done\");\n    println!(\"[ticker] tick 1\");\n    std::thread::sleep(std::time::Duration::from_millis(50));\n    println!(\"[main] abort\");\n}\n",
    )
    .chapter(
        "ch.md",
        "# C\n\n{{#example starve timeline=show headline=\"the ticker waited {gap('tick 0', 'tick 1') >0.1s}\" \
         busy=\"computing @ +0s .. step done\" band=\"ready, not run @ +10ms .. tick 1\" \
         mark=\"abort() called @ [main] abort\" drop=\"ticker @ abort\"}}\n",
    );
    let built = f.build();
    assert!(built.ok, "{:?}\n{}", built.error, built.log);
    let page = built.page("ch.md");
    let headline = regex::Regex::new(
        r#"<p class="mdbx-compare-caption mdbx-headline">the ticker waited 1\d\d ms</p>"#,
    )
    .expect("regex");
    assert!(headline.is_match(&page), "{page}");
    let width = regex::Regex::new(r#"width="[\d.]+""#).expect("regex");
    let svg = normalise(&first_svg(&page, "mdbx-headline"));
    let svg = width.replace_all(&svg, r#"width="W""#);
    let path = regex::Regex::new(r#" d="M[\d.]+ "#).expect("regex");
    let svg = path.replace_all(&svg, r#" d="MX "#);
    insta::assert_snapshot!("marked_run", svg.replace("><", ">\n<"));
}

#[test]
fn a_headline_the_run_no_longer_supports_fails_the_build_at_its_line() {
    let mut f = Fixture::new();
    f.example("quick", &sleeper("quick", &[10, 10])).chapter(
        "ch.md",
        "# C\n\n{{#example quick headline=\"slow: {total >5s}\" mark=\"x @ nowhere\"}}\n",
    );
    let built = f.build();
    assert!(!built.ok);
    let problems = built.problems();
    assert!(
        problems.contains("src/ch.md:3") && problems.contains("quick"),
        "{problems}"
    );
    assert!(
        problems.contains("[figure]") || problems.contains("figure"),
        "{problems}"
    );
    assert!(problems.contains("outside >5s"), "{problems}");
    assert!(
        problems.contains("no line contains `nowhere`"),
        "{problems}"
    );
}

#[test]
fn runs_within_a_few_ms_are_compared_as_aligned_sequences_with_a_checked_order() {
    let mut f = Fixture::new();
    // One write of all the lines: they arrive together however busy the
    // machine is, so the runs are always drawn in order.
    let printer = |order: &str| {
        let lines: String = order
            .split(' ')
            .enumerate()
            .map(|(i, lane)| format!("[{lane}] {i}\\n"))
            .collect();
        format!("fn main() {{\n    print!(\"{lines}\");\n}}\n")
    };
    f.example("runs", &printer("a a b b"))
        .example("alternates", &printer("b a b a"))
        .chapter(
            "ch.md",
            "# C\n\n{{#example runs}}\n\n{{#example alternates}}\n\n\
             {{#compare runs alternates labels=\"no yield|yield_now\" \
             headline=\"no yield: {A.order = a a b b}; yield_now: {B.order = b a b a}\"}}\n",
        );
    let built = f.build();
    assert!(built.ok, "{:?}\n{}", built.error, built.log);
    let page = built.page("ch.md");
    // An order comparison: no run totals under its headline.
    assert!(
        page.contains("no yield: a a b b; yield_now: b a b a</figcaption>"),
        "{page}"
    );
    // How far apart the lines were read depends on the machine: a few µs,
    // or none at all ("read at one moment"), which words it differently.
    let within = regex::Regex::new(
        r"each run printed all its lines within \d+(\.\d+)? (ms|µs|s)|each run's lines were read at one moment",
    )
    .expect("regex");
    let svg = first_svg(&page, "<figure class=\"mdbx-compare\">");
    let svg = normalise(&svg);
    let svg = within.replace_all(&svg, "each run printed all its lines within D");
    insta::assert_snapshot!("compared_in_order", svg.replace("><", ">\n<"));
}
