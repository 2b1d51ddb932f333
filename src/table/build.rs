//! From the grid to a table: header rows and column paths, stub columns and row paths,
//! logical rows (wrapped cells and labels joined), values.
//!
//! - **Header rows**: the grid's guess (rows set in another type than the numbers, or above
//!   the first number), less rows at its end that hold only a row label in the type of the
//!   body (a row group such as `2023`).
//! - **Stub columns**: the first column, and the columns after it whose body cells are
//!   text, as long as a column of numbers follows (`Vestigingsland`, `Sector`).
//! - **Column paths**: header cells are runs of header tokens without a gap of
//!   `grid::MIN_GAP` em; a cell wrapped over lines in the same columns is one cell; a cell
//!   over several columns is a level of each of their paths. A spanning header set centred
//!   over its columns may touch only some of them: in a row with fewer cells than columns,
//!   the columns go to the nearest cell (shaded cells and rules under a header give its
//!   span exactly where they are drawn).
//! - **Logical rows**: a line with values but no label continues the cells of the row above
//!   when it is set close to it and adds no second number to a cell (`Verenigde` / `Staten`);
//!   a label-only line continues the label above when set close and the label goes on
//!   (a lower-case start, a hyphen, a comma); otherwise it is the head of a row group (or the
//!   first line of a label whose values stand on the next line). A group holds the rows
//!   that follow until the next group, or a row whose label names two groups (`% verschil
//!   2024 t.o.v. 2023`). A row under a row with values, indented, is its sub-row.
//! - **Values**: `number::parse_cell` with the table's decimal-mark convention (its own
//!   numerals' evidence, else the document's) and the hints of the cell's row and column
//!   labels.

use super::grid::{Grid, Row, MIN_GAP};
use super::tokens::{Token, Tokens};
use super::{Table, TableCell};
use crate::number::{parse_cell, Cell, CellContext, Convention, Evidence, Hints, Status};
use crate::pdf::model::BBox;

/// Text of some tokens (left to right): a space where the page shows one.
pub fn text_of(t: &[Token], idx: &[usize]) -> String {
    let mut s = String::new();
    let mut prev: Option<&Token> = None;
    for &i in idx {
        let tok = &t[i];
        if let Some(p) = prev {
            let same_line = (tok.baseline - p.baseline).abs() <= 0.35 * tok.size.max(p.size);
            if !same_line || tok.x0 - p.x1 > 0.12 * tok.size.max(p.size) {
                s.push(' ');
            }
        }
        s.push_str(&tok.text);
        prev = Some(tok);
    }
    s
}

/// Lines of one cell joined: a line-end hyphen is dropped before a lower-case word
/// (`Vergunning-` + `houders`) unless a capital or digit stands before it (`EU-`), or the
/// next line starts with a capital (`Groot-` + `Brittannië`).
fn join_cell_lines(parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(p);
            continue;
        }
        if out.ends_with('-') && !out.ends_with(" -") {
            let before = out.chars().rev().nth(1);
            let next = p.chars().next();
            let real = before
                .map(|c| c.is_uppercase() || c.is_ascii_digit())
                .unwrap_or(true)
                || next
                    .map(|c| c.is_uppercase() || c.is_ascii_digit())
                    .unwrap_or(true);
            if !real {
                out.pop();
            }
            out.push_str(p);
        } else {
            out.push(' ');
            out.push_str(p);
        }
    }
    out
}

/// Does the cell read as a number (or a statistical symbol) in either convention?
fn is_number_cell(raw: &str) -> bool {
    [CellContext::dutch(), CellContext::english()]
        .iter()
        .any(|ctx| !matches!(parse_cell(raw, ctx).status, Status::Text | Status::Empty))
}

/// `(0.0979)`, `(1,189)`: a number in brackets without a percent sign (a standard error).
fn is_bracketed_number(raw: &str) -> bool {
    let raw = raw.trim();
    raw.strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .is_some_and(|inner| !inner.contains('%') && is_number_cell(inner))
}

/// A header cell: a run of header tokens in one row.
#[derive(Debug, Clone)]
struct HeadCell {
    row: usize,
    tokens: Vec<usize>,
    /// Font size of its tokens.
    size: f64,
    x0: f64,
    x1: f64,
    /// First and last column it covers.
    c0: usize,
    c1: usize,
}

/// Header cells of the header rows: runs without a gap of MIN_GAP em.
fn head_cells(t: &[Token], g: &Grid, h: usize) -> Vec<HeadCell> {
    let mut out = Vec::new();
    for (r, row) in g.rows.iter().enumerate().take(h) {
        let mut cur: Vec<usize> = Vec::new();
        for &i in &row.tokens {
            if let Some(&last) = cur.last() {
                let gap = t[i].x0 - t[last].x1;
                // a new cell at a wide gap, or where a drawn separator lies between
                let sep_between = g.ruled
                    && g.seps
                        .iter()
                        .any(|&s| s > t[last].x1 - 0.5 && s < t[i].x0 + 0.5);
                if gap >= MIN_GAP * t[i].size.max(1.0) || sep_between {
                    out.push(cell_of(t, g, r, std::mem::take(&mut cur)));
                }
            }
            cur.push(i);
        }
        if !cur.is_empty() {
            out.push(cell_of(t, g, r, cur));
        }
    }
    out
}

fn cell_of(t: &[Token], g: &Grid, row: usize, tokens: Vec<usize>) -> HeadCell {
    let x0 = tokens
        .iter()
        .map(|&i| t[i].x0)
        .fold(f64::INFINITY, f64::min);
    let x1 = tokens
        .iter()
        .map(|&i| t[i].x1)
        .fold(f64::NEG_INFINITY, f64::max);
    let c0 = g.col_of(x0 + 0.5);
    let c1 = g.col_of(x1 - 0.5).max(c0);
    let size = tokens.iter().map(|&i| t[i].size).fold(0.0f64, f64::max);
    HeadCell {
        row,
        size,
        tokens,
        x0,
        x1,
        c0,
        c1,
    }
}

/// Column x-ranges (from the separators and the tokens' extent).
fn col_ranges(t: &[Token], g: &Grid) -> Vec<(f64, f64)> {
    let x0 = t.iter().map(|x| x.x0).fold(f64::INFINITY, f64::min);
    let x1 = t.iter().map(|x| x.x1).fold(f64::NEG_INFINITY, f64::max);
    let mut edges = vec![x0];
    edges.extend(g.seps.iter().copied());
    edges.push(x1);
    edges.windows(2).map(|w| (w[0], w[1])).collect()
}

/// The span a drawn box gives a header cell: a shaded box around it, or a rule just
/// under it (booktabs `\cmidrule`); None when nothing is drawn there.
fn drawn_span(
    toks: &Tokens,
    g: &Grid,
    c: &HeadCell,
    t: &[Token],
    next_top: f64,
) -> Option<(usize, usize)> {
    let top = c
        .tokens
        .iter()
        .map(|&i| t[i].top)
        .fold(f64::INFINITY, f64::min);
    let bottom = c
        .tokens
        .iter()
        .map(|&i| t[i].bottom)
        .fold(f64::NEG_INFINITY, f64::max);
    let mid = (c.x0 + c.x1) / 2.0;
    // in a table drawn cell by cell, the vertical rules that cross the header's line bound
    // its cell: a rule under it may be drawn in pieces, one per column
    let ymid = (top + bottom) / 2.0;
    let vertical = |b: &BBox| b.width() <= 2.0 && b.y0 <= ymid && b.y1 >= ymid;
    let left = toks
        .rules
        .iter()
        .map(|r| &r.bbox)
        .filter(|b| vertical(b) && (b.x0 + b.x1) / 2.0 <= c.x0 + 1.0)
        .map(|b| (b.x0 + b.x1) / 2.0)
        .fold(f64::NEG_INFINITY, f64::max);
    let right = toks
        .rules
        .iter()
        .map(|r| &r.bbox)
        .filter(|b| vertical(b) && (b.x0 + b.x1) / 2.0 >= c.x1 - 1.0)
        .map(|b| (b.x0 + b.x1) / 2.0)
        .fold(f64::INFINITY, f64::min);
    let mut best: Option<(f64, f64)> = (left.is_finite()
        && right.is_finite()
        && g.ruled
        && g.seps.iter().any(|&s| s > left + 1.0 && s < right - 1.0))
    .then_some((left, right));
    let bounded = best.is_some();
    for r in toks.rules.iter().filter(|_| !bounded) {
        let b = &r.bbox;
        let around = r.filled
            && b.x0 <= c.x0 + 1.0
            && b.x1 >= c.x1 - 1.0
            && b.y0 <= top + 1.0
            && b.y1 >= bottom - 1.0;
        let under = !r.filled
            && b.height() <= 2.0
            && b.y0 >= bottom - 1.0
            && b.y0 <= next_top + 1.0
            && b.x0 <= mid
            && b.x1 >= mid;
        if around || under {
            // the narrowest such box
            if best.map(|(a, z)| b.x1 - b.x0 < z - a).unwrap_or(true) {
                best = Some((b.x0, b.x1));
            }
        }
    }
    let (a, z) = best?;
    let ranges = col_ranges(t, g);
    let cols: Vec<usize> = (0..ranges.len())
        .filter(|&k| {
            let (x0, x1) = ranges[k];
            let m = (x0 + x1) / 2.0;
            m >= a - 1.0 && m <= z + 1.0
        })
        .collect();
    let (a, z) = (*cols.first()?, *cols.last()?);
    // a rule under the whole header (booktabs' midrule) or a box around all of it says
    // nothing about one header's span
    if a == 0 && z + 1 == ranges.len() {
        return None;
    }
    Some((a, z))
}

/// Spans for runs of one header row (left to right) by dynamic programming: each span holds
/// its run's text, spans do not overlap each other or `blocked`, and the sum of the skews
/// (how unequal the margins left and right of the text are) plus a small cost per value
/// column left out is least.
fn centred_spans(
    ranges: &[(f64, f64)],
    cells: &[HeadCell],
    runs: &[usize],
    lo: usize,
    blocked: &[(usize, usize)],
    blocks: &[(usize, usize)],
) -> Option<Vec<(usize, usize)>> {
    const LEFT_OUT: f64 = 2.0;
    let n = ranges.len();
    if runs.is_empty() || n > 60 {
        return None;
    }
    // a span is a union of whole blocks of the row below (a header never cuts a lower one)
    let starts: Vec<usize> = blocks.iter().map(|b| b.0).collect();
    let ends: Vec<usize> = blocks.iter().map(|b| b.1).collect();
    let free = |a: usize, z: usize| {
        !blocked.iter().any(|&(ba, bz)| a <= bz && ba <= z)
            && starts.contains(&a)
            && ends.contains(&z)
    };
    // options per run: (a, z, cost)
    let options: Vec<Vec<(usize, usize, f64)>> = runs
        .iter()
        .map(|&k| {
            let (x0, x1) = (cells[k].x0, cells[k].x1);
            let mut v = Vec::new();
            for a in lo..n {
                for z in a..n {
                    let (sx, ex) = (ranges[a].0, ranges[z].1);
                    // the run may stand out a little past the columns' text (an em)
                    let slack = cells[k].size.max(1.0);
                    if sx > x0 + slack || ex < x1 - slack || !free(a, z) {
                        continue;
                    }
                    v.push((a, z, ((x0 - sx) - (ex - x1)).abs()));
                }
            }
            v
        })
        .collect();
    // best[i][j]: least cost with run i taking option j (and runs before it placed)
    let mut best: Vec<Vec<(f64, Option<usize>)>> = Vec::with_capacity(runs.len());
    for (i, opts) in options.iter().enumerate() {
        let mut row = Vec::with_capacity(opts.len());
        for &(a, _, cost) in opts {
            if i == 0 {
                row.push((cost + LEFT_OUT * (a - lo) as f64, None));
                continue;
            }
            let prev = best[i - 1]
                .iter()
                .enumerate()
                .filter(|(pj, _)| options[i - 1][*pj].1 < a)
                .map(|(pj, (c, _))| (c + LEFT_OUT * (a - options[i - 1][pj].1 - 1) as f64, pj))
                .min_by(|x, y| x.0.total_cmp(&y.0));
            match prev {
                Some((c, pj)) => row.push((c + cost, Some(pj))),
                None => row.push((f64::INFINITY, None)),
            }
        }
        best.push(row);
    }
    let last = runs.len() - 1;
    let (mut j, _) = best[last]
        .iter()
        .enumerate()
        .map(|(j, (c, _))| (j, c + LEFT_OUT * (n - 1 - options[last][j].1) as f64))
        .filter(|(_, c)| c.is_finite())
        .min_by(|x, y| x.1.total_cmp(&y.1))?;
    let mut out = vec![(0, 0); runs.len()];
    for i in (0..runs.len()).rev() {
        out[i] = (options[i][j].0, options[i][j].1);
        match best[i][j].1 {
            Some(pj) => j = pj,
            None if i > 0 => return None,
            None => {}
        }
    }
    Some(out)
}

/// Column paths of the value columns and the stub headers.
fn headers(
    t: &[Token],
    toks: &Tokens,
    g: &Grid,
    h: usize,
    nstub: usize,
) -> (Vec<Vec<String>>, Vec<String>) {
    let ncols = g.ncols();
    let mut cells = head_cells(t, g, h);
    let ranges = col_ranges(t, g);
    // a spanning row: fewer runs over the value columns than columns with a header below it
    let below_cols = |r: usize, cells: &[HeadCell]| -> usize {
        (nstub..ncols)
            .filter(|&c| {
                cells.iter().any(|x| {
                    x.row > r && {
                        let m = (x.x0 + x.x1) / 2.0;
                        g.col_of(m) == c
                    }
                })
            })
            .count()
    };
    let mut spans: Vec<Option<(usize, usize)>> = vec![None; cells.len()];
    // the extent of what each column holds (body tokens, and header runs of rows that are
    // not spanning rows): where a header centred over columns is measured against
    let spanning_row = |r: usize| {
        let runs = cells
            .iter()
            .filter(|x| x.row == r && g.col_of((x.x0 + x.x1) / 2.0) >= nstub)
            .count();
        runs < below_cols(r, &cells)
    };
    let mut content: Vec<(f64, f64)> = vec![(f64::INFINITY, f64::NEG_INFINITY); ncols];
    // the body as far as its last row with a digit; text running across it is not a cell
    let width = t.iter().map(|x| x.x1).fold(f64::NEG_INFINITY, f64::max)
        - t.iter().map(|x| x.x0).fold(f64::INFINITY, f64::min);
    let last_digit = g
        .rows
        .iter()
        .rposition(|r| {
            r.tokens
                .iter()
                .any(|&i| t[i].text.chars().any(|ch| ch.is_ascii_digit()))
        })
        .unwrap_or(g.rows.len());
    for row in g
        .rows
        .iter()
        .take(last_digit + 1)
        .skip(h)
        .filter(|r| !super::grid::spans_across(t, r, width))
    {
        for &i in &row.tokens {
            let c = g.col(i).min(ncols - 1);
            content[c] = (content[c].0.min(t[i].x0), content[c].1.max(t[i].x1));
        }
    }
    let body_content = content.clone();
    // the pitch of the body rows
    let body_pitch = {
        let mut d: Vec<f64> = g
            .rows
            .iter()
            .take(last_digit + 1)
            .skip(h)
            .map(|r| r.baseline)
            .collect::<Vec<_>>()
            .windows(2)
            .map(|w| w[1] - w[0])
            .collect();
        crate::layout::median(&mut d).unwrap_or(f64::INFINITY)
    };
    for x in cells.iter().filter(|x| !spanning_row(x.row)) {
        let c = g.col_of((x.x0 + x.x1) / 2.0);
        content[c] = (content[c].0.min(x.x0), content[c].1.max(x.x1));
    }
    let content: Vec<(f64, f64)> = content
        .iter()
        .zip(&ranges)
        .map(|(c, r)| if c.0 <= c.1 { *c } else { *r })
        .collect();
    // rows bottom up: a spanning header is laid over the spans of the rows under it
    let mut blocks: Vec<(usize, usize)> = (nstub..ncols).map(|c| (c, c)).collect();
    for r in (0..h).rev() {
        let next_top = g.rows.get(r + 1).map(|x| x.top).unwrap_or(f64::INFINITY);
        let in_row: Vec<usize> = (0..cells.len()).filter(|&k| cells[k].row == r).collect();
        let mid_col = |k: usize| g.col_of((cells[k].x0 + cells[k].x1) / 2.0);
        let value_runs: Vec<usize> = in_row
            .iter()
            .copied()
            .filter(|&k| mid_col(k) >= nstub)
            .collect();
        let spanning = value_runs.len() < below_cols(r, &cells);
        // drawn spans first
        for &k in &in_row {
            let m = mid_col(k);
            if let Some(span) = drawn_span(toks, g, &cells[k], t, next_top) {
                if span.0 <= m && m <= span.1 {
                    spans[k] = Some(span);
                }
            }
            if m < nstub && spans[k].is_none() {
                spans[k] = Some((m, m));
            }
        }
        if spanning {
            // centred spans: the runs of the row, left to right, get contiguous spans that
            // do not overlap, hold each run's text, and leave the most equal margins left and
            // right of it over all runs together (`\multicolumn` and Writer centre a header
            // over its columns); a column left out costs a little
            // a run flush with one column's body (a wrapped header set flush right over its
            // numbers, or flush left) is that column's, not a spanning header
            for &k in &value_runs {
                if spans[k].is_some() {
                    continue;
                }
                let (x0, x1) = (cells[k].x0, cells[k].x1);
                // ... and set as one cell with the header line under it: closer than the
                // body rows are set (a new header level stands further apart)
                let wrapped_into = |c: usize| {
                    g.rows.get(r + 1).is_some_and(|next| {
                        next.baseline - g.rows[r].baseline < 0.97 * body_pitch
                            && cells
                                .iter()
                                .any(|x| x.row == r + 1 && g.col_of((x.x0 + x.x1) / 2.0) == c)
                    })
                };
                let flush = (nstub..ncols).find(|&c| {
                    let (b0, b1) = body_content[c];
                    b0 <= b1
                        && ((x1 - b1).abs() <= 1.5 || (x0 - b0).abs() <= 1.5)
                        && x1 - x0 <= 1.6 * (ranges[c].1 - ranges[c].0)
                        && wrapped_into(c)
                });
                if let Some(c) = flush {
                    spans[k] = Some((c, c));
                }
            }
            let mut runs: Vec<usize> = value_runs
                .iter()
                .copied()
                .filter(|&k| spans[k].is_none())
                .collect();
            runs.sort_by(|&a, &b| cells[a].x0.total_cmp(&cells[b].x0));
            let blocked: Vec<(usize, usize)> = in_row.iter().filter_map(|&k| spans[k]).collect();
            if let Some(chosen) = centred_spans(&content, &cells, &runs, nstub, &blocked, &blocks) {
                for (k, span) in runs.iter().zip(chosen) {
                    spans[*k] = Some(span);
                }
            }
            // the blocks for the rows above: this row's spans, and the blocks they leave
            let here: Vec<(usize, usize)> = in_row
                .iter()
                .filter_map(|&k| spans[k])
                .filter(|s| s.0 >= nstub)
                .collect();
            let mut next: Vec<(usize, usize)> = here.clone();
            next.extend(
                blocks
                    .iter()
                    .copied()
                    .filter(|b| !here.iter().any(|h| b.0 <= h.1 && h.0 <= b.1)),
            );
            next.sort_unstable();
            blocks = next;
        }
        for &k in &in_row {
            if spans[k].is_none() {
                let m = mid_col(k);
                spans[k] = Some((m, m));
            }
        }
    }
    let spans: Vec<(usize, usize)> = spans
        .into_iter()
        .enumerate()
        .map(|(k, s)| {
            s.unwrap_or_else(|| {
                let m = g.col_of((cells[k].x0 + cells[k].x1) / 2.0);
                (m, m)
            })
        })
        .collect();
    for (c, s) in cells.iter_mut().zip(&spans) {
        c.c0 = s.0;
        c.c1 = s.1;
    }
    // a cell wrapped over lines: runs of consecutive rows with the same span are one cell
    let mut stacks: Vec<(Vec<usize>, usize, usize)> = Vec::new(); // runs, c0, c1
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by_key(|&k| (cells[k].row, cells[k].c0));
    for k in order {
        let c = &cells[k];
        let cont = stacks.iter_mut().rev().find(|(members, c0, c1)| {
            members
                .last()
                .map(|&m| *c0 == c.c0 && *c1 == c.c1 && cells[m].row + 1 == c.row)
                .unwrap_or(false)
        });
        match cont {
            Some((members, _, _)) => members.push(k),
            None => stacks.push((vec![k], c.c0, c.c1)),
        }
    }
    let stack_text = |members: &[usize]| -> String {
        let parts: Vec<String> = members
            .iter()
            .map(|&k| text_of(t, &cells[k].tokens))
            .collect();
        join_cell_lines(&parts)
    };
    let mut columns: Vec<Vec<String>> = Vec::new();
    for c in nstub..ncols {
        let mut path: Vec<(usize, String)> = stacks
            .iter()
            .filter(|(_, c0, c1)| *c0 <= c && c <= *c1 && *c1 >= nstub)
            .filter_map(|(m, _, _)| m.first().map(|&k| (cells[k].row, stack_text(m))))
            .filter(|(_, s)| !s.is_empty())
            .collect();
        path.sort_by_key(|(r, _)| *r);
        columns.push(path.into_iter().map(|(_, s)| s).collect());
    }
    let mut stub = Vec::new();
    for c in 0..nstub {
        // a stub header drawn over several stub columns is the first one's
        let texts: Vec<String> = stacks
            .iter()
            .filter(|(_, c0, c1)| *c0 == c && *c1 < nstub)
            .map(|(m, _, _)| stack_text(m))
            .filter(|s| !s.is_empty())
            .collect();
        stub.push(texts.join(" "));
    }
    (columns, stub)
}

/// A body row being built.
#[derive(Debug, Clone)]
struct LRow {
    /// Label per stub column, as lines.
    labels: Vec<Vec<String>>,
    /// Tokens per value column.
    cells: Vec<Vec<usize>>,
    /// Text rows it is made of.
    lines: Vec<usize>,
    bold: bool,
    italic: bool,
    x0: f64,
    bottom: f64,
    size: f64,
    /// A label-only row: a group head (decided when the next row comes).
    pending: bool,
}

fn label_open(s: &str) -> bool {
    let s = s.trim_end();
    s.ends_with(['-', ',', '(', '/'])
        || [
            "en", "van", "de", "het", "of", "in", "op", "voor", "met", "over", "excl.", "incl.",
        ]
        .iter()
        .any(|w| s.rsplit(' ').next() == Some(*w))
}

fn starts_lower(s: &str) -> bool {
    s.trim()
        .chars()
        .next()
        .map(|c| c.is_lowercase())
        .unwrap_or(false)
}

/// The white space that tells rows apart in a table whose rows are set apart by more than
/// the lines inside a cell: the middle of the widest jump between the gaps of successive
/// text rows, when the larger gaps are at least twice the smaller, both kinds occur and
/// the larger at least twice.
fn text_row_split(rows: &[Row]) -> Option<f64> {
    let mut gaps: Vec<f64> = rows
        .windows(2)
        .map(|w| (w[1].top - w[0].bottom).max(0.0))
        .collect();
    if gaps.len() < 2 {
        return None;
    }
    gaps.sort_by(|a, b| a.total_cmp(b));
    let size = rows.iter().map(|r| r.size).fold(0.0f64, f64::max).max(1.0);
    let mut best: Option<(f64, f64)> = None;
    for w in gaps.windows(2) {
        let (a, b) = (w[0], w[1]);
        let jump = b - a;
        if b >= 2.0 * a.max(0.1 * size) && jump >= 0.3 * size && best.is_none_or(|(j, _)| jump > j)
        {
            best = Some((jump, (a + b) / 2.0));
        }
    }
    // rows set apart more than once (one wider gap is a header or a group standing apart)
    best.filter(|(_, mid)| gaps.iter().filter(|&&g| g > *mid).count() >= 2)
        .map(|(_, mid)| mid)
}

/// A table and how it was read from the grid.
pub struct Built {
    pub table: Table,
    /// Per text row of the grid: the body row it belongs to (None in the header).
    pub row_of: Vec<Option<usize>>,
    pub header_rows: usize,
    pub stub_columns: usize,
    /// Per body row: its own label per stub column, as printed (not filled down, without
    /// its group).
    pub labels: Vec<Vec<String>>,
    /// Group heads: (the body row they stand above, their text).
    pub groups: Vec<(usize, String)>,
}

pub fn table(g: &Grid, toks: &Tokens, document: Convention) -> Option<Built> {
    let t = &toks.tokens;
    let ncols = g.ncols();
    if ncols < 2 || g.rows.is_empty() {
        return None;
    }
    // tokens per (text row, column)
    let per: Vec<Vec<Vec<usize>>> = g
        .rows
        .iter()
        .map(|row| {
            let mut cols = vec![Vec::new(); ncols];
            for &i in &row.tokens {
                if let Some(c) = cols.get_mut(g.col(i)) {
                    c.push(i);
                }
            }
            cols
        })
        .collect();
    // the pitch of the rows with digits under the guessed header
    let digit_pitch = {
        let b: Vec<f64> = g
            .rows
            .iter()
            .skip(g.header_guess)
            .filter(|r| {
                r.tokens
                    .iter()
                    .any(|&i| t[i].text.chars().any(|c| c.is_ascii_digit()))
            })
            .map(|r| r.baseline)
            .collect();
        let mut d: Vec<f64> = b.windows(2).map(|w| w[1] - w[0]).collect();
        crate::layout::median(&mut d).unwrap_or(f64::INFINITY)
    };
    // header rows: the grid's guess, less label-only rows at its end in the body's type
    let mut h = g.header_guess.min(g.rows.len());
    while h > 0 {
        let r = h - 1;
        let only_label = per[r].iter().skip(1).all(|c| c.is_empty());
        let body_type = g.rows[r]
            .tokens
            .iter()
            .any(|&i| t[i].font == g.body_font || t[i].italic || t[i].bold);
        // a label-only line set close under the header line above it is the stub header
        // wrapped over lines, not a row group
        let close_above = r > 0 && {
            let d = g.rows[r].baseline - g.rows[r - 1].baseline;
            d <= 1.3 * g.rows[r].size.max(1.0) && d < 0.95 * digit_pitch
        };
        if only_label && body_type && h > 1 && !close_above {
            h -= 1;
        } else {
            break;
        }
    }
    if h >= g.rows.len() {
        return None;
    }
    // stub columns: the first, and text columns after it while a number column follows
    let body_rows: Vec<usize> = (h..g.rows.len()).collect();
    let numeric_col = |c: usize| -> (usize, usize) {
        let mut filled = 0;
        let mut numbers = 0;
        for &r in &body_rows {
            if !per[r][c].is_empty() {
                filled += 1;
                numbers += usize::from(is_number_cell(&text_of(t, &per[r][c])));
            }
        }
        (filled, numbers)
    };
    let stats: Vec<(usize, usize)> = (0..ncols).map(numeric_col).collect();
    let any_numbers = stats.iter().skip(1).any(|&(f, n)| n > 0 && n * 2 >= f);
    let mut nstub = 1;
    if any_numbers {
        while nstub + 1 < ncols {
            let (f, n) = stats[nstub];
            let later_numbers = stats
                .iter()
                .skip(nstub + 1)
                .any(|&(f, n)| n > 0 && n * 2 >= f);
            if f > 0 && n == 0 && later_numbers {
                nstub += 1;
            } else {
                break;
            }
        }
    }
    let (columns, stub) = headers(t, toks, g, h, nstub);
    let nval = ncols - nstub;
    // the pitch at which body rows with values are set (their median baseline distance)
    let row_pitch = {
        let value_rows: Vec<f64> = (h..g.rows.len())
            .filter(|&r| {
                per[r]
                    .iter()
                    .skip(nstub)
                    .any(|c| !c.is_empty() && (!any_numbers || is_number_cell(&text_of(t, c))))
            })
            .map(|r| g.rows[r].baseline)
            .collect();
        let mut d: Vec<f64> = value_rows.windows(2).map(|w| w[1] - w[0]).collect();
        crate::layout::median(&mut d).unwrap_or(f64::INFINITY)
    };
    // logical rows
    let mut rows: Vec<LRow> = Vec::new();
    // the table ends with its last row holding a number, and the label lines set close under
    // it; what follows (link lines, notes, `vervolg op de volgende pagina`) is not the table's
    let last_number = (h..g.rows.len())
        .rev()
        .find(|&r| {
            per[r]
                .iter()
                .skip(nstub)
                .any(|c| !c.is_empty() && is_number_cell(&text_of(t, c)))
        })
        .unwrap_or(g.rows.len().saturating_sub(1));
    let mut end = last_number + 1;
    if any_numbers {
        while end < g.rows.len()
            && per[end].iter().skip(nstub).all(|c| c.is_empty())
            && per[end].iter().take(nstub).any(|c| !c.is_empty())
            && g.rows[end].baseline - g.rows[end - 1].baseline <= 1.05 * row_pitch
        {
            end += 1;
        }
    } else {
        end = g.rows.len();
    }
    // in a table of text whose rows are set apart by more space than the lines within a
    // cell, the lines closer than that are one row (a cell of several lines)
    let cell_lines_gap = if any_numbers {
        None
    } else {
        text_row_split(&g.rows[h..end])
    };
    for r in h..end {
        let row: &Row = &g.rows[r];
        let labels: Vec<Vec<usize>> = (0..nstub).map(|c| per[r][c].clone()).collect();
        let cells: Vec<Vec<usize>> = (nstub..ncols).map(|c| per[r][c].clone()).collect();
        let has_label = labels.iter().any(|l| !l.is_empty());
        let has_values = cells.iter().any(|c| !c.is_empty());
        if !has_label && !has_values {
            continue;
        }
        let label_toks: Vec<usize> = labels.iter().flatten().copied().collect();
        let row_x0 = row
            .tokens
            .iter()
            .map(|&i| t[i].x0)
            .fold(f64::INFINITY, f64::min);
        let bold = label_toks.iter().any(|&i| t[i].bold);
        let italic = label_toks.iter().any(|&i| t[i].italic);
        let x0 = label_toks
            .iter()
            .map(|&i| t[i].x0)
            .fold(f64::INFINITY, f64::min);
        let label_text: Vec<String> = labels.iter().map(|l| text_of(t, l)).collect();
        let first_label = label_text
            .iter()
            .find(|s| !s.is_empty())
            .cloned()
            .unwrap_or_default();
        // set close under the row above, and no rule drawn between them (in a table ruled
        // row by row, lines in one drawn cell are one cell)
        let tight = |prev: &LRow| {
            let above = prev
                .lines
                .last()
                .and_then(|&l| g.rows.get(l))
                .map(|l| l.baseline)
                .unwrap_or(prev.bottom);
            let ruled = toks.rules.iter().any(|rb| {
                let b = &rb.bbox;
                let y = (b.y0 + b.y1) / 2.0;
                b.height() <= 2.0
                    && b.width() >= 2.0 * row.size
                    && y > above
                    && y < row.baseline - 0.6 * row.size
                    && b.x0 <= row_x0 + 2.0
                    && b.x1 >= row_x0 + 2.0
            });
            row.top - prev.bottom <= 0.45 * row.size.max(prev.size) && !ruled
        };
        let new_row = LRow {
            labels: label_text
                .iter()
                .map(|s| {
                    if s.is_empty() {
                        vec![]
                    } else {
                        vec![s.clone()]
                    }
                })
                .collect(),
            cells: cells.clone(),
            lines: vec![r],
            bold,
            italic,
            x0,
            bottom: row.bottom,
            size: row.size,
            pending: has_label && !has_values,
        };
        let Some(prev) = rows.last_mut() else {
            rows.push(new_row);
            continue;
        };
        let prev_label = prev
            .labels
            .iter()
            .flatten()
            .last()
            .cloned()
            .unwrap_or_default();
        if has_label && !has_values {
            // the label above goes on: set close, and the words go on, or the line is the
            // table's last, or it stands closer than the rows are set (a label wrapped in a
            // narrow column, its values on its first line)
            let last_line = r + 1 == end;
            let closer = row.baseline - g.rows[r - 1].baseline < 0.95 * row_pitch;
            if tight(prev)
                && !prev_label.is_empty()
                && (starts_lower(&first_label) || label_open(&prev_label) || last_line || closer)
                && prev.cells.iter().any(|c| !c.is_empty())
            {
                for (c, s) in label_text.iter().enumerate() {
                    if !s.is_empty() {
                        prev.labels[c].push(s.clone());
                    }
                }
                prev.lines.push(r);
                prev.bottom = row.bottom;
                continue;
            }
            rows.push(new_row);
            continue;
        }
        if !has_label && has_values {
            // the cells above go on: close, and no cell gets a second number
            let adds_number = cells.iter().enumerate().any(|(c, toks_c)| {
                !toks_c.is_empty()
                    && !prev.cells[c].is_empty()
                    && is_number_cell(&text_of(t, toks_c))
            });
            // a line of bracketed numbers under a line of numbers (the standard errors of
            // a regression table under its coefficients) is a row of its own; a share set
            // under its count (`(11,3%)`) goes on the cell above
            let bracketed: Vec<&Vec<usize>> = cells.iter().filter(|c| !c.is_empty()).collect();
            let under_numbers = cells.iter().enumerate().all(|(c, toks_c)| {
                toks_c.is_empty()
                    || prev.cells[c].is_empty()
                    || is_number_cell(&text_of(t, &prev.cells[c]))
            });
            let adds_number = adds_number
                || (!bracketed.is_empty()
                    && under_numbers
                    && bracketed
                        .iter()
                        .all(|c| is_bracketed_number(&text_of(t, c))));
            if prev.pending && tight(prev) {
                // the values of a label set over two lines stand on its last line
                prev.cells = cells;
                prev.lines.push(r);
                prev.bottom = row.bottom;
                prev.pending = false;
                continue;
            }
            if tight(prev) && !adds_number {
                for (c, toks_c) in cells.into_iter().enumerate() {
                    prev.cells[c].extend(toks_c);
                }
                prev.lines.push(r);
                prev.bottom = row.bottom;
                continue;
            }
            rows.push(new_row);
            continue;
        }
        // label and values: a pending label-only line right above, set close and going on,
        // is the first line of this label
        if prev.pending
            && tight(prev)
            && (starts_lower(&first_label) || label_open(&prev_label))
            && prev.bold == bold
            && prev.italic == italic
        {
            for (c, s) in label_text.iter().enumerate() {
                if !s.is_empty() {
                    prev.labels[c].push(s.clone());
                }
            }
            prev.cells = cells;
            prev.lines.push(r);
            prev.bottom = row.bottom;
            prev.pending = false;
            continue;
        }
        if let Some(split) = cell_lines_gap {
            if row.top - prev.bottom < split && tight(prev) {
                for (c, s) in label_text.iter().enumerate() {
                    if !s.is_empty() {
                        prev.labels[c].push(s.clone());
                    }
                }
                for (c, toks_c) in cells.into_iter().enumerate() {
                    prev.cells[c].extend(toks_c);
                }
                prev.lines.push(r);
                prev.bottom = row.bottom;
                continue;
            }
        }
        rows.push(new_row);
    }
    // rows after the last row with a number are not the table's (link lines, `vervolg op
    // de volgende pagina`, notes)
    while rows
        .last()
        .map(|r| {
            r.cells
                .iter()
                .all(|c| c.is_empty() || !is_number_cell(&text_of(t, c)))
        })
        .unwrap_or(false)
        && rows.len() > 1
        && any_numbers
    {
        rows.pop();
    }
    // row paths: groups (pending label-only rows), indented sub-rows, filled-down stubs
    let label_of =
        |r: &LRow| -> Vec<String> { r.labels.iter().map(|l| join_cell_lines(l)).collect() };
    let mut paths: Vec<Vec<String>> = Vec::new();
    let mut kept: Vec<&LRow> = Vec::new();
    let mut own_labels: Vec<Vec<String>> = Vec::new();
    let mut group_heads: Vec<(usize, String)> = Vec::new();
    let mut group: Option<String> = None;
    let mut groups_seen: Vec<String> = Vec::new();
    let mut parent: Option<(String, f64)> = None;
    let mut filled: Vec<String> = vec![String::new(); nstub];
    for (k, r) in rows.iter().enumerate() {
        let labels = label_of(r);
        let has_values = r.cells.iter().any(|c| !c.is_empty());
        if r.pending && !has_values {
            let next_has_values = rows
                .get(k + 1)
                .map(|n| n.cells.iter().any(|c| !c.is_empty()))
                .unwrap_or(false);
            if next_has_values {
                let g = labels
                    .iter()
                    .find(|s| !s.is_empty())
                    .cloned()
                    .unwrap_or_default();
                groups_seen.push(g.clone());
                group_heads.push((paths.len(), g.clone()));
                group = Some(g);
                parent = None;
                continue;
            }
        }
        // a row that names two groups stands outside them (`% verschil 2024 t.o.v. 2023`)
        let text = labels.join(" ");
        let named = groups_seen
            .iter()
            .filter(|gname| !gname.is_empty() && text.contains(gname.as_str()))
            .count();
        if named >= 2 {
            group = None;
        }
        // fill down the outer stub columns
        let mut path: Vec<String> = Vec::new();
        for (c, l) in labels.iter().enumerate() {
            if c + 1 < nstub {
                if !l.is_empty() {
                    filled[c] = l.clone();
                    for f in filled.iter_mut().skip(c + 1) {
                        f.clear();
                    }
                }
                path.push(filled[c].clone());
            } else {
                path.push(l.clone());
            }
        }
        // an indented row under a row with values is its sub-row
        let own = path.last().cloned().unwrap_or_default();
        if let Some((p, px)) = &parent {
            if r.x0 > px + 0.5 * r.size {
                path = vec![p.clone(), own.clone()];
            } else {
                parent = None;
            }
        }
        let indented_next = rows
            .get(k + 1)
            .map(|n| n.x0 > r.x0 + 0.5 * r.size && n.x0.is_finite())
            .unwrap_or(false);
        if indented_next && has_values && nstub == 1 {
            parent = Some((own.clone(), r.x0));
        }
        if let Some(gname) = &group {
            path.insert(0, gname.clone());
        }
        if path.iter().all(|s| s.is_empty()) {
            path = vec![String::new()];
        }
        paths.push(path);
        own_labels.push(labels);
        kept.push(r);
    }
    // values
    let raws: Vec<Vec<String>> = kept
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| {
                    // lines of a wrapped cell joined
                    let mut lines: Vec<Vec<usize>> = Vec::new();
                    for &i in c {
                        match lines.last_mut() {
                            Some(l)
                                if (t[l[0]].baseline - t[i].baseline).abs() <= 0.35 * t[i].size =>
                            {
                                l.push(i)
                            }
                            _ => lines.push(vec![i]),
                        }
                    }
                    let parts: Vec<String> = lines.iter().map(|l| text_of(t, l)).collect();
                    join_cell_lines(&parts)
                })
                .collect()
        })
        .collect();
    let ev = Evidence::from_raws(raws.iter().flatten().map(|s| s.as_str()));
    let convention = Convention::for_table(&ev, document);
    // a row of its own of bracketed numbers, without a label, under a row of numbers: the
    // standard errors of the coefficients above (a regression table); their value is the
    // number in the brackets (elsewhere brackets may mean a negative amount: text there)
    let standard_errors: Vec<bool> = (0..kept.len())
        .map(|ri| {
            let own = paths[ri].last().is_none_or(|s| s.is_empty());
            let filled: Vec<&String> = raws[ri].iter().filter(|s| !s.trim().is_empty()).collect();
            let above_numbers = ri > 0
                && raws[ri - 1]
                    .iter()
                    .any(|s| !is_bracketed_number(s) && is_number_cell(s));
            own && above_numbers
                && !filled.is_empty()
                && filled.iter().all(|s| is_bracketed_number(s))
        })
        .collect();
    let mut cells = Vec::new();
    for (ri, r) in kept.iter().enumerate() {
        for ci in 0..nval {
            let raw = raws[ri].get(ci).cloned().unwrap_or_default();
            let labels: Vec<&str> = columns
                .get(ci)
                .map(|p| p.iter().map(|s| s.as_str()).collect::<Vec<_>>())
                .unwrap_or_default()
                .into_iter()
                .chain(paths[ri].iter().map(|s| s.as_str()))
                .collect();
            let mut hints = Hints::from_labels(labels);
            if hints.unit.is_none() {
                hints.unit = toks.title_unit.clone();
            }
            let ctx = CellContext::new(convention, hints);
            let cell = if raw.trim().is_empty() {
                let mut c = Cell::text("");
                c.status = Status::Empty;
                c
            } else if standard_errors[ri] && is_bracketed_number(&raw) {
                let inner = raw.trim().trim_start_matches('(').trim_end_matches(')');
                let mut c = parse_cell(inner, &ctx);
                c.raw = raw.clone();
                c
            } else {
                parse_cell(&raw, &ctx)
            };
            let toks_c = &r.cells[ci];
            let bbox = toks_c
                .iter()
                .map(|&i| t[i].page_box())
                .reduce(|a, b| a.union(&b));
            let page = toks_c
                .first()
                .map(|&i| t[i].page)
                .or_else(|| {
                    r.lines
                        .first()
                        .and_then(|&l| g.rows[l].tokens.first())
                        .map(|&i| t[i].page)
                })
                .unwrap_or(0);
            cells.push(TableCell {
                row: ri,
                col: ci,
                cell,
                page,
                bbox,
            });
        }
    }
    let mut row_of = vec![None; g.rows.len()];
    for (ri, r) in kept.iter().enumerate() {
        for &l in &r.lines {
            if let Some(x) = row_of.get_mut(l) {
                *x = Some(ri);
            }
        }
    }
    Some(Built {
        table: Table {
            figure: 0,
            stub,
            columns,
            rows: paths,
            cells,
            convention,
            pages: toks.pages.clone(),
        },
        row_of,
        header_rows: h,
        stub_columns: nstub,
        labels: own_labels,
        groups: group_heads,
    })
}

/// The row and column of each footnote marker in the table (row None in the header), as
/// (index into `Structure::refs`, (row, column)).
/// Where a marker stands: its body row (None in the header) and value column.
pub type CellAt = (Option<usize>, Option<usize>);

pub fn marker_cells(g: &Grid, toks: &Tokens, b: &Built) -> Vec<(usize, CellAt)> {
    let mut out = Vec::new();
    for m in &toks.markers {
        let Some(reference) = m.reference else {
            continue;
        };
        // the text row whose band holds the marker (markers are raised: their baseline is
        // inside the row's box)
        let r = g
            .rows
            .iter()
            .position(|row| m.baseline >= row.top - 0.5 && m.baseline <= row.bottom + 0.5);
        let col = g.col_of((m.x0 + m.x1) / 2.0).checked_sub(b.stub_columns);
        let row = r.and_then(|r| b.row_of.get(r).copied().flatten());
        out.push((reference, (row, col)));
    }
    out
}

/// A box union helper for callers.
pub fn union(a: Option<BBox>, b: BBox) -> BBox {
    a.map(|x| x.union(&b)).unwrap_or(b)
}
