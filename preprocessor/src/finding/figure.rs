//! What a figure says on top of the run it draws, shared by `{{#example}}`
//! and `{{#compare}}`: events flagged by a pattern (`events=`), marks,
//! bands and drops at named lines (`mark=`, `band=`, `busy=`, `drop=`), and
//! a headline whose values are computed from the run and checked
//! (`headline=`, see [`Headline`]).
//!
//! A *point* names a moment of the run: the first line that contains its
//! text (`[main] abort`; `^test2` for a line that starts with `test2`), or a
//! time the program itself fixes (`+300ms`, a deadline written in its code).

use crate::finding::lanes::LanePattern;
use crate::finding::options::{self, Opt, in_option, need, one_of, pattern};
use crate::finding::timespec::{TimeSpec, parse_duration};

/// The options of a figure, accepted by both directives. They are written
/// back in the order written ([`Figure::words`]), which orders the notes.
pub const TABLE: &[Opt<Figure>] = &[
    Opt {
        name: "events",
        values: "regex with one group",
        default: "–",
        help: "every line the pattern matches: a labelled dashed vertical line at its time, labelled with the first group (`events=\"(Elapsed)\"`; inside quotes `\\` escapes the next character, so write `[(]` for a literal parenthesis)",
        read: |k, v, f| pattern(k, v).map(|p| f.events = Some(p)),
        write: |_| None,
    },
    Opt {
        name: "mark",
        values: "`\"LABEL @ POINT\"`",
        default: "–",
        help: "a labelled dashed vertical line across the run's lanes at POINT: `mark=\"abort() called @ [main] abort; deadline @ +1s\"`. In a comparison, a run's letter and a dot before any note's label draw it on that run only (`B.deadline @ +1s`)",
        read: |k, v, f| f.add_notes(k, NoteKind::Mark, need(k, v)?),
        write: |_| None,
    },
    Opt {
        name: "band",
        values: "`\"LABEL @ POINT .. POINT\"`",
        default: "–",
        help: "a faint labelled band (a wash of the text colour, stronger in the dark themes so that it shows as much) between two points, on the lane of the line that ends it (else of the line that starts it; across all lanes when both are times), or on LANE when the label starts with `[LANE] `: waiting, *ready but not run*: `band=\"ready, not run @ +0.1s .. [ticker] tick 1\"`, `band=\"[main] waits for b @ a failed .. b done\"`",
        read: |k, v, f| f.add_notes(k, NoteKind::Band, need(k, v)?),
        write: |_| None,
    },
    Opt {
        name: "busy",
        values: "`\"LABEL @ POINT .. POINT\"`",
        default: "–",
        help: "the same, solid: the task was computing there (the program says so: a loop with no `.await`). A traced run shows its polls itself",
        read: |k, v, f| f.add_notes(k, NoteKind::Busy, need(k, v)?),
        write: |_| None,
    },
    Opt {
        name: "drop",
        values: "`\"LANE @ POINT\"`",
        default: "–",
        help: "✕ on lane LANE at POINT: its future was dropped there (`drop=\"slow @ Err(\"`)",
        read: |k, v, f| f.add_notes(k, NoteKind::Drop, need(k, v)?),
        write: |_| None,
    },
    Opt {
        name: "headline",
        values: "`\"TEMPLATE\"`",
        default: "–",
        help: "the figure's claim in words, with values computed from the run, each checked (see below); shown above the output",
        read: |k, v, f| {
            let h = Headline::parse(need(k, v)?).map_err(in_option(k))?;
            f.headline = Some(h);
            Ok(())
        },
        write: |_| None,
    },
    Opt {
        name: "axis",
        values: "`auto`, `time`, `order`",
        default: "`auto`",
        help: "`order` draws the lines as numbered steps in the order printed (for a comparison: one run under the other, steps aligned), when the order is the point and the times are noise; `time` keeps a time axis; `auto` draws the order when every line came within 3 ms",
        read: |k, v, f| one_of(k, v, AXIS).map(|a| f.axis = a),
        write: |_| None,
    },
    Opt {
        name: "chart",
        values: "`\"LABEL = REGEX; …\"`",
        default: "–",
        help: "numbers instead of a timeline: one small panel per quantity, each on its own scale, one labelled bar per line whose text the REGEX's one group captures a number from (labelled with its lane; in a comparison, with its run and lane, or its run alone for a line without a lane), coloured by run. A quantity no line prints fails the build. Write `[0-9]` rather than `\\d` inside the quotes: `chart=\"OS threads = in the process: ([0-9]+)\"`",
        read: |k, v, f| f.add_chart(need(k, v)?),
        write: |_| None,
    },
];

const AXIS: &[(&str, Axis)] = &[
    ("auto", Axis::Auto),
    ("time", Axis::Time),
    ("order", Axis::Order),
];

/// A number the run prints, for `chart=`: its label and the pattern whose
/// one group captures it.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub label: String,
    pub pattern: String,
}

/// How a figure lays out its runs' lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Axis {
    /// In order when every line came within a few milliseconds, else in time.
    #[default]
    Auto,
    /// On a time axis.
    Time,
    /// In the order printed, numbered: the point is the order (`axis=order`).
    Order,
}

/// A moment of the run.
#[derive(Debug, Clone, PartialEq)]
pub enum Point {
    /// The first line that contains this text, and how long after it
    /// (`[busy] start + 300ms`: a limit that started there).
    Line(String, u64),
    /// A time fixed by the program (`+300ms`), in µs.
    At(u64),
}

impl Point {
    /// `+300ms`, the text of a line, or `LINE + 300ms`.
    pub fn parse(text: &str) -> Result<Point, String> {
        let text = text.trim();
        if let Some(time) = text.strip_prefix('+') {
            let d = parse_duration(time)?;
            return Ok(Point::At(d.as_micros() as u64));
        }
        if text.is_empty() {
            return Err(
                "a point is empty: write the text of a line, or a time such as `+300ms`".into(),
            );
        }
        if let Some((line, after)) = text.rsplit_once(" + ")
            && let Ok(d) = parse_duration(after)
            && !line.trim().is_empty()
        {
            return Ok(Point::Line(line.trim().to_string(), d.as_micros() as u64));
        }
        Ok(Point::Line(text.to_string(), 0))
    }
}

/// Whether `line` is one a point's text names: it contains the text, or,
/// for a text that starts with `^`, starts with the rest (`^test2` is not
/// `retest2`).
pub fn names_line(text: &str, line: &str) -> bool {
    match text.strip_prefix('^') {
        Some(start) => line.starts_with(start),
        None => line.contains(text),
    }
}

impl std::fmt::Display for Point {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Point::Line(text, 0) => write!(f, "the line containing `{text}`"),
            Point::Line(text, after) => {
                let after = crate::util::time::stamp(*after);
                write!(f, "{} after the line containing `{text}`", &after[1..])
            }
            Point::At(us) => f.write_str(&crate::util::time::stamp(*us)),
        }
    }
}

/// What a note draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// A labelled vertical line across the run's lanes.
    Mark,
    /// A faint labelled band on one lane: waiting, ready but not run.
    Band,
    /// A solid labelled band on one lane: the task was computing (the
    /// program says so: a loop with no `.await`).
    Busy,
    /// A cross on a lane: its future was dropped there.
    Drop,
}

/// One annotation: `mark="LABEL @ POINT"`, `band="LABEL @ POINT .. POINT"`,
/// `busy="LABEL @ POINT .. POINT"`, `drop="LANE @ POINT"`. A band's label
/// may start with `[LANE] ` to put it on that lane.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub kind: NoteKind,
    /// The label (for a drop: the lane's name).
    pub label: String,
    pub from: Point,
    /// Where a band ends.
    pub to: Option<Point>,
    /// The lane a band is drawn on (`[LANE] label`), when not its lines'.
    pub lane: Option<String>,
    /// The one run of a comparison it belongs to (`B.label`: 1), when not
    /// every run that has its points.
    pub run: Option<usize>,
}

/// The figure options of one directive.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figure {
    /// The options as written, in order (to print them back).
    pub written: Vec<(String, String)>,
    /// `events=REGEX`: lines flagged with their first group.
    pub events: Option<LanePattern>,
    pub notes: Vec<Note>,
    pub headline: Option<Headline>,
    /// `axis=auto|time|order`.
    pub axis: Axis,
    /// `chart="LABEL = REGEX; …"`: numbers drawn as bars instead of a timeline.
    pub chart: Vec<Quantity>,
}

impl Figure {
    /// Apply `key=value` if `key` is a figure option: `None` when it is not.
    pub fn apply(&mut self, key: &str, value: &str) -> Option<Result<(), String>> {
        self.read(key, Some(value))
    }

    /// [`Figure::apply`], or the bare word `key` when `value` is `None`.
    pub fn read(&mut self, key: &str, value: Option<&str>) -> Option<Result<(), String>> {
        let result = options::read(TABLE, key, value, self)?;
        if let (Ok(()), Some(value)) = (&result, value) {
            self.written.push((key.to_string(), value.to_string()));
        }
        Some(result)
    }

    /// The options as written, in order, as words that read back the same.
    pub fn words(&self) -> impl Iterator<Item = String> + '_ {
        (self.written.iter()).map(|(key, value)| format!("{key}={}", options::quoted(value)))
    }

    /// Whether the figure adds anything to the plain drawing of its runs.
    pub fn is_plain(&self) -> bool {
        self.events.is_none()
            && self.notes.is_empty()
            && self.headline.is_none()
            && self.axis == Axis::Auto
            && self.chart.is_empty()
    }

    fn add_chart(&mut self, value: &str) -> Result<(), String> {
        for item in value.split(';').filter(|s| !s.trim().is_empty()) {
            let (label, pattern) = item.split_once(" = ").ok_or_else(|| {
                format!(
                    "option `chart`: `{}` has no ` = `; write `chart=\"LABEL = REGEX; …\"`, \
                     the regex's one group capturing the number",
                    item.trim()
                )
            })?;
            let (label, pattern) = (label.trim(), pattern.trim());
            crate::finding::lanes::lane_regex(pattern)
                .map_err(|e| format!("option `chart`, `{label}`: {e}"))?;
            if label.is_empty() {
                return Err(format!("option `chart`: `{}` has no label", item.trim()));
            }
            self.chart.push(Quantity {
                label: label.to_string(),
                pattern: pattern.to_string(),
            });
        }
        if self.chart.is_empty() {
            return Err("option `chart` is empty: write `chart=\"LABEL = REGEX; …\"`".into());
        }
        Ok(())
    }

    fn add_notes(&mut self, key: &str, kind: NoteKind, value: &str) -> Result<(), String> {
        let form = match kind {
            NoteKind::Mark => "LABEL @ POINT",
            NoteKind::Band | NoteKind::Busy => "LABEL @ POINT .. POINT",
            NoteKind::Drop => "LANE @ POINT",
        };
        let err = |why: String| {
            format!(
                "option `{key}`: {why}; write `{key}=\"{form}\"` (several separated by `;`), \
                 a POINT being the text of a line or a time such as `+300ms`"
            )
        };
        for item in value.split(';').filter(|s| !s.trim().is_empty()) {
            let (label, points) = item
                .split_once(" @ ")
                .ok_or_else(|| err(format!("`{}` has no ` @ `", item.trim())))?;
            let (run, label) = run_prefix(label.trim());
            if label.is_empty() {
                return Err(err(format!("`{}` has no label", item.trim())));
            }
            let (from, to) = match (kind, points.split_once(" .. ")) {
                (NoteKind::Band | NoteKind::Busy, Some((a, b))) => (
                    Point::parse(a).map_err(&err)?,
                    Some(Point::parse(b).map_err(&err)?),
                ),
                (NoteKind::Band | NoteKind::Busy, None) => {
                    return Err(err(format!(
                        "`{}` has no ` .. ` between two points",
                        item.trim()
                    )));
                }
                _ => (Point::parse(points).map_err(&err)?, None),
            };
            let (lane, label) = match (
                kind,
                label.strip_prefix('[').and_then(|l| l.split_once("] ")),
            ) {
                (NoteKind::Band | NoteKind::Busy, Some((lane, rest)))
                    if !rest.trim().is_empty() =>
                {
                    (Some(lane.to_string()), rest.trim())
                }
                _ => (None, label),
            };
            self.notes.push(Note {
                kind,
                label: label.to_string(),
                from,
                to,
                lane,
                run,
            });
        }
        if self.notes.is_empty() {
            return Err(err("it is empty".into()));
        }
        Ok(())
    }
}

/// A note's run, when its label starts with one (`B.c1 waits`: the second
/// run of a comparison), and the rest of the label.
fn run_prefix(label: &str) -> (Option<usize>, &str) {
    match label.as_bytes() {
        [r @ b'A'..=b'Z', b'.', ..] => (Some(usize::from(r - b'A')), label[2..].trim_start()),
        _ => (None, label),
    }
}

/// `headline="the ticker waited {gap('tick 0', 'tick 1') >0.8s} while busy ran"`:
/// words, and values computed from the run, each with the bound that keeps
/// the words true (see the README's "Headlines").
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    pub parts: Vec<Part>,
}

/// A piece of a headline.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Text(String),
    Value(Expr),
}

/// A value and its bound, as written between `{` and `}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub written: String,
    pub value: Value,
    pub bound: Option<Bound>,
}

/// A time of one run: `total`, `at('LINE')`, `gap('LINE', 'LINE')`, with
/// the run (`A.`, `B.` …: the compared examples in order) when there are
/// several.
#[derive(Debug, Clone, PartialEq)]
pub struct Time {
    pub run: usize,
    pub kind: TimeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TimeKind {
    Total,
    At(String),
    Gap(String, String),
}

/// What a headline's value computes.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Time(Time),
    /// How many times longer the first time is than the second (`1.8×`).
    Ratio(Time, Time),
    /// How much longer or shorter (`0.40 s`).
    Diff(Time, Time),
    /// The lanes of a run's lines in the order printed (`a a b b`).
    Order(usize),
    /// How many lines of a run contain a text.
    Count(usize, String),
    /// A number a run printed: the first group of the first line a pattern
    /// matches (`num('lost ([0-9]+)')`).
    Num(usize, String),
}

/// The bound a value must stay in for the headline's words to hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Bound {
    /// For times: a time spec (`~1s`, `>0.8s`, `0.2s..0.4s`).
    Time(TimeSpec),
    /// For ratios and counts: `>1.5`, `<0.8`, `1.5..3`, `=3`.
    Number { min: f64, max: f64, written: String },
    /// For an order: `= a b a b`.
    Order(String),
}

impl Headline {
    /// Parse a headline template.
    pub fn parse(text: &str) -> Result<Headline, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            if rest[..open].contains('}') {
                return Err(format!("a `}}` closes nothing in `{text}`"));
            }
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let close = closing(&rest[open..])
                .ok_or_else(|| format!("a `{{` is not closed in `{text}`"))?;
            let inner = &rest[open + 1..open + close];
            parts.push(Part::Value(Expr::parse(inner)?));
            rest = &rest[open + close + 1..];
        }
        if rest.contains('}') {
            return Err(format!("a `}}` closes nothing in `{text}`"));
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        if !parts.iter().any(|p| matches!(p, Part::Value(_))) {
            return Err(format!(
                "`{text}` computes nothing from the run: put at least one value in it, such as \
                 `{{gap('tick 0', 'tick 1') >0.8s}}` (see the README's \"Headlines\")"
            ));
        }
        Ok(Headline { parts })
    }

    /// The runs (0 = `A`) its values read.
    pub fn runs(&self) -> Vec<usize> {
        let mut runs: Vec<usize> = self
            .parts
            .iter()
            .filter_map(|p| match p {
                Part::Value(e) => Some(e.value.runs()),
                Part::Text(_) => None,
            })
            .flatten()
            .collect();
        runs.sort_unstable();
        runs.dedup();
        runs
    }
}

impl Value {
    fn runs(&self) -> Vec<usize> {
        match self {
            Value::Time(t) => vec![t.run],
            Value::Ratio(a, b) | Value::Diff(a, b) => vec![a.run, b.run],
            Value::Order(r) | Value::Count(r, _) | Value::Num(r, _) => vec![*r],
        }
    }
}

impl Expr {
    fn parse(inner: &str) -> Result<Expr, String> {
        let written = inner.trim().to_string();
        let mut s = Scan { rest: &written };
        let value = s.value().map_err(|e| format!("in `{{{written}}}`: {e}"))?;
        let tail = s.rest.trim();
        let bound = if tail.is_empty() {
            None
        } else {
            Some(Bound::parse(&value, tail).map_err(|e| format!("in `{{{written}}}`: {e}"))?)
        };
        let needs_bound = !matches!(value, Value::Order(_) | Value::Count(..) | Value::Num(..));
        if needs_bound && bound.is_none() {
            return Err(format!(
                "`{{{written}}}` has no bound: write what keeps the words true after the value, \
                 e.g. `{{{written} >0.8s}}` (a time spec; a number such as `>1.5` for a ratio)"
            ));
        }
        Ok(Expr {
            written,
            value,
            bound,
        })
    }
}

impl Bound {
    fn parse(value: &Value, text: &str) -> Result<Bound, String> {
        match value {
            Value::Time(_) | Value::Diff(..) => TimeSpec::parse(text).map(Bound::Time),
            Value::Order(_) => text
                .strip_prefix('=')
                .map(|o| Bound::Order(o.split_whitespace().collect::<Vec<_>>().join(" ")))
                .ok_or_else(|| format!("`{text}`: an order's bound is `= a b a b`")),
            Value::Ratio(..) | Value::Count(..) | Value::Num(..) => number_bound(text),
        }
    }

    /// Whether `x` (seconds, a ratio, a count, or an order's text) is in bounds.
    pub fn holds(&self, number: f64, text: &str) -> bool {
        match self {
            Bound::Time(spec) => spec.contains(number),
            Bound::Number { min, max, .. } => *min <= number && number <= *max,
            Bound::Order(order) => order == text,
        }
    }
}

impl std::fmt::Display for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bound::Time(spec) => write!(f, "{spec}"),
            Bound::Number { written, .. } => f.write_str(written),
            Bound::Order(order) => write!(f, "= {order}"),
        }
    }
}

/// Where the value opened at the start of `s` closes: the first `}` that
/// is not inside a quoted text (`num('x{2}')` holds a pattern's braces).
fn closing(s: &str) -> Option<usize> {
    let mut quoted = false;
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quoted => {
                chars.next();
            }
            '\'' => quoted = !quoted,
            '}' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// `>1.5`, `<0.8`, `1.5..3`, `=3`.
fn number_bound(text: &str) -> Result<Bound, String> {
    let num = |t: &str| {
        t.trim().parse::<f64>().map_err(|_| {
            format!("`{text}` is not a number bound: write `>1.5`, `<0.8`, `1.5..3` or `=3`")
        })
    };
    let (min, max) = if let Some(r) = text.strip_prefix('>') {
        (num(r)?, f64::INFINITY)
    } else if let Some(r) = text.strip_prefix('<') {
        (f64::NEG_INFINITY, num(r)?)
    } else if let Some(r) = text.strip_prefix('=') {
        let v = num(r)?;
        (v, v)
    } else if let Some((a, b)) = text.split_once("..") {
        (num(a)?, num(b)?)
    } else {
        return Err(format!(
            "`{text}` is not a number bound: write `>1.5`, `<0.8`, `1.5..3` or `=3`"
        ));
    };
    Ok(Bound::Number {
        min,
        max,
        written: text.to_string(),
    })
}

/// A cursor over the text of a value.
struct Scan<'a> {
    rest: &'a str,
}

impl<'a> Scan<'a> {
    fn value(&mut self) -> Result<Value, String> {
        let (run, word) = self.head()?;
        let two = |s: &mut Self| -> Result<(Time, Time), String> {
            s.eat('(')?;
            let a = s.time()?;
            s.eat(',')?;
            let b = s.time()?;
            s.eat(')')?;
            Ok((a, b))
        };
        Ok(match word {
            "ratio" if run.is_none() => {
                let (a, b) = two(self)?;
                Value::Ratio(a, b)
            }
            "diff" if run.is_none() => {
                let (a, b) = two(self)?;
                Value::Diff(a, b)
            }
            "order" => Value::Order(run.unwrap_or(0)),
            "count" => {
                self.eat('(')?;
                let text = self.quoted()?;
                self.eat(')')?;
                Value::Count(run.unwrap_or(0), text)
            }
            "num" => {
                self.eat('(')?;
                let pattern = self.quoted()?;
                self.eat(')')?;
                crate::finding::lanes::lane_regex(&pattern)
                    .map_err(|e| format!("`num('{pattern}')`: {e}"))?;
                Value::Num(run.unwrap_or(0), pattern)
            }
            _ => Value::Time(self.time_of(run.unwrap_or(0), word)?),
        })
    }

    /// A time: `[R.]total`, `[R.]at('…')`, `[R.]gap('…', '…')`.
    fn time(&mut self) -> Result<Time, String> {
        let (run, word) = self.head()?;
        self.time_of(run.unwrap_or(0), word)
    }

    fn time_of(&mut self, run: usize, word: &str) -> Result<Time, String> {
        let kind = match word {
            "total" => TimeKind::Total,
            "at" => {
                self.eat('(')?;
                let line = self.quoted()?;
                self.eat(')')?;
                TimeKind::At(line)
            }
            "gap" => {
                self.eat('(')?;
                let a = self.quoted()?;
                self.eat(',')?;
                let b = self.quoted()?;
                self.eat(')')?;
                TimeKind::Gap(a, b)
            }
            other => {
                return Err(format!(
                    "`{other}` is not a value: use total, at('LINE'), gap('LINE', 'LINE'), \
                     ratio(TIME, TIME), diff(TIME, TIME), order, count('TEXT') or num('REGEX')"
                ));
            }
        };
        Ok(Time { run, kind })
    }

    /// An optional run letter and `.`, then a word.
    fn head(&mut self) -> Result<(Option<usize>, &'a str), String> {
        self.rest = self.rest.trim_start();
        let mut run = None;
        let bytes = self.rest.as_bytes();
        if bytes.len() >= 2 && bytes[0].is_ascii_uppercase() && bytes[1] == b'.' {
            run = Some(usize::from(bytes[0] - b'A'));
            self.rest = &self.rest[2..];
        }
        let end = self
            .rest
            .find(|c: char| !c.is_ascii_lowercase())
            .unwrap_or(self.rest.len());
        if end == 0 {
            return Err(format!("expected a value at `{}`", self.rest));
        }
        let (word, rest) = self.rest.split_at(end);
        self.rest = rest;
        Ok((run, word))
    }

    fn eat(&mut self, c: char) -> Result<(), String> {
        self.rest = self.rest.trim_start();
        self.rest = self
            .rest
            .strip_prefix(c)
            .ok_or_else(|| format!("expected `{c}` at `{}`", self.rest))?;
        Ok(())
    }

    /// `'text'` (a line's text: `\'` for a quote).
    fn quoted(&mut self) -> Result<String, String> {
        self.eat('\'')?;
        let mut out = String::new();
        let mut chars = self.rest.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\'' => {
                    self.rest = &self.rest[i + 1..];
                    if out.is_empty() {
                        return Err("a quoted line text is empty".into());
                    }
                    return Ok(out);
                }
                '\\' => {
                    if let Some((_, e)) = chars.next() {
                        out.push(e);
                    }
                }
                c => out.push(c),
            }
        }
        Err("a quoted line text is not closed with `'`".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn figure(pairs: &[(&str, &str)]) -> Result<Figure, String> {
        let mut f = Figure::default();
        for (k, v) in pairs {
            f.apply(k, v).expect("a figure option")?;
        }
        Ok(f)
    }

    #[test]
    fn notes_name_their_points() {
        let f = figure(&[
            ("mark", "abort() called @ [main] abort; deadline @ +300ms"),
            ("band", "[ticker] ready, not run @ +0.1s .. [ticker] tick 1"),
            ("drop", "slow @ Err("),
        ])
        .expect("parses");
        assert_eq!(f.notes.len(), 4);
        assert_eq!(f.notes[0].from, Point::Line("[main] abort".into(), 0));
        assert_eq!(
            Point::parse("[busy] start + 300ms"),
            Ok(Point::Line("[busy] start".into(), 300_000))
        );
        assert_eq!(Point::parse("a + b"), Ok(Point::Line("a + b".into(), 0)));
        assert_eq!(f.notes[1].from, Point::At(300_000));
        assert_eq!(f.notes[2].kind, NoteKind::Band);
        assert_eq!(
            (f.notes[2].lane.as_deref(), f.notes[2].label.as_str()),
            (Some("ticker"), "ready, not run")
        );
        assert_eq!(
            f.notes[2].to,
            Some(Point::Line("[ticker] tick 1".into(), 0))
        );
        assert_eq!(f.notes[3].label, "slow");
        let b = figure(&[
            ("band", "B.[c1] c1 waits @ sent .. echoed"),
            ("drop", "A.slow @ x"),
        ])
        .expect("run prefixes");
        assert_eq!(
            (
                b.notes[0].run,
                b.notes[0].lane.as_deref(),
                b.notes[0].label.as_str()
            ),
            (Some(1), Some("c1"), "c1 waits")
        );
        assert_eq!(
            (b.notes[1].run, b.notes[1].label.as_str()),
            (Some(0), "slow")
        );
        assert_eq!(f.notes[0].run, None);
        assert!(Figure::default().apply("lanes", "x").is_none());
        assert!(names_line("test2", "retest2") && !names_line("^test2", "retest2"));
        assert!(names_line("^test2", "test2   done"));
    }

    #[test]
    fn note_mistakes_are_explained() {
        let e = |k: &str, v: &str| figure(&[(k, v)]).expect_err(v);
        assert!(e("mark", "abort").contains("no ` @ `"));
        assert!(e("band", "x @ a").contains("` .. `"));
        assert!(e("mark", " @ a").contains("no label"));
        assert!(e("mark", "x @ +3 parsecs").contains("unit"));
        assert!(e("drop", ";").contains("empty"));
        assert!(e("events", "abort").contains("capture group"));
        assert!(e("axis", "log").contains("auto, time, order"));
        assert!(e("chart", "rss").contains("no ` = `"));
        assert!(e("chart", "rss = \\d+").contains("capture group"));
        assert!(e("chart", " ; ").contains("empty"));
        let c = figure(&[(
            "chart",
            "rss (MiB) = rss=([\\d.]+); threads = threads=(\\d+)",
        )])
        .expect("chart");
        assert_eq!(c.chart.len(), 2);
        assert_eq!(c.chart[1].pattern, "threads=(\\d+)");
        assert_eq!(
            figure(&[("axis", "order")]).expect("axis").axis,
            Axis::Order
        );
    }

    #[test]
    fn headlines_are_words_and_bounded_values() {
        let h = Headline::parse("the ticker waited {gap('tick 0', 'tick 1') >0.8s} while busy ran")
            .expect("parses");
        assert_eq!(h.parts.len(), 3);
        let Part::Value(e) = &h.parts[1] else {
            panic!("a value")
        };
        assert_eq!(
            e.value,
            Value::Time(Time {
                run: 0,
                kind: TimeKind::Gap("tick 0".into(), "tick 1".into())
            })
        );
        let h = Headline::parse(
            "{ratio(A.total, B.total) >1.5}× faster; B: {B.order = a b a b}, {count('[a]')} a",
        )
        .expect("parses");
        assert_eq!(h.runs(), [0, 1]);
        let h = Headline::parse("lost {B.num('lost ([0-9]{2})') >0}").expect("braces quoted");
        let Part::Value(e) = &h.parts[1] else {
            panic!("a value")
        };
        assert_eq!(e.value, Value::Num(1, "lost ([0-9]{2})".into()));
        let h = Headline::parse("{at('it\\'s done') ~1s}").expect("escaped quote");
        let Part::Value(e) = &h.parts[0] else {
            panic!("a value")
        };
        assert_eq!(
            e.value,
            Value::Time(Time {
                run: 0,
                kind: TimeKind::At("it's done".into())
            })
        );
    }

    #[test]
    fn headline_mistakes_are_explained() {
        let e = |s: &str| Headline::parse(s).expect_err(s);
        assert!(e("about the same").contains("computes nothing"));
        assert!(e("{total}").contains("no bound"));
        assert!(e("{total ~1s").contains("not closed"));
        assert!(e("x } y {total ~1s}").contains("closes nothing"));
        assert!(e("{gap('a') ~1s}").contains("expected `,`"));
        assert!(e("{speed ~1s}").contains("not a value"));
        assert!(e("{ratio(A.total, B.total) ~1s}").contains("number bound"));
        assert!(e("{order a b}").contains("= a b a b"));
        assert!(e("{at('') ~1s}").contains("empty"));
        assert!(e("{num('[0-9]+')}").contains("capture group"));
        assert!(e("{num('([0-9]+)') ~1s}").contains("number bound"));
    }

    proptest! {
        #[test]
        fn parsing_never_panics(text in "[{}a-zA-Z.()',~<>=0-9 ]{0,40}", any in any::<String>()) {
            let _ = Headline::parse(&text);
            let _ = Headline::parse(&any);
            let mut f = Figure::default();
            for key in TABLE.iter().map(|o| o.name) {
                let _ = f.apply(key, &text);
                let _ = f.apply(key, &any);
            }
        }
    }
}
