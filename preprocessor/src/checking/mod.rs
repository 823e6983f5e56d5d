//! Checking a chapter's claims against a record ([`claims`]) and a
//! figure's headline against its runs ([`headline`]), leaving out
//! the timing claims a run had too few cores for ([`needs`]), reading an
//! example's source once and finding the region or difference a reference
//! shows ([`source`]), and rewriting failing `expected` blocks when asked
//! ([`bless`]). Depends on [`crate::finding`], [`crate::package`] and
//! [`crate::running`].

pub mod bless;
pub mod claims;
pub mod headline;
pub mod needs;
pub mod source;
