//! What a figure marks on a run (see [`crate::finding::figure`]): events
//! and marks as labelled vertical lines, bands (faint: waiting; solid:
//! computing) on a lane between two moments, and a cross where a lane's
//! future was dropped. Every moment is read from the run: a line's time, or
//! a time the program fixes (`+300ms`).

use super::lanes::Layout;
use super::words::shorten;
use super::{BAR, CHAR_W, LANE};
use crate::finding::figure::{Figure, NoteKind, Point, names_line};
use crate::render::esc;
use crate::running::process::RunOutcome;
use crate::util::time::stamp;
use regex::Regex;
use std::fmt::Write;

/// Height of one row of mark labels above a run's lanes.
pub(super) const FLAG_ROW: f64 = 16.0;

/// A note with its moments found in one run.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Placed {
    pub(super) kind: NoteKind,
    pub(super) label: String,
    pub(super) from_us: u64,
    pub(super) to_us: u64,
    /// The line whose lane a band or a mark belongs to.
    pub(super) line: Option<usize>,
    /// The lane a band is on, by name, when the note says (`[LANE] label`).
    pub(super) lane: Option<String>,
}

/// The line a point names: the first that contains its text.
fn line_of(run: &RunOutcome, text: &str) -> Option<usize> {
    run.lines.iter().position(|l| names_line(text, &l.text))
}

/// The time of `point` in `run`, and its line.
fn moment(run: &RunOutcome, point: &Point) -> Option<(u64, Option<usize>)> {
    match point {
        Point::At(us) => Some((*us, None)),
        Point::Line(text, after) => {
            line_of(run, text).map(|i| (run.lines[i].at_us + after, Some(i)))
        }
    }
}

/// The notes and events of `figure` that `run` (the `index`th run of the
/// figure: a note for another run is left out) has, and for each note it
/// lacks, why. A band must end after it starts: one whose two points are
/// the same moment, or reversed, is not drawn (a label on nothing would
/// claim a wait that did not happen).
pub(super) fn place(
    (run, index): (&RunOutcome, usize),
    figure: &Figure,
    events: Option<&Regex>,
) -> (Vec<Placed>, Vec<String>) {
    let mut placed = Vec::new();
    let mut missing = Vec::new();
    if let Some(re) = events {
        for (i, l) in run.lines.iter().enumerate() {
            if let Some(label) = re.captures(&l.text).and_then(|c| c.get(1)) {
                placed.push(Placed {
                    kind: NoteKind::Mark,
                    label: label.as_str().to_string(),
                    from_us: l.at_us,
                    to_us: l.at_us,
                    line: Some(i),
                    lane: None,
                });
            }
        }
    }
    for note in figure
        .notes
        .iter()
        .filter(|n| n.run.is_none_or(|r| r == index))
    {
        let from = moment(run, &note.from);
        let to = note.to.as_ref().map(|p| (p, moment(run, p)));
        match (from, to) {
            (None, _) => missing.push(format!(
                "`{}`: no line contains `{}`",
                note.label,
                text(&note.from)
            )),
            (Some(_), Some((p, None))) => {
                missing.push(format!("`{}`: no line contains `{}`", note.label, text(p)))
            }
            (Some((a, la)), to) => {
                let (b, lb) = to.and_then(|(_, m)| m).unwrap_or((a, None));
                if b < a || (b == a && note.to.is_some()) {
                    missing.push(format!(
                        "`{}` ends ({}) {} it starts ({}) in this run",
                        note.label,
                        stamp(b),
                        if b < a { "before" } else { "when" },
                        stamp(a)
                    ));
                    continue;
                }
                placed.push(Placed {
                    kind: note.kind,
                    label: note.label.clone(),
                    from_us: a,
                    to_us: b,
                    line: lb.or(la),
                    lane: note.lane.clone(),
                });
            }
        }
    }
    (placed, missing)
}

fn text(p: &Point) -> String {
    match p {
        Point::Line(t, _) => t.clone(),
        Point::At(us) => stamp(*us),
    }
}

/// Where a mark's label of `chars` characters goes: centred over its line
/// at `x`, or, where that would pass an edge of the drawing, beside the
/// line (ending left of it, or starting right of it), never across it. Its
/// x, its anchor, and its left and right ends.
fn flag_label(x: f64, chars: usize, (left, right): (f64, f64)) -> (f64, &'static str, f64, f64) {
    let w = chars as f64 * CHAR_W;
    if x - w / 2.0 >= left && x + w / 2.0 <= right {
        (x, "middle", x - w / 2.0, x + w / 2.0)
    } else if x + w / 2.0 > right {
        (x - 4.0, "end", x - 4.0 - w, x - 4.0)
    } else {
        (x + 4.0, "start", x + 4.0, x + 4.0 + w)
    }
}

/// How many rows the labels of `placed`'s marks need, each mark with its
/// row: a label that would overlap the one before it goes one row down.
/// `edges`: the drawing's left and right ends for labels.
pub(super) fn flag_rows(
    placed: &[Placed],
    x: &dyn Fn(u64) -> f64,
    edges: (f64, f64),
) -> (usize, Vec<usize>) {
    let mut ends: Vec<f64> = Vec::new();
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by_key(|&i| placed[i].from_us);
    let mut row_of = vec![0; placed.len()];
    for i in order {
        let p = &placed[i];
        if p.kind != NoteKind::Mark {
            continue;
        }
        let (_, _, l, r) = flag_label(x(p.from_us), label(p).chars().count(), edges);
        let (left, right) = (l - 4.0, r + 4.0);
        let row = match ends.iter().position(|&end| end <= left) {
            Some(r) => r,
            None => {
                ends.push(f64::NEG_INFINITY);
                ends.len() - 1
            }
        };
        ends[row] = right;
        row_of[i] = row;
    }
    (ends.len(), row_of)
}

/// A band's label shortened to fewer characters than this is no longer
/// worth drawing inside it.
const MIN_INSIDE: usize = 8;

fn label(p: &Placed) -> String {
    shorten(&p.label, 24)
}

/// Where the notes of a run are drawn.
pub(super) struct Area<'a> {
    pub(super) x: &'a dyn Fn(u64) -> f64,
    /// The top of the first row of mark labels.
    pub(super) flags_top: f64,
    pub(super) lanes_top: f64,
    pub(super) lanes_bottom: f64,
    /// The drawing's left and right edges for labels.
    pub(super) left: f64,
    pub(super) right: f64,
}

/// Bands: solid ones (`busy=`) under the lane's marks (`over` false),
/// faint ones (`band=`) over them, so that they show on a traced lane's
/// bars too (`over` true); every band's label on top (`over` true), so
/// that no dotted thread or mark crosses its words.
pub(super) fn draw_bands(
    svg: &mut String,
    layout: &Layout<'_>,
    (placed, over): (&[Placed], bool),
    a: &Area<'_>,
) {
    for p in placed {
        let (class, height, opacity) = match p.kind {
            NoteKind::Band => ("mdbx-tl-band", LANE - 6.0, 0.14),
            NoteKind::Busy => ("mdbx-tl-busy", BAR + 4.0, 0.35),
            _ => continue,
        };
        let lane = match &p.lane {
            Some(name) => layout.rows.iter().position(|r| r.name == *name),
            None => p.line.map(|i| layout.marks[i].lane),
        };
        let (top, h, mid) = match lane {
            Some(lane) => {
                let y = a.lanes_top + LANE * lane as f64 + LANE / 2.0;
                (y - height / 2.0, height, y)
            }
            None => (
                a.lanes_top,
                a.lanes_bottom - a.lanes_top,
                (a.lanes_top + a.lanes_bottom) / 2.0,
            ),
        };
        let (x1, x2) = ((a.x)(p.from_us), (a.x)(p.to_us));
        let w = (x2 - x1).max(2.0);
        if over == (p.kind == NoteKind::Band) {
            let _ = write!(
                svg,
                "<rect class=\"{class}\" x=\"{x1:.1}\" y=\"{top:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"3\" fill=\"currentColor\" fill-opacity=\"{opacity}\"><title>{}: {} to {}</title></rect>",
                esc(&p.label),
                stamp(p.from_us),
                stamp(p.to_us)
            );
        }
        if over {
            band_words(svg, layout, p, (lane, mid, (x1, x2)), a);
        }
    }
}

/// A band's label, on lane `lane` (every lane when `None`) whose middle is
/// `mid`, for the band from `x1` to `x2`: where [`band_label`] finds room,
/// on a plate unless it is inside a traced lane's bars.
fn band_words(
    svg: &mut String,
    layout: &Layout<'_>,
    p: &Placed,
    (lane, mid, (x1, x2)): (Option<usize>, f64, (f64, f64)),
    a: &Area<'_>,
) {
    // Over a traced lane's bars, the bars' dark label colour.
    let on_bars = layout.trace.is_some() && lane.is_some_and(|l| !layout.rows[l].tasks.is_empty());
    let gap = widest_gap(layout, lane, (x1, x1 + (x2 - x1).max(2.0)), a.x);
    let Some((words, lx, anchor)) = band_label(p, on_bars, gap, (x1, x2), a) else {
        return; // no room anywhere: its words stay in the band's tooltip
    };
    let need = label_width(&words);
    // Dark words only where a bar is under them; over the band's wash
    // alone they take the page's text colour.
    let (left, right) = match anchor {
        "middle" => (lx - need / 2.0, lx + need / 2.0),
        "end" => (lx - need, lx),
        _ => (lx, lx + need),
    };
    let over_bar = lane.is_some_and(|l| under_a_bar(layout, l, (left, right), a.x));
    let class = if on_bars && anchor == "middle" && over_bar {
        "mdbx-tl-bandlabel mdbx-tl-barlabel"
    } else {
        "mdbx-tl-bandlabel"
    };
    if !on_bars || anchor != "middle" {
        plate(svg, (lx, mid), anchor, need - 4.0);
    }
    let _ = write!(
        svg,
        "<text class=\"{class}\" x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" font-style=\"italic\">{}</text>",
        mid + 4.0,
        esc(&words)
    );
}

/// Whether a poll bar of traced lane `lane` lies under the stretch
/// `left..right` of the drawing.
fn under_a_bar(
    layout: &Layout<'_>,
    lane: usize,
    (left, right): (f64, f64),
    x: &dyn Fn(u64) -> f64,
) -> bool {
    let Some(trace) = layout.trace else {
        return false;
    };
    (layout.rows[lane].tasks.iter())
        .flat_map(|&t| &trace.tasks[t].polls)
        .any(|p| x(p.start_us) < right && x(p.end_us).max(x(p.start_us) + 1.0) > left)
}

/// The room a band label's words take, with their margins.
fn label_width(words: &str) -> f64 {
    words.chars().count() as f64 * CHAR_W + 8.0
}

/// Where a band's label goes, and its words: inside the band's widest free
/// stretch (whole when it fits there); else beside the band, right or left,
/// never over the lane names left of the plot; else cut to the widest of
/// those places, when a few words still fit. `None`: no room anywhere.
fn band_label(
    p: &Placed,
    on_bars: bool,
    (gap_start, gap_width): (f64, f64),
    (x1, x2): (f64, f64),
    a: &Area<'_>,
) -> Option<(String, f64, &'static str)> {
    let chars = |room: f64| ((room - 8.0) / CHAR_W).floor().max(0.0) as usize;
    if label_width(&p.label) <= gap_width {
        return Some((p.label.clone(), gap_start + gap_width / 2.0, "middle"));
    }
    let words = label(p);
    // On a traced lane, beside the band is over the lane's bars, which a
    // plate would hide: there a few words inside are better.
    if on_bars && chars(gap_width) >= MIN_INSIDE {
        return Some((
            shorten(&p.label, chars(gap_width)),
            gap_start + gap_width / 2.0,
            "middle",
        ));
    }
    if label_width(&words) <= gap_width {
        return Some((words, gap_start + gap_width / 2.0, "middle"));
    }
    let plot_left = (a.x)(0);
    let (right, left) = (a.right - x2 - 5.0, x1 - 5.0 - plot_left);
    if label_width(&words) <= right {
        return Some((words, x2 + 5.0, "start"));
    }
    if label_width(&words) <= left {
        return Some((words, x1 - 5.0, "end"));
    }
    let places = [
        (gap_width, gap_start + gap_width / 2.0, "middle"),
        (right, x2 + 5.0, "start"),
        (left, x1 - 5.0, "end"),
    ];
    let (room, x, anchor) = places.into_iter().max_by(|a, b| a.0.total_cmp(&b.0))?;
    (chars(room) >= MIN_INSIDE).then(|| (shorten(&p.label, chars(room)), x, anchor))
}

/// A plate of the page's colour behind a label that is not drawn on a
/// traced lane's bars, so that no mark, line or bar under it lowers its
/// contrast: `width` wide, its text anchored at `x` (`anchor`), on the row
/// whose middle is `mid`.
fn plate(svg: &mut String, (x, mid): (f64, f64), anchor: &str, width: f64) {
    let left = match anchor {
        "middle" => x - width / 2.0,
        "end" => x - width,
        _ => x,
    };
    let _ = write!(
        svg,
        "<rect class=\"mdbx-tl-plate\" x=\"{left:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"15\" rx=\"2\"/>",
        mid - 7.5
    );
}

/// The widest stretch of `(from, to)` on `lane` (every lane when `None`)
/// that no printed line's mark covers: its start and width.
fn widest_gap(
    layout: &Layout<'_>,
    lane: Option<usize>,
    (from, to): (f64, f64),
    x: &dyn Fn(u64) -> f64,
) -> (f64, f64) {
    let mut cuts: Vec<f64> = layout
        .marks
        .iter()
        .filter(|m| lane.is_none_or(|l| m.lane == l))
        .map(|m| x(m.at_us))
        .filter(|&mx| mx > from && mx < to)
        .collect();
    cuts.sort_by(f64::total_cmp);
    let mut best = (from, 0.0);
    let mut start = from;
    for edge in cuts.into_iter().chain([to]) {
        // A mark is about 10 px wide.
        let (gap_start, gap_end) = (start + 6.0, edge - 6.0);
        if gap_end - gap_start > best.1 {
            best = (gap_start, gap_end - gap_start);
        }
        start = edge;
    }
    best
}

/// Marks (a labelled vertical line) and drops (a cross on their lane),
/// over everything else.
pub(super) fn draw_marks(svg: &mut String, layout: &Layout<'_>, placed: &[Placed], a: &Area<'_>) {
    let (_, rows) = flag_rows(placed, a.x, (a.left, a.right));
    for (p, row) in placed.iter().zip(rows) {
        let x = (a.x)(p.from_us);
        match p.kind {
            NoteKind::Mark => {
                let (lx, anchor, _, _) = flag_label(x, label(p).chars().count(), (a.left, a.right));
                let _ = write!(
                    svg,
                    "<line class=\"mdbx-tl-flag\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"><title>{} at {}</title></line>\
<text class=\"mdbx-tl-event\" x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
                    a.lanes_top,
                    a.lanes_bottom,
                    esc(&p.label),
                    stamp(p.from_us),
                    a.flags_top + FLAG_ROW * row as f64 + 12.0,
                    esc(&label(p))
                );
            }
            NoteKind::Drop => {
                let Some(lane) = layout.rows.iter().position(|r| r.name == p.label) else {
                    continue;
                };
                let y = a.lanes_top + LANE * lane as f64 + LANE / 2.0;
                let _ = write!(
                    svg,
                    "<path class=\"mdbx-tl-drop\" d=\"M{:.1} {:.1}l10 10m0 -10l-10 10\"><title>{}: dropped at {}</title></path>",
                    x - 5.0,
                    y - 5.0,
                    esc(&p.label),
                    stamp(p.from_us)
                );
            }
            NoteKind::Band | NoteKind::Busy => {}
        }
    }
}

/// Why the notes of `figure` cannot all be drawn on `run`, its `index`th
/// run: a point no line names, a band that ends before (or when) it
/// starts, a drop on a lane that is not in the figure.
pub fn problems((run, index): (&RunOutcome, usize), lanes: &Regex, figure: &Figure) -> Vec<String> {
    let (placed, mut missing) = place((run, index), figure, None);
    let layout = Layout::new(run, lanes);
    for p in &placed {
        let lane = match p.kind {
            NoteKind::Drop => Some(&p.label),
            _ => p.lane.as_ref(),
        };
        if let Some(lane) = lane
            && !layout.rows.iter().any(|r| r.name == *lane)
        {
            let names: Vec<&str> = layout.rows.iter().map(|r| r.name.as_str()).collect();
            missing.push(format!(
                "`{}`: the figure has no lane `{lane}` (its lanes: {})",
                p.label,
                names.join(", ")
            ));
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::timeline::fixtures::*;

    fn figure(pairs: &[(&str, &str)]) -> Figure {
        let mut f = Figure::default();
        for (k, v) in pairs {
            f.apply(k, v).expect("figure option").expect("valid");
        }
        f
    }

    #[test]
    fn points_are_found_in_the_run() {
        let r = run(
            &[(0, "[a] start"), (100, "[main] abort"), (500, "[a] done")],
            501,
        );
        let f = figure(&[
            ("mark", "abort() @ abort"),
            ("band", "still running @ abort .. [a] done"),
            ("drop", "a @ +0.5s"),
        ]);
        let (placed, missing) = place((&r, 0), &f, None);
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(placed[0].from_us, 100_000);
        assert_eq!((placed[1].from_us, placed[1].to_us), (100_000, 500_000));
        assert_eq!(placed[1].line, Some(2), "a band is on the lane of its end");
        assert!(problems((&r, 0), &re(), &f).is_empty());
        let bad = figure(&[
            ("mark", "x @ nowhere"),
            ("drop", "b @ abort"),
            ("band", "y @ done .. start"),
        ]);
        let p = problems((&r, 0), &re(), &bad);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].contains("no line contains `nowhere`"), "{p:?}");
        assert!(p[1].contains("ends (+0.000s) before it starts"), "{p:?}");
        assert!(
            p[2].contains("no lane `b`") && p[2].contains("a, main"),
            "{p:?}"
        );
    }

    /// A long band label is drawn whole where its band has room for it,
    /// cut only where it must go beside a short band.
    #[test]
    fn a_band_label_is_whole_when_its_band_has_room() {
        let r = run(
            &[(0, "[a] start"), (40, "[a] go"), (2000, "[a] done")],
            2001,
        );
        let words = "waiting for the lock the writer holds";
        let wide = figure(&[("band", &format!("{words} @ start .. done"))]);
        let svg = crate::render::timeline::render(
            "w",
            &r,
            (&re(), &wide),
            crate::render::timeline::Frame::WIDE,
        );
        assert!(svg.contains(&format!(">{words}</text>")), "{svg}");
        let short = figure(&[("band", &format!("{words} @ start .. go"))]);
        let svg = crate::render::timeline::render(
            "s",
            &r,
            (&re(), &short),
            crate::render::timeline::Frame::WIDE,
        );
        assert!(!svg.contains(&format!(">{words}</text>")), "{svg}");
        assert!(svg.contains("mdbx-tl-bandlabel"), "{svg}");
    }

    /// On a phone, a band with no room for its words inside or beside it
    /// never spills them over the lane names left of the plot.
    #[test]
    fn a_band_label_never_covers_the_lane_names() {
        let lines: Vec<String> = (0..20).map(|k| format!("[work] step {k}")).collect();
        let timed: Vec<(u64, &str)> = (lines.iter().enumerate())
            .map(|(k, l)| (k as u64 * 100, l.as_str()))
            .collect();
        let r = run(&timed, 1950);
        let f = figure(&[("band", "computing, no .await @ step 0 .. step 19")]);
        let frame = crate::render::timeline::Frame::NARROW;
        let svg = crate::render::timeline::render("p", &r, (&re(), &f), frame);
        let label = regex::Regex::new(
            r#"<text class="mdbx-tl-bandlabel[^"]*" x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)"[^>]*>([^<]*)<"#,
        )
        .expect("regex");
        for c in label.captures_iter(&svg) {
            let x: f64 = c[1].parse().expect("x");
            let width = c[3].chars().count() as f64 * crate::render::timeline::CHAR_W;
            let left = match &c[2] {
                "end" => x - width,
                "middle" => x - width / 2.0,
                _ => x,
            };
            assert!(left >= frame.labels - 1.0, "over the lane names: {svg}");
        }
    }

    #[test]
    fn snapshot_of_a_run_with_its_events_marked() {
        let r = run(
            &[
                (0, "[ticker] tick 0"),
                (250, "[busy] step 1 done"),
                (1000, "[busy] step 2 done"),
                (1003, "[ticker] tick 1"),
                (1100, "[main] abort"),
            ],
            1200,
        );
        let f = figure(&[
            ("busy", "computing @ +0s .. step 2"),
            ("band", "ready, not run @ +0.1s .. tick 1"),
            ("mark", "abort() called @ [main] abort; deadline @ +1.1s"),
            ("drop", "ticker @ [main] abort"),
        ]);
        let svg = super::super::render(
            "starve",
            &r,
            (&re(), &f),
            crate::render::timeline::Frame::WIDE,
        );
        for part in [
            ">ready, not run<",
            ">computing<",
            ">abort() called<",
            ">deadline<",
            "mdbx-tl-drop",
        ] {
            assert!(svg.contains(part), "{part} missing: {svg}");
        }
        insta::assert_snapshot!(svg.replace("><", ">\n<"));
    }

    /// trace_timeout's band on a run where its label did not fit inside:
    /// beside the band, its plate hid half of busy's bar. It is shortened
    /// to fit inside instead, and no plate covers the lane.
    #[test]
    fn a_band_label_on_a_traced_lane_never_hides_its_bars() {
        let mut busy = task("busy", vec![poll(339, 925, 0, Outcome::Pending)]);
        busy.dropped = Some(At {
            at_us: 925_000,
            thread: 0,
        });
        let mut r = run(
            &[
                (339, "[busy] start"),
                (925, "[busy] reached an .await"),
                (925, "[main] busy: Err"),
            ],
            926,
        );
        r.trace = Some(trace(&["main thread"], vec![busy]));
        let f = figure(&[(
            "band",
            "[busy] limit passed, still in its poll @ [busy] start + 300ms .. [busy] reached",
        )]);
        let svg = super::super::render(
            "trace_timeout",
            &r,
            (&re(), &f),
            crate::render::timeline::Frame::WIDE,
        );
        assert!(!svg.contains("mdbx-tl-plate"), "{svg}");
        let label = Regex::new(r#"<text class="mdbx-tl-bandlabel mdbx-tl-barlabel" [^>]*text-anchor="middle"[^>]*>([^<]*)</text>"#)
            .expect("regex");
        let words = &label.captures(&svg).expect("a label inside the band")[1];
        assert!(
            words.starts_with("limit passed") && words.ends_with('…'),
            "{words}"
        );
    }

    /// A mark at the drawing's edge has its label beside its line, not
    /// across it (gather_joinset_panic's "join_all panics" at the exit).
    #[test]
    fn a_label_at_the_edge_stands_beside_its_line() {
        assert_eq!(flag_label(300.0, 4, (4.0, 716.0)).1, "middle");
        let (lx, anchor, left, right) = flag_label(694.6, 15, (4.0, 716.0));
        assert_eq!((lx, anchor), (690.6, "end"));
        assert!(right < 694.6 && left > 4.0, "{left}..{right}");
        let (_, anchor, left, _) = flag_label(125.0, 40, (4.0, 716.0));
        assert_eq!((anchor, left), ("start", 129.0));
    }

    #[test]
    fn labels_that_would_overlap_take_another_row() {
        let f = figure(&[(
            "mark",
            "first mark @ +1s; second mark @ +1.01s; third @ +5s",
        )]);
        let r = run(&[(0, "x"), (6000, "y")], 6000);
        let (placed, _) = place((&r, 0), &f, None);
        let x = |us: u64| us as f64 / 10_000.0;
        let (rows, row_of) = flag_rows(&placed, &x, (0.0, 1e9));
        assert_eq!(rows, 2);
        assert_eq!(row_of, [0, 1, 0]);
    }
}
