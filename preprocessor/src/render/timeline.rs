//! A timeline of one real run as an inline SVG: a time axis in seconds or
//! milliseconds, one lane per task, a mark for every line at the moment it
//! was printed (hover for the line and its exact time), the exit, and a legend.
//!
//! Lanes come from the output itself: by default a line that starts with
//! `[name]` belongs to lane `name`; other lines belong to `main`.
//!
//! When the example used the trace helper (see [`crate::trace`]), each traced
//! future also gets a lane (by its name, so `trace::task("a", …)` and the
//! lines `[a] …` share one): a thin line while it exists, a **bar** for every
//! poll (the future was running), coloured by the thread that polled it, a
//! small triangle where its waker was called, a cross where it was dropped
//! unfinished (cancelled). Polls closer together than one pixel on the same
//! thread are merged into one bar, whose opacity shows how much of it was
//! really spent running; so thousands of polls cost a few hundred rectangles.
//!
//! Colours come from CSS classes (see `assets/mdbook-examples.css`) that use
//! the theme's variables, so the diagram is readable in every mdBook theme.
//! The SVG is one line: no blank line can end the surrounding HTML block.

use super::{esc, human, stamp};
use crate::run::{RunOutcome, Stream};
use crate::trace::{At, Outcome, PollSpan, Trace};
use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// The default lane pattern.
pub const DEFAULT_LANES: &str = r"^\[([^\]]+)\]";
/// Above this many lines, marks are grouped per lane and pixel column.
const AGGREGATE_ABOVE: usize = 300;
/// At most this many lanes; the last one gathers the rest.
const MAX_LANES: usize = 24;

const WIDTH: f64 = 720.0;
const LABELS: f64 = 120.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 10.0;
const LANE: f64 = 26.0;
const AXIS: f64 = 30.0;
/// Height of one legend row.
const LEGEND_ROW: f64 = 18.0;
/// Height of a running bar.
const BAR: f64 = 12.0;
/// Narrowest bar drawn, so that a 20 µs poll on a 10 s axis is still seen.
const MIN_BAR: f64 = 1.5;
/// Thread colours (`mdbx-tl-t0` …); more threads reuse them.
const PALETTE: usize = 6;
/// Approximate advance of one character of the 11 px monospace labels.
const CHAR_W: f64 = 6.7;

/// Compile a lane pattern; it must have one capture group. Compiled
/// patterns are kept (per thread), since every reference asks for one.
pub fn lane_regex(pattern: &str) -> Result<Regex, String> {
    thread_local! {
        static COMPILED: std::cell::RefCell<std::collections::HashMap<String, Regex>> =
            std::cell::RefCell::default();
    }
    if let Some(re) = COMPILED.with_borrow(|c| c.get(pattern).cloned()) {
        return Ok(re);
    }
    let re = Regex::new(pattern).map_err(|e| format!("not a valid regex: {e}"))?;
    if re.captures_len() < 2 {
        return Err(format!(
            "`{pattern}` needs one capture group `( … )` for the lane name"
        ));
    }
    COMPILED.with_borrow_mut(|c| c.insert(pattern.to_string(), re.clone()));
    Ok(re)
}

struct Mark<'a> {
    lane: usize,
    at_us: u64,
    text: &'a str,
    stderr: bool,
}

struct Lane {
    name: String,
    first_us: u64,
    /// Indexes into `Trace::tasks`.
    tasks: Vec<usize>,
}

/// Polls merged for drawing: one or more polls on one thread, less than a
/// pixel apart.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bar {
    start_us: u64,
    end_us: u64,
    thread: usize,
    polls: usize,
    /// Time actually spent in the polls.
    busy_us: u64,
    /// What the last poll returned.
    last: Outcome,
    /// The task (index into `Trace::tasks`) when all polls are of one task.
    task: Option<usize>,
}

/// Merge `polls` (of one lane, each with its task) that are on the same
/// thread and less than `us_per_px` apart.
fn merge(polls: &[(usize, PollSpan)], us_per_px: f64) -> Vec<Bar> {
    let mut sorted: Vec<&(usize, PollSpan)> = polls.iter().collect();
    sorted.sort_by_key(|(_, p)| (p.start_us, p.end_us));
    let mut bars: Vec<Bar> = Vec::new();
    let mut open: HashMap<usize, usize> = HashMap::new();
    for (task, p) in sorted {
        let busy = p.end_us - p.start_us;
        if let Some(&i) = open.get(&p.thread) {
            let bar = &mut bars[i];
            if p.start_us as f64 - bar.end_us as f64 <= us_per_px {
                bar.end_us = bar.end_us.max(p.end_us);
                bar.polls += 1;
                bar.busy_us += busy;
                bar.last = p.outcome;
                bar.task = bar.task.filter(|t| t == task);
                continue;
            }
        }
        open.insert(p.thread, bars.len());
        bars.push(Bar {
            start_us: p.start_us,
            end_us: p.end_us,
            thread: p.thread,
            polls: 1,
            busy_us: busy,
            last: p.outcome,
            task: Some(*task),
        });
    }
    bars
}

/// Group moments (wakes) by pixel column: (first, last, count, first's thread).
fn columns(moments: &[At], x: &dyn Fn(u64) -> f64) -> Vec<(u64, u64, usize, usize)> {
    let mut groups: BTreeMap<i64, (u64, u64, usize, usize)> = BTreeMap::new();
    for m in moments {
        let column = (x(m.at_us) / 3.0) as i64;
        let g = groups
            .entry(column)
            .or_insert((m.at_us, m.at_us, 0, m.thread));
        g.0 = g.0.min(m.at_us);
        g.1 = g.1.max(m.at_us);
        g.2 += 1;
    }
    groups.into_values().collect()
}

/// Draw the timeline of `run` for example `name`.
pub fn render(name: &str, run: &RunOutcome, lanes: &Regex) -> String {
    let trace = run.trace.as_ref().filter(|t| !t.tasks.is_empty());

    // Lanes, in the order of their first activity (line or task creation).
    let mut all: Vec<Lane> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut lane_of = |name: &str, at_us: u64, all: &mut Vec<Lane>| -> usize {
        let i = *by_name.entry(name.to_string()).or_insert_with(|| {
            all.push(Lane {
                name: name.to_string(),
                first_us: at_us,
                tasks: Vec::new(),
            });
            all.len() - 1
        });
        all[i].first_us = all[i].first_us.min(at_us);
        i
    };
    let line_lanes: Vec<usize> = run
        .lines
        .iter()
        .map(|l| {
            let lane_name = lanes
                .captures(&l.text)
                .and_then(|c| c.get(1))
                .map_or("main", |m| m.as_str());
            lane_of(lane_name, l.at_us, &mut all)
        })
        .collect();
    if let Some(t) = trace {
        for (i, task) in t.tasks.iter().enumerate() {
            let lane = lane_of(&task.name, task.created_us, &mut all);
            all[lane].tasks.push(i);
        }
    }
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| all[i].first_us);
    // Row of each lane; lanes past MAX_LANES share the last row.
    let mut position = vec![0; all.len()];
    for (pos, &i) in order.iter().enumerate() {
        position[i] = pos.min(MAX_LANES - 1);
    }
    let fold = order.len() > MAX_LANES;
    let mut slots: Vec<Option<Lane>> = all.into_iter().map(Some).collect();
    let mut rows: Vec<Lane> = Vec::new();
    for &i in &order {
        let Some(lane) = slots[i].take() else {
            continue;
        };
        if !fold || rows.len() < MAX_LANES - 1 {
            rows.push(lane);
        } else if rows.len() == MAX_LANES - 1 {
            rows.push(Lane {
                name: format!("{} more lanes", order.len() - (MAX_LANES - 1)),
                ..lane
            });
        } else if let Some(rest) = rows.last_mut() {
            rest.tasks.extend(lane.tasks);
        }
    }
    let marks: Vec<Mark<'_>> = run
        .lines
        .iter()
        .zip(&line_lanes)
        .map(|(l, &lane)| Mark {
            lane: position[lane],
            at_us: l.at_us,
            text: &l.text,
            stderr: l.stream == Stream::Stderr,
        })
        .collect();

    let span_us = run
        .total_us
        .max(marks.iter().map(|m| m.at_us).max().unwrap_or(0))
        .max(trace.map_or(0, Trace::last_us))
        .max(1);
    let plot = WIDTH - LABELS - RIGHT;
    let us_per_px = span_us as f64 / plot;
    let x = |us: u64| LABELS + us as f64 / span_us as f64 * plot;
    let rowsbottom = TOP + LANE * rows.len().max(1) as f64;
    let legend = legend_items(trace, &rows);
    let legend_rows = layout_legend(&legend);
    let height = rowsbottom + AXIS + LEGEND_ROW * legend_rows.len() as f64 + 4.0;
    let lane_y = |i: usize| TOP + LANE * i as f64 + LANE / 2.0;

    let mut svg = String::new();
    let class = if trace.is_some() {
        "mdbx-timeline mdbx-tl-traced"
    } else {
        "mdbx-timeline"
    };
    let _ = write!(
        svg,
        "<svg class=\"{class}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"mdbx-tl-{n}-t mdbx-tl-{n}-d\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"mdbx-tl-{n}-t\">Timeline of the real run of {n}</title>\
<desc id=\"mdbx-tl-{n}-d\">{desc}</desc>",
        n = esc(name),
        desc = esc(&describe(&rows, &marks, run.total_us, trace)),
    );
    axis(&mut svg, span_us, rowsbottom, &x);
    // Drawn after the line marks, so that a cross is never hidden under a circle.
    let mut on_top = String::new();
    for (i, lane) in rows.iter().enumerate() {
        let y = lane_y(i);
        let _ = write!(
            svg,
            "<text class=\"mdbx-tl-lane\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            LABELS - 8.0,
            y + 4.0,
            esc(&shorten(&lane.name, 16))
        );
        match trace {
            Some(t) if !lane.tasks.is_empty() => {
                let scale = Scale {
                    x: &x,
                    us_per_px,
                    total_us: run.total_us,
                };
                traced_lane((&mut svg, &mut on_top), t, lane, y, &scale);
            }
            // In a traced diagram a thick line would read as a bar: marks only.
            Some(_) => {}
            None => {
                let times: Vec<u64> = marks
                    .iter()
                    .filter(|m| m.lane == i)
                    .map(|m| m.at_us)
                    .collect();
                if let (Some(first), Some(last)) = (times.first(), times.last()) {
                    let _ = write!(
                        svg,
                        "<line class=\"mdbx-tl-span\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y}\" y2=\"{y}\"/>",
                        x(*first),
                        x(*last).max(x(*first) + 1.0)
                    );
                }
            }
        }
    }
    let radius = if trace.is_some() { 3.5 } else { 4.5 };
    if marks.len() > AGGREGATE_ABOVE {
        aggregated(&mut svg, &marks, &x, &lane_y);
    } else {
        for m in &marks {
            let class = if m.stderr {
                "mdbx-tl-mark mdbx-tl-stderr"
            } else {
                "mdbx-tl-mark"
            };
            let _ = write!(
                svg,
                "<circle class=\"{class}\" cx=\"{:.1}\" cy=\"{}\" r=\"{radius}\"><title>{} {}</title></circle>",
                x(m.at_us),
                lane_y(m.lane),
                stamp(m.at_us),
                esc(m.text)
            );
        }
    }
    svg.push_str(&on_top);
    let end = x(run.total_us);
    let _ = write!(
        svg,
        "<line class=\"mdbx-tl-exit\" x1=\"{end:.1}\" x2=\"{end:.1}\" y1=\"{TOP}\" y2=\"{:.1}\"><title>exit at {}</title></line>",
        rowsbottom,
        stamp(run.total_us)
    );
    draw_legend(&mut svg, &legend_rows, rowsbottom + AXIS);
    svg.push_str("</svg>");
    svg
}

/// The time axis: µs to x, and its resolution.
#[derive(Clone, Copy)]
struct Scale<'a> {
    x: &'a dyn Fn(u64) -> f64,
    us_per_px: f64,
    /// The run's length (a future still pending waits until then).
    total_us: u64,
}

/// Bars, waits and wakes of the traced futures of one lane; their drops go
/// to `on_top`.
fn traced_lane(
    (svg, on_top): (&mut String, &mut String),
    trace: &Trace,
    lane: &Lane,
    y: f64,
    scale: &Scale<'_>,
) {
    let Scale {
        x,
        us_per_px,
        total_us,
    } = *scale;
    let lane_name = esc(&lane.name);
    // Waiting: from creation to the end, drawn under the bars.
    for &i in &lane.tasks {
        let task = &trace.tasks[i];
        let name = esc(&task.name);
        let end = match (task.dropped, task.finished()) {
            (Some(d), _) => d.at_us,
            (None, true) => task.polls.last().map_or(total_us, |p| p.end_us),
            (None, false) => total_us,
        };
        let (x1, x2) = (x(task.created_us), x(end.max(task.created_us)));
        let _ = write!(
            svg,
            "<line class=\"mdbx-tl-wait\" x1=\"{x1:.1}\" x2=\"{:.1}\" y1=\"{y}\" y2=\"{y}\"><title>{name}: created at {}, {}</title></line>",
            x2.max(x1 + 1.0),
            stamp(task.created_us),
            match (task.dropped, task.finished()) {
                (Some(d), _) => format!("dropped unfinished at {}", stamp(d.at_us)),
                (None, true) => format!("returned Ready at {}", stamp(end)),
                (None, false) => "still pending at exit".to_string(),
            }
        );
    }
    let polls: Vec<(usize, PollSpan)> = lane
        .tasks
        .iter()
        .flat_map(|&i| trace.tasks[i].polls.iter().map(move |p| (i, *p)))
        .collect();
    let many_threads = trace.threads.len() > 1;
    for bar in merge(&polls, us_per_px) {
        let name = bar
            .task
            .map_or_else(|| lane_name.clone(), |t| esc(&trace.tasks[t].name));
        let x1 = x(bar.start_us);
        let w = (x(bar.end_us) - x1).max(MIN_BAR);
        let thread = trace.threads.get(bar.thread).map_or("?", String::as_str);
        let title = if bar.polls == 1 {
            format!(
                "{name}: running on {}, {} to {} ({}), returned {}",
                esc(thread),
                stamp(bar.start_us),
                stamp(bar.end_us),
                duration(bar.busy_us),
                match bar.last {
                    Outcome::Ready => "Ready",
                    Outcome::Pending => "Pending",
                    Outcome::Unwound => "nothing: it panicked",
                }
            )
        } else {
            format!(
                "{name}: {} polls on {}, {} to {}, running {} of {}",
                bar.polls,
                esc(thread),
                stamp(bar.start_us),
                stamp(bar.end_us),
                duration(bar.busy_us),
                duration(bar.end_us - bar.start_us)
            )
        };
        let opacity = if bar.polls == 1 || bar.end_us == bar.start_us {
            String::new()
        } else {
            let share = bar.busy_us as f64 / (bar.end_us - bar.start_us) as f64;
            format!(
                " fill-opacity=\"{:.2}\"",
                0.35 + 0.65 * share.clamp(0.0, 1.0)
            )
        };
        let _ = write!(
            svg,
            "<rect class=\"mdbx-tl-bar mdbx-tl-t{}\" x=\"{x1:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{BAR}\"{opacity}><title>{title}</title></rect>",
            colour(trace, bar.thread),
            y - BAR / 2.0,
        );
        let label = short_thread(thread);
        if many_threads && w >= label.chars().count() as f64 * CHAR_W + 6.0 {
            let _ = write!(
                svg,
                "<text class=\"mdbx-tl-barlabel\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" aria-hidden=\"true\">{}</text>",
                x1 + w / 2.0,
                y + 3.5,
                esc(&label)
            );
        }
    }
    let wakes: Vec<At> = lane
        .tasks
        .iter()
        .flat_map(|&i| trace.tasks[i].wakes.iter().copied())
        .collect();
    for (first, last, count, thread) in columns(&wakes, x) {
        let px = x(first);
        let top = y - BAR / 2.0 - 7.0;
        let by = trace.threads.get(thread).map_or("?", String::as_str);
        let title = if count == 1 {
            format!(
                "{lane_name}: woken at {} (waker called on {})",
                stamp(first),
                esc(by)
            )
        } else {
            format!(
                "{lane_name}: woken {count} times, {} to {}",
                stamp(first),
                stamp(last)
            )
        };
        let _ = write!(
            svg,
            "<path class=\"mdbx-tl-wake\" d=\"M{:.1} {top:.1}h6l-3 5.5z\"><title>{title}</title></path>",
            px - 3.0,
        );
    }
    for &i in &lane.tasks {
        let name = esc(&trace.tasks[i].name);
        if let Some(d) = trace.tasks[i].dropped {
            let px = x(d.at_us);
            let by = trace.threads.get(d.thread).map_or("?", String::as_str);
            let _ = write!(
                on_top,
                "<path class=\"mdbx-tl-drop\" d=\"M{:.1} {:.1}l8 8m0 -8l-8 8\"><title>{name}: dropped unfinished (cancelled) at {} on {}</title></path>",
                px - 4.0,
                y - 4.0,
                stamp(d.at_us),
                esc(by)
            );
        }
    }
}

/// The colour class of a thread: the main thread is always `t0` and worker
/// N always `tN` (cycling), so that a colour means the same in every
/// diagram of the book; other threads go by their index.
fn colour(trace: &Trace, thread: usize) -> usize {
    let label = trace.threads.get(thread).map_or("", String::as_str);
    if label == "main thread" {
        0
    } else if let Some(n) = label
        .strip_prefix("worker ")
        .and_then(|n| n.parse::<usize>().ok())
    {
        (n.max(1) - 1) % (PALETTE - 1) + 1
    } else {
        thread % PALETTE
    }
}

/// `main` for the main thread, `w2` for worker 2, the start of other names.
fn short_thread(label: &str) -> String {
    if label == "main thread" {
        "main".into()
    } else if let Some(n) = label.strip_prefix("worker ") {
        format!("w{n}")
    } else {
        shorten(label, 5)
    }
}

/// `42 µs`, `12.345 ms`, `1.234 s`.
fn duration(us: u64) -> String {
    if us < 1_000 {
        format!("{us} µs")
    } else if us < 1_000_000 {
        format!("{:.3} ms", us as f64 / 1e3)
    } else {
        format!("{:.3} s", us as f64 / 1e6)
    }
}

fn aggregated(
    svg: &mut String,
    marks: &[Mark<'_>],
    x: &dyn Fn(u64) -> f64,
    lane_y: &dyn Fn(usize) -> f64,
) {
    let mut groups: Vec<(usize, i64, u64, u64, usize)> = Vec::new();
    for m in marks {
        let column = (x(m.at_us) / 4.0) as i64;
        match groups.iter_mut().find(|g| g.0 == m.lane && g.1 == column) {
            Some(g) => {
                g.3 = m.at_us;
                g.4 += 1;
            }
            None => groups.push((m.lane, column, m.at_us, m.at_us, 1)),
        }
    }
    for (lane, column, first, last, count) in groups {
        let _ = write!(
            svg,
            "<rect class=\"mdbx-tl-mark\" x=\"{}\" y=\"{}\" width=\"4\" height=\"10\"><title>{count} lines, {} to {}</title></rect>",
            column * 4,
            lane_y(lane) - 5.0,
            stamp(first),
            stamp(last)
        );
    }
}

/// One legend entry: a swatch kind and its words.
#[derive(Debug, Clone, PartialEq)]
enum Swatch {
    Text,
    Bar(usize),
    Wait,
    Span,
    Mark,
    Wake,
    Drop,
    Exit,
}

fn legend_items(trace: Option<&Trace>, lanes: &[Lane]) -> Vec<(Swatch, String)> {
    let mut items = Vec::new();
    match trace {
        Some(t) => {
            let traced = lanes.iter().flat_map(|l| &l.tasks).map(|&i| &t.tasks[i]);
            // Only the threads that polled something (the timer's thread may only wake).
            let mut used: Vec<usize> = traced
                .clone()
                .flat_map(|task| task.polls.iter().map(|p| p.thread))
                .collect();
            used.sort_unstable();
            used.dedup();
            items.push((Swatch::Text, "running (being polled) on:".to_string()));
            for i in used {
                let label = t.threads.get(i).map_or("?", String::as_str);
                items.push((Swatch::Bar(colour(t, i)), label.to_string()));
            }
            items.push((Swatch::Text, String::new()));
            items.push((Swatch::Wait, "waiting".to_string()));
            items.push((Swatch::Mark, "printed a line".to_string()));
            if traced.clone().any(|task| !task.wakes.is_empty()) {
                items.push((Swatch::Wake, "woken".to_string()));
            }
            if traced.clone().any(|task| task.dropped.is_some()) {
                items.push((Swatch::Drop, "dropped unfinished".to_string()));
            }
        }
        None => {
            items.push((Swatch::Mark, "printed a line".to_string()));
            items.push((Swatch::Span, "first to last line of a lane".to_string()));
        }
    }
    items.push((Swatch::Exit, "exit".to_string()));
    items
}

/// Place legend items in rows: `(x, swatch, words)`. An empty `Text` item
/// starts a new row.
fn layout_legend(items: &[(Swatch, String)]) -> Vec<Vec<(f64, Swatch, String)>> {
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
        if at + w > WIDTH - 8.0 && at > left {
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

fn draw_legend(svg: &mut String, rows: &[Vec<(f64, Swatch, String)>], top: f64) {
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

fn axis(svg: &mut String, span_us: u64, rowsbottom: f64, x: &dyn Fn(u64) -> f64) {
    let base = rowsbottom + 4.0;
    let _ = write!(
        svg,
        "<line class=\"mdbx-tl-axis\" x1=\"{LABELS}\" x2=\"{}\" y1=\"{base}\" y2=\"{base}\"/>",
        WIDTH - RIGHT
    );
    let step = nice_step(span_us);
    let ticks: Vec<u64> = (0..=span_us / step).map(|i| i * step).collect();
    // One path for all the tick lines: a diagram is drawn many times per book.
    svg.push_str("<path class=\"mdbx-tl-tick\" d=\"");
    for &t in &ticks {
        let _ = write!(svg, "M{:.1} {TOP}V{:.1}", x(t), base + 4.0);
    }
    svg.push_str("\"/>");
    for &t in &ticks {
        let _ = write!(
            svg,
            "<text class=\"mdbx-tl-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x(t),
            base + 18.0,
            tick_label(t, step)
        );
    }
}

/// A round tick step (1, 2 or 5 × 10^k µs) giving at most 8 ticks.
fn nice_step(span_us: u64) -> u64 {
    let mut magnitude = 1u64;
    loop {
        for m in [1, 2, 5] {
            let step = m * magnitude;
            if span_us / step <= 8 {
                return step;
            }
        }
        magnitude *= 10;
    }
}

fn tick_label(t_us: u64, step_us: u64) -> String {
    if t_us == 0 {
        "0".into()
    } else if step_us >= 100_000 {
        format!("{} s", (t_us as f64 / 1e6 * 10.0).round() / 10.0)
    } else {
        format!("{} ms", (t_us as f64 / 1e3 * 10.0).round() / 10.0)
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

fn describe(lanes: &[Lane], marks: &[Mark<'_>], total_us: u64, trace: Option<&Trace>) -> String {
    let mut d = format!(
        "{} lines in {} lane(s) over {}.",
        marks.len(),
        lanes.len(),
        human(total_us)
    );
    if let Some(t) = trace {
        let polls: usize = t.tasks.iter().map(|k| k.polls.len()).sum();
        let mut used: Vec<usize> = t
            .tasks
            .iter()
            .flat_map(|k| k.polls.iter().map(|p| p.thread))
            .collect();
        used.sort_unstable();
        used.dedup();
        let used: Vec<&str> = used
            .iter()
            .filter_map(|&i| t.threads.get(i).map(String::as_str))
            .collect();
        let _ = write!(
            d,
            " Traced: {} future(s), {polls} poll(s), on {}.",
            t.tasks.len(),
            if used.is_empty() {
                "no thread".to_string()
            } else {
                used.join(", ")
            }
        );
        for lane in lanes.iter().filter(|l| !l.tasks.is_empty()).take(12) {
            let tasks: Vec<_> = lane.tasks.iter().map(|&i| &t.tasks[i]).collect();
            let polls: usize = tasks.iter().map(|k| k.polls.len()).sum();
            let busy: u64 = tasks.iter().map(|k| k.busy_us()).sum();
            let mut threads: Vec<&str> = tasks
                .iter()
                .flat_map(|k| &k.polls)
                .filter_map(|p| t.threads.get(p.thread).map(String::as_str))
                .collect();
            threads.sort_unstable();
            threads.dedup();
            let _ = write!(
                d,
                " {}: polled {} on {}, running {} in all",
                lane.name,
                match polls {
                    1 => "once".to_string(),
                    n => format!("{n} times"),
                },
                if threads.is_empty() {
                    "no thread".to_string()
                } else {
                    threads.join(" and ")
                },
                duration(busy)
            );
            for k in tasks {
                if let Some(drop) = k.dropped {
                    let _ = write!(d, ", dropped unfinished at {}", stamp(drop.at_us));
                } else if let (true, Some(p)) = (k.finished(), k.polls.last()) {
                    let _ = write!(d, ", finished at {}", stamp(p.end_us));
                }
            }
            d.push('.');
        }
        let _ = write!(
            d,
            " {}.",
            match t.alignment {
                crate::trace::Alignment::WallClock => format!(
                    "The trace clock starts at {} after the spawn (aligned by the wall clock)",
                    duration(t.origin_us)
                ),
                crate::trace::Alignment::Assumed =>
                    "The trace clock is assumed to start at the spawn".to_string(),
            }
        );
        if t.skipped > 0 {
            let _ = write!(
                d,
                " {} trace line(s) not shown: not understood, or over the limit of {} events.",
                t.skipped,
                crate::trace::MAX_EVENTS
            );
        }
    }
    // What the picture shows of the lines: each lane's span. The lines
    // themselves are in the output block next to the diagram.
    for (i, lane) in lanes.iter().enumerate().take(12) {
        let times: Vec<u64> = marks
            .iter()
            .filter(|m| m.lane == i)
            .map(|m| m.at_us)
            .collect();
        match (times.first(), times.last()) {
            (Some(&only), _) if times.len() == 1 => {
                let _ = write!(d, " {}: 1 line at {}.", lane.name, stamp(only));
            }
            (Some(&first), Some(&last)) => {
                let _ = write!(
                    d,
                    " {}: {} lines from {} to {}.",
                    lane.name,
                    times.len(),
                    stamp(first),
                    stamp(last)
                );
            }
            _ => {}
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::{Exit, Line};
    use crate::trace::{Alignment, Task};

    fn run(lines: &[(u64, &str)], total_ms: u64) -> RunOutcome {
        RunOutcome {
            lines: lines
                .iter()
                .map(|(ms, t)| Line {
                    at_us: ms * 1000,
                    stream: Stream::Stdout,
                    text: (*t).to_string(),
                })
                .collect(),
            exit: Exit::Code(0),
            total_us: total_ms * 1000,
            cut_bytes: 0,
            trace: None,
            cpu_us: None,
        }
    }

    fn re() -> Regex {
        lane_regex(DEFAULT_LANES).expect("regex")
    }

    fn poll(start_ms: u64, end_ms: u64, thread: usize, outcome: Outcome) -> PollSpan {
        PollSpan {
            start_us: start_ms * 1000,
            end_us: end_ms * 1000,
            thread,
            outcome,
        }
    }

    fn task(name: &str, polls: Vec<PollSpan>) -> Task {
        Task {
            name: name.into(),
            created_us: polls.first().map_or(0, |p| p.start_us),
            polls,
            wakes: Vec::new(),
            dropped: None,
        }
    }

    fn trace(threads: &[&str], tasks: Vec<Task>) -> Trace {
        Trace {
            origin_us: 300,
            alignment: Alignment::WallClock,
            threads: threads.iter().map(|s| (*s).to_string()).collect(),
            tasks,
            skipped: 0,
        }
    }

    #[test]
    fn rowsfrom_prefixes_and_escaped_titles() {
        let svg = render(
            "demo",
            &run(
                &[
                    (0, "[a] start"),
                    (1, "[b] <b>"),
                    (2000, "[a] done"),
                    (3000, "bye"),
                ],
                3001,
            ),
            &re(),
        );
        for lane in [">a<", ">b<", ">main<"] {
            assert!(svg.contains(lane), "{lane} missing");
        }
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        // four lines and one legend swatch
        assert_eq!(svg.matches("<circle").count(), 5);
        assert!(svg.contains("<title id=") && svg.contains("<desc"));
        let desc = &svg[svg.find("<desc").expect("desc")..svg.find("</desc>").expect("desc")];
        assert!(
            desc.contains(
                "4 lines in 3 lane(s) over 3.001 s. a: 2 lines from +0.000s to +2.000s. b: 1 line at +0.001s. main: 1 line at +3.000s."
            ),
            "{desc}"
        );
        assert_eq!(
            svg.matches("mdbx-tl-tick").count(),
            1,
            "one path for all ticks"
        );
        assert!(svg.contains("printed a line"));
        assert!(!svg.contains('\n'));
        assert!(!svg.contains("mdbx-tl-traced"));
    }

    #[test]
    fn axis_scales_from_milliseconds_to_seconds() {
        assert_eq!(nice_step(5_000), 1_000);
        assert_eq!(nice_step(3_000_000), 500_000);
        assert_eq!(nice_step(10_000_000), 2_000_000);
        assert_eq!(tick_label(500_000, 500_000), "0.5 s");
        assert_eq!(tick_label(2_000, 1_000), "2 ms");
    }

    #[test]
    fn thousands_of_lines_are_aggregated() {
        let lines: Vec<(u64, String)> = (0..5000).map(|i| (i / 5, format!("[w] {i}"))).collect();
        let refs: Vec<(u64, &str)> = lines.iter().map(|(t, s)| (*t, s.as_str())).collect();
        let svg = render("many", &run(&refs, 1000), &re());
        assert_eq!(svg.matches("<circle").count(), 1, "only the legend's");
        assert!(svg.matches("<rect").count() < 200);
    }

    #[test]
    fn lane_pattern_needs_a_group() {
        assert!(lane_regex("^x").unwrap_err().contains("capture group"));
    }

    #[test]
    fn merging_joins_polls_closer_than_a_pixel_on_one_thread() {
        let polls = [
            (0, poll(0, 1, 0, Outcome::Pending)),
            (1, poll(2, 3, 0, Outcome::Pending)), // another task of the lane
            (0, poll(2, 3, 1, Outcome::Pending)), // other thread: its own bar
            (0, poll(10, 11, 0, Outcome::Ready)), // 7 ms gap: a new bar
        ];
        let bars = merge(&polls, 1500.0);
        assert_eq!(bars.len(), 3);
        assert_eq!(
            bars[0],
            Bar {
                start_us: 0,
                end_us: 3000,
                thread: 0,
                polls: 2,
                busy_us: 2000,
                last: Outcome::Pending,
                task: None,
            }
        );
        assert_eq!((bars[1].thread, bars[1].polls), (1, 1));
        assert_eq!((bars[1].task, bars[2].task), (Some(0), Some(0)));
        assert_eq!((bars[2].start_us, bars[2].last), (10_000, Outcome::Ready));
        // At a finer scale nothing merges.
        assert_eq!(merge(&polls, 100.0).len(), 4);
    }

    #[test]
    fn thousands_of_polls_become_a_few_bars() {
        let polls: Vec<PollSpan> = (0..10_000)
            .map(|i| PollSpan {
                start_us: i * 100,
                end_us: i * 100 + 40,
                thread: (i % 2) as usize,
                outcome: Outcome::Pending,
            })
            .collect();
        let t = trace(&["worker 1", "worker 2"], vec![task("spin", polls)]);
        let mut r = run(&[(0, "[spin] go")], 1000);
        r.trace = Some(t);
        let svg = render("spin", &r, &re());
        let bars = svg.matches("class=\"mdbx-tl-bar ").count();
        assert!(bars <= 4, "{bars} bars"); // one per thread, plus two legend swatches
        assert!(svg.contains("5000 polls on worker 1"), "{svg}");
        assert!(
            svg.contains("fill-opacity=\"0.48\""),
            "20% busy per thread: {svg}"
        );
    }

    #[test]
    fn traced_run_shows_bars_per_thread_waits_wakes_and_drops() {
        let mut a = task(
            "a",
            vec![
                poll(0, 300, 0, Outcome::Pending),
                poll(600, 601, 0, Outcome::Ready),
            ],
        );
        a.wakes.push(At {
            at_us: 599_000,
            thread: 1,
        });
        let mut b = task("b", vec![poll(1, 300, 1, Outcome::Pending)]);
        b.dropped = Some(At {
            at_us: 500_000,
            thread: 1,
        });
        let mut r = run(&[(0, "[a] start"), (300, "[b] <stop>"), (700, "bye")], 700);
        r.trace = Some(trace(&["main thread", "worker 1"], vec![a, b]));
        let svg = render("two", &r, &re());
        assert!(svg.starts_with("<svg class=\"mdbx-timeline mdbx-tl-traced\""));
        assert!(!svg.contains('\n'));
        // lanes a, b (traced and printed) and main (printed only)
        for lane in [">a<", ">b<", ">main<"] {
            assert!(svg.contains(lane), "{lane} missing");
        }
        assert!(svg.contains(
            "a: running on main thread, +0.000s to +0.300s (300.000 ms), returned Pending"
        ));
        assert!(svg.contains("b: running on worker 1"));
        assert!(svg.contains("class=\"mdbx-tl-bar mdbx-tl-t1\""));
        assert!(
            svg.contains(">w1</text>") && svg.contains(">main</text>"),
            "labels in wide bars"
        );
        assert!(svg.contains("a: woken at +0.599s (waker called on worker 1)"));
        assert!(svg.contains("b: dropped unfinished (cancelled) at +0.500s on worker 1"));
        assert!(svg.contains("&lt;stop&gt;"));
        // legend: both threads, and every kind of mark that appears
        for words in [
            "running (being polled) on:",
            ">main thread<",
            ">worker 1<",
            ">waiting<",
            ">woken<",
            ">dropped unfinished<",
            ">exit<",
        ] {
            assert!(svg.contains(words), "legend lacks {words}");
        }
        let desc = &svg[svg.find("<desc").expect("desc")..svg.find("</desc>").expect("desc")];
        assert!(
            desc.contains(
                "a: polled 2 times on main thread, running 301.000 ms in all, finished at +0.601s."
            ),
            "{desc}"
        );
        assert!(desc.contains("dropped unfinished at +0.500s"), "{desc}");
        assert!(desc.contains("300 µs after the spawn"), "{desc}");
    }

    /// `(x, y, width)` of the bars whose title starts with `lane: `.
    fn bars_of(svg: &str, lane: &str) -> Vec<(f64, f64, f64)> {
        let re = Regex::new(
            r#"<rect class="mdbx-tl-bar [^"]*" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"[^>]*><title>([^<]*)</title>"#,
        )
        .expect("regex");
        let num = |s: &str| s.parse::<f64>().expect("number");
        re.captures_iter(svg)
            .filter(|c| c[4].starts_with(&format!("{lane}: ")))
            .map(|c| (num(&c[1]), num(&c[2]), num(&c[3])))
            .collect()
    }

    #[test]
    fn parallel_polls_overlap_on_the_time_axis_in_two_lanes() {
        let mut r = run(&[(0, "[left] go"), (0, "[right] go")], 420);
        r.trace = Some(trace(
            &["worker 1", "worker 2"],
            vec![
                task("left", vec![poll(5, 405, 0, Outcome::Ready)]),
                task("right", vec![poll(6, 400, 1, Outcome::Ready)]),
            ],
        ));
        let svg = render("parallel", &r, &re());
        let (left, right) = (bars_of(&svg, "left"), bars_of(&svg, "right"));
        assert_eq!((left.len(), right.len()), (1, 1));
        let ((lx, ly, lw), (rx, ry, rw)) = (left[0], right[0]);
        assert!(lx < rx + rw && rx < lx + lw, "the two bars overlap in time");
        assert!(lw > 500.0 && rw > 500.0, "each spans most of the axis");
        assert!((ly - ry).abs() >= LANE, "on two lanes");
        assert!(
            svg.contains("mdbx-tl-t1") && svg.contains("mdbx-tl-t2"),
            "two colours"
        );
    }

    /// A fixed event list, drawn: the whole SVG, one element per line.
    #[test]
    fn snapshot_of_a_traced_run() {
        let mut worker = task("worker", vec![poll(1, 500, 1, Outcome::Pending)]);
        worker.created_us = 500;
        worker.dropped = Some(At {
            at_us: 500_100,
            thread: 1,
        });
        let mut main = task(
            "main",
            vec![
                poll(0, 0, 0, Outcome::Pending),
                poll(100, 100, 0, Outcome::Pending),
                poll(501, 501, 0, Outcome::Ready),
            ],
        );
        main.wakes = vec![
            At {
                at_us: 100_000,
                thread: 2,
            },
            At {
                at_us: 500_200,
                thread: 1,
            },
        ];
        let mut r = run(
            &[
                (1, "[worker] computing"),
                (100, "[main] abort()"),
                (501, "[main] is_cancelled() = true"),
            ],
            502,
        );
        r.trace = Some(trace(
            &["main thread", "worker 1", "worker 2"],
            vec![main, worker],
        ));
        let svg = render("abort", &r, &re());
        insta::assert_snapshot!(svg.replace("><", ">\n<"));
    }

    #[test]
    fn one_thread_needs_no_bar_labels_and_tiny_polls_stay_visible() {
        let t = trace(
            &["main thread"],
            vec![task(
                "quick",
                vec![PollSpan {
                    start_us: 5_000_000,
                    end_us: 5_000_020,
                    thread: 0,
                    outcome: Outcome::Ready,
                }],
            )],
        );
        let mut r = run(&[(0, "start"), (10_000, "end")], 10_000);
        r.trace = Some(t);
        let svg = render("tiny", &r, &re());
        assert!(!svg.contains("mdbx-tl-barlabel"));
        assert!(svg.contains(&format!("width=\"{MIN_BAR}\"")), "{svg}");
        assert!(svg.contains("(20 µs)"));
    }

    #[test]
    fn rowsfollow_first_activity() {
        let t = trace(
            &["main thread"],
            vec![task("early", vec![poll(0, 1, 0, Outcome::Ready)])],
        );
        let mut r = run(&[(5, "[late] hi")], 10);
        r.trace = Some(t);
        let svg = render("order", &r, &re());
        assert!(svg.find(">early<").expect("early") < svg.find(">late<").expect("late"));
    }

    #[test]
    fn colours_follow_the_thread_not_its_order() {
        let t = trace(
            &["worker 2", "main thread", "worker 1", "pool", "worker 6"],
            vec![],
        );
        assert_eq!(colour(&t, 0), 2);
        assert_eq!(colour(&t, 1), 0);
        assert_eq!(colour(&t, 2), 1);
        assert_eq!(colour(&t, 3), 3);
        assert_eq!(colour(&t, 4), 1, "workers cycle through t1..t5");
    }

    #[test]
    fn too_many_lanes_are_folded_into_the_last() {
        let tasks: Vec<Task> = (0..100)
            .map(|i| task(&format!("t{i}"), vec![poll(i, i + 1, 0, Outcome::Ready)]))
            .collect();
        let mut r = run(&[(99, "[t99] last"), (100, "bye")], 101);
        r.trace = Some(trace(&["main thread"], tasks));
        let svg = render("crowd", &r, &re());
        assert_eq!(svg.matches("class=\"mdbx-tl-lane\"").count(), MAX_LANES);
        assert!(svg.contains(">78 more lanes<"), "{svg}");
        // The folded tasks are still drawn, merged where they touch, and named.
        assert!(
            svg.contains("78 more lanes: 77 polls on main thread"),
            "{svg}"
        );
        assert!(svg.contains("t99: created at"));
    }

    #[test]
    fn legend_wraps_long_rows() {
        let threads: Vec<(Swatch, String)> = (0..12)
            .map(|i| (Swatch::Bar(i % PALETTE), format!("worker {i}")))
            .collect();
        let rows = layout_legend(&threads);
        assert!(rows.len() >= 2);
        assert!(rows.iter().flatten().all(|(x, _, _)| *x < WIDTH));
    }
}
