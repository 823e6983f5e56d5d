//! A timeline of one real run as an inline SVG: a time axis in seconds or
//! milliseconds, one lane per task, a mark for every line at the moment it
//! was printed (hover for the line and its exact time), the exit, and a legend.
//!
//! Lanes come from the output itself: by default a line that starts with
//! `[name]` belongs to lane `name`; other lines belong to `main`.
//!
//! When the example used the trace helper (see [`crate::running::trace`]), each traced
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

mod axis;
mod compare;
mod draw;
mod lanes;
mod legend;
mod sequence;
mod traced;
mod words;

use super::esc;
pub use crate::finding::lanes::{DEFAULT_LANES, lane_regex};
use crate::running::process::RunOutcome;
use axis::axis;
pub use compare::{Compared, compare};
use draw::{Place, draw_run};
use lanes::Layout;
use legend::{draw_legend, layout_legend, legend_items};
use regex::Regex;
use std::fmt::Write;
use words::describe;

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
const CHAR_W: f64 = 7.0;

/// The horizontal geometry of a figure: its width, the column of lane
/// labels on its left, and how many characters a label keeps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    width: f64,
    labels: f64,
    label_chars: usize,
    /// Ends the ids of the drawing's elements, so both drawings of a run
    /// can be in one page.
    id_suffix: &'static str,
    /// Whether a comparison's run labels stand above their bars.
    stack_labels: bool,
}

impl Frame {
    /// For a page column (720 px).
    pub const WIDE: Frame = Frame {
        width: WIDTH,
        labels: LABELS,
        label_chars: 14,
        id_suffix: "",
        stack_labels: false,
    };
    /// For a phone (340 px): the same text size, fewer pixels per second.
    pub const NARROW: Frame = Frame {
        width: 340.0,
        labels: 80.0,
        label_chars: 9,
        id_suffix: "-n",
        stack_labels: true,
    };
}

/// Where a label of `chars` characters goes beside a mark at `x`: right of
/// it, or left of it when it would pass `right_edge`. Returns its x and
/// its text anchor.
fn beside(x: f64, chars: usize, right_edge: f64) -> (f64, &'static str) {
    if x + 7.0 + chars as f64 * CHAR_W > right_edge {
        (x - 7.0, "end")
    } else {
        (x + 7.0, "start")
    }
}

/// Draw the timeline of `run` for example `name` in `frame`'s width (its
/// order, when all its lines came within a few milliseconds).
pub fn render(name: &str, run: &RunOutcome, lanes: &Regex, frame: Frame) -> String {
    let layout = Layout::new(run, lanes);
    if layout.instant(sequence::WINDOW_US) {
        return sequence::sequence(name, &layout, frame);
    }
    let Frame { width, labels, .. } = frame;
    let span_us = layout.span_us();
    let plot = width - labels - RIGHT;
    let us_per_px = span_us as f64 / plot;
    let x = |us: u64| labels + us as f64 / span_us as f64 * plot;
    let rowsbottom = TOP + LANE * layout.rows.len().max(1) as f64;
    let legend_rows = layout_legend(&legend_items(&[&layout]), width);
    let height = rowsbottom + AXIS + LEGEND_ROW * legend_rows.len() as f64 + 4.0;
    let mut svg = String::new();
    let class = if layout.trace.is_some() {
        "mdbx-timeline mdbx-tl-traced"
    } else {
        "mdbx-timeline"
    };
    let _ = write!(
        svg,
        "<svg class=\"{class}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"mdbx-tl-{n}{i}-t mdbx-tl-{n}{i}-d\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"mdbx-tl-{n}{i}-t\">Timeline of the real run of {n}</title>\
<desc id=\"mdbx-tl-{n}{i}-d\">{desc}</desc>",
        n = esc(name),
        i = frame.id_suffix,
        desc = esc(&describe(
            &layout.rows,
            &layout.marks,
            run.total_us,
            layout.trace
        )),
    );
    axis(&mut svg, span_us, TOP, rowsbottom, &x);
    let place = Place {
        frame,
        x: &x,
        us_per_px,
        top: TOP,
    };
    draw_run(&mut svg, &layout, place);
    draw_legend(&mut svg, &legend_rows, rowsbottom + AXIS);
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::running::trace::{Alignment, At, Outcome, PollSpan, Task, Trace};
    use axis::{nice_step, tick_label};
    use legend::Swatch;
    use traced::{Bar, colour, merge};

    use crate::running::process::stdout_run as run;

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
            Frame::WIDE,
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
        assert_eq!(nice_step(5_000, 8), 1_000);
        assert_eq!(nice_step(3_000_000, 8), 500_000);
        assert_eq!(nice_step(10_000_000, 8), 2_000_000);
        // A narrow drawing has room for fewer ticks.
        assert_eq!(nice_step(815_000, 3), 500_000);
        assert_eq!(tick_label(500_000, 500_000), "0.5 s");
        assert_eq!(tick_label(2_000, 1_000), "2 ms");
    }

    #[test]
    fn thousands_of_lines_are_aggregated() {
        let lines: Vec<(u64, String)> = (0..5000).map(|i| (i / 5, format!("[w] {i}"))).collect();
        let refs: Vec<(u64, &str)> = lines.iter().map(|(t, s)| (*t, s.as_str())).collect();
        let svg = render("many", &run(&refs, 1000), &re(), Frame::WIDE);
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
        let svg = render("spin", &r, &re(), Frame::WIDE);
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
        let svg = render("two", &r, &re(), Frame::WIDE);
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
        let svg = render("parallel", &r, &re(), Frame::WIDE);
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
        let svg = render("abort", &r, &re(), Frame::WIDE);
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
        let svg = render("tiny", &r, &re(), Frame::WIDE);
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
        let svg = render("order", &r, &re(), Frame::WIDE);
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
        let svg = render("crowd", &r, &re(), Frame::WIDE);
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
        let rows = layout_legend(&threads, WIDTH);
        assert!(rows.len() >= 2);
        assert!(rows.iter().flatten().all(|(x, _, _)| *x < WIDTH));
    }

    #[test]
    fn snapshot_of_a_comparison_on_one_axis() {
        let seq = run(
            &[
                (0, "test1"),
                (3000, "test2"),
                (3001, "retest1"),
                (5002, "retest2"),
            ],
            5003,
        );
        let joined = run(
            &[
                (0, "test1"),
                (1, "retest1"),
                (2001, "retest2"),
                (3002, "test2"),
            ],
            3003,
        );
        let svg = compare(
            "gather",
            &[
                Compared {
                    label: "sequential",
                    run: &seq,
                },
                Compared {
                    label: "joined",
                    run: &joined,
                },
            ],
            (&re(), None),
            Frame::WIDE,
        );
        insta::assert_snapshot!(svg.replace("><", ">\n<"));
    }

    #[test]
    fn a_label_near_the_right_edge_goes_left_of_its_mark() {
        assert_eq!(beside(100.0, 7, 720.0), (107.0, "start"));
        assert_eq!(beside(690.0, 7, 720.0), (683.0, "end"));
    }

    #[test]
    fn the_narrow_drawing_keeps_the_text_size_and_fits_a_phone() {
        let r = run(
            &[(0, "[a] start"), (400, "[b] start"), (800, "[a] done")],
            900,
        );
        let svg = render("phone", &r, &re(), Frame::NARROW);
        assert!(svg.contains("viewBox=\"0 0 340 "), "{svg}");
        assert!(svg.contains("id=\"mdbx-tl-phone-n-t\""), "{svg}");
        let xs: Vec<f64> = svg
            .match_indices(" cx=\"")
            .map(|(i, _)| {
                let rest = &svg[i + 5..];
                rest[..rest.find('"').expect("end")].parse().expect("x")
            })
            .collect();
        assert!(xs.iter().all(|x| (0.0..340.0).contains(x)), "{xs:?}");
    }

    #[test]
    fn lines_within_a_few_ms_are_drawn_in_order_not_on_a_time_axis() {
        let lines: Vec<(u64, &str)> = ["[a] 0", "[b] 0", "[b] 1", "[a] 1", "[a] 2", "[b] 2"]
            .into_iter()
            .map(|t| (0, t))
            .collect();
        let mut r = run(&lines, 2);
        for (k, line) in r.lines.iter_mut().enumerate() {
            line.at_us = 150 * k as u64;
        }
        let svg = render("yield_order", &r, &re(), Frame::WIDE);
        assert!(svg.contains("mdbx-tl-sequence"), "{svg}");
        assert!(svg.contains("all 6 lines came within 0.8 ms"), "{svg}");
        insta::assert_snapshot!(svg.replace("><", ">\n<"));
        // Spread over more than a few ms: a time axis again.
        r.lines[5].at_us = 40_000;
        assert!(!render("spread", &r, &re(), Frame::WIDE).contains("mdbx-tl-sequence"));
    }
}
