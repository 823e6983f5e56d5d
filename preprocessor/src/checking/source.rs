//! What a reference shows of its example's source, read once and checked:
//! the example's main file, and with `source=show` the lines it shows (the
//! whole file, or the `anchor=` region between `// ANCHOR: name` and
//! `// ANCHOR_END: name`, with the language's comment marker); with
//! `diff=OTHER`, the same region of OTHER too. What cannot be shown (no such
//! file, anchor or example, another language) is a failure of the reference;
//! rendering the lines is [`crate::render`]'s.

use crate::checking::claims::{Failure, Fault};
use crate::finding::directive::{Directive, SourceView};
use crate::package::catalog::{Catalog, Example};

/// The source of one reference's example, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The example's main file (for the runtime's label and the playground).
    pub text: String,
    /// What the reference shows of it; `None` with `source=hide`, or when
    /// it cannot be shown (the failure says why).
    pub shown: Option<Shown>,
}

/// The lines a reference shows, as they are in the files (anchor lines of
/// other regions, `hide` marks and indentation still in them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// The whole file, or its `anchor=` region.
    Lines(Vec<String>),
    /// `diff=BASE`: the same region of BASE and of this example.
    Diff {
        base: String,
        before: Vec<String>,
        this: Vec<String>,
    },
}

/// Read the source of `d`'s example once and find what `d` shows of it:
/// the source (`None` when it cannot be read) and the failure of what it
/// asks to show, if any.
pub fn check(
    d: &Directive,
    example: &Example,
    catalog: &Catalog,
) -> (Option<Source>, Option<Failure>) {
    let text = match std::fs::read_to_string(&example.main_file) {
        Ok(text) => text,
        Err(e) => {
            let message = format!("cannot read {}: {e}", example.main_file.display());
            return (None, Some(Failure::new(Fault::Source, message)));
        }
    };
    let shown = match d.source {
        SourceView::Show => Some(shown(d, &text, example, catalog)),
        SourceView::Hide => None,
    };
    let (shown, failure) = match shown {
        Some(Ok(lines)) => (Some(lines), None),
        Some(Err(failure)) => (None, Some(failure)),
        None => (None, None),
    };
    (Some(Source { text, shown }), failure)
}

/// The lines `d` shows of `text`, or with `diff=OTHER` of both examples.
fn shown(
    d: &Directive,
    text: &str,
    example: &Example,
    catalog: &Catalog,
) -> Result<Shown, Failure> {
    let anchor = d.anchor.as_deref();
    let anchor_failure = |message| Failure::new(Fault::Anchor, message);
    let comment = example.language.comment();
    let Some(base_name) = &d.diff else {
        return region(text, anchor, comment)
            .map(Shown::Lines)
            .map_err(anchor_failure);
    };
    let diff_failure =
        |message: String| Failure::new(Fault::Diff, format!("`diff={base_name}`: {message}"));
    let base = catalog
        .examples
        .get(base_name)
        .ok_or_else(|| diff_failure(unknown_base(base_name, catalog)))?;
    if base.language.name() != example.language.name() {
        return Err(diff_failure(format!(
            "`{base_name}` is in another language than `{}`: compare examples of one language",
            d.name
        )));
    }
    let base_text = std::fs::read_to_string(&base.main_file)
        .map_err(|e| diff_failure(format!("cannot read {}: {e}", base.main_file.display())))?;
    let this = region(text, anchor, comment).map_err(anchor_failure)?;
    let before = region(&base_text, anchor, base.language.comment()).map_err(|m| {
        diff_failure(format!(
            "{m} of `{base_name}` (the difference compares the same region of both examples)"
        ))
    })?;
    Ok(Shown::Diff {
        base: base_name.clone(),
        before,
        this,
    })
}

/// No example named `name`, with the closest name.
fn unknown_base(name: &str, catalog: &Catalog) -> String {
    let mut message = format!(
        "no example named `{name}` in {}",
        catalog.package_dir.display()
    );
    if let Some(close) = crate::util::suggest::closest(name, catalog.names()) {
        message.push_str(&format!(" (did you mean `{close}`?)"));
    }
    message.push_str("; name the example this one varies");
    message
}

/// The lines of `source` shown for `anchor`: all of them without one, else
/// those between the anchor's start and end lines (`comment` is the
/// language's comment marker).
pub fn region(source: &str, anchor: Option<&str>, comment: &str) -> Result<Vec<String>, String> {
    let Some(anchor) = anchor else {
        return Ok(source.lines().map(str::to_string).collect());
    };
    let start = format!("{comment} ANCHOR: {anchor}");
    let end = format!("{comment} ANCHOR_END: {anchor}");
    let mut lines = source.lines();
    if !lines.by_ref().any(|l| l.trim() == start) {
        return Err(format!("no `{start}` line in the example's source"));
    }
    let mut out = Vec::new();
    for l in lines {
        if l.trim() == end {
            return Ok(out);
        }
        out.push(l.to_string());
    }
    Err(format!("`{start}` has no matching `{end}`"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::languages::{Language, python::Python, rust::Rust};
    use std::collections::BTreeMap;
    use std::path::Path;
    use std::sync::Arc;

    const SRC: &str = "use x;\n// ANCHOR: main\nfn main() {\n    // ANCHOR: inner\n    let a = 1;\n    // ANCHOR_END: inner\n}\n// ANCHOR_END: main\n";

    /// A catalog of the examples `(name, language, source)`, their files in `dir`.
    fn catalog(dir: &Path, examples: &[(&str, Arc<dyn Language>, &str)]) -> Catalog {
        let examples = (examples.iter())
            .map(|(name, language, source)| {
                let main_file = dir.join(format!("{name}.txt"));
                std::fs::write(&main_file, source).expect("writes");
                let example = Example {
                    name: name.to_string(),
                    language: Arc::clone(language),
                    main_file: main_file.clone(),
                    own_files: vec![main_file],
                    required_features: Vec::new(),
                };
                (name.to_string(), example)
            })
            .collect::<BTreeMap<_, _>>();
        Catalog {
            package_dir: dir.to_path_buf(),
            languages: vec![Arc::new(Rust), Arc::new(Python)],
            examples,
            shared_files: Vec::new(),
        }
    }

    fn check_of(directive: &str, catalog: &Catalog) -> (Option<Source>, Option<Failure>) {
        let d = Directive::parse(directive).expect("parses");
        check(&d, &catalog.examples[&d.name], catalog)
    }

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn regions_are_found_between_their_anchor_lines() {
        assert_eq!(region(SRC, None, "//"), Ok(lines(SRC)));
        assert_eq!(
            region(SRC, Some("inner"), "//"),
            Ok(lines("    let a = 1;"))
        );
        assert_eq!(
            region(SRC, Some("main"), "//").map(|l| l.len()),
            Ok(5),
            "nested anchor lines stay: rendering removes them"
        );
        let missing = region(SRC, Some("nope"), "//").unwrap_err();
        assert_eq!(missing, "no `// ANCHOR: nope` line in the example's source");
        let open = region("// ANCHOR: a\nx\n", Some("a"), "//").unwrap_err();
        assert!(open.contains("no matching `// ANCHOR_END: a`"), "{open}");
        assert!(
            region(SRC, Some("inner"), "#").is_err(),
            "the language's marker"
        );
    }

    #[test]
    fn the_source_is_read_once_and_its_region_checked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let books = catalog(dir.path(), &[("a", Arc::new(Rust), SRC)]);
        let (source, failure) = check_of("a anchor=inner", &books);
        assert!(failure.is_none(), "{failure:?}");
        let source = source.expect("read");
        assert_eq!(source.text, SRC);
        assert_eq!(source.shown, Some(Shown::Lines(lines("    let a = 1;"))));

        let (source, failure) = check_of("a anchor=nope", &books);
        let failure = failure.expect("fails");
        assert_eq!(failure.cause, Fault::Anchor);
        let source = source.expect("still read: the output is shown");
        assert_eq!((source.text.as_str(), source.shown), (SRC, None));

        let (source, failure) = check_of("a source=hide anchor=nope", &books);
        assert!(failure.is_none(), "{failure:?}");
        assert_eq!(source.expect("read").shown, None);
    }

    #[test]
    fn an_unreadable_source_is_a_failure() {
        let dir = tempfile::tempdir().expect("tempdir");
        let books = catalog(dir.path(), &[("a", Arc::new(Rust), SRC)]);
        std::fs::remove_file(&books.examples["a"].main_file).expect("removes");
        let (source, failure) = check_of("a source=hide", &books);
        let failure = failure.expect("fails");
        assert!(source.is_none());
        assert_eq!(failure.cause, Fault::Source);
        assert!(failure.message.starts_with("cannot read "), "{failure:?}");
    }

    #[test]
    fn a_difference_compares_the_same_region_of_both() {
        let dir = tempfile::tempdir().expect("tempdir");
        let base = SRC.replace("let a = 1", "let a = 0");
        let books = catalog(
            dir.path(),
            &[
                ("a", Arc::new(Rust), SRC),
                ("base", Arc::new(Rust), &base),
                ("py", Arc::new(Python), "print(1)\n"),
                ("short", Arc::new(Rust), "fn main() {}\n"),
            ],
        );
        let (source, failure) = check_of("a diff=base anchor=inner", &books);
        assert!(failure.is_none(), "{failure:?}");
        let diff = Shown::Diff {
            base: "base".into(),
            before: lines("    let a = 0;"),
            this: lines("    let a = 1;"),
        };
        assert_eq!(source.expect("read").shown, Some(diff));

        let failed = |directive: &str| {
            let (source, failure) = check_of(directive, &books);
            assert!(source.is_some_and(|s| s.shown.is_none()), "{directive}");
            let failure = failure.expect("fails");
            (failure.cause, failure.message)
        };
        let (claim, message) = failed("a diff=bse");
        assert_eq!(claim, Fault::Diff);
        assert!(
            message.starts_with("`diff=bse`: no example named `bse`"),
            "{message}"
        );
        assert!(message.contains("(did you mean `base`?)"), "{message}");
        let (claim, message) = failed("a diff=py");
        assert_eq!(claim, Fault::Diff);
        assert!(
            message.contains("in another language than `a`"),
            "{message}"
        );
        let (claim, message) = failed("a diff=short anchor=inner");
        assert_eq!(claim, Fault::Diff);
        assert!(message.contains("of `short` (the difference"), "{message}");
        let (claim, _) = failed("short diff=a anchor=inner");
        assert_eq!(
            claim,
            Fault::Anchor,
            "its own region is its anchor's failure"
        );
    }
}
