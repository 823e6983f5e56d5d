//! The `{{#compare A B … labels="a|b" from=first-line lanes=REGEX events=REGEX}}`
//! directive: two or more examples drawn in one figure on one time axis, so
//! that the difference between their real runs is what a reader sees. It
//! claims nothing itself; the examples' own references do.

use crate::finding::directive::{is_name, split_words};
use crate::finding::figure::{self, Figure};

/// Where each run's clock starts in the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// At the start of the program (the default).
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
    pub lanes: Option<String>,
    /// Events, marks, bands, drops and the headline (see
    /// [`crate::finding::figure`]); a headline's `A.`, `B.` … are the
    /// examples in order.
    pub figure: Figure,
}

/// The options `{{#compare}}` accepts.
pub const OPTIONS: &[&str] = &[
    "labels", "from", "lanes", "events", "mark", "band", "busy", "drop", "headline", "axis",
    "chart",
];

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

    fn apply(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "labels" => {
                let labels: Vec<String> = value.split('|').map(|l| l.trim().to_string()).collect();
                if labels.len() != self.names.len() || labels.iter().any(String::is_empty) {
                    return Err(format!(
                        "`labels` needs {} non-empty labels separated by `|`, one per example (got `{value}`)",
                        self.names.len()
                    ));
                }
                self.labels = labels;
            }
            "from" => {
                self.origin = match value {
                    "start" => Origin::Start,
                    "first-line" => Origin::FirstLine,
                    v => {
                        return Err(format!(
                            "`from={v}` is not valid: use one of start, first-line"
                        ));
                    }
                }
            }
            "lanes" => {
                crate::finding::lanes::lane_regex(value)
                    .map_err(|e| format!("option `lanes`: {e}"))?;
                self.lanes = Some(value.to_string());
            }
            other if figure::OPTIONS.contains(&other) => {
                if let Some(result) = self.figure.apply(other, value) {
                    result?;
                }
            }
            other => {
                let mut msg = format!("unknown option `{other}` of `{{{{#compare}}}}`");
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
                    "(labels|from|lanes|events|labls)=\"?[a-z|()\\[\\]^ .-]{0,12}\"?",
                    any::<String>(),
                ],
                0..8,
            )
        ) {
            if let Ok(c) = Compare::parse(&words.join(" ")) {
                prop_assert_eq!(c.labels.len(), c.names.len());
                prop_assert!((2..=MAX_RUNS).contains(&c.names.len()));
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
        assert_eq!(e.figure.events.as_deref(), Some("(abort|drop)[(]"));
        assert!(err("a b headline=\"{C.total ~1s}\"").contains("run `C.`"));
        let h = Compare::parse("a b headline=\"{B.total ~1s} for b\" mark=\"x @ +1s\"")
            .expect("headline");
        assert!(h.figure.headline.is_some() && h.figure.notes.len() == 1);
        assert!(err("a b/c").contains("not an example name"));
    }
}
