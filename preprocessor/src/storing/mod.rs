//! Keeping results: content-hash keys ([`inputs`]), atomic cache entries
//! ([`cache`]), each result kept the moment its run ends ([`keep`]), and the
//! warm path ([`replay`]). Depends on [`crate::running`] (what a record and
//! a job are), [`crate::package`] and [`crate::util`].

pub mod cache;
pub mod inputs;
pub mod keep;
pub mod replay;
