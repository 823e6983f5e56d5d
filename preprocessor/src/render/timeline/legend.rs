//! The legend under a figure: what each kind of mark means.

use super::lanes::Layout;
use super::traced::colour;
use super::{BAR, CHAR_W, LEGEND_ROW};
use crate::render::esc;
use crate::running::trace::{Task, Trace};
use std::fmt::Write;

/// One legend entry: a swatch kind and its words.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Swatch {
    Text,
    Bar(usize),
    Wait,
    Span,
    Mark,
    Wake,
    Drop,
    Exit,
}

/// What the marks of `layouts` mean: for traced runs, the threads that
/// polled (by colour), waiting, wakes and drops; for untraced ones, lines and
/// the dotted thread between them; a ✕ a figure draws (`drops`: `drop=`);
/// and the exit.
pub(super) fn legend_items(layouts: &[&Layout<'_>], drops: bool) -> Vec<(Swatch, String)> {
    let traced: Vec<(&Trace, &Task)> = layouts
        .iter()
        .filter_map(|l| l.trace.map(|t| (t, &l.rows)))
        .flat_map(|(t, rows)| {
            rows.iter()
                .flat_map(|r| &r.tasks)
                .map(move |&i| (t, &t.tasks[i]))
        })
        .collect();
    let mut items = Vec::new();
    if layouts.iter().any(|l| l.trace.is_some()) {
        // Only the threads that polled something (the timer's thread may only wake).
        let mut used: Vec<(usize, &str)> = traced
            .iter()
            .flat_map(|(t, task)| {
                task.polls.iter().map(|p| {
                    let label = t.threads.get(p.thread).map_or("?", String::as_str);
                    (colour(t, p.thread), label)
                })
            })
            .collect();
        used.sort_unstable();
        used.dedup();
        items.push((Swatch::Text, "running (being polled) on:".to_string()));
        items.extend(
            used.into_iter()
                .map(|(c, label)| (Swatch::Bar(c), label.to_string())),
        );
        items.push((Swatch::Text, String::new()));
        items.push((Swatch::Wait, "waiting".to_string()));
        if traced.iter().any(|(_, task)| !task.wakes.is_empty()) {
            items.push((Swatch::Wake, "woken".to_string()));
        }
        if traced.iter().any(|(_, task)| task.dropped.is_some()) {
            items.push((Swatch::Drop, "dropped unfinished".to_string()));
        }
    }
    items.push((Swatch::Mark, "printed a line".to_string()));
    if layouts.iter().any(|l| l.trace.is_none()) {
        items.push((Swatch::Span, "between lines (not traced)".to_string()));
    }
    if drops && !items.iter().any(|(s, _)| *s == Swatch::Drop) {
        items.push((Swatch::Drop, "dropped (cancelled)".to_string()));
    }
    items.push((Swatch::Exit, "exit".to_string()));
    items
}

/// Place legend items in rows: `(x, swatch, words)`. An empty `Text` item
/// starts a new row.
pub(super) fn layout_legend(
    items: &[(Swatch, String)],
    width: f64,
) -> Vec<Vec<(f64, Swatch, String)>> {
    let left = 8.0;
    let mut rows: Vec<Vec<(f64, Swatch, String)>> = vec![Vec::new()];
    let mut at = left;
    for (swatch, words) in items {
        if *swatch == Swatch::Text && words.is_empty() {
            rows.push(Vec::new());
            at = left;
            continue;
        }
        let swatch_w = if *swatch == Swatch::Text { 0.0 } else { 18.0 };
        let w = swatch_w + words.chars().count() as f64 * CHAR_W + 16.0;
        if at + w > width - 8.0 && at > left {
            rows.push(Vec::new());
            at = left;
        }
        if let Some(row) = rows.last_mut() {
            row.push((at, swatch.clone(), words.clone()));
        }
        at += w;
    }
    rows.retain(|r| !r.is_empty());
    rows
}

pub(super) fn draw_legend(svg: &mut String, rows: &[Vec<(f64, Swatch, String)>], top: f64) {
    svg.push_str("<g class=\"mdbx-tl-legend\">");
    for (r, row) in rows.iter().enumerate() {
        let y = top + LEGEND_ROW * r as f64 + LEGEND_ROW / 2.0;
        for (at, swatch, words) in row {
            let (a, mid) = (*at, y);
            let _ = match swatch {
                Swatch::Text => Ok(()),
                Swatch::Bar(i) => write!(
                    svg,
                    "<rect class=\"mdbx-tl-bar mdbx-tl-t{i}\" x=\"{a:.1}\" y=\"{:.1}\" width=\"12\" height=\"{BAR}\"/>",
                    mid - BAR / 2.0
                ),
                Swatch::Wait => write!(
                    svg,
                    "<line class=\"mdbx-tl-wait\" x1=\"{a:.1}\" x2=\"{:.1}\" y1=\"{mid}\" y2=\"{mid}\"/>",
                    a + 12.0
                ),
                Swatch::Span => write!(
                    svg,
                    "<line class=\"mdbx-tl-span\" x1=\"{a:.1}\" x2=\"{:.1}\" y1=\"{mid}\" y2=\"{mid}\"/>",
                    a + 12.0
                ),
                Swatch::Mark => write!(
                    svg,
                    "<circle class=\"mdbx-tl-mark\" cx=\"{:.1}\" cy=\"{mid}\" r=\"4\"/>",
                    a + 6.0
                ),
                Swatch::Wake => write!(
                    svg,
                    "<path class=\"mdbx-tl-wake\" d=\"M{:.1} {:.1}h6l-3 5.5z\"/>",
                    a + 3.0,
                    mid - 3.0
                ),
                Swatch::Drop => write!(
                    svg,
                    "<path class=\"mdbx-tl-drop\" d=\"M{:.1} {:.1}l8 8m0 -8l-8 8\"/>",
                    a + 2.0,
                    mid - 4.0
                ),
                Swatch::Exit => write!(
                    svg,
                    "<line class=\"mdbx-tl-exit\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/>",
                    a + 6.0,
                    a + 6.0,
                    mid - 7.0,
                    mid + 7.0
                ),
            };
            let text_x = if *swatch == Swatch::Text { a } else { a + 18.0 };
            let _ = write!(
                svg,
                "<text class=\"mdbx-tl-legend-text\" x=\"{text_x:.1}\" y=\"{:.1}\">{}</text>",
                mid + 4.0,
                esc(words)
            );
        }
    }
    svg.push_str("</g>");
}

/// Keep each legend once per page: in `pages`' HTML, in reading order, a
/// figure's legend is removed (and its drawing made shorter) when every
/// entry of it was already in a legend above it, in a drawing of the same
/// width (the page column's and the phone's drawings are counted apart,
/// since only one of them is shown).
pub fn once_per_page(pieces: &mut [String]) {
    let mut seen: Vec<(String, Vec<String>)> = Vec::new();
    for piece in pieces.iter_mut() {
        if !piece.contains(LEGEND_OPEN) {
            continue;
        }
        let mut out = String::with_capacity(piece.len());
        let mut rest = piece.as_str();
        while let Some(start) = rest.find("<svg ") {
            let Some(end) = rest[start..].find("</svg>").map(|e| start + e + 6) else {
                break;
            };
            out.push_str(&rest[..start]);
            out.push_str(&without_repeated_legend(&rest[start..end], &mut seen));
            rest = &rest[end..];
        }
        out.push_str(rest);
        *piece = out;
    }
}

const LEGEND_OPEN: &str = "<g class=\"mdbx-tl-legend\">";

/// `svg` without its legend when every entry is in `seen` for its width;
/// otherwise as it is, its entries added to `seen`.
fn without_repeated_legend(svg: &str, seen: &mut Vec<(String, Vec<String>)>) -> String {
    let Some(open) = svg.find(LEGEND_OPEN) else {
        return svg.to_string();
    };
    let Some(close) = svg[open..].find("</g>").map(|c| open + c + 4) else {
        return svg.to_string();
    };
    let legend = &svg[open..close];
    let text_open = "<text class=\"mdbx-tl-legend-text\"";
    let mut words = Vec::new();
    let mut rows: Vec<&str> = Vec::new();
    for (i, _) in legend.match_indices(text_open) {
        let t = &legend[i..];
        let y = t
            .find(" y=\"")
            .map(|a| &t[a + 4..])
            .and_then(|v| v.split('"').next());
        let w = t
            .find('>')
            .zip(t.find("</text>"))
            .map(|(a, b)| &t[a + 1..b]);
        if let (Some(y), Some(w)) = (y, w) {
            words.push(w.to_string());
            if !rows.contains(&y) {
                rows.push(y);
            }
        }
    }
    let width = view_box(svg).map_or(String::new(), |(w, _)| w.to_string());
    let shown = match seen.iter_mut().find(|(w, _)| *w == width) {
        Some((_, shown)) => shown,
        None => {
            seen.push((width.clone(), Vec::new()));
            &mut seen.last_mut().expect("just pushed").1
        }
    };
    if words.is_empty() || !words.iter().all(|w| shown.contains(w)) {
        for w in words {
            if !shown.contains(&w) {
                shown.push(w);
            }
        }
        return svg.to_string();
    }
    let Some((w, h)) = view_box(svg) else {
        return svg.to_string();
    };
    let shorter = h - LEGEND_ROW * rows.len() as f64;
    let trimmed = format!("{}{}", &svg[..open], &svg[close..]);
    trimmed.replacen(
        &format!("viewBox=\"0 0 {w} {h}\""),
        &format!("viewBox=\"0 0 {w} {shorter}\""),
        1,
    )
}

/// The width and height in an SVG's `viewBox="0 0 W H"`.
fn view_box(svg: &str) -> Option<(f64, f64)> {
    let at = svg.find("viewBox=\"0 0 ")? + "viewBox=\"0 0 ".len();
    let mut numbers = svg[at..].split('"').next()?.split(' ');
    Some((numbers.next()?.parse().ok()?, numbers.next()?.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::timeline::{PALETTE, WIDTH};

    #[test]
    fn a_legend_already_on_the_page_is_not_drawn_again() {
        use crate::render::timeline::fixtures::*;
        use crate::render::timeline::{Frame, render};
        let r = run(&[(0, "[a] x"), (100, "[a] y")], 200);
        let draw = |frame| render("l", &r, (&re(), &Figure::default()), frame);
        let figure = format!(
            "<div>{}</div><div>{}</div>",
            draw(Frame::WIDE),
            draw(Frame::NARROW)
        );
        let mut pieces = vec![figure.clone(), "no figure".to_string(), figure.clone()];
        once_per_page(&mut pieces);
        assert_eq!(
            pieces[0], figure,
            "the first keeps its legends, wide and narrow"
        );
        assert_eq!(pieces[2].matches(LEGEND_OPEN).count(), 0, "{}", pieces[2]);
        let (_, before) = view_box(&figure).expect("viewBox");
        let (_, after) = view_box(&pieces[2]).expect("viewBox");
        assert_eq!(before - after, LEGEND_ROW);
        // A legend with a new entry stays.
        let mut traced = run(&[(0, "[a] x"), (100, "[a] y")], 200);
        traced.trace = Some(trace(
            &["main thread"],
            vec![task("a", vec![poll(0, 50, 0, Outcome::Ready)])],
        ));
        let other = render("t", &traced, (&re(), &Figure::default()), Frame::WIDE);
        let mut pieces = vec![figure, other.clone()];
        once_per_page(&mut pieces);
        assert_eq!(pieces[1], other);
    }

    #[test]
    fn legend_wraps_long_rows() {
        let threads: Vec<(Swatch, String)> = (0..12)
            .map(|i| (Swatch::Bar(i % PALETTE), format!("worker {i}")))
            .collect();
        let rows = layout_legend(&threads, WIDTH);
        assert!(rows.len() >= 2);
        assert!(rows.iter().flatten().all(|(x, _, _)| *x < WIDTH));
    }
}
