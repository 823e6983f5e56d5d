//! The `{{#example}}` references of a page, found by the preprocessor's own
//! parser, so that the lint and the build agree on what a directive is.

use mdbook_examples::{CompileClaim, OutputView};

/// An `{{#example …}}` reference, as far as the lint needs it.
#[derive(Debug)]
pub(super) struct Found {
    pub(super) name: String,
    pub(super) offset: usize,
    pub(super) line: usize,
    /// It carries a claim: an `expected` block right after it, `total=`,
    /// `exit=`, `panic` or `compile=`.
    pub(super) claims: bool,
    /// `output=reveal`.
    pub(super) reveal: bool,
}

/// The references in a page, and the lines of unterminated ones, found by
/// the preprocessor's own `discover` (malformed ones are the build's to
/// report).
pub(super) fn directives(text: &str) -> (Vec<Found>, Vec<usize>) {
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
