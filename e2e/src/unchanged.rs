//! Which chapter pages are unchanged since the last run in which every
//! check passed, so that the checks look at the others only.
//!
//! A chapter page's inputs are its own HTML and a `base` every page shares:
//! the e2e program itself (any change to a check reruns everything),
//! axe-core, the browser's version, `toc.html`, and every file of the book
//! that is not HTML, except the search index. The search index
//! (`searchindex-<hash>.js` and `.json`) changes whenever any page does, and
//! every page and mdBook's `searcher-<hash>.js` name it: the file is left
//! out of the base, its name out of every hash, and the checks that read it
//! (`search`, `print`) run whenever any page changed.
//!
//! After a run in which every check passed, the record (the base, and per
//! chapter page its hash and the facts `outputs` found) is written to the
//! `--passed` file. The next run takes an unchanged page's facts from it
//! instead of opening the page. A record that is missing, unreadable, of
//! another version or of another base means: check everything.

use crate::facts::{Page, PageFacts};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The record's format; a record of another one is not used.
const VERSION: u32 = 1;

/// What every page depends on, each part hashed (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Base {
    /// The e2e executable's bytes.
    pub exe: String,
    /// axe-core's script (`missing` when it is not there: the `axe` check
    /// then fails, so no record is written).
    pub axe: String,
    /// The browser's version string.
    pub browser: String,
    /// `toc.html` and every non-HTML file of the book but the search index,
    /// by path from the book's root.
    pub files: BTreeMap<String, String>,
}

impl Base {
    /// Read the inputs every page shares.
    pub fn read(book: &Path, exe: &Path, axe: &Path, browser: &str) -> Result<Self> {
        let exe = std::fs::read(exe)
            .with_context(|| format!("reading the e2e program {}", exe.display()))?;
        let axe = std::fs::read(axe).map_or_else(|_| "missing".to_string(), |b| hex(&b));
        Ok(Self {
            exe: hex(&exe),
            axe,
            browser: browser.to_string(),
            files: book_files(book)?,
        })
    }

    /// One hash over all the parts.
    pub fn hash(&self) -> String {
        let mut h = blake3::Hasher::new();
        for (label, value) in [
            ("exe", &self.exe),
            ("axe", &self.axe),
            ("browser", &self.browser),
        ] {
            feed(&mut h, label, value.as_bytes());
        }
        for (path, hash) in &self.files {
            feed(&mut h, path, hash.as_bytes());
        }
        h.finalize().to_hex().to_string()
    }

    /// What differs from `old`, for a person: at most a few names.
    fn differences(&self, old: &Base) -> String {
        let mut changed = Vec::new();
        if self.exe != old.exe {
            changed.push("the e2e program".to_string());
        }
        if self.axe != old.axe {
            changed.push("axe-core".to_string());
        }
        if self.browser != old.browser {
            changed.push(format!("the browser ({} → {})", old.browser, self.browser));
        }
        let mut files: Vec<&String> = self
            .files
            .iter()
            .filter(|(p, h)| old.files.get(*p) != Some(h))
            .map(|(p, _)| p)
            .chain(old.files.keys().filter(|p| !self.files.contains_key(*p)))
            .collect();
        files.sort();
        files.dedup();
        const NAMED: usize = 3;
        for f in files.iter().take(NAMED) {
            changed.push(f.to_string());
        }
        if files.len() > NAMED {
            changed.push(format!("{} more file(s)", files.len() - NAMED));
        }
        changed.join(", ")
    }
}

/// `label` and `bytes`, each with its length first, so that no two inputs
/// feed the same stream.
fn feed(h: &mut blake3::Hasher, label: &str, bytes: &[u8]) {
    for part in [label.as_bytes(), bytes] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
}

fn hex(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// `name` is a search index file (`searchindex.js`, `searchindex-1a2b.json`…).
fn is_search_index(name: &str) -> bool {
    name.starts_with("searchindex") && (name.ends_with(".js") || name.ends_with(".json"))
}

/// `toc.html` and every non-HTML file under `book` but the search index,
/// with their hashes, by path from `book` (`/` between folders).
fn book_files(book: &Path) -> Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![PathBuf::new()];
    while let Some(rel) = folders.pop() {
        let dir = book.join(&rel);
        let entries =
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = rel.join(&name);
            let kind = entry.file_type()?;
            if kind.is_dir() {
                folders.push(path);
                continue;
            }
            let key = path.to_string_lossy().replace('\\', "/");
            let html = name.ends_with(".html") && key != "toc.html";
            if html || is_search_index(&name) {
                continue;
            }
            let full = book.join(&path);
            let bytes =
                std::fs::read(&full).with_context(|| format!("reading {}", full.display()))?;
            files.insert(key, content_hash(&bytes));
        }
    }
    Ok(files)
}

/// The hash of a page or another file of the book, with the search index's
/// file name (`searchindex-<hex>`) cut to `searchindex`, since that name
/// changes whenever any page changes.
pub fn content_hash(html: &[u8]) -> String {
    const NAME: &[u8] = b"searchindex-";
    let mut h = blake3::Hasher::new();
    let mut rest = html;
    while let Some(at) = rest.windows(NAME.len()).position(|w| w == NAME) {
        let (before, after) = rest.split_at(at + NAME.len() - 1);
        h.update(before);
        let digits = after[1..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        rest = &after[1 + digits..];
    }
    h.update(rest);
    h.finalize().to_hex().to_string()
}

/// One chapter page as recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Recorded {
    path: String,
    hash: String,
    facts: PageFacts,
}

/// What a passing run leaves for the next.
#[derive(Debug, Serialize, Deserialize)]
pub struct Record {
    version: u32,
    base: String,
    inputs: Base,
    /// In sidebar order.
    pages: Vec<Recorded>,
}

impl Record {
    /// The record at `file`, or why it cannot be used.
    fn load(file: &Path) -> std::result::Result<Self, String> {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(format!("no record of a passing run at {}", file.display()));
            }
            Err(e) => return Err(format!("{} is unreadable: {e}", file.display())),
        };
        let version = serde_json::from_str::<serde_json::Value>(&text)
            .map_err(|e| format!("{} is not JSON: {e}", file.display()))?["version"]
            .as_u64();
        if version != Some(u64::from(VERSION)) {
            return Err(format!(
                "{} is of another format ({}, this e2e writes {VERSION})",
                file.display(),
                version.map_or("none".to_string(), |v| v.to_string())
            ));
        }
        serde_json::from_str(&text).map_err(|e| format!("{} is corrupt: {e}", file.display()))
    }

    /// Write to `file` through a temporary file beside it, so that a
    /// reader never sees half a record.
    pub fn save(&self, file: &Path) -> Result<()> {
        let dir = match file.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".passed-")
            .tempfile_in(dir)
            .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
        tmp.write_all(&serde_json::to_vec(self)?)
            .with_context(|| format!("writing {}", tmp.path().display()))?;
        tmp.persist(file)
            .with_context(|| format!("writing {}", file.display()))?;
        Ok(())
    }
}

/// What this run knows from the last passing one.
#[derive(Debug)]
pub struct Memo {
    base: Base,
    /// The last passing run's record, when its base is this run's.
    old: Option<Record>,
    /// Where the record is read and written (`--passed`), if anywhere.
    file: Option<PathBuf>,
    /// Write the record after a passing run.
    writes: bool,
    /// Why every page is checked, when they all are.
    pub why_all: Option<String>,
}

impl Memo {
    /// `file`: the `--passed` record; `ignore`: why it is not read (`--all`),
    /// if it is not; `writes`: whether a passing run writes it.
    pub fn open(base: Base, file: Option<&Path>, ignore: Option<&str>, writes: bool) -> Self {
        let loaded = match (file, ignore) {
            (None, _) => Err("no --passed record given".to_string()),
            (Some(_), Some(why)) => Err(why.to_string()),
            (Some(f), None) => Record::load(f),
        };
        let (old, why_all) = match loaded {
            Ok(r) if r.base == base.hash() => (Some(r), None),
            Ok(r) => {
                let why = format!(
                    "changed since the last passing run: {}",
                    base.differences(&r.inputs)
                );
                (None, Some(why))
            }
            Err(why) => (None, Some(why)),
        };
        Self {
            file: file.map(Path::to_path_buf),
            writes: writes && file.is_some(),
            base,
            old,
            why_all,
        }
    }

    /// The record file, for messages.
    pub fn file(&self) -> String {
        self.file
            .as_deref()
            .map_or_else(String::new, |f| f.display().to_string())
    }

    /// Hash the chapter pages and find the unchanged ones.
    pub fn split(&self, book: &Path, chapters: &[String]) -> Split {
        let hashes: Vec<(String, String)> = chapters
            .iter()
            .map(|path| {
                // An unreadable page is changed: `outputs` opens it and says
                // what is wrong.
                let hash = std::fs::read(book.join(path))
                    .map_or_else(|_| String::new(), |html| content_hash(&html));
                (path.clone(), hash)
            })
            .collect();
        let unchanged = self
            .old
            .as_ref()
            .map(|r| unchanged(r, &hashes))
            .unwrap_or_default();
        Split { hashes, unchanged }
    }

    /// The record of this run, to be saved if every check passed (none when
    /// this run does not write one).
    pub fn record(&self, split: &Split, pages: &[Page]) -> Option<Record> {
        if !self.writes {
            return None;
        }
        let hashes: BTreeMap<&str, &str> = split
            .hashes
            .iter()
            .map(|(p, h)| (p.as_str(), h.as_str()))
            .collect();
        let pages = pages
            .iter()
            .map(|p| Recorded {
                path: p.path.clone(),
                hash: hashes.get(p.path.as_str()).unwrap_or(&"").to_string(),
                facts: p.facts.clone(),
            })
            .collect();
        Some(Record {
            version: VERSION,
            base: self.base.hash(),
            inputs: self.base.clone(),
            pages,
        })
    }

    /// Save `record` where `--passed` says.
    pub fn save(&self, record: &Record) -> Result<()> {
        match &self.file {
            Some(f) => record.save(f),
            None => Ok(()),
        }
    }
}

/// The facts of the pages whose hash is the recorded one (an unreadable
/// page, hash empty, never is).
fn unchanged(record: &Record, hashes: &[(String, String)]) -> BTreeMap<String, PageFacts> {
    let old: BTreeMap<&str, &Recorded> =
        record.pages.iter().map(|r| (r.path.as_str(), r)).collect();
    hashes
        .iter()
        .filter(|(_, h)| !h.is_empty())
        .filter_map(|(path, hash)| {
            let r = old.get(path.as_str())?;
            (r.hash == *hash).then(|| (path.clone(), r.facts.clone()))
        })
        .collect()
}

/// The chapter pages' hashes, and the facts of those unchanged.
#[derive(Debug, Default)]
pub struct Split {
    hashes: Vec<(String, String)>,
    pub unchanged: BTreeMap<String, PageFacts>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A book in `dir/book`, with the program and axe-core beside it.
    fn setup() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in [
            ("book/toc.html", "<ol class=\"chapter\"></ol>"),
            ("book/a.html", "<p>a</p>"),
            ("book/css/x.css", "p {}"),
            ("book/searcher-77.js", "load('searchindex-1a2b.js')"),
            ("book/searchindex-1a2b.js", "index"),
            ("book/searchindex.json", "{}"),
            ("e2e", "program"),
            ("axe.js", "axe"),
        ] {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn base_of(dir: &Path, browser: &str) -> String {
        let exe = dir.join("e2e");
        let axe = dir.join("axe.js");
        Base::read(&dir.join("book"), &exe, &axe, browser)
            .unwrap()
            .hash()
    }

    #[test]
    fn the_base_follows_the_shared_inputs_only() {
        let dir = setup();
        let root = dir.path();
        let first = base_of(root, "150.0");
        assert_eq!(base_of(root, "150.0"), first);
        // The search index and a page change with any page: not the base.
        std::fs::write(root.join("book/searchindex-1a2b.js"), "other").unwrap();
        std::fs::write(root.join("book/searchindex-9f9f.js"), "new").unwrap();
        std::fs::write(
            root.join("book/searcher-77.js"),
            "load('searchindex-9f9f.js')",
        )
        .unwrap();
        std::fs::write(root.join("book/a.html"), "<p>b</p>").unwrap();
        assert_eq!(base_of(root, "150.0"), first);
        assert_ne!(base_of(root, "151.0"), first);
        let changes: [(&str, &str); 4] = [
            ("e2e", "program 2"),
            ("axe.js", "axe 2"),
            ("book/toc.html", "<ol></ol>"),
            ("book/css/x.css", "p { color: red }"),
        ];
        let mut seen = vec![first];
        for (file, text) in changes {
            std::fs::write(root.join(file), text).unwrap();
            let now = base_of(root, "150.0");
            assert!(!seen.contains(&now), "{file} did not change the base");
            seen.push(now);
        }
        std::fs::write(root.join("book/css/new.js"), "x").unwrap();
        assert!(!seen.contains(&base_of(root, "150.0")));
    }

    #[test]
    fn a_content_hash_ignores_the_search_index_name() {
        let a =
            content_hash(br#"<script>window.path = "searchindex-da442763.js";</script><p>x</p>"#);
        let b =
            content_hash(br#"<script>window.path = "searchindex-0f0e0d0c.js";</script><p>x</p>"#);
        let c =
            content_hash(br#"<script>window.path = "searchindex-0f0e0d0c.js";</script><p>y</p>"#);
        assert_eq!(a, b);
        assert_ne!(b, c);
        assert_ne!(content_hash(b"searchindex-"), content_hash(b"other"));
    }

    fn facts(figures: usize) -> PageFacts {
        PageFacts {
            figures,
            out_words: [("flaky".to_string(), "flaki".to_string())].into(),
            ..PageFacts::default()
        }
    }

    fn base() -> Base {
        Base {
            exe: "e".into(),
            axe: "a".into(),
            browser: "150".into(),
            files: [("toc.html".to_string(), "t".to_string())].into(),
        }
    }

    /// A record of pages a, b, c as `save` writes it.
    fn recorded(dir: &Path) -> PathBuf {
        let memo = Memo::open(base(), Some(&dir.join("none.json")), None, true);
        let split = Split {
            hashes: ["a", "b", "c"]
                .map(|p| (format!("{p}.html"), p.to_string()))
                .to_vec(),
            unchanged: BTreeMap::new(),
        };
        let pages: Vec<Page> = ["a", "b", "c"]
            .iter()
            .enumerate()
            .map(|(i, p)| Page {
                path: format!("{p}.html"),
                facts: facts(i),
            })
            .collect();
        let file = dir.join("e2e/passed.json");
        Memo::open(base(), Some(&file), None, true)
            .save(&memo.record(&split, &pages).unwrap())
            .unwrap();
        file
    }

    #[test]
    fn the_record_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let file = recorded(dir.path());
        let memo = Memo::open(base(), Some(&file), None, true);
        assert_eq!(memo.why_all, None);
        let old = memo.old.as_ref().unwrap();
        assert_eq!(old.pages.len(), 3);
        assert_eq!(old.pages[2].facts.figures, 2);
        assert_eq!(old.pages[2].facts.out_words["flaky"], "flaki");
        assert_eq!(old.inputs, base());
        // Nothing but the record is left in the folder.
        let names: Vec<_> = std::fs::read_dir(dir.path().join("e2e"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["passed.json"]);
    }

    #[test]
    fn pages_are_sorted_into_changed_and_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let file = recorded(dir.path());
        let memo = Memo::open(base(), Some(&file), None, true);
        // b changed, d is new, c is gone, a is the same.
        let old = memo.old.as_ref().unwrap();
        let now = [("a.html", "a"), ("b.html", "b2"), ("d.html", "d")]
            .map(|(p, h)| (p.to_string(), h.to_string()));
        let same = unchanged(old, &now);
        assert_eq!(same.keys().collect::<Vec<_>>(), ["a.html"]);
        assert_eq!(same["a.html"].figures, 0);
        // An unreadable page (no hash) is never unchanged.
        assert!(unchanged(old, &[("a.html".to_string(), String::new())]).is_empty());
    }

    #[test]
    fn another_base_or_a_bad_record_means_everything() {
        let dir = tempfile::tempdir().unwrap();
        let file = recorded(dir.path());
        let mut other = base();
        other.browser = "151".into();
        other.files.insert("css/new.css".into(), "n".into());
        let memo = Memo::open(other, Some(&file), None, true);
        assert!(memo.old.is_none());
        assert_eq!(
            memo.why_all.as_deref(),
            Some("changed since the last passing run: the browser (150 → 151), css/new.css")
        );
        let ignored = Memo::open(base(), Some(&file), Some("--all"), true);
        assert!(ignored.old.is_none());
        for (text, says) in [
            ("{\"version\": 1, \"base\": 3", "is not JSON"),
            ("{\"version\": 99}", "of another format (99"),
            ("[]", "of another format (none"),
            ("{\"version\": 1, \"base\": \"x\"}", "is corrupt"),
        ] {
            std::fs::write(&file, text).unwrap();
            let memo = Memo::open(base(), Some(&file), None, true);
            assert!(memo.old.is_none());
            let why = memo.why_all.as_deref().unwrap();
            assert!(why.contains(says), "{text}: {why}");
            assert!(
                memo.split(dir.path(), &["a.html".into()])
                    .unchanged
                    .is_empty()
            );
        }
        let missing = Memo::open(base(), Some(&dir.path().join("nope.json")), None, true);
        assert!(missing.why_all.unwrap().starts_with("no record"));
    }
}
