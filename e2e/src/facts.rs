//! What the browser test learns about each chapter page as it opens it
//! (`checks/page_facts.js`), and keeps in the record of a passing run
//! (`unchanged.rs`): the checks and the record both read it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What `page_facts.js` reports about one page (kept in the record of a
/// passing run, see `unchanged.rs`).
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PageFacts {
    pub figures: usize,
    pub outputs: usize,
    pub timelines: usize,
    pub reveals: usize,
    pub lines: usize,
    /// Traced futures dropped unfinished (column-wide drawings), and how
    /// many of them have their ✕ at the drop.
    pub dropped: usize,
    pub crossed: usize,
    pub problems: Vec<String>,
    /// Output tokens (lower case, `[a-z0-9_]`, 4 or more) and their search stems.
    pub out_words: BTreeMap<String, String>,
    /// Every other word on the page, and their stems.
    pub rest_words: Vec<String>,
    pub rest_stems: Vec<String>,
    pub has_lunr: bool,
    /// The Run buttons, for `playground`.
    pub buttons: Buttons,
}

/// Where the Run buttons are on one page (`page_facts.js`).
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Buttons {
    /// Figures with a program (`script.mdbx-program`).
    pub programs: usize,
    /// Figures with a run button.
    pub bars: usize,
    /// Figures with a button but no program, or a program but no button.
    pub mismatched: Vec<String>,
    /// Python figures with neither a button nor a note saying why not.
    pub python: Vec<String>,
    /// Figures that say they run only locally.
    pub local_only: usize,
}

/// A chapter page (its path from the book root) and its facts.
#[derive(Debug, Clone)]
pub struct Page {
    pub path: String,
    pub facts: PageFacts,
}
