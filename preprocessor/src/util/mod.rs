//! Small helpers every stage may use, depending on no other module:
//! invisible characters made visible, "did you mean", atomic file writes,
//! times in words.

pub mod atomic;
pub mod files;
pub mod invisible;
pub mod key;
pub mod proc;
pub mod suggest;
pub mod time;
