//! An example's source as its difference from another example (`diff=OTHER`):
//! the lines it adds are highlighted, the lines it removes struck through,
//! and long runs of unchanged lines are folded into a `<details>`, so that
//! the change is the first thing the reader sees.
//!
//! Each line is its own `<code class="language-… noplayground">` (mdBook's
//! highlighter colours it; without `noplayground` mdBook would make it a
//! playground) inside a line element that also holds the line's newline: no
//! line of the block is blank, so the HTML block never ends early (see
//! [`super::output`]). Without JavaScript the lines are plain text, and the
//! folds still open.

use super::esc;
use crate::package::languages::{Hidden, Language};
use similar::{ChangeTag, TextDiff};

/// Unchanged lines shown on each side of a change.
const CONTEXT: usize = 2;
/// A run of unchanged lines outside the context is folded when it has at
/// least this many lines, or holds a hidden line; a shorter run is shown.
const FOLD_AT: usize = 4;

/// The two examples compared: the one shown and the one it varies.
#[derive(Debug, Clone, Copy)]
pub struct Names<'a> {
    pub this: &'a str,
    pub base: &'a str,
}

/// One line of the difference.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    tag: ChangeTag,
    text: &'a str,
}

/// A stretch of the block: lines shown, or unchanged lines folded away.
enum Piece<'a> {
    Shown(Vec<Line<'a>>),
    Folded(Vec<Line<'a>>),
}

/// The HTML block showing `this` (the lines of [`super::source::lines`]) as
/// its difference from `base`.
pub fn render(
    names: Names<'_>,
    base: &[String],
    this: &[String],
    language: &dyn Language,
) -> String {
    let lines = changes(base, this);
    let mut html = format!(
        "<div class=\"mdbx-diff\" data-diff-base=\"{}\">\n<p class=\"mdbx-diff-caption\">{}</p>\n",
        esc(names.base),
        caption(names, &lines)
    );
    for piece in pieces(&lines, language) {
        match piece {
            Piece::Shown(lines) => html.push_str(&block(&lines, language)),
            Piece::Folded(lines) => html.push_str(&format!(
                "<details class=\"mdbx-diff-fold\"><summary>{}</summary>{}</details>",
                unchanged(lines.len()),
                block(&lines, language)
            )),
        }
        html.push('\n');
    }
    html.push_str("</div>");
    html
}

/// The line diff of `base` and `this`, removed lines before the lines added
/// in their place.
fn changes<'a>(base: &'a [String], this: &'a [String]) -> Vec<Line<'a>> {
    let old: Vec<&str> = base.iter().map(String::as_str).collect();
    let new: Vec<&str> = this.iter().map(String::as_str).collect();
    TextDiff::from_slices(&old, &new)
        .iter_all_changes()
        .map(|c| Line {
            tag: c.tag(),
            text: c.value(),
        })
        .collect()
}

/// The lines split into what is shown (changes, their context, short runs
/// between them) and what is folded.
fn pieces<'a>(lines: &[Line<'a>], language: &dyn Language) -> Vec<Piece<'a>> {
    let changed: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].tag != ChangeTag::Equal)
        .collect();
    let near = |i: usize| changed.iter().any(|&c| c.abs_diff(i) <= CONTEXT);
    let marked: Vec<(Line<'a>, bool)> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let shown = l.tag != ChangeTag::Equal || (near(i) && !is_hidden(l.text, language));
            (*l, shown)
        })
        .collect();
    let mut pieces: Vec<Piece<'a>> = Vec::new();
    for run in marked.chunk_by(|a, b| a.1 == b.1) {
        let shown = run.iter().all(|(_, shown)| *shown);
        let run: Vec<Line<'a>> = run.iter().map(|(l, _)| *l).collect();
        let fold =
            !shown && (run.len() >= FOLD_AT || run.iter().any(|l| is_hidden(l.text, language)));
        match (fold, pieces.last_mut()) {
            (true, _) => pieces.push(Piece::Folded(run)),
            (false, Some(Piece::Shown(before))) => before.extend(run),
            (false, _) => pieces.push(Piece::Shown(run)),
        }
    }
    pieces
}

/// A line marked `hide` (shown by [`super::source`] as mdBook's `# `
/// hidden line, in a language whose hidden lines can be revealed).
fn is_hidden(text: &str, language: &dyn Language) -> bool {
    language.hidden() == Hidden::Revealable && text.starts_with("# ")
}

/// One element per line, in a `<div>` styled as preformatted text: not a
/// `<pre>`, where mdBook would give every line's `<code>` a copy button.
fn block(lines: &[Line<'_>], language: &dyn Language) -> String {
    let class = language.code_class();
    let body: String = lines.iter().map(|l| line(l, language, &class)).collect();
    format!("<div class=\"mdbx-diff-code\">{body}</div>")
}

/// One line: a `+`, `-` or blank mark, then the code (a hidden line without
/// its `# `), in `<ins>` or `<del>` when it changed; the indentation stays
/// outside, so a removed line is struck through from its first character.
fn line(l: &Line<'_>, language: &dyn Language, code_class: &str) -> String {
    let (class, mark, open, close) = match l.tag {
        ChangeTag::Equal => ("same", " ", "", ""),
        ChangeTag::Insert => ("add", "+", "<ins>", "</ins>"),
        ChangeTag::Delete => ("del", "-", "<del>", "</del>"),
    };
    let text = match l.text.strip_prefix("# ") {
        Some(code) if is_hidden(l.text, language) => code,
        _ => l.text,
    };
    let code = text.trim_start();
    let indent = &text[..text.len() - code.len()];
    format!(
        "<span class=\"mdbx-diff-line mdbx-diff-{class}\"><span class=\"mdbx-diff-mark\">{mark}</span>\
{indent}{open}<code class=\"{code_class}\">{}</code>{close}\n</span>",
        esc(code)
    )
}

/// What changed, in words above the block.
fn caption(names: Names<'_>, lines: &[Line<'_>]) -> String {
    let count = |tag| lines.iter().filter(|l| l.tag == tag).count();
    let (added, removed) = (count(ChangeTag::Insert), count(ChangeTag::Delete));
    let base = format!("<code>{}</code>", esc(names.base));
    if added + removed == 0 {
        return format!(
            "<code>{}</code> has the same lines as {base}.",
            esc(names.this)
        );
    }
    format!(
        "Changes from {base} highlighted: {} added (+), {removed} removed (-).",
        plural(added, "line")
    )
}

/// `12 unchanged lines`, `1 unchanged line`.
fn unchanged(n: usize) -> String {
    plural(n, "unchanged line")
}

fn plural(n: usize, word: &str) -> String {
    match n {
        1 => format!("1 {word}"),
        n => format!("{n} {word}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::languages::{python::Python, rust::Rust};

    const NAMES: Names<'static> = Names {
        this: "b_fixed",
        base: "b",
    };

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    /// `n` numbered lines, with line `changed` (if any) replaced.
    fn program(n: usize, changed: Option<usize>) -> Vec<String> {
        (1..=n)
            .map(|i| match changed {
                Some(c) if c == i => format!("let line{i} = changed;"),
                _ => format!("let line{i} = {i};"),
            })
            .collect()
    }

    #[test]
    fn one_changed_line_shows_context_and_folds_the_rest() {
        let html = render(NAMES, &program(17, None), &program(17, Some(9)), &Rust);
        assert!(
            html.contains(
                "Changes from <code>b</code> highlighted: 1 line added (+), 1 removed (-)."
            )
        );
        assert_eq!(
            html.matches("<summary>6 unchanged lines</summary>").count(),
            2
        );
        let shown = html
            .split("<details")
            .nth(1)
            .and_then(|s| s.split("</details>").nth(1))
            .expect("a shown stretch between the folds");
        assert_eq!(shown.matches("mdbx-diff-same").count(), 4, "{shown}");
        assert!(shown.contains(
            "<del><code class=\"language-rust noplayground\">let line9 = 9;</code></del>"
        ));
        assert!(shown.contains(
            "<ins><code class=\"language-rust noplayground\">let line9 = changed;</code></ins>"
        ));
    }

    #[test]
    fn short_unchanged_runs_are_shown_not_folded() {
        let base = program(8, None);
        let mut this = program(8, Some(2));
        this[6] = "let seven = 7;".into();
        let html = render(NAMES, &base, &this, &Rust);
        assert!(!html.contains("<details"), "{html}");
        let html = render(NAMES, &program(6, None), &program(6, Some(6)), &Rust);
        assert!(!html.contains("<details"), "a run of 3 is shown: {html}");
        let html = render(NAMES, &program(7, None), &program(7, Some(7)), &Rust);
        assert!(
            html.contains("<summary>4 unchanged lines</summary>"),
            "{html}"
        );
    }

    #[test]
    fn identical_sources_are_one_fold() {
        let html = render(NAMES, &program(5, None), &program(5, None), &Rust);
        assert!(html.contains("<code>b_fixed</code> has the same lines as <code>b</code>."));
        assert!(html.contains("<summary>5 unchanged lines</summary>"));
    }

    #[test]
    fn hidden_lines_fold_even_alone_and_lose_their_mark() {
        let base = lines("# use std::time::Duration;\nfn main() {\n    a();\n}");
        let this = lines("# use std::time::Duration;\nfn main() {\n    b();\n}");
        let html = render(NAMES, &base, &this, &Rust);
        assert!(
            html.contains("<summary>1 unchanged line</summary>"),
            "{html}"
        );
        assert!(html.contains(">use std::time::Duration;</code>"), "{html}");
        assert!(!html.contains("# use"), "{html}");
        let changed = render(
            NAMES,
            &lines("# use a;\nfn main() {}"),
            &lines("# use b;\nfn main() {}"),
            &Rust,
        );
        assert!(
            changed.contains("<ins><code class=\"language-rust noplayground\">use b;</code></ins>")
        );
    }

    #[test]
    fn python_comments_are_not_hidden_lines() {
        let html = render(
            NAMES,
            &lines("# a comment\nx = 1"),
            &lines("# a comment\nx = 2"),
            &Python,
        );
        assert!(!html.contains("<details"), "{html}");
        assert!(html.contains("<code class=\"language-python\"># a comment</code>"));
    }

    #[test]
    fn hostile_source_is_escaped_and_no_line_is_blank() {
        let base = lines("fn main() {\n\n    let s = \"ok\";\n}");
        let this = lines(
            "fn main() {\n\n    let s = \"</pre></div><script>alert(1)</script>{{#include x}}\";\n}",
        );
        let names = Names {
            this: "b",
            base: "<a>",
        };
        let html = render(names, &base, &this, &Rust);
        assert!(
            !html.contains("<script") && !html.contains("</pre></div><"),
            "{html}"
        );
        assert!(!html.contains("{{"), "{html}");
        assert!(html.contains("&lt;a&gt;"), "{html}");
        assert!(html.lines().all(|l| !l.trim().is_empty()), "{html}");
    }

    #[test]
    fn snapshot_of_a_fix() {
        let base = lines(
            "use std::time::Duration;\n\n#[tokio::main]\nasync fn main() {\n    println!(\"start\");\n    std::thread::sleep(Duration::from_secs(1));\n    println!(\"done\");\n}\n\nasync fn unused() {}\n\nfn helper() -> u32 {\n    1\n}",
        );
        let mut this = base.clone();
        this[5] = "    tokio::time::sleep(Duration::from_secs(1)).await;".into();
        insta::assert_snapshot!(render(NAMES, &base, &this, &Rust));
    }
}
