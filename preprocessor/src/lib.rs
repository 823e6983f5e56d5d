//! `mdbook-examples`: an mdBook preprocessor that compiles and runs the
//! example programs a book references and embeds their real, timed output.
//!
//! The stages, one module each, in the order data flows through them:
//! [`discover`] (directives in chapters) → [`catalog`] (examples on disk) →
//! [`cache`] → [`build`] + [`run`] (via [`execute`]) → [`claims`] (timing
//! claims only on enough cores: [`needs`]) →
//! [`render`] → splice, all driven by [`pipeline`]. The command answers
//! mdBook through [`protocol`], which replays the last clean build's output
//! instead when nothing changed ([`replay`]). See `README.md` for the
//! directive and its options.

pub mod bless;
pub mod build;
pub mod cache;
pub mod capture;
pub mod catalog;
pub mod claims;
pub mod compare;
pub mod config;
pub mod directive;
pub mod discover;
pub mod execute;
pub mod history;
pub mod inputs;
pub mod invisible;
pub mod keep;
pub mod needs;
pub mod orphans;
pub mod pipeline;
pub mod protocol;
pub mod render;
pub mod replay;
pub mod report;
pub mod run;
pub mod running;
pub mod schedule;
pub mod setup;
pub mod suggest;
pub mod timespec;
pub mod trace;

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
