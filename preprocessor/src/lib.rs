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
//! The public API: [`ExamplesPreprocessor`] (for mdBook's library), the
//! protocol entry points ([`preprocess`], [`preprocess_book`]), [`install`]
//! (setting up a book), the directive parser ([`find`]: xtask's chapter
//! lint reads chapters with it, so that lint and build agree),
//! [`default_jobs`] and the poll tracer's file format ([`trace`]). What the
//! tests reach inside is in [`testing`], which is not part of the API.

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

pub use finding::directive::{CompileClaim, Directive, OutputView};
pub use finding::discover::{Expected, FindError, Found, find};
pub use protocol::{preprocess, preprocess_book};
pub use running::schedule::default_jobs;
pub use setup::install;

/// The poll tracer's file format, for the tracer crate's test that the
/// preprocessor reads what the tracer writes.
pub mod trace {
    pub use crate::running::trace::{Alignment, parse};
}

/// What the tests reach inside the preprocessor: the parsers, the matcher
/// and output cleaning (fuzzed), cache entries and replay timing (the
/// fixture books). Not part of the API: it changes with the code.
#[doc(hidden)]
pub mod testing {
    pub use crate::checking::claims::{Claim, Pattern, check, parse_expected};
    pub use crate::config::Config;
    pub use crate::finding::directive::{OPTIONS, SourceView, TimelineView};
    pub use crate::finding::timespec::{TimeSpec, parse_duration};
    pub use crate::running::build::Diagnostic;
    pub use crate::running::capture::{MAX_BYTES, MAX_LINES, clean_line, read_line_capped};
    pub use crate::running::process::{Exit, Line, RunOutcome, Stream};
    pub use crate::running::record::Record;
    pub use crate::storing::cache::read_entry;
    pub use crate::storing::replay::RACY;
    pub use crate::util::invisible::is_invisible;
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
