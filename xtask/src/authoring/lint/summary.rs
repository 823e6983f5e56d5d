//! `SUMMARY.md` against `src/`: every link leads to a page, and every page
//! is linked (mdBook never builds one that is not).

use super::doc::Doc;
use super::{Problem, problem};
use crate::authoring::sources::{Book, SRC, SUMMARY};
use std::collections::BTreeSet;

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
