//! The `chapters` step of `cargo xtask test`: every chapter has the bones
//! CONTRIBUTING.md asks for, every example is used by some chapter, and every
//! page in `src/` is in `SUMMARY.md`. It reads the markdown only (no build),
//! so it runs before the book is built and reports every problem at once.
//!
//! One file per job (the book comes read into memory, from
//! [`sources`](crate::authoring::sources)): [`summary`] checks the table of
//! contents, [`bones`] one page, [`catalog`] the examples package and
//! [`usage`] that each example is shown; [`doc`] and [`directives`] are how
//! a page is read. The glossary page must be what [`glossary`] generates.

mod bones;
mod catalog;
mod directives;
mod doc;
mod summary;
mod usage;

pub use bones::bones;
pub use catalog::cargo_bins;

use crate::authoring::glossary;
use crate::authoring::sources::{Book, SRC, SUMMARY, read_book, summary_links};
use anyhow::{Result, bail};
use std::collections::BTreeSet;
use std::fmt;

/// What a page left unfinished from `cargo xtask new-chapter`'s template
/// starts with this mark.
pub const PLACEHOLDER: char = '✎';

const OPEN: &str = "{{#example";

/// One problem, at a file and (when known) a line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

fn problem(file: &str, line: Option<usize>, message: impl Into<String>) -> Problem {
    Problem {
        file: file.to_owned(),
        line,
        message: message.into(),
    }
}

/// `cargo xtask test`'s `chapters` step: lint the book in the current folder
/// (the repository root) and fail listing every problem.
pub fn chapters() -> Result<()> {
    let book = read_book()?;
    let mut problems = lint(&book);
    if book.pages.get(glossary::PAGE) != Some(&glossary::generate(&book)) {
        problems.push(problem(
            &format!("{SRC}/{}", glossary::PAGE),
            None,
            "is out of date with the chapters' Vocabulary sections: run `cargo xtask glossary`",
        ));
    }
    if problems.is_empty() {
        let n = summary_links(&book.summary).len();
        println!(
            "xtask: {n} pages in {SUMMARY}, every chapter has its bones, every example is used"
        );
        return Ok(());
    }
    let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
    bail!(
        "{} problem(s) in the chapters:\n{}\n\
         The chapter bones are listed in CONTRIBUTING.md (\"Adding a chapter\"); \
         `cargo xtask new-chapter <slug> \"<Title>\"` writes a chapter that has all of them; \
         the pages exempt from some bones are in NON_STANDARD, xtask/src/authoring/lint/bones.rs.",
        problems.len(),
        list.join("\n")
    )
}

/// Every problem in `book`, sorted by file and line.
pub fn lint(book: &Book) -> Vec<Problem> {
    let links = summary_links(&book.summary);
    let listed: BTreeSet<&str> = links.iter().map(|(p, _)| p.as_str()).collect();
    let mut problems = summary::problems(book, &links, &listed);
    // Bones, for each page the summary lists (once each).
    for path in &listed {
        if let Some(text) = book.pages.get(*path) {
            problems.extend(bones(&format!("{SRC}/{path}"), text, bones::exempt(path)));
        }
    }
    let catalog = catalog::examples(&book.example_files, &book.manifest);
    problems.extend(usage::unused(book, &listed, &catalog));
    problems.extend(catalog.problems);
    problems.sort();
    problems.dedup();
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use bones::tests::GOOD;
    use catalog::tests::MANIFEST_TEXT;

    fn book(summary: &str, pages: &[(&str, &str)], files: &[&str], manifest: &str) -> Book {
        Book {
            summary: summary.to_owned(),
            pages: pages
                .iter()
                .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
                .collect(),
            example_files: files.iter().map(|f| (*f).to_owned()).collect(),
            manifest: manifest.to_owned(),
        }
    }

    fn check_book(b: &Book, expected: &[&str]) {
        let got: Vec<String> = lint(b).iter().map(ToString::to_string).collect();
        assert_eq!(got.len(), expected.len(), "got:\n{}", got.join("\n"));
        for (g, want) in got.iter().zip(expected) {
            assert!(
                g.starts_with(want),
                "want `{want}`, got:\n{}",
                got.join("\n")
            );
        }
    }

    #[test]
    fn book_level_problems() {
        let good = GOOD
            .replacen("x_start timeline", "m_fail compile=fail timeline", 1)
            .replacen("x_start output", "py_x output", 1)
            .replacen("x_redo", "x_start", 1);
        let files = [
            "examples/src/bin/x_start.rs",
            "examples/python/py_x.py",
            "examples/src/mistakes/m_fail.rs",
        ];
        // Everything used, everything listed.
        let b = book("- [C](c.md)\n", &[("c.md", &good)], &files, MANIFEST_TEXT);
        check_book(&b, &[]);

        // An orphan of each kind, an unlisted page, a missing page, a mistake without [[bin]].
        let mut files = files.to_vec();
        files.extend([
            "examples/src/bin/orphan.rs",
            "examples/src/bin/folder/main.rs",
            "examples/src/bin/folder/helper.rs",
            "examples/python/py_orphan.py",
            "examples/src/mistakes/loose.rs",
            "examples/python/x_start.py",
        ]);
        let b = book(
            "- [C](c.md)\n- [Gone](gone.md)\n",
            &[
                ("c.md", &good),
                ("draft.md", "# Draft\n\n{{#example orphan}}\n"),
            ],
            &files,
            MANIFEST_TEXT,
        );
        check_book(
            &b,
            &[
                "examples/python/py_orphan.py: example `py_orphan` is not used by any chapter",
                "examples/python/x_start.py: example name `x_start` is also used by examples/src/bin/x_start.rs",
                "examples/src/bin/folder/main.rs: example `folder` is not used",
                "examples/src/bin/orphan.rs: example `orphan` is only used by src/draft.md, which is not in src/SUMMARY.md",
                "examples/src/mistakes/loose.rs: not a `[[bin]]`",
                "src/SUMMARY.md:2: links to `gone.md`, but src/gone.md does not exist",
                "src/draft.md: not in src/SUMMARY.md, so mdBook never builds it: add the line `- [Draft](draft.md)`",
            ],
        );
    }

    #[test]
    fn non_standard_pages_are_exempt_from_what_they_lack_only() {
        let intro = "# Introduction\n\n> **In one line:** hi.\n\n**In five lines:**\n\n1. a\n2. b\n3. c\n4. d\n5. e\n\n{{#example hi}}\n\n## Predict, then reveal\n\n{{#example hi output=reveal exit=3}}\n\n## asyncio side by side\n";
        let b = book(
            "[Introduction](introduction.md)\n",
            &[("introduction.md", intro)],
            &["examples/src/bin/hi.rs"],
            "",
        );
        // Still checked: the claim of each reference.
        check_book(&b, &["src/introduction.md:13: `hi` carries no claim"]);
    }
}
