//! The HTML block that shows a run: compiler diagnostics when there are any,
//! the output lines with a timestamp gutter, a footer with the total time and
//! machine context, optionally hidden behind a "predict, then reveal" toggle.
//!
//! The block never contains a blank line: in CommonMark a blank line would
//! end the HTML block and let markdown reinterpret the rest.

use super::{diagnostic, esc, lines};
use crate::checking::claims::Failure;
use crate::checking::needs::Unchecked;
use crate::finding::directive::OutputView;
use crate::running::build::Diagnostic;
use crate::running::process::{Exit, RunOutcome, Stream};
use crate::util::time::total;

/// Facts shown in the footer.
#[derive(Debug)]
pub struct Context<'a> {
    pub name: &'a str,
    /// What ran the example (`tokio current_thread runtime`, `Python 3.11.7, asyncio`), when known.
    pub runtime: Option<String>,
    pub cores: usize,
    pub any_order: bool,
    /// Timing claims left out because the run had too few cores: shown as a note.
    pub unchecked: Option<Unchecked>,
    /// What the figure carries for running the example yourself (the
    /// program for the page's script, or why it runs only locally).
    pub playground: Option<String>,
    /// The figure's headline, its values computed from this run.
    pub headline: Option<String>,
}

/// The output block for a run (or for a failed compilation when `run` is `None`).
pub fn render(
    view: OutputView,
    ctx: &Context<'_>,
    diagnostics: &[Diagnostic],
    run: Option<&RunOutcome>,
    timeline: Option<(String, String)>,
) -> String {
    let mut html = format!(
        "<figure class=\"mdbx\" data-example=\"{}\">\n",
        esc(ctx.name)
    );
    let mut inner = String::new();
    if !diagnostics.is_empty() {
        inner.push_str(
            "<div class=\"mdbx-label\">compiler output (real, captured at build time)</div>\n",
        );
        inner.push_str("<pre class=\"mdbx-diagnostics\">");
        let blocks = diagnostics
            .iter()
            .map(|d| match &d.ansi {
                Some(ansi) => diagnostic::html(ansi),
                None => lines_html(&d.rendered),
            })
            .collect::<Vec<_>>();
        inner.push_str(&blocks.join("\n&#8203;\n"));
        inner.push_str("</pre>\n");
    }
    if let Some(run) = run {
        if ctx.any_order {
            inner.push_str("<div class=\"mdbx-badge\" title=\"The runtime may interleave these lines differently on another run\">order may vary</div>\n");
        }
        if let Some(h) = &ctx.headline {
            inner.push_str(&format!(
                "<p class=\"mdbx-compare-caption mdbx-headline\">{}</p>\n",
                esc(h)
            ));
        }
        inner.push_str(&lines::block(run, timeline.as_ref()));
        inner.push_str(&footer(ctx, run));
    }
    match view {
        OutputView::Reveal => {
            html.push_str("<details class=\"mdbx-reveal\">\n<summary>Predict the output, then click to reveal the real run</summary>\n");
            html.push_str(&inner);
            html.push_str("</details>\n");
        }
        _ => html.push_str(&inner),
    }
    if let (Some(unchecked), Some(_)) = (ctx.unchecked, run) {
        html.push_str(&format!(
            "<p class=\"mdbx-note\" role=\"note\">{}</p>\n",
            esc(&unchecked.note())
        ));
    }
    // Last: a "runs only locally" note must not push the output down (the
    // panes' outputs start on one row).
    html.push_str(ctx.playground.as_deref().unwrap_or_default());
    html.push_str("</figure>");
    html
}

/// The footer: total time, exit, runtime, cores. A run that did not end
/// well (non-zero exit, killed, timed out) is marked `mdbx-failed` with a ✗,
/// one that exited 0 although a thread panicked `mdbx-panicked` with a ⚠, and
/// either says "panicked" when stderr has a panic message.
fn footer(ctx: &Context<'_>, run: &RunOutcome) -> String {
    let (exit, failed) = match run.exit {
        Exit::Code(c) => (format!("exit code {c}"), c != 0),
        Exit::Signal(s) => (format!("killed by signal {s}"), true),
        Exit::TimedOut => ("timed out, killed".to_string(), true),
    };
    let panicked = run
        .lines
        .iter()
        .any(|l| l.stream == Stream::Stderr && l.text.contains("panicked at"));
    let mut parts = vec![
        format!("<strong>{} total</strong>", total(run.total_us)),
        exit,
    ];
    match (failed, panicked) {
        (true, true) => parts.push("<strong>panicked</strong>".to_string()),
        (false, true) => parts.push("a thread panicked".to_string()),
        _ => {}
    }
    if let Some(r) = &ctx.runtime {
        parts.push(esc(r));
    }
    if let Some(startup) = run.startup_us {
        parts.push(format!(
            "timed from its own code ({} of interpreter start-up left out)",
            total(startup)
        ));
    }
    parts.push(format!(
        "{} core{}",
        ctx.cores,
        if ctx.cores == 1 { "" } else { "s" }
    ));
    if run.cut_bytes > 0 {
        parts.push(format!("{} bytes of output not shown", run.cut_bytes));
    }
    let (class, mark) = match (failed, panicked) {
        (true, _) => (
            " mdbx-failed",
            "<span class=\"mdbx-mark\" title=\"the run failed\">✗</span> ",
        ),
        (false, true) => (
            " mdbx-panicked",
            "<span class=\"mdbx-mark\" title=\"a thread panicked, the program went on\">⚠</span> ",
        ),
        (false, false) => ("", ""),
    };
    format!(
        "<figcaption class=\"mdbx-footer{class}\">{mark}{} · <span class=\"mdbx-name\">{}</span></figcaption>\n",
        parts.join(" · "),
        esc(ctx.name)
    )
}

/// Escaped text whose empty lines are kept non-blank (see the module docs).
fn lines_html(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.trim().is_empty() {
                "&#8203;".to_string()
            } else {
                esc(l)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A visible error box for a failed claim (the `continue` policy).
pub fn error_box(location: &str, name: &str, failures: &[Failure]) -> String {
    let mut html = format!(
        "<div class=\"mdbx-error\" role=\"alert\">\n<div class=\"mdbx-error-title\">example <code>{}</code> at {}: {} claim{} failed</div>\n",
        esc(name),
        esc(location),
        failures.len(),
        if failures.len() == 1 { "" } else { "s" }
    );
    for f in failures {
        html.push_str(&format!(
            "<pre class=\"mdbx-error-detail\">[{}] {}</pre>\n",
            f.cause,
            lines_html(&f.message)
        ));
    }
    html.push_str("</div>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::running::process::Line;

    fn run(lines: &[(&str, Stream)]) -> RunOutcome {
        RunOutcome {
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, (t, s))| Line {
                    at_us: i as u64 * 1_000_000,
                    stream: *s,
                    text: (*t).to_string(),
                })
                .collect(),
            exit: Exit::Code(0),
            total_us: 2_000_000,
            cut_bytes: 0,
            trace: None,
            cpu_us: None,
            startup_us: None,
            waited_us: None,
        }
    }

    fn ctx() -> Context<'static> {
        Context {
            name: "demo",
            runtime: Some("tokio current_thread runtime".to_string()),
            cores: 2,
            any_order: true,
            unchecked: None,
            playground: None,
            headline: None,
        }
    }

    #[test]
    fn no_blank_lines_and_everything_escaped() {
        let r = run(&[
            ("<script>x</script>", Stream::Stdout),
            ("", Stream::Stdout),
            ("{{#include x}}", Stream::Stderr),
        ]);
        let html = render(OutputView::Reveal, &ctx(), &[], Some(&r), None);
        assert!(!html.lines().any(|l| l.trim().is_empty()), "{html}");
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("mdbx-stderr"));
        assert!(html.contains("<details"));
        assert!(html.contains("order may vary"));
        assert!(
            html.contains("2.000 s total")
                && html.contains("tokio current_thread runtime")
                && html.contains("2 cores")
        );
    }

    #[test]
    fn unchecked_timing_is_a_visible_note_outside_the_reveal() {
        let r = run(&[("a", Stream::Stdout)]);
        let one_core = Context {
            cores: 1,
            unchecked: crate::checking::needs::unchecked(Some(2), 1, true),
            ..ctx()
        };
        let html = render(OutputView::Reveal, &one_core, &[], Some(&r), None);
        assert!(!html.lines().any(|l| l.trim().is_empty()), "{html}");
        let note =
            html.find("<p class=\"mdbx-note\" role=\"note\">Timing not checked in this build: ");
        let reveal_end = html.find("</details>").expect("reveal");
        assert!(note.is_some_and(|at| at > reveal_end), "{html}");
        assert!(html.contains("need at least 2 cores, and the run shown here had 1."));
        let plain = render(OutputView::Show, &ctx(), &[], Some(&r), None);
        assert!(!plain.contains("mdbx-note"), "{plain}");
    }

    #[test]
    fn diagnostics_keep_their_empty_lines_non_blank() {
        let d = Diagnostic {
            level: "error".into(),
            code: None,
            rendered: "error: x\n\n  --> a.rs".into(),
            ansi: None,
        };
        let coloured = Diagnostic {
            level: "warning".into(),
            code: None,
            rendered: "warning: <y>".into(),
            ansi: Some("\x1b[1m\x1b[33mwarning\x1b[0m: <y>\n\n".into()),
        };
        let html = render(OutputView::Show, &ctx(), &[d, coloured], None, None);
        assert!(!html.lines().any(|l| l.trim().is_empty()), "{html}");
        assert!(html.contains("mdbx-diagnostics"));
        assert!(
            html.contains("error: x\n&#8203;\n  --&gt; a.rs\n&#8203;\n<span class=\"mdbx-d-bold mdbx-d-warning\">warning</span>: &lt;y&gt;"),
            "{html}"
        );
    }

    fn footer_of(exit: Exit, lines: &[(&str, Stream)]) -> String {
        let mut r = run(lines);
        r.exit = exit;
        footer(&ctx(), &r)
    }

    #[test]
    fn a_failed_run_has_a_failed_footer() {
        let ok = footer_of(Exit::Code(0), &[("a", Stream::Stdout)]);
        assert!(
            ok.starts_with("<figcaption class=\"mdbx-footer\"><strong>"),
            "{ok}"
        );
        let panic = footer_of(
            Exit::Code(101),
            &[(
                "thread 'main' panicked at src/bin/x.rs:3:5:",
                Stream::Stderr,
            )],
        );
        assert!(
            panic.starts_with(
                "<figcaption class=\"mdbx-footer mdbx-failed\"><span class=\"mdbx-mark\""
            ) && panic.contains("exit code 101 · <strong>panicked</strong> · "),
            "{panic}"
        );
        for exit in [Exit::Code(1), Exit::Signal(9), Exit::TimedOut] {
            let f = footer_of(exit, &[]);
            assert!(
                f.contains("mdbx-failed") && f.contains("✗") && !f.contains("panicked"),
                "{f}"
            );
        }
        let caught = footer_of(
            Exit::Code(0),
            &[(
                "thread 'tokio-runtime-worker' panicked at src/bin/x.rs:3:5:",
                Stream::Stderr,
            )],
        );
        assert!(
            caught.contains("mdbx-footer mdbx-panicked")
                && caught.contains("exit code 0 · a thread panicked · ")
                && !caught.contains("mdbx-failed"),
            "{caught}"
        );
    }
}
