//! Lines and fragments.
//!
//! A *raw line* is what the PDF layer put on one baseline (`Word::line`): upright words,
//! left to right. It can still cross a column gutter when the gutter is narrower than the
//! PDF layer's split (two em) and both columns share a baseline. A *fragment* is a run of
//! words of a raw line without a gap of `GUTTER_EM` or more: the pieces the column finder
//! works with. After the columns are known, the fragments of one raw line that fall in one
//! column are one layout `Line` again.

use super::{is_bold, is_italic, Line, Zone};
use crate::pdf::model::{BBox, Script, Word};
use std::collections::BTreeMap;

/// A gap between words of this many em may be a column gutter. Word spaces are about 0.25 to
/// 0.35 em, stretched up to about 0.6 em in justified text; gutters are 0.8 em (LaTeX's
/// 10 pt `\columnsep` at 12 pt) and more.
pub const GUTTER_EM: f64 = 0.75;

#[derive(Debug, Clone)]
pub struct RawLine {
    pub words: Vec<usize>,
    pub bbox: BBox,
    pub baseline: f64,
    pub size: f64,
}

/// The PDF layer's lines of a page, in its reading order.
pub fn raw_lines(words: &[Word]) -> Vec<RawLine> {
    let mut by_line: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, w) in words.iter().enumerate() {
        if w.dir == 0 {
            by_line.entry(w.line).or_default().push(i);
        }
    }
    by_line
        .into_values()
        .map(|mut idx| {
            idx.sort_by(|&a, &b| words[a].bbox.x0.total_cmp(&words[b].bbox.x0));
            let (bbox, baseline, size) = geometry(words, &idx);
            RawLine {
                words: idx,
                bbox,
                baseline,
                size,
            }
        })
        .collect()
}

/// Box, baseline and size of some words (the baseline and size of the normal ones).
fn geometry(words: &[Word], idx: &[usize]) -> (BBox, f64, f64) {
    let mut bbox = idx.first().map(|&i| words[i].bbox).unwrap_or_default();
    for &i in idx {
        bbox = bbox.union(&words[i].bbox);
    }
    let mut sizes: Vec<f64> = idx
        .iter()
        .filter(|&&i| words[i].script == Script::Normal)
        .map(|&i| words[i].size)
        .collect();
    if sizes.is_empty() {
        sizes = idx.iter().map(|&i| words[i].size).collect();
    }
    let size = super::median(&mut sizes).unwrap_or(10.0);
    let baseline = idx
        .iter()
        .find(|&&i| words[i].script == Script::Normal)
        .or(idx.first())
        .map(|&i| words[i].baseline)
        .unwrap_or(bbox.y1);
    (bbox, baseline, size)
}

/// A run of words of one raw line without a gutter-wide gap.
#[derive(Debug, Clone)]
pub struct Frag {
    /// Index of the raw line (in the list given to `fragments`).
    pub line: usize,
    pub words: Vec<usize>,
    pub bbox: BBox,
    pub baseline: f64,
    pub size: f64,
}

/// Splits raw lines at gaps of `GUTTER_EM` or more.
pub fn fragments(words: &[Word], lines: &[RawLine]) -> Vec<Frag> {
    let mut out = Vec::new();
    for (li, l) in lines.iter().enumerate() {
        let mut cur: Vec<usize> = Vec::new();
        let mut end = f64::NEG_INFINITY;
        for &wi in &l.words {
            let w = &words[wi];
            let em = w.size.max(l.size).max(1.0);
            if !cur.is_empty() && w.bbox.x0 - end >= GUTTER_EM * em {
                push_frag(words, li, std::mem::take(&mut cur), &mut out);
            }
            cur.push(wi);
            end = end.max(w.bbox.x1);
        }
        if !cur.is_empty() {
            push_frag(words, li, cur, &mut out);
        }
    }
    out
}

fn push_frag(words: &[Word], line: usize, idx: Vec<usize>, out: &mut Vec<Frag>) {
    let (bbox, baseline, size) = geometry(words, &idx);
    out.push(Frag {
        line,
        words: idx,
        bbox,
        baseline,
        size,
    });
}

/// A layout line from some words (left to right).
pub fn make_line(words: &[Word], idx: Vec<usize>, zone: Zone, column: usize) -> Line {
    let (bbox, baseline, size) = geometry(words, &idx);
    let text = join(words, &idx, true);
    let first = idx
        .iter()
        .find(|&&i| words[i].script == Script::Normal)
        .or(idx.first())
        .map(|&i| words[i].font.as_str())
        .unwrap_or("");
    Line {
        text,
        bbox,
        size,
        baseline,
        font: first.to_string(),
        bold: is_bold(first),
        italic: is_italic(first),
        zone,
        column,
        block: 0,
        note: None,
        words: idx,
    }
}

/// Text of words with spaces where the page shows space (a gap of more than 0.12 em), leaving
/// out superscripts when `skip_super` (their gap is carried over to the next word).
pub fn join(words: &[Word], idx: &[usize], skip_super: bool) -> String {
    let mut s = String::new();
    let mut pending_space = false;
    let mut prev: Option<&Word> = None;
    for &i in idx {
        let Some(w) = words.get(i) else { continue };
        let gap = prev
            .map(|p| w.bbox.x0 - p.bbox.x1 > 0.12 * w.size.max(p.size) || w.line != p.line)
            .unwrap_or(false);
        prev = Some(w);
        if skip_super && w.script == Script::Superscript {
            pending_space |= gap;
            continue;
        }
        if !s.is_empty() && (gap || pending_space) {
            s.push(' ');
        }
        pending_space = false;
        s.push_str(&w.text);
    }
    s
}

/// Sorts lines of one column top to bottom; lines on one visual row (baselines within 0.3 of
/// the size: table cells) left to right. Grouping first keeps the comparison a total order.
pub fn sort_rows(lines: &mut Vec<Line>) {
    lines.sort_by(|a, b| {
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut group: Vec<Line> = Vec::new();
    let mut base = f64::NAN;
    for l in lines.drain(..) {
        if !group.is_empty() && (l.baseline - base).abs() > 0.3 * l.size.max(1.0) {
            group.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
            out.append(&mut group);
        }
        if group.is_empty() {
            base = l.baseline;
        }
        group.push(l);
    }
    group.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    out.append(&mut group);
    *lines = out;
}

/// Rows of lines: indices of lines (sorted top to bottom) that share a baseline.
pub fn rows(lines: &[Line], idx: &[usize]) -> Vec<Vec<usize>> {
    let mut sorted: Vec<usize> = idx.to_vec();
    sorted.sort_by(|&a, &b| {
        lines[a]
            .baseline
            .total_cmp(&lines[b].baseline)
            .then(lines[a].bbox.x0.total_cmp(&lines[b].bbox.x0))
    });
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut base = f64::NAN;
    for i in sorted {
        let l = &lines[i];
        match out.last_mut() {
            Some(r) if (l.baseline - base).abs() <= 0.3 * l.size.max(1.0) => r.push(i),
            _ => {
                base = l.baseline;
                out.push(vec![i]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn word(text: &str, x0: f64, base: f64, size: f64, line: u32) -> Word {
        Word {
            text: text.into(),
            bbox: BBox {
                x0,
                y0: base - 0.8 * size,
                x1: x0 + 0.5 * size * text.chars().count() as f64,
                y1: base + 0.2 * size,
            },
            font: "Serif".into(),
            size,
            baseline: base,
            script: Script::Normal,
            line,
            invisible: false,
            dir: 0,
        }
    }

    #[test]
    fn a_line_across_a_narrow_gutter_splits_into_fragments() {
        // two columns 8 pt apart (0.8 em at 10 pt) on one baseline: one raw line
        let ws = vec![
            word("links", 50.0, 100.0, 10.0, 0),
            word("kolom", 78.0, 100.0, 10.0, 0),
            word("rechts", 111.0, 100.0, 10.0, 0),
        ];
        let raw = raw_lines(&ws);
        assert_eq!(raw.len(), 1);
        let f = fragments(&ws, &raw);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].words, vec![0, 1]);
        assert_eq!(f[1].words, vec![2]);
    }

    #[test]
    fn superscripts_leave_the_text_but_keep_the_space() {
        let mut ws = vec![
            word("BRP).", 50.0, 100.0, 10.0, 0),
            word("32", 77.0, 97.0, 6.0, 0),
            word("Asielzoekers", 90.0, 100.0, 10.0, 0),
        ];
        ws[1].script = Script::Superscript;
        assert_eq!(join(&ws, &[0, 1, 2], true), "BRP). Asielzoekers");
        assert_eq!(join(&ws, &[0, 1, 2], false), "BRP). 32 Asielzoekers");
    }
}
