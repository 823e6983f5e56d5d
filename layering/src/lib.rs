//! The layering of a crate, checked from its unit tests: each top-level
//! module or folder uses only those before it in the crate's order, and no
//! modules import each other in a circle. Read from the sources' paths that
//! start with `crate::`, `super::` or `self::` (comments and everything
//! after a file's first `#[cfg(test)]` left out; the crate root and the
//! modules it declares under `#[cfg(test)]` are not checked).
//!
//! A crate calls it like this, in a `#[cfg(test)]` module:
//!
//! ```no_run
//! const ORDER: &[&str] = &["util", "parse", "render"];
//! layering::assert_downward(env!("CARGO_MANIFEST_DIR"), ORDER);
//! layering::assert_no_circle(env!("CARGO_MANIFEST_DIR"));
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module of a crate (`running::process`) and the modules its code names.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// Panic listing every module that uses one later in `order` (or one in
/// no layer), for the crate whose manifest is in `crate_dir`.
#[track_caller]
pub fn assert_downward(crate_dir: &str, order: &[&str]) {
    let wrong = upward(&imports(crate_dir), order);
    assert!(wrong.is_empty(), "upward imports:\n{}", wrong.join("\n"));
}

/// Panic listing every module in an import circle, for the crate whose
/// manifest is in `crate_dir`.
#[track_caller]
pub fn assert_no_circle(crate_dir: &str) {
    let circles = circles(&imports(crate_dir));
    assert!(circles.is_empty(), "in an import circle: {circles:?}");
}

/// What each module of the crate's `src/` names.
fn imports(crate_dir: &str) -> Graph {
    let src = Path::new(crate_dir).join("src");
    let mut sources = BTreeMap::new();
    let mut test_only = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().flatten() {
        let Ok(rel) = entry.path().strip_prefix(&src) else {
            continue;
        };
        let Some(rel) = rel.to_str().and_then(|r| r.strip_suffix(".rs")) else {
            continue;
        };
        let module = rel.strip_suffix("/mod").unwrap_or(rel).replace('/', "::");
        let text = std::fs::read_to_string(entry.path())
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", entry.path().display()));
        test_only.extend(test_modules(&text).map(|m| child(&module, &m)));
        sources.insert(module, code_of(&text));
    }
    sources.retain(|m, _| !["lib", "main"].contains(&m.as_str()) && !test_only.contains(m));
    let known: BTreeSet<String> = sources.keys().cloned().collect();
    sources
        .iter()
        .map(|(module, code)| (module.clone(), uses(module, code, &known)))
        .collect()
}

/// `module::name` (`name` alone under the crate root, `lib` or `main`).
fn child(module: &str, name: &str) -> String {
    match module {
        "lib" | "main" => name.to_owned(),
        _ => format!("{module}::{name}"),
    }
}

/// The modules a file declares with `#[cfg(test)] mod NAME;`.
fn test_modules(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split("#[cfg(test)]").skip(1).filter_map(|after| {
        let decl = after.trim_start().strip_prefix("mod ")?;
        let (name, _) = decl.split_once(';')?;
        let name = name.trim();
        name.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
            .then(|| name.to_owned())
    })
}

/// A file's code: `#[cfg(test)] mod NAME;` declarations kept out,
/// everything from the first other `#[cfg(test)]` on cut, and `//`
/// comments removed.
fn code_of(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut code = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if let Some(rest) = line.strip_prefix("#[cfg(test)]") {
            let item = if rest.trim().is_empty() {
                i += 1;
                lines.get(i).map_or("", |l| l.trim())
            } else {
                rest.trim()
            };
            if !(item.starts_with("mod ") && item.ends_with(';')) {
                break;
            }
        } else {
            code.push_str(lines[i].split("//").next().unwrap_or_default());
            code.push('\n');
        }
        i += 1;
    }
    code
}

/// The crate's modules that `module`'s code names (but itself), by the
/// longest known prefix of each path (`crate::running::process::run` →
/// `running::process`).
fn uses(module: &str, code: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    let mut before = None;
    while let Some(c) = rest.chars().next() {
        let word_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if word_len == 0 {
            before = Some(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let starts_path =
            !matches!(before, Some(b) if b.is_ascii_alphanumeric() || b == '_' || b == ':');
        let base = match &rest[..word_len] {
            "crate" => Some(Vec::new()),
            "self" => Some(segments(module)),
            "super" => Some(
                segments(module)[..]
                    .split_last()
                    .map_or(Vec::new(), |(_, up)| up.to_vec()),
            ),
            _ => None,
        };
        match (starts_path, base, rest[word_len..].strip_prefix("::")) {
            (true, Some(mut base), Some(mut after)) => {
                while let Some(more) = after.strip_prefix("super::") {
                    base.pop();
                    after = more;
                }
                rest = tree(after, base, &mut paths);
                before = Some(';');
            }
            _ => {
                before = rest[..word_len].chars().next_back();
                rest = &rest[word_len..];
            }
        }
    }
    paths
        .into_iter()
        .filter_map(|mut parts| {
            while !parts.is_empty() && !known.contains(&parts.join("::")) {
                parts.pop();
            }
            let found = parts.join("::");
            (!parts.is_empty() && found != module).then_some(found)
        })
        .collect()
}

fn segments(module: &str) -> Vec<String> {
    module.split("::").map(str::to_owned).collect()
}

/// The paths of a use tree (`a::{b, c::{d, e}}`) or a path (`a::b::f`)
/// after `prefix`, each into `out`; returns the text after it.
fn tree<'t>(text: &'t str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> &'t str {
    let mut path = prefix;
    let mut rest = text.trim_start();
    loop {
        if let Some(group) = rest.strip_prefix('{') {
            rest = group;
            loop {
                rest = tree(rest, path.clone(), out).trim_start();
                match rest.chars().next() {
                    Some(',') => rest = rest[1..].trim_start(),
                    _ => break,
                }
                if rest.starts_with('}') {
                    break;
                }
            }
            return rest.strip_prefix('}').unwrap_or(rest);
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len == 0 {
            break;
        }
        path.push(rest[..len].to_owned());
        rest = &rest[len..];
        match rest.strip_prefix("::") {
            Some(more) => rest = more.trim_start(),
            None => break,
        }
    }
    out.push(path);
    rest
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

/// A module and one of its ancestors (a parent declaring or lending to its child).
fn related(a: &str, b: &str) -> bool {
    a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
}

/// "`a` uses `b`" for every use of a later layer, or of one in no layer.
fn upward(graph: &Graph, order: &[&str]) -> Vec<String> {
    let rank = |m: &str| order.iter().position(|t| *t == top(m));
    let mut wrong = Vec::new();
    for (module, used) in graph {
        let Some(mine) = rank(module) else {
            wrong.push(format!(
                "`{module}` is in no layer: add `{}` to ORDER",
                top(module)
            ));
            continue;
        };
        for other in used.iter().filter(|o| top(o) != top(module)) {
            if rank(other).is_none_or(|r| r > mine) {
                wrong.push(format!("{module} uses {other}"));
            }
        }
    }
    wrong
}

/// Every module that reaches itself through the modules it uses (a
/// module's use of its parent or child does not count).
fn circles(graph: &Graph) -> Vec<String> {
    fn reaches(graph: &Graph, from: &str, to: &str, seen: &mut BTreeSet<String>) -> bool {
        graph
            .get(from)
            .into_iter()
            .flatten()
            .filter(|n| !related(from, n))
            .any(|next| next == to || (seen.insert(next.clone()) && reaches(graph, next, to, seen)))
    }
    graph
        .keys()
        .filter(|m| reaches(graph, m, m, &mut BTreeSet::new()))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn paths_resolve_from_crate_self_and_super() {
        let known = known(&["bench", "bench::edit", "bench::results", "cmd", "lint"]);
        let code = "use super::results::Results;\nuse super::{Args, harness::{Bench, secs}};\n\
                    use crate::{cmd, lint::{self, PLACEHOLDER}};\nfn f() { super::super::cmd::run(); }\n\
                    pub(super) struct S; let s = my_super::x; use self::inner::Y;";
        let used: Vec<String> = uses("bench::edit", code, &known).into_iter().collect();
        assert_eq!(used, ["bench", "bench::results", "cmd", "lint"]);
    }

    #[test]
    fn an_upward_use_and_a_circle_are_found() {
        let graph: Graph = [
            ("util", vec!["render::page"]),
            ("render::page", vec!["render::table"]),
            ("render::table", vec!["render::page", "render"]),
            ("render", vec!["render::page"]),
            ("extra", vec![]),
        ]
        .into_iter()
        .map(|(m, u)| (m.to_owned(), u.into_iter().map(str::to_owned).collect()))
        .collect();
        assert_eq!(
            upward(&graph, &["util", "render"]),
            [
                "`extra` is in no layer: add `extra` to ORDER",
                "util uses render::page"
            ]
        );
        assert_eq!(circles(&graph), ["render::page", "render::table"]);
    }

    #[test]
    fn test_code_and_comments_are_left_out() {
        let text = "use crate::a;\n// use crate::b;\n#[cfg(test)]\nmod helpers;\nuse crate::c; // crate::d\n\
                    #[cfg(test)]\nmod tests {\n    use crate::e;\n}\n";
        let code = code_of(text);
        assert!(
            code.contains("crate::a") && code.contains("crate::c"),
            "{code}"
        );
        assert!(
            !code.contains("crate::b") && !code.contains("crate::d") && !code.contains("crate::e")
        );
        assert_eq!(test_modules(text).collect::<Vec<_>>(), ["helpers"]);
    }
}
