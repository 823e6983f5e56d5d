//! The examples package on disk: which examples exist, in which language,
//! and which files each could read ([`catalog`]). Depends on no stage.

pub mod catalog;
pub mod languages;
