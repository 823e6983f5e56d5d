//! The example's source as a fenced code block: the whole file or one
//! `// ANCHOR: name` region (`# ANCHOR: name` in Python), anchor lines
//! removed. Rust lines marked `// hide` become mdBook hidden lines (the
//! reader can reveal them); Python lines marked `# hide` are left out.
//! Invisible format characters (a bidirectional override in a string or a
//! comment, a zero-width space, …) are shown as markers such as `⟨U+202E⟩`
//! (see [`crate::util::invisible`]), so the code reads as the compiler reads it.

use crate::package::catalog::Kind;

/// Render `source` as a markdown code block.
pub fn render(source: &str, anchor: Option<&str>, kind: Kind) -> Result<String, String> {
    let body = lines(source, anchor, kind)?.join("\n");
    let longest_ticks = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_ticks.max(2) + 1);
    let info = match kind {
        Kind::Rust => "rust,noplayground",
        Kind::Python => "python",
    };
    Ok(format!("{fence}{info}\n{body}\n{fence}"))
}

/// The lines shown of `source`: the region, without anchor lines, dedented;
/// Rust `// hide` lines start with `# ` (mdBook's hidden lines), Python
/// `# hide` lines are left out.
pub fn lines(source: &str, anchor: Option<&str>, kind: Kind) -> Result<Vec<String>, String> {
    let comment = match kind {
        Kind::Rust => "//",
        Kind::Python => "#",
    };
    let region: Vec<&str> = match anchor {
        None => source.lines().collect(),
        Some(a) => region(source, a, comment)?,
    };
    let hide = format!("{comment} hide");
    let kept: Vec<String> = region
        .into_iter()
        .filter(|l| !is_anchor_line(l, comment))
        .filter_map(|l| match (l.trim_end().strip_suffix(hide.as_str()), kind) {
            (Some(code), Kind::Rust) => Some(format!("# {}", code.trim_end())),
            (Some(_), Kind::Python) => None,
            (None, _) => Some(l.to_string()),
        })
        .collect();
    Ok(dedent(&kept)
        .iter()
        .map(|l| crate::util::invisible::mark(l).into_owned())
        .collect())
}

fn is_anchor_line(line: &str, comment: &str) -> bool {
    let t = line.trim_start();
    t.starts_with(&format!("{comment} ANCHOR:")) || t.starts_with(&format!("{comment} ANCHOR_END:"))
}

fn region<'a>(source: &'a str, anchor: &str, comment: &str) -> Result<Vec<&'a str>, String> {
    let start = format!("{comment} ANCHOR: {anchor}");
    let end = format!("{comment} ANCHOR_END: {anchor}");
    let mut lines = source.lines();
    if !lines.by_ref().any(|l| l.trim() == start) {
        return Err(format!("no `{start}` line in the example's source"));
    }
    let mut out = Vec::new();
    for l in lines {
        if l.trim() == end {
            return Ok(out);
        }
        out.push(l);
    }
    Err(format!("`{start}` has no matching `{end}`"))
}

fn dedent(lines: &[String]) -> Vec<String> {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("# "))
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            if l.starts_with("# ") {
                l.clone()
            } else {
                l.get(indent..).unwrap_or("").trim_end().to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Kind;

    fn render(source: &str, anchor: Option<&str>) -> Result<String, String> {
        super::render(source, anchor, Kind::Rust)
    }

    const SRC: &str = "use x; // hide\n// ANCHOR: main\nfn main() {\n    // ANCHOR: inner\n    let a = 1;\n    // ANCHOR_END: inner\n}\n// ANCHOR_END: main\n";

    #[test]
    fn whole_file() {
        let out = render(SRC, None).expect("renders");
        assert_eq!(
            out,
            "```rust,noplayground\n# use x;\nfn main() {\n    let a = 1;\n}\n```"
        );
    }

    #[test]
    fn anchor_region_is_dedented() {
        assert_eq!(
            render(SRC, Some("inner")).expect("renders"),
            "```rust,noplayground\nlet a = 1;\n```"
        );
        assert!(
            render(SRC, Some("nope"))
                .unwrap_err()
                .contains("ANCHOR: nope")
        );
    }

    #[test]
    fn python_uses_its_own_comments() {
        let src = "import asyncio  # hide\n# ANCHOR: main\nasync def main():\n    pass\n# ANCHOR_END: main\n";
        let out = super::render(src, Some("main"), Kind::Python).expect("renders");
        assert_eq!(out, "```python\nasync def main():\n    pass\n```");
        let whole = super::render(src, None, Kind::Python).expect("renders");
        assert!(
            !whole.contains("import asyncio") && !whole.contains("ANCHOR"),
            "{whole}"
        );
    }

    #[test]
    fn fence_is_longer_than_any_backtick_run() {
        let out = render("let s = \"````\";\n", None).expect("renders");
        assert!(out.starts_with("`````rust"), "{out}");
    }

    #[test]
    fn invisible_characters_are_shown_as_markers() {
        let out = render("let s = \"\u{202E}x\u{200B}\"; // \u{2066}c\n", None).expect("renders");
        assert!(out.contains("\"⟨U+202E⟩x⟨U+200B⟩\"; // ⟨U+2066⟩c"), "{out}");
    }
}
