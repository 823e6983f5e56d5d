//! `python`: a Python example run in the page by the book's own Pyodide,
//! with https blocked (nothing comes from another host). Before this check
//! every page has been opened by the others without a click on a Python Run
//! button: the server must not have served a single Pyodide file by then.
//! Then: the example as it is (its lines, the figure beside the build's
//! run), an edited program whose 200 ms sleeps must show as ~200 ms gaps
//! (drawn with the previous run kept as a third row), and a program that
//! never ends, stopped after the page's stated limit.

use super::playground::figure_problems;
use super::{Ctx, Page};
use crate::report::Checked;
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

pub(super) const PAGE: &str = "asyncio-vs-tokio.html";
const EXAMPLE: &str = "py_gather";

/// The edited program: two 200 ms pauses, one awaited, one blocking.
const EDITED: &str = "import asyncio\nimport time\n\n\nasync def main():\n    print(\"[a] before\")\n    await asyncio.sleep(0.2)\n    print(\"[a] after\")\n    time.sleep(0.2)\n    print(\"[b] blocked\")\n\n\nasyncio.run(main())\n";
/// A gap of 200 ms must show as a gap in this range (ms).
const GAP_MS: std::ops::Range<f64> = 150.0..800.0;
/// A program that never ends.
const ENDLESS: &str = "import time\nwhile True:\n    time.sleep(0.05)\n";

/// No Pyodide file was fetched while `pages` were opened; with `run`,
/// [`EXAMPLE`] on [`PAGE`] is run as it is, edited, and endless.
pub async fn python(ctx: &Ctx<'_>, pages: &[Page], run: bool) -> Result<Checked<()>> {
    let mut problems = Vec::new();
    let before_click = ctx.server.pyodide_served();
    if !before_click.is_empty() {
        problems.push(format!(
            "Pyodide was fetched before any click on a Python Run button ({} pages opened): {before_click:?}",
            pages.len()
        ));
    }
    if !run {
        let summary = format!(
            "no Pyodide file fetched while {} changed page(s) were opened; {PAGE}, where {EXAMPLE} is run, is unchanged since the last passing run",
            pages.len()
        );
        return Ok(Checked::new((), summary, problems));
    }
    ctx.browser.cdp("Network.enable", json!({})).await?;
    ctx.browser
        .cdp(
            "Network.setBlockedURLs",
            json!({ "urls": ["https://*", "*://cdn.jsdelivr.net/*", "*://*.pyodide.org/*"] }),
        )
        .await?;
    ctx.browser.goto(&ctx.server.url(PAGE)).await?;
    let weight = ctx.browser.js(WEIGHT_JS, vec![]).await?;
    let page_bytes = weight.as_f64().unwrap_or_default();
    let selector = format!("figure[data-example=\"{EXAMPLE}\"]");
    let clicked = Instant::now();
    click(ctx, &selector, ".mdbx-play-run").await?;
    let first = settled(ctx, &selector, 1, Duration::from_secs(150)).await?;
    let first_click_ms = clicked.elapsed().as_secs_f64() * 1e3;
    let served = ctx.server.pyodide_served();
    let fetched: f64 = served
        .iter()
        .filter_map(|s| s.rsplit_once(' ')?.1.parse::<f64>().ok())
        .sum();
    if first["failed"] == true {
        bail!("the Python example did not run: {}", first["output"]);
    }
    let build: Vec<String> = serde_json::from_value(first["build"].clone())?;
    let mut yours: Vec<String> = lines(&first).into_iter().map(|(_, t)| t).collect();
    let mut expected = build.clone();
    yours.sort();
    expected.sort();
    if yours != expected {
        problems.push(format!(
            "{EXAMPLE} in the page printed {yours:?}, the build's run {expected:?}"
        ));
    }
    let where_ran = first["where"].as_str().unwrap_or_default();
    if !(where_ran.contains("Python 3.") && where_ran.contains("in your browser, Pyodide ")) {
        problems.push(format!("the run does not say where it ran: {where_ran:?}"));
    }
    problems.extend(figure_problems(ctx, 2).await?);

    // Edited, with the previous run kept as a third row.
    ctx.browser
        .js(
            "const f = document.querySelector(arguments[0]); f.querySelector('.mdbx-yours-code').value = arguments[1]; f.querySelector('.mdbx-keep input').checked = true;",
            vec![json!(selector), json!(EDITED)],
        )
        .await?;
    click(ctx, &selector, ".mdbx-play-run").await?;
    let edited = settled(ctx, &selector, 3, Duration::from_secs(30)).await?;
    let times = lines(&edited);
    let gaps: Vec<f64> = times.windows(2).map(|w| w[1].0 - w[0].0).collect();
    let texts: Vec<&str> = times.iter().map(|(_, t)| t.as_str()).collect();
    if texts != ["[a] before", "[a] after", "[b] blocked"]
        || !gaps.iter().all(|g| GAP_MS.contains(g))
    {
        problems.push(format!(
            "the edited program printed {texts:?} with gaps {gaps:?} ms (each 200 ms pause must show within {GAP_MS:?} ms)"
        ));
    }
    problems.extend(figure_problems(ctx, 3).await?);

    // A program that never ends is stopped after the page's limit.
    ctx.browser
        .js(
            "document.querySelector(arguments[0]).querySelector('.mdbx-yours-code').value = arguments[1];",
            vec![json!(selector), json!(ENDLESS)],
        )
        .await?;
    click(ctx, &selector, ".mdbx-play-run").await?;
    let stopped = ctx
        .browser
        .wait_for(
            &format!(
                "((o) => o && o.textContent.includes('stopped after') ? o.textContent : null)(document.querySelector('{} .mdbx-yours-output'))",
                selector.replace('\'', "\\'")
            ),
            Duration::from_secs(45),
        )
        .await;
    if stopped.is_err() {
        problems.push("a program that never ends was not stopped with a message".into());
    }
    ctx.browser
        .cdp("Network.setBlockedURLs", json!({ "urls": [] }))
        .await?;
    let load_ms = first["loadMs"].as_str().unwrap_or("?").to_string();
    Ok(Checked::new(
        (),
        format!(
            "{EXAMPLE} ran in the page: first click to its last line {:.1} s (Pyodide loaded in {load_ms} ms), {:.1} MB fetched from the book in {} files, none before the click; the page itself {:.0} KB; gaps of the edited program {:?} ms",
            first_click_ms / 1e3,
            fetched / 1e6,
            served.len(),
            page_bytes / 1e3,
            gaps.iter().map(|g| g.round()).collect::<Vec<_>>()
        ),
        problems,
    ))
}

/// The bytes the page itself fetched (document, scripts, styles, fonts…).
const WEIGHT_JS: &str = r#"
const nav = performance.getEntriesByType('navigation')[0];
return (nav ? nav.encodedBodySize : 0) + performance.getEntriesByType('resource')
  .reduce((s, r) => s + (r.encodedBodySize || 0), 0);
"#;

async fn click(ctx: &Ctx<'_>, figure: &str, button: &str) -> Result<()> {
    ctx.browser
        .js(
            "const b = document.querySelector(arguments[0]).querySelector(arguments[1]); b.scrollIntoView({block: 'center'}); b.click();",
            vec![json!(figure), json!(button)],
        )
        .await
        .with_context(|| format!("clicking {button} of {figure}"))?;
    Ok(())
}

/// Wait until the figure's run has ended (the button is enabled again and
/// at least `lines` lines or a failure are shown); what the page shows.
async fn settled(ctx: &Ctx<'_>, figure: &str, lines: usize, limit: Duration) -> Result<Value> {
    let expr = format!(
        r#"((f) => {{
  const o = f.querySelector('.mdbx-yours-output');
  if (!o || f.querySelector('.mdbx-play-run').disabled) {{ return null; }}
  const ls = Array.from(o.querySelectorAll('.mdbx-line'));
  const failed = o.classList.contains('mdbx-yours-failed');
  if (ls.length < {lines} && !failed) {{ return null; }}
  const text = l => l.textContent.slice(l.querySelector('.mdbx-t').textContent.length).replace(/\u200b/g, '');
  return {{
    failed,
    output: o.textContent,
    lines: ls.map(l => [parseFloat(l.querySelector('.mdbx-t').textContent.slice(1)) * 1000, text(l)]),
    build: Array.from(f.querySelectorAll('.mdbx-output .mdbx-line')).map(text),
    where: f.querySelector('.mdbx-yours .mdbx-run-where').textContent,
    loadMs: f.querySelector('.mdbx-yours').dataset.pyodideLoadMs || null,
  }};
}})(document.querySelector('{}'))"#,
        figure.replace('\'', "\\'")
    );
    ctx.browser
        .wait_for(&expr, limit)
        .await
        .with_context(|| format!("the run of {figure} never ended"))
}

/// The run's lines: time (ms) and text.
fn lines(run: &Value) -> Vec<(f64, String)> {
    serde_json::from_value(run["lines"].clone()).unwrap_or_default()
}
