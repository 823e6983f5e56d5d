//! `playground`: running an example yourself on the Rust Playground, with no
//! network. Before any page script runs, the page's `fetch` is pointed from
//! play.rust-lang.org to the test server's stand-in, which answers with a
//! response in the playground's format and keeps each request. The page
//! sends the program with its line-timing code appended; the stand-in's
//! answer is stamped as that code stamps it, and the page must show the
//! lines with their times and draw them beside the build's run.

use super::{Ctx, Page};
use crate::report::Checked;
use crate::server::{FAIL_MARK, LINE_TIMES_MARK, PLAYGROUND_PATH, PLAYGROUND_STAMPED};
use crate::webdriver::Element;
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use std::time::Duration;

/// The figure the check runs (its real output is what the stand-in answers).
const EXAMPLE: &str = "gather_join";
pub(super) const PAGE: &str = "gather.html";

/// Every page in `pages` has a button for each program and none without
/// one (as `outputs` found them, see `page_facts.js`); with `run`,
/// [`EXAMPLE`] on [`PAGE`] is run and then run failing.
pub async fn playground(ctx: &Ctx<'_>, pages: &[Page], run: bool) -> Result<Checked<()>> {
    let origin = ctx.server.url(PLAYGROUND_PATH);
    let redirect = format!(
        "const f = window.fetch; window.fetch = (url, opts) => f(String(url).replace('https://play.rust-lang.org', {}), opts);",
        json!(origin)
    );
    ctx.browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": redirect }),
        )
        .await?;
    let mut problems = Vec::new();
    let (mut programs, mut local_only) = (0, 0);
    for page in pages {
        let found = &page.facts.buttons;
        programs += found.programs;
        local_only += found.local_only;
        if !found.mismatched.is_empty() || !found.python.is_empty() || found.bars != found.programs
        {
            problems.push(format!(
                "{}: buttons where no program is, or programs without a button: {:?}; Python figures with no button and no reason: {:?}",
                page.path, found.mismatched, found.python
            ));
        }
    }
    if !run {
        return Ok(Checked::new(
            (),
            format!(
                "{} page(s): {programs} figures runnable online, {local_only} saying why they run only locally; {PAGE}, where {EXAMPLE} is run, is unchanged since the last passing run",
                pages.len()
            ),
            problems,
        ));
    }
    if programs == 0 {
        bail!(
            "no figure carries a program (script.mdbx-program): is [preprocessor.examples.playground] set?"
        );
    }
    problems.extend(run_and_fail(ctx).await?);
    Ok(Checked::new(
        (),
        format!(
            "{programs} figures runnable online, {local_only} saying why they run only locally; a run shows the stand-in's answer labelled, a failure a message"
        ),
        problems,
    ))
}

/// Run the example as it is, then edited so that the stand-in fails it.
async fn run_and_fail(ctx: &Ctx<'_>) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    ctx.browser.goto(&ctx.server.url(PAGE)).await?;
    let client = ctx.browser.client();
    let figure = client
        .find(&format!("figure[data-example=\"{EXAMPLE}\"]"))
        .await
        .with_context(|| format!("{PAGE} has no figure for {EXAMPLE}"))?;
    let program: Value = ctx
        .browser
        .js(PROGRAM_JS, vec![serde_json::to_value(&figure)?])
        .await?;
    let before = ctx.server.playground_requests().len();
    click(ctx, &figure, ".mdbx-play-run").await?;
    settled_output(ctx).await?;
    let answer: Value = serde_json::from_str(PLAYGROUND_STAMPED)?;
    let expected: Vec<String> = answer["result"]
        .as_str()
        .unwrap_or_default()
        .lines()
        // The exit's stamp is the run's total, not a line.
        .filter(|l| !l.contains("s x exit"))
        .map(|l| {
            // `\u{1}+0.000s o test1` is shown as `+0.000s` and `test1`.
            let (stamp, rest) = l
                .trim_start_matches('\u{1}')
                .split_once(' ')
                .unwrap_or_default();
            format!("{stamp}|{}", rest.get(2..).unwrap_or_default())
        })
        .collect();
    let shown: Value = ctx
        .browser
        .js(
            "return Array.from(document.querySelectorAll('.mdbx-yours-output .mdbx-line')).map(l => l.querySelector('.mdbx-t').textContent + '|' + l.textContent.slice(l.querySelector('.mdbx-t').textContent.length));",
            vec![],
        )
        .await?;
    if shown != serde_json::to_value(&expected)? {
        problems.push(format!(
            "the reader's run shows the lines {shown}, the playground answered {expected:?}"
        ));
    }
    problems.extend(figure_problems(ctx, 2).await?);
    let labels: Value = ctx
        .browser
        .js(
            "return Array.from(document.querySelectorAll('.mdbx-runs .mdbx-run-title')).map(t => t.textContent);",
            vec![],
        )
        .await?;
    let labels = labels.to_string();
    if !(labels.contains("Your run")
        && labels.contains("The build's run")
        && labels.contains("each line timed by code added after yours"))
    {
        problems.push(format!(
            "the two runs are not labelled as the build's and yours (each line timed): {labels}"
        ));
    }
    problems.extend(request_problems(ctx, before, &program));

    click(ctx, &figure, ".mdbx-play-edit").await?;
    let editor = figure.find("textarea.mdbx-yours-code").await?;
    if !editor.is_displayed().await? {
        problems.push("the editor is not shown after clicking Edit".into());
    }
    editor.send_keys(&format!("\n// {FAIL_MARK}\n")).await?;
    click(ctx, &figure, ".mdbx-play-run").await?;
    let failed = settled_output(ctx).await?;
    let marked: Value = ctx
        .browser
        .js(
            "return document.querySelector('.mdbx-yours-output.mdbx-yours-failed') !== null;",
            vec![],
        )
        .await?;
    if !failed.contains("could not run it") || marked != Value::Bool(true) {
        problems.push(format!(
            "a failed playground run shows {failed:?} (marked failed: {marked})"
        ));
    }
    let sent = ctx.server.playground_requests();
    if !sent.last().is_some_and(|body| body.contains(FAIL_MARK)) {
        problems.push("the edited program was not what was sent".into());
    }
    Ok(problems)
}

/// The figure's program, and the text of the code block above it (hidden
/// lines included).
const PROGRAM_JS: &str = r#"
const figure = arguments[0];
const program = JSON.parse(figure.querySelector('script.mdbx-program').textContent);
const pre = figure.previousElementSibling;
program.shown = pre && pre.matches('pre') ? pre.querySelector('code').textContent : '';
return program;
"#;

/// Click a button of the figure, after bringing it to mid-screen, where a
/// reader sees it.
async fn click(ctx: &Ctx<'_>, figure: &Element, css: &str) -> Result<()> {
    let button = figure.find(css).await?;
    ctx.browser
        .js(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![serde_json::to_value(&button)?],
        )
        .await?;
    // WebDriver's own click scrolls the button back under the sticky bar:
    // the click is dispatched from the page, as a reader's would be.
    ctx.browser
        .js(
            "arguments[0].click();",
            vec![serde_json::to_value(&button)?],
        )
        .await
        .with_context(|| format!("clicking {css}"))?;
    Ok(())
}

/// The reader's output once it no longer says it is running.
async fn settled_output(ctx: &Ctx<'_>) -> Result<String> {
    let text = ctx
        .browser
        .wait_for(
            "((o) => o && !o.textContent.startsWith('Running') ? o.textContent : null)(document.querySelector('.mdbx-yours-output'))",
            Duration::from_secs(20),
        )
        .await
        .context("the reader's run never showed a result")?;
    Ok(text.as_str().unwrap_or_default().to_string())
}

/// The first request after `before` must carry the figure's whole program
/// and its edition.
fn request_problems(ctx: &Ctx<'_>, before: usize, program: &Value) -> Vec<String> {
    let sent = ctx.server.playground_requests();
    let Some(body) = sent.get(before) else {
        return vec!["the run button sent no request to the playground".into()];
    };
    let body: Value = serde_json::from_str(body).unwrap_or_default();
    let mut problems = Vec::new();
    let sent = body["code"].as_str().unwrap_or_default();
    let own = program["code"].as_str().unwrap_or_default();
    if !sent.starts_with(own) || !own.contains("fn main") {
        problems.push("the request does not start with the figure's whole program".into());
    }
    if !sent[own.len().min(sent.len())..].contains(LINE_TIMES_MARK) {
        problems.push("the line-timing code is not appended after the program".into());
    }
    let code = body["code"].as_str().unwrap_or_default();
    let shown = program["shown"].as_str().unwrap_or_default();
    let missing = shown
        .lines()
        .filter(|l| !l.trim().is_empty() && !code.contains(l.trim()))
        .count();
    if shown.is_empty() || missing > 0 {
        problems.push(format!(
            "{missing} line(s) of the code block (hidden lines included) are not in the request"
        ));
    }
    if body["edition"] != program["edition"] || body["edition"].as_str().is_none_or(str::is_empty) {
        problems.push(format!("the request's edition is {}", body["edition"]));
    }
    problems
}

/// The comparison figure under the reader's run: `rows` runs on one axis
/// (each a header bar), in both drawings, with a headline that states both
/// totals; its lanes and marks as the build's own timeline of the same run
/// draws them when it has one (same lane names, one mark per line).
pub async fn figure_problems(ctx: &Ctx<'_>, rows: usize) -> Result<Vec<String>> {
    let found: Value = ctx
        .browser
        .js(
            r#"
const holder = document.querySelector('.mdbx-has-yours .mdbx-yours-figure');
if (!holder) { return null; }
const figure = holder.closest('figure');
const wide = holder.querySelector('.mdbx-wide svg.mdbx-timeline');
const narrow = holder.querySelector('.mdbx-narrow svg.mdbx-timeline');
const own = figure.querySelector(':scope .mdbx-wide svg.mdbx-timeline:not(.mdbx-tl-compare)');
const lanes = svg => svg ? Array.from(svg.querySelectorAll('.mdbx-tl-lane')).map(t => t.textContent) : [];
const box = wide ? wide.getBoundingClientRect() : { width: 0 };
return {
  headline: holder.querySelector('.mdbx-compare-caption')?.textContent || '',
  bars: wide ? wide.querySelectorAll('.mdbx-tl-runbar').length : 0,
  narrowBars: narrow ? narrow.querySelectorAll('.mdbx-tl-runbar').length : 0,
  marks: wide ? wide.querySelectorAll('circle.mdbx-tl-mark').length : 0,
  lines: figure.querySelectorAll('.mdbx-output .mdbx-line').length + figure.querySelectorAll('.mdbx-yours-output .mdbx-line').length,
  lanes: lanes(wide),
  ownLanes: lanes(own),
  ownMarks: own ? own.querySelectorAll('circle.mdbx-tl-mark').length : -1,
  width: box.width,
};
"#,
            vec![],
        )
        .await?;
    if found.is_null() {
        return Ok(vec![
            "no comparison figure was drawn under the reader's run".into(),
        ]);
    }
    let mut problems = Vec::new();
    let headline = found["headline"].as_str().unwrap_or_default();
    if !(headline.contains("your run: ") && headline.contains("the build's: ")) {
        problems.push(format!(
            "the comparison's headline does not give both totals: {headline:?}"
        ));
    }
    if found["bars"] != json!(rows) || found["narrowBars"] != json!(rows) {
        problems.push(format!(
            "the comparison draws {} runs wide and {} narrow, not {rows}",
            found["bars"], found["narrowBars"]
        ));
    }
    if rows == 2 && found["marks"] != found["lines"] {
        problems.push(format!(
            "the comparison has {} marks for {} lines",
            found["marks"], found["lines"]
        ));
    }
    // The build's own timeline (when it has one) and the build's row of
    // the comparison: the same lanes, in the same order.
    let own: Vec<String> = serde_json::from_value(found["ownLanes"].clone()).unwrap_or_default();
    let drawn: Vec<String> = serde_json::from_value(found["lanes"].clone()).unwrap_or_default();
    if !own.is_empty() && !drawn.starts_with(&own) {
        problems.push(format!(
            "the build's row has the lanes {drawn:?}, its own timeline {own:?}"
        ));
    }
    Ok(problems)
}
