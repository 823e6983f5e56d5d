//! Turning the raw bytes an example prints into safe, readable lines:
//! invalid UTF-8 is replaced (U+FFFD), ANSI escape sequences are removed, a
//! carriage return keeps only what a terminal would finally show, tabs are
//! kept, terminal actions (bell, backspace, …) are dropped, and any control
//! character left (NUL, DEL, …) becomes its visible Unicode "control picture"
//! (`␀`, `␡`, …), and every invisible format character (bidirectional
//! overrides and isolates, zero-width characters, … see [`crate::util::invisible`])
//! becomes a visible marker such as `⟨U+202E⟩`, so that the page holds no
//! invisible or invalid character and claims are checked against the text
//! the page shows.

use std::io::BufRead;

/// At most this many bytes of output are kept per run.
pub const MAX_BYTES: usize = 256 * 1024;
/// At most this many lines of output are kept per run.
pub const MAX_LINES: usize = 5_000;

/// Read one line (through its `\n`, or to the end of the stream) from
/// `reader`, keeping at most `max` of its bytes in `line` and dropping the
/// rest, so that an example printing an endless line without a newline cannot
/// make this process grow. Returns how many bytes the line had in all (0 at
/// the end of the stream); those not in `line` were cut.
pub fn read_line_capped(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<usize> {
    let mut total = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(total);
        }
        let (chunk, ends_line) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let room = max.saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let n = chunk.len();
        reader.consume(n);
        total += n;
        if ends_line {
            return Ok(total);
        }
    }
}

/// Clean one line (without its `\n`).
pub fn clean_line(raw: &[u8]) -> String {
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let shown = raw.rsplit(|&b| b == b'\r').next().unwrap_or_default();
    // Invalid UTF-8 is replaced first: the escape parser would silently drop
    // an incomplete sequence at the end. It drops NUL and tabs too: keep
    // them out of its way.
    let text = String::from_utf8_lossy(shown);
    let parts: Vec<String> = text
        .split('\t')
        .map(|part| {
            let part = part.replace('\0', "\u{2400}");
            String::from_utf8_lossy(&strip_ansi_escapes::strip(part)).into_owned()
        })
        .collect();
    let shown: String = parts.join("\t").chars().map(visible).collect();
    crate::util::invisible::mark(&shown).into_owned()
}

/// A control character as something a reader can see; others unchanged.
fn visible(c: char) -> char {
    match c {
        '\t' => c,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if c.is_control() => '\u{fffd}',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::{clean_line, read_line_capped};
    use std::io::BufReader;

    #[test]
    fn reads_lines_keeping_at_most_max_bytes_of_each() {
        let endless_then_short = [vec![b'a'; 100_000], b"\nshort\nlast".to_vec()].concat();
        // A small buffer: the long line arrives in many pieces.
        let mut r = BufReader::with_capacity(64, &endless_then_short[..]);
        let mut line = Vec::new();
        assert_eq!(
            read_line_capped(&mut r, &mut line, 10).expect("read"),
            100_001
        );
        assert_eq!(line, b"aaaaaaaaaa");
        line.clear();
        assert_eq!(read_line_capped(&mut r, &mut line, 10).expect("read"), 6);
        assert_eq!(line, b"short\n");
        line.clear();
        assert_eq!(read_line_capped(&mut r, &mut line, 10).expect("read"), 4);
        assert_eq!(line, b"last");
        line.clear();
        assert_eq!(read_line_capped(&mut r, &mut line, 10).expect("read"), 0);
        assert!(line.is_empty());
    }

    #[test]
    fn cleans() {
        assert_eq!(clean_line(b"plain"), "plain");
        assert_eq!(clean_line(b"crlf\r"), "crlf");
        assert_eq!(clean_line(b"\x1b[31mred\x1b[0m text"), "red text");
        assert_eq!(clean_line(b"10%\r50%\r100%"), "100%");
        assert_eq!(clean_line(b"nul\0byte"), "nul\u{2400}byte");
        assert_eq!(clean_line(b"bad \xff utf8"), "bad \u{fffd} utf8");
        assert_eq!(clean_line(b"cut \xe2\x82"), "cut \u{fffd}");
    }

    #[test]
    fn keeps_tabs_and_shows_other_controls() {
        assert_eq!(clean_line(b"a\tb\t\x1b[1mc\x1b[0m"), "a\tb\tc");
        assert_eq!(clean_line(b"del\x7f"), "del\u{2421}");
        let c1 = clean_line("c1 \u{85}\u{9b}x\u{9c}".as_bytes());
        assert!(
            c1.starts_with("c1 ") && !c1.chars().any(char::is_control),
            "{c1:?}"
        );
        assert_eq!(clean_line(b"\x1b]0;title\x07after \x1b[2Kend"), "after end");
        assert_eq!(
            clean_line("\u{202E}evil\u{2066}\u{200B}\u{FEFF}".as_bytes()),
            "⟨U+202E⟩evil⟨U+2066⟩⟨U+200B⟩⟨U+FEFF⟩"
        );
        let all: Vec<u8> = (0u8..=0x7f).filter(|&b| b != b'\r' && b != 0x1b).collect();
        let cleaned = clean_line(&all);
        assert!(
            cleaned.chars().all(|c| c == '\t' || !c.is_control()),
            "{cleaned:?}"
        );
    }
}
