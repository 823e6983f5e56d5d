//! What one example produced: its compiler diagnostics and its run, or why
//! it could not be run. What the cache stores and the claims are checked against.

use crate::running::build::{Diagnostic, Level};
use crate::running::process::RunOutcome;
use serde::{Deserialize, Serialize};

/// Bump when the format of [`Record`] or of the entry files changes, or when
/// what an entry holds would be cleaned differently now (4: diagnostics keep
/// cargo's ANSI rendering; 5: output lines show invisible format characters
/// as markers, so an entry with raw ones is never served).
pub const FORMAT: u32 = 5;
/// What one example produced: its compiler diagnostics and, if it compiled, its run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub format: u32,
    pub diagnostics: Vec<Diagnostic>,
    pub run: Option<RunOutcome>,
    /// Cores of the machine the example ran on.
    pub cores: usize,
    /// Why this tool could not run the example (it was built, or needs no
    /// build): such a record is never cached, the problem may be gone next time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_run: Option<NotRun>,
}

/// This tool could not run an example: not the example's fault, nor the
/// compiler's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotRun {
    /// What failed and what to do, for the chapter's author.
    pub reason: String,
}

impl std::fmt::Display for NotRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not run the example: {}", self.reason)
    }
}

impl Record {
    pub fn new(diagnostics: Vec<Diagnostic>, run: Option<RunOutcome>) -> Record {
        let cores = crate::util::proc::available_cores();
        Record {
            format: FORMAT,
            diagnostics,
            run,
            cores,
            not_run: None,
        }
    }

    /// A record of an example this tool could not run, with the compiler's
    /// `diagnostics` if it was built.
    pub fn not_run(diagnostics: Vec<Diagnostic>, reason: String) -> Record {
        Record {
            not_run: Some(NotRun { reason }),
            ..Record::new(diagnostics, None)
        }
    }
}

impl Record {
    /// Whether the record says something true about the example itself: it
    /// ran, or the compiler rejected it. A record without either (cargo
    /// failed before compiling it, or this tool could not start it) may be
    /// different next time and is never cached.
    pub fn is_conclusive(&self) -> bool {
        self.not_run.is_none()
            && (self.run.is_some() || self.diagnostics.iter().any(|d| d.level == Level::Error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_conclusive_records_are_worth_keeping() {
        let diag = |level: &str| crate::running::build::Diagnostic {
            level: level.into(),
            code: None,
            rendered: String::new(),
            ansi: None,
        };
        assert!(
            !Record::new(vec![], None).is_conclusive(),
            "not built, no reason given"
        );
        assert!(
            Record::new(vec![diag("error")], None).is_conclusive(),
            "the compiler said no"
        );
        assert!(!Record::not_run(vec![diag("warning")], "no python3".into()).is_conclusive());
    }

    #[test]
    fn levels_are_written_as_cargo_writes_them() {
        let diags = ["error", "warning", "failure-note"].map(|level| Diagnostic {
            level: level.into(),
            code: None,
            rendered: String::new(),
            ansi: None,
        });
        assert_eq!(diags[0].level, Level::Error);
        let record = Record::new(diags.to_vec(), None);
        let json = serde_json::to_string(&record).expect("json");
        assert!(json.contains(r#""level":"error""#) && json.contains(r#""level":"failure-note""#));
        let back: Record = serde_json::from_str(&json).expect("read back");
        assert_eq!(back, record);
    }
}
