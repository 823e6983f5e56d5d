//! `phone`: at phone width, long output lines scroll inside their block,
//! the page itself never scrolls sideways (neither the document nor
//! mdBook's content column), and timelines sit in a box that fits the
//! screen and scrolls (they keep their size rather than shrink their text).
//! `measure` runs [`on_page`] on each page with a figure it has open at
//! phone width in the first theme (no page is loaded for this check alone),
//! with a screenshot of the first; [`judge`] reads what it found.

use super::Ctx;
use super::looks::screenshot;
use crate::report::Checked;
use anyhow::{Context, Result};
use serde::Deserialize;

const PHONE_JS: &str = r#"
const opened = [...document.querySelectorAll('details.mdbx-reveal:not([open])')];
opened.forEach((d) => { d.open = true; });
const vw = window.innerWidth;
const docWidth = document.documentElement.scrollWidth;
const problems = [];
const name = (el) => (el.closest('figure.mdbx') || { dataset: {} }).dataset.example || '?';
const label = (el) => el.tagName.toLowerCase()
  + (el.getAttribute('class') ? '.' + el.getAttribute('class').trim().split(/\s+/).join('.') : '');
// mdBook's content column has `overflow-y: auto`, which makes it a
// sideways scroller of its own: a too-wide element scrolls the whole
// column there while the document itself stays within the screen.
for (const el of [document.body, document.getElementById('mdbook-content'), document.querySelector('main')]) {
  if (el && el.scrollWidth > el.clientWidth + 1) {
    problems.push(`${label(el)}${el.id ? '#' + el.id : ''} scrolls sideways: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
  }
}
if (docWidth > vw + 1) {
  // The outermost elements that stick out past the right edge.
  const out = [...document.querySelectorAll('body *')].filter((el) => {
    const r = el.getBoundingClientRect();
    const p = el.parentElement && el.parentElement.getBoundingClientRect();
    return r.right > vw + 1 && (!p || p.right <= vw + 1);
  }).slice(0, 3).map((el) => `${label(el)} (${Math.round(el.getBoundingClientRect().right)}px)`);
  problems.push(`the page scrolls sideways: scrollWidth ${docWidth} > innerWidth ${vw}; sticking out: ${out.join(', ')}`);
}
let scrolling = 0;
for (const pre of document.querySelectorAll('main pre.mdbx-output')) {
  if (pre.scrollWidth > pre.clientWidth + 1) {
    scrolling += 1;
    const ox = getComputedStyle(pre).overflowX;
    if (ox !== 'auto' && ox !== 'scroll') {
      problems.push(`${name(pre)}: long lines overflow pre.mdbx-output (overflow-x: ${ox})`);
    }
  }
  const r = pre.getBoundingClientRect();
  if (r.right > vw + 1) problems.push(`${name(pre)}: pre.mdbx-output ends at ${Math.round(r.right)}px, past the ${vw}px screen`);
}
let labelPx = null;
for (const svg of document.querySelectorAll('main svg.mdbx-timeline')) {
  const r = svg.getBoundingClientRect();
  if (r.width === 0) continue; // the drawing for the other screen size
  const text = svg.querySelector('text');
  if (text && svg.viewBox.baseVal.width > 0) {
    const px = parseFloat(getComputedStyle(text).fontSize) * r.width / svg.viewBox.baseVal.width;
    labelPx = labelPx === null ? px : Math.min(labelPx, px);
  }
  // A figure keeps its size: wider than the screen, it scrolls in its box.
  const box = svg.closest('.mdbx-figure-scroll');
  const b = box ? box.getBoundingClientRect() : r;
  const ox = box ? getComputedStyle(box).overflowX : 'visible';
  if (b.right > vw + 1 || b.left < -1) {
    problems.push(`${name(svg)}: timeline box spans ${Math.round(b.left)}..${Math.round(b.right)}px on a ${vw}px screen`);
  } else if (r.width > b.width + 1 && ox !== 'auto' && ox !== 'scroll') {
    problems.push(`${name(svg)}: a timeline wider than its box does not scroll (overflow-x: ${ox})`);
  }
}
opened.forEach((d) => { d.open = false; });
return { vw, scrolling, labelPx, problems };
"#;

/// What [`PHONE_JS`] found on one page.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneLook {
    vw: u32,
    /// Output blocks whose long lines scroll inside them.
    scrolling: usize,
    /// The smallest timeline label, in px on the screen.
    label_px: Option<f64>,
    problems: Vec<String>,
}

/// Where the screenshot of the first page goes.
const SHOT: &str = "phone.png";

/// [`PHONE_JS`] on the open page; with `shot`, a screenshot of its first
/// output block.
pub async fn on_page(ctx: &Ctx<'_>, page: &str, shot: bool) -> Result<PhoneLook> {
    let b = ctx.browser;
    let v = b.js(PHONE_JS, vec![]).await?;
    let look: PhoneLook =
        serde_json::from_value(v).with_context(|| format!("the phone look of {page}"))?;
    if shot {
        b.js(
            "const p = document.querySelector('main pre.mdbx-output'); if (p) p.scrollIntoView({block: 'center'});",
            vec![],
        )
        .await?;
        screenshot(ctx, &ctx.screenshots.join(SHOT)).await?;
    }
    Ok(look)
}

/// Check 6: what [`on_page`] found (`found`: each page and its look) on
/// the pages `measure` looked at with a screen of `width`×`height`.
pub fn judge<'a>(
    found: impl Iterator<Item = (&'a str, &'a PhoneLook)>,
    (width, height): (u32, u32),
    ctx: &Ctx<'_>,
) -> Checked<()> {
    let mut problems = Vec::new();
    let (mut checked, mut scrolling, mut label_px) = (0, 0, None::<f64>);
    for (page, look) in found {
        checked += 1;
        scrolling += look.scrolling;
        if let Some(px) = look.label_px {
            label_px = Some(label_px.map_or(px, |l| l.min(px)));
        }
        if look.vw != width {
            problems.push(format!(
                "{page}: the viewport is {} px wide, not {width}",
                look.vw
            ));
        }
        problems.extend(look.problems.iter().map(|p| format!("{page}: {p}")));
    }
    // Not a pass/fail criterion: how small the scaled-down timeline text gets.
    let labels = label_px.map_or(String::new(), |px| {
        format!(", timeline labels scaled down to {px:.1} px")
    });
    let summary = format!(
        "{checked} pages at {width}×{height}, {scrolling} output block(s) with long lines scrolling inside themselves{labels}; screenshot {}",
        ctx.screenshots.join(SHOT).display()
    );
    Checked::new((), summary, problems)
}
