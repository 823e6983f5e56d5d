//! The examples package on disk: which examples exist, in which language,
//! and which files each could read ([`catalog`]), and the cargo workspace
//! it may belong to ([`workspace`]). Depends on no stage.

pub mod catalog;
pub mod languages;
pub mod workspace;
