//! Blocks: lines set together. Consecutive lines (in reading order) of one column and zone
//! belong to one block while their baselines are at most `BREAK_PITCH` sizes apart and their
//! sizes differ by less than `SIZE_STEP`; lines on one baseline (table cells) always do.

use super::{Block, Line};
use crate::pdf::model::BBox;

/// A baseline distance above this many times the size starts a new block (body text is set
/// at 1.15 to 1.35).
pub const BREAK_PITCH: f64 = 1.5;
/// A size change of more than this fraction starts a new block.
pub const SIZE_STEP: f64 = 0.08;

/// Groups the lines into blocks and sets `Line::block`.
pub fn build(lines: &mut [Line], _columns: usize) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut row_base = f64::NAN;
    let mut row_size = 0.0f64;
    for i in 0..lines.len() {
        let l = &lines[i];
        let same_row = (l.baseline - row_base).abs() <= 0.3 * l.size.max(1.0);
        let continues = match blocks.last() {
            Some(b) => {
                let prev = &lines[b.lines[b.lines.len() - 1]];
                prev.column == l.column
                    && prev.zone == l.zone
                    && (same_row
                        || (l.baseline > row_base
                            && l.baseline - row_base <= BREAK_PITCH * l.size.max(row_size)
                            && (l.size - row_size).abs() <= SIZE_STEP * l.size.max(row_size)))
            }
            None => false,
        };
        if !continues || !same_row {
            row_base = l.baseline;
            row_size = l.size;
        } else {
            row_size = row_size.max(l.size);
        }
        let l = &mut lines[i];
        if continues {
            if let Some(b) = blocks.last_mut() {
                b.lines.push(i);
                b.bbox = b.bbox.union(&l.bbox);
                l.block = blocks.len() - 1;
            }
        } else {
            l.block = blocks.len();
            blocks.push(Block {
                lines: vec![i],
                bbox: l.bbox,
                column: l.column,
                zone: l.zone,
            });
        }
    }
    blocks
}

/// Median baseline distance between consecutive rows of body-size text within blocks; 1.2
/// times the body size when the page has none.
pub fn line_spacing(lines: &[Line], blocks: &[Block], body: f64) -> f64 {
    let mut d: Vec<f64> = Vec::new();
    for b in blocks {
        let mut last: Option<f64> = None;
        for &i in &b.lines {
            let l = &lines[i];
            if (l.size - body).abs() > 0.05 * body {
                last = None;
                continue;
            }
            if let Some(prev) = last {
                let pitch = l.baseline - prev;
                if pitch > 0.3 * body && pitch < 2.0 * body {
                    d.push(pitch);
                }
            }
            last = Some(l.baseline);
        }
    }
    super::median(&mut d).unwrap_or(1.2 * body)
}

/// The box of some lines.
pub fn bbox_of(lines: &[Line], idx: &[usize]) -> Option<BBox> {
    let mut it = idx.iter().filter_map(|&i| lines.get(i));
    let first = it.next()?.bbox;
    Some(it.fold(first, |b, l| b.union(&l.bbox)))
}
