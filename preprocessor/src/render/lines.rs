//! The lines a run printed, each with its time in a gutter, and the
//! run's timeline. A short output comes first and its figure under it; a
//! long one (more than [`FOLD_ABOVE`] lines) puts the figure first and folds
//! to its first and last lines, with the rest one click away, so that a
//! reader who scans meets the picture, not a wall of text.

use super::esc;
use crate::running::process::{Line, RunOutcome, Stream};
use crate::util::time::stamp;

/// Outputs longer than this are folded.
pub const FOLD_ABOVE: usize = 16;
/// Lines shown before the fold.
const HEAD: usize = 6;
/// Lines shown after the fold.
const TAIL: usize = 3;

/// The output lines of `run` and its timeline (drawn for a page column and
/// for a phone; CSS shows one), in reading order.
pub fn block(run: &RunOutcome, svg: Option<&(String, String)>) -> String {
    let figure = svg.map(|(wide, narrow)| {
        format!(
            "<div class=\"mdbx-figure-scroll mdbx-wide\" tabindex=\"0\" role=\"group\" aria-label=\"Timeline of this run\">{wide}</div>\n\
<div class=\"mdbx-figure-scroll mdbx-narrow\" tabindex=\"0\" role=\"group\" aria-label=\"Timeline of this run\">{narrow}</div>\n"
        )
    });
    if run.lines.len() <= FOLD_ABOVE {
        let mut html = pre("mdbx-output", &run.lines, run.lines.is_empty());
        html.push_str(figure.as_deref().unwrap_or_default());
        return html;
    }
    let (head, rest) = run.lines.split_at(HEAD);
    let (middle, tail) = rest.split_at(rest.len() - TAIL);
    format!(
        "{}{}<details class=\"mdbx-fold\"><summary>{} more lines (all {} are shown here when open)</summary>\n{}</details>\n{}",
        figure.unwrap_or_default(),
        pre("mdbx-output mdbx-head", head, false),
        middle.len(),
        run.lines.len(),
        pre("mdbx-output mdbx-middle", middle, false),
        pre("mdbx-output mdbx-tail", tail, false),
    )
}

/// One `<pre>` of lines (`empty`: say that the run printed nothing).
fn pre(class: &str, lines: &[Line], empty: bool) -> String {
    let mut html = format!("<pre class=\"{class}\">");
    if empty {
        html.push_str("<span class=\"mdbx-empty\">(no output)</span>");
    }
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            html.push('\n');
        }
        let class = match line.stream {
            Stream::Stdout => "mdbx-line",
            Stream::Stderr => "mdbx-line mdbx-stderr",
        };
        let text = if line.text.is_empty() {
            "&#8203;".to_string()
        } else {
            esc(&line.text)
        };
        html.push_str(&format!(
            "<span class=\"{class}\"><span class=\"mdbx-t\" aria-hidden=\"true\">{}</span>{text}</span>",
            stamp(line.at_us)
        ));
    }
    html.push_str("</pre>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::running::process::Exit;

    fn run(n: usize) -> RunOutcome {
        RunOutcome {
            lines: (0..n)
                .map(|i| Line {
                    at_us: i as u64 * 1000,
                    stream: Stream::Stdout,
                    text: format!("line {i}"),
                })
                .collect(),
            exit: Exit::Code(0),
            total_us: 1,
            cut_bytes: 0,
            trace: None,
            cpu_us: None,
            startup_us: None,
            waited_us: None,
        }
    }

    #[test]
    fn short_outputs_come_before_their_figure() {
        let svg = ("<svg></svg>".to_string(), "<svg></svg>".to_string());
        let html = block(&run(3), Some(&svg));
        assert!(html.find("line 2").expect("lines") < html.find("<svg").expect("svg"));
        assert!(!html.contains("mdbx-fold"));
        assert!(!html.contains("\n\n"), "no blank line in an HTML block");
    }

    #[test]
    fn long_outputs_put_the_figure_first_and_fold_the_middle() {
        let svg = ("<svg></svg>".to_string(), "<svg></svg>".to_string());
        let html = block(&run(41), Some(&svg));
        let svg = html.find("<svg").expect("svg");
        assert!(svg < html.find("line 0").expect("first"));
        let fold = html.find("<details class=\"mdbx-fold\">").expect("fold");
        assert!(html.find("line 5").expect("head") < fold);
        assert!(html.find("line 6").expect("middle") > fold);
        assert!(html.contains("32 more lines (all 41"), "{html}");
        assert!(html.rfind("line 40").expect("last") > html.find("</details>").expect("end"));
        assert!(!html.contains("\n\n"), "no blank line in an HTML block");
    }

    #[test]
    fn an_empty_run_says_so() {
        assert!(block(&run(0), None).contains("(no output)"));
    }
}
