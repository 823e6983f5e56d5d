//! Book-authoring tools: what a writer runs on the chapters, apart from
//! the repository's tasks (build, serve, test, bench, e2e, fuzz) beside
//! this folder, which may use these and never the other way round.
//!
//! [`sources`] reads the book into memory; [`glossary`] generates
//! `src/glossary.md` from it; [`lint`] checks every chapter's bones, every
//! example's use and that the glossary is current; [`scaffold`] writes a new
//! chapter that passes the lint.

pub mod glossary;
pub mod lint;
pub mod scaffold;
pub mod sources;
