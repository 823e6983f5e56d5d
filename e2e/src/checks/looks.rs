//! `themes` and `phone`: how the examples look in each mdBook theme and on a
//! phone-width screen. Both leave screenshots behind for a person to look at.

use super::{Ctx, Page};
use crate::report::Checked;
use anyhow::{Context, Result, bail};
use serde_json::json;
use std::path::Path;
use std::time::Duration;

/// mdBook's five built-in themes.
pub(super) const THEMES: [&str; 5] = ["light", "rust", "coal", "navy", "ayu"];
/// WCAG AA contrast for normal text; timeline labels are 11 px text.
const MIN_CONTRAST: f64 = 4.5;

/// The first timeline not behind a closed reveal (else the first one, with
/// its reveal opened), scrolled to the middle of the screen; its label text
/// colour and the background it is drawn on.
const TIMELINE_COLOURS_JS: &str = r#"
const all = [...document.querySelectorAll('main svg.mdbx-timeline')];
const svg = all.find((s) => !s.closest('details:not([open])')) || all[0];
if (!svg) return null;
const details = svg.closest('details');
if (details) details.open = true;
svg.scrollIntoView({ block: 'center' });
const label = svg.querySelector('text');
let bg = 'rgba(0, 0, 0, 0)';
for (let el = svg; el; el = el.parentElement) {
  const c = getComputedStyle(el).backgroundColor;
  if (c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)) { bg = c; break; }
}
return {
  theme: document.documentElement.className,
  example: svg.closest('figure.mdbx').dataset.example,
  text: label ? getComputedStyle(label).fill : null,
  bg,
};
"#;

/// Check 5: in every theme, the timeline's text is readable on the page
/// background; a screenshot per theme.
pub async fn themes(ctx: &Ctx<'_>, pages: &[Page]) -> Result<Checked<()>> {
    let page = pages
        .iter()
        .find(|p| p.path == "gather.html" && p.facts.timelines > 0)
        .or_else(|| pages.iter().find(|p| p.facts.timelines > 0))
        .context("no chapter has a timeline")?;
    let b = ctx.browser;
    b.goto(&ctx.server.url(&page.path)).await?;
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    let result = each_theme(ctx, &mut problems, &mut seen).await;
    // Back to the default theme for the checks after this one, even on error.
    b.js("localStorage.removeItem('mdbook-theme');", vec![])
        .await?;
    result?;
    let summary = format!(
        "{}: timeline text contrast {}; screenshots in {}",
        page.path,
        seen.join(", "),
        ctx.screenshots.display()
    );
    Ok(Checked::new((), summary, problems))
}

/// Switch the open page through the themes: colours and a screenshot each.
async fn each_theme(
    ctx: &Ctx<'_>,
    problems: &mut Vec<String>,
    seen: &mut Vec<String>,
) -> Result<()> {
    let b = ctx.browser;
    for theme in THEMES {
        b.js(
            "localStorage.setItem('mdbook-theme', arguments[0]);",
            vec![json!(theme)],
        )
        .await?;
        b.reload().await?;
        b.wait_for(
            &format!("document.documentElement.classList.contains('{theme}')"),
            Duration::from_secs(5),
        )
        .await
        .with_context(|| format!("the page did not switch to theme {theme}"))?;
        wait_settled(ctx).await?;
        let v = b.js(TIMELINE_COLOURS_JS, vec![]).await?;
        let shot = ctx.screenshots.join(format!("theme-{theme}.png"));
        screenshot(ctx, &shot).await?;
        let (Some(text), Some(bg)) = (
            v["text"].as_str().and_then(parse_rgb),
            v["bg"].as_str().and_then(parse_rgb),
        ) else {
            problems.push(format!("{theme}: unreadable colours {v}"));
            continue;
        };
        let ratio = contrast(text, bg);
        if ratio < MIN_CONTRAST {
            problems.push(format!(
                "{theme}: timeline text {} on background {} has contrast {ratio:.1}:1 (< {MIN_CONTRAST}:1)",
                v["text"], v["bg"]
            ));
        }
        seen.push(format!("{theme} {ratio:.1}:1"));
    }
    Ok(())
}

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

/// Check 6: at 375×800, long output lines scroll inside their block, the
/// page itself never scrolls sideways (neither the document nor mdBook's
/// content column), and timelines sit in a box that fits the screen and
/// scrolls (they keep their size rather than shrink their text).
pub async fn phone(ctx: &Ctx<'_>, pages: &[Page]) -> Result<Checked<()>> {
    let b = ctx.browser;
    let (width, height) = (375, 800);
    b.client().set_window_size(width, height).await?;
    b.goto(&ctx.server.url("index.html")).await?;
    let inner = b.js("return window.innerWidth;", vec![]).await?;
    // A desktop window may refuse to get this narrow; emulate the screen then.
    let emulated = inner.as_u64() != Some(u64::from(width));
    if emulated {
        b.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": true }),
        )
        .await?;
    }
    let result = phone_pages(ctx, pages, width).await;
    if emulated {
        b.cdp("Emulation.clearDeviceMetricsOverride", json!({}))
            .await?;
    }
    b.client().set_window_size(1280, 900).await?;
    let (checked, scrolling, label_px, problems, shot) = result?;
    // Not a pass/fail criterion: how small the scaled-down timeline text gets.
    let labels = label_px.map_or(String::new(), |px| {
        format!(", timeline labels scaled down to {px:.1} px")
    });
    let summary = format!(
        "{checked} pages at {width}×{height}{}, {scrolling} output block(s) with long lines scrolling inside themselves{labels}; screenshot {}",
        if emulated { " (emulated)" } else { "" },
        shot.display()
    );
    Ok(Checked::new((), summary, problems))
}

/// Pages checked, output blocks that scroll, the smallest timeline label
/// size in px, problems, the screenshot.
type PhoneFound = (usize, usize, Option<f64>, Vec<String>, std::path::PathBuf);

async fn phone_pages(ctx: &Ctx<'_>, pages: &[Page], width: u32) -> Result<PhoneFound> {
    let b = ctx.browser;
    let mut problems: Vec<String> = Vec::new();
    let mut scrolling = 0;
    let mut checked = 0;
    let mut label_px = None;
    let shot = ctx.screenshots.join("phone.png");
    for page in pages.iter().filter(|p| p.facts.figures > 0) {
        b.goto(&ctx.server.url(&page.path)).await?;
        wait_settled(ctx).await?;
        let v = b.js(PHONE_JS, vec![]).await?;
        if v["vw"].as_u64() != Some(u64::from(width)) {
            bail!("the viewport is {} px wide, not {width}", v["vw"]);
        }
        scrolling += v["scrolling"].as_u64().unwrap_or(0) as usize;
        if let Some(px) = v["labelPx"].as_f64() {
            label_px = Some(label_px.map_or(px, |l: f64| l.min(px)));
        }
        for p in v["problems"].as_array().into_iter().flatten() {
            problems.push(format!("{}: {}", page.path, p.as_str().unwrap_or("?")));
        }
        if checked == 0 {
            b.js(
                "const p = document.querySelector('main pre.mdbx-output'); if (p) p.scrollIntoView({block: 'center'});",
                vec![],
            )
            .await?;
            screenshot(ctx, &shot).await?;
        }
        checked += 1;
    }
    Ok((checked, scrolling, label_px, problems, shot))
}

/// Fonts loaded and two frames painted.
pub(super) async fn wait_settled(ctx: &Ctx<'_>) -> Result<()> {
    ctx.browser
        .wait_for(
            "document.fonts.status === 'loaded'",
            Duration::from_secs(10),
        )
        .await?;
    ctx.browser
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        )
        .await?;
    Ok(())
}

async fn screenshot(ctx: &Ctx<'_>, path: &Path) -> Result<()> {
    let png = ctx.browser.client().screenshot().await?;
    if !png.starts_with(b"\x89PNG") {
        bail!("the screenshot is not a PNG");
    }
    std::fs::write(path, png).with_context(|| format!("writing {}", path.display()))
}

/// `rgb(r, g, b)` / `rgba(r, g, b, a)` as computed styles give them.
fn parse_rgb(css: &str) -> Option<[f64; 3]> {
    let inner = css
        .strip_prefix("rgba(")
        .or_else(|| css.strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let mut parts = inner.split([',', ' ', '/']).filter(|s| !s.is_empty());
    let mut rgb = [0.0; 3];
    for c in &mut rgb {
        *c = parts.next()?.parse().ok()?;
    }
    Some(rgb)
}

/// WCAG contrast ratio of two sRGB colours (1 to 21).
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let lum = |c: [f64; 3]| {
        let lin = |v: f64| {
            let v = v / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_contrast() {
        assert_eq!(parse_rgb("rgb(0, 0, 0)"), Some([0.0, 0.0, 0.0]));
        assert_eq!(
            parse_rgb("rgba(255, 128, 0, 0.5)"),
            Some([255.0, 128.0, 0.0])
        );
        assert_eq!(parse_rgb("color(srgb 1 0 0)"), None);
        let black = [0.0; 3];
        let white = [255.0; 3];
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
    }
}
