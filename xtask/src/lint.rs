//! The `chapters` step of `cargo xtask test`: every chapter has the bones
//! CONTRIBUTING.md asks for, every example is used by some chapter, and every
//! page in `src/` is in `SUMMARY.md`. It reads the markdown only (no build),
//! so it runs before the book is built and reports every problem at once.

use anyhow::{Context, Result, bail};
use mdbook_examples::{CompileClaim, OutputView};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;
use std::path::Path;

/// The book's sources and its table of contents.
pub const SRC: &str = "src";
pub const SUMMARY: &str = "src/SUMMARY.md";
/// The examples package, its binaries and its Python examples.
pub const EXAMPLES: &str = "examples";
const BIN_DIR: &str = "examples/src/bin";
const PYTHON_DIR: &str = "examples/python";
const MISTAKES_DIR: &str = "examples/src/mistakes";
const MANIFEST: &str = "examples/Cargo.toml";

/// What a page left unfinished from `cargo xtask new-chapter`'s template
/// starts with this mark.
pub const PLACEHOLDER: char = '✎';

const OPEN: &str = "{{#example";

/// The parts every chapter has (CONTRIBUTING.md, "Follow the chapter bones").
/// The order of the `##` sections is checked too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bone {
    /// `# Title` first.
    Title,
    /// `> **In one line:** …`
    OneLine,
    /// `**In five lines:**` and a list of five items.
    FiveLines,
    /// At least one `{{#example}}` with a claim, and no reference without one.
    Claim,
    /// `## Predict, then reveal` with an `output=reveal` reference.
    Predict,
    /// `## Experiments`, 2–4 of them, numbered.
    Experiments,
    /// `## Redo from memory` with a `### Solution` that is a verified example.
    Redo,
    Vocabulary,
    Questions,
    /// `## asyncio side by side`
    Asyncio,
}

/// The `##` sections, in the order a chapter has them.
const SECTIONS: &[(Bone, &str)] = &[
    (Bone::Predict, "Predict, then reveal"),
    (Bone::Experiments, "Experiments"),
    (Bone::Redo, "Redo from memory"),
    (Bone::Vocabulary, "Vocabulary"),
    (Bone::Questions, "Questions this chapter answers"),
    (Bone::Asyncio, "asyncio side by side"),
];

/// Pages in `SUMMARY.md` that are not lessons, and the bones each one does
/// without (it still has all the others). A page not listed here has them all.
const NON_STANDARD: &[(&str, &[Bone], &str)] = &[
    (
        "introduction.md",
        &[
            Bone::Experiments,
            Bone::Redo,
            Bone::Vocabulary,
            Bone::Questions,
        ],
        "the front page: who the book is for, how to read an output, the map of questions",
    ),
    (
        "study-guide.md",
        &[
            Bone::Predict,
            Bone::Experiments,
            Bone::Redo,
            Bone::Questions,
            Bone::Asyncio,
        ],
        "how to study with the chapters, not a lesson itself",
    ),
    (
        "vocabulary.md",
        &[
            Bone::Predict,
            Bone::Experiments,
            Bone::Redo,
            Bone::Vocabulary,
            Bone::Questions,
            Bone::Asyncio,
        ],
        "the glossary: one verified example per word",
    ),
    (
        "glossary.md",
        &[
            Bone::Claim,
            Bone::Predict,
            Bone::Experiments,
            Bone::Redo,
            Bone::Vocabulary,
            Bone::Questions,
            Bone::Asyncio,
        ],
        "generated from the chapters' vocabulary sections",
    ),
    (
        "asyncio-vs-tokio.md",
        &[Bone::Predict, Bone::Asyncio],
        "the appendix is asyncio side by side from top to bottom",
    ),
];

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

/// Everything the lint reads, in memory (paths relative to the repository root).
#[derive(Debug, Default)]
pub struct Book {
    /// `src/SUMMARY.md`.
    pub summary: String,
    /// Every `.md` file under `src/` but `SUMMARY.md`: path relative to `src/` → text.
    pub pages: BTreeMap<String, String>,
    /// Files under `examples/src/bin`, `examples/python` and
    /// `examples/src/mistakes` (e.g. `examples/src/bin/x.rs`).
    pub example_files: Vec<String>,
    /// `examples/Cargo.toml`.
    pub manifest: String,
}

/// `cargo xtask test`'s `chapters` step: lint the book in the current folder
/// (the repository root) and fail listing every problem.
pub fn chapters() -> Result<()> {
    let book = read_book()?;
    let mut problems = lint(&book);
    let glossary = crate::glossary::PAGE;
    if book.pages.get(glossary) != Some(&crate::glossary::generate(&book)) {
        problems.push(problem(
            &format!("src/{glossary}"),
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
         the pages exempt from some bones are in NON_STANDARD, xtask/src/lint.rs.",
        problems.len(),
        list.join("\n")
    )
}

pub fn read_book() -> Result<Book> {
    let read =
        |path: &str| std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"));
    let mut book = Book {
        summary: read(SUMMARY)?,
        manifest: read(MANIFEST)?,
        ..Book::default()
    };
    let mut md = Vec::new();
    files_under(Path::new(SRC), &mut md)?;
    for path in md {
        let Ok(rel) = path.strip_prefix(SRC) else {
            continue;
        };
        let rel = slashed(rel);
        if rel == "SUMMARY.md" || !rel.ends_with(".md") {
            continue;
        }
        let text = read(&slashed(&path))?;
        book.pages.insert(rel, text);
    }
    for dir in [BIN_DIR, PYTHON_DIR, MISTAKES_DIR] {
        let mut files = Vec::new();
        if Path::new(dir).is_dir() {
            files_under(Path::new(dir), &mut files)?;
        }
        book.example_files.extend(files.iter().map(|p| slashed(p)));
    }
    book.example_files.sort();
    Ok(book)
}

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if path.is_dir() {
            files_under(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// A path with `/` separators, whatever the platform.
fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every problem in `book`, sorted by file and line.
pub fn lint(book: &Book) -> Vec<Problem> {
    let mut problems = Vec::new();
    let links = summary_links(&book.summary);
    let listed: BTreeSet<&str> = links.iter().map(|(p, _)| p.as_str()).collect();

    for (path, line) in &links {
        if !book.pages.contains_key(path) {
            problems.push(problem(
                SUMMARY,
                Some(*line),
                format!("links to `{path}`, but src/{path} does not exist"),
            ));
        }
    }
    for (path, text) in &book.pages {
        if !listed.contains(path.as_str()) {
            let title = title_of(text).unwrap_or_else(|| "Title".to_owned());
            problems.push(problem(
                &format!("{SRC}/{path}"),
                None,
                format!(
                    "not in {SUMMARY}, so mdBook never builds it: add the line `- [{title}]({path})` there"
                ),
            ));
        }
    }

    // Bones, for each page the summary lists (once each).
    let mut seen = BTreeSet::new();
    for (path, _) in &links {
        if !seen.insert(path.as_str()) {
            continue;
        }
        let Some(text) = book.pages.get(path) else {
            continue;
        };
        let exempt = NON_STANDARD
            .iter()
            .find(|(page, _, _)| page == path)
            .map_or(&[][..], |(_, bones, _)| bones);
        problems.extend(bones(&format!("{SRC}/{path}"), text, exempt));
    }

    // Examples: every one used by a page the book builds.
    let mut used_by_listed = BTreeSet::new();
    let mut used_by_unlisted: BTreeMap<String, String> = BTreeMap::new();
    for (path, text) in &book.pages {
        for d in directives(text).0 {
            if listed.contains(path.as_str()) {
                used_by_listed.insert(d.name);
            } else {
                used_by_unlisted.insert(d.name, format!("{SRC}/{path}"));
            }
        }
    }
    let catalog = examples(&book.example_files, &book.manifest);
    problems.extend(catalog.problems);
    for (name, file) in &catalog.examples {
        if used_by_listed.contains(name) {
            continue;
        }
        let message = match used_by_unlisted.get(name) {
            Some(page) => format!(
                "example `{name}` is only used by {page}, which is not in {SUMMARY}: add that page to it"
            ),
            None => format!(
                "example `{name}` is not used by any chapter: show it with `{OPEN} {name}}}}}` \
                 and a claim (CONTRIBUTING.md, steps 3 and 4), or delete {file}"
            ),
        };
        problems.push(problem(file, None, message));
    }

    problems.sort();
    problems.dedup();
    problems
}

/// The `.md` pages `SUMMARY.md` links to (without `#anchor`), with their lines.
pub fn summary_links(summary: &str) -> Vec<(String, usize)> {
    let mut links = Vec::new();
    for (event, range) in Parser::new_ext(summary, Options::empty()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. }) = event {
            let dest = dest_url.split('#').next().unwrap_or_default();
            let dest = dest.strip_prefix("./").unwrap_or(dest);
            if dest.ends_with(".md") && !dest.contains("://") {
                links.push((dest.to_owned(), line_of(summary, range.start)));
            }
        }
    }
    links
}

/// The text of the page's first `#` heading.
fn title_of(text: &str) -> Option<String> {
    let doc = Doc::parse(text);
    doc.blocks.iter().find_map(|b| match b.kind {
        Kind::Heading(1) => Some(b.text.trim().to_owned()),
        _ => None,
    })
}

/// The examples of the package, by name, and the problems with its files.
#[derive(Debug, Default)]
struct Catalog {
    /// name → the file it lives in.
    examples: BTreeMap<String, String>,
    problems: Vec<Problem>,
}

fn examples(files: &[String], manifest: &str) -> Catalog {
    let mut catalog = Catalog::default();
    let bins = cargo_bins(manifest);
    fn add(name: String, file: String, catalog: &mut Catalog) {
        match catalog.examples.get(&name) {
            Some(other) if *other != file => catalog.problems.push(problem(
                &file,
                None,
                format!(
                    "example name `{name}` is also used by {other}: names must be unique \
                     across Rust and Python examples; rename one"
                ),
            )),
            Some(_) => {}
            None => {
                catalog.examples.insert(name, file);
            }
        }
    }
    for file in files {
        let stem = |f: &str, ext: &str| f.strip_suffix(ext).map(str::to_owned);
        let name = if let Some(rest) = file.strip_prefix(&format!("{BIN_DIR}/")) {
            match rest.split_once('/') {
                None => stem(rest, ".rs"),
                Some((dir, "main.rs")) => Some(dir.to_owned()),
                Some(_) => None, // a module of a binary in its own folder
            }
        } else if let Some(rest) = file.strip_prefix(&format!("{PYTHON_DIR}/")) {
            (!rest.contains('/')).then(|| stem(rest, ".py")).flatten()
        } else {
            None
        };
        if let Some(name) = name {
            add(name, file.clone(), &mut catalog);
        }
    }
    for (name, path, line) in &bins {
        match path {
            Some(path) => add(name.clone(), format!("{EXAMPLES}/{path}"), &mut catalog),
            None => catalog.problems.push(problem(
                MANIFEST,
                Some(*line),
                format!("`[[bin]]` `{name}` has no `path = \"…\"`"),
            )),
        }
    }
    let bin_paths: BTreeSet<String> = bins
        .iter()
        .filter_map(|(_, p, _)| p.as_ref().map(|p| format!("{EXAMPLES}/{p}")))
        .collect();
    for file in files {
        if file.starts_with(&format!("{MISTAKES_DIR}/"))
            && file.ends_with(".rs")
            && !bin_paths.contains(file)
        {
            catalog.problems.push(problem(
                file,
                None,
                format!(
                    "not a `[[bin]]` in {MANIFEST}, so no chapter can show it: add a `[[bin]]` \
                     with `required-features = [\"mistakes\"]` (CONTRIBUTING.md, \"Intended failures\")"
                ),
            ));
        }
    }
    catalog
}

/// The `[[bin]]` tables of a Cargo manifest: name, path, line of `[[bin]]`.
/// (A small reader for the simple `key = "value"` lines cargo manifests use.)
pub fn cargo_bins(manifest: &str) -> Vec<(String, Option<String>, usize)> {
    let mut bins: Vec<(String, Option<String>, usize)> = Vec::new();
    let mut in_bin = false;
    for (i, line) in manifest.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.starts_with('[') {
            in_bin = line == "[[bin]]";
            if in_bin {
                bins.push((String::new(), None, i + 1));
            }
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches('"').to_owned();
        if let (true, Some(bin)) = (in_bin, bins.last_mut()) {
            match key.trim() {
                "name" => bin.0 = value,
                "path" => bin.1 = Some(value),
                _ => {}
            }
        }
    }
    bins.retain(|b| !b.0.is_empty());
    bins
}

// ---------------------------------------------------------------- one page

/// The problems with one page's bones; `exempt` lists the bones it may lack.
pub fn bones(file: &str, text: &str, exempt: &[Bone]) -> Vec<Problem> {
    let doc = Doc::parse(text);
    let (found, unterminated) = directives(text);
    let mut out = Vec::new();
    let need = |bone: Bone| !exempt.contains(&bone);
    let mut say = |line: Option<usize>, message: String| out.push(problem(file, line, message));

    for line in unterminated {
        say(
            Some(line),
            format!("`{OPEN}` has no closing `}}}}` in its paragraph"),
        );
    }
    for (i, l) in text.lines().enumerate() {
        if l.contains(PLACEHOLDER) {
            say(
                Some(i + 1),
                format!(
                    "template text left (marked `{PLACEHOLDER}`): replace it with the chapter's own words"
                ),
            );
        }
    }

    let first_section = doc
        .blocks
        .iter()
        .find(|b| matches!(b.kind, Kind::Heading(2)))
        .map_or(text.len(), |b| b.range.start);

    if need(Bone::Title) && !matches!(doc.blocks.first().map(|b| &b.kind), Some(Kind::Heading(1))) {
        say(
            Some(1),
            "the page must start with its title, `# Title`".into(),
        );
    }
    if need(Bone::OneLine) {
        let one_line = doc.blocks.iter().find(|b| {
            b.kind == Kind::BlockQuote && b.text.trim_start().starts_with("In one line:")
        });
        match one_line {
            None => say(
                None,
                "no one-line summary: `> **In one line:** …` under the title".into(),
            ),
            Some(b) if b.range.start > first_section => say(
                Some(line_of(text, b.range.start)),
                "the one-line summary must come before the first `##` section".into(),
            ),
            Some(_) => {}
        }
    }
    if need(Bone::FiveLines) {
        let at = doc
            .blocks
            .iter()
            .position(|b| b.kind == Kind::Paragraph && b.text.trim() == "In five lines:");
        match at {
            None => say(
                None,
                "no five-line summary: `**In five lines:**` and a numbered list of five items"
                    .into(),
            ),
            Some(i) => {
                let line = line_of(text, doc.blocks[i].range.start);
                match doc.blocks.get(i + 1) {
                    Some(Block {
                        kind: Kind::List { .. },
                        items,
                        ..
                    }) if *items == 5 => {}
                    Some(Block {
                        kind: Kind::List { .. },
                        items,
                        ..
                    }) => say(
                        Some(line),
                        format!("`**In five lines:**` has {items} item(s); write exactly 5"),
                    ),
                    _ => say(
                        Some(line),
                        "`**In five lines:**` must be followed by a numbered list of five items"
                            .into(),
                    ),
                }
                if doc.blocks[i].range.start > first_section {
                    say(
                        Some(line),
                        "the five-line summary must come before the first `##` section".into(),
                    );
                }
            }
        }
    }
    if need(Bone::Claim) {
        if found.is_empty() {
            say(
                None,
                format!(
                    "no verified example: show one with `{OPEN} NAME}}}}` and a claim (an ```expected block \
                     right after it, `total=`, `exit=`, `panic` or `compile=`; see preprocessor/README.md)"
                ),
            );
        }
        for d in found.iter().filter(|d| !d.claims) {
            say(
                Some(d.line),
                format!(
                    "`{}` carries no claim: add an ```expected block right after it, or `total=`, \
                     `exit=`, `panic`, `compile=` (CONTRIBUTING.md, step 4)",
                    d.name
                ),
            );
        }
    }

    // The `##` sections: present, in order, with what each one needs.
    let mut present: Vec<(usize, usize)> = Vec::new();
    for (rank, &(bone, heading)) in SECTIONS.iter().enumerate() {
        let Some(section) = doc.section(2, heading) else {
            if need(bone) {
                say(None, format!("no `## {heading}` section"));
            }
            continue;
        };
        present.push((section.start, rank));
        let line = line_of(text, section.start);
        let inside = |d: &&Found| section.contains(&d.offset);
        match bone {
            Bone::Predict if need(bone) && !found.iter().filter(inside).any(|d| d.reveal) => {
                say(
                    Some(line),
                    "`## Predict, then reveal` has no example with `output=reveal`".into(),
                );
            }
            Bone::Experiments if need(bone) => {
                let n = doc.experiments(&section);
                if !(2..=4).contains(&n) {
                    say(
                        Some(line),
                        format!(
                            "`## Experiments` has {n} numbered experiment(s); write 2 to 4 \
                             (a numbered list, or `### 1. …` headings)"
                        ),
                    );
                }
            }
            Bone::Redo if need(bone) => match doc.section_within(3, "Solution", &section) {
                None => say(
                    Some(line),
                    "`## Redo from memory` has no `### Solution`".into(),
                ),
                Some(solution) => {
                    if !found
                        .iter()
                        .any(|d| solution.contains(&d.offset) && d.claims)
                    {
                        say(
                            Some(line_of(text, solution.start)),
                            "`### Solution` must be a verified example: an example with a claim"
                                .into(),
                        );
                    }
                }
            },
            _ => {}
        }
    }
    // In document order, no section may follow one that belongs after it.
    present.sort_unstable();
    let mut latest = None;
    for &(at, rank) in &present {
        match latest {
            Some(before) if rank < before => say(
                Some(line_of(text, at)),
                format!(
                    "`## {}` comes after `## {}`; the sections go in this order: {}",
                    SECTIONS[rank].1,
                    SECTIONS[before].1,
                    SECTIONS
                        .iter()
                        .map(|(_, h)| format!("`## {h}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            _ => latest = Some(rank),
        }
    }
    out
}

/// A top-level block of a page.
#[derive(Debug)]
struct Block {
    kind: Kind,
    range: Range<usize>,
    /// Its text (inline code included), for headings, paragraphs and quotes.
    text: String,
    /// For a list: how many items it has.
    items: usize,
}

#[derive(Debug, PartialEq)]
enum Kind {
    Heading(u8),
    Paragraph,
    List { ordered: bool },
    BlockQuote,
    Other,
}

#[derive(Debug)]
struct Doc {
    blocks: Vec<Block>,
    len: usize,
}

impl Doc {
    fn parse(text: &str) -> Doc {
        let options =
            Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
        let mut blocks: Vec<Block> = Vec::new();
        let mut depth = 0usize;
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            match event {
                Event::Start(tag) => {
                    if depth == 0 {
                        let kind = match tag {
                            Tag::Heading { level, .. } => Kind::Heading(level_number(level)),
                            Tag::Paragraph => Kind::Paragraph,
                            Tag::List(first) => Kind::List {
                                ordered: first.is_some(),
                            },
                            Tag::BlockQuote(_) => Kind::BlockQuote,
                            _ => Kind::Other,
                        };
                        blocks.push(Block {
                            kind,
                            range,
                            text: String::new(),
                            items: 0,
                        });
                    } else if depth == 1
                        && matches!(tag, Tag::Item)
                        && let Some(b) = blocks.last_mut()
                    {
                        b.items += 1;
                    }
                    depth += 1;
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Text(t) | Event::Code(t) => {
                    if let Some(b) = blocks.last_mut() {
                        b.text.push_str(&t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(b) = blocks.last_mut() {
                        b.text.push(' ');
                    }
                }
                _ => {
                    if depth == 0 {
                        blocks.push(Block {
                            kind: Kind::Other,
                            range,
                            text: String::new(),
                            items: 0,
                        });
                    }
                }
            }
        }
        Doc {
            blocks,
            len: text.len(),
        }
    }

    /// The byte range of the first section under a heading of `level` named
    /// `name` (case and surrounding space ignored), up to the next heading of
    /// the same or a higher level.
    fn section(&self, level: u8, name: &str) -> Option<Range<usize>> {
        self.section_within(level, name, &(0..self.len))
    }

    fn section_within(&self, level: u8, name: &str, within: &Range<usize>) -> Option<Range<usize>> {
        let i = self.blocks.iter().position(|b| {
            within.contains(&b.range.start)
                && b.kind == Kind::Heading(level)
                && b.text.trim().eq_ignore_ascii_case(name)
        })?;
        let start = self.blocks[i].range.start;
        let end = self.blocks[i + 1..]
            .iter()
            .find(|b| matches!(b.kind, Kind::Heading(l) if l <= level))
            .map_or(self.len, |b| b.range.start)
            .min(within.end);
        Some(start..end)
    }

    /// How many experiments a section holds: its `###` headings, or else the
    /// items of its numbered lists.
    fn experiments(&self, section: &Range<usize>) -> usize {
        let inside = || {
            self.blocks
                .iter()
                .filter(|b| section.contains(&b.range.start))
        };
        let headings = inside().filter(|b| b.kind == Kind::Heading(3)).count();
        if headings > 0 {
            return headings;
        }
        inside()
            .filter(|b| b.kind == Kind::List { ordered: true })
            .map(|b| b.items)
            .sum()
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// An `{{#example …}}` reference, as far as the lint needs it.
#[derive(Debug)]
struct Found {
    name: String,
    offset: usize,
    line: usize,
    /// It carries a claim: an `expected` block right after it, `total=`,
    /// `exit=`, `panic` or `compile=`.
    claims: bool,
    /// `output=reveal`.
    reveal: bool,
}

/// The references in a page, and the lines of unterminated ones, found by
/// the preprocessor's own `discover` (so the lint and the build agree on what
/// a directive is; malformed ones are the build's to report).
fn directives(text: &str) -> (Vec<Found>, Vec<usize>) {
    let (found, errors) = mdbook_examples::find(text);
    let found = found
        .into_iter()
        .map(|f| {
            let d = &f.directive;
            Found {
                offset: f.range.start,
                line: f.line,
                claims: f.expected.is_some()
                    || d.total.is_some()
                    || d.exit != 0
                    || d.panic
                    || d.compile != CompileClaim::Ok,
                reveal: d.output == OutputView::Reveal,
                name: d.name.clone(),
            }
        })
        .collect();
    let unterminated = errors
        .into_iter()
        .filter(|e| e.message.starts_with("unterminated"))
        .map(|e| e.line)
        .collect();
    (found, unterminated)
}

/// 1-based line of byte `pos`.
fn line_of(text: &str, pos: usize) -> usize {
    text[..pos.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chapter with every bone.
    const GOOD: &str = r#"# Title

> **In one line:** one.

**In five lines:**

1. one
2. two
3. three
4. four
5. five

## Code first

{{#example x_start timeline=show total="~200ms"}}

## Predict, then reveal

{{#example x_start output=reveal}}

```expected
[a] start
```

## Experiments

1. **One.** Change it.
2. **Two.** Change it again.

## Redo from memory

Write it.

### Solution

{{#example x_redo output=reveal exit=3}}

## Vocabulary

| term | meaning |
|---|---|

## Questions this chapter answers

Q1.

## asyncio side by side

```python
# Not a heading: ## Vocabulary
```
"#;

    /// Lint `chapter` as an ordinary chapter; compare the problems, written
    /// `LINE: message-start` (or `-: message-start` without a line).
    fn check(chapter: &str, expected: &[&str]) {
        check_exempt(chapter, &[], expected);
    }

    fn check_exempt(chapter: &str, exempt: &[Bone], expected: &[&str]) {
        let got = bones("src/c.md", chapter, exempt);
        let shown: Vec<String> = got.iter().map(ToString::to_string).collect();
        assert_eq!(got.len(), expected.len(), "got:\n{}", shown.join("\n"));
        for (p, want) in got.iter().zip(expected) {
            let (line, start) = want.split_once(": ").unwrap_or((want, ""));
            let line_ok = match line {
                "-" => p.line.is_none(),
                n => p.line == n.parse().ok(),
            };
            assert!(
                line_ok && p.message.starts_with(start),
                "want `{want}`, got:\n{}",
                shown.join("\n")
            );
        }
    }

    #[test]
    fn a_chapter_with_every_bone_passes() {
        check(GOOD, &[]);
    }

    #[test]
    fn each_missing_bone_is_named() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "# Title\n",
                "Intro\n",
                &["1: the page must start with its title"],
            ),
            ("> **In one line:** one.\n", "", &["-: no one-line summary"]),
            ("**In five lines:**\n", "", &["-: no five-line summary"]),
            ("5. five\n", "", &["5: `**In five lines:**` has 4 item(s)"]),
            (
                "5. five\n",
                "5. five\n6. six\n",
                &["5: `**In five lines:**` has 6 item(s)"],
            ),
            (
                "1. one\n2. two\n3. three\n4. four\n5. five\n",
                "Some words.\n",
                &["5: `**In five lines:**` must be followed by a numbered list"],
            ),
            (
                "## Experiments\n",
                "## Things to try\n",
                &["-: no `## Experiments` section"],
            ),
            (
                "2. **Two.** Change it again.\n",
                "",
                &["25: `## Experiments` has 1 numbered experiment(s)"],
            ),
            (
                "### Solution\n",
                "### Answer\n",
                &["30: `## Redo from memory` has no `### Solution`"],
            ),
            (
                "## Vocabulary\n",
                "## Words\n",
                &["-: no `## Vocabulary` section"],
            ),
            (
                "## Questions this chapter answers\n",
                "",
                &["-: no `## Questions this chapter answers` section"],
            ),
            (
                "## asyncio side by side\n",
                "",
                &["-: no `## asyncio side by side` section"],
            ),
            (
                "## Predict, then reveal\n",
                "",
                &["-: no `## Predict, then reveal` section"],
            ),
            (
                "{{#example x_start output=reveal}}",
                "{{#example x_start total=\"~1s\"}}",
                &["17: `## Predict, then reveal` has no example with `output=reveal`"],
            ),
            (
                "output=reveal exit=3}}",
                "output=reveal}}",
                &[
                    "36: `x_redo` carries no claim",
                    "34: `### Solution` must be a verified example",
                ],
            ),
        ];
        for (from, to, expected) in cases {
            assert!(GOOD.contains(from), "{from}");
            check(&GOOD.replacen(from, to, 1), expected);
        }
    }

    #[test]
    fn a_chapter_without_examples() {
        let mut chapter = GOOD.to_owned();
        while let Some(start) = chapter.find(OPEN) {
            let end = start + chapter[start..].find("}}").unwrap() + 2;
            chapter.replace_range(start..end, "");
        }
        check(
            &chapter,
            &[
                "-: no verified example",
                "17: `## Predict, then reveal` has no example with `output=reveal`",
                "34: `### Solution` must be a verified example",
            ],
        );
    }

    #[test]
    fn every_reference_needs_a_claim() {
        let cases: &[(&str, &[&str])] = &[
            ("total=\"~1s\"", &[]),
            ("exit=3", &[]),
            ("panic", &[]),
            ("compile=fail code=E0728", &[]),
            ("order=any", &["25: `extra` carries no claim"]),
            ("lanes=\"total=(x)\"", &["25: `extra` carries no claim"]),
        ];
        for (options, expected) in cases {
            let chapter = GOOD.replacen(
                "## Experiments\n",
                &format!("{OPEN} extra {options}}}}}\n\n## Experiments\n"),
                1,
            );
            check(&chapter, expected);
        }
        // An expected block counts only right after the directive.
        let late = GOOD.replacen(
            "## Experiments\n",
            "{{#example extra}}\n\nThen:\n\n```expected\nx\n```\n\n## Experiments\n",
            1,
        );
        check(&late, &["25: `extra` carries no claim"]);
    }

    #[test]
    fn code_comments_and_inline_code_hide_directives_and_headings() {
        let chapter = GOOD.replacen(
            "Write it.\n",
            "Write it: `{{#example nope}}`.\n\n<!-- {{#example nope}} -->\n\n```md\n{{#example nope}}\n## Vocabulary\n```\n",
            1,
        );
        check(&chapter, &[]);
        assert!(directives(&chapter).0.iter().all(|d| d.name != "nope"));
    }

    #[test]
    fn experiments_may_be_headings() {
        let chapter = GOOD.replacen(
            "1. **One.** Change it.\n2. **Two.** Change it again.\n",
            "### 1. One\n\nText.\n\n### 2. Two\n\n1. a list inside\n2. does not count\n3. more\n",
            1,
        );
        check(&chapter, &[]);
        let five = GOOD.replacen(
            "2. **Two.** Change it again.\n",
            "2. b\n3. c\n4. d\n5. e\n",
            1,
        );
        check(
            &five,
            &["25: `## Experiments` has 5 numbered experiment(s)"],
        );
    }

    #[test]
    fn sections_in_order() {
        let swapped = GOOD
            .replacen("## Vocabulary\n", "## Tmp\n", 1)
            .replacen("## Experiments\n", "## Vocabulary\n", 1)
            .replacen("## Tmp\n", "## Experiments\n", 1);
        check(
            &swapped,
            &[
                "38: `## Experiments` has 0",
                "30: `## Redo from memory` comes after `## Vocabulary`",
                "38: `## Experiments` comes after `## Vocabulary`",
            ],
        );
    }

    #[test]
    fn template_marks_and_unterminated_directives() {
        let chapter = GOOD.replacen("Write it.", "✎ Write the exercise.", 1);
        check(&chapter, &["32: template text left"]);
        let chapter = GOOD.replacen("Write it.", "{{#example x_redo\n\nmore", 1);
        check(&chapter, &["32: `{{#example` has no closing"]);
    }

    #[test]
    fn exempt_bones_are_not_asked_for() {
        let intro = "# Intro\n\n> **In one line:** hi.\n\n**In five lines:**\n\n1. a\n2. b\n3. c\n4. d\n5. e\n\n{{#example hi exit=3}}\n";
        check_exempt(
            intro,
            &[
                Bone::Predict,
                Bone::Experiments,
                Bone::Redo,
                Bone::Vocabulary,
                Bone::Questions,
                Bone::Asyncio,
            ],
            &[],
        );
        check_exempt(
            intro,
            &[
                Bone::Predict,
                Bone::Experiments,
                Bone::Redo,
                Bone::Questions,
            ],
            &["-: no `## Vocabulary`", "-: no `## asyncio side by side`"],
        );
    }

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

    const MANIFEST_TEXT: &str = "[package]\nname = \"ex\"\n\n[[bin]]\nname = \"m_fail\"\npath = \"src/mistakes/m_fail.rs\" # why\nrequired-features = [\"mistakes\"]\n\n[dependencies]\nname = \"not a bin\"\n";

    #[test]
    fn reads_bins_from_the_manifest() {
        assert_eq!(
            cargo_bins(MANIFEST_TEXT),
            [(
                "m_fail".to_owned(),
                Some("src/mistakes/m_fail.rs".to_owned()),
                4
            )]
        );
    }

    #[test]
    fn summary_links_skip_anchors_and_urls() {
        let s = "# Summary\n\n[Intro](introduction.md)\n\n- [A](a.md#part)\n  - [B](./sub/b.md)\n- [Web](https://x.org/c.md)\n";
        assert_eq!(
            summary_links(s),
            [
                ("introduction.md".to_owned(), 3),
                ("a.md".to_owned(), 5),
                ("sub/b.md".to_owned(), 6)
            ]
        );
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
