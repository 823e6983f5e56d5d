//! `measure`: every chapter page at each width of [`WIDTHS`] and in each
//! mdBook theme (at phone width only [`PHONE_THEMES`]), measured by `legibility.js` (one script per page, width and
//! theme; its header says how sizes, colours and backgrounds are found).
//! The checks `text-size`, `contrast` and `panes` then judge the numbers;
//! in the first theme `layout.js` measures the page's layout too, for the
//! checks of `layout.rs`.
//!
//! Each page is loaded once per width; the themes are switched in the page
//! the way a reader does (a click on the theme's button in mdBook's theme
//! menu), with CSS transitions turned off so that the colours read are the
//! final ones. A page at a width is a unit of [`Work`]: the session that
//! runs this check starts at once, and the other joins when its own checks
//! are done.

use super::layout::{LAYOUT_JS, Layout};
use super::looks::{THEMES, wait_settled};
use super::sharing::{CloseOnDrop, Work};
use super::{Ctx, Page};
use super::{axe, phone};
use crate::report::Checked;
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;

/// The bounds, in one place.
pub mod bounds {
    /// Screen widths (CSS px, with the window height) and the smallest
    /// figure text allowed at each, in CSS px.
    pub const WIDTHS: [(u32, u32, f64); 2] = [(1280, 900, 11.0), (390, 844, 10.0)];
    /// The themes measured at phone width too: the lightest and the
    /// darkest. Colours do not change with the width; what does is where a
    /// label lands (over a bar, a band or the page), which one light and one
    /// dark theme show. The other three themes at phone width cost a third
    /// of the browser test's time and found nothing the two did not.
    pub const PHONE_THEMES: [&str; 2] = ["light", "coal"];
    /// WCAG AA contrast for normal text.
    pub const MIN_CONTRAST: f64 = 4.5;
    /// A band (a wash between two moments of a timeline) against the page:
    /// at least the light theme's, which reviewers could see (its 0.14
    /// wash of black is 1.38:1); the same share of a dark theme's light
    /// text (1.25:1 in coal) hardly showed.
    pub const MIN_BAND_CONTRAST: f64 = 1.35;
    /// Two output blocks of a side-by-side pair start this close (px) …
    pub const PANE_TOP_TOLERANCE: f64 = 2.0;
    /// … or the `panes` check fails (false: the offsets are only reported).
    pub const PANE_TOPS_MUST_ALIGN: bool = true;
    /// The width at which the panes stand side by side and are measured.
    pub const PANE_WIDTH: u32 = 1280;
}
use bounds::*;

const LEGIBILITY_JS: &str = include_str!("legibility.js");

/// No transition or animation: colours are read right after a theme switch.
const NO_TRANSITIONS_JS: &str = r#"
const s = document.createElement('style');
s.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
document.head.appendChild(s);
"#;

/// One text, as `legibility.js` reports it.
#[derive(Debug, Clone, Deserialize)]
pub struct Text {
    pub px: f64,
    pub ratio: f64,
    pub fg: String,
    pub bg: String,
    /// Tag and classes, e.g. `text.mdbx-tl-label`.
    pub kind: String,
    /// The example (or diagram, or pane) it belongs to.
    pub at: String,
    pub text: String,
}

/// The texts of one kind on one page.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Kind {
    pub kind: String,
    /// How many are smaller than the width's bound.
    pub small: usize,
    /// How many have less contrast than [`MIN_CONTRAST`].
    pub low: usize,
    pub min_px: Text,
    pub min_ratio: Text,
}

/// A block of a pane wider than the pane.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scroll {
    pub pane: String,
    pub what: String,
    /// mdBook's highlighted source rather than the example's figure.
    pub source: bool,
    pub scroll_width: f64,
    pub client_width: f64,
}

/// Where a pane's output block starts (page coordinates).
#[derive(Debug, Clone, Deserialize)]
pub struct Top {
    pub pane: String,
    pub example: Option<String>,
    pub top: Option<f64>,
}

/// One `.mdbx-side-by-side` pair.
#[derive(Debug, Clone, Deserialize)]
pub struct Pair {
    pub examples: String,
    pub scrolling: Vec<Scroll>,
    pub tops: Vec<Top>,
}

/// What `legibility.js` returns.
#[derive(Debug, Clone, Deserialize)]
pub struct Look {
    pub vw: u32,
    pub texts: usize,
    pub kinds: Vec<Kind>,
    pub panes: Vec<Pair>,
    /// How many bands (`rect.mdbx-tl-band`) were measured, and the one
    /// that shows least against the page.
    #[serde(default)]
    pub bands: usize,
    #[serde(default)]
    pub band: Option<Band>,
}

/// A band's colour on the page against the page, as `legibility.js`
/// reports the faintest one of a page.
#[derive(Debug, Clone, Deserialize)]
pub struct Band {
    pub ratio: f64,
    pub fg: String,
    pub bg: String,
    pub at: String,
    pub text: String,
}

/// One page at one width in one theme.
#[derive(Debug)]
pub struct Sample {
    pub page: String,
    pub width: u32,
    pub theme: &'static str,
    pub look: Look,
    /// In the first theme only: the layout and the comparisons.
    pub layout: Option<Layout>,
    /// At [`PANE_WIDTH`] in the first theme, when axe-core is installed:
    /// its serious and critical violations (judged by `axe`).
    pub axe: Option<Vec<axe::Violation>>,
    /// At phone width in the first theme, on a page with a figure: what
    /// `phone` judges.
    pub phone: Option<phone::PhoneLook>,
}

/// The units of `measure`: every page at every width, widths first.
pub fn work(pages: &[Page]) -> Work<Vec<Sample>> {
    Work::new(WIDTHS.len() * pages.len())
}

/// Measure units of `work` in this session while any is left (see
/// [`page_at_width`]: axe-core, `axe`'s source, and the phone look are
/// taken on the pages it opens), then back to the default theme and
/// window for the checks after this one. What it measured, or its error, goes into `work`;
/// the error returned is the reset's.
pub async fn help(
    ctx: &Ctx<'_>,
    pages: &[Page],
    work: &Work<Vec<Sample>>,
    axe: Option<&str>,
) -> Result<()> {
    work.help(|i| page_at_width(ctx, pages, i, axe)).await;
    let b = ctx.browser;
    b.cdp("Emulation.clearDeviceMetricsOverride", json!({}))
        .await?;
    b.client().set_window_size(1280, 900).await?;
    b.js("localStorage.removeItem('mdbook-theme');", vec![])
        .await?;
    Ok(())
}

/// The `measure` check, in the session that measures from the start: its
/// share of `work`, then every sample once the other session's last page
/// is done.
pub async fn measure(
    ctx: &Ctx<'_>,
    pages: &[Page],
    work: &Work<Vec<Sample>>,
    axe: Option<&str>,
    limit: Duration,
) -> Result<Checked<Vec<Sample>>> {
    let _close = CloseOnDrop(work);
    let reset = help(ctx, pages, work, axe).await;
    let samples: Vec<Sample> = work.finish(limit).await?.into_iter().flatten().collect();
    reset?;
    let texts: usize = samples.iter().map(|s| s.look.texts).sum();
    let summary = format!(
        "{} pages at {} px in {} themes and at {} px in {}: {texts} figure texts measured",
        pages.len(),
        WIDTHS[0].0,
        THEMES.len(),
        WIDTHS[1].0,
        PHONE_THEMES.join(" and ")
    );
    Ok(Checked::new(samples, summary, Vec::new()))
}

/// Unit `i` of the work: one page at one width, in each theme measured
/// at that width; in the first theme, axe-core (`axe`'s source) at
/// [`PANE_WIDTH`] and `phone`'s look at phone width.
async fn page_at_width(
    ctx: &Ctx<'_>,
    pages: &[Page],
    i: usize,
    axe: Option<&str>,
) -> Result<Vec<Sample>> {
    let b = ctx.browser;
    let (width, height, min_px) = WIDTHS[i / pages.len()];
    let page = &pages[i % pages.len()];
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }),
    )
    .await?;
    b.goto(&ctx.server.url(&page.path)).await?;
    wait_settled(ctx).await?;
    b.js(NO_TRANSITIONS_JS, vec![]).await?;
    let themes = match width == WIDTHS[0].0 {
        true => &THEMES[..],
        false => &PHONE_THEMES[..],
    };
    let mut samples = Vec::new();
    for &theme in themes {
        switch_theme(ctx, theme)
            .await
            .with_context(|| page.path.clone())?;
        let layout = if theme == THEMES[0] {
            Some(layout(ctx, &page.path, width).await?)
        } else {
            None
        };
        let v = b
            .js(
                LEGIBILITY_JS,
                vec![
                    json!(min_px),
                    json!(MIN_CONTRAST),
                    json!(width == PANE_WIDTH && theme == THEMES[0]),
                ],
            )
            .await
            .with_context(|| format!("{} at {width} px in {theme}", page.path))?;
        if let Some(e) = v["error"].as_str() {
            bail!("{}: {e}", page.path);
        }
        let look: Look = serde_json::from_value(v)
            .with_context(|| format!("the measurements of {}", page.path))?;
        if look.vw != width {
            bail!("the viewport is {} px wide, not {width}", look.vw);
        }
        let axe = match (axe, width == PANE_WIDTH && theme == THEMES[0]) {
            (Some(source), true) => Some(axe::on_page(ctx, &page.path, source).await?),
            _ => None,
        };
        let phone = match width == WIDTHS[1].0 && theme == THEMES[0] && page.facts.figures > 0 {
            true => {
                let first = pages.iter().position(|p| p.facts.figures > 0);
                let shot = first == Some(i % pages.len());
                Some(phone::on_page(ctx, &page.path, shot).await?)
            }
            false => None,
        };
        samples.push(Sample {
            page: page.path.clone(),
            width,
            theme,
            look,
            layout,
            axe,
            phone,
        });
    }
    Ok(samples)
}

/// `layout.js` on the page as it opens (closed `<details>` still closed).
async fn layout(ctx: &Ctx<'_>, page: &str, width: u32) -> Result<Layout> {
    let v = ctx
        .browser
        .js(LAYOUT_JS, vec![])
        .await
        .with_context(|| format!("the layout of {page} at {width} px"))?;
    if let Some(e) = v["error"].as_str() {
        bail!("{page}: {e}");
    }
    let layout: Layout =
        serde_json::from_value(v).with_context(|| format!("the layout of {page}"))?;
    if layout.vw != width {
        bail!("the viewport is {} px wide, not {width}", layout.vw);
    }
    Ok(layout)
}

/// Click the theme's button in mdBook's theme menu, then wait, in the
/// page, for the theme's class and the fonts, and for two frames (the
/// repaint): one round trip to the browser instead of four.
const SWITCH_THEME_JS: &str = r#"
const [theme, limitMs] = arguments;
const done = arguments[arguments.length - 1];
const button = document.getElementById('mdbook-theme-' + theme);
if (!button) { done('no theme button #mdbook-theme-' + theme + ' in the page'); return; }
button.click();
const started = performance.now();
const look = () => {
  const root = document.documentElement;
  if (root.classList.contains(theme) && document.fonts.status === 'loaded') {
    requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
  } else if (performance.now() - started > limitMs) {
    done('the page did not switch to theme ' + theme + ' within ' + limitMs + ' ms (classes "'
      + root.className + '", fonts ' + document.fonts.status + ')');
  } else {
    setTimeout(look, 10);
  }
};
look();
"#;

async fn switch_theme(ctx: &Ctx<'_>, theme: &str) -> Result<()> {
    const LIMIT_MS: u64 = 5000;
    let v = ctx
        .browser
        .client()
        .execute_async(SWITCH_THEME_JS, vec![json!(theme), json!(LIMIT_MS)])
        .await
        .with_context(|| format!("switching to theme {theme}"))?;
    match v {
        serde_json::Value::Bool(true) => Ok(()),
        other => bail!("{}", other.as_str().unwrap_or("the theme switch failed")),
    }
}

/// The worst text of one kind of element (tag and classes) over many
/// samples: the text and its page, how many texts are past the bound and
/// on how many pages.
#[derive(Debug)]
pub struct Worst<'a> {
    pub text: &'a Text,
    pub page: &'a str,
    pub below: usize,
    pub pages: usize,
}

/// Per kind of element, the worst of `samples`: `pick` gives a kind's
/// worst text and its count past the bound, `value` what is worse when
/// lower. Counts add up over the samples `counted` accepts only (one
/// sample per page, so that a text is not counted once per theme).
pub fn worst_by_kind<'a>(
    samples: impl Iterator<Item = &'a Sample>,
    counted: impl Fn(&Sample) -> bool,
    pick: impl Fn(&'a Kind) -> (&'a Text, usize),
    value: impl Fn(&Text) -> f64,
) -> BTreeMap<&'a str, Worst<'a>> {
    let mut kinds: BTreeMap<&str, Worst> = BTreeMap::new();
    for s in samples {
        for k in &s.look.kinds {
            let (text, past) = pick(k);
            let w = kinds.entry(&k.kind).or_insert(Worst {
                text,
                page: &s.page,
                below: 0,
                pages: 0,
            });
            if value(text) < value(w.text) {
                w.text = text;
                w.page = &s.page;
            }
            if counted(s) {
                w.below += past;
                w.pages += usize::from(past > 0);
            }
        }
    }
    kinds
}
