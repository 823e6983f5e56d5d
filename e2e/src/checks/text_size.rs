//! `text-size`: the smallest figure text a reader gets at each width, from
//! the `measure` samples. Fails when a text is smaller than its width's
//! bound ([`WIDTHS`]).

use super::legibility::bounds::WIDTHS;
use super::legibility::{Sample, Worst, worst_by_kind};
use super::looks::THEMES;
use crate::report::{Checked, table};

/// Judge the sizes: a table per width, a problem per kind of element that
/// is too small somewhere.
pub fn text_size(samples: &[Sample]) -> Checked<()> {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (width, _, bound) in WIDTHS {
        // Sizes do not change with the theme: counts come from the first.
        let kinds = worst_by_kind(
            samples.iter().filter(|s| s.width == width),
            |s| s.theme == THEMES[0],
            |k| (&k.min_px, k.small),
            |t| t.px,
        );
        let below: usize = kinds.values().map(|w| w.below).sum();
        match kinds
            .values()
            .min_by(|a, b| a.text.px.total_cmp(&b.text.px))
        {
            Some(w) => rows.push(vec![
                format!("{width} px"),
                format!("{:.1} px", w.text.px),
                format!("{bound} px"),
                below.to_string(),
                w.page.to_string(),
                w.text.at.clone(),
                w.text.kind.clone(),
                format!("{:?}", w.text.text),
            ]),
            None => problems.push(format!("{width} px: no figure text measured")),
        }
        let mut worst: Vec<(&&str, &Worst)> = kinds.iter().filter(|(_, w)| w.below > 0).collect();
        worst.sort_by(|a, b| a.1.text.px.total_cmp(&b.1.text.px));
        for (kind, w) in worst {
            problems.push(format!(
                "{width} px: {kind} down to {:.1} px (< {bound} px): {} text(s) on {} page(s); smallest on {} in {} ({:?})",
                w.text.px, w.below, w.pages, w.page, w.text.at, w.text.text
            ));
        }
    }
    let header = [
        "width", "smallest", "bound", "below", "page", "in", "element", "text",
    ];
    let summary = format!(
        "smallest figure text: {}",
        rows.iter()
            .map(|r| format!("{} at {}", r[1], r[0]))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Checked::new((), summary, problems).with_table(table(&header, &rows))
}
