//! Small helpers every stage may use, depending on no other module:
//! invisible characters made visible, "did you mean", atomic file writes.

pub mod atomic;
pub mod invisible;
pub mod proc;
pub mod suggest;
