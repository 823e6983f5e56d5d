//! Keeping results: content-hash keys ([`inputs`]), atomic cache entries
//! ([`cache`]), each result kept the moment its run ends ([`keep`]), the
//! warm path ([`replay`]) and `report.json` ([`report`]). Depends on
//! [`crate::running`], [`crate::checking`] (for the report) and
//! [`crate::package`].

pub mod cache;
pub mod inputs;
pub mod keep;
pub mod replay;
pub mod report;
