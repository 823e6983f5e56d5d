//! The figure's geometry for the page's script, which draws the reader's
//! own run beside the build's (`assets/mdbook-examples.js`). It is read
//! from the constants the drawings here use, and carried in each runnable
//! figure's JSON, so the two drawings cannot drift apart; colours and
//! marks are the same CSS classes (`mdbx-tl-*`).

use super::compare::{GAP, HEAD, STACKED_HEAD, TOP, TOTAL_ROOM};
use super::draw::MARK_R;
use super::{AXIS, CHAR_W, Frame, LANE};
use serde_json::{Value, json};

/// The comparison's geometry, wide and narrow (as [`super::compare`] draws it).
pub fn style() -> Value {
    let frame = |f: Frame, head: f64| {
        json!({
            "width": f.width,
            "labels": f.labels,
            "labelChars": f.label_chars,
            "head": head,
            "stackLabels": f.stack_labels,
        })
    };
    json!({
        "wide": frame(Frame::WIDE, HEAD),
        "narrow": frame(Frame::NARROW, STACKED_HEAD),
        "top": TOP,
        "lane": LANE,
        "gap": GAP,
        "axis": AXIS,
        "totalRoom": TOTAL_ROOM,
        "markR": MARK_R,
        "charW": CHAR_W,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_gets_the_drawings_own_numbers() {
        let s = style();
        assert_eq!(s["wide"]["width"], json!(Frame::WIDE.width));
        assert_eq!(s["narrow"]["labels"], json!(Frame::NARROW.labels));
        assert_eq!(s["lane"], json!(LANE));
        assert_eq!(s["markR"], json!(MARK_R));
    }
}
