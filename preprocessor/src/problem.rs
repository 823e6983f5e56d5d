//! Problems found during a build: each at one place of the book, collected
//! and reported together (warnings, or with `on-failure = "bail"` one error
//! listing them all). Every stage may find one, so this module sits under
//! all of them.

use serde::Serialize;
use std::fmt;

/// Something wrong at one place of the book.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// `src/chapter.md:12`, or the book when no chapter applies.
    pub location: String,
    /// The example, when one is concerned.
    pub example: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.example {
            Some(e) => write!(f, "{}: example `{e}`: {}", self.location, self.message),
            None => write!(f, "{}: {}", self.location, self.message),
        }
    }
}

/// All problems of a build, as one error.
#[derive(Debug)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} problem(s) with the book's examples:", self.0.len())?;
        for (i, p) in self.0.iter().enumerate() {
            writeln!(f, "\n{}. {}", i + 1, indent_rest(&p.to_string()))?;
        }
        write!(
            f,
            "\nFix the example or the chapter; if the new output is right, update the `expected` block \
             (MDBOOK_EXAMPLES_BLESS=1 rewrites failing blocks from the real run)."
        )
    }
}

impl std::error::Error for Problems {}

fn indent_rest(text: &str) -> String {
    text.lines().collect::<Vec<_>>().join("\n   ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_problem_with_location() {
        let p = Problems(vec![
            Problem {
                location: "src/a.md:3".into(),
                example: Some("x".into()),
                message: "boom\ndetail".into(),
            },
            Problem {
                location: "src/b.md:9".into(),
                example: None,
                message: "bad".into(),
            },
        ]);
        let text = p.to_string();
        assert!(text.contains("2 problem(s)"));
        assert!(text.contains("1. src/a.md:3: example `x`: boom\n   detail"));
        assert!(text.contains("2. src/b.md:9: bad"));
    }
}
