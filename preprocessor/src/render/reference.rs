//! One checked reference, rendered: its source block (or its difference
//! from another example), and its output block with the footer and
//! timeline, folded when it is a solution. Also the check of its figure
//! against its run ([`figure`]), which needs the timeline's layout.

use super::playground::Playground;
use super::timeline::{self, Frame};
use super::{diagnostic, diff, output, source};
use crate::checking::claims::{Claim, Failure};
use crate::checking::headline::{self, Bounds, Named};
use crate::checking::needs::Verdict;
use crate::checking::source::Shown;
use crate::finding::directive::{Directive, OutputView, SourceView, TimelineView};
use crate::finding::discover::Found;
use crate::package::catalog::{Catalog, Example};
use crate::package::languages::Build;
use crate::running::build::Diagnostic;
use crate::running::record::Record;
use crate::storing::inputs::Toolchains;
use std::path::Path;

/// Render what replaces one reference, whose claims and source are
/// checked (`verdict`): nothing when its `expected` block is malformed or
/// its source cannot be read (its failure says so).
pub fn render(
    found: &Found,
    example: &Example,
    record: &Record,
    catalog: &Catalog,
    toolchains: &Toolchains,
    verdict: &Verdict,
    playground: Option<&Playground>,
) -> String {
    let d = &found.directive;
    let Some(source) = verdict.source.as_ref().filter(|_| !verdict.malformed) else {
        return String::new();
    };
    let shown = &source.shown;
    let source = source.text.as_str();
    let unchecked = verdict.unchecked;
    let mut parts = Vec::new();
    if let Some(shown) = shown.as_ref().filter(|_| d.source == SourceView::Show) {
        parts.push(source_block(shown, example));
    }
    if d.output != OutputView::Hide {
        let lanes = d
            .lanes
            .as_ref()
            .map_or(timeline::DEFAULT_LANES, |l| l.as_str());
        let svg = record.run.as_ref().and_then(|run| {
            let wanted = match d.timeline {
                TimelineView::Show => true,
                TimelineView::Hide => false,
                TimelineView::Auto => run.lines.len() >= 2 && run.total_us >= 20_000,
            };
            let re = d.lane_regex().clone();
            wanted.then(|| {
                let draw = |frame| {
                    if d.figure.chart.is_empty() {
                        timeline::render(&d.name, run, (&re, &d.figure), frame)
                    } else {
                        timeline::chart(&d.name, &d.figure, &[("", run)], &re, frame)
                    }
                };
                (draw(Frame::WIDE), draw(Frame::NARROW))
            })
        });
        let ctx = output::Context {
            name: &d.name,
            runtime: (example.language).label(source, toolchains.version(example.language.name())),
            cores: record.cores,
            any_order: d.any_order,
            unchecked,
            // The playground runs Rust programs (cargo's examples); Pyodide
            // runs Python ones in the page.
            playground: playground
                .filter(|_| d.source == SourceView::Show)
                .and_then(
                    |p| match (example.language.build(), example.language.name()) {
                        (Build::Cargo, _) => Some(p.figure_part(&d.name, source, lanes)),
                        (_, "python") => Some(p.python_part(&d.name, source, lanes)),
                        _ => None,
                    },
                ),
            headline: verdict.headline.clone(),
        };
        let diagnostics: Vec<_> = record
            .diagnostics
            .iter()
            .map(|x| Diagnostic {
                rendered: normalise_paths(&x.rendered, &catalog.package_dir),
                ansi: x
                    .ansi
                    .as_deref()
                    .map(|a| normalise_paths(a, &catalog.package_dir)),
                ..x.clone()
            })
            .collect();
        parts.push(output::render(
            d.output,
            &ctx,
            &diagnostics,
            record.run.as_ref(),
            svg,
        ));
    }
    let html = parts.join("\n\n");
    if d.solution {
        fold_solution(&html)
    } else {
        html
    }
}

/// The headline of `d`'s figure from its run, and the failures of what the
/// run does not support (a headline value out of its bound, unless
/// `bounds` are left out; a mark at a line it did not print).
pub fn figure(d: &Directive, record: &Record, bounds: Bounds) -> (Option<String>, Vec<Failure>) {
    let (Some(run), re) = (&record.run, d.lane_regex().clone()) else {
        return (None, Vec::new());
    };
    let fail = |message: String| Failure::new(Claim::Figure, message);
    let other_runs = (d.figure.notes.iter()).filter_map(|n| match n.run {
        Some(r) if r > 0 => Some(format!(
            "`{}` is for run `{}.` of a comparison: an {{{{#example}}}} has one run; \
             leave the run out",
            n.label,
            char::from(b'A' + r.min(25) as u8)
        )),
        _ => None,
    });
    let mut failures: Vec<Failure> = timeline::note_problems((run, 0), &re, &d.figure)
        .into_iter()
        .chain(other_runs)
        .chain(timeline::chart_problems(&d.figure.chart, &[("", run)], &re))
        .map(fail)
        .collect();
    let named = [Named { name: &d.name, run }];
    let headline = match d
        .figure
        .headline
        .as_ref()
        .map(|h| headline::evaluate(h, &named, &re, bounds))
    {
        Some(Ok(text)) => Some(text),
        Some(Err(why)) => {
            failures.extend(why.into_iter().map(fail));
            None
        }
        None => None,
    };
    (headline, failures)
}

/// The source as a code block, or with `diff=OTHER` as its difference from
/// OTHER's source (the same `anchor=` region of both, of one language).
fn source_block(shown: &Shown, example: &Example) -> String {
    let language = example.language.as_ref();
    match shown {
        Shown::Lines(lines) => source::render(lines, language),
        Shown::Diff { base, before, this } => {
            let names = diff::Names {
                this: &example.name,
                base,
            };
            let before = source::lines(before, language);
            diff::render(names, &before, &source::lines(this, language), language)
        }
    }
}

/// A `solution` reference: everything it shows, in a closed `<details>`.
/// The blank lines let mdBook read the markdown code block inside.
fn fold_solution(html: &str) -> String {
    format!(
        "<details class=\"mdbx-solution\">\n<summary>Show a solution (try first)</summary>\n\n{html}\n\n</details>"
    )
}

/// Paths in diagnostics (plain or with ANSI colours): the example's own
/// files relative to the examples package, other crates' and the standard
/// library's shortened to the crate and file.
fn normalise_paths(text: &str, package_dir: &Path) -> String {
    let mut out = diagnostic::shorten_paths(text);
    if let Ok(abs) = package_dir.canonicalize() {
        out = out.replace(&format!("{}/", abs.display()), "");
    }
    if let Some(name) = package_dir.file_name().and_then(|n| n.to_str()) {
        let after_arrow = format!(r"((?:-->|:::) (?:\x1b\[[0-9;]*m)*){}/", regex::escape(name));
        if let Ok(re) = regex::Regex::new(&after_arrow) {
            out = re.replace_all(&out, "${1}").into_owned();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_paths_are_relative() {
        let out = normalise_paths(
            "  --> examples/src/bin/x.rs:3:5",
            Path::new("/book/examples"),
        );
        assert_eq!(out, "  --> src/bin/x.rs:3:5");
        let coloured = normalise_paths(
            " \x1b[1m\x1b[94m--> \x1b[0mexamples/src/bin/x.rs:3:5\n \x1b[94m::: \x1b[0m/r/.cargo/registry/src/i-1/tokio-1.47.1/src/lib.rs:1:1",
            Path::new("/book/examples"),
        );
        assert_eq!(
            coloured,
            " \x1b[1m\x1b[94m--> \x1b[0msrc/bin/x.rs:3:5\n \x1b[94m::: \x1b[0mtokio-1.47.1/src/lib.rs:1:1"
        );
    }
}
