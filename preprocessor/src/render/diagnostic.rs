//! Compiler diagnostics as a terminal shows them: rustc's colours (ANSI SGR
//! escapes in cargo's `json-diagnostic-rendered-ansi` messages) become spans
//! with `mdbx-d-*` classes, every byte of text is escaped, and paths into the
//! cargo registry or the Rust sources are shortened to the crate and file.

use super::esc;
use anstyle_parse::{DefaultCharAccumulator, Params, Parser, Perform};
use regex::Regex;
use std::sync::LazyLock;

/// What one of rustc's colours marks (rustc picks the colour by meaning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Colour {
    /// Red: `error`, the primary `^^^` label of an error, removed lines.
    Error,
    /// Yellow: `warning` and its labels.
    Warning,
    /// Green: `note`, added lines of a suggestion.
    Note,
    /// Cyan: `help`.
    Help,
    /// Blue: line numbers, the `|` gutter, `-->`, secondary `---` labels.
    Gutter,
}

impl Colour {
    /// The colour of one of the eight basic ANSI colours (0 black … 7 white).
    fn basic(n: u16) -> Option<Colour> {
        match n {
            1 => Some(Colour::Error),
            2 => Some(Colour::Note),
            3 => Some(Colour::Warning),
            4 => Some(Colour::Gutter),
            6 => Some(Colour::Help),
            _ => None,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Colour::Error => "mdbx-d-error",
            Colour::Warning => "mdbx-d-warning",
            Colour::Note => "mdbx-d-note",
            Colour::Help => "mdbx-d-help",
            Colour::Gutter => "mdbx-d-gutter",
        }
    }
}

/// The style in effect for a run of text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Style {
    bold: bool,
    colour: Option<Colour>,
}

impl Style {
    /// The `class` attribute's value, or `None` for unstyled text.
    fn classes(self) -> Option<String> {
        let classes: Vec<&str> = [
            self.bold.then_some("mdbx-d-bold"),
            self.colour.map(Colour::class),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!classes.is_empty()).then(|| classes.join(" "))
    }

    /// Apply one SGR sequence (`ESC [ … m`); codes other than reset, bold and
    /// foreground colours leave the style as it is.
    fn apply(&mut self, params: &Params) {
        let codes: Vec<u16> = params.iter().flatten().copied().collect();
        if codes.is_empty() {
            *self = Style::default();
        }
        let mut i = 0;
        while let Some(&code) = codes.get(i) {
            i += 1;
            match code {
                0 => *self = Style::default(),
                1 => self.bold = true,
                22 => self.bold = false,
                30..=37 => self.colour = Colour::basic(code - 30),
                90..=97 => self.colour = Colour::basic(code - 90),
                39 => self.colour = None,
                38 => match codes.get(i) {
                    Some(5) => {
                        self.colour = codes
                            .get(i + 1)
                            .filter(|&&n| n < 16)
                            .and_then(|&n| Colour::basic(n % 8));
                        i += 2;
                    }
                    Some(2) => {
                        self.colour = None;
                        i += 4;
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }
}

/// Lines of styled runs of text, built by the ANSI parser.
#[derive(Debug)]
struct Styled {
    lines: Vec<Vec<(Style, String)>>,
    style: Style,
}

impl Styled {
    fn push(&mut self, c: char) {
        let style = self.style;
        let Some(line) = self.lines.last_mut() else {
            self.lines.push(vec![(style, c.to_string())]);
            return;
        };
        match line.last_mut() {
            Some((s, text)) if *s == style => text.push(c),
            _ => line.push((style, c.to_string())),
        }
    }
}

impl Perform for Styled {
    fn print(&mut self, c: char) {
        self.push(c);
    }

    fn execute(&mut self, byte: u8) {
        match byte {
            b'\n' => self.lines.push(Vec::new()),
            b'\t' => self.push('\t'),
            _ => {}
        }
    }

    fn csi_dispatch(&mut self, params: &Params, intermediates: &[u8], ignore: bool, action: u8) {
        if action == b'm' && intermediates.is_empty() && !ignore {
            self.style.apply(params);
        }
    }
}

/// A diagnostic with ANSI colours as the inside of a `<pre>`: one line per
/// line, styled runs as `<span class="mdbx-d-…">`, all text escaped, and
/// lines with nothing to see as a zero-width space (an HTML block must not
/// contain a blank line). Escapes other than colours and bold are dropped.
pub fn html(ansi: &str) -> String {
    let mut styled = Styled {
        lines: vec![Vec::new()],
        style: Style::default(),
    };
    let mut parser = Parser::<DefaultCharAccumulator>::new();
    for &byte in ansi.as_bytes() {
        parser.advance(&mut styled, byte);
    }
    styled
        .lines
        .iter()
        .map(|runs| {
            if runs.iter().all(|(_, text)| text.trim().is_empty()) {
                return "&#8203;".to_string();
            }
            runs.iter()
                .map(|(style, text)| match style.classes() {
                    Some(classes) => format!("<span class=\"{classes}\">{}</span>", esc(text)),
                    None => esc(text),
                })
                .collect()
        })
        .collect::<Vec<String>>()
        .join("\n")
}

/// The part of a path that says where the toolchain or cargo keeps a crate's
/// sources: everything up to the crate's folder (`tokio-1.47.1/…`) or the
/// standard library's (`std/…`, `core/…`), after what comes before the path
/// (group 1: a line start, a space, a quote or a colour escape).
static SOURCE_HOME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?m)(^|[\s`'"(]|\x1b\[[0-9;]*m)[^\s\x1b`'"(]*?/(?:"#,
        r"registry/src/[^/\s\x1b]+",
        r"|git/checkouts/[^/\s\x1b]+/[^/\s\x1b]+",
        r"|lib/rustlib/src/rust/library",
        r"|rustc/[0-9a-f]+/library",
        r")/",
    ))
    .ok()
});

/// Paths into the cargo registry, git checkouts and the Rust sources,
/// shortened to the crate and file: `/root/.cargo/registry/src/index…/
/// tokio-1.47.1/src/task/spawn.rs` becomes `tokio-1.47.1/src/task/spawn.rs`.
pub fn shorten_paths(text: &str) -> String {
    match SOURCE_HOME.as_ref() {
        Some(re) => re.replace_all(text, "${1}").into_owned(),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_become_classes_and_text_is_escaped() {
        let ansi = "\x1b[1m\x1b[91merror[E0728]\x1b[0m\x1b[1m: <only> {{x}}\x1b[0m\n \x1b[1m\x1b[94m--> \x1b[0ma.rs:5:9";
        assert_eq!(
            html(ansi),
            "<span class=\"mdbx-d-bold mdbx-d-error\">error[E0728]</span>\
             <span class=\"mdbx-d-bold\">: &lt;only&gt; &#123;&#123;x}}</span>\n \
             <span class=\"mdbx-d-bold mdbx-d-gutter\">--&gt; </span>a.rs:5:9"
        );
    }

    #[test]
    fn every_colour_rustc_uses() {
        for (sgr, class) in [
            ("33", "mdbx-d-warning"),
            ("93", "mdbx-d-warning"),
            ("38;5;11", "mdbx-d-warning"),
            ("32", "mdbx-d-note"),
            ("96", "mdbx-d-help"),
            ("34", "mdbx-d-gutter"),
            ("31", "mdbx-d-error"),
        ] {
            assert_eq!(
                html(&format!("\x1b[{sgr}mx\x1b[0m")),
                format!("<span class=\"{class}\">x</span>"),
                "{sgr}"
            );
        }
        assert_eq!(html("\x1b[35mx\x1b[38;2;1;2;3my\x1b[m"), "xy");
        assert_eq!(
            html("\x1b[1;33mx\x1b[22my\x1b[39mz"),
            "<span class=\"mdbx-d-bold mdbx-d-warning\">x</span><span class=\"mdbx-d-warning\">y</span>z"
        );
    }

    #[test]
    fn no_blank_line_and_other_escapes_dropped() {
        let out = html("a\n\n  \x1b[1m\x1b[94m|\x1b[0m\n   \n\x1b[2Kb\x07\r");
        assert_eq!(
            out,
            "a\n&#8203;\n  <span class=\"mdbx-d-bold mdbx-d-gutter\">|</span>\n&#8203;\nb"
        );
        assert!(!out.lines().any(|l| l.trim().is_empty()));
    }

    #[test]
    fn registry_and_toolchain_paths_are_shortened() {
        assert_eq!(
            shorten_paths(
                "  --> /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/tokio-1.47.1/src/task/spawn.rs:168:21"
            ),
            "  --> tokio-1.47.1/src/task/spawn.rs:168:21"
        );
        assert_eq!(
            shorten_paths(
                " \x1b[1m\x1b[94m::: \x1b[0m/home/u/.rustup/toolchains/1.95.0-x86_64-unknown-linux-gnu/lib/rustlib/src/rust/library/std/src/thread/mod.rs:7:1"
            ),
            " \x1b[1m\x1b[94m::: \x1b[0mstd/src/thread/mod.rs:7:1"
        );
        assert_eq!(
            shorten_paths("at /rustc/59807616e1a2b3c4/library/core/src/future/future.rs"),
            "at core/src/future/future.rs"
        );
        assert_eq!(
            shorten_paths("/h/.cargo/git/checkouts/tokio-4a5e/0ab12cd/tokio/src/lib.rs"),
            "tokio/src/lib.rs"
        );
        let untouched = "--> src/bin/x.rs:3:5 and `/usr/lib/x` and src/registry.rs";
        assert_eq!(shorten_paths(untouched), untouched);
    }
}
