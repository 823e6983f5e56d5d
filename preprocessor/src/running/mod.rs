//! Producing results: one cargo build ([`build`]), the runs planned by
//! [`schedule`] and driven by [`execute`], each one a process group
//! ([`process`]) recorded in [`registry`] and reaped by [`orphans`], its output
//! cleaned by [`capture`] and its trace read by [`trace`]; what one example
//! produced is a [`record::Record`]; [`history`] remembers what runs cost.
//! Depends on [`crate::package`] and [`crate::util`].

pub mod build;
pub mod capture;
pub mod depinfo;
pub mod execute;
pub mod freshness;
pub mod history;
pub mod orphans;
pub mod process;
pub mod ready;
pub mod record;
pub mod registry;
pub mod schedule;
pub mod startup;
pub mod trace;
