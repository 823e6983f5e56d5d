//! Characters that change how text reads without being seen: bidirectional
//! overrides, embeddings, isolates and marks, zero-width characters, every
//! other invisible format character (Unicode general category Cf), and the
//! line and paragraph separators (U+2028, U+2029). Untrusted text shows each
//! of them as a visible marker such as `⟨U+202E⟩` instead of applying it, so
//! that a line on the page reads as what the program or the compiler wrote
//! (a right-to-left override cannot make `if admin` show as `nimda fi`).
//!
//! [`mark`] is used twice: by `capture` on every output line (so claims are
//! checked against the text the page shows) and by `render::esc` on
//! everything else that reaches HTML (diagnostics, trace labels, messages).

use std::borrow::Cow;

/// General category Cf as of Unicode 15.1 (170 code points, unchanged since
/// 15.0), as sorted inclusive ranges. Hand-written rather than a dependency:
/// the list grows rarely, and a character added by a later Unicode version is
/// only shown as itself until it is added here.
const FORMAT: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),   // soft hyphen
    (0x0600, 0x0605),   // Arabic number signs
    (0x061C, 0x061C),   // Arabic letter mark
    (0x06DD, 0x06DD),   // Arabic end of ayah
    (0x070F, 0x070F),   // Syriac abbreviation mark
    (0x0890, 0x0891),   // Arabic pound and piastre marks above
    (0x08E2, 0x08E2),   // Arabic disputed end of ayah
    (0x180E, 0x180E),   // Mongolian vowel separator
    (0x200B, 0x200F),   // zero width space, non-joiner, joiner; LRM, RLM
    (0x202A, 0x202E),   // bidirectional embeddings and overrides
    (0x2060, 0x2064),   // word joiner, invisible operators
    (0x2066, 0x206F),   // bidirectional isolates, deprecated format characters
    (0xFEFF, 0xFEFF),   // zero width no-break space (byte order mark)
    (0xFFF9, 0xFFFB),   // interlinear annotation
    (0x110BD, 0x110BD), // Kaithi number sign
    (0x110CD, 0x110CD), // Kaithi number sign above
    (0x13430, 0x1343F), // Egyptian hieroglyph format controls
    (0x1BCA0, 0x1BCA3), // shorthand format controls
    (0x1D173, 0x1D17A), // musical symbol beams, ties, slurs, phrases
    (0xE0001, 0xE0001), // language tag
    (0xE0020, 0xE007F), // tag characters
];

/// Whether `c` is shown as a marker rather than as itself.
pub fn is_invisible(c: char) -> bool {
    let cp = u32::from(c);
    if cp < 0xAD {
        return false;
    }
    matches!(c, '\u{2028}' | '\u{2029}')
        || FORMAT
            .binary_search_by(|&(lo, hi)| {
                if hi < cp {
                    std::cmp::Ordering::Less
                } else if lo > cp {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
}

/// `text` with every invisible character (see [`is_invisible`]) replaced by
/// its marker, `⟨U+XXXX⟩`; borrowed when there is none.
pub fn mark(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_invisible) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_invisible(c) {
            out.push_str(&format!("⟨U+{:04X}⟩", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_zero_width_and_separators_become_markers() {
        assert_eq!(
            mark("if admin \u{202E}nimda fi\u{202C} end"),
            "if admin ⟨U+202E⟩nimda fi⟨U+202C⟩ end"
        );
        assert_eq!(
            mark("a\u{200B}b\u{200D}c\u{2066}d\u{2069}\u{200E}\u{200F}\u{61C}"),
            "a⟨U+200B⟩b⟨U+200D⟩c⟨U+2066⟩d⟨U+2069⟩⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩"
        );
        assert_eq!(
            mark("\u{FEFF}x\u{2028}y\u{2029}"),
            "⟨U+FEFF⟩x⟨U+2028⟩y⟨U+2029⟩"
        );
        assert_eq!(mark("tag\u{E0041}\u{E007F}"), "tag⟨U+E0041⟩⟨U+E007F⟩");
    }

    #[test]
    fn other_text_is_borrowed_unchanged() {
        for text in ["plain", "café ⟨U+202E⟩ 😀 עברית", "tab\tnul\u{2400}", ""] {
            assert!(
                matches!(mark(text), Cow::Borrowed(t) if t == text),
                "{text}"
            );
        }
    }

    #[test]
    fn every_listed_range_and_nothing_around_it_is_invisible() {
        let mut count = 0;
        for pair in FORMAT.windows(2) {
            assert!(
                pair[0].1 < pair[1].0,
                "ranges sorted and disjoint: {pair:?}"
            );
        }
        for &(lo, hi) in FORMAT {
            for cp in lo..=hi {
                let c = char::from_u32(cp).expect("a scalar value");
                assert!(is_invisible(c), "U+{cp:04X}");
                count += 1;
            }
            for cp in [lo - 1, hi + 1] {
                let c = char::from_u32(cp).expect("a scalar value");
                let listed = FORMAT.iter().any(|&(l, h)| (l..=h).contains(&cp))
                    || matches!(c, '\u{2028}' | '\u{2029}');
                assert_eq!(is_invisible(c), listed, "U+{cp:04X}");
            }
        }
        assert_eq!(count, 170, "Cf has 170 code points in Unicode 15.1");
        assert!(!is_invisible('\t') && !is_invisible('a') && !is_invisible('\u{FE0F}'));
    }

    /// The page's script marks the same characters as the build
    /// (`INVISIBLE_RANGES` in the installed `mdbook-examples.js`).
    #[test]
    fn the_script_marks_the_same_characters() {
        let script = include_str!("../../assets/mdbook-examples.js");
        let table = script
            .split_once("const INVISIBLE_RANGES = [")
            .and_then(|(_, rest)| rest.split_once("];"))
            .expect("mdbook-examples.js declares `const INVISIBLE_RANGES = [ … ];`")
            .0;
        let hex = |h: &str| u32::from_str_radix(h.trim().trim_start_matches("0x"), 16);
        let in_script: Vec<(u32, u32)> = table
            .split(']')
            .filter_map(|pair| pair.split_once('['))
            .map(|(_, pair)| {
                let (lo, hi) = pair.split_once(',').expect("[lo, hi]");
                (hex(lo).expect("hex"), hex(hi).expect("hex"))
            })
            .collect();
        let mut in_rust = FORMAT.to_vec();
        in_rust.push((0x2028, 0x2029));
        in_rust.sort_unstable();
        let only = |a: &[(u32, u32)], b: &[(u32, u32)]| {
            a.iter()
                .filter(|r| !b.contains(r))
                .map(|(lo, hi)| format!("U+{lo:04X}–U+{hi:04X}"))
                .collect::<Vec<_>>()
        };
        assert!(
            in_script == in_rust,
            "mdbook-examples.js's INVISIBLE_RANGES and FORMAT (with U+2028–U+2029) differ: \
             only in the script {:?}, only here {:?}; change both together",
            only(&in_script, &in_rust),
            only(&in_rust, &in_script)
        );
    }
}
