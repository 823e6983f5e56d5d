//! Every example is used by a page the book builds.

use super::catalog::Catalog;
use super::directives::directives;
use super::{OPEN, Problem, problem};
use crate::authoring::sources::{Book, SRC, SUMMARY};
use std::collections::{BTreeMap, BTreeSet};

/// The examples of `catalog` that no listed page shows.
pub(super) fn unused(book: &Book, listed: &BTreeSet<&str>, catalog: &Catalog) -> Vec<Problem> {
    let mut used_by_listed = BTreeSet::new();
    let mut used_by_unlisted: BTreeMap<String, String> = BTreeMap::new();
    let mut malformed = false;
    for (path, text) in &book.pages {
        let (found, refused) = directives(text);
        malformed |= !refused.is_empty();
        for d in found {
            if listed.contains(path.as_str()) {
                used_by_listed.insert(d.name);
            } else {
                used_by_unlisted.insert(d.name, format!("{SRC}/{path}"));
            }
        }
    }
    let unused = catalog
        .examples
        .iter()
        .filter(|(name, _)| !used_by_listed.contains(*name));
    unused
        .map(|(name, file)| {
            let message = match used_by_unlisted.get(name) {
                Some(page) => format!(
                    "example `{name}` is only used by {page}, which is not in {SUMMARY}: add that page to it"
                ),
                None if malformed => format!(
                    "example `{name}` is not used by any chapter, unless by a directive that does not parse (reported at its line above): fix that one, or show it with `{OPEN} {name}}}}}`, or delete {file}"
                ),
                None => format!(
                    "example `{name}` is not used by any chapter: show it with `{OPEN} {name}}}}}` \
                     and a claim (CONTRIBUTING.md, steps 3 and 4), or delete {file}"
                ),
            };
            problem(file, None, message)
        })
        .collect()
}
