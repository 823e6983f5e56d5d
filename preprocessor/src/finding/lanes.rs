//! Lane and event patterns (`lanes=`, `events=`): regexes with one capture
//! group, which names the lane (or event) a line of output belongs to.

use regex::Regex;

/// The default lane pattern: a line that starts with `[name]` is in lane
/// `name`. A name has no quote or comma: `["a", "b"]` is a printed list, a
/// result, not a task.
pub const DEFAULT_LANES: &str = r#"^\[([^\]"',]+)\]"#;

/// Compile a lane pattern; it must have one capture group. Compiled
/// patterns are kept (per thread), since every reference asks for one.
pub fn lane_regex(pattern: &str) -> Result<Regex, String> {
    thread_local! {
        static COMPILED: std::cell::RefCell<std::collections::HashMap<String, Regex>> =
            std::cell::RefCell::default();
    }
    if let Some(re) = COMPILED.with_borrow(|c| c.get(pattern).cloned()) {
        return Ok(re);
    }
    let re = Regex::new(pattern).map_err(|e| format!("not a valid regex: {e}"))?;
    if re.captures_len() < 2 {
        return Err(format!(
            "`{pattern}` needs one capture group `( … )`: what it captures names the lane or the event"
        ));
    }
    COMPILED.with_borrow_mut(|c| c.insert(pattern.to_string(), re.clone()));
    Ok(re)
}

/// A lane or event pattern as written, compiled once, when the directive
/// is read.
#[derive(Clone)]
pub struct LanePattern {
    written: String,
    regex: Regex,
}

impl LanePattern {
    /// Compile `written`; it must have one capture group.
    pub fn parse(written: &str) -> Result<LanePattern, String> {
        let regex = lane_regex(written)?;
        let written = written.to_string();
        Ok(LanePattern { written, regex })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.written
    }

    pub fn regex(&self) -> &Regex {
        &self.regex
    }

    /// The regex of `pattern`, or of [`DEFAULT_LANES`] without one.
    pub fn or_default(pattern: Option<&LanePattern>) -> &Regex {
        static DEFAULT: std::sync::LazyLock<Regex> =
            std::sync::LazyLock::new(|| Regex::new(DEFAULT_LANES).expect("the default lanes"));
        pattern.map_or(&DEFAULT, LanePattern::regex)
    }
}

impl PartialEq for LanePattern {
    fn eq(&self, other: &LanePattern) -> bool {
        self.written == other.written
    }
}

impl std::fmt::Debug for LanePattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lane_pattern_needs_a_group() {
        assert!(lane_regex("^x").unwrap_err().contains("capture group"));
        let lanes = lane_regex(DEFAULT_LANES).expect("default");
        assert_eq!(
            &lanes.captures("[ticker] tick 1").expect("lane")[1],
            "ticker"
        );
        assert!(
            lanes
                .captures(r#"["test result", "retest result"]"#)
                .is_none()
        );
    }
}
