//! Small helpers shared by the book's example programs.
//!
//! Every example is a binary in `src/bin/`; the chapters show their source and
//! their real output. Keep this library tiny: a reader should be able to
//! understand an example without opening this file.

mod helpers;

pub use helpers::{busy_for, resident_kib};
pub mod proc_stats;

/// The poll tracer (`trace::task`, `trace::spawn`) that draws traced
/// timelines: the `mdbook-examples-tracer` crate in `examples/tracer/`.
pub use mdbook_examples_tracer as trace;
