//! The `{{#example NAME option=value flag …}}` directive: its grammar and its
//! options, validated into a typed [`Directive`]. See `README.md` for the
//! user-facing reference.

use crate::finding::figure::{self, Figure};
use crate::finding::timespec::{TimeSpec, parse_duration};
use std::time::Duration;

/// Where the source of an example is shown.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceView {
    Show,
    Hide,
}

/// Where the output of an example is shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OutputView {
    Show,
    Reveal,
    Hide,
}

/// What the compiler is expected to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum CompileClaim {
    /// Compiles with no warning.
    Ok,
    /// Compiles, with at least one warning.
    Warn,
    /// Does not compile.
    Fail,
}

/// Whether to draw a timeline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimelineView {
    Auto,
    Show,
    Hide,
}

/// One parsed, validated directive.
#[derive(Debug, Clone)]
pub struct Directive {
    pub name: String,
    pub source: SourceView,
    pub anchor: Option<String>,
    pub output: OutputView,
    pub timeout: Option<Duration>,
    pub total: Option<TimeSpec>,
    pub any_order: bool,
    pub exit: i32,
    pub panic: bool,
    pub compile: CompileClaim,
    pub code: Option<String>,
    pub timeline: TimelineView,
    pub lanes: Option<String>,
    pub exclusive: bool,
    /// `cores=N`: the timing claims of this reference need at least N cores
    /// (see [`crate::checking::needs`]).
    pub cores: Option<usize>,
    /// `diff=OTHER`: show the source as its difference from example OTHER.
    pub diff: Option<String>,
    /// `solution`: fold the source and output into a closed `<details>`.
    pub solution: bool,
    /// `reads=PATH,PATH`: files (or folders) of the examples package the
    /// example reads when it runs, for its cache key.
    pub reads: Vec<String>,
    /// What the timeline marks and the headline it states.
    pub figure: Figure,
}

/// The options a directive accepts, for "did you mean" messages.
pub const OPTIONS: &[&str] = &[
    "source",
    "anchor",
    "output",
    "timeout",
    "total",
    "order",
    "exit",
    "panic",
    "compile",
    "code",
    "timeline",
    "lanes",
    "exclusive",
    "cores",
    "diff",
    "solution",
    "reads",
    "events",
    "mark",
    "band",
    "busy",
    "drop",
    "headline",
    "axis",
    "chart",
];

impl Directive {
    /// Parse the text between `{{#example` and `}}`.
    pub fn parse(inner: &str) -> Result<Directive, String> {
        let mut words = split_words(inner)?.into_iter();
        let name = words
            .next()
            .ok_or("the directive names no example: write `{{#example NAME}}`")?;
        if name.contains('=') || !is_name(&name) {
            return Err(format!(
                "`{name}` is not an example name (letters, digits, `_` and `-`); the name comes first"
            ));
        }
        let mut d = Directive {
            name,
            source: SourceView::Show,
            anchor: None,
            output: OutputView::Show,
            timeout: None,
            total: None,
            any_order: false,
            exit: 0,
            panic: false,
            compile: CompileClaim::Ok,
            code: None,
            timeline: TimelineView::Auto,
            lanes: None,
            exclusive: false,
            cores: None,
            diff: None,
            solution: false,
            reads: Vec::new(),
            figure: Figure::default(),
        };
        for word in words {
            let (key, value) = match word.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (word.clone(), None),
            };
            d.apply(&key, value)?;
        }
        if d.code.is_some() && d.compile == CompileClaim::Ok {
            return Err("`code=` needs `compile=warn` or `compile=fail`".into());
        }
        if d.panic && d.exit != 0 && d.exit != 101 {
            return Err("`panic` means exit code 101: drop `exit=` or `panic`".into());
        }
        if d.panic {
            d.exit = 101;
        }
        d.check_diff()?;
        let marks = d.figure.events.is_some() || !d.figure.notes.is_empty();
        if marks && (d.timeline == TimelineView::Hide || d.output == OutputView::Hide) {
            return Err(
                "`events=`, `mark=`, `band=`, `busy=` and `drop=` draw on the timeline: \
                 drop `timeline=hide` / `output=hide`, or the marks"
                    .into(),
            );
        }
        if d.figure.headline.is_some() && d.output == OutputView::Hide {
            return Err(
                "`headline=` is shown with the output: drop `output=hide` or the headline".into(),
            );
        }
        if let Some(h) = &d.figure.headline
            && h.runs().iter().any(|&r| r > 0)
        {
            return Err(
                "`headline=` of an `{{#example}}` reads its one run: drop the `B.`, `C.` … \
                 (they name the runs of a `{{#compare}}`)"
                    .into(),
            );
        }
        Ok(d)
    }

    /// `diff=` names another example and needs the source shown.
    fn check_diff(&self) -> Result<(), String> {
        let Some(other) = &self.diff else {
            return Ok(());
        };
        if !is_name(other) {
            return Err(format!(
                "`diff={other}` is not an example name (letters, digits, `_` and `-`)"
            ));
        }
        if *other == self.name {
            return Err(format!(
                "`diff={other}` names this example itself: name the example this one varies"
            ));
        }
        if self.source == SourceView::Hide {
            return Err(
                "`diff=` shows the source as a difference: drop `source=hide` or `diff=`".into(),
            );
        }
        Ok(())
    }

    fn apply(&mut self, key: &str, value: Option<String>) -> Result<(), String> {
        let flag = |value: Option<String>| match value {
            None => Ok(()),
            Some(v) => Err(format!("`{key}` is a flag and takes no value (got `{v}`)")),
        };
        let need = |value: Option<String>| {
            value.ok_or_else(|| format!("option `{key}` needs a value: `{key}=…`"))
        };
        match key {
            "source" => {
                self.source = match need(value)?.as_str() {
                    "show" => SourceView::Show,
                    "hide" => SourceView::Hide,
                    v => return Err(bad(key, v, "show, hide")),
                }
            }
            "anchor" => self.anchor = Some(need(value)?),
            "output" => {
                self.output = match need(value)?.as_str() {
                    "show" => OutputView::Show,
                    "reveal" => OutputView::Reveal,
                    "hide" => OutputView::Hide,
                    v => return Err(bad(key, v, "show, reveal, hide")),
                }
            }
            "timeout" => {
                self.timeout = Some(parse_duration(&need(value)?).map_err(|e| opt_err(key, e))?)
            }
            "total" => {
                self.total = Some(TimeSpec::parse(&need(value)?).map_err(|e| opt_err(key, e))?)
            }
            "order" => {
                self.any_order = match need(value)?.as_str() {
                    "exact" => false,
                    "any" => true,
                    v => return Err(bad(key, v, "exact, any")),
                }
            }
            "exit" => {
                let v = need(value)?;
                self.exit = v
                    .parse()
                    .map_err(|_| format!("`exit={v}`: the exit code must be a whole number"))?
            }
            "panic" => {
                flag(value)?;
                self.panic = true;
            }
            "exclusive" => {
                flag(value)?;
                self.exclusive = true;
            }
            "cores" => self.cores = Some(parse_cores(&need(value)?)?),
            "diff" => self.diff = Some(need(value)?),
            "reads" => {
                let v = need(value)?;
                self.reads.extend(
                    v.split(',')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(str::to_string),
                );
            }
            "solution" => {
                flag(value)?;
                self.solution = true;
            }
            "compile" => {
                self.compile = match need(value)?.as_str() {
                    "ok" => CompileClaim::Ok,
                    "warn" => CompileClaim::Warn,
                    "fail" => CompileClaim::Fail,
                    v => return Err(bad(key, v, "ok, warn, fail")),
                }
            }
            "code" => self.code = Some(need(value)?),
            "timeline" => {
                self.timeline = match need(value)?.as_str() {
                    "auto" => TimelineView::Auto,
                    "show" => TimelineView::Show,
                    "hide" => TimelineView::Hide,
                    v => return Err(bad(key, v, "auto, show, hide")),
                }
            }
            "lanes" => {
                let v = need(value)?;
                crate::finding::lanes::lane_regex(&v).map_err(|e| opt_err(key, e))?;
                self.lanes = Some(v);
            }
            other if figure::OPTIONS.contains(&other) => {
                let v = need(value)?;
                if let Some(result) = self.figure.apply(other, &v) {
                    result?;
                }
            }
            other => {
                let mut msg = format!("unknown option `{other}`");
                if let Some(close) = crate::util::suggest::closest(other, OPTIONS.iter().copied()) {
                    msg.push_str(&format!(" (did you mean `{close}`?)"));
                }
                msg.push_str(&format!("; the options are: {}", OPTIONS.join(", ")));
                return Err(msg);
            }
        }
        Ok(())
    }
}

/// The value of `cores=`: a whole number, at least 1.
fn parse_cores(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "`cores={value}` is not valid: write how many cores the timing claims of this \
             reference need, a whole number of at least 1 (e.g. `cores=2`)"
        )),
    }
}

fn bad(key: &str, value: &str, allowed: &str) -> String {
    format!("`{key}={value}` is not valid: use one of {allowed}")
}

fn opt_err(key: &str, e: String) -> String {
    format!("option `{key}`: {e}")
}

pub(crate) fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Split on whitespace, keeping `key="quoted value"` together (the quotes are
/// removed; `\"` and `\\` escape inside quotes).
pub(crate) fn split_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => return Err(format!("unterminated quote in `{}`", text.trim())),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e) => current.push(e),
                            None => return Err("a `\\` ends the directive".into()),
                        },
                        Some(other) => current.push(other),
                    }
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                current.push(c);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lists_files_separated_by_commas() {
        let d = Directive::parse("x reads=data/a.txt,data/b reads=\"c.txt\"").expect("parses");
        assert_eq!(d.reads, ["data/a.txt", "data/b", "c.txt"]);
        assert!(Directive::parse("x reads").is_err());
    }

    #[test]
    fn name_only() {
        let d = Directive::parse(" gather ").expect("parses");
        assert_eq!(d.name, "gather");
        assert_eq!(d.output, OutputView::Show);
        assert_eq!(d.exit, 0);
    }

    #[test]
    fn options_and_quotes() {
        let d = Directive::parse(
            "gather_join output=reveal total=\"~3s\"\n order=any lanes=\"^(\\\\w+):\" exclusive",
        )
        .expect("parses");
        assert_eq!(d.output, OutputView::Reveal);
        assert_eq!(d.total.expect("total").written, "~3s");
        assert!(d.any_order && d.exclusive);
        assert_eq!(d.lanes.as_deref(), Some("^(\\w+):"));
    }

    #[test]
    fn cores_is_a_whole_number_of_at_least_one() {
        assert_eq!(Directive::parse("x").expect("parses").cores, None);
        assert_eq!(
            Directive::parse("x cores=2").expect("parses").cores,
            Some(2)
        );
        assert_eq!(
            Directive::parse("x cores=\"1\"").expect("parses").cores,
            Some(1)
        );
        for bad in ["0", "-1", "two", "1.5", ""] {
            let e = Directive::parse(&format!("x cores={bad}")).unwrap_err();
            assert!(
                e.contains(&format!("`cores={bad}` is not valid")) && e.contains("at least 1"),
                "{e}"
            );
        }
        assert!(
            Directive::parse("x cores")
                .unwrap_err()
                .contains("needs a value")
        );
        let e = Directive::parse("x coers=2").unwrap_err();
        assert!(e.contains("did you mean `cores`"), "{e}");
    }

    #[test]
    fn diff_names_another_example_and_needs_the_source() {
        let d = Directive::parse("b diff=a solution").expect("parses");
        assert_eq!(d.diff.as_deref(), Some("a"));
        assert!(d.solution);
        assert!(
            Directive::parse("b diff")
                .unwrap_err()
                .contains("needs a value")
        );
        assert!(
            Directive::parse("b diff=b")
                .unwrap_err()
                .contains("this example itself")
        );
        assert!(
            Directive::parse("b diff=\"a b\"")
                .unwrap_err()
                .contains("not an example name")
        );
        assert!(
            Directive::parse("b diff=a source=hide")
                .unwrap_err()
                .contains("drop `source=hide`")
        );
        assert!(
            Directive::parse("b solution=yes")
                .unwrap_err()
                .contains("flag")
        );
        let e = Directive::parse("b dif=a").unwrap_err();
        assert!(e.contains("did you mean `diff`"), "{e}");
    }

    #[test]
    fn panic_means_101() {
        assert_eq!(Directive::parse("x panic").expect("parses").exit, 101);
        assert!(Directive::parse("x panic exit=3").is_err());
    }

    #[test]
    fn errors_are_specific() {
        let e = Directive::parse("x outptu=show").unwrap_err();
        assert!(
            e.contains("unknown option `outptu`") && e.contains("did you mean `output`"),
            "{e}"
        );
        assert!(
            Directive::parse("")
                .unwrap_err()
                .contains("names no example")
        );
        assert!(
            Directive::parse("output=show")
                .unwrap_err()
                .contains("name comes first")
        );
        assert!(
            Directive::parse("x output=loud")
                .unwrap_err()
                .contains("show, reveal, hide")
        );
        assert!(
            Directive::parse("x total=3s")
                .unwrap_err()
                .contains("option `total`")
        );
        assert!(
            Directive::parse("x panic=yes")
                .unwrap_err()
                .contains("flag")
        );
        assert!(
            Directive::parse("x timeout")
                .unwrap_err()
                .contains("needs a value")
        );
        assert!(
            Directive::parse("x total=\"~3s")
                .unwrap_err()
                .contains("unterminated")
        );
        assert!(
            Directive::parse("x code=E0728")
                .unwrap_err()
                .contains("compile=")
        );
        assert!(
            Directive::parse("x lanes=\"(\"")
                .unwrap_err()
                .contains("lanes")
        );
    }
}
