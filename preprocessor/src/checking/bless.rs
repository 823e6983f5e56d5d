//! `MDBOOK_EXAMPLES_BLESS=1`: rewrite the `expected` blocks whose output claim
//! failed, in place in the chapter files, from the real run. Wildcard lines
//! and `@ TIMESPEC` annotations that still match are kept; a diff of every
//! change is printed so that the update can be reviewed.

use crate::checking::claims::{Pattern, line_matches, parse_expected};
use crate::finding::discover;
use anyhow::{Context, Result};
use std::path::Path;

/// Environment variable that turns blessing on.
pub const BLESS_ENV: &str = "MDBOOK_EXAMPLES_BLESS";

/// Whether this build should bless.
pub fn enabled() -> bool {
    std::env::var_os(BLESS_ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

/// One block to rewrite: the `nth` directive naming `example` in the file.
#[derive(Debug)]
pub struct Edit {
    pub example: String,
    pub nth: usize,
    /// The real output, one line each.
    pub actual: Vec<String>,
}

/// Apply `edits` to the chapter file at `path`; returns a unified diff.
pub fn bless_file(path: &Path, edits: &[Edit]) -> Result<String> {
    let original =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let (found, _) = discover::find(&original);
    let mut replacements = Vec::new();
    for edit in edits {
        let target = found
            .iter()
            .filter(|f| f.directive.name == edit.example)
            .nth(edit.nth);
        let Some(expected) = target.and_then(|f| f.expected.as_ref().map(|e| (f, e))) else {
            continue;
        };
        let (f, e) = expected;
        let old = parse_expected(&e.text).unwrap_or_default();
        let new_text = merge(&old, &edit.actual);
        let block = &original[f.range.clone()];
        let Some(body_start) = block
            .find("```")
            .and_then(|i| block[i..].find('\n').map(|j| i + j + 1))
        else {
            continue;
        };
        let Some(body_end) = block.rfind("```") else {
            continue;
        };
        let start = f.range.start + body_start;
        let end = f.range.start + body_end;
        replacements.push((start..end, new_text));
    }
    let mut text = original.clone();
    replacements.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (range, new) in replacements {
        text.replace_range(range, &new);
    }
    if text == original {
        return Ok(String::new());
    }
    let tmp_dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(tmp_dir).context("cannot write the chapter")?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).context("cannot write the chapter")?;
    tmp.persist(path)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    let name = path.display().to_string();
    Ok(similar::TextDiff::from_lines(&original, &text)
        .unified_diff()
        .header(&name, &name)
        .to_string())
}

/// The new block text: the real lines, keeping the old wildcard pattern and
/// time annotation of each line that an old pattern still matches, in order.
/// A line whose text changed keeps the time annotation of the old line it
/// replaces (the old line at its place that no later real line matches), so
/// that rewording a line does not drop its timing claim.
fn merge(old: &[Pattern], actual: &[String]) -> String {
    let mut next = 0;
    let mut out = String::new();
    for (j, line) in actual.iter().enumerate() {
        let hit = old
            .iter()
            .enumerate()
            .skip(next)
            .find_map(|(i, p)| match p {
                Pattern::Line { text, at } if line_matches(text, line) => Some((i, text, at)),
                _ => None,
            });
        let (text, at) = match hit {
            Some((i, text, at)) => {
                next = i + 1;
                (text.as_str(), at)
            }
            None => match old.get(next) {
                Some(Pattern::Line { text, at })
                    if !actual[j + 1..].iter().any(|l| line_matches(text, l)) =>
                {
                    next += 1;
                    (line.as_str(), at)
                }
                _ => (line.as_str(), &None),
            },
        };
        out.push_str(text);
        if let Some(spec) = at {
            out.push_str(&format!(" @ {}", spec.written));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_wildcards_and_times_that_still_match() {
        let old = parse_expected("id [..]\nold line\ndone @ ~1s\n").expect("parse");
        let actual = [
            "id 42".to_string(),
            "new line".to_string(),
            "done".to_string(),
        ];
        assert_eq!(merge(&old, &actual), "id [..]\nnew line\ndone @ ~1s\n");
    }

    #[test]
    fn a_reworded_line_keeps_its_time_annotation() {
        let old = parse_expected("3\n2\n1\nliftoff @ ~0.3s\n").expect("parse");
        let actual: Vec<String> = ["3", "2", "1", "liftoff!"].map(String::from).into();
        assert_eq!(merge(&old, &actual), "3\n2\n1\nliftoff! @ ~0.3s\n");
        let moved = parse_expected("a @ ~1s\nb @ ~2s\n").expect("parse");
        let inserted: Vec<String> = ["new", "a", "b"].map(String::from).into();
        assert_eq!(
            merge(&moved, &inserted),
            "new\na @ ~1s\nb @ ~2s\n",
            "a new line takes no annotation from a line still printed later"
        );
    }

    #[test]
    fn rewrites_only_the_block_in_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ch.md");
        let md = "# T\n\n{{#example a}}\n\n```expected\nold\n```\n\n{{#example a}}\n\n```expected\nkeep\n```\n";
        std::fs::write(&path, md).expect("write");
        let diff = bless_file(
            &path,
            &[Edit {
                example: "a".into(),
                nth: 0,
                actual: vec!["new".into()],
            }],
        )
        .expect("bless");
        assert!(diff.contains("-old") && diff.contains("+new"), "{diff}");
        let after = std::fs::read_to_string(&path).expect("read");
        assert_eq!(after, md.replacen("old", "new", 1));
    }
}
