//! `contrast`: the lowest contrast of figure text against what is behind it,
//! per theme, from the `measure` samples. Fails below [`MIN_CONTRAST`], or
//! where a timeline's band shows less than [`MIN_BAND_CONTRAST`] against
//! the page.

use super::legibility::bounds::{MIN_BAND_CONTRAST, MIN_CONTRAST, WIDTHS};
use super::legibility::{Band, Sample, Worst, worst_by_kind};
use super::looks::THEMES;
use crate::report::{Checked, table};

/// Judge the colours: a table per theme, a problem per theme and kind of
/// element with too little contrast somewhere.
pub fn contrast(samples: &[Sample]) -> Checked<()> {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for theme in THEMES {
        // Colours are the same at every width: counts come from the first.
        let kinds = worst_by_kind(
            samples.iter().filter(|s| s.theme == theme),
            |s| s.width == WIDTHS[0].0,
            |k| (&k.min_ratio, k.low),
            |t| t.ratio,
        );
        let below: usize = kinds.values().map(|w| w.below).sum();
        let band = faintest_band(samples, theme);
        if let Some((page, b)) = &band
            && b.ratio < MIN_BAND_CONTRAST
        {
            problems.push(format!(
                "{theme}: a band shows {:.2}:1 against the page (< {MIN_BAND_CONTRAST}:1, {} on {}) on {page} in {} ({:?}): raise its fill-opacity for this theme",
                b.ratio, b.fg, b.bg, b.at, b.text
            ));
        }
        let bands: usize = samples
            .iter()
            .filter(|s| s.theme == theme && s.width == WIDTHS[0].0)
            .map(|s| s.look.bands)
            .sum();
        let band = band.map_or_else(
            || "no band".to_string(),
            |(_, b)| format!("{:.2}:1 of {bands}", b.ratio),
        );
        match kinds
            .values()
            .min_by(|a, b| a.text.ratio.total_cmp(&b.text.ratio))
        {
            Some(w) => rows.push(vec![
                theme.to_string(),
                format!("{:.2}:1", w.text.ratio),
                below.to_string(),
                w.page.to_string(),
                w.text.at.clone(),
                w.text.kind.clone(),
                format!("{} on {}", w.text.fg, w.text.bg),
                format!("{:?}", w.text.text),
                band,
            ]),
            None => problems.push(format!("{theme}: no figure text measured")),
        }
        let mut worst: Vec<(&&str, &Worst)> = kinds
            .iter()
            .filter(|(_, w)| w.text.ratio < MIN_CONTRAST)
            .collect();
        worst.sort_by(|a, b| a.1.text.ratio.total_cmp(&b.1.text.ratio));
        for (kind, w) in worst {
            problems.push(format!(
                "{theme}: {kind} down to {:.2}:1 (< {MIN_CONTRAST}:1, {} on {}): {} text(s) on {} page(s); lowest on {} in {} ({:?})",
                w.text.ratio, w.text.fg, w.text.bg, w.below, w.pages, w.page, w.text.at, w.text.text
            ));
        }
    }
    let header = [
        "theme",
        "lowest",
        "below",
        "page",
        "in",
        "element",
        "colours",
        "text",
        "faintest band",
    ];
    let summary = format!(
        "lowest contrast of figure text (faintest band): {}",
        rows.iter()
            .map(|r| format!("{} {} ({})", r[0], r[1], r[8]))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Checked::new((), summary, problems).with_table(table(&header, &rows))
}

/// The band that shows least against the page in `theme` (at the first
/// width: colours do not change with it), and its page.
fn faintest_band<'a>(samples: &'a [Sample], theme: &str) -> Option<(&'a str, &'a Band)> {
    samples
        .iter()
        .filter(|s| s.theme == theme && s.width == WIDTHS[0].0)
        .filter_map(|s| s.look.band.as_ref().map(|b| (s.page.as_str(), b)))
        .min_by(|a, b| a.1.ratio.total_cmp(&b.1.ratio))
}
