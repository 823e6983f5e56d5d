//! `mdbook-examples`: an mdBook preprocessor that compiles and runs the
//! example programs a book references and embeds their real, timed output.
//!
//! The layers, one folder or module each, each using only those before it
//! (`layers.rs` checks it): `util` → `problem` (what is wrong where) →
//! `finding` (directives in chapters) → `package` (examples on disk) →
//! `config` → `running` (build and run: one record per example) → `storing`
//! (cache keys and entries, each record kept as its run ends, the warm path)
//! → `checking` (the chapter's claims) → `render` → `setup` (`install`) →
//! `pipeline` (the stages in data-flow order: find, look up the cache, build
//! and run, check, render, splice) → `protocol`. The command answers mdBook
//! through [`preprocess`], which replays the last clean build's output
//! instead when nothing changed.
//! See `README.md` for the directive and its options, `ARCHITECTURE.md` for
//! the map.
//!
//! The public API is [`ExamplesPreprocessor`], the protocol entry points and
//! [`install`] (setting up a book);
//! the rest is re-exported for the chapter lint (xtask) and the tests.

mod checking;
mod config;
mod finding;
#[cfg(test)]
mod layers;
mod package;
mod pipeline;
mod problem;
mod protocol;
mod render;
mod running;
mod setup;
mod storing;
mod util;

pub use protocol::{preprocess, preprocess_book};
pub use setup::install;

// For the chapter lint (xtask): the parser, as the preprocessor reads chapters.
pub use finding::directive::{
    CompileClaim, Directive, OPTIONS, OutputView, SourceView, TimelineView,
};
pub use finding::discover::{find, find_compares};
pub use running::schedule::default_jobs;

// For the tests (fuzzing of the parsers, the matcher and output cleaning;
// cache entries and replay timing in the fixture tests).
pub use checking::claims::{Claim, Pattern, check, parse_expected};
pub use config::Config;
pub use finding::timespec::{TimeSpec, parse_duration};
pub use running::build::Diagnostic;
pub use running::capture::{MAX_BYTES, MAX_LINES, clean_line, read_line_capped};
pub use running::process::{Exit, Line, RunOutcome, Stream};
pub use running::record::Record;
pub use storing::cache::read_entry;
pub use storing::replay::RACY;
pub use util::invisible::is_invisible;

/// The poll tracer's file format, for the tracer crate's test that the
/// preprocessor reads what the tracer writes.
pub mod trace {
    pub use crate::running::trace::{Alignment, parse};
}

use mdbook_preprocessor::book::Book;
use mdbook_preprocessor::errors::Result;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

/// The preprocessor, for `[preprocessor.examples]`.
#[derive(Debug, Default, Clone, Copy)]
pub struct ExamplesPreprocessor;

impl ExamplesPreprocessor {
    /// The name used in `book.toml`.
    pub const NAME: &'static str = "examples";
}

impl Preprocessor for ExamplesPreprocessor {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn run(&self, ctx: &PreprocessorContext, book: Book) -> Result<Book> {
        protocol::preprocess_book(ctx, book)
    }

    fn supports_renderer(&self, _renderer: &str) -> Result<bool> {
        Ok(true)
    }
}
