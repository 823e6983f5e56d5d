//! `cargo xtask new-chapter <slug> "<Title>"`: a chapter with every bone
//! (CONTRIBUTING.md), two starter examples whose claims hold, and its line in
//! `SUMMARY.md`, so that the book builds right away. The text the author
//! replaces is marked `✎`; the `chapters` lint lists what is left.

use crate::authoring::lint::{self, PLACEHOLDER};
use crate::authoring::sources::{SRC, SUMMARY, summary_links};
use anyhow::{Context, Result, bail, ensure};
use std::path::Path;

/// The part of `SUMMARY.md` that new chapters go before.
const REFERENCE_PART: &str = "# Reference";

/// The names a slug gives.
#[derive(Debug, PartialEq)]
struct Names {
    /// `src/` file name, with `-`: `my-topic.md`.
    file: String,
    /// Example name prefix, with `_`: `my_topic`.
    prefix: String,
}

impl Names {
    fn new(slug: &str) -> Result<Names> {
        let first_ok = slug.starts_with(|c: char| c.is_ascii_lowercase());
        let last_ok = slug.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit());
        let chars_ok = slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        ensure!(
            first_ok && last_ok && chars_ok,
            "`{slug}` is not a chapter slug: use lowercase letters, digits, `-` and `_`, \
             starting with a letter and ending with a letter or digit (e.g. `channels` or `select-loop`)"
        );
        ensure!(
            !slug.eq_ignore_ascii_case("summary"),
            "`{slug}` would clash with src/SUMMARY.md: pick another slug"
        );
        Ok(Names {
            file: format!("{}.md", slug.replace('_', "-")),
            prefix: slug.replace('-', "_"),
        })
    }

    fn start(&self) -> String {
        format!("{}_start", self.prefix)
    }

    fn redo(&self) -> String {
        format!("{}_redo", self.prefix)
    }

    /// The asyncio version of the starter, a Python example.
    fn asyncio(&self) -> String {
        format!("{}_asyncio", self.prefix)
    }
}

fn check_title(title: &str) -> Result<()> {
    ensure!(!title.trim().is_empty(), "the chapter title is empty");
    ensure!(
        !title.contains(['\n', '\r']),
        "the chapter title must be one line"
    );
    ensure!(
        !title.contains(['[', ']']),
        "the chapter title must not contain `[` or `]` (it becomes a link text in src/SUMMARY.md)"
    );
    ensure!(
        !title.contains(PLACEHOLDER),
        "the chapter title must not contain `{PLACEHOLDER}` (it marks template text)"
    );
    Ok(())
}

/// What `new-chapter` writes: new files, and the new text of `SUMMARY.md`.
#[derive(Debug)]
struct Plan {
    files: Vec<(String, String)>,
    summary: String,
}

/// Everything to write, or why not. `exists` tells whether a path (relative
/// to the repository root) exists; `manifest` is `examples/Cargo.toml`.
fn plan(
    names: &Names,
    title: &str,
    summary: &str,
    manifest: &str,
    exists: impl Fn(&str) -> bool,
) -> Result<Plan> {
    let chapter = format!("{}/{}", SRC, names.file);
    let mut taken = Vec::new();
    if exists(&chapter) {
        taken.push(format!("{chapter} exists"));
    }
    if summary_links(summary).iter().any(|(p, _)| *p == names.file) {
        taken.push(format!("{} already links to {}", SUMMARY, names.file));
    }
    let bins = lint::cargo_bins(manifest);
    for example in [names.start(), names.redo(), names.asyncio()] {
        for path in [
            format!("examples/src/bin/{example}.rs"),
            format!("examples/src/bin/{example}/main.rs"),
            format!("examples/python/{example}.py"),
        ] {
            if exists(&path) {
                taken.push(format!("{path} exists"));
            }
        }
        if bins.iter().any(|(name, _, _)| *name == example) {
            taken.push(format!(
                "examples/Cargo.toml already has a `[[bin]]` named `{example}`"
            ));
        }
    }
    if !taken.is_empty() {
        bail!(
            "nothing written, because {}; pick another slug",
            taken.join(", ")
        );
    }
    Ok(Plan {
        files: vec![
            (chapter, chapter_text(names, title)),
            (
                format!("examples/src/bin/{}.rs", names.start()),
                START_RS.to_owned(),
            ),
            (
                format!("examples/src/bin/{}.rs", names.redo()),
                REDO_RS.to_owned(),
            ),
            (
                format!("examples/python/{}.py", names.asyncio()),
                START_PY.to_owned(),
            ),
        ],
        summary: add_to_summary(summary, &format!("- [{title}]({})", names.file)),
    })
}

/// `summary` with `entry` added as the last chapter before the
/// `# Reference` part, or at the end when there is none.
fn add_to_summary(summary: &str, entry: &str) -> String {
    let lines: Vec<&str> = summary.lines().collect();
    let reference = lines
        .iter()
        .position(|l| l.trim_end().eq_ignore_ascii_case(REFERENCE_PART));
    let before = &lines[..reference.unwrap_or(lines.len())];
    // After the last non-blank line of the part before.
    let at = before
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(0, |i| i + 1);
    let follows_list = at > 0 && lines[at - 1].trim_start().starts_with(['-', '*']);
    let mut out: Vec<&str> = lines[..at].to_vec();
    if at > 0 && !follows_list {
        out.push(""); // numbered chapters start a list of their own
    }
    out.push(entry);
    let rest = &lines[at..];
    if reference.is_some() {
        if rest.first().is_some_and(|l| !l.trim().is_empty()) {
            out.push("");
        }
        out.extend(rest);
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// `cargo xtask new-chapter`: write the chapter, its examples and its
/// summary line (all or nothing), then say what to do next.
pub fn new_chapter(slug: &str, title: &str) -> Result<()> {
    let names = Names::new(slug)?;
    check_title(title)?;
    let title = title.trim();
    let read =
        |path: &str| std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"));
    let summary = read(SUMMARY)?;
    let manifest = read("examples/Cargo.toml")?;
    let plan = plan(&names, title, &summary, &manifest, |p| {
        Path::new(p).exists()
    })?;
    write(&plan, &summary)?;

    let chapter = &plan.files[0].0;
    for (path, _) in &plan.files {
        println!("xtask: created {path}");
    }
    println!("xtask: added `- [{title}]({})` to {}", names.file, SUMMARY);
    println!("{}", next_steps(&names, chapter));
    Ok(())
}

/// The commands the chapter lint and `cargo xtask test` hold a chapter to,
/// in the order to run them when it is written (CONTRIBUTING.md's checklist
/// names each one too).
const CHECKS: [(&str, &str); 4] = [
    ("cargo fmt --all", "formats the new examples (CI checks it)"),
    (
        "cargo xtask glossary",
        "adds your Vocabulary rows to src/glossary.md (the lint fails while it is stale)",
    ),
    (
        "cargo xtask lint",
        "lists every bone missing and every `✎` left, with its line",
    ),
    (
        "cargo xtask test",
        "everything CI runs; `cargo xtask book` is the lint and the book alone",
    ),
];

/// What `new-chapter` prints after writing the files.
fn next_steps(names: &Names, chapter: &str) -> String {
    let (start, prefix, asyncio) = (names.start(), &names.prefix, names.asyncio());
    let mut text = format!(
        "\nNext steps (CONTRIBUTING.md, \"Adding a chapter\"):\n\
         \x20 1. cargo xtask serve --open      # the new page, live; edits re-run its examples\n\
         \x20 2. write your program in examples/src/bin/{start}.rs and run it:\n\
         \x20      cargo run --release -p async-book-examples --bin {start}\n\
         \x20    and its asyncio twin in examples/python/{asyncio}.py (python3 examples/python/{asyncio}.py)\n\
         \x20 3. replace every `{PLACEHOLDER}` in {chapter};\n\
         \x20    add one example per experiment, examples/src/bin/{prefix}_<what>.rs\n\
         \x20 4. write your predictions in the ```expected blocks; where the real run differs,\n\
         \x20    cargo xtask bless     # rewrites them from a real run: review the diff\n\
         \x20 5. before you commit:\n"
    );
    for (command, why) in CHECKS {
        text.push_str(&format!("       {command:<22}# {why}\n"));
    }
    text
}

/// Create the new files (never overwriting one), then rewrite `SUMMARY.md`;
/// on any error, remove what was created and restore `SUMMARY.md`.
fn write(plan: &Plan, old_summary: &str) -> Result<()> {
    let mut created: Vec<&str> = Vec::new();
    let result = (|| -> Result<()> {
        for (path, text) in &plan.files {
            write_new(path, text)?;
            created.push(path);
        }
        std::fs::write(SUMMARY, &plan.summary).with_context(|| format!("cannot write {}", SUMMARY))
    })();
    if result.is_err() {
        for path in created {
            let _ = std::fs::remove_file(path);
        }
        let _ = std::fs::write(SUMMARY, old_summary);
    }
    result
}

fn write_new(path: &str, text: &str) -> Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {path}"))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {path}"))
}

/// The starter example: two tasks under `join!`, 100 ms and 200 ms.
const START_RS: &str = r#"use std::time::Duration;
use tokio::time::sleep;

// A starter program: replace it with your own. Keep the `[name]` at the start
// of each line: every name gets its own lane in the timeline.
async fn work(name: &str, ms: u64) {
    println!("[{name}] start");
    sleep(Duration::from_millis(ms)).await;
    println!("[{name}] done");
}

#[tokio::main]
async fn main() {
    // Both futures are polled by this one task, so the two sleeps overlap:
    // the whole run takes about 200 ms, not 300 ms.
    tokio::join!(work("a", 100), work("b", 200));
}
"#;

/// The starter solution of "Redo from memory".
const REDO_RS: &str = r#"use std::time::Duration;
use tokio::time::sleep;

// The solution of "Redo from memory": replace it with your own.
async fn work(name: &str, ms: u64) {
    println!("[{name}] start");
    sleep(Duration::from_millis(ms)).await;
    println!("[{name}] done");
}

#[tokio::main]
async fn main() {
    tokio::join!(work("a", 100), work("b", 200));
    println!("[main] both done");
}
"#;

/// The asyncio twin of the starter example.
const START_PY: &str = r#"import asyncio


# A starter program: replace it with the asyncio version of yours. Keep the
# `[name]` at the start of each line, as in the Rust program.
async def work(name, seconds):
    print(f"[{name}] start")
    await asyncio.sleep(seconds)
    print(f"[{name}] done")


async def main():
    # Both coroutines run on the event loop's one thread, and the two sleeps
    # overlap: the whole run takes about 0.2 s, not 0.3 s.
    await asyncio.gather(work("a", 0.1), work("b", 0.2))


asyncio.run(main())
"#;

/// The output both starter examples begin with, as an `expected` block.
const EXPECTED_START: &str = "```expected
[a] start
[b] start
[a] done   @ ~0.1s
[b] done   @ ~0.2s
```";

fn chapter_text(names: &Names, title: &str) -> String {
    let start = names.start();
    let redo = names.redo();
    let prefix = &names.prefix;
    let asyncio = names.asyncio();
    let m = PLACEHOLDER;
    let directive = |name: &str, options: &str| format!("{{{{#example {name} {options}}}}}");
    let first = directive(&start, "timeline=show total=\"~200ms\"");
    let predict = directive(&start, "source=hide output=reveal total=\"~200ms\"");
    let solution = directive(&redo, "solution output=reveal total=\"~200ms\"");
    let asyncio_pane = directive(&names.asyncio(), "timeline=hide total=\"0.2s..3.2s\"");
    let tokio_pane = directive(&start, "timeline=hide total=\"~200ms\"");
    let compare = format!(
        "{{{{#compare {} {start} labels=\"asyncio|tokio\" from=first-line}}}}",
        names.asyncio()
    );
    format!(
        r#"# {title}

> **In one line:** {m} the whole chapter in one sentence: what the reader can do after it, with the key API in backticks.

**In five lines:**

1. {m} The first thing to remember, in one short sentence: name the API, give a number from the run.
2. {m} The second: what happens, and when.
3. {m} The third: the rule behind it.
4. {m} The fourth: the usual mistake, and how the output shows it.
5. {m} The fifth: what is different from asyncio.

## Diagram and code

{m} Say in two sentences what the program below does and what to look for in its timeline. For now it is
a starter: two tasks, `[a]` (100 ms) and `[b]` (200 ms), under `tokio::join!`. Write yours in
`examples/src/bin/{start}.rs`, starting each printed line with `[name]`: each name gets its own
lane in the timeline.

{first}

{EXPECTED_START}

{m} Explain the output: why this order, why these times. The output, the timestamps and the timeline come
from a real run, and the build fails when the `expected` block or the `total=` claim stops being true.

## Predict, then reveal

{m} Ask one precise question before the reader opens the output: which line comes first, at what time,
how long the whole run takes. Show a variation of the program above (a new example,
`examples/src/bin/{prefix}_<what>.rs`) and write your own prediction in the `expected` block.

{predict}

{EXPECTED_START}

{m} Explain why the real output is what it is.

## Experiments

1. **{m} Name the change.** Say what to change in the program (one or two lines), what to predict
   (the order, the times, the total), and what to look for in the output. Then show the real run: one
   example per experiment, referenced like the ones above, with `output=reveal` and a claim.

2. **{m} Name the second change.** The same three parts: what to change, what to predict, what to look for.

## Redo from memory

{m} Give the exercise: the program to write without looking back, and the question it answers. For the
starter: two tasks that sleep 100 ms and 200 ms, run at the same time, then print `[main] both done`.
When does that last line appear?

### Solution

{solution}

```expected
[a] start
[b] start
[a] done           @ ~0.1s
[b] done           @ ~0.2s
[main] both done   @ ~0.2s
```

## Vocabulary

| term | meaning |
|---|---|
| {m} a word this chapter uses | {m} what it means here, in one line |

## Questions this chapter answers

| # | question | short answer |
|---|---|---|
| {m} Q? | {m} the reader's question, in their words (see the map of questions in the [introduction](introduction.md)) | {m} the answer in one or two sentences, with a link to the section |

## asyncio side by side

{m} Say what the asyncio program below shows next to the tokio one. Both run for real when the book is built:
the starter is the program of the first section, in `examples/python/{asyncio}.py`. Python's own start-up
comes first in its times, hence the wide bounds of its claims; the comparison starts both clocks at the
first printed line.

<div class="mdbx-side-by-side">
<div class="mdbx-pane">
<p class="mdbx-pane-title">asyncio</p>

{asyncio_pane}

```expected
[a] start
[b] start
[a] done   @ 0.1s..3.1s
[b] done   @ 0.2s..3.2s
```

</div>
<div class="mdbx-pane">
<p class="mdbx-pane-title">tokio</p>

{tokio_pane}

{EXPECTED_START}

</div>
</div>

{compare}

{m} Then the differences that bite:

| | asyncio | tokio |
|---|---|---|
| {m} a difference | {m} how asyncio does it | {m} how tokio does it |
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("channels", Some(("channels.md", "channels"))),
            ("select-loop", Some(("select-loop.md", "select_loop"))),
            ("select_loop", Some(("select-loop.md", "select_loop"))),
            ("io2", Some(("io2.md", "io2"))),
            ("", None),
            ("Channels", None),
            ("2fast", None),
            ("-x", None),
            ("x-", None),
            ("a b", None),
            ("a/b", None),
            ("../x", None),
            ("été", None),
            ("summary", None),
        ];
        for (slug, want) in cases {
            let got = Names::new(slug).ok();
            let got = got.as_ref().map(|n| (n.file.as_str(), n.prefix.as_str()));
            assert_eq!(got, *want, "{slug}");
        }
    }

    #[test]
    fn titles() {
        assert!(check_title("Channels: `mpsc` and friends").is_ok());
        for bad in ["", "  ", "a\nb", "see [x]", "✎"] {
            assert!(check_title(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn summary_entry_goes_before_the_reference_part() {
        let cases: &[(&str, &str)] = &[
            (
                "# Summary\n\n[Intro](intro.md)\n\n# Part 1\n\n- [A](a.md)\n  - [A1](a1.md)\n\n# Reference\n\n- [Vocabulary](vocabulary.md)\n",
                "# Summary\n\n[Intro](intro.md)\n\n# Part 1\n\n- [A](a.md)\n  - [A1](a1.md)\n- [New](new.md)\n\n# Reference\n\n- [Vocabulary](vocabulary.md)\n",
            ),
            (
                "# Summary\n\n- [A](a.md)\n",
                "# Summary\n\n- [A](a.md)\n- [New](new.md)\n",
            ),
            (
                "# Summary\n\n- [A](a.md)\n\n\n",
                "# Summary\n\n- [A](a.md)\n- [New](new.md)\n",
            ),
            (
                "# Summary\n\n[Intro](intro.md)\n",
                "# Summary\n\n[Intro](intro.md)\n\n- [New](new.md)\n",
            ),
            (
                "# Summary\n\n- [A](a.md)\n# Reference\n- [V](v.md)\n",
                "# Summary\n\n- [A](a.md)\n- [New](new.md)\n\n# Reference\n- [V](v.md)\n",
            ),
            ("", "- [New](new.md)\n"),
        ];
        for (before, after) in cases {
            assert_eq!(
                add_to_summary(before, "- [New](new.md)"),
                *after,
                "{before:?}"
            );
        }
    }

    const SUMMARY: &str = "# Summary\n\n- [A](a.md)\n\n# Reference\n\n- [V](vocabulary.md)\n";

    #[test]
    fn plans_a_chapter_with_every_bone_and_true_claims() {
        let names = Names::new("my_topic").unwrap();
        let plan = plan(&names, "My topic", SUMMARY, "", |_| false).unwrap();
        let paths: Vec<&str> = plan.files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "src/my-topic.md",
                "examples/src/bin/my_topic_start.rs",
                "examples/src/bin/my_topic_redo.rs",
                "examples/python/my_topic_asyncio.py"
            ]
        );
        assert!(
            plan.summary
                .contains("- [A](a.md)\n- [My topic](my-topic.md)\n\n# Reference")
        );

        // The lint finds every bone; what is left is the marked template text.
        let chapter = &plan.files[0].1;
        assert!(!chapter.contains("TODO"));
        let problems = lint::bones("src/my-topic.md", chapter, &[]);
        assert!(!problems.is_empty());
        for p in &problems {
            assert!(p.message.starts_with("template text left"), "{p}");
        }
        let marked = chapter.lines().filter(|l| l.contains(PLACEHOLDER)).count();
        assert_eq!(problems.len(), marked);
        let without_marks = chapter.replace(PLACEHOLDER, "");
        assert_eq!(lint::bones("src/my-topic.md", &without_marks, &[]), []);

        // Directive text appears only in the directives (never in prose,
        // where a built page would show it unexpanded).
        assert_eq!(chapter.matches("{{#example").count(), 5);
        assert_eq!(chapter.matches("{{#compare").count(), 1);
        assert!(chapter.contains("{{#example my_topic_start timeline=show total=\"~200ms\"}}"));
        assert!(
            chapter.contains("{{#example my_topic_redo solution output=reveal total=\"~200ms\"}}")
        );
        // The asyncio section runs a Python twin, next to the Rust starter.
        let asyncio = &chapter[chapter.find("## asyncio side by side").unwrap()..];
        for part in [
            "{{#example my_topic_asyncio timeline=hide total=\"0.2s..3.2s\"}}",
            "{{#example my_topic_start timeline=hide total=\"~200ms\"}}",
            "{{#compare my_topic_asyncio my_topic_start labels=\"asyncio|tokio\" from=first-line}}",
        ] {
            assert!(asyncio.contains(part), "{part}");
        }
        assert!(plan.files[3].1.contains("print(f\"[{name}] start\")"));
    }

    #[test]
    fn refuses_what_exists_and_names_all_of_it() {
        let names = Names::new("gather").unwrap();
        let manifest = "[[bin]]\nname = \"gather_redo\"\npath = \"src/mistakes/gather_redo.rs\"\n";
        let e = plan(&names, "G", SUMMARY, manifest, |p| {
            p == "src/gather.md"
                || p == "examples/python/gather_start.py"
                || p == "examples/src/bin/gather_asyncio.rs"
        })
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("nothing written"), "{e}");
        for part in [
            "src/gather.md exists",
            "examples/python/gather_start.py exists",
            "examples/src/bin/gather_asyncio.rs exists",
            "`[[bin]]` named `gather_redo`",
        ] {
            assert!(e.contains(part), "{part}: {e}");
        }
        let listed = "- [A](a.md)\n- [G](gather.md)\n";
        let e = plan(&names, "G", listed, "", |_| false)
            .unwrap_err()
            .to_string();
        assert!(e.contains("already links to gather.md"), "{e}");
    }

    #[test]
    fn next_steps_and_the_checklist_name_every_check() {
        let names = Names::new("my_topic").unwrap();
        let steps = next_steps(&names, "src/my-topic.md");
        let checklist = include_str!("../../../CONTRIBUTING.md");
        let checklist = &checklist[checklist.find("## Adding a chapter").unwrap()..];
        for (command, _) in CHECKS {
            assert!(steps.contains(command), "next steps lack `{command}`");
            assert!(
                checklist.contains(&format!("`{command}`")),
                "CONTRIBUTING.md's checklist lacks `{command}`"
            );
        }
        assert!(steps.contains("examples/python/my_topic_asyncio.py"));
    }
}
