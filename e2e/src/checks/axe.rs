//! `axe`: axe-core's accessibility rules on what the preprocessor writes
//! in every chapter page (light theme, 1280 px, reveals opened): the
//! elements with a class that starts with `mdbx` (figures, panes,
//! diagrams, buttons) and everything inside them. Serious and critical
//! violations fail the check. `measure` runs axe on each page it has open
//! at that width in that theme ([`on_page`]), so that no page is loaded
//! for axe alone; this check judges what it found ([`judge`]).
//!
//! What plain mdBook renders around them (its chrome, the prose,
//! highlighted source) is left out: the preprocessor does not write it, and
//! the rules over the whole page took 40 % longer (128 s against 92 s for
//! the 29 pages, measured one after the other on a busy machine). The
//! earlier version reported it without failing: 61 nodes, from two rules
//! on mdBook's sidebar toggle and one on its "on this page" list.
//!
//! All rules run but `color-contrast`: the `contrast` check measures every
//! text in the same elements in all five themes (axe: the light one only),
//! with the backgrounds composited the same way, and leaving axe's rule out
//! took the check from 54–73 s to 41 s for the 29 pages.
//!
//! axe-core comes from npm, pinned in `e2e/package.json` and
//! `e2e/package-lock.json` (`npm ci --prefix e2e`); `--axe` names the file.

use super::Ctx;
use crate::report::{Checked, table};
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Run axe over the `mdbx` elements with the reveals opened; for each
/// serious or critical violation, its nodes.
const RUN_AXE_JS: &str = r#"
const done = arguments[arguments.length - 1];
const closed = [...document.querySelectorAll('main details:not([open])')];
closed.forEach((d) => { d.open = true; });
const ours = { include: ['[class^="mdbx"]', '[class*=" mdbx"]'] };
if (!document.querySelector(ours.include.join(', '))) {
  closed.forEach((d) => { d.open = false; });
  done({ violations: [] });
  return;
}
const rules = { 'color-contrast': { enabled: false } };
axe.run(ours, { resultTypes: ['violations'], rules }).then((r) => {
  const out = r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) =>
        n.target.map((t) => (Array.isArray(t) ? t.join(' ') : t)).join(' >> ')),
    }));
  closed.forEach((d) => { d.open = false; });
  done({ violations: out });
}, (e) => done({ error: String(e) }));
"#;

/// One serious or critical violation on a page.
#[derive(Debug, Clone, Deserialize)]
pub struct Violation {
    id: String,
    impact: String,
    help: String,
    /// The nodes' selectors.
    nodes: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct AxeRun {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    violations: Vec<Violation>,
}

/// Per rule: impact, nodes, pages with those.
#[derive(Debug, Default)]
struct Tally {
    impact: String,
    nodes: usize,
    pages: usize,
}

/// The source of axe-core, or an error that says how to install it.
pub fn source(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| {
        format!(
            "axe-core is not installed at {}: run `npm ci --prefix e2e` \
             (npm itself: `apt-get install npm`; `cargo xtask e2e` runs npm ci when npm is there)",
            path.display()
        )
    })
}

/// axe-core (`source`) on the open page: its serious and critical
/// violations inside the preprocessor's elements.
pub async fn on_page(ctx: &Ctx<'_>, page: &str, source: &str) -> Result<Vec<Violation>> {
    let b = ctx.browser;
    b.js(&format!("{source}\n;return typeof axe;"), vec![])
        .await
        .with_context(|| format!("{page}: injecting axe-core"))?;
    let v = b
        .client()
        .execute_async(RUN_AXE_JS, vec![])
        .await
        .with_context(|| format!("{page}: running axe"))?;
    let run: AxeRun = serde_json::from_value(v)?;
    if let Some(e) = run.error {
        bail!("{page}: axe failed: {e}");
    }
    Ok(run.violations)
}

/// Check 4: no serious or critical axe violation inside the preprocessor's
/// elements, on any page `measure` ran axe on (`found`: each page and
/// what [`on_page`] found there).
pub fn judge<'a>(found: impl Iterator<Item = (&'a str, &'a [Violation])>) -> Checked<()> {
    let mut rules: BTreeMap<String, Tally> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut pages = 0;
    for (page, violations) in found {
        pages += 1;
        for v in violations {
            let t = rules.entry(v.id.clone()).or_default();
            t.impact = v.impact.clone();
            t.nodes += v.nodes.len();
            t.pages += usize::from(!v.nodes.is_empty());
            if let Some(first) = v.nodes.first() {
                problems.push(format!(
                    "{page}: {} ({}) on {} node(s) in figures, e.g. {first} — {}",
                    v.id,
                    v.impact,
                    v.nodes.len(),
                    v.help
                ));
            }
        }
    }
    let rows: Vec<Vec<String>> = rules
        .iter()
        .map(|(id, t)| {
            vec![
                id.clone(),
                t.impact.clone(),
                t.nodes.to_string(),
                t.pages.to_string(),
            ]
        })
        .collect();
    let nodes: usize = rules.values().map(|t| t.nodes).sum();
    let summary = format!("{pages} pages: {nodes} serious/critical node(s) in figures");
    let header = ["rule", "impact", "nodes", "pages"];
    Checked::new((), summary, problems).with_table(table(&header, &rows))
}
