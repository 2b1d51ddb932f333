//! Columns: gutters, bands and column boxes of a page.
//!
//! The page's fragments (see `lines`) are split recursively. At each level:
//! 1. The *coverage* of the region (how many fragments cover each point of the x axis, in
//!    1 pt bins) is computed; a **gutter** candidate is the lowest and widest valley of it: at
//!    least `GUTTER_EM` wide, at least `MIN_COL_EM` from both edges of the region, and covered
//!    by few fragments (none on a page of plain columns; a full-width caption or table crosses
//!    it on a mixed page).
//! 2. The region's visual rows (fragments on one baseline) are *crossing* when one of their
//!    fragments covers the gutter, or when they are table rows (three or more short cells on
//!    both sides of it); the other rows are *split*.
//! 3. Consecutive split rows form a candidate band of two columns. It is kept only when both
//!    sides look like columns of text: at least two rows each, at least `MIN_COL_EM` wide,
//!    most lines filling their column (justified or ragged prose, not short table cells),
//!    side by side over most of their height. Rows on one side only, below (or above) the
//!    other side's text by more than a line, leave the band: a short full-width caption
//!    under two columns is not part of the left column.
//! 4. Bands of columns and the full-width parts between them are split again (three columns,
//!    columns within a band), down to `MAX_DEPTH`.
//!
//! The result is the leaves in reading order: bands from the top, columns from the left.
//! Everything is linear in the fragments of the page (plus sorting) and in the page width.

use super::lines::{Frag, GUTTER_EM};

/// A column must be this many em wide.
const MIN_COL_EM: f64 = 6.0;
/// A gutter is covered by at most this fraction of the fragments that cover the busiest
/// point on either side of it (the rows crossing it: full-width captions, tables, notes).
const MAX_VALLEY: f64 = 0.45;
const MAX_DEPTH: usize = 6;
/// Gutter candidates tried per region, best first.
const MAX_GUTTERS: usize = 4;

/// A column box of the page: its fragments, and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    pub frags: Vec<usize>,
    pub band: usize,
    pub index: usize,
    pub of: usize,
}

/// Splits a page's fragments into column leaves, in reading order.
pub fn segment(frags: &[Frag], page_width: f64) -> Vec<Leaf> {
    let mut out = Vec::new();
    let mut band = 0usize;
    let all: Vec<usize> = (0..frags.len()).collect();
    if all.is_empty() {
        return out;
    }
    let _ = page_width;
    split(frags, all, 0, &mut band, (0, 1), &mut out);
    out
}

fn median(v: &mut [f64]) -> f64 {
    super::median(v).unwrap_or(10.0)
}

fn leaf(idx: Vec<usize>, band: &mut usize, pos: (usize, usize), out: &mut Vec<Leaf>) {
    if pos.0 == 0 {
        *band += 1;
    }
    out.push(Leaf {
        frags: idx,
        band: *band - 1,
        index: pos.0,
        of: pos.1,
    });
}

/// Rows of fragments: fragments sharing a baseline, top to bottom.
fn rows_of(frags: &[Frag], idx: &[usize], em: f64) -> Vec<Vec<usize>> {
    let mut sorted = idx.to_vec();
    sorted.sort_by(|&a, &b| {
        frags[a]
            .baseline
            .total_cmp(&frags[b].baseline)
            .then(frags[a].bbox.x0.total_cmp(&frags[b].bbox.x0))
    });
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut base = f64::NAN;
    for i in sorted {
        let f = &frags[i];
        match rows.last_mut() {
            Some(r) if (f.baseline - base).abs() <= 0.3 * f.size.max(0.5 * em) => r.push(i),
            _ => {
                base = f.baseline;
                rows.push(vec![i]);
            }
        }
    }
    rows
}

/// The best gutter candidate of a region: (x0, x1) of the least covered stripe.
/// Gutter candidates of a region: (x0, x1) of the least covered stripes, best first.
fn gutters(frags: &[Frag], idx: &[usize], em: f64) -> Vec<(f64, f64)> {
    let minx = idx
        .iter()
        .map(|&i| frags[i].bbox.x0)
        .fold(f64::INFINITY, f64::min);
    let maxx = idx
        .iter()
        .map(|&i| frags[i].bbox.x1)
        .fold(f64::NEG_INFINITY, f64::max);
    if !(minx.is_finite() && maxx.is_finite()) || maxx - minx < 2.0 * MIN_COL_EM * em {
        return Vec::new();
    }
    // capped before the cast: a damaged file can put words a googol points apart
    let bins = ((maxx - minx).ceil().min(20_000.0) as usize + 2).min(20_000);
    let mut diff = vec![0i64; bins + 1];
    for &i in idx {
        let b = &frags[i].bbox;
        let a = ((b.x0 - minx).floor().max(0.0) as usize).min(bins - 1);
        let z = ((b.x1 - minx).ceil().max(0.0) as usize).min(bins - 1);
        diff[a] += 1;
        diff[z + 1] -= 1;
    }
    let mut cov = Vec::with_capacity(bins);
    let mut c = 0i64;
    for d in diff.iter().take(bins) {
        c += d;
        cov.push(c);
    }
    // the highest coverage left and right of every point
    let mut left_max = vec![0i64; bins];
    let mut right_max = vec![0i64; bins];
    let mut m = 0i64;
    for k in 0..bins {
        m = m.max(cov[k]);
        left_max[k] = m;
    }
    m = 0;
    for k in (0..bins).rev() {
        m = m.max(cov[k]);
        right_max[k] = m;
    }
    let lo_limit = (MIN_COL_EM * em).ceil() as usize;
    let hi_limit = bins.saturating_sub(lo_limit);
    let min_w = (GUTTER_EM * em).max(3.0);
    // valleys: runs of points covered by few fragments against both sides; the lowest
    // ratio first, then the widest
    let low = |k: usize| {
        let sides = left_max[k].min(right_max[k]);
        sides >= 3 && (cov[k] as f64) <= MAX_VALLEY * sides as f64
    };
    let mut found: Vec<(f64, f64, usize, usize)> = Vec::new(); // ratio, width, start, end
    let mut k = lo_limit;
    while k < hi_limit {
        if !low(k) {
            k += 1;
            continue;
        }
        let mut e = k;
        let mut vmin = cov[k];
        while e + 1 < hi_limit && low(e + 1) {
            e += 1;
            vmin = vmin.min(cov[e]);
        }
        let width = (e + 1 - k) as f64;
        let sides = left_max[k.saturating_sub(1)].min(right_max[(e + 1).min(bins - 1)]);
        if width >= min_w && sides >= 3 {
            let ratio = vmin as f64 / sides as f64;
            found.push((ratio, width, k, e + 1));
        }
        k = e + 1;
    }
    found.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)));
    found
        .into_iter()
        .take(MAX_GUTTERS)
        .map(|(_, _, s, e)| (minx + s as f64, minx + e as f64))
        .collect()
}

/// A run of rows of a region: in two columns (true) or full width, and its row indices.
type Slab = (bool, Vec<usize>);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum RowKind {
    Crossing,
    Split,
}

struct Side {
    frags: Vec<usize>,
    rows: usize,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Side {
    fn new() -> Side {
        Side {
            frags: Vec::new(),
            rows: 0,
            x0: f64::INFINITY,
            x1: f64::NEG_INFINITY,
            y0: f64::INFINITY,
            y1: f64::NEG_INFINITY,
        }
    }
    fn add(&mut self, f: &Frag, i: usize) {
        self.frags.push(i);
        self.x0 = self.x0.min(f.bbox.x0);
        self.x1 = self.x1.max(f.bbox.x1);
        self.y0 = self.y0.min(f.bbox.y0);
        self.y1 = self.y1.max(f.bbox.y1);
    }
    fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    /// Most of its lines fill the column: prose, not table cells.
    fn is_text(&self, frags: &[Frag], em: f64) -> bool {
        if self.rows < 3 || self.width() < MIN_COL_EM * em {
            return false;
        }
        let full = self
            .frags
            .iter()
            .filter(|&&i| frags[i].bbox.x1 - frags[i].bbox.x0 >= 0.6 * self.width())
            .count();
        let words: usize = self.frags.iter().map(|&i| frags[i].words.len()).sum();
        full * 2 >= self.frags.len() && words >= 4 * self.frags.len()
    }
}

fn sides(frags: &[Frag], rows: &[Vec<usize>], g: (f64, f64)) -> (Side, Side) {
    let mid = (g.0 + g.1) / 2.0;
    let (mut l, mut r) = (Side::new(), Side::new());
    for row in rows {
        let (mut hl, mut hr) = (false, false);
        for &i in row {
            let f = &frags[i];
            if (f.bbox.x0 + f.bbox.x1) / 2.0 < mid {
                l.add(f, i);
                hl = true;
            } else {
                r.add(f, i);
                hr = true;
            }
        }
        l.rows += usize::from(hl);
        r.rows += usize::from(hr);
    }
    (l, r)
}

fn split(
    frags: &[Frag],
    idx: Vec<usize>,
    depth: usize,
    band: &mut usize,
    pos: (usize, usize),
    out: &mut Vec<Leaf>,
) {
    if idx.len() < 4 || depth >= MAX_DEPTH {
        return leaf(idx, band, pos, out);
    }
    let mut sizes: Vec<f64> = idx.iter().map(|&i| frags[i].size).collect();
    let em = median(&mut sizes).max(1.0);
    let rows = rows_of(frags, &idx, em);
    let mut chosen: Option<((f64, f64), Vec<Slab>)> = None;
    for g in gutters(frags, &idx, em) {
        let slabs = slabs_at(frags, &rows, g, em);
        if slabs.iter().any(|(two, _)| *two) {
            chosen = Some((g, slabs));
            break;
        }
    }
    let Some((g, slabs)) = chosen else {
        return leaf(idx, band, pos, out);
    };
    let whole = slabs.len() == 1;
    for (two, rs) in slabs {
        let members: Vec<usize> = rs.iter().flat_map(|&r| rows[r].iter().copied()).collect();
        if two {
            let sub: Vec<Vec<usize>> = rs.iter().map(|&r| rows[r].clone()).collect();
            let (l, r) = sides(frags, &sub, g);
            let mut lf = l.frags;
            let mut rf = r.frags;
            lf.sort_unstable();
            rf.sort_unstable();
            split(frags, lf, depth + 1, band, (0, 2), out);
            split(frags, rf, depth + 1, band, (1, 2), out);
        } else if whole {
            leaf(members, band, pos, out);
        } else {
            split(frags, members, depth + 1, band, (0, 1), out);
        }
    }
}

/// The slabs of a region's rows at gutter `g`: runs of rows in two columns (true) and
/// full-width runs (false), top to bottom.
fn slabs_at(
    frags: &[Frag],
    rows: &[Vec<usize>],
    g: (f64, f64),
    em: f64,
) -> Vec<(bool, Vec<usize>)> {
    let mid = (g.0 + g.1) / 2.0;
    // extents of the two sides over the whole region (fragments across the gutter aside),
    // for the table-row test
    let beside: Vec<Vec<usize>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .copied()
                .filter(|&i| !(frags[i].bbox.x0 < g.0 + 0.5 && frags[i].bbox.x1 > g.1 - 0.5))
                .collect()
        })
        .collect();
    let (all_l, all_r) = sides(frags, &beside, g);
    let rows = rows.to_vec();
    let kinds: Vec<RowKind> = rows
        .iter()
        .map(|row| {
            let crosses = row
                .iter()
                .any(|&i| frags[i].bbox.x0 < g.0 + 0.5 && frags[i].bbox.x1 > g.1 - 0.5);
            if crosses {
                return RowKind::Crossing;
            }
            // a table row: short cells on both sides of the gutter (a prose line split at a
            // wide word space has one short piece at most)
            let (mut sl, mut sr) = (0usize, 0usize);
            for &i in row {
                let f = &frags[i];
                let w = f.bbox.x1 - f.bbox.x0;
                if (f.bbox.x0 + f.bbox.x1) / 2.0 < mid {
                    sl += usize::from(w < 0.4 * all_l.width());
                } else {
                    sr += usize::from(w < 0.4 * all_r.width());
                }
            }
            let table_row = sl >= 1 && sr >= 1 && sl + sr >= 3;
            if table_row {
                RowKind::Crossing
            } else {
                RowKind::Split
            }
        })
        .collect();
    // runs of rows of one kind
    let mut runs: Vec<(RowKind, Vec<usize>)> = Vec::new();
    for (ri, k) in kinds.iter().enumerate() {
        match runs.last_mut() {
            Some((kk, v)) if kk == k => v.push(ri),
            _ => runs.push((*k, vec![ri])),
        }
    }
    // keep split runs that are real columns; the rest is full width
    let mut slabs: Vec<Slab> = Vec::new();
    for (k, rs) in runs {
        if k == RowKind::Split {
            let sub: Vec<Vec<usize>> = rs.iter().map(|&r| rows[r].clone()).collect();
            let (l, r) = sides(frags, &sub, g);
            let overlap = (l.y1.min(r.y1) - l.y0.max(r.y0)).max(0.0);
            let shorter = (l.y1 - l.y0).min(r.y1 - r.y0).max(1.0);
            // both sides prose; or one side prose and the other (a table, a chart's labels)
            // set on its own baselines, not row by row with it
            let (lt, rt) = (l.is_text(frags, em), r.is_text(frags, em));
            let both_rows = sub
                .iter()
                .filter(|row| {
                    let left = row
                        .iter()
                        .any(|&i| (frags[i].bbox.x0 + frags[i].bbox.x1) / 2.0 < mid);
                    let right = row
                        .iter()
                        .any(|&i| (frags[i].bbox.x0 + frags[i].bbox.x1) / 2.0 >= mid);
                    left && right
                })
                .count();
            let (text_rows, other_rows) = if lt {
                (l.rows, r.rows)
            } else {
                (r.rows, l.rows)
            };
            let independent = (lt || rt)
                && text_rows >= 4
                && other_rows >= 2
                && l.width() >= MIN_COL_EM * em
                && r.width() >= MIN_COL_EM * em
                && both_rows * 2 < other_rows;
            if ((lt && rt) || independent) && overlap >= 0.5 * shorter {
                // one-sided rows above or below the other side's text leave the band
                let pitch = 1.5 * em;
                let one_sided = |ri: usize| -> Option<bool> {
                    let row = &rows[ri];
                    let left = row
                        .iter()
                        .all(|&i| (frags[i].bbox.x0 + frags[i].bbox.x1) / 2.0 < mid);
                    let right = row
                        .iter()
                        .all(|&i| (frags[i].bbox.x0 + frags[i].bbox.x1) / 2.0 >= mid);
                    if left {
                        Some(true)
                    } else if right {
                        Some(false)
                    } else {
                        None
                    }
                };
                let row_top = |ri: usize| {
                    rows[ri]
                        .iter()
                        .map(|&i| frags[i].bbox.y0)
                        .fold(f64::INFINITY, f64::min)
                };
                let row_bottom = |ri: usize| {
                    rows[ri]
                        .iter()
                        .map(|&i| frags[i].bbox.y1)
                        .fold(f64::NEG_INFINITY, f64::max)
                };
                let mut head = 0;
                while head < rs.len() {
                    let ri = rs[head];
                    let other_top = match one_sided(ri) {
                        Some(true) => r.y0,
                        Some(false) => l.y0,
                        None => break,
                    };
                    if row_bottom(ri) + pitch < other_top {
                        head += 1;
                    } else {
                        break;
                    }
                }
                // the size of the columns' text, to tell a smaller line under them (a note)
                let col_size = {
                    let mut v: Vec<f64> = l
                        .frags
                        .iter()
                        .chain(r.frags.iter())
                        .map(|&i| frags[i].size)
                        .collect();
                    median(&mut v)
                };
                let row_size = |ri: usize| {
                    rows[ri]
                        .iter()
                        .map(|&i| frags[i].size)
                        .fold(0.0f64, f64::max)
                };
                let mut tail = rs.len();
                while tail > head {
                    let ri = rs[tail - 1];
                    let other_bottom = match one_sided(ri) {
                        Some(true) => r.y1,
                        Some(false) => l.y1,
                        None => break,
                    };
                    let other_type = (row_size(ri) - col_size).abs() > 0.08 * col_size;
                    if row_top(ri) > other_bottom + pitch
                        || (other_type && row_top(ri) > other_bottom - 0.2 * em)
                    {
                        tail -= 1;
                    } else {
                        break;
                    }
                }
                if head > 0 {
                    push_slab(&mut slabs, false, rs[..head].to_vec());
                }
                if tail > head {
                    push_slab(&mut slabs, true, rs[head..tail].to_vec());
                }
                if tail < rs.len() {
                    push_slab(&mut slabs, false, rs[tail..].to_vec());
                }
                continue;
            }
        }
        push_slab(&mut slabs, false, rs);
    }
    slabs
}

fn push_slab(slabs: &mut Vec<Slab>, two: bool, rows: Vec<usize>) {
    if rows.is_empty() {
        return;
    }
    match slabs.last_mut() {
        Some((t, v)) if !two && !*t => v.extend(rows),
        _ => slabs.push((two, rows)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::model::BBox;

    fn frag(x0: f64, x1: f64, base: f64) -> Frag {
        Frag {
            line: 0,
            // about one word per 25 pt
            words: (0..((x1 - x0) / 25.0).max(1.0) as usize).collect(),
            bbox: BBox {
                x0,
                y0: base - 8.0,
                x1,
                y1: base + 2.0,
            },
            baseline: base,
            size: 10.0,
        }
    }

    fn texts(out: &[Leaf], frags: &[Frag]) -> Vec<Vec<(i64, i64)>> {
        out.iter()
            .map(|l| {
                l.frags
                    .iter()
                    .map(|&i| (frags[i].bbox.x0 as i64, frags[i].baseline as i64))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn one_column_of_prose_is_one_leaf() {
        let f: Vec<Frag> = (0..20)
            .map(|k| frag(72.0, 520.0 - (k % 3) as f64 * 20.0, 100.0 + 12.0 * k as f64))
            .collect();
        let out = segment(&f, 595.0);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].of, 1);
    }

    #[test]
    fn two_columns_with_a_narrow_gutter() {
        // columns 72-290 and 300-518: a 10 pt gutter at 10 pt type
        let mut f = Vec::new();
        for k in 0..30 {
            let y = 100.0 + 12.0 * k as f64;
            f.push(frag(72.0, 290.0, y));
            f.push(frag(300.0, 518.0, y));
        }
        let out = segment(&f, 595.0);
        assert_eq!(out.len(), 2, "{:?}", texts(&out, &f));
        assert_eq!((out[0].index, out[0].of), (0, 2));
        assert!(out[0].frags.iter().all(|&i| f[i].bbox.x0 == 72.0));
        assert!(out[1].frags.iter().all(|&i| f[i].bbox.x0 == 300.0));
    }

    #[test]
    fn a_full_width_caption_between_two_column_text() {
        let mut f = Vec::new();
        for k in 0..10 {
            let y = 100.0 + 12.0 * k as f64;
            f.push(frag(72.0, 290.0, y));
            f.push(frag(300.0, 518.0, y));
        }
        // a full-width caption and a table of short cells across the page
        f.push(frag(72.0, 500.0, 240.0));
        for k in 0..4 {
            let y = 260.0 + 12.0 * k as f64;
            f.push(frag(72.0, 150.0, y));
            f.push(frag(280.0, 310.0, y));
            f.push(frag(480.0, 518.0, y));
        }
        for k in 0..10 {
            let y = 330.0 + 12.0 * k as f64;
            f.push(frag(72.0, 290.0, y));
            f.push(frag(300.0, 518.0, y));
        }
        let out = segment(&f, 595.0);
        let shape: Vec<(usize, usize, usize)> =
            out.iter().map(|l| (l.index, l.of, l.frags.len())).collect();
        assert_eq!(
            shape,
            vec![(0, 2, 10), (1, 2, 10), (0, 1, 13), (0, 2, 10), (1, 2, 10)]
        );
    }

    #[test]
    fn a_table_is_not_split_into_columns() {
        // a page with a table of a label column and number columns
        let mut f = Vec::new();
        for k in 0..15 {
            let y = 100.0 + 12.0 * k as f64;
            f.push(frag(72.0, 200.0 - (k % 4) as f64 * 25.0, y));
            f.push(frag(320.0, 350.0, y));
            f.push(frag(420.0, 450.0, y));
        }
        let out = segment(&f, 595.0);
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn a_short_caption_under_two_columns_leaves_the_left_column() {
        let mut f = Vec::new();
        for k in 0..10 {
            let y = 100.0 + 12.0 * k as f64;
            f.push(frag(72.0, 290.0, y));
            f.push(frag(300.0, 518.0, y));
        }
        f.push(frag(72.0, 250.0, 240.0));
        let out = segment(&f, 595.0);
        let shape: Vec<(usize, usize, usize)> =
            out.iter().map(|l| (l.index, l.of, l.frags.len())).collect();
        assert_eq!(shape, vec![(0, 2, 10), (1, 2, 10), (0, 1, 1)]);
    }
}
