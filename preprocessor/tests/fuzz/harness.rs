//! What every fuzz target shares: replaying its committed seeds, running
//! proptest in chunks until its time is spent, timing each case, and printing
//! what it did.

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};
use std::cell::RefCell;
use std::fmt::Debug;
use std::time::{Duration, Instant};

/// Seconds each target fuzzes for (set by `cargo xtask fuzz`). Unset: one
/// short chunk per target, for `cargo test`.
pub const SECONDS_ENV: &str = "MDBOOK_EXAMPLES_FUZZ_SECONDS";

/// The longest one case may take, in CPU time of the thread that runs it
/// (so that a loaded machine does not fail a case that is not slow).
pub const CASE_LIMIT: Duration = Duration::from_secs(1);

/// A timed chunk aims at this long, so that the time share is not overrun by
/// much and each chunk starts from fresh seeds.
const CHUNK_TIME: Duration = Duration::from_secs(2);

/// One fuzz target.
pub struct Target<S: Strategy, T> {
    /// Its name, also the name of its seeds file.
    pub name: &'static str,
    /// Cases of a plain `cargo test` run.
    pub quick_cases: u32,
    pub strategy: S,
    /// A committed seed (one JSON value) as an input, `None` if malformed.
    pub seed: fn(&serde_json::Value) -> Option<S::Value>,
    /// The property: `Err` (or a panic) is a failure.
    pub test: T,
}

/// The cases run so far and the slowest of them.
#[derive(Default)]
struct Stats {
    cases: u64,
    slowest: Duration,
    slowest_input: String,
}

/// Replay the seeds of `target`, then fuzz it for its time share (or one
/// quick chunk); panics with the smallest failing input on a failure.
#[track_caller]
pub fn fuzz<S, T>(target: Target<S, T>)
where
    S: Strategy,
    S::Value: Debug,
    T: Fn(&S::Value) -> Result<(), TestCaseError>,
{
    let source = std::panic::Location::caller().file();
    let stats = RefCell::new(Stats::default());
    let timed = |value: &S::Value| {
        let took = within_limit(value, &target.test)?;
        record(&stats, took, value);
        Ok(())
    };
    replay(target.name, target.seed, timed);
    let budget = budget();
    let start = Instant::now();
    let mut cases = target.quick_cases;
    loop {
        let chunk_start = Instant::now();
        let mut runner = TestRunner::new(config(cases, source));
        if let Err(e) = runner.run(&target.strategy, |value| timed(&value)) {
            panic!("fuzz target {}: {e}", target.name);
        }
        let Some(budget) = budget else { break };
        let left = budget.saturating_sub(start.elapsed());
        if left.is_zero() {
            break;
        }
        cases = next_chunk(cases, chunk_start.elapsed(), left.min(CHUNK_TIME));
    }
    let stats = stats.into_inner();
    let kept = keep_slowest(target.name, &stats.slowest_input);
    println!(
        "fuzz {}: {} cases in {:.1} s, slowest {:.1} ms: {} (in full: {kept})",
        target.name,
        stats.cases,
        start.elapsed().as_secs_f64(),
        stats.slowest.as_secs_f64() * 1e3,
        shorten(&stats.slowest_input, 60),
    );
}

/// Write the slowest input of `target` to a file under cargo's temporary
/// folder for tests; returns its path (or why it could not be written).
fn keep_slowest(target: &str, input: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fuzz-{target}.slowest.txt"));
    match std::fs::write(&path, input) {
        Ok(()) => path.display().to_string(),
        Err(e) => format!("cannot write {}: {e}", path.display()),
    }
}

/// Run `test` on every input of `seeds/<name>.txt`; panics at the first
/// that fails.
pub fn replay<V: Debug>(
    name: &str,
    seed: fn(&serde_json::Value) -> Option<V>,
    test: impl Fn(&V) -> Result<(), TestCaseError>,
) {
    for (i, json) in seeds(name).iter().enumerate() {
        let value =
            seed(json).unwrap_or_else(|| panic!("seed {} of {name} is malformed: {json}", i + 1));
        if let Err(e) = test(&value) {
            panic!("seed {} of {name} fails: {e}\n{value:?}", i + 1);
        }
    }
}

/// CPU time of this thread so far.
fn cpu() -> Duration {
    let clock = nix::time::ClockId::CLOCK_THREAD_CPUTIME_ID;
    nix::time::clock_gettime(clock).map_or(Duration::ZERO, Duration::from)
}

/// Run `test` on `value`, failing it if it takes over [`CASE_LIMIT`].
pub fn within_limit<V>(
    value: &V,
    test: impl Fn(&V) -> Result<(), TestCaseError>,
) -> Result<Duration, TestCaseError> {
    let start = cpu();
    test(value)?;
    let took = cpu() - start;
    if took > CASE_LIMIT {
        return Err(TestCaseError::fail(format!(
            "the case took {took:?}, over {CASE_LIMIT:?}"
        )));
    }
    Ok(took)
}

/// Count one case, and remember it if it is the slowest so far.
fn record<V: Debug>(stats: &RefCell<Stats>, took: Duration, value: &V) {
    let mut stats = stats.borrow_mut();
    stats.cases += 1;
    if took > stats.slowest {
        stats.slowest = took;
        stats.slowest_input = format!("{value:?}");
    }
}

/// The first `max` characters of `text`, with `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// The time share of each target, from [`SECONDS_ENV`].
fn budget() -> Option<Duration> {
    let text = std::env::var(SECONDS_ENV).ok()?;
    let seconds: f64 = text
        .parse()
        .unwrap_or_else(|_| panic!("{SECONDS_ENV}={text}: not a number of seconds"));
    Some(Duration::from_secs_f64(seconds))
}

/// How many cases fill `aim`, judging by the last chunk.
fn next_chunk(cases: u32, took: Duration, aim: Duration) -> u32 {
    let per_case = took.as_secs_f64() / f64::from(cases.max(1));
    let fitting = aim.as_secs_f64() / per_case.max(1e-6);
    (fitting as u32).clamp(1, 1_000_000)
}

/// Proptest's settings for one chunk: fresh random seeds, failures
/// persisted next to the target's source (`*.regressions`, replayed first).
fn config(cases: u32, source: &'static str) -> Config {
    Config {
        cases,
        source_file: Some(source),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

/// The committed inputs of `target`: one JSON value per line of
/// `seeds/<target>.txt`, blank lines and `#` comments skipped.
fn seeds(target: &str) -> Vec<serde_json::Value> {
    let path = format!(
        "{}/tests/fuzz/seeds/{target}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}:{}: {e}", i + 1)))
        .collect()
}

/// A seed that is a JSON string, or `{"repeat": "text", "times": N}` for a
/// long input made of one piece.
pub fn text_seed(seed: &serde_json::Value) -> Option<String> {
    if let Some(text) = seed.as_str() {
        return Some(text.to_string());
    }
    let piece = seed.get("repeat")?.as_str()?;
    let times = usize::try_from(seed.get("times")?.as_u64()?).ok()?;
    Some(piece.repeat(times))
}
