//! `axe`: axe-core's accessibility rules on every chapter page (light
//! theme, 1280 px, reveals opened). Serious and critical violations count.
//!
//! New or inherited: a violating node inside an element with a class that
//! starts with `mdbx` (the preprocessor's figures, panes and diagrams) is
//! the preprocessor's, and fails the check; every other node is in what
//! plain mdBook renders (its chrome, the prose, highlighted source), which
//! the preprocessor does not write, and is only reported. This needs no
//! second build of the book, and does not depend on how selectors of two
//! builds line up.
//!
//! axe-core comes from npm, pinned in `e2e/package.json` and
//! `e2e/package-lock.json` (`npm ci --prefix e2e`); `--axe` names the file.

use super::{Ctx, Page};
use crate::report::{Checked, table};
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Run axe with the reveals opened; for each serious or critical
/// violation, its nodes and whether each is inside an `mdbx` element.
const RUN_AXE_JS: &str = r#"
const done = arguments[arguments.length - 1];
const closed = [...document.querySelectorAll('main details:not([open])')];
closed.forEach((d) => { d.open = true; });
const inMdbx = (el) => {
  for (let e = el; e; e = e.parentElement) {
    const c = e.getAttribute && e.getAttribute('class');
    if (c && /(^|\s)mdbx/.test(c)) return true;
  }
  return false;
};
axe.run(document, { resultTypes: ['violations'] }).then((r) => {
  const out = r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => {
        const sel = n.target.map((t) => (Array.isArray(t) ? t.join(' ') : t)).join(' >> ');
        let el = null;
        try { el = typeof n.target[0] === 'string' ? document.querySelector(n.target[0]) : null; } catch (e) { el = null; }
        return { target: sel, mdbx: el ? inMdbx(el) : false };
      }),
    }));
  closed.forEach((d) => { d.open = false; });
  done({ violations: out });
}, (e) => done({ error: String(e) }));
"#;

#[derive(Debug, Deserialize)]
struct Node {
    target: String,
    mdbx: bool,
}

#[derive(Debug, Deserialize)]
struct Violation {
    id: String,
    impact: String,
    help: String,
    nodes: Vec<Node>,
}

#[derive(Debug, Deserialize)]
struct AxeRun {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    violations: Vec<Violation>,
}

/// Per rule: impact, nodes in figures, pages with those, nodes elsewhere.
#[derive(Debug, Default)]
struct Tally {
    impact: String,
    new: usize,
    new_pages: usize,
    inherited: usize,
    /// A page and node of the first one elsewhere.
    example: Option<String>,
}

/// The source of axe-core, or an error that says how to install it.
fn axe_source(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| {
        format!(
            "axe-core is not installed at {}: run `npm ci --prefix e2e` \
             (npm itself: `apt-get install npm`; `cargo xtask e2e` runs npm ci when npm is there)",
            path.display()
        )
    })
}

/// Check 4: no serious or critical axe violation inside the preprocessor's
/// elements.
pub async fn axe(ctx: &Ctx<'_>, pages: &[Page], axe_js: &Path) -> Result<Checked<()>> {
    let source = axe_source(axe_js)?;
    let b = ctx.browser;
    let mut rules: BTreeMap<String, Tally> = BTreeMap::new();
    let mut problems = Vec::new();
    for page in pages {
        b.goto(&ctx.server.url(&page.path)).await?;
        b.js(&format!("{source}\n;return typeof axe;"), vec![])
            .await
            .with_context(|| format!("{}: injecting axe-core", page.path))?;
        let v = b
            .client()
            .execute_async(RUN_AXE_JS, vec![])
            .await
            .with_context(|| format!("{}: running axe", page.path))?;
        let run: AxeRun = serde_json::from_value(v)?;
        if let Some(e) = run.error {
            bail!("{}: axe failed: {e}", page.path);
        }
        for v in run.violations {
            let t = rules.entry(v.id.clone()).or_default();
            t.impact = v.impact.clone();
            let new: Vec<&Node> = v.nodes.iter().filter(|n| n.mdbx).collect();
            t.new += new.len();
            t.new_pages += usize::from(!new.is_empty());
            t.inherited += v.nodes.len() - new.len();
            if t.example.is_none()
                && let Some(n) = v.nodes.iter().find(|n| !n.mdbx)
            {
                t.example = Some(format!("{}: {}", page.path, n.target));
            }
            if let Some(first) = new.first() {
                problems.push(format!(
                    "{}: {} ({}) on {} node(s) in figures, e.g. {} — {}",
                    page.path,
                    v.id,
                    v.impact,
                    new.len(),
                    first.target,
                    v.help
                ));
            }
        }
    }
    b.goto(&ctx.server.url("index.html")).await?;
    let rows: Vec<Vec<String>> = rules
        .iter()
        .map(|(id, t)| {
            vec![
                id.clone(),
                t.impact.clone(),
                t.new.to_string(),
                t.new_pages.to_string(),
                t.inherited.to_string(),
                t.example.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let new: usize = rules.values().map(|t| t.new).sum();
    let inherited: usize = rules.values().map(|t| t.inherited).sum();
    let summary = format!(
        "{} pages: {new} serious/critical node(s) in figures, {inherited} in plain mdBook's part (not failing)",
        pages.len()
    );
    let header = [
        "rule",
        "impact",
        "in figures",
        "pages",
        "elsewhere (mdBook)",
        "e.g. elsewhere",
    ];
    Ok(Checked::new((), summary, problems).with_table(table(&header, &rows)))
}
