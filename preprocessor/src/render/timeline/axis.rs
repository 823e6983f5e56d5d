//! The time axis: round ticks and their labels.

use crate::util::time::tick;
use std::fmt::Write;

/// The axis under the lanes (`top` to `rowsbottom`), with dotted tick lines across them.
pub(super) fn axis(
    svg: &mut String,
    span_us: u64,
    top: f64,
    rowsbottom: f64,
    x: &dyn Fn(u64) -> f64,
) {
    let base = rowsbottom + 4.0;
    let _ = write!(
        svg,
        "<line class=\"mdbx-tl-axis\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{base}\" y2=\"{base}\"/>",
        x(0),
        x(span_us)
    );
    // A tick label takes up to about 50 px: one tick per 64 px at most.
    let most = (((x(span_us) - x(0)) / 64.0) as u64).clamp(2, 8);
    let step = nice_step(span_us, most);
    let ticks: Vec<u64> = (0..=span_us / step).map(|i| i * step).collect();
    // One path for all the tick lines: a diagram is drawn many times per book.
    svg.push_str("<path class=\"mdbx-tl-tick\" d=\"");
    for &t in &ticks {
        let _ = write!(svg, "M{:.1} {top}V{:.1}", x(t), base + 4.0);
    }
    svg.push_str("\"/>");
    for &t in &ticks {
        let _ = write!(
            svg,
            "<text class=\"mdbx-tl-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x(t),
            base + 18.0,
            tick(t, step)
        );
    }
}

/// A round tick step (1, 2 or 5 × 10^k µs) giving at most `most` ticks.
pub(super) fn nice_step(span_us: u64, most: u64) -> u64 {
    let mut magnitude = 1u64;
    loop {
        for m in [1, 2, 5] {
            let step = m * magnitude;
            if span_us / step <= most {
                return step;
            }
        }
        magnitude *= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_scales_from_milliseconds_to_seconds() {
        assert_eq!(nice_step(5_000, 8), 1_000);
        assert_eq!(nice_step(3_000_000, 8), 500_000);
        assert_eq!(nice_step(10_000_000, 8), 2_000_000);
        // A narrow drawing has room for fewer ticks.
        assert_eq!(nice_step(815_000, 3), 500_000);
    }
}
