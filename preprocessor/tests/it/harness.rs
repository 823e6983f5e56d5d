//! Builds a fixture book in a temporary folder: a `book.toml` that runs the
//! freshly built `mdbook-examples` binary, chapters, and an examples package
//! with no dependencies (so that each fixture compiles in about a second).

use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

pub struct Fixture {
    dir: tempfile::TempDir,
    extra_config: String,
    chapters: Vec<String>,
}

pub struct Built {
    pub ok: bool,
    pub root: PathBuf,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("examples/src/bin")).expect("mkdir");
        std::fs::create_dir_all(dir.path().join("src")).expect("mkdir");
        std::fs::write(
            dir.path().join("examples/Cargo.toml"),
            "[package]\nname = \"fixture-examples\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[features]\nmistakes = []\n",
        )
        .expect("write manifest");
        Fixture {
            dir,
            extra_config: String::new(),
            chapters: Vec::new(),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Add (or replace) `examples/src/bin/NAME.rs`.
    pub fn example(&mut self, name: &str, source: &str) -> &mut Fixture {
        std::fs::write(
            self.root().join(format!("examples/src/bin/{name}.rs")),
            source,
        )
        .expect("write example");
        self
    }

    /// Extra keys for `[preprocessor.examples]`.
    pub fn config(&mut self, toml: &str) -> &mut Fixture {
        self.extra_config = toml.to_string();
        self
    }

    /// Add (or replace) a chapter `FILE` with `markdown`.
    pub fn chapter(&mut self, file: &str, markdown: &str) -> &mut Fixture {
        std::fs::write(self.root().join("src").join(file), markdown).expect("chapter");
        if !self.chapters.iter().any(|f| f == file) {
            self.chapters.push(file.to_string());
        }
        self
    }

    /// Build the book with mdBook, running our preprocessor as a command.
    pub fn build(&self) -> Built {
        self.build_with_env(&[])
    }

    /// Like [`Fixture::build`], with extra environment variables for the
    /// preprocessor (set on the command line mdBook runs, not in this process's
    /// environment, so that tests running in parallel do not interfere).
    pub fn build_with_env(&self, env: &[(&str, &str)]) -> Built {
        let root = self.root();
        let summary: String = self
            .chapters
            .iter()
            .map(|f| format!("- [{f}]({f})\n"))
            .collect();
        std::fs::write(
            root.join("src/SUMMARY.md"),
            format!("# Summary\n\n{summary}"),
        )
        .expect("summary");
        let binary = env!("CARGO_BIN_EXE_mdbook-examples");
        let command = if env.is_empty() {
            binary.to_string()
        } else {
            let vars: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("env {} {binary}", vars.join(" "))
        };
        std::fs::write(
            root.join("book.toml"),
            format!(
                "[book]\ntitle = \"fixture\"\n\n[preprocessor.examples]\ncommand = \"{command}\"\nafter = [\"links\"]\n{}\n\n[output.html]\nsearch.enable = false\n",
                self.extra_config
            ),
        )
        .expect("book.toml");
        let book = mdbook_driver::MDBook::load(root).expect("book loads");
        let ok = book.build().is_ok();
        Built {
            ok,
            root: root.to_path_buf(),
        }
    }
}

impl Built {
    /// The `<main>` of a chapter's page, with run-dependent numbers normalised.
    pub fn page(&self, chapter: &str) -> String {
        let html =
            std::fs::read_to_string(self.root.join("book").join(chapter.replace(".md", ".html")))
                .expect("page exists");
        let start = html.find("<main>").expect("<main>");
        let end = html.find("</main>").expect("</main>");
        normalise(&html[start..end + 7])
    }

    /// The JSON report of the last build.
    pub fn report(&self) -> serde_json::Value {
        let text = std::fs::read_to_string(self.root.join("target/mdbook-examples/report.json"))
            .expect("report");
        serde_json::from_str(&text).expect("report is JSON")
    }

    /// `from_cache` of every reference, in order.
    pub fn cached(&self) -> Vec<bool> {
        self.report()["references"]
            .as_array()
            .expect("references")
            .iter()
            .map(|r| r["from_cache"].as_bool().expect("bool"))
            .collect()
    }
}

/// Replace times and machine facts, which change from run to run.
pub fn normalise(html: &str) -> String {
    static RULES: LazyLock<Vec<(Regex, &str)>> = LazyLock::new(|| {
        [
            (r"\+\d+\.\d{3}s", "+T"),
            (r"\d+(\.\d+)? (ms|s) total", "D total"),
            (r"\d+ cores?\b", "N cores"),
            (r#"(x1|x2|cx|x)="[\d.]+""#, r#"$1="X""#),
            (r#"<text class="mdbx-tl-label"[^>]*>[^<]*</text>"#, ""),
            (r#"<line class="mdbx-tl-tick"[^>]*/>"#, ""),
            (r"over \d+(\.\d+)? (ms|s)", "over D"),
            (r"exit at \+T", "exit at T"),
        ]
        .into_iter()
        .map(|(re, to)| (Regex::new(re).expect("valid regex"), to))
        .collect()
    });
    RULES.iter().fold(html.to_string(), |s, (re, to)| {
        re.replace_all(&s, *to).into_owned()
    })
}
