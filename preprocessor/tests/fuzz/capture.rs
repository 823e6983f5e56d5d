//! Output cleaning: `clean_line` on arbitrary bytes, `read_line_capped` on
//! arbitrary streams, buffer sizes and caps.

use crate::harness::{Target, fuzz, text_seed};
use mdbook_examples::testing::is_invisible;
use mdbook_examples::testing::{clean_line, read_line_capped};
use proptest::prelude::*;
use std::io::BufReader;

/// Bytes an example might print: text, escape sequences, controls, invalid
/// UTF-8 and invisible format characters.
fn output() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        "[ -~]{0,8}".prop_map(String::into_bytes),
        "\\PC{0,4}".prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..6),
        prop::sample::select(
            [
                "\x1b[31m",
                "\x1b[0m",
                "\x1b]0;t\x07",
                "\x1b]8;;x\x1b\\",
                "\x1b",
                "\x1b[",
                "\r",
                "\t",
                "\0",
                "\x7f",
                "\u{85}",
                "\u{9b}",
                "\u{202E}",
                "\u{2066}",
                "\u{200B}",
                "\u{FEFF}",
                "\u{2028}",
                "\u{E0041}",
                "\u{AD}",
                "⟨U+202E⟩",
                "\u{2400}",
            ]
            .as_slice()
        )
        .prop_map(|s| s.as_bytes().to_vec()),
        Just(vec![0xe2, 0x80]),
        Just(vec![0xc2]),
    ];
    prop_oneof![
        15 => prop::collection::vec(piece.clone(), 0..16).prop_map(|ps| ps.concat()),
        1 => (piece, 1usize..20_000).prop_map(|(p, n)| p.repeat(n)),
    ]
}

/// A seed given as text (its UTF-8 bytes, see [`text_seed`]) or an array of
/// bytes.
fn bytes_seed(seed: &serde_json::Value) -> Option<Vec<u8>> {
    match seed {
        serde_json::Value::String(_) | serde_json::Value::Object(_) => {
            text_seed(seed).map(String::into_bytes)
        }
        serde_json::Value::Array(items) => items
            .iter()
            .map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
            .collect(),
        _ => None,
    }
}

#[test]
fn clean_line_shows_no_control_or_invisible_character() {
    fuzz(Target {
        name: "clean_line",
        quick_cases: 250,
        strategy: output(),
        seed: bytes_seed,
        test: |raw: &Vec<u8>| {
            let clean = clean_line(raw);
            let hidden = clean
                .chars()
                .find(|&c| (c.is_control() && c != '\t') || is_invisible(c));
            prop_assert_eq!(hidden, None, "{:?}", clean);
            prop_assert_eq!(
                clean_line(clean.as_bytes()),
                clean.clone(),
                "not idempotent"
            );
            let plain = raw
                .iter()
                .all(|&b| b == b'\t' || (b' '..=b'~').contains(&b));
            if plain {
                prop_assert_eq!(clean.as_bytes(), raw.as_slice());
            }
            Ok(())
        },
    });
}

/// A stream read through a buffer of `capacity` bytes, lines capped at `max`.
#[derive(Debug)]
struct Stream {
    bytes: Vec<u8>,
    capacity: usize,
    max: usize,
}

fn stream() -> impl Strategy<Value = Stream> {
    let bytes = prop::collection::vec(
        prop_oneof![3 => any::<u8>(), 1 => Just(b'\n'), 1 => Just(b'a')],
        0..400,
    );
    (bytes, 1usize..70, 0usize..40).prop_map(|(bytes, capacity, max)| Stream {
        bytes,
        capacity,
        max,
    })
}

fn stream_seed(seed: &serde_json::Value) -> Option<Stream> {
    Some(Stream {
        bytes: bytes_seed(seed.get("bytes")?)?,
        capacity: usize::try_from(seed.get("capacity")?.as_u64()?).ok()?,
        max: usize::try_from(seed.get("max")?.as_u64()?).ok()?,
    })
}

#[test]
fn read_line_capped_keeps_a_prefix_and_counts_every_byte() {
    fuzz(Target {
        name: "read_line_capped",
        quick_cases: 150,
        strategy: stream(),
        seed: stream_seed,
        test: |s: &Stream| {
            let mut reader = BufReader::with_capacity(s.capacity.max(1), s.bytes.as_slice());
            let expected = s.bytes.split_inclusive(|&b| b == b'\n');
            for whole in expected {
                let mut line = Vec::new();
                let n = read_line_capped(&mut reader, &mut line, s.max).expect("in memory");
                prop_assert_eq!(n, whole.len());
                prop_assert_eq!(line.as_slice(), &whole[..whole.len().min(s.max)]);
            }
            let mut rest = Vec::new();
            prop_assert_eq!(
                read_line_capped(&mut reader, &mut rest, s.max).expect("end"),
                0
            );
            prop_assert!(rest.is_empty());
            Ok(())
        },
    });
}
