//! Warm vs plain, alternating.

use super::harness::{Bench, Sample, Spec};
use super::report::not_from_cache;
use anyhow::{Result, ensure};
use std::fs;
use std::path::Path;

/// What [`warm_vs_plain`] measured.
pub(super) struct WarmPlain {
    pub(super) warm: Vec<Sample>,
    pub(super) plain: Vec<Sample>,
    pub(super) replay: Vec<Sample>,
    /// References of the timed warm builds that were not served from the cache.
    pub(super) not_warm: usize,
    /// Bytes of the book JSON going into and out of the preprocessor.
    pub(super) bytes_in: u64,
    pub(super) bytes_out: u64,
}

/// `runs` warm builds, `runs` replay builds and `runs` plain builds,
/// alternating, after one untimed build of each.
///
/// A replay build is mdBook with the preprocessor replaced by `cat` of the
/// book it returned in the first (capture) build: mdBook renders exactly the
/// same expanded book, but nothing is preprocessed. It splits the warm ratio
/// into what the preprocessor's run costs (warm vs replay) and what rendering
/// the content it adds costs (replay vs plain). Needs `sh`, `tee` and `cat`.
pub(super) fn warm_vs_plain(
    bench: &Bench,
    warm: &Spec,
    plain: &Spec,
    cache: &Path,
    runs: usize,
    label: &str,
    dir: &Path,
) -> Result<WarmPlain> {
    let input = dir.join("preprocessor-input.json");
    let output = dir.join("preprocessor-output.json");
    let pre = sh_quote(&bench.preprocessor.display().to_string());
    let (i, o) = (
        sh_quote(&input.display().to_string()),
        sh_quote(&output.display().to_string()),
    );
    let command = |script: String| {
        let line = format!("sh -c {}", sh_quote(&script));
        format!(
            "preprocessor.examples.command={}",
            serde_json::Value::String(line)
        )
    };
    let capture = warm.with_set(command(format!(
        "if [ \"$0\" = supports ]; then exec {pre} supports \"$1\"; fi; tee {i} | {pre} | tee {o}"
    )));
    let replay = warm.with_set(command(format!(
        "if [ \"$0\" = supports ]; then exit 0; fi; cat >/dev/null; exec cat {o}"
    )));
    bench.build(&capture)?;
    let size = |p: &Path| fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let (bytes_in, bytes_out) = (size(&input), size(&output));
    ensure!(
        bytes_out > 0,
        "capturing the preprocessor's output into {} failed",
        output.display()
    );
    bench.build(&replay)?;
    bench.build(plain)?;
    let (mut w, mut r, mut p) = (Vec::new(), Vec::new(), Vec::new());
    let mut not_warm = 0;
    for n in 0..runs {
        let s = bench.build(warm)?;
        let missed = not_from_cache(cache)?;
        not_warm += missed;
        let x = bench.build(&replay)?;
        let q = bench.build(plain)?;
        println!(
            "bench: [{label}] warm {}/{runs}: {:.3} s{}, replay {:.3} s, plain {:.3} s",
            n + 1,
            s.secs,
            if missed > 0 {
                format!(" (NOT WARM: {missed} reference(s) not from the cache)")
            } else {
                String::new()
            },
            x.secs,
            q.secs
        );
        w.push(s);
        r.push(x);
        p.push(q);
    }
    Ok(WarmPlain {
        warm: w,
        plain: p,
        replay: r,
        not_warm,
        bytes_in,
        bytes_out,
    })
}

/// `text` as one word for `sh` (and for the shlex split mdBook does).
fn sh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_for_sh() {
        assert_eq!(sh_quote("/a b/c"), "'/a b/c'");
        assert_eq!(sh_quote("it's"), "'it'\\''s'");
    }
}
