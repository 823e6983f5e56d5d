//! The example's source as a fenced code block (its language's fence): the
//! lines a reference shows (the whole file or one `// ANCHOR: name` region,
//! found by [`crate::checking::source`]), anchor lines removed. Lines marked
//! `// hide` become mdBook hidden lines (the reader can reveal them) where
//! the language says so (Rust), and are left out otherwise.
//! Invisible format characters (a bidirectional override in a string or a
//! comment, a zero-width space, …) are shown as markers such as `⟨U+202E⟩`
//! (see [`crate::util::invisible`]), so the code reads as the compiler reads it.
//!
//! `mdbook test` hands every chapter to rustdoc, which compiles each Rust
//! code block. An example's block is marked `ignore` for it: the examples
//! are binaries of a package with dependencies (tokio) that rustdoc does not
//! link, so a normal example would fail to compile there, and an intended
//! failure would fail for that reason instead of its own (`compile_fail`
//! would pass without checking anything). The preprocessor has already
//! compiled each of them with its real dependencies and checked its claims.

use crate::package::languages::{Hidden, Language};

/// Render the lines of `region` as a markdown code block.
pub fn render(region: &[String], language: &dyn Language) -> String {
    let body = lines(region, language).join("\n");
    let longest_ticks = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_ticks.max(2) + 1);
    let info = rustdoc_skips(language.fence());
    format!("{fence}{info}\n{body}\n{fence}")
}

/// The fence's info string with `ignore` added when rustdoc would take the
/// block for Rust (no info string, or a `rust` word), so that `mdbook test`
/// skips it; other languages' blocks are not Rust to rustdoc and stay as
/// they are.
fn rustdoc_skips(info: &str) -> String {
    let mut words: Vec<&str> = info
        .split([',', ' ', '\t'])
        .filter(|w| !w.is_empty())
        .collect();
    let rust = words.is_empty() || words.contains(&"rust");
    if rust && !words.contains(&"ignore") {
        words.insert(words.len().min(1), "ignore");
    }
    words.join(",")
}

/// The lines shown of `region`: without anchor lines, dedented; `hide`
/// lines start with `# ` (mdBook's hidden lines) or are left out, as the
/// language says.
pub fn lines(region: &[String], language: &dyn Language) -> Vec<String> {
    let comment = language.comment();
    let hide = format!("{comment} hide");
    let kept: Vec<String> = region
        .iter()
        .filter(|l| !is_anchor_line(l, comment))
        .filter_map(
            |l| match (l.trim_end().strip_suffix(hide.as_str()), language.hidden()) {
                (Some(code), Hidden::Revealable) => Some(format!("# {}", code.trim_end())),
                (Some(_), Hidden::Dropped) => None,
                (None, _) => Some(l.clone()),
            },
        )
        .collect();
    dedent(&kept)
        .iter()
        .map(|l| crate::util::invisible::mark(l).into_owned())
        .collect()
}

fn is_anchor_line(line: &str, comment: &str) -> bool {
    let t = line.trim_start();
    t.starts_with(&format!("{comment} ANCHOR:")) || t.starts_with(&format!("{comment} ANCHOR_END:"))
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
    use crate::checking::source::region;
    use crate::package::languages::{Language, python::Python, rust::Rust};

    /// `source`'s region for `anchor`, rendered.
    fn render_in(
        source: &str,
        anchor: Option<&str>,
        language: &dyn Language,
    ) -> Result<String, String> {
        let region = region(source, anchor, language.comment())?;
        Ok(super::render(&region, language))
    }

    fn render(source: &str, anchor: Option<&str>) -> Result<String, String> {
        render_in(source, anchor, &Rust)
    }

    const SRC: &str = "use x; // hide\n// ANCHOR: main\nfn main() {\n    // ANCHOR: inner\n    let a = 1;\n    // ANCHOR_END: inner\n}\n// ANCHOR_END: main\n";

    #[test]
    fn whole_file() {
        let out = render(SRC, None).expect("renders");
        assert_eq!(
            out,
            "```rust,ignore,noplayground\n# use x;\nfn main() {\n    let a = 1;\n}\n```"
        );
    }

    #[test]
    fn anchor_region_is_dedented() {
        assert_eq!(
            render(SRC, Some("inner")).expect("renders"),
            "```rust,ignore,noplayground\nlet a = 1;\n```"
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
        let out = render_in(src, Some("main"), &Python).expect("renders");
        assert_eq!(out, "```python\nasync def main():\n    pass\n```");
        let whole = render_in(src, None, &Python).expect("renders");
        assert!(
            !whole.contains("import asyncio") && !whole.contains("ANCHOR"),
            "{whole}"
        );
    }

    #[test]
    fn rustdoc_skips_every_block_it_would_compile_as_rust() {
        for (info, safe) in [
            ("rust,noplayground", "rust,ignore,noplayground"),
            ("rust", "rust,ignore"),
            ("", "ignore"),
            ("rust,ignore", "rust,ignore"),
            ("python", "python"),
            ("bash", "bash"),
            ("noplayground", "noplayground"),
        ] {
            assert_eq!(super::rustdoc_skips(info), safe, "{info:?}");
        }
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
