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
    /// Where mdBook wrote the HTML (`book/` unless [`Fixture::run_build`] said otherwise).
    pub book_dir: PathBuf,
    /// What the preprocessor printed on stderr during this build (with
    /// concurrent builds of one fixture: what all of them printed meanwhile).
    pub log: String,
    /// mdBook's error, when the build failed.
    pub error: Option<String>,
}

/// The preprocessor's stderr is appended here (relative to the fixture root).
const LOG: &str = "preprocessor.log";

impl Fixture {
    pub fn new() -> Fixture {
        Fixture::in_dir(tempfile::tempdir().expect("temp dir"))
    }

    /// A fixture for a `static` (which is never dropped): its folder is named
    /// `PREFIX-PID-…` in the temp folder, and the folders of earlier test
    /// processes that are gone are removed here.
    pub fn kept(prefix: &str) -> Fixture {
        let tmp = std::env::temp_dir();
        let stale = std::fs::read_dir(&tmp)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_prefix(&format!("{prefix}-"))
                    .and_then(|rest| rest.split('-').next()?.parse::<u32>().ok())
                    .is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists())
            });
        for entry in stale {
            let _ = std::fs::remove_dir_all(entry.path());
        }
        let dir = tempfile::Builder::new()
            .prefix(&format!("{prefix}-{}-", std::process::id()))
            .tempdir()
            .expect("temp dir");
        Fixture::in_dir(dir)
    }

    fn in_dir(dir: tempfile::TempDir) -> Fixture {
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
        self.write_book(env);
        self.run_build("book")
    }

    /// Write `SUMMARY.md` and `book.toml` (whose preprocessor command appends
    /// its stderr to the fixture's log), without building.
    pub fn write_book(&self, env: &[(&str, &str)]) {
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
        let vars: String = env
            .iter()
            .map(|(k, v)| format!(" {}", sh_quote(&format!("{k}={v}"))))
            .collect();
        // Run through `sh SCRIPT` rather than executing the script: a file just
        // written cannot be executed while another test's fork holds it open.
        let script = root.join("preprocessor.sh");
        std::fs::write(
            &script,
            format!(
                "exec env{vars} {} \"$@\" 2>>{}\n",
                sh_quote(binary),
                sh_quote(&root.join(LOG).display().to_string())
            ),
        )
        .expect("preprocessor script");
        std::fs::write(
            root.join("book.toml"),
            format!(
                "[book]\ntitle = \"fixture\"\n\n[preprocessor.examples]\ncommand = \"sh {}\"\nafter = [\"links\"]\n{}\n\n[output.html]\nsearch.enable = false\n",
                script.display(),
                self.extra_config
            ),
        )
        .expect("book.toml");
    }

    /// Build the book as written by [`Fixture::write_book`], into `build_dir`
    /// (relative to the root). Several may run at the same time.
    pub fn run_build(&self, build_dir: &str) -> Built {
        let root = self.root();
        let log = root.join(LOG);
        let log_start = std::fs::metadata(&log).map_or(0, |m| m.len());
        let result = mdbook_driver::MDBook::load(root).and_then(|mut book| {
            book.config.build.build_dir = build_dir.into();
            book.build()
        });
        let log_text = std::fs::read(&log).unwrap_or_default();
        let log_text = log_text
            .get(usize::try_from(log_start).expect("log size")..)
            .unwrap_or_default();
        Built {
            ok: result.is_ok(),
            root: root.to_path_buf(),
            book_dir: root.join(build_dir),
            log: String::from_utf8_lossy(log_text).into_owned(),
            error: result.err().map(|e| format!("{e:#}")),
        }
    }
}

/// `text` as one single-quoted shell word.
fn sh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

impl Built {
    /// The `<main>` of a chapter's page, with run-dependent numbers normalised.
    pub fn page(&self, chapter: &str) -> String {
        let html = std::fs::read_to_string(self.book_dir.join(chapter.replace(".md", ".html")))
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

    /// Every problem of the report as `LOCATION EXAMPLE-or-- MESSAGE` (a
    /// message may have several lines).
    pub fn problem_list(&self) -> Vec<String> {
        self.report()["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .map(|p| {
                format!(
                    "{} {} {}",
                    p["location"].as_str().unwrap_or(""),
                    p["example"].as_str().unwrap_or("-"),
                    p["message"].as_str().unwrap_or("")
                )
            })
            .collect()
    }

    /// [`Built::problem_list`], one after the other.
    pub fn problems(&self) -> String {
        self.problem_list().join("\n")
    }

    /// The report's entry of the first reference to `example`.
    pub fn reference(&self, example: &str) -> serde_json::Value {
        self.report()["references"]
            .as_array()
            .expect("references")
            .iter()
            .find(|r| r["example"] == example)
            .unwrap_or_else(|| panic!("no reference to `{example}` in the report"))
            .clone()
    }

    /// The build's summary line ends `N problem(s), M with timing unchecked
    /// (need more cores), …`, and no example was run again for its timing.
    pub fn assert_timing_unchecked(&self, problems: usize, unchecked: usize) {
        let summary =
            format!("{problems} problem(s), {unchecked} with timing unchecked (need more cores), ");
        assert!(self.log.contains(&summary), "{}", self.log);
        // A run that only missed unchecked timing is not run again; one with
        // a failed problem (a wrong output) may be.
        if problems == 0 {
            assert!(
                !self.log.contains("missed a claim about their run"),
                "running alone cannot give an example more cores: {}",
                self.log
            );
        }
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

/// The note under the output of a reference whose timing claims were left
/// out, on a run with `offered` cores (after [`normalise`], which writes
/// `N cores` for the cores needed).
pub fn timing_note(offered: usize) -> String {
    format!(
        "<p class=\"mdbx-note\" role=\"note\">Timing not checked in this build: \
         the timing claims of this example and the order of its lines need at least N cores, and the run shown here had {offered}.</p>"
    )
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
            (r#"<path class="mdbx-tl-tick"[^>]*/>"#, ""),
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
