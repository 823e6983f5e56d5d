//! Finding directives in the book: `{{#example}}` and `{{#compare}}` with
//! their byte ranges ([`discover`]), their options ([`directive`],
//! [`compare`], [`figure`]), time specs ([`timespec`]) and lane patterns ([`lanes`]).
//! Depends only on [`crate::util`].

pub mod compare;
pub mod directive;
pub mod discover;
pub mod figure;
pub mod lanes;
pub mod options;
pub mod timespec;
