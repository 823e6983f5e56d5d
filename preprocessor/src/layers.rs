//! The layering of the crate, checked: a folder (or top-level module) uses
//! only those before it in [`ORDER`], and no modules import each other in a
//! circle. Read from the sources' `crate::…` paths (comments and test
//! modules left out).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level folders and modules, each allowed to use only those before it.
const ORDER: &[&str] = &[
    "util", "finding", "package", "config", "running", "checking", "storing", "render", "setup",
    "pipeline", "protocol",
];

/// Every module (`running::process`) and the modules its code names.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().flatten() {
        let rel = entry.path().strip_prefix(&src).expect("inside");
        let Some(rel) = rel.to_str().and_then(|r| r.strip_suffix(".rs")) else {
            continue;
        };
        if ["lib", "main", "layers"].contains(&rel) {
            continue;
        }
        let module = rel.strip_suffix("/mod").unwrap_or(rel).replace('/', "::");
        let text = std::fs::read_to_string(entry.path()).expect("source");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let code: String = code
            .lines()
            .map(|l| l.split("//").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n");
        sources.insert(module, code);
    }
    let known: BTreeSet<String> = sources.keys().cloned().collect();
    let path = regex::Regex::new(r"crate::((?:[a-z_][a-z0-9_]*::)*)(\{[^}]*\}|[a-z_][a-z0-9_]*)")
        .expect("regex");
    sources
        .iter()
        .map(|(module, code)| {
            let mut used = BTreeSet::new();
            for c in path.captures_iter(code) {
                let items = c[2].trim_matches(|ch| ch == '{' || ch == '}');
                for item in items.split(',') {
                    let full = format!("{}{}", &c[1], item.trim().split("::").next().unwrap_or(""));
                    let mut parts: Vec<&str> = full.split("::").filter(|p| !p.is_empty()).collect();
                    while !parts.is_empty() && !known.contains(&parts.join("::")) {
                        parts.pop();
                    }
                    if !parts.is_empty() {
                        used.insert(parts.join("::"));
                    }
                }
            }
            (module.clone(), used)
        })
        .collect()
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

/// A module and one of its ancestors (a parent declaring or lending to its child).
fn related(a: &str, b: &str) -> bool {
    a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
}

#[test]
fn folders_import_only_downward() {
    let mut wrong = Vec::new();
    for (module, used) in imports() {
        let Some(rank) = ORDER.iter().position(|t| *t == top(&module)) else {
            panic!("`{module}` is in no layer: add its folder to ORDER");
        };
        for other in used.iter().filter(|o| top(o) != top(&module)) {
            if ORDER
                .iter()
                .position(|t| *t == top(other))
                .is_none_or(|r| r > rank)
            {
                wrong.push(format!("{module} uses {other}"));
            }
        }
    }
    assert!(wrong.is_empty(), "upward imports:\n{}", wrong.join("\n"));
}

#[test]
fn no_modules_import_each_other_in_a_circle() {
    let graph = imports();
    fn reaches(
        graph: &BTreeMap<String, BTreeSet<String>>,
        from: &str,
        to: &str,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        graph
            .get(from)
            .into_iter()
            .flatten()
            .filter(|n| !related(from, n))
            .any(|next| next == to || (seen.insert(next.clone()) && reaches(graph, next, to, seen)))
    }
    let cycles: Vec<&String> = graph
        .keys()
        .filter(|m| reaches(&graph, m, m, &mut BTreeSet::new()))
        .collect();
    assert!(cycles.is_empty(), "in an import cycle: {cycles:?}");
}
