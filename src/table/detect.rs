//! Where the tables of a page are, without a caption: runs of rows set in columns.
//!
//! A *row* is the page's words on one baseline (over all layout columns); its *runs* are
//! the word groups separated by white space of at least [`RUN_GAP`] em. A row is tabular
//! when it has two runs or more and is not two lines of prose side by side (every run a
//! long run of words). A table is a stack of tabular rows set at no more than a few line
//! pitches apart (a wrapped label or a group head of one run may stand between them), at
//! least [`MIN_ROWS`] of them, whose runs line up in at least two columns; the rows of one
//! run right above it that are not prose (the header lines) and the ruling lines drawn
//! around it belong to it.

use crate::layout::{PageLayout, Zone};
use crate::pdf::model::{BBox, Page, Script};

/// White space that separates runs of a row, in em.
pub const RUN_GAP: f64 = 1.0;
/// Tabular rows a table has at least.
pub const MIN_ROWS: usize = 2;
/// A run of this many words or more is prose.
const PROSE_WORDS: usize = 6;

#[derive(Debug, Clone)]
struct Run {
    x0: f64,
    x1: f64,
    words: usize,
}

#[derive(Debug, Clone)]
struct PRow {
    runs: Vec<Run>,
    top: f64,
    bottom: f64,
    size: f64,
    x0: f64,
    x1: f64,
}

impl PRow {
    fn tabular(&self) -> bool {
        self.runs.len() >= 2 && !self.runs.iter().all(|r| r.words >= PROSE_WORDS)
    }
    fn words(&self) -> usize {
        self.runs.iter().map(|r| r.words).sum()
    }
}

/// The rows of the page's body (running heads, page numbers and footnotes left out).
fn page_rows(page: &Page, pl: &PageLayout) -> Vec<PRow> {
    let mut words: Vec<usize> = pl
        .lines
        .iter()
        .filter(|l| l.zone == Zone::Body)
        .flat_map(|l| l.words.iter().copied())
        .filter(|&w| {
            page.words.get(w).is_some_and(|w| {
                !w.invisible
                    && w.dir == 0
                    && w.script == Script::Normal
                    && super::anywhere::typed_rule(&w.text).is_none()
            })
        })
        .collect();
    let ws = &page.words;
    words.sort_by(|&a, &b| ws[a].baseline.total_cmp(&ws[b].baseline));
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut base = f64::NAN;
    for w in words {
        match rows.last_mut() {
            Some(r) if (ws[w].baseline - base).abs() <= 0.35 * ws[w].size.max(1.0) => r.push(w),
            _ => {
                base = ws[w].baseline;
                rows.push(vec![w]);
            }
        }
    }
    rows.into_iter()
        .map(|mut r| {
            r.sort_by(|&a, &b| ws[a].bbox.x0.total_cmp(&ws[b].bbox.x0));
            let mut sizes: Vec<f64> = r.iter().map(|&w| ws[w].size).collect();
            let size = crate::layout::median(&mut sizes).unwrap_or(10.0).max(1.0);
            let mut runs: Vec<Run> = Vec::new();
            for &w in &r {
                let b = &ws[w].bbox;
                match runs.last_mut() {
                    Some(run) if b.x0 - run.x1 < RUN_GAP * size => {
                        run.x1 = run.x1.max(b.x1);
                        run.words += 1;
                    }
                    _ => runs.push(Run {
                        x0: b.x0,
                        x1: b.x1,
                        words: 1,
                    }),
                }
            }
            let top = r
                .iter()
                .map(|&w| ws[w].bbox.y0)
                .fold(f64::INFINITY, f64::min);
            let bottom = r
                .iter()
                .map(|&w| ws[w].bbox.y1)
                .fold(f64::NEG_INFINITY, f64::max);
            let x0 = runs.first().map(|x| x.x0).unwrap_or(0.0);
            let x1 = runs.last().map(|x| x.x1).unwrap_or(0.0);
            PRow {
                runs,
                top,
                bottom,
                size,
                x0,
                x1,
            }
        })
        .collect()
}

/// The runs of the rows line up in at least two columns: some x-interval between the
/// left and right edge that (almost) no run of the multi-run rows covers (a header run may
/// cross it).
fn aligned(rows: &[&PRow]) -> bool {
    let multi: Vec<&&PRow> = rows.iter().filter(|r| r.runs.len() >= 2).collect();
    if multi.len() < MIN_ROWS {
        return false;
    }
    let x0 = multi.iter().map(|r| r.x0).fold(f64::INFINITY, f64::min);
    let x1 = multi.iter().map(|r| r.x1).fold(f64::NEG_INFINITY, f64::max);
    let bins = ((x1 - x0).ceil().clamp(1.0, 5000.0)) as usize + 1;
    let mut cover = vec![0usize; bins];
    for r in &multi {
        for run in &r.runs {
            let a = ((run.x0 - x0).floor().max(0.0) as usize).min(bins - 1);
            let b = ((run.x1 - x0).ceil().max(0.0) as usize).min(bins - 1);
            for c in cover.iter_mut().take(b + 1).skip(a) {
                *c += 1;
            }
        }
    }
    let allowed = multi.len() / 4;
    let mut k = 0;
    while k < bins {
        if cover[k] > allowed {
            k += 1;
            continue;
        }
        let s = k;
        while k < bins && cover[k] <= allowed {
            k += 1;
        }
        if s > 0 && k < bins && k - s >= 3 {
            return true;
        }
    }
    false
}

/// A row is prose: one run, wide, of many words.
fn prose(r: &PRow, width: f64) -> bool {
    r.runs.len() == 1 && r.words() >= PROSE_WORDS && (r.x1 - r.x0) >= 0.5 * width
}

/// Boxes ruled as tables: connected ruling lines (touching within two points) with at
/// least three horizontal rules and two vertical ones (a grid), or at least three
/// horizontal rules over the same width (top, middle and bottom rule), holding two rows of
/// text or more.
fn ruled_boxes(page: &Page, rows: &[PRow]) -> Vec<BBox> {
    let rules: Vec<BBox> = page
        .rules
        .iter()
        .map(|r| r.bbox)
        .filter(|b| {
            (b.height() <= 2.0 && b.width() >= 10.0) || (b.width() <= 2.0 && b.height() >= 5.0)
        })
        .collect();
    if rules.len() < 3 || rules.len() > 5000 {
        return Vec::new();
    }
    // connected components (union-find)
    let mut parent: Vec<usize> = (0..rules.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let near = |a: &BBox, b: &BBox| {
        a.x0 <= b.x1 + 2.0 && b.x0 <= a.x1 + 2.0 && a.y0 <= b.y1 + 2.0 && b.y0 <= a.y1 + 2.0
    };
    for i in 0..rules.len() {
        for j in i + 1..rules.len() {
            if near(&rules[i], &rules[j]) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut comps: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..rules.len() {
        let r = find(&mut parent, i);
        comps.entry(r).or_default().push(i);
    }
    let width = {
        let x0 = rows.iter().map(|r| r.x0).fold(f64::INFINITY, f64::min);
        let x1 = rows.iter().map(|r| r.x1).fold(f64::NEG_INFINITY, f64::max);
        (x1 - x0).max(1.0)
    };
    // a frame or grid: two horizontal rules and two vertical ones at least (true), or a
    // stack of rules (false)
    let mut out: Vec<(BBox, bool)> = Vec::new();
    let mut loose: Vec<BBox> = Vec::new();
    for members in comps.values() {
        let h = members
            .iter()
            .filter(|&&i| rules[i].height() <= 2.0)
            .count();
        let v = members.len() - h;
        let b = members
            .iter()
            .map(|&i| rules[i])
            .reduce(|a, b| a.union(&b))
            .unwrap_or(rules[members[0]]);
        if h >= 2 && v >= 2 {
            out.push((b, true));
        } else if v == 0 {
            loose.push(b);
        }
    }
    // booktabs: horizontal rules of one width stacked (top, middle and bottom rule)
    loose.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    let mut used = vec![false; loose.len()];
    for i in 0..loose.len() {
        if used[i] {
            continue;
        }
        let mut group = vec![i];
        for j in i + 1..loose.len() {
            let last = loose[*group.last().unwrap_or(&i)];
            if !used[j]
                && (loose[j].x0 - loose[i].x0).abs() <= 3.0
                && (loose[j].x1 - loose[i].x1).abs() <= 3.0
                && loose[j].y0 - last.y1 <= 400.0
                && !rows
                    .iter()
                    .any(|r| r.top > last.y1 && r.bottom < loose[j].y0 && prose(r, width))
            {
                group.push(j);
            }
        }
        if group.len() >= 2 {
            for &j in &group {
                used[j] = true;
            }
            let b = group
                .iter()
                .map(|&j| loose[j])
                .reduce(|a, b| a.union(&b))
                .unwrap_or(loose[i]);
            out.push((b, false));
        }
    }
    // boxes of one width set close above each other (a header grid over rules between
    // the rows) are one table
    out.sort_by(|a, b| a.0.y0.total_cmp(&b.0.y0));
    let mut merged: Vec<(BBox, bool)> = Vec::new();
    for (b, frame) in out {
        match merged.last_mut() {
            // two frames are two tables
            Some((m, mframe))
                if !(*mframe && frame)
                    && (m.x0 - b.x0).abs() <= 3.0
                    && (m.x1 - b.x1).abs() <= 3.0
                    && b.y0 - m.y1 <= 30.0
                    && !rows
                        .iter()
                        .any(|r| r.top > m.y1 && r.bottom < b.y0 && prose(r, width)) =>
            {
                *m = m.union(&b);
                *mframe = *mframe || frame;
            }
            _ => merged.push((b, frame)),
        }
    }
    let mut out: Vec<BBox> = merged.into_iter().map(|(b, _)| b).collect();
    // it holds two rows of text or more (rows of tables side by side share baselines:
    // runs count)
    out.retain(|b| {
        rows.iter()
            .filter(|r| {
                let my = (r.top + r.bottom) / 2.0;
                my > b.y0
                    && my < b.y1
                    && r.runs.iter().any(|x| {
                        let mx = (x.x0 + x.x1) / 2.0;
                        mx > b.x0 && mx < b.x1
                    })
            })
            .count()
            >= 2
    });
    out
}

/// The areas of the page that hold tables.
pub fn areas(page: &Page, pl: &PageLayout) -> Vec<BBox> {
    let all = page_rows(page, pl);
    // a ruled box that rows run out of (a rule under the header only, borders drawn
    // around the label column) is part of a larger table: it widens the table found in
    // the text; a box no row runs out of is a table of its own, and its words are not
    // searched again
    let boxes = ruled_boxes(page, &all);
    let (whole, partial): (Vec<BBox>, Vec<BBox>) = boxes
        .iter()
        .copied()
        .partition(|b| !all.iter().any(|r| straddles(r, b, &boxes)));
    let rows: Vec<PRow> = all
        .into_iter()
        .map(|mut r| {
            let my = (r.top + r.bottom) / 2.0;
            r.runs.retain(|run| {
                let mx = (run.x0 + run.x1) / 2.0;
                !whole
                    .iter()
                    .any(|b| mx > b.x0 && mx < b.x1 && my > b.y0 && my < b.y1)
            });
            r.x0 = r.runs.first().map(|x| x.x0).unwrap_or(r.x0);
            r.x1 = r.runs.last().map(|x| x.x1).unwrap_or(r.x1);
            r
        })
        .filter(|r| !r.runs.is_empty())
        .collect();
    let mut out = text_areas(page, pl, rows);
    for a in out.iter_mut() {
        for b in &partial {
            if overlap(a, b) > 0.0 {
                *a = a.union(b);
            }
        }
    }
    // areas widened into each other are one
    let mut merged: Vec<BBox> = Vec::new();
    for a in out {
        match merged.iter_mut().find(|m| overlap(m, &a) > 0.0) {
            Some(m) => *m = m.union(&a),
            None => merged.push(a),
        }
    }
    let mut out = merged;
    out.retain(|a| {
        !whole
            .iter()
            .any(|b| overlap(a, b) > 0.5 * area(a).min(area(b)))
    });
    out.extend(whole);
    out.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    out
}

/// A row with runs inside the box and beside it (not in another ruled box: tables ruled
/// side by side), at a height inside it.
fn straddles(r: &PRow, b: &BBox, boxes: &[BBox]) -> bool {
    let my = (r.top + r.bottom) / 2.0;
    if my <= b.y0 || my >= b.y1 {
        return false;
    }
    let mid = |x: &Run| (x.x0 + x.x1) / 2.0;
    let inside = r.runs.iter().any(|x| mid(x) > b.x0 && mid(x) < b.x1);
    let beside = r.runs.iter().any(|x| {
        let m = mid(x);
        (m < b.x0 - 2.0 || m > b.x1 + 2.0)
            && !boxes
                .iter()
                .any(|o| o != b && m > o.x0 && m < o.x1 && my > o.y0 && my < o.y1)
    });
    inside && beside
}

fn area(b: &BBox) -> f64 {
    b.width().max(0.0) * b.height().max(0.0)
}

fn overlap(a: &BBox, b: &BBox) -> f64 {
    let w = (a.x1.min(b.x1) - a.x0.max(b.x0)).max(0.0);
    let h = (a.y1.min(b.y1) - a.y0.max(b.y0)).max(0.0);
    w * h
}

/// The areas of rows in aligned columns.
fn text_areas(page: &Page, pl: &PageLayout, rows: Vec<PRow>) -> Vec<BBox> {
    if rows.is_empty() {
        return Vec::new();
    }
    let width = {
        let x0 = rows.iter().map(|r| r.x0).fold(f64::INFINITY, f64::min);
        let x1 = rows.iter().map(|r| r.x1).fold(f64::NEG_INFINITY, f64::max);
        (x1 - x0).max(1.0)
    };
    let pitch = if pl.line_spacing > 0.0 {
        pl.line_spacing
    } else {
        1.2 * pl.body_size.max(8.0)
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if !rows[i].tabular() {
            i += 1;
            continue;
        }
        // down: tabular rows, and at most two rows of one run between them
        let start = i;
        let mut end = i + 1;
        let mut k = i + 1;
        while k < rows.len() {
            let gap = rows[k].top - rows[k - 1].bottom;
            if gap > 1.8 * pitch.max(rows[k].size) {
                break;
            }
            if rows[k].tabular() {
                end = k + 1;
                k += 1;
                continue;
            }
            if prose(&rows[k], width) {
                break;
            }
            // a short row: goes on only if a tabular row follows within two rows
            let resumes = (k + 1..(k + 3).min(rows.len()))
                .any(|j| rows[j].tabular() && rows[j].top - rows[j - 1].bottom <= 1.8 * pitch);
            if !resumes {
                // the label lines right under the last row belong to it (a wrapped label)
                break;
            }
            k += 1;
        }
        let members: Vec<&PRow> = rows[start..end].iter().collect();
        let tab = members.iter().filter(|r| r.tabular()).count();
        if tab < MIN_ROWS || !aligned(&members) {
            i = end;
            continue;
        }
        // up: header lines (not prose) set close above
        let mut first = start;
        while first > 0 && start - first < 4 {
            let above = &rows[first - 1];
            let gap = rows[first].top - above.bottom;
            if gap > 1.2 * pitch.max(above.size) || prose(above, width) {
                break;
            }
            first -= 1;
        }
        let mut bbox = BBox {
            x0: rows[first..end]
                .iter()
                .map(|r| r.x0)
                .fold(f64::INFINITY, f64::min),
            y0: rows[first].top,
            x1: rows[first..end]
                .iter()
                .map(|r| r.x1)
                .fold(f64::NEG_INFINITY, f64::max),
            y1: rows[end - 1].bottom,
        };
        // the ruling lines around it: a horizontal rule over its width just above or below
        for r in &page.rules {
            let b = &r.bbox;
            let wide = b.height() <= 2.0
                && b.x0 <= bbox.x0 + 0.2 * bbox.width()
                && b.x1 >= bbox.x1 - 0.2 * bbox.width();
            if !wide {
                continue;
            }
            if b.y1 < bbox.y0 && bbox.y0 - b.y1 <= 0.6 * pitch {
                bbox.y0 = b.y0;
            }
        }
        out.push(bbox);
        i = end;
    }
    out
}
