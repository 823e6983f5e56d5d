//! The `{{#compare A B … labels="a|b" from=first-line lanes=REGEX events=REGEX}}`
//! directive: two or more examples drawn in one figure on one time axis, so
//! that the difference between their real runs is what a reader sees. It
//! claims nothing itself; the examples' own references do.

use crate::finding::directive::{is_name, split_words};
use crate::finding::figure::{self, Figure};
use crate::finding::lanes::LanePattern;
use crate::finding::options::{self, Opt, chosen, need, one_of, pattern, quoted};

/// Where each run's clock starts in the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// At the start of the program (the default).
    #[default]
    Start,
    /// At the run's first printed line: for runs whose start-up differs
    /// (an interpreter against a compiled program).
    FirstLine,
}

/// One parsed `{{#compare}}` directive.
#[derive(Debug, Clone, PartialEq)]
pub struct Compare {
    /// The examples, in the order of the figure's rows.
    pub names: Vec<String>,
    /// One label per example (the names when not given).
    pub labels: Vec<String>,
    pub origin: Origin,
    pub lanes: Option<LanePattern>,
    /// Events, marks, bands, drops and the headline (see
    /// [`crate::finding::figure`]); a headline's `A.`, `B.` … are the
    /// examples in order.
    pub figure: Figure,
}

/// The options of `{{#compare}}`; the figure's ([`figure::TABLE`]) follow
/// them.
pub const TABLE: &[Opt<Compare>] = &[
    Opt {
        name: "labels",
        values: "`\"a\\|b\"`",
        default: "the names",
        help: "one label per example, in order",
        read: |k, v, c| {
            let value = need(k, v)?;
            let labels: Vec<String> = value.split('|').map(|l| l.trim().to_string()).collect();
            if labels.len() != c.names.len() || labels.iter().any(String::is_empty) {
                return Err(format!(
                    "`labels` needs {} non-empty labels separated by `|`, one per example (got `{value}`)",
                    c.names.len()
                ));
            }
            c.labels = labels;
            Ok(())
        },
        write: |c| (c.labels != c.names).then(|| quoted(&c.labels.join("|"))),
    },
    Opt {
        name: "from",
        values: "`start`, `first-line`",
        default: "`start`",
        help: "`first-line`: each run's clock starts at its first printed line (for an interpreter next to a compiled program: Python's start-up would otherwise dominate); traced runs are then drawn without their trace",
        read: |k, v, c| one_of(k, v, ORIGIN).map(|o| c.origin = o),
        write: |c| chosen(ORIGIN, &c.origin),
    },
    Opt {
        name: "lanes",
        values: "regex with one group",
        default: "as for `{{#example}}`",
        help: "the lane pattern, as for `{{#example}}`",
        read: |k, v, c| pattern(k, v).map(|p| c.lanes = Some(p)),
        write: |c| c.lanes.as_ref().map(|l| quoted(l.as_str())),
    },
];

const ORIGIN: &[(&str, Origin)] = &[("start", Origin::Start), ("first-line", Origin::FirstLine)];

/// The options `{{#compare}}` accepts: its own, then the figure's.
pub const OPTIONS: [&str; TABLE.len() + figure::TABLE.len()] = options::names(TABLE, figure::TABLE);

/// At most this many runs in one figure.
const MAX_RUNS: usize = 6;

impl Compare {
    /// Parse the text between `{{#compare` and `}}`.
    pub fn parse(inner: &str) -> Result<Compare, String> {
        let words = split_words(inner)?;
        let split = words
            .iter()
            .position(|w| w.contains('='))
            .unwrap_or(words.len());
        let (names, options) = words.split_at(split);
        if names.len() < 2 || names.len() > MAX_RUNS {
            return Err(format!(
                "`{{{{#compare}}}}` names 2 to {MAX_RUNS} examples, then its options: \
                 `{{{{#compare first second labels=\"a|b\"}}}}` (got {} name(s))",
                names.len()
            ));
        }
        if let Some(bad) = names.iter().find(|n| !is_name(n)) {
            return Err(format!(
                "`{bad}` is not an example name (letters, digits, `_` and `-`)"
            ));
        }
        let mut c = Compare {
            names: names.to_vec(),
            labels: names.to_vec(),
            origin: Origin::Start,
            lanes: None,
            figure: Figure::default(),
        };
        for word in options {
            let (key, value) = word.split_once('=').unwrap_or((word.as_str(), ""));
            c.apply(key, value)?;
        }
        if let Some(h) = &c.figure.headline
            && let Some(&run) = h.runs().iter().find(|&&r| r >= c.names.len())
        {
            return Err(format!(
                "option `headline`: run `{}.` is not one of the {} compared examples (A. is `{}`)",
                char::from(b'A' + run as u8),
                c.names.len(),
                c.names[0]
            ));
        }
        Ok(c)
    }

    /// The lane pattern, compiled: `lanes=`, or the default.
    pub fn lane_regex(&self) -> &regex::Regex {
        LanePattern::or_default(self.lanes.as_ref())
    }

    /// Read one `key=value` with the tables (a word without `=` after the
    /// first option is read as `key=`).
    fn apply(&mut self, key: &str, value: &str) -> Result<(), String> {
        let value = Some(value);
        if let Some(result) = options::read(TABLE, key, value, self) {
            return result;
        }
        (self.figure.read(key, value))
            .unwrap_or_else(|| Err(options::unknown(key, " of `{{#compare}}`", &OPTIONS)))
    }
}

impl std::fmt::Display for Compare {
    /// The directive written back as the words between `{{#compare` and
    /// `}}`: its names, then every option that differs from its default.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut words = self.names.clone();
        words.extend(options::words(TABLE, self));
        words.extend(self.figure.words());
        f.write_str(&words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn parsing_never_panics_and_keeps_one_label_per_name(
            words in prop::collection::vec(
                prop_oneof![
                    "[a-z_]{1,8}",
                    "(labels|from|lanes|events|axis|labls)=\"?[a-z|()\\[\\]^ .-]{0,12}\"?",
                    "(from=first-line|from=start|axis=order|mark=\"x @ +1s\")",
                    any::<String>(),
                ],
                0..8,
            )
        ) {
            if let Ok(c) = Compare::parse(&words.join(" ")) {
                prop_assert_eq!(c.labels.len(), c.names.len());
                prop_assert!((2..=MAX_RUNS).contains(&c.names.len()));
                let again = Compare::parse(&c.to_string());
                prop_assert_eq!(again.as_ref(), Ok(&c), "{}", c);
            }
        }
    }

    #[test]
    fn names_then_options() {
        let c = Compare::parse(" seq joined labels=\"sequential | joined\" from=first-line")
            .expect("parse");
        assert_eq!(c.names, ["seq", "joined"]);
        assert_eq!(c.labels, ["sequential", "joined"]);
        assert_eq!(c.origin, Origin::FirstLine);
        let plain = Compare::parse("a b c").expect("parse");
        assert_eq!(plain.labels, ["a", "b", "c"]);
        assert_eq!(plain.origin, Origin::Start);
    }

    #[test]
    fn mistakes_are_explained() {
        let err = |s: &str| Compare::parse(s).expect_err(s);
        assert!(err("only").contains("2 to 6"));
        assert!(err("a b labels=x").contains("2 non-empty labels"));
        assert!(err("a b labls=x|y").contains("did you mean `labels`"));
        assert!(err("a b from=end").contains("start, first-line"));
        assert!(err("a b lanes=\"[x\"").contains("lanes"));
        assert!(err("a b events=abort").contains("capture group"));
        let e = Compare::parse("a b events=\"(abort|drop)[(]\"").expect("events");
        assert_eq!(
            e.figure.events.as_ref().map(LanePattern::as_str),
            Some("(abort|drop)[(]")
        );
        assert!(err("a b headline=\"{C.total ~1s}\"").contains("run `C.`"));
        let h = Compare::parse("a b headline=\"{B.total ~1s} for b\" mark=\"x @ +1s\"")
            .expect("headline");
        assert!(h.figure.headline.is_some() && h.figure.notes.len() == 1);
        assert!(err("a b/c").contains("not an example name"));
    }
}
