//! Rows and columns of a table from its tokens and rules.
//!
//! - **Rows**: tokens on one baseline (within 0.35 of their size).
//! - **Columns**: separated where the table draws them (vertical rules of two points or
//!   less, and the edges between shaded header cells side by side: LibreOffice, Word), else
//!   where the white space runs from top to bottom through the body: x-intervals at least
//!   `MIN_GAP` em wide that no token of a body row covers. The header rows are left out of
//!   that count (a header over several columns crosses their separators): they are the
//!   rows at the top set in another type than the table's numbers, or, where the type does
//!   not differ, the rows above the first row with a number.

use super::tokens::{RuleBox, Token, Tokens};
use crate::pdf::model::Script;

/// A separator is white space at least this many em wide (word spaces are a quarter to a
/// third of an em).
pub const MIN_GAP: f64 = 0.45;

/// Tokens on one baseline, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub tokens: Vec<usize>,
    pub baseline: f64,
    pub top: f64,
    pub bottom: f64,
    pub size: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub rows: Vec<Row>,
    /// Column separators (x), ascending; columns are the intervals between them.
    pub seps: Vec<f64>,
    /// The separators come from the drawing (rules, shading).
    pub ruled: bool,
    /// Rows at the top taken out of the separator count (the header, as far as type and
    /// numbers tell).
    pub header_guess: usize,
    /// The font of the table's numbers.
    pub body_font: String,
    /// The column of each token (by index into the tokens): the one holding its middle,
    /// except that a run of words set with word spaces across a separator that is not drawn
    /// on its line (a group label longer than the stub column, a cell merged over columns
    /// in a ruled table) stays whole in the column it starts in.
    pub token_cols: Vec<usize>,
}

impl Grid {
    pub fn ncols(&self) -> usize {
        self.seps.len() + 1
    }

    /// The column of token `i` (see [`Grid::token_cols`]).
    pub fn col(&self, i: usize) -> usize {
        self.token_cols.get(i).copied().unwrap_or(0)
    }

    /// The column holding x.
    pub fn col_of(&self, x: f64) -> usize {
        self.seps.iter().filter(|&&s| s < x).count()
    }
}

fn median(v: &mut [f64]) -> f64 {
    crate::layout::median(v).unwrap_or(10.0)
}

/// Rows of tokens by baseline, top to bottom.
pub fn rows_of(t: &[Token]) -> Vec<Row> {
    let mut idx: Vec<usize> = (0..t.len()).collect();
    idx.sort_by(|&a, &b| {
        t[a].baseline
            .total_cmp(&t[b].baseline)
            .then(t[a].x0.total_cmp(&t[b].x0))
    });
    let mut rows: Vec<Row> = Vec::new();
    for i in idx {
        let tok = &t[i];
        match rows.last_mut() {
            Some(r)
                if (tok.baseline - r.baseline).abs() <= 0.35 * tok.size.min(r.size).max(1.0) =>
            {
                r.tokens.push(i);
                r.top = r.top.min(tok.top);
                r.bottom = r.bottom.max(tok.bottom);
                r.size = r.size.max(tok.size);
            }
            _ => rows.push(Row {
                tokens: vec![i],
                baseline: tok.baseline,
                top: tok.top,
                bottom: tok.bottom,
                size: tok.size,
            }),
        }
    }
    for r in rows.iter_mut() {
        r.tokens.sort_by(|&a, &b| t[a].x0.total_cmp(&t[b].x0));
    }
    rows
}

/// A word that reads as a number (either decimal convention), not just one with digits in
/// it (`than$10,000–$15,000–`, words glued in a header, is none).
fn is_number(s: &str) -> bool {
    use crate::number::{parse_cell, CellContext, Status};
    has_digit(s)
        && [CellContext::dutch(), CellContext::english()]
            .iter()
            .any(|ctx| !matches!(parse_cell(s, ctx).status, Status::Text | Status::Empty))
}

/// A list bullet: `•`, `◦`, `▪`, `‣`, `–` and the like, alone.
pub fn is_bullet(s: &str) -> bool {
    let mut it = s.chars();
    matches!(
        (it.next(), it.next()),
        (
            Some(
                '•' | '◦'
                    | '▪'
                    | '■'
                    | '□'
                    | '‣'
                    | '●'
                    | '○'
                    | '·'
                    | '∙'
                    | '–'
                    | '—'
                    | '*'
                    | '-'
            ),
            None
        )
    )
}

fn has_digit(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
}

/// The most common font of the tokens with digits (the numbers), else of all tokens.
fn body_font(t: &[Token]) -> String {
    let pick = |f: &dyn Fn(&Token) -> bool| -> Option<String> {
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for tok in t.iter().filter(|x| f(x)) {
            *counts.entry(tok.font.as_str()).or_default() += 1;
        }
        counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(f, _)| f.to_string())
    };
    pick(&|x| has_digit(&x.text))
        .or_else(|| pick(&|_| true))
        .unwrap_or_default()
}

/// The rows at the top that are the header as far as type and numbers tell: a prefix of
/// rows set (mostly) in another font than the numbers; where the type does not differ, the
/// rows above the first row with a number right of its first token.
pub fn header_guess(t: &[Token], rows: &[Row], font: &str) -> usize {
    let other_type = |r: &Row| {
        let n = r.tokens.iter().filter(|&&i| t[i].font != font).count();
        n * 2 > r.tokens.len()
    };
    let by_type = rows.iter().take_while(|r| other_type(r)).count();
    if by_type > 0 && by_type < rows.len() {
        return by_type;
    }
    rows.iter()
        .position(|r| {
            r.tokens
                .iter()
                .skip(1)
                .any(|&i| t[i].script == Script::Normal && is_number(&t[i].text))
        })
        .unwrap_or(0)
}

/// Separators drawn by the table: vertical rules, and the edges between shaded cells side by
/// side. Only those inside the tokens' x-extent.
fn drawn_separators(rules: &[RuleBox], x0: f64, x1: f64, size: f64) -> Vec<f64> {
    let mut xs: Vec<f64> = Vec::new();
    for r in rules {
        let b = &r.bbox;
        if b.width() <= 2.0 && b.height() >= 0.8 * size {
            xs.push((b.x0 + b.x1) / 2.0);
        }
    }
    let filled: Vec<&RuleBox> = rules.iter().filter(|r| r.filled).collect();
    for a in &filled {
        for b in &filled {
            let (a, b) = (&a.bbox, &b.bbox);
            let touch = (b.x0 - a.x1).abs() <= 1.5;
            let overlap = (a.y1.min(b.y1) - a.y0.max(b.y0)).max(0.0);
            if touch && overlap >= 0.5 * a.height().min(b.height()) {
                xs.push((a.x1 + b.x0) / 2.0);
            }
        }
    }
    xs.retain(|&x| x > x0 + 1.0 && x < x1 - 1.0);
    xs.sort_by(|a, b| a.total_cmp(b));
    let mut out: Vec<f64> = Vec::new();
    for x in xs {
        match out.last() {
            Some(&l) if x - l <= 2.5 => {}
            _ => out.push(x),
        }
    }
    out
}

/// Separators in the white space that no body row covers.
fn text_separators(t: &[Token], rows: &[Row], x0: f64, x1: f64, size: f64) -> Vec<f64> {
    // the union of the tokens' x-extents, exactly (no binning: a gap of half an em between
    // numbers set close must not be lost to rounding)
    let mut spans: Vec<(f64, f64)> = rows
        .iter()
        .flat_map(|r| r.tokens.iter())
        .filter_map(|&i| t.get(i))
        .map(|x| (x.x0, x.x1))
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let min_w = (MIN_GAP * size).max(2.0);
    let mut out = Vec::new();
    let mut reach = f64::NEG_INFINITY;
    for (a, b) in spans {
        if reach.is_finite() && a - reach >= min_w && reach > x0 + 0.5 && a < x1 - 0.5 {
            out.push((reach + a) / 2.0);
        }
        reach = reach.max(b);
    }
    out
}

/// A row that is one run of text (no gap of `MIN_GAP` em) over half the table's width or
/// more.
pub fn spans_across(t: &[Token], r: &Row, width: f64) -> bool {
    let mut runs = 1;
    for w in r.tokens.windows(2) {
        let (a, b) = (&t[w[0]], &t[w[1]]);
        if b.x0 - a.x1 >= MIN_GAP * b.size.max(1.0) {
            runs += 1;
        }
    }
    let (x0, x1) = r
        .tokens
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &i| {
            (a.min(t[i].x0), b.max(t[i].x1))
        });
    runs == 1 && x1 - x0 >= 0.5 * width
}

pub fn build(toks: &Tokens) -> Grid {
    let t = &toks.tokens;
    let rows = rows_of(t);
    let mut sizes: Vec<f64> = t.iter().map(|x| x.size).collect();
    let size = median(&mut sizes);
    let font = body_font(t);
    let header_guess = header_guess(t, &rows, &font);
    let x0 = t.iter().map(|x| x.x0).fold(f64::INFINITY, f64::min);
    let x1 = t.iter().map(|x| x.x1).fold(f64::NEG_INFINITY, f64::max);
    let drawn = drawn_separators(&toks.rules, x0, x1, size);
    // text running across the table (a note, a URL line, a full-width label) is not a row of
    // cells: it does not count against the white space; and in a table of numbers, only
    // rows with a number count: a label-only row or a note line may run over the columns
    let numbers = rows
        .iter()
        .skip(header_guess)
        .any(|r| r.tokens.iter().skip(1).any(|&i| has_digit(&t[i].text)));
    let body: Vec<Row> = rows
        .iter()
        .skip(header_guess)
        .filter(|r| !spans_across(t, r, x1 - x0))
        .filter(|r| !numbers || r.tokens.iter().any(|&i| has_digit(&t[i].text)))
        .cloned()
        .collect();
    let use_rows = if body.is_empty() {
        &rows[..]
    } else {
        &body[..]
    };
    let white = text_separators(t, use_rows, x0, x1, size);
    let ruled = !drawn.is_empty();
    let seps = if ruled {
        // a table may draw some of its column edges only (a rule after the stub): white
        // space through the body in another gap than a drawn separator is a column edge too
        let mut seps = drawn.clone();
        for &w in &white {
            let same_gap = drawn.iter().any(|&d| {
                let (a, b) = (w.min(d), w.max(d));
                !use_rows
                    .iter()
                    .flat_map(|r| r.tokens.iter())
                    .any(|&i| t[i].x1 > a && t[i].x0 < b)
            });
            if !same_gap {
                seps.push(w);
            }
        }
        seps.sort_by(|a, b| a.total_cmp(b));
        seps
    } else {
        white
    };
    // a column that holds no token (the edges of cells drawn a few points apart in
    // different rows) is no column
    let mut seps = seps;
    let mut i = 0;
    while i + 1 < seps.len() {
        let (a, b) = (seps[i], seps[i + 1]);
        if t.iter().any(|x| x.mid() > a && x.mid() <= b) {
            i += 1;
        } else {
            seps.remove(i + 1);
        }
    }
    // a column of list bullets only (`•` before each item of a cell) belongs to the text
    // right of it
    let mut c = 0;
    while c < seps.len() {
        let col_of = |x: f64| seps.iter().filter(|&&s| s < x).count();
        let mut n = 0;
        let only_bullets = t.iter().filter(|x| col_of(x.mid()) == c).all(|x| {
            n += 1;
            is_bullet(&x.text)
        });
        if n > 0 && only_bullets {
            seps.remove(c);
        } else {
            c += 1;
        }
    }
    let token_cols = token_columns(t, &rows, &seps, &toks.rules);
    Grid {
        rows,
        seps,
        ruled,
        header_guess,
        body_font: font,
        token_cols,
    }
}

/// Is a separator at `x` drawn on the line from `y0` to `y1`: a vertical rule crossing it,
/// or the edge between two filled boxes side by side there?
fn drawn_at(rules: &[RuleBox], x: f64, y0: f64, y1: f64) -> bool {
    let ymid = (y0 + y1) / 2.0;
    let spans = |b: &crate::pdf::model::BBox| b.y0 <= ymid && b.y1 >= ymid;
    rules.iter().any(|r| {
        let b = &r.bbox;
        b.width() <= 2.0 && ((b.x0 + b.x1) / 2.0 - x).abs() <= 2.5 && spans(b)
    }) || {
        let left = rules.iter().any(|r| {
            r.filled && spans(&r.bbox) && (r.bbox.x1 - x).abs() <= 2.5 && r.bbox.x0 < x - 2.5
        });
        let right = rules.iter().any(|r| {
            r.filled && spans(&r.bbox) && (r.bbox.x0 - x).abs() <= 2.5 && r.bbox.x1 > x + 2.5
        });
        left && right
    }
}

fn token_columns(t: &[Token], rows: &[Row], seps: &[f64], rules: &[RuleBox]) -> Vec<usize> {
    let col_of = |x: f64| seps.iter().filter(|&&s| s < x).count();
    let mut cols: Vec<usize> = t.iter().map(|x| col_of(x.mid())).collect();
    for r in rows {
        // runs of words set with word spaces
        let mut runs: Vec<Vec<usize>> = Vec::new();
        for &i in &r.tokens {
            match runs.last_mut() {
                Some(run)
                    if run.last().is_some_and(|&p| {
                        t[i].x0 - t[p].x1 < MIN_GAP * t[i].size.max(t[p].size).max(1.0)
                    }) =>
                {
                    run.push(i)
                }
                _ => runs.push(vec![i]),
            }
        }
        for run in runs {
            let (Some(&first), Some(&last)) = (run.first(), run.last()) else {
                continue;
            };
            let (c0, c1) = (cols[first], cols[last]);
            if c0 >= c1 {
                continue;
            }
            let crossed = &seps[c0..c1];
            if crossed.iter().any(|&x| drawn_at(rules, x, r.top, r.bottom)) {
                continue;
            }
            for &i in &run {
                cols[i] = c0;
            }
        }
    }
    cols
}
