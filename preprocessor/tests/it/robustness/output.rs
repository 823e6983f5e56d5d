//! What misbehaving examples' output becomes on the page: the real
//! diagnostic, exit codes, capped floods, visible bytes and format
//! characters, terminal escapes as a terminal shows them, hostile text
//! inert.

use super::misbehaving::{HOSTILE_LINES, INVISIBLE, misbehaving, page_of};
use super::{figure, output_lines, texts};
use mdbook_examples::testing::{MAX_BYTES, MAX_LINES};
use regex::Regex;

#[test]
fn a_compile_error_shows_the_real_diagnostic() {
    let page = page_of("broken");
    assert!(page.contains("mdbx-error"), "error box");
    let fig = figure(&page, "broken");
    assert!(fig.contains("mdbx-diagnostics"), "{fig}");
    assert!(
        fig.contains("E0308") && fig.contains("mismatched types"),
        "{fig}"
    );
    assert!(fig.contains("src/bin/broken.rs:1"), "{fig}");
}

#[test]
fn panics_and_exit_codes_are_shown() {
    let fig = page_of("panics");
    let fig = figure(&fig, "panics");
    let lines = output_lines(fig);
    assert!(
        lines
            .iter()
            .any(|(stderr, t)| *stderr && t.contains("panicked")),
        "{lines:?}"
    );
    assert!(lines.iter().any(|(_, t)| t.contains("boom")), "{lines:?}");
    assert!(fig.contains("exit code 101"), "{fig}");

    let page = page_of("exit3");
    assert!(figure(&page, "exit3").contains("exit code 3"));
    assert_eq!(
        page.matches("mdbx-error\"").count(),
        1,
        "only the unclaimed reference fails"
    );

    let page = page_of("aborts");
    let fig = figure(&page, "aborts");
    assert!(fig.contains("killed by signal 6"), "{fig}");
    assert_eq!(texts(fig), ["aborting"]);
}

#[test]
fn stderr_only_and_no_output_are_shown_as_such() {
    let page = page_of("stderr_only");
    let lines = output_lines(figure(&page, "stderr_only"));
    assert_eq!(
        lines,
        [(true, "err one".to_string()), (true, "err two".to_string())]
    );
    let page = page_of("silent");
    let fig = figure(&page, "silent");
    assert!(
        output_lines(fig).is_empty() && fig.contains("(no output)"),
        "{fig}"
    );
    assert!(fig.contains("exit code 0"));
}

#[test]
fn megabytes_of_output_are_capped_and_the_cut_is_counted() {
    // 40 000 lines of 100 bytes: the byte cap comes first.
    let page = page_of("flood");
    let fig = figure(&page, "flood");
    let lines = texts(fig);
    let kept = lines.len();
    assert!(
        kept * 100 <= MAX_BYTES && (kept + 1) * 100 > MAX_BYTES,
        "{kept} lines kept"
    );
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(*l, format!("{i:0>99}"), "line {i} is not the {i}th printed");
    }
    let cut = 4_000_000 - kept * 100;
    assert!(
        fig.contains(&format!("{cut} bytes of output not shown")),
        "the page must say how much was cut ({cut} bytes)"
    );
    // The kept output once, plus two drawings of the timeline (a page
    // column's and a phone's) of counted blocks, however fast the lines
    // came: thousands of lines within a few milliseconds are not drawn as
    // thousands of numbered steps.
    assert!(page.len() < 3 * MAX_BYTES, "page of {} bytes", page.len());
    assert!(!fig.contains("mdbx-tl-sequence"), "a sequence of thousands");

    // 20 000 short lines: the line cap comes first.
    let page = page_of("many_short");
    let fig = figure(&page, "many_short");
    assert_eq!(texts(fig).len(), MAX_LINES);
    let cut = (20_000 - MAX_LINES) * 2;
    assert!(
        fig.contains(&format!("{cut} bytes of output not shown")),
        "cut {cut}"
    );

    // One line of a mebibyte: never embedded whole.
    let page = page_of("long_line");
    let fig = figure(&page, "long_line");
    assert!(fig.len() < 2 * MAX_BYTES, "figure of {} bytes", fig.len());
    let cut: usize = Regex::new(r"(\d+) bytes of output not shown")
        .expect("re")
        .captures(fig)
        .unwrap_or_else(|| panic!("no cut reported: {}", &fig[fig.len().saturating_sub(500)..]))[1]
        .parse()
        .expect("number");
    assert!(cut >= (1 << 20) - MAX_BYTES, "cut {cut}");

    // The cache holds no more than the page.
    let cache = misbehaving().built.root.join("target/mdbook-examples");
    for entry in std::fs::read_dir(cache).expect("cache").flatten() {
        let len = entry.metadata().expect("meta").len();
        assert!(
            len < 4 * MAX_BYTES as u64,
            "{:?}: {len} bytes",
            entry.file_name()
        );
    }
}

#[test]
fn invalid_utf8_nul_and_control_bytes_become_visible_safe_text() {
    let m = misbehaving();
    let html = std::fs::read(m.built.book_dir.join("binary.html")).expect("page");
    let html = String::from_utf8(html).expect("the page is valid UTF-8");
    let fig = figure(&html, "binary");
    for c in fig.chars() {
        assert!(
            c == '\n' || c == '\t' || !c.is_control(),
            "control character U+{:04X} in the page",
            c as u32
        );
    }
    let lines = output_lines(fig);
    let stdout: Vec<&str> = lines
        .iter()
        .filter(|l| !l.0)
        .map(|l| l.1.as_str())
        .collect();
    let stderr: Vec<&str> = lines.iter().filter(|l| l.0).map(|l| l.1.as_str()).collect();
    assert_eq!(
        stdout[..5],
        [
            "bad \u{fffd}\u{fffd} utf8",
            "\u{2400}\u{2400}",
            "nul\u{2400}in\u{2400}line",
            "cut \u{fffd}",
            "ok \u{20ac} euro",
        ]
    );
    // BEL, BS, VT, FF and SO are terminal actions (dropped); DEL is shown.
    assert_eq!(stdout[5], "bell bs del\u{2421} vt ff so esc");
    assert_eq!(stdout.len(), 6);
    assert_eq!(stderr, ["err \u{fffd}\u{fffd}\u{2400}"]);
}

#[test]
fn bidi_zero_width_and_format_characters_are_shown_as_markers() {
    let html = page_of("invisible");
    assert!(
        !html.contains(INVISIBLE),
        "a raw invisible character in the page: {html}"
    );
    let lines = output_lines(figure(&html, "invisible"));
    let stdout: Vec<&str> = lines
        .iter()
        .filter(|l| !l.0)
        .map(|l| l.1.as_str())
        .collect();
    assert_eq!(
        stdout,
        [
            "if admin ⟨U+202E⟩nimda fi⟨U+202C⟩ end",
            "⟨U+2066⟩isolate⟨U+2069⟩ ⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩marks",
            "zero⟨U+200B⟩⟨U+200C⟩⟨U+200D⟩⟨U+2060⟩⟨U+FEFF⟩width",
            "soft⟨U+00AD⟩hyphen tag⟨U+E0041⟩ line⟨U+2028⟩para⟨U+2029⟩",
        ]
    );
    let stderr: Vec<&str> = lines.iter().filter(|l| l.0).map(|l| l.1.as_str()).collect();
    assert_eq!(stderr, ["err ⟨U+202D⟩⟨U+2067⟩"]);
    // The source block shows the comment's zero-width space as a marker.
    assert!(html.contains("// zero⟨U+200B⟩width"), "{html}");
    // So does a compiler message.
    let page = page_of("hostile_compile");
    let fig = figure(&page, "hostile_compile");
    assert!(fig.contains("⟨U+200B⟩zero⟨U+2060⟩width"), "{fig}");
    assert!(!page.contains(INVISIBLE), "{page}");
}

#[test]
fn ansi_escapes_and_carriage_returns_show_what_a_terminal_would() {
    let page = page_of("terminal");
    let fig = figure(&page, "terminal");
    assert!(!fig.contains('\u{1b}') && !fig.contains('\r') && !fig.contains('\u{7}'));
    assert_eq!(
        texts(fig),
        [
            "red bold-underlined",
            "progress 100%",
            "cleared line",
            "after-osc",
            "hyperlink text",
            "windows line",
            "tab\tseparated",
            "cursor-up",
            "trailing cr only",
        ]
    );
}

#[test]
fn hostile_output_source_and_diagnostics_are_inert_text() {
    let m = misbehaving();
    let html = std::fs::read_to_string(m.built.book_dir.join("hostile.html")).expect("page");
    let main = m.built.page("hostile.md");
    // Printed lines come back exactly, as text.
    let lines = output_lines(figure(&main, "hostile"));
    let printed: Vec<(bool, &str)> = HOSTILE_LINES
        .iter()
        .copied()
        .map(|l| (false, l))
        .chain([(true, "<script>alert(\"stderr\")</script>")])
        .collect();
    // Two pipes: where the stderr line lands among the others may vary.
    let mut got: Vec<(bool, &str)> = lines.iter().map(|(e, t)| (*e, t.as_str())).collect();
    got.sort_by_key(|(stderr, _)| *stderr);
    assert_eq!(got, printed);
    // Nothing became markup, nothing was expanded, nothing was swallowed.
    for raw in [
        "<script",
        "<style",
        "<svg onload",
        "<img",
        "<!-- unclosed",
        ">Heading?</h1>",
        "<hr",
        "<table",
        "<blockquote",
        "<strong>bold",
        "<del>",
        "href=\"https://autolink",
    ] {
        assert!(!main.contains(raw), "`{raw}` is live markup in the page");
    }
    assert!(!html.contains("root:x:0:0"), "/etc/passwd was included");
    assert!(
        !html.contains("<title>pwned"),
        "{{#title}} in output was obeyed"
    );
    assert!(
        main.contains("<p>AFTER-HOSTILE-SENTINEL</p>"),
        "text after the example was swallowed"
    );
    assert_eq!(
        main.matches("<figure").count(),
        main.matches("</figure>").count()
    );
    assert!(main.contains("mdbx-timeline"), "the hostile lane is drawn");
    // The source is a code block: escaped by mdBook, not expanded.
    assert!(
        main.contains("&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(2)"),
        "source"
    );
    // A hostile compiler message is escaped too.
    let page = page_of("hostile_compile");
    let fig = figure(&page, "hostile_compile");
    assert!(
        fig.contains("&lt;/pre&gt;&lt;script&gt;alert(3)&lt;/script&gt;"),
        "{fig}"
    );
    assert!(
        !page.contains("<script") && !page.contains("<!--"),
        "{page}"
    );
}
