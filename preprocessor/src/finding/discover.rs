//! Finding `{{#example …}}` directives (and the `expected` block that may
//! follow each) and `{{#compare …}}` directives in a chapter's markdown,
//! with their byte ranges and lines.
//!
//! Candidates are found by scanning the raw text; pulldown-cmark's offset
//! iterator tells which ranges are code (fenced, indented or inline) or HTML
//! (comments included), and a directive starting there is left alone.

use crate::finding::compare::Compare;
use crate::finding::directive::Directive;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

const OPEN: &str = "{{#example";
const OPEN_COMPARE: &str = "{{#compare";
/// Info string of the block that holds the expected output.
pub const EXPECTED_INFO: &str = "expected";

/// One directive found in a chapter.
#[derive(Debug)]
pub struct Found {
    /// Bytes to replace: the directive, and its expected block if any.
    pub range: Range<usize>,
    /// 1-based line of the directive.
    pub line: usize,
    pub directive: Directive,
    /// The expected output block's lines, and the 1-based line of its first line.
    pub expected: Option<Expected>,
}

/// One `{{#compare}}` directive found in a chapter.
#[derive(Debug)]
pub struct FoundCompare {
    /// Bytes to replace: the directive.
    pub range: Range<usize>,
    /// 1-based line of the directive.
    pub line: usize,
    pub compare: Compare,
}

/// The content of an `expected` block.
#[derive(Debug, Clone)]
pub struct Expected {
    pub text: String,
    /// 1-based line of the first content line.
    pub first_line: usize,
}

/// A malformed directive or a misplaced block.
#[derive(Debug, PartialEq)]
pub struct FindError {
    pub line: usize,
    pub message: String,
}

struct Block {
    range: Range<usize>,
    expected: Option<String>,
}

/// Find all `{{#example}}` directives in `content`. Errors do not stop the search.
pub fn find(content: &str) -> (Vec<Found>, Vec<FindError>) {
    let (ignored, blocks) = scan_markdown(content);
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut used_blocks = vec![false; blocks.len()];
    let mut lines = Lines::new(content);
    for candidate in candidates(content, OPEN, &ignored) {
        let (line, pos, end, directive) =
            match candidate.and_then(|c| match Directive::parse(c.inner) {
                Ok(d) => Ok((c.line, c.pos, c.end, d)),
                Err(message) => Err(FindError {
                    line: c.line,
                    message,
                }),
            }) {
                Ok(c) => c,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
        let next = end + content[end..].len() - content[end..].trim_start().len();
        // Blocks are in document order: a binary search, not a scan per directive.
        let i = blocks.partition_point(|b| b.range.start < next);
        let block = blocks
            .get(i)
            .filter(|b| b.range.start == next && b.expected.is_some())
            .map(|_| i);
        let (range_end, expected) = match block {
            Some(i) => {
                used_blocks[i] = true;
                let b = &blocks[i];
                let first_line = lines.at(b.range.start) + 1;
                (
                    b.range.end,
                    b.expected.clone().map(|text| Expected { text, first_line }),
                )
            }
            None => (end, None),
        };
        found.push(Found {
            range: pos..range_end,
            line,
            directive,
            expected,
        });
    }
    let mut lines = Lines::new(content);
    for (i, b) in blocks.iter().enumerate() {
        if b.expected.is_some() && !used_blocks[i] {
            errors.push(FindError {
                line: lines.at(b.range.start),
                message: "an `expected` block must come right after an `{{#example …}}` directive \
                          (only blank lines between)"
                    .into(),
            });
        }
    }
    (found, errors)
}

/// Find all `{{#compare}}` directives in `content`.
pub fn find_compares(content: &str) -> (Vec<FoundCompare>, Vec<FindError>) {
    let (ignored, _) = scan_markdown(content);
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for candidate in candidates(content, OPEN_COMPARE, &ignored) {
        match candidate.and_then(|c| {
            Compare::parse(c.inner)
                .map(|compare| FoundCompare {
                    range: c.pos..c.end,
                    line: c.line,
                    compare,
                })
                .map_err(|message| FindError {
                    line: c.line,
                    message,
                })
        }) {
            Ok(f) => found.push(f),
            Err(e) => errors.push(e),
        }
    }
    (found, errors)
}

/// A directive's text, not parsed yet.
struct Candidate<'a> {
    pos: usize,
    /// Just after its `}}`.
    end: usize,
    line: usize,
    /// Between the opening word and `}}`.
    inner: &'a str,
}

/// Every `open … }}` in `content` outside the `ignored` ranges (code, HTML).
fn candidates<'a>(
    content: &'a str,
    open: &str,
    ignored: &[Range<usize>],
) -> Vec<Result<Candidate<'a>, FindError>> {
    let mut out = Vec::new();
    let mut search_from = 0;
    let mut lines = Lines::new(content);
    while let Some(pos) = content[search_from..].find(open).map(|p| p + search_from) {
        search_from = pos + open.len();
        if is_ignored(ignored, pos) {
            continue;
        }
        let line = lines.at(pos);
        let after_open = &content[pos + open.len()..];
        if !after_open.starts_with(|c: char| c.is_whitespace() || c == '}') {
            continue; // e.g. `{{#examples}}`: another preprocessor's directive
        }
        // A `}}` after the next `{{` is never this directive's (see
        // `runs_past_directive`): looking no further keeps a chapter of many
        // unclosed directives from being scanned to its end for each.
        let next_open = after_open.find("{{").unwrap_or(after_open.len());
        let close = after_open[..next_open].find("}}");
        let inner = close.map(|c| &after_open[..c]);
        // The directive must close before the next one starts and before its
        // paragraph ends; otherwise the `}}` found belongs to something else.
        let Some(close) = close.filter(|_| inner.is_some_and(|i| !runs_past_directive(i))) else {
            out.push(Err(FindError {
                line,
                message: format!(
                    "unterminated directive: `{open}` has no closing `}}}}` \
                     before the end of its paragraph"
                ),
            }));
            continue;
        };
        let end = pos + open.len() + close + 2;
        search_from = end;
        out.push(Ok(Candidate {
            pos,
            end,
            line,
            inner: &after_open[..close],
        }));
    }
    out
}

/// Whether the text between `{{#example` and the next `}}` holds another
/// `{{` or a blank line: then the directive itself was never closed.
fn runs_past_directive(inner: &str) -> bool {
    let lines: Vec<&str> = inner.split('\n').collect();
    // Whole lines only: not the directive's first line nor the one with `}}`.
    let whole = lines
        .get(1..lines.len().saturating_sub(1))
        .unwrap_or_default();
    inner.contains("{{") || whole.iter().any(|l| l.trim().is_empty())
}

/// Whether `pos` lies in one of `ignored` (sorted, disjoint ranges).
fn is_ignored(ignored: &[Range<usize>], pos: usize) -> bool {
    let i = ignored.partition_point(|r| r.end <= pos);
    ignored.get(i).is_some_and(|r| r.start <= pos)
}

/// `ranges` sorted, overlapping and nested ones merged.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Ranges to leave alone (sorted and disjoint), and the fenced code blocks
/// in document order (with their text when their info string is
/// `expected`).
fn scan_markdown(content: &str) -> (Vec<Range<usize>>, Vec<Block>) {
    let mut ignored = Vec::new();
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(content, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let is_expected = matches!(&kind, CodeBlockKind::Fenced(info)
                    if info.split([',', ' ']).next() == Some(EXPECTED_INFO));
                current = Some(Block {
                    range: range.clone(),
                    expected: is_expected.then(String::new),
                });
                ignored.push(range);
            }
            Event::Text(text) => {
                if let Some(Block {
                    expected: Some(buf),
                    ..
                }) = current.as_mut()
                {
                    buf.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => ignored.push(range),
            Event::Start(Tag::HtmlBlock) => ignored.push(range),
            _ => {}
        }
    }
    (merged(ignored), blocks)
}

/// 1-based line numbers of byte positions met in increasing order, each
/// byte counted once: [`line_of`] from the start for every directive would
/// take time quadratic in the length of a chapter.
struct Lines<'a> {
    content: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(content: &'a str) -> Lines<'a> {
        Lines {
            content,
            pos: 0,
            line: 1,
        }
    }

    /// The line of byte `pos` (counted from the start if it lies before the
    /// last position asked).
    fn at(&mut self, pos: usize) -> usize {
        let Some(skipped) = self.content.as_bytes().get(self.pos..pos) else {
            return line_of(self.content, pos);
        };
        self.line += skipped.iter().filter(|&&b| b == b'\n').count();
        self.pos = pos;
        self.line
    }
}

/// 1-based line number of byte `pos`.
pub fn line_of(content: &str, pos: usize) -> usize {
    content[..pos].bytes().filter(|&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignored_ranges_are_merged_and_searched() {
        let ignored = merged(vec![5..9, 0..2, 6..7, 8..12, 20..21]);
        assert_eq!(ignored, [0..2, 5..12, 20..21]);
        let inside: Vec<usize> = (0..23).filter(|&p| is_ignored(&ignored, p)).collect();
        assert_eq!(inside, [0, 1, 5, 6, 7, 8, 9, 10, 11, 20]);
    }

    #[test]
    fn lines_are_counted_once_and_agree_with_line_of() {
        let text = "a\nb\n\nc\né\n";
        let mut lines = Lines::new(text);
        for pos in [0, 1, 2, 4, 5, 6, 9, 3, 10] {
            assert_eq!(lines.at(pos), line_of(text, pos), "{pos}");
        }
    }

    #[test]
    fn finds_directive_and_expected_block() {
        let md =
            "# T\n\n{{#example a output=reveal}}\n\n```expected\none\ntwo @ ~1s\n```\n\nafter\n";
        let (found, errors) = find(md);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!(f.line, 3);
        assert_eq!(f.directive.name, "a");
        let e = f.expected.as_ref().expect("expected block");
        assert_eq!(e.text, "one\ntwo @ ~1s\n");
        assert_eq!(e.first_line, 6);
        assert_eq!(
            &md[f.range.clone()],
            &md[md.find("{{#").expect("x")..md.find("\n\nafter").expect("y")]
        );
    }

    #[test]
    fn leaves_code_and_comments_alone() {
        let md = "`{{#example a}}`\n\n```md\n{{#example b}}\n```\n\n<!-- {{#example c}} -->\n\n    {{#example d}}\n\n{{#example e}}\n";
        let (found, errors) = find(md);
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<_> = found.iter().map(|f| f.directive.name.as_str()).collect();
        assert_eq!(names, ["e"]);
    }

    #[test]
    fn multi_line_directive() {
        let md = "{{#example a\n   total=\"~3s\"\n   order=any}}\n";
        let (found, errors) = find(md);
        assert!(errors.is_empty());
        assert!(found[0].directive.any_order);
    }

    #[test]
    fn reports_errors_with_lines() {
        let (_, errors) = find("ok\n\n{{#example a bogus}}\n\n{{#example b\n");
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 3);
        assert!(errors[0].message.contains("unknown option `bogus`"));
        assert_eq!(errors[1].line, 5);
        assert!(errors[1].message.contains("unterminated"));
    }

    #[test]
    fn unterminated_directive_does_not_swallow_what_follows() {
        let md = "{{#example a\n\nText.\n\n{{#example b}}\n\n{{#example c timeout=1s\n{{#example d}}\n\n```rust\nfn f() { if x { y }}\n```\n\n{{#example e\n\n```rust\nfn g() { if x { y }}\n```\n";
        let (found, errors) = find(md);
        let names: Vec<_> = found.iter().map(|f| f.directive.name.as_str()).collect();
        assert_eq!(names, ["b", "d"]);
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 7, 14], "{errors:?}");
        assert!(errors.iter().all(|e| e.message.contains("unterminated")));
    }

    #[test]
    fn multi_line_directive_may_indent_but_not_skip_a_paragraph() {
        let (found, errors) = find("{{#example a\n    total=\"~3s\"\n    }}\n");
        assert!(errors.is_empty() && found.len() == 1, "{errors:?}");
        let (found, errors) = find("{{#example a\n   \n  total=\"~3s\"}}\n");
        assert!(found.is_empty() && errors.len() == 1);
    }

    #[test]
    fn orphan_expected_block_is_an_error() {
        let (_, errors) = find("text\n\n```expected\nx\n```\n");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
    }

    #[test]
    fn other_directives_are_not_ours() {
        let (found, errors) = find("{{#examples x}} {{#include a.rs}}\n");
        assert!(found.is_empty() && errors.is_empty());
    }
}
