//! The `{{#example NAME option=value flag …}}` directive: its grammar and its
//! options, validated into a typed [`Directive`]. See `README.md` for the
//! user-facing reference.

use crate::finding::figure::{self, Figure};
use crate::finding::lanes::LanePattern;
use crate::finding::options::{self, Opt, chosen, flag, in_option, need, one_of, pattern, quoted};
use crate::finding::timespec::{TimeSpec, parse_duration};
use std::time::Duration;

/// Where the source of an example is shown.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum SourceView {
    #[default]
    Show,
    Hide,
}

/// Where the output of an example is shown.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum OutputView {
    #[default]
    Show,
    Reveal,
    Hide,
}

/// What the compiler is expected to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, Default)]
pub enum CompileClaim {
    /// Compiles with no warning.
    #[default]
    Ok,
    /// Compiles, with at least one warning.
    Warn,
    /// Does not compile.
    Fail,
}

/// Whether to draw a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum TimelineView {
    #[default]
    Auto,
    Show,
    Hide,
}

/// One parsed, validated directive.
/// Without an option, a field holds its default (the option table's
/// `default` column says which).
#[derive(Debug, Clone, Default)]
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
    pub lanes: Option<LanePattern>,
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

/// The options of `{{#example}}`, in the README's order; the figure's
/// ([`figure::TABLE`]) follow them.
pub const TABLE: &[Opt<Directive>] = &[
    Opt {
        name: "source",
        values: "`show`, `hide`",
        default: "`show`",
        help: "show the example's source as a `rust` code block",
        read: |k, v, d| one_of(k, v, SOURCE).map(|x| d.source = x),
        write: |d| chosen(SOURCE, &d.source),
    },
    Opt {
        name: "anchor",
        values: "a name",
        default: "whole file",
        help: "show only the lines between `// ANCHOR: name` and `// ANCHOR_END: name`",
        read: |k, v, d| need(k, v).map(|v| d.anchor = Some(v.to_string())),
        write: |d| d.anchor.as_deref().map(quoted),
    },
    Opt {
        name: "output",
        values: "`show`, `reveal`, `hide`",
        default: "`show`",
        help: "`reveal` hides the output behind a *predict, then reveal* button (`<details>`); `hide` runs the example (claims are still checked) but shows nothing",
        read: |k, v, d| one_of(k, v, OUTPUT).map(|x| d.output = x),
        write: |d| chosen(OUTPUT, &d.output),
    },
    Opt {
        name: "timeout",
        values: "duration",
        default: "config",
        help: "kill the run after this long",
        read: |k, v, d| {
            let t = parse_duration(need(k, v)?).map_err(in_option(k))?;
            d.timeout = Some(t);
            Ok(())
        },
        write: |d| d.timeout.map(|t| format!("{}s", t.as_secs_f64())),
    },
    Opt {
        name: "total",
        values: "time spec",
        default: "–",
        help: "claim on the total wall time, see below",
        read: |k, v, d| {
            let spec = TimeSpec::parse(need(k, v)?).map_err(in_option(k))?;
            d.total = Some(spec);
            Ok(())
        },
        write: |d| d.total.as_ref().map(|t| quoted(&t.written)),
    },
    Opt {
        name: "order",
        values: "`exact`, `any`",
        default: "`exact`",
        help: "`any`: the expected lines may appear in any order (compared as a multiset; the page shows an *order may vary* badge)",
        read: |k, v, d| one_of(k, v, ORDER).map(|x| d.any_order = x),
        write: |d| chosen(ORDER, &d.any_order),
    },
    Opt {
        name: "exit",
        values: "integer",
        default: "`0`",
        help: "the exit code the run must end with (a panic exits with `101`)",
        read: |k, v, d| {
            let v = need(k, v)?;
            d.exit = v
                .parse()
                .map_err(|_| format!("`exit={v}`: the exit code must be a whole number"))?;
            Ok(())
        },
        write: |d| (d.exit != 0).then(|| d.exit.to_string()),
    },
    Opt {
        name: "panic",
        values: "flag",
        default: "–",
        help: "the run must panic: same as `exit=101` plus a `panicked` message on stderr",
        read: |k, v, d| flag(k, v).map(|()| d.panic = true),
        write: |d| d.panic.then(String::new),
    },
    Opt {
        name: "compile",
        values: "`ok`, `warn`, `fail`",
        default: "`ok`",
        help: "`warn`: must compile *with* a warning; `fail`: must *fail* to compile (the page shows the real diagnostic instead of output). An `ok` example that emits a warning fails its claim.",
        read: |k, v, d| one_of(k, v, COMPILE).map(|x| d.compile = x),
        write: |d| chosen(COMPILE, &d.compile),
    },
    Opt {
        name: "code",
        values: "a diagnostic code or lint name",
        default: "–",
        help: "with `compile=warn`/`fail`: this code must be among the diagnostics, e.g. `E0728`, `unused_must_use`",
        read: |k, v, d| need(k, v).map(|v| d.code = Some(v.to_string())),
        write: |d| d.code.as_deref().map(quoted),
    },
    Opt {
        name: "timeline",
        values: "`auto`, `show`, `hide`",
        default: "`auto`",
        help: "draw the timeline of the run (`auto`: when there are at least two lines and the run took ≥ 20 ms)",
        read: |k, v, d| one_of(k, v, TIMELINE).map(|x| d.timeline = x),
        write: |d| chosen(TIMELINE, &d.timeline),
    },
    Opt {
        name: "lanes",
        values: "regex with one group",
        default: "`^\\[([^\\]\"',]+)\\]`",
        help: "which part of a line names its lane in the timeline; a line that does not match goes to the `main` lane",
        read: |k, v, d| pattern(k, v).map(|p| d.lanes = Some(p)),
        write: |d| d.lanes.as_ref().map(|l| quoted(l.as_str())),
    },
    Opt {
        name: "exclusive",
        values: "flag",
        default: "–",
        help: "CPU-bound example: run it alone, so that its timing is not distorted by other runs",
        read: |k, v, d| flag(k, v).map(|()| d.exclusive = true),
        write: |d| d.exclusive.then(String::new),
    },
    Opt {
        name: "cores",
        values: "integer ≥ 1",
        default: "–",
        help: "the timing claims of this reference (`total=`, every `@` time and the bounds of the `headline=` values, which are still shown) need at least this many cores; on a run with fewer, they are not checked (everything else is) and the page says so, see below",
        read: |k, v, d| parse_cores(need(k, v)?).map(|n| d.cores = Some(n)),
        write: |d| d.cores.map(|n| n.to_string()),
    },
    Opt {
        name: "diff",
        values: "an example name",
        default: "–",
        help: "show the source as its difference from that example (a variant: a fix, a predict twin): changed lines highlighted, long unchanged runs folded, see below. The run, output and claims are this example's, as without it. Not with `source=hide`",
        read: |k, v, d| need(k, v).map(|v| d.diff = Some(v.to_string())),
        write: |d| d.diff.clone(),
    },
    Opt {
        name: "solution",
        values: "flag",
        default: "–",
        help: "fold the source and output into a closed *Show a solution (try first)* `<details>` (for *Redo from memory*)",
        read: |k, v, d| flag(k, v).map(|()| d.solution = true),
        write: |d| d.solution.then(String::new),
    },
    Opt {
        name: "reads",
        values: "paths, comma-separated",
        default: "–",
        help: "files (or folders) of the examples package the example reads **when it runs** (`reads=data/words.txt`), relative to the package: they go into its cache key, so editing one reruns it, see [Cache](#cache)",
        read: |k, v, d| {
            let paths = need(k, v)?.split(',').map(str::trim);
            d.reads
                .extend(paths.filter(|p| !p.is_empty()).map(str::to_string));
            Ok(())
        },
        write: |d| (!d.reads.is_empty()).then(|| quoted(&d.reads.join(","))),
    },
];

const SOURCE: &[(&str, SourceView)] = &[("show", SourceView::Show), ("hide", SourceView::Hide)];
const OUTPUT: &[(&str, OutputView)] = &[
    ("show", OutputView::Show),
    ("reveal", OutputView::Reveal),
    ("hide", OutputView::Hide),
];
const ORDER: &[(&str, bool)] = &[("exact", false), ("any", true)];
const COMPILE: &[(&str, CompileClaim)] = &[
    ("ok", CompileClaim::Ok),
    ("warn", CompileClaim::Warn),
    ("fail", CompileClaim::Fail),
];
const TIMELINE: &[(&str, TimelineView)] = &[
    ("auto", TimelineView::Auto),
    ("show", TimelineView::Show),
    ("hide", TimelineView::Hide),
];

/// The options a directive accepts: its own, then the figure's.
pub const OPTIONS: [&str; TABLE.len() + figure::TABLE.len()] = options::names(TABLE, figure::TABLE);

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
            ..Directive::default()
        };
        for word in words {
            match word.split_once('=') {
                Some((key, value)) => d.apply(key, Some(value))?,
                None => d.apply(&word, None)?,
            }
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

    /// The lane pattern, compiled: `lanes=`, or the default.
    pub fn lane_regex(&self) -> &regex::Regex {
        LanePattern::or_default(self.lanes.as_ref())
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

    /// Read one `key=value` (or bare `key`) with the tables.
    fn apply(&mut self, key: &str, value: Option<&str>) -> Result<(), String> {
        if let Some(result) = options::read(TABLE, key, value, self) {
            return result;
        }
        (self.figure.read(key, value)).unwrap_or_else(|| Err(options::unknown(key, "", &OPTIONS)))
    }
}

impl std::fmt::Display for Directive {
    /// The directive written back as the words between `{{#example` and
    /// `}}`: its name, then every option that differs from its default.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut words = vec![self.name.clone()];
        words.extend(options::words(TABLE, self));
        words.extend(self.figure.words());
        f.write_str(&words.join(" "))
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
        assert_eq!(d.lanes.as_ref().map(LanePattern::as_str), Some("^(\\w+):"));
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
