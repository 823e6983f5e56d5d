//! `themes`: how the examples look in each mdBook theme, with a screenshot
//! of each for a person to look at (the phone width is `phone.rs`).

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

pub(super) async fn screenshot(ctx: &Ctx<'_>, path: &Path) -> Result<()> {
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
