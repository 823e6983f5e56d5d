//! `SUMMARY.md` against `src/`: every link leads to a page, and every page
//! is linked (mdBook never builds one that is not).

use super::doc::{Doc, line_of};
use super::{Book, Problem, SRC, SUMMARY, problem};
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::collections::BTreeSet;

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

/// Links to missing pages, and pages without a link.
pub(super) fn problems(
    book: &Book,
    links: &[(String, usize)],
    listed: &BTreeSet<&str>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (path, line) in links {
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
            let title = Doc::parse(text)
                .title()
                .unwrap_or_else(|| "Title".to_owned());
            problems.push(problem(
                &format!("{SRC}/{path}"),
                None,
                format!(
                    "not in {SUMMARY}, so mdBook never builds it: add the line `- [{title}]({path})` there"
                ),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
