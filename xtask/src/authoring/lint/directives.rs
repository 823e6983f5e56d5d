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

/// A directive the preprocessor's parser refused: its line and the
/// parser's own words.
#[derive(Debug)]
pub(super) struct Malformed {
    pub(super) line: usize,
    pub(super) message: String,
    /// No closing `}}` in its paragraph.
    pub(super) unterminated: bool,
}

/// The references in a page, and the ones the preprocessor's own
/// `discover` refused, with its message (what the build would say).
pub(super) fn directives(text: &str) -> (Vec<Found>, Vec<Malformed>) {
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
    let malformed = errors
        .into_iter()
        .map(|e| Malformed {
            line: e.line,
            unterminated: e.message.starts_with("unterminated"),
            message: e.message,
        })
        .collect();
    (found, malformed)
}
