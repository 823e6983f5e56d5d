//! Stage 1: the directives of the book, where each is, and the problems of
//! the malformed ones.

use crate::finding::discover::{self, Found, FoundCompare};
use crate::package::catalog::Catalog;
use crate::problem::Problem;
use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::Book;
use std::path::PathBuf;

/// A directive in a chapter.
pub(super) struct Reference {
    pub(super) chapter: usize,
    /// The chapter file as shown in messages (`src/gather.md`).
    pub(super) file: String,
    /// The chapter file on disk, when it has one (for blessing).
    pub(super) disk_path: Option<PathBuf>,
    pub(super) found: Found,
}

impl Reference {
    pub(super) fn location(&self) -> String {
        format!("{}:{}", self.file, self.found.line)
    }

    pub(super) fn name(&self) -> &str {
        &self.found.directive.name
    }
}

/// A `{{#compare}}` directive in a chapter.
pub(super) struct CompareRef {
    pub(super) chapter: usize,
    pub(super) file: String,
    pub(super) found: FoundCompare,
}

impl CompareRef {
    pub(super) fn location(&self) -> String {
        format!("{}:{}", self.file, self.found.line)
    }
}

/// Stage 1's result: every directive of the book, and the problems of the
/// malformed ones.
#[derive(Default)]
pub(super) struct Directives {
    pub(super) refs: Vec<Reference>,
    pub(super) compares: Vec<CompareRef>,
    pub(super) problems: Vec<Problem>,
}

impl Directives {
    /// Stage 1: every `{{#example}}` and `{{#compare}}` of every chapter.
    pub(super) fn in_book(ctx: &PreprocessorContext, book: &mut Book) -> Directives {
        let mut all = Directives::default();
        let src_dir = &ctx.config.book.src;
        let mut index = 0;
        book.for_each_chapter_mut(|chapter| {
            let file = chapter.source_path.as_ref().map_or_else(
                || chapter.name.clone(),
                |p| src_dir.join(p).display().to_string(),
            );
            let disk_path = chapter
                .source_path
                .as_ref()
                .map(|p| ctx.root.join(src_dir).join(p));
            let (found, errors) = discover::find(&chapter.content);
            let (compared, compare_errors) = discover::find_compares(&chapter.content);
            all.problems
                .extend(errors.into_iter().chain(compare_errors).map(|e| Problem {
                    location: format!("{file}:{}", e.line),
                    example: None,
                    message: e.message,
                }));
            all.refs.extend(found.into_iter().map(|found| Reference {
                chapter: index,
                file: file.clone(),
                disk_path: disk_path.clone(),
                found,
            }));
            all.compares
                .extend(compared.into_iter().map(|found| CompareRef {
                    chapter: index,
                    file: file.clone(),
                    found,
                }));
            index += 1;
        });
        all
    }

    pub(super) fn is_empty(&self) -> bool {
        self.refs.is_empty() && self.compares.is_empty() && self.problems.is_empty()
    }
}

/// "No example named …", with the closest name or how to add it.
pub(super) fn unknown_example(name: &str, catalog: &Catalog) -> String {
    let mut message = format!(
        "no example named `{name}` in {}",
        catalog.package_dir.display()
    );
    match crate::util::suggest::closest(name, catalog.names()) {
        Some(close) => message.push_str(&format!(" (did you mean `{close}`?)")),
        None => {
            let places: Vec<String> = (catalog.languages.iter())
                .map(|l| l.place_for(name))
                .collect();
            message.push_str(&format!("; add it as {}", places.join(" or ")));
        }
    }
    message
}
