//! The example's source as a fenced `rust` block: the whole file or one
//! `// ANCHOR: name` region, anchor lines removed, lines marked `// hide`
//! turned into mdBook hidden lines.

/// Render `source` (of example `name`) as a markdown code block.
pub fn render(source: &str, anchor: Option<&str>) -> Result<String, String> {
    let region: Vec<&str> = match anchor {
        None => source.lines().collect(),
        Some(a) => region(source, a)?,
    };
    let kept: Vec<String> = region
        .into_iter()
        .filter(|l| !is_anchor_line(l))
        .map(|l| match l.trim_end().strip_suffix("// hide") {
            Some(code) => format!("# {}", code.trim_end()),
            None => l.to_string(),
        })
        .collect();
    let body = dedent(&kept);
    let longest_ticks = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_ticks.max(2) + 1);
    Ok(format!("{fence}rust,noplayground\n{body}\n{fence}"))
}

fn is_anchor_line(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("// ANCHOR:") || t.starts_with("// ANCHOR_END:")
}

fn region<'a>(source: &'a str, anchor: &str) -> Result<Vec<&'a str>, String> {
    let start = format!("// ANCHOR: {anchor}");
    let end = format!("// ANCHOR_END: {anchor}");
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

fn dedent(lines: &[String]) -> String {
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
                l.as_str()
            } else {
                l.get(indent..).unwrap_or("").trim_end()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::render;

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
    fn fence_is_longer_than_any_backtick_run() {
        let out = render("let s = \"````\";\n", None).expect("renders");
        assert!(out.starts_with("`````rust"), "{out}");
    }
}
