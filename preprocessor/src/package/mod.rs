//! The examples package on disk: which examples exist, in which language,
//! and which files each could read ([`catalog`]), and the cargo workspace
//! it may belong to ([`workspace`]), and what of the workspace's lockfile
//! and manifest its build depends on ([`cargo_inputs`]). Depends on no
//! stage.

pub mod cargo_inputs;
pub mod catalog;
pub mod languages;
pub mod workspace;
