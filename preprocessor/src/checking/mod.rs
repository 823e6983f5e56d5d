//! Checking a chapter's claims against a record ([`claims`]) and a
//! figure's headline against its runs ([`headline`]), leaving out
//! the timing claims a run had too few cores for ([`needs`]), and rewriting
//! failing `expected` blocks when asked ([`bless`]). Depends on
//! [`crate::finding`] and [`crate::running`].

pub mod bless;
pub mod claims;
pub mod headline;
pub mod needs;
