//! What the stages produce for the book and the author: the replacement of
//! each directive, spliced into the chapters (last first, indented like the
//! directive), the problems, the report's entries and the blessings.

use super::directives::Reference;
use super::report::ReferenceReport;
use crate::checking::bless;
use crate::checking::claims::{Claim, Failure};
use crate::problem::Problem;
use crate::running::record::Record;
use mdbook_preprocessor::book::Book;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

/// The text that replaces each directive, by chapter.
pub(super) type Replacements = BTreeMap<usize, Vec<(Range<usize>, String)>>;

/// What the stages produce for the book and the author.
#[derive(Default)]
pub(super) struct Output {
    pub(super) problems: Vec<Problem>,
    pub(super) replacements: Replacements,
    pub(super) report: Vec<ReferenceReport>,
    pub(super) blessings: BTreeMap<PathBuf, Vec<bless::Edit>>,
    pub(super) failed_claims: usize,
}

impl Output {
    pub(super) fn replace(&mut self, chapter: usize, range: Range<usize>, html: String) {
        self.replacements
            .entry(chapter)
            .or_default()
            .push((range, html));
    }

    /// When blessing, note the rewrite of a failed `expected` block of `r`
    /// (`earlier`: the references before it) and say so.
    pub(super) fn bless_output<'a>(
        &mut self,
        earlier: impl Iterator<Item = &'a Reference>,
        r: &Reference,
        record: &Record,
        failures: &[Failure],
    ) -> bool {
        let (Some(path), Some(run)) = (&r.disk_path, &record.run) else {
            return false;
        };
        if !bless::enabled() || !failures.iter().any(|f| f.cause == Claim::Output) {
            return false;
        }
        let nth = earlier
            .filter(|o| o.chapter == r.chapter && o.name() == r.name())
            .count();
        let actual = run
            .lines
            .iter()
            .map(|l| l.text.trim_end().to_string())
            .collect();
        self.blessings
            .entry(path.clone())
            .or_default()
            .push(bless::Edit {
                example: r.name().to_string(),
                nth,
                actual,
            });
        true
    }

    /// Count the failed claims of `r` and report them as problems (unless
    /// the broken package already explains them).
    pub(super) fn failed(
        &mut self,
        r: &Reference,
        record: &Record,
        failures: &[Failure],
        package_broken: bool,
    ) {
        self.failed_claims += failures.len();
        if package_broken && !record.is_conclusive() {
            return;
        }
        for f in failures {
            self.problems.push(Problem {
                location: r.location(),
                example: Some(r.name().to_string()),
                message: format!("[{}] {}", f.cause, f.message),
            });
        }
    }
}

/// Put each replacement in place of its directive, last first, so that the
/// byte ranges of the others stay valid.
pub(super) fn splice(book: &mut Book, mut replacements: Replacements) {
    let mut index = 0;
    book.for_each_chapter_mut(|chapter| {
        if let Some(mut edits) = replacements.remove(&index) {
            // In reading order first: each legend once per page.
            edits.sort_by_key(|(range, _)| range.start);
            let mut texts: Vec<String> = edits.iter_mut().map(|(_, t)| std::mem::take(t)).collect();
            crate::render::timeline::legend_once_per_page(&mut texts);
            for ((_, t), text) in edits.iter_mut().zip(texts) {
                *t = text;
            }
            edits.reverse();
            for (range, text) in edits {
                let text = indent_like_directive(&chapter.content, range.start, &text);
                chapter.content.replace_range(range, &text);
            }
        }
        index += 1;
    });
}

/// `text` with every line after the first indented like the directive at
/// `start`, so that a directive inside a list item stays inside it.
fn indent_like_directive(content: &str, start: usize, text: &str) -> String {
    let line_start = content[..start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &content[line_start..start];
    if prefix.is_empty() || !prefix.chars().all(|c| c == ' ' || c == '\t') {
        return text.to_string();
    }
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 || line.is_empty() {
                line.to_string()
            } else {
                format!("{prefix}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::indent_like_directive;
    use std::time::Duration;

    #[test]
    fn replacements_keep_the_directive_indentation() {
        let md = "1. item\n\n   {{#example x}}\n";
        let start = md.find("{{").expect("directive");
        assert_eq!(
            indent_like_directive(md, start, "a\n\nb\nc"),
            "a\n\n   b\n   c"
        );
        assert_eq!(indent_like_directive("text {{", 5, "a\nb"), "a\nb");
    }

    #[test]
    fn durations_in_keys_are_stable() {
        assert_eq!(format!("{:?}", Duration::from_secs(30)), "30s");
    }
}
