//! Integration tests: small fixture books built through the real mdBook
//! protocol (mdbook-driver runs the `mdbook-examples` binary as a command
//! preprocessor). See `tests/README.md`.

mod adopt;
mod claims;
mod core_loop;
mod figures;
mod harness;
mod languages;
mod robustness;
mod transparent;
mod trust;
mod variants;
