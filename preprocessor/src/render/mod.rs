//! Turning a checked example into the markdown + HTML that replaces its
//! directive. All text that comes from a run or from the compiler is
//! HTML-escaped here, its invisible characters shown as markers: example
//! output is untrusted.

pub mod compare;
pub mod diagnostic;
pub mod diff;
pub mod lines;
pub mod output;
pub mod playground;
pub mod reference;
pub mod source;
pub mod timeline;

/// Escape untrusted text for HTML (text content and attribute values).
///
/// Invisible format characters (bidirectional overrides, zero-width
/// characters, …) become visible markers such as `⟨U+202E⟩` first, see
/// [`crate::util::invisible`]: this is the one door through which diagnostics,
/// trace labels and messages reach the page.
///
/// `{` becomes `&#123;` as well, so that no preprocessor that runs after this
/// one can read `{{#include …}}` in an example's output as a directive.
pub fn esc(text: &str) -> String {
    html_escape::encode_quoted_attribute(&crate::util::invisible::mark(text)).replace('{', "&#123;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_could_be_markup() {
        let hostile = "<script>alert(1)</script></pre>\"'&";
        let e = esc(hostile);
        assert!(!e.contains('<') && !e.contains('>') && !e.contains('"') && !e.contains('\''));
        assert!(e.contains("&lt;script&gt;") && e.contains("&amp;"));
        assert_eq!(esc("{{#include x}}"), "&#123;&#123;#include x}}");
        assert_eq!(esc("a\u{202E}<b"), "a⟨U+202E⟩&lt;b");
    }

    /// The stylesheet the rendered HTML needs: every block closed (an open
    /// one silently swallows all the rules after it).
    #[test]
    fn the_stylesheet_closes_every_block() {
        let css = include_str!("../../assets/mdbook-examples.css");
        let mut depth = 0i32;
        let mut rest = css;
        while let Some(c) = rest.chars().next() {
            if let Some(after) = rest.strip_prefix("/*") {
                let end = after.find("*/").expect("every comment is closed");
                rest = &after[end + 2..];
                continue;
            }
            depth += match c {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            assert!(
                depth >= 0,
                "a `}}` closes nothing: {}",
                &rest[..rest.len().min(80)]
            );
            rest = &rest[c.len_utf8()..];
        }
        assert_eq!(depth, 0, "a block is left open");
    }
}
