//! The checks. Each is a named entry in the report; later checks use what
//! `navigation` and `outputs` found, and [`run_all`] says which run side by
//! side in two browser sessions.

mod axe;
mod console;
mod contrast;
mod interact;
mod layout;
mod legibility;
mod looks;
mod pages;
mod panes;
mod playground;
mod python_run;
mod text_size;

use crate::browser::Browser;
use crate::report::Report;
use crate::server::Server;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// What every check gets.
#[derive(Debug)]
pub struct Ctx<'a> {
    pub browser: &'a Browser,
    pub server: &'a Server,
    pub book: &'a Path,
    pub screenshots: &'a Path,
    /// axe-core's `axe.min.js`.
    pub axe: &'a Path,
    /// Only the measurements (`measure` … `axe`) after `navigation` and
    /// `outputs`.
    pub measure_only: bool,
}

/// What `page_facts.js` reports about one page.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PageFacts {
    pub figures: usize,
    pub outputs: usize,
    pub timelines: usize,
    pub reveals: usize,
    pub lines: usize,
    /// Traced futures dropped unfinished (column-wide drawings), and how
    /// many of them have their ✕ at the drop.
    pub dropped: usize,
    pub crossed: usize,
    pub problems: Vec<String>,
    /// Output tokens (lower case, `[a-z0-9_]`, 4 or more) and their search stems.
    pub out_words: BTreeMap<String, String>,
    /// Every other word on the page, and their stems.
    pub rest_words: Vec<String>,
    pub rest_stems: Vec<String>,
    pub has_lunr: bool,
}

/// A chapter page (its path from the book root) and its facts.
#[derive(Debug)]
pub struct Page {
    pub path: String,
    pub facts: PageFacts,
}

const PAGE_FACTS_JS: &str = include_str!("page_facts.js");

/// Run every check, printing as they finish. After `navigation` and
/// `outputs` the checks run in two browser sessions at once: `ctx` does what
/// a reader does (reveal, search, themes, phone, print) and axe, `other`
/// the measurements, the longest check; then `console` reads both
/// sessions' logs, and `playground` and `python` run side by side. In
/// `measure_only` runs, `ctx` runs axe while `other` measures.
pub async fn run_all(ctx: &Ctx<'_>, other: &Browser, report: &mut Report) {
    let minute = Duration::from_secs(60);
    let chapters = report
        .run("navigation", minute, pages::navigation(ctx))
        .await
        .filter(|c| !c.is_empty());
    let pages = match &chapters {
        Some(chapters) => {
            report
                .run("outputs", 5 * minute, pages::outputs(ctx, chapters))
                .await
        }
        None => {
            report.not_run("outputs", "no chapter pages found");
            None
        }
    };
    let later = ["reveal", "search", "themes", "phone", "print"];
    let measured = ["measure"]
        .iter()
        .chain(&JUDGED)
        .chain(&["axe"])
        .copied()
        .collect::<Vec<_>>();
    let pages = pages.filter(|p| p.iter().any(|p| p.facts.figures > 0));
    let second = Ctx {
        browser: other,
        ..*ctx
    };
    match &pages {
        Some(pages) => {
            let mut measuring = Report::default();
            let reader = async {
                if !ctx.measure_only {
                    interactions(ctx, report, pages).await;
                }
                report
                    .run("axe", SIDE_BY_SIDE, axe::axe(ctx, pages, ctx.axe))
                    .await;
            };
            tokio::join!(reader, measurements(&second, &mut measuring, pages));
            report.add(measuring);
        }
        None => {
            let skipped = if ctx.measure_only {
                &[][..]
            } else {
                &later[..]
            };
            for name in skipped.iter().chain(&measured) {
                report.not_run(name, "no page with a figure.mdbx");
            }
        }
    }
    if ctx.measure_only {
        return;
    }
    if let Err(e) = ctx.browser.take_logs(other).await {
        report.not_run("console", &format!("{e:#}"));
    } else {
        report.run("console", minute, console::no_errors(ctx)).await;
    }
    // Last: its stand-in's error answer is logged as a failed request.
    match &pages {
        Some(pages) => {
            let mut python = Report::default();
            tokio::join!(
                report.run("playground", 2 * minute, playground::playground(ctx, pages)),
                python.run("python", 4 * minute, python_run::python(&second, pages)),
            );
            report.add(python);
        }
        None => {
            report.not_run("playground", "no page with a figure.mdbx");
            report.not_run("python", "no page with a figure.mdbx");
        }
    }
}

/// What a reader does and sees: reveal, search, themes, phone, print.
async fn interactions(ctx: &Ctx<'_>, report: &mut Report, pages: &[Page]) {
    let minute = Duration::from_secs(60);
    report
        .run("reveal", minute, interact::reveal(ctx, pages))
        .await;
    report
        .run("search", minute, interact::search(ctx, pages))
        .await;
    report
        .run("themes", 2 * minute, looks::themes(ctx, pages))
        .await;
    report
        .run("phone", 3 * minute, looks::phone(ctx, pages))
        .await;
    report.run("print", minute, pages::print(ctx, pages)).await;
}

/// The limit of `measure` and `axe`, which run at the same time and share
/// the cores: each may take what the two had one after the other (5 and 3
/// minutes). On a busy machine either takes up to twice as long beside the
/// other as alone.
const SIDE_BY_SIDE: Duration = Duration::from_secs(8 * 60);

/// The checks that judge the `measure` samples, in order.
const JUDGED: [&str; 8] = [
    "text-size",
    "contrast",
    "panes",
    "column",
    "sideways",
    "evidence",
    "lane-order",
    "caption-noise",
];

/// Every chapter at two widths in five themes, judged eight ways.
async fn measurements(ctx: &Ctx<'_>, report: &mut Report, pages: &[Page]) {
    let minute = Duration::from_secs(60);
    let samples = report
        .run("measure", SIDE_BY_SIDE, legibility::measure(ctx, pages))
        .await;
    match samples {
        Some(samples) => {
            let judged = [
                ("text-size", text_size::text_size(&samples)),
                ("contrast", contrast::contrast(&samples)),
                ("panes", panes::panes(&samples)),
                ("column", layout::column(&samples)),
                ("sideways", layout::sideways(&samples)),
                ("evidence", layout::evidence(&samples)),
                ("lane-order", layout::lane_order(&samples)),
                ("caption-noise", layout::caption_noise(&samples)),
            ];
            for (name, checked) in judged {
                report.run(name, minute, async { Ok(checked) }).await;
            }
        }
        None => {
            for name in JUDGED {
                report.not_run(name, "nothing measured");
            }
        }
    }
}
