//! Durations (`250ms`, `3s`, `1.5s`, `2m`) and time specs (`~3s`, `3s±0.5s`,
//! `<3.5s`, `>4.5s`, `2.5s..3.5s`), as written in book.toml and in directives.

use std::fmt;
use std::time::Duration;

/// Parse a duration such as `250ms`, `3s`, `1.5s`, `2m` or `40µs`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .ok_or_else(|| format!("`{text}` has no unit: write e.g. `3s` or `250ms`"))?;
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` does not start with a number"))?;
    let seconds = match unit.trim() {
        "s" => value,
        "ms" => value / 1e3,
        "us" | "µs" => value / 1e6,
        "m" | "min" => value * 60.0,
        other => {
            return Err(format!(
                "unknown unit `{other}` in `{text}` (use ms, s or m)"
            ));
        }
    };
    Duration::try_from_secs_f64(seconds).map_err(|_| format!("`{text}` is not a valid duration"))
}

/// A claim about when something happens, as an inclusive range in seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeSpec {
    /// The text the author wrote, for messages.
    pub written: String,
    /// Lower bound in seconds (0 when there is none).
    pub min: f64,
    /// Upper bound in seconds (infinite when there is none).
    pub max: f64,
}

/// Relative tolerance of `~X`.
const APPROX_RELATIVE: f64 = 0.10;
/// Absolute tolerance of `~X`, added to the relative one.
const APPROX_ABSOLUTE: f64 = 0.150;

impl TimeSpec {
    /// Parse a time spec, see the module docs.
    pub fn parse(text: &str) -> Result<TimeSpec, String> {
        let written = text.trim().to_string();
        let secs = |t: &str| parse_duration(t).map(|d| d.as_secs_f64());
        let (min, max) = if let Some(rest) = written
            .strip_prefix('~')
            .or_else(|| written.strip_prefix('≈'))
        {
            let centre = secs(rest)?;
            let slack = centre * APPROX_RELATIVE + APPROX_ABSOLUTE;
            ((centre - slack).max(0.0), centre + slack)
        } else if let Some(rest) = written.strip_prefix('<') {
            (0.0, secs(rest)?)
        } else if let Some(rest) = written.strip_prefix('>') {
            (secs(rest)?, f64::INFINITY)
        } else if let Some((a, b)) = written.split_once("..") {
            (secs(a)?, secs(b)?)
        } else if let Some((centre, slack)) = written.split_once('±') {
            let (centre, slack) = (secs(centre)?, secs(slack)?);
            ((centre - slack).max(0.0), centre + slack)
        } else {
            return Err(format!(
                "`{written}` is not a time spec: write `~3s`, `3s±0.5s`, `<3.5s`, `>4.5s` or `2.5s..3.5s`"
            ));
        };
        if min > max {
            return Err(format!(
                "`{written}`: the lower bound is above the upper bound"
            ));
        }
        Ok(TimeSpec { written, min, max })
    }

    /// Whether `seconds` satisfies the spec.
    pub fn contains(&self, seconds: f64) -> bool {
        self.min <= seconds && seconds <= self.max
    }
}

impl fmt::Display for TimeSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.max.is_infinite() {
            write!(f, "{} (at least {:.3} s)", self.written, self.min)
        } else {
            write!(
                f,
                "{} ({:.3} s to {:.3} s)",
                self.written, self.min, self.max
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("40µs"), Ok(Duration::from_micros(40)));
        assert!(parse_duration("3").unwrap_err().contains("no unit"));
        assert!(parse_duration("3h").unwrap_err().contains("unknown unit"));
        assert!(parse_duration("s").is_err());
    }

    fn range(spec: &str) -> (f64, f64) {
        let t = TimeSpec::parse(spec).expect("valid spec");
        (t.min, t.max)
    }

    #[test]
    fn specs() {
        let (lo, hi) = range("~3s");
        assert!((lo - 2.55).abs() < 1e-9 && (hi - 3.45).abs() < 1e-9);
        assert_eq!(range("≈1s").0, 1.0 - 0.25);
        assert_eq!(range("3s±0.5s"), (2.5, 3.5));
        assert_eq!(range("<3.5s"), (0.0, 3.5));
        assert_eq!(range(">4.5s"), (4.5, f64::INFINITY));
        assert_eq!(range("2.5s..3.5s"), (2.5, 3.5));
        assert!(TimeSpec::parse("3s").is_err());
        assert!(TimeSpec::parse("4s..3s").is_err());
    }

    #[test]
    fn approx_three_seconds_rejects_sequential_five() {
        let spec = TimeSpec::parse("~3s").expect("valid");
        assert!(spec.contains(3.2));
        assert!(!spec.contains(5.0));
        let spec = TimeSpec::parse("~1s").expect("valid");
        assert!(!spec.contains(2.0));
    }
}
