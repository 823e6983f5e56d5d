//! Traced futures: bars where they were polled, waits, wakes and drops.

use super::lanes::Lane;
use super::words::shorten;
use super::{BAR, CHAR_W, MIN_BAR, PALETTE};
use crate::render::esc;
use crate::running::trace::{At, Outcome, PollSpan, Trace};
use crate::util::time::{exact, stamp};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// Polls merged for drawing: one or more polls on one thread, less than a
/// pixel apart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Bar {
    pub(super) start_us: u64,
    pub(super) end_us: u64,
    pub(super) thread: usize,
    pub(super) polls: usize,
    /// Time actually spent in the polls (nested polls counted once).
    pub(super) busy_us: u64,
    /// What the last poll returned.
    pub(super) last: Outcome,
    /// The task (index into `Trace::tasks`) when all polls are of one task.
    pub(super) task: Option<usize>,
}

/// Merge `polls` (of one lane, each with its task) that are on the same
/// thread and less than `us_per_px` apart.
pub(super) fn merge(polls: &[(usize, PollSpan)], us_per_px: f64) -> Vec<Bar> {
    let mut sorted: Vec<&(usize, PollSpan)> = polls.iter().collect();
    sorted.sort_by_key(|(_, p)| (p.start_us, p.end_us));
    let mut bars: Vec<Bar> = Vec::new();
    let mut open: HashMap<usize, usize> = HashMap::new();
    for (task, p) in sorted {
        if let Some(&i) = open.get(&p.thread) {
            let bar = &mut bars[i];
            if p.start_us as f64 - bar.end_us as f64 <= us_per_px {
                // A poll inside another (a traced future polled by a
                // traced future) adds no time the thread was not already
                // running.
                bar.busy_us += p.end_us.saturating_sub(p.start_us.max(bar.end_us));
                bar.end_us = bar.end_us.max(p.end_us);
                bar.polls += 1;
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
            busy_us: p.end_us - p.start_us,
            last: p.outcome,
            task: Some(*task),
        });
    }
    bars
}

/// Group moments (wakes) by pixel column: (first, last, count, first's thread).
pub(super) fn columns(moments: &[At], x: &dyn Fn(u64) -> f64) -> Vec<(u64, u64, usize, usize)> {
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

/// The time axis: µs to x, and its resolution.
#[derive(Clone, Copy)]
pub(super) struct Scale<'a> {
    pub(super) x: &'a dyn Fn(u64) -> f64,
    pub(super) us_per_px: f64,
    /// The run's length (a future still pending waits until then).
    pub(super) total_us: u64,
    /// The drawing's right edge: labels stay left of it.
    pub(super) right_edge: f64,
}

/// One lane of traced futures, at height `y`.
#[derive(Clone, Copy)]
pub(super) struct On<'a> {
    pub(super) trace: &'a Trace,
    pub(super) lane: &'a Lane,
    pub(super) y: f64,
}

impl On<'_> {
    fn thread(&self, index: usize) -> &str {
        self.trace.threads.get(index).map_or("?", String::as_str)
    }
}

/// Waits, bars and wakes of the traced futures of one lane, in that order
/// (each drawn over the one before); their drops go to `on_top`.
pub(super) fn traced_lane(
    (svg, on_top): (&mut String, &mut String),
    on: On<'_>,
    scale: &Scale<'_>,
) {
    waits(svg, on, scale);
    bars(svg, on, scale);
    wakes(svg, on, scale.x);
    drops(on_top, on, scale);
}

/// Waiting: a thin line from each future's creation to its end (returned
/// `Ready`, dropped, or the run's end), under the bars.
fn waits(svg: &mut String, on: On<'_>, scale: &Scale<'_>) {
    let x = scale.x;
    for &i in &on.lane.tasks {
        let task = &on.trace.tasks[i];
        let (end, how) = match (task.dropped, task.finished()) {
            (Some(d), _) => (d.at_us, format!("dropped unfinished at {}", stamp(d.at_us))),
            (None, true) => {
                let end = task.polls.last().map_or(scale.total_us, |p| p.end_us);
                (end, format!("returned Ready at {}", stamp(end)))
            }
            (None, false) => (scale.total_us, "still pending at exit".to_string()),
        };
        let (x1, x2) = (x(task.created_us), x(end.max(task.created_us)));
        let _ = write!(
            svg,
            "<line class=\"mdbx-tl-wait\" x1=\"{x1:.1}\" x2=\"{:.1}\" y1=\"{y}\" y2=\"{y}\"><title>{}: created at {}, {how}</title></line>",
            x2.max(x1 + 1.0),
            esc(&task.name),
            stamp(task.created_us),
            y = on.y,
        );
    }
}

/// Running: a bar per poll (polls less than a pixel apart merged), in the
/// colour of the thread; a merged bar as opaque as the share of its time
/// spent in polls. With more than one thread, the thread's short name in
/// the bars wide enough for it.
fn bars(svg: &mut String, on: On<'_>, scale: &Scale<'_>) {
    let x = scale.x;
    let polls: Vec<(usize, PollSpan)> = on
        .lane
        .tasks
        .iter()
        .flat_map(|&i| on.trace.tasks[i].polls.iter().map(move |p| (i, *p)))
        .collect();
    let many_threads = on.trace.threads.len() > 1;
    for bar in merge(&polls, scale.us_per_px) {
        let x1 = x(bar.start_us);
        let w = (x(bar.end_us) - x1).max(MIN_BAR);
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
            "<rect class=\"mdbx-tl-bar mdbx-tl-t{}\" x=\"{x1:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{BAR}\"{opacity}><title>{}</title></rect>",
            colour(on.trace, bar.thread),
            on.y - BAR / 2.0,
            bar_title(on, &bar),
        );
        let label = short_thread(on.thread(bar.thread));
        if many_threads && w >= label.chars().count() as f64 * CHAR_W + 6.0 {
            let _ = write!(
                svg,
                "<text class=\"mdbx-tl-barlabel\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" aria-hidden=\"true\">{}</text>",
                x1 + w / 2.0,
                on.y + 3.5,
                esc(&label)
            );
        }
    }
}

/// What a bar's tooltip says: one poll's thread, times and outcome, or how
/// many polls and how much of the bar they were running.
fn bar_title(on: On<'_>, bar: &Bar) -> String {
    let name = bar
        .task
        .map_or_else(|| esc(&on.lane.name), |t| esc(&on.trace.tasks[t].name));
    let thread = esc(on.thread(bar.thread));
    let (from, to) = (stamp(bar.start_us), stamp(bar.end_us));
    if bar.polls == 1 {
        let returned = match bar.last {
            Outcome::Ready => "Ready",
            Outcome::Pending => "Pending",
            Outcome::Unwound => "nothing: it panicked",
        };
        format!(
            "{name}: running on {thread}, {from} to {to} ({}), returned {returned}",
            exact(bar.busy_us),
        )
    } else {
        format!(
            "{name}: {} polls on {thread}, {from} to {to}, running {} of {}",
            bar.polls,
            exact(bar.busy_us),
            exact(bar.end_us - bar.start_us)
        )
    }
}

/// Woken: a small triangle above the bars per pixel column with wakes.
fn wakes(svg: &mut String, on: On<'_>, x: &dyn Fn(u64) -> f64) {
    let lane_name = esc(&on.lane.name);
    let wakes: Vec<At> = on
        .lane
        .tasks
        .iter()
        .flat_map(|&i| on.trace.tasks[i].wakes.iter().copied())
        .collect();
    for (first, last, count, thread) in columns(&wakes, x) {
        let top = on.y - BAR / 2.0 - 7.0;
        let title = if count == 1 {
            format!(
                "{lane_name}: woken at {} (waker called on {})",
                stamp(first),
                esc(on.thread(thread))
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
            x(first) - 3.0,
        );
    }
}

/// Dropped: a cross per drop on the lane; the first of the lane is also
/// labelled, above the lane's bars, right of the cross (left of it at the
/// drawing's edge).
fn drops(on_top: &mut String, on: On<'_>, scale: &Scale<'_>) {
    let mut labelled = false;
    for &i in &on.lane.tasks {
        let Some(d) = on.trace.tasks[i].dropped else {
            continue;
        };
        let px = (scale.x)(d.at_us);
        let _ = write!(
            on_top,
            "<path class=\"mdbx-tl-drop\" d=\"M{:.1} {:.1}l8 8m0 -8l-8 8\"><title>{}: dropped unfinished (cancelled) at {} on {}</title></path>",
            px - 4.0,
            on.y - 4.0,
            esc(&on.trace.tasks[i].name),
            stamp(d.at_us),
            esc(on.thread(d.thread))
        );
        if !labelled {
            labelled = true;
            let (lx, anchor) = super::beside(px, 7, scale.right_edge);
            let _ = write!(
                on_top,
                "<text class=\"mdbx-tl-event\" x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">dropped</text>",
                on.y - BAR / 2.0 - 2.0
            );
        }
    }
}

/// The colour class of a thread: the main thread is always `t0` and worker
/// N always `tN` (cycling), so that a colour means the same in every
/// diagram of the book; other threads go by their index.
pub(super) fn colour(trace: &Trace, thread: usize) -> usize {
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
pub(super) fn short_thread(label: &str) -> String {
    if label == "main thread" {
        "main".into()
    } else if let Some(n) = label.strip_prefix("worker ") {
        format!("w{n}")
    } else {
        shorten(label, 5)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::timeline::fixtures::*;
    use crate::render::timeline::{Frame, LANE, MIN_BAR, render};
    use crate::running::trace::PollSpan;

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
        // A poll inside another on the same thread counts once.
        let nested = [
            (0, poll(0, 10, 0, Outcome::Pending)),
            (1, poll(2, 4, 0, Outcome::Ready)),
        ];
        let bars = merge(&nested, 100.0);
        assert_eq!((bars.len(), bars[0].busy_us), (1, 10_000));
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
        let svg = render("spin", &r, (&re(), &Figure::default()), Frame::WIDE);
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
        let svg = render("two", &r, (&re(), &Figure::default()), Frame::WIDE);
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
        let svg = render("parallel", &r, (&re(), &Figure::default()), Frame::WIDE);
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
        let svg = render("abort", &r, (&re(), &Figure::default()), Frame::WIDE);
        insta::assert_snapshot!(svg.replace("><", ">\n<"));
    }

    /// One lane of three futures (one returns `Ready`, one is dropped, one
    /// is still pending at the exit) on two threads, drawn by each concern
    /// on its own: what each of waits, bars, wakes and drops adds.
    #[test]
    fn snapshot_of_each_concern_of_a_lane() {
        let done = task(
            "done",
            vec![
                poll(0, 100, 0, Outcome::Pending),
                poll(300, 301, 1, Outcome::Ready),
            ],
        );
        let mut cut = task("cut", vec![poll(10, 20, 1, Outcome::Pending)]);
        cut.wakes = vec![
            At {
                at_us: 200_000,
                thread: 0,
            },
            At {
                at_us: 200_500,
                thread: 1,
            },
        ];
        cut.dropped = Some(At {
            at_us: 400_000,
            thread: 0,
        });
        let left = task("left", vec![poll(50, 51, 0, Outcome::Pending)]);
        let t = trace(&["main thread", "worker 1"], vec![done, cut, left]);
        let lane = Lane {
            name: "jobs".into(),
            first_us: 0,
            tasks: vec![0, 1, 2],
        };
        let x = |us: u64| 100.0 + us as f64 / 1000.0;
        let scale = Scale {
            x: &x,
            us_per_px: 1000.0,
            total_us: 500_000,
            right_edge: 720.0,
        };
        let on = On {
            trace: &t,
            lane: &lane,
            y: 40.0,
        };
        let mut parts = String::new();
        for (name, draw) in [
            ("waits", waits as fn(&mut String, On<'_>, &Scale<'_>)),
            ("bars", bars),
            (
                "wakes",
                |svg: &mut String, on: On<'_>, scale: &Scale<'_>| wakes(svg, on, scale.x),
            ),
            ("drops", drops),
        ] {
            let mut svg = String::new();
            draw(&mut svg, on, &scale);
            let _ = write!(parts, "-- {name}\n{}\n", svg.replace("><", ">\n<"));
        }
        insta::assert_snapshot!(parts);
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
        let svg = render("tiny", &r, (&re(), &Figure::default()), Frame::WIDE);
        assert!(!svg.contains("mdbx-tl-barlabel"));
        assert!(svg.contains(&format!("width=\"{MIN_BAR}\"")), "{svg}");
        assert!(svg.contains("(20 µs)"));
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
}
