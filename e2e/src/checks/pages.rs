//! `navigation`, `outputs` and `print`: which chapters there are, and what
//! each chapter page and the print page show.
//!
//! mdBook 0.5 builds the sidebar in JavaScript (`toc-<hash>.js` fills the
//! `<mdbook-sidebar-scrollbox>` element); `toc.html` holds the same list for
//! the no-JS iframe. The chapter list is read from the live sidebar and
//! compared with `toc.html`. `index.html` is a copy of the first chapter and
//! is not in either list.

use super::{Ctx, PAGE_FACTS_JS, Page, PageFacts};
use crate::report::Checked;
use anyhow::{Context, Result};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const SIDEBAR_JS: &str = r#"
const pages = [];
for (const a of document.querySelectorAll('#mdbook-sidebar a[href]')) {
  const raw = a.getAttribute('href');
  if (!raw || raw.startsWith('#')) continue; // the on-page heading links
  const u = new URL(a.href, location.href);
  if (u.origin !== location.origin) continue;
  const path = u.pathname.replace(/^\//, '');
  if (path && !pages.includes(path)) pages.push(path);
}
return pages;
"#;

/// The chapter pages, in sidebar order.
pub async fn navigation(ctx: &Ctx<'_>) -> Result<Checked<Vec<String>>> {
    ctx.browser.goto(&ctx.server.url("index.html")).await?;
    ctx.browser
        .wait_for(
            "document.querySelector('#mdbook-sidebar a[href]')",
            std::time::Duration::from_secs(10),
        )
        .await
        .context("the sidebar never got its links (toc.js)")?;
    let sidebar: Vec<String> = serde_json::from_value(ctx.browser.js(SIDEBAR_JS, vec![]).await?)?;
    let mut problems = Vec::new();
    if sidebar.is_empty() {
        problems.push("the sidebar lists no chapter".to_string());
    }
    let toc_path = ctx.book.join("toc.html");
    let note = match std::fs::read_to_string(&toc_path) {
        Ok(html) => {
            let toc = toc_links(&html);
            let side: BTreeSet<&String> = sidebar.iter().collect();
            let file: BTreeSet<&String> = toc.iter().collect();
            for missing in file.difference(&side) {
                problems.push(format!("{missing} is in toc.html but not in the sidebar"));
            }
            for extra in side.difference(&file) {
                problems.push(format!("{extra} is in the sidebar but not in toc.html"));
            }
            "same list as toc.html"
        }
        Err(_) => "no toc.html to compare with",
    };
    let summary = format!("{} chapter pages in the sidebar, {note}", sidebar.len());
    Ok(Checked::new(sidebar, summary, problems))
}

/// The page links of mdBook's `toc.html` (relative to the book root).
fn toc_links(html: &str) -> Vec<String> {
    let start = html.find("<ol class=\"chapter\"").unwrap_or(0);
    let mut links = Vec::new();
    for piece in html[start..].split("href=\"").skip(1) {
        let href = piece.split('"').next().unwrap_or("");
        let path = href.split('#').next().unwrap_or("");
        if path.is_empty() || href.contains("://") || links.iter().any(|l| l == path) {
            continue;
        }
        links.push(path.to_string());
    }
    links
}

/// Check 1: on every chapter page, each example's output, footer and
/// timeline are there and visible (the ones behind a closed reveal are
/// checked hidden, then opened and checked visible). A page in `unchanged`
/// is not opened: its facts are the ones recorded when it last passed.
pub async fn outputs(
    ctx: &Ctx<'_>,
    chapters: &[String],
    unchanged: &BTreeMap<String, PageFacts>,
) -> Result<Checked<Vec<Page>>> {
    let mut pages = Vec::new();
    let mut problems = Vec::new();
    for path in chapters {
        if let Some(facts) = unchanged.get(path) {
            pages.push(Page {
                path: path.clone(),
                facts: facts.clone(),
            });
            continue;
        }
        ctx.browser.goto(&ctx.server.url(path)).await?;
        let facts = page_facts(ctx).await.with_context(|| path.clone())?;
        problems.extend(facts.problems.iter().map(|p| format!("{path}: {p}")));
        pages.push(Page {
            path: path.clone(),
            facts,
        });
    }
    let sum = |f: fn(&PageFacts) -> usize| pages.iter().map(|p| f(&p.facts)).sum::<usize>();
    let with_figures = pages.iter().filter(|p| p.facts.figures > 0).count();
    if with_figures == 0 {
        problems.push("no chapter has a figure.mdbx".into());
    }
    let mut summary = format!(
        "{} pages ({with_figures} with examples): {} figures, {} outputs, {} lines, {} timelines, {} reveals; {} traced future(s) dropped unfinished, {} with a ✕ at the drop",
        pages.len(),
        sum(|f| f.figures),
        sum(|f| f.outputs),
        sum(|f| f.lines),
        sum(|f| f.timelines),
        sum(|f| f.reveals),
        sum(|f| f.dropped),
        sum(|f| f.crossed),
    );
    let known = chapters
        .iter()
        .filter(|c| unchanged.contains_key(*c))
        .count();
    if known > 0 {
        summary.push_str(&format!(
            "; {} page(s) opened, {known} unchanged since the last passing run",
            chapters.len() - known
        ));
    }
    Ok(Checked::new(pages, summary, problems))
}

/// Check 7: print.html holds every chapter's figures and timelines, and
/// they pass the same page checks there.
pub async fn print(ctx: &Ctx<'_>, pages: &[Page]) -> Result<Checked<()>> {
    ctx.browser.goto(&ctx.server.url("print.html")).await?;
    let facts = page_facts(ctx).await.context("print.html")?;
    // What the chapter pages already reported is not reported again (the
    // same message but for its numbers: print.html adds up the chapters).
    let known: BTreeSet<String> = pages
        .iter()
        .flat_map(|p| &p.facts.problems)
        .map(|p| without_numbers(p))
        .collect();
    let (repeated, new): (Vec<&String>, Vec<&String>) = facts
        .problems
        .iter()
        .partition(|p| known.contains(&without_numbers(p)));
    let repeated = repeated.len();
    let mut problems: Vec<String> = new.iter().map(|p| format!("print.html: {p}")).collect();
    let figures: usize = pages.iter().map(|p| p.facts.figures).sum();
    let timelines: usize = pages.iter().map(|p| p.facts.timelines).sum();
    let outputs: usize = pages.iter().map(|p| p.facts.outputs).sum();
    for (what, printed, chapters) in [
        ("figure.mdbx", facts.figures, figures),
        ("svg.mdbx-timeline", facts.timelines, timelines),
        ("pre.mdbx-output", facts.outputs, outputs),
    ] {
        if printed != chapters || printed == 0 {
            problems.push(format!(
                "print.html has {printed} {what}, the chapters have {chapters} together"
            ));
        }
    }
    let mut summary = format!(
        "print.html: {} figures, {} timelines, {} outputs (the chapters: {figures}, {timelines}, {outputs})",
        facts.figures, facts.timelines, facts.outputs
    );
    if repeated > 0 {
        summary.push_str(&format!(
            "; {repeated} problem(s) seen on the chapter pages are there too"
        ));
    }
    Ok(Checked::new((), summary, problems))
}

/// `s` with every run of digits replaced by `#`.
fn without_numbers(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('#') {
            out.push('#');
        }
    }
    out
}

async fn page_facts(ctx: &Ctx<'_>) -> Result<PageFacts> {
    let v: Value = ctx.browser.js(PAGE_FACTS_JS, vec![]).await?;
    Ok(serde_json::from_value(v)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toc_links_are_the_chapter_pages() {
        let html = r##"<link href="css/x.css"><ol class="chapter"><li><a href="a.html" target="_parent">A</a></li>
            <li><a href="b/c.html#x">C</a></li><li><a href="https://example.org/">out</a></li>
            <li><a href="a.html">again</a></li></ol>"##;
        assert_eq!(toc_links(html), ["a.html", "b/c.html"]);
    }

    #[test]
    fn numbers_do_not_make_a_problem_new() {
        assert_eq!(without_numbers("19 blocks (39px)"), "# blocks (#px)");
        assert_eq!(
            without_numbers("8 blocks (39px)"),
            without_numbers("19 blocks (9px)")
        );
    }
}
