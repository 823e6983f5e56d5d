//! One page's bones (CONTRIBUTING.md, "Follow the chapter bones"): the
//! title, the two summaries, a claim on every example, and the `##`
//! sections in order, each with what it needs. Template text left from
//! `cargo xtask new-chapter` (marked `✎`) is named line by line.

use super::directives::{Found, directives};
use super::doc::{Block, Doc, Kind};
use super::{OPEN, PLACEHOLDER, Problem, problem};
use crate::authoring::sources::line_of;
use std::ops::Range;

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
pub(super) const NON_STANDARD: &[(&str, &[Bone], &str)] = &[
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

/// The bones `page` (a path within `src/`) may lack.
pub(super) fn exempt(page: &str) -> &'static [Bone] {
    NON_STANDARD
        .iter()
        .find(|(p, _, _)| *p == page)
        .map_or(&[][..], |(_, bones, _)| bones)
}

/// The problems with one page's bones; `exempt` lists the bones it may lack.
pub fn bones(file: &str, text: &str, exempt: &[Bone]) -> Vec<Problem> {
    let (found, malformed) = directives(text);
    let mut page = Page::new(file, text, exempt, found);
    for m in malformed {
        let message = match m.unterminated {
            true => format!("`{OPEN}` has no closing `}}}}` in its paragraph"),
            false => m.message,
        };
        page.say(Some(m.line), message);
    }
    page.placeholders();
    page.title();
    page.one_line();
    page.five_lines();
    page.claims();
    page.sections();
    page.out
}

/// The template text of a line, from its first `✎` (shortened), if it has one.
fn template_text(line: &str) -> Option<String> {
    const MAX_CHARS: usize = 60;
    let (_, after) = line.split_once(PLACEHOLDER)?;
    let text = format!("{PLACEHOLDER}{after}");
    let text = text.trim_end();
    Some(match text.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    })
}

/// One page being checked, and what was found wrong so far.
struct Page<'a> {
    file: &'a str,
    text: &'a str,
    exempt: &'a [Bone],
    doc: Doc,
    found: Vec<Found>,
    /// Where the first `##` section starts (the page's end without one).
    first_section: usize,
    out: Vec<Problem>,
}

impl<'a> Page<'a> {
    fn new(file: &'a str, text: &'a str, exempt: &'a [Bone], found: Vec<Found>) -> Page<'a> {
        let doc = Doc::parse(text);
        let first_section = doc
            .blocks
            .iter()
            .find(|b| matches!(b.kind, Kind::Heading(2)))
            .map_or(text.len(), |b| b.range.start);
        Page {
            file,
            text,
            exempt,
            doc,
            found,
            first_section,
            out: Vec::new(),
        }
    }

    fn need(&self, bone: Bone) -> bool {
        !self.exempt.contains(&bone)
    }

    fn say(&mut self, line: Option<usize>, message: impl Into<String>) {
        self.out.push(problem(self.file, line, message));
    }

    fn line(&self, pos: usize) -> usize {
        line_of(self.text, pos)
    }

    /// Every line that still holds template text.
    fn placeholders(&mut self) {
        let lines: Vec<(usize, String)> = (self.text.lines().enumerate())
            .filter_map(|(i, l)| Some((i + 1, template_text(l)?)))
            .collect();
        for (line, template) in lines {
            self.say(
                Some(line),
                format!(
                    "template text left (marked `{PLACEHOLDER}`): replace it with the chapter's own words: \"{template}\""
                ),
            );
        }
    }

    fn title(&mut self) {
        let first = self.doc.blocks.first().map(|b| &b.kind);
        if self.need(Bone::Title) && !matches!(first, Some(Kind::Heading(1))) {
            self.say(Some(1), "the page must start with its title, `# Title`");
        }
    }

    fn one_line(&mut self) {
        if !self.need(Bone::OneLine) {
            return;
        }
        let one_line = self.doc.blocks.iter().find(|b| {
            b.kind == Kind::BlockQuote && b.text.trim_start().starts_with("In one line:")
        });
        match one_line.map(|b| b.range.start) {
            None => self.say(
                None,
                "no one-line summary: `> **In one line:** …` under the title",
            ),
            Some(at) if at > self.first_section => self.say(
                Some(self.line(at)),
                "the one-line summary must come before the first `##` section",
            ),
            Some(_) => {}
        }
    }

    fn five_lines(&mut self) {
        if !self.need(Bone::FiveLines) {
            return;
        }
        let at = self
            .doc
            .blocks
            .iter()
            .position(|b| b.kind == Kind::Paragraph && b.text.trim() == "In five lines:");
        let Some(i) = at else {
            self.say(
                None,
                "no five-line summary: `**In five lines:**` and a numbered list of five items",
            );
            return;
        };
        let start = self.doc.blocks[i].range.start;
        let line = Some(self.line(start));
        match self.doc.blocks.get(i + 1) {
            Some(Block {
                kind: Kind::List { .. },
                items: 5,
                ..
            }) => {}
            Some(Block {
                kind: Kind::List { .. },
                items,
                ..
            }) => {
                let message = format!("`**In five lines:**` has {items} item(s); write exactly 5");
                self.say(line, message);
            }
            _ => self.say(
                line,
                "`**In five lines:**` must be followed by a numbered list of five items",
            ),
        }
        if start > self.first_section {
            self.say(
                line,
                "the five-line summary must come before the first `##` section",
            );
        }
    }

    /// At least one reference, and a claim on each.
    fn claims(&mut self) {
        if !self.need(Bone::Claim) {
            return;
        }
        if self.found.is_empty() {
            self.say(
                None,
                format!(
                    "no verified example: show one with `{OPEN} NAME}}}}` and a claim (an ```expected block \
                     right after it, `total=`, `exit=`, `panic` or `compile=`; see preprocessor/README.md)"
                ),
            );
        }
        let unclaimed: Vec<(usize, String)> = (self.found.iter())
            .filter(|d| !d.claims)
            .map(|d| (d.line, d.name.clone()))
            .collect();
        for (line, name) in unclaimed {
            self.say(
                Some(line),
                format!(
                    "`{name}` carries no claim: add an ```expected block right after it, or `total=`, \
                     `exit=`, `panic`, `compile=` (CONTRIBUTING.md, step 4)"
                ),
            );
        }
    }

    /// The `##` sections: present, in order, with what each one needs.
    fn sections(&mut self) {
        let mut present: Vec<(usize, usize)> = Vec::new();
        for (rank, &(bone, heading)) in SECTIONS.iter().enumerate() {
            match self.doc.section(2, heading) {
                None if self.need(bone) => self.say(None, format!("no `## {heading}` section")),
                None => {}
                Some(section) => {
                    present.push((section.start, rank));
                    if self.need(bone) {
                        self.section_needs(bone, &section);
                    }
                }
            }
        }
        self.section_order(present);
    }

    fn section_needs(&mut self, bone: Bone, section: &Range<usize>) {
        let line = Some(self.line(section.start));
        match bone {
            Bone::Predict if !self.inside(section).any(|d| d.reveal) => self.say(
                line,
                "`## Predict, then reveal` has no example with `output=reveal`",
            ),
            Bone::Experiments => {
                let n = self.doc.experiments(section);
                if !(2..=4).contains(&n) {
                    self.say(
                        line,
                        format!(
                            "`## Experiments` has {n} numbered experiment(s); write 2 to 4 \
                             (a numbered list, or `### 1. …` headings)"
                        ),
                    );
                }
            }
            Bone::Redo => self.solution(section),
            _ => {}
        }
    }

    /// The references inside `section`.
    fn inside(&self, section: &Range<usize>) -> impl Iterator<Item = &Found> {
        let section = section.clone();
        self.found
            .iter()
            .filter(move |d| section.contains(&d.offset))
    }

    /// `## Redo from memory` has a `### Solution` with a verified example.
    fn solution(&mut self, redo: &Range<usize>) {
        match self.doc.section_within(3, "Solution", redo) {
            None => self.say(
                Some(self.line(redo.start)),
                "`## Redo from memory` has no `### Solution`",
            ),
            Some(solution) => {
                if !self.inside(&solution).any(|d| d.claims) {
                    self.say(
                        Some(self.line(solution.start)),
                        "`### Solution` must be a verified example: an example with a claim",
                    );
                }
            }
        }
    }

    /// In document order, no section may follow one that belongs after it.
    fn section_order(&mut self, mut present: Vec<(usize, usize)>) {
        present.sort_unstable();
        let mut latest = None;
        for (at, rank) in present {
            match latest {
                Some(before) if rank < before => self.say(
                    Some(self.line(at)),
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
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::authoring::lint::OPEN;
    use crate::authoring::lint::directives::directives;

    /// A chapter with every bone.
    pub(in crate::authoring::lint) const GOOD: &str = r#"# Title

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
                "21: an `expected` block must come right after an `{{#example …}}` directive",
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
        check(
            &late,
            &[
                "29: an `expected` block must come right after",
                "25: `extra` carries no claim",
            ],
        );
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
        check(
            &chapter,
            &[
                "32: template text left (marked `✎`): replace it with the chapter's own words: \"✎ Write the exercise.\"",
            ],
        );
        let long = format!("| a | ✎ {} |", "word ".repeat(30));
        let chapter = GOOD.replacen("Write it.", &long, 1);
        check(
            &chapter,
            &[&format!(
                "32: template text left (marked `✎`): replace it with the chapter's own words: \"✎ {}…\"",
                &"word ".repeat(12)[..58]
            )],
        );
        let chapter = GOOD.replacen("Write it.", "{{#example x_redo\n\nmore", 1);
        check(&chapter, &["32: `{{#example` has no closing"]);
        let chapter = GOOD.replacen("Write it.", "{{#example x_redo outptu=reveal}}", 1);
        check(&chapter, &["32: unknown option"]);
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
}
