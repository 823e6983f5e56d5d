//! `console`: no page logged an error during the whole run (uncaught
//! exceptions, `console.error`, failed loads such as a 404 for an asset).
//! See `browser.rs` for how the log is read.

use super::Ctx;
use crate::report::Checked;
use anyhow::{Result, bail};

/// Logged first, to prove the log is really read: if the probe does not
/// come back, an empty log would prove nothing and the check fails.
const PROBE: &str = "e2e-console-probe";

/// Check 3.
pub async fn no_errors(ctx: &Ctx<'_>) -> Result<Checked<()>> {
    let b = ctx.browser;
    b.js(&format!("console.error('{PROBE}');"), vec![]).await?;
    let logs = b.logs().await?;
    let (probe, logs): (Vec<_>, Vec<_>) = logs.into_iter().partition(|e| e.message.contains(PROBE));
    if !probe.iter().any(|e| e.level == "SEVERE") {
        bail!("console.error('{PROBE}') did not reach the browser log: the log is not being read");
    }
    // Pages are opened several times: the same error is reported once, counted.
    let mut errors: Vec<(String, usize)> = Vec::new();
    for e in logs.iter().filter(|e| e.level == "SEVERE") {
        let line = format!("{} ({}): {}", e.page, e.source, e.message);
        match errors.iter_mut().find(|(l, _)| *l == line) {
            Some((_, n)) => *n += 1,
            None => errors.push((line, 1)),
        }
    }
    let total = errors.iter().map(|(_, n)| n).sum::<usize>();
    let errors: Vec<String> = errors
        .into_iter()
        .map(|(l, n)| if n > 1 { format!("{l} (×{n})") } else { l })
        .collect();
    let warnings: Vec<&str> = logs
        .iter()
        .filter(|e| e.level == "WARNING")
        .map(|e| e.message.as_str())
        .collect();
    let mut summary = format!(
        "{} console entries over the run: {total} errors, {} warnings",
        logs.len(),
        warnings.len()
    );
    if logs.iter().any(|e| e.message.contains("__livereload")) {
        // `mdbook serve` writes its live-reload client into every page; the
        // static server here has no websocket for it.
        summary.push_str(
            " — the book was written by `mdbook serve` (it loads /__livereload): test the output of `mdbook build`",
        );
    } else if let Some(w) = warnings.first() {
        summary.push_str(&format!(" (first warning: {w})"));
    }
    Ok(Checked::new((), summary, errors))
}
