//! `panes`: the asyncio ↔ tokio panes at [`PANE_WIDTH`], from the `measure`
//! samples. Fails when a block inside a pane (source, output, figure) is
//! wider than the pane, so that a reader has to scroll it sideways; and,
//! when [`PANE_TOPS_MUST_ALIGN`], when the two output blocks of a pair do
//! not start at the same height (within [`PANE_TOP_TOLERANCE`]).

use super::legibility::Sample;
use super::legibility::bounds::{PANE_TOP_TOLERANCE, PANE_TOPS_MUST_ALIGN, PANE_WIDTH};
use super::looks::THEMES;
use crate::report::{Checked, table};

/// Judge the panes: a row per pair, a problem per block that scrolls and
/// per pair whose outputs start at different heights.
pub fn panes(samples: &[Sample]) -> Checked<()> {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let (mut pairs, mut scrolling, mut apart) = (0, 0, 0);
    for s in samples
        .iter()
        .filter(|s| s.width == PANE_WIDTH && s.theme == THEMES[0])
    {
        for pair in &s.look.panes {
            pairs += 1;
            scrolling += pair.scrolling.len();
            for b in &pair.scrolling {
                problems.push(format!(
                    "{} ({}): {} in pane \"{}\" needs sideways scrolling: {} px of content in {} px",
                    s.page, pair.examples, b.what, b.pane, b.scroll_width, b.client_width
                ));
            }
            let tops: Vec<f64> = pair.tops.iter().filter_map(|t| t.top).collect();
            let offset = match tops.as_slice() {
                [a, b] => Some((a - b).abs()),
                _ => None,
            };
            let shown = match offset {
                Some(d) => format!("{d:.0} px"),
                None => format!("{} output block(s)", tops.len()),
            };
            if let Some(d) = offset.filter(|d| *d > PANE_TOP_TOLERANCE) {
                apart += 1;
                if PANE_TOPS_MUST_ALIGN {
                    let at: Vec<String> = pair
                        .tops
                        .iter()
                        .map(|t| {
                            format!(
                                "\"{}\" {} at {:.0} px",
                                t.pane,
                                t.example.as_deref().unwrap_or("?"),
                                t.top.unwrap_or(f64::NAN)
                            )
                        })
                        .collect();
                    problems.push(format!(
                        "{} ({}): the output blocks start {d:.0} px apart (> {PANE_TOP_TOLERANCE} px): {}",
                        s.page,
                        pair.examples,
                        at.join(", ")
                    ));
                }
            }
            let source = pair.scrolling.iter().filter(|b| b.source).count();
            rows.push(vec![
                s.page.clone(),
                pair.examples.clone(),
                source.to_string(),
                (pair.scrolling.len() - source).to_string(),
                shown,
            ]);
        }
    }
    let summary = format!(
        "{pairs} side-by-side pair(s) at {PANE_WIDTH} px: {scrolling} block(s) need sideways scrolling, {apart} pair(s) with outputs more than {PANE_TOP_TOLERANCE} px apart{}",
        if PANE_TOPS_MUST_ALIGN {
            ""
        } else {
            " (reported only)"
        }
    );
    let header = [
        "page",
        "examples",
        "scrolling: source",
        "figure blocks",
        "outputs apart",
    ];
    Checked::new((), summary, problems).with_table(table(&header, &rows))
}
