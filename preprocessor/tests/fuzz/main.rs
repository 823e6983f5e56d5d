//! Fuzzing with proptest: the directive parser, chapter discovery, time specs,
//! the `expected` parser and matcher, output cleaning and the config table,
//! each on generated and near-valid input. Every target checks that nothing
//! panics, that each case takes less than [`harness::CASE_LIMIT`], and the
//! invariants that really hold.
//!
//! `cargo test -p mdbook-examples --test fuzz` runs a short chunk of each
//! target (seconds in all), after replaying the committed inputs in
//! `seeds/<target>.txt`. `cargo xtask fuzz --minutes N` runs them in release
//! mode for N minutes, with [`harness::SECONDS_ENV`] set so that each target
//! goes on with fresh random seeds until its share of the time is spent.

mod capture;
mod claims;
mod config;
mod directive;
mod discover;
mod harness;
mod timespec;
