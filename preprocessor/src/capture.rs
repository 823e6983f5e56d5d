//! Turning the raw bytes an example prints into safe, readable lines:
//! invalid UTF-8 and NUL bytes are replaced, ANSI escapes are removed, and a
//! carriage return keeps only what a terminal would finally show.

/// At most this many bytes of output are kept per run.
pub const MAX_BYTES: usize = 256 * 1024;
/// At most this many lines of output are kept per run.
pub const MAX_LINES: usize = 5_000;

/// Clean one line (without its `\n`).
pub fn clean_line(raw: &[u8]) -> String {
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let shown = raw.rsplit(|&b| b == b'\r').next().unwrap_or_default();
    let visible: Vec<u8> = shown
        .split(|&b| b == 0)
        .collect::<Vec<_>>()
        .join("\u{2400}".as_bytes());
    String::from_utf8_lossy(&strip_ansi_escapes::strip(visible)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::clean_line;

    #[test]
    fn cleans() {
        assert_eq!(clean_line(b"plain"), "plain");
        assert_eq!(clean_line(b"crlf\r"), "crlf");
        assert_eq!(clean_line(b"\x1b[31mred\x1b[0m text"), "red text");
        assert_eq!(clean_line(b"10%\r50%\r100%"), "100%");
        assert_eq!(clean_line(b"nul\0byte"), "nul\u{2400}byte");
        assert_eq!(clean_line(b"bad \xff utf8"), "bad \u{fffd} utf8");
    }
}
