//! Tables in any PDF (`figuren tables`): no caption needed.
//!
//! A page area (given, or found by [`detect`]) is read with the same grid and build steps
//! as a figure's table; the result is given both as a typed [`Table`] and as the table's
//! printed grid of cells (header cells with their spans, row labels, group heads, body
//! cells), the form the ICDAR 2013 competition and the other extractors use.

use super::build::{self, Built};
use super::detect;
use super::grid;
use super::tokens::{RuleBox, Token, Tokens};
use super::Table;
use crate::layout::{Layout, PageLayout};
use crate::number::{Convention, Evidence};
use crate::pdf::model::{BBox, Document, Page, RuleKind, Script};
use serde::{Deserialize, Serialize};

/// A cell of the printed grid. Rows and columns count from 0 at the table's top left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridCell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    pub text: String,
    /// A header cell (column header or stub header).
    pub header: bool,
}

/// A table found on a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageTable {
    /// 1-based page.
    pub page: u32,
    /// The area read (top-left origin, points).
    pub bbox: BBox,
    /// The area was found by figuren (not given).
    pub detected: bool,
    pub cells: Vec<GridCell>,
    pub table: Table,
}

/// Text that draws: dot leaders and lines typed with dashes (typewriter tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypedRule {
    Leader,
    Line,
}

/// `..........` is a leader, `------` or `______` or `=====` a line.
pub fn typed_rule(text: &str) -> Option<TypedRule> {
    let n = text.chars().count();
    if n >= 3 && text.chars().all(|c| matches!(c, '.' | '·' | '…')) {
        return Some(TypedRule::Leader);
    }
    if n >= 4
        && text
            .chars()
            .all(|c| matches!(c, '-' | '_' | '=' | '─' | '—' | '–'))
    {
        return Some(TypedRule::Line);
    }
    None
}

/// The tokens of a page area: every word whose middle lies in it (running heads and page
/// numbers only when the area was given), and the rules and shading there.
pub fn tokens_in(page: &Page, pl: &PageLayout, area: &BBox, furniture: bool) -> Tokens {
    let mut out = Tokens::default();
    for l in &pl.lines {
        if !furniture && l.zone.is_running() {
            continue;
        }
        for &wi in &l.words {
            let Some(w) = page.words.get(wi) else {
                continue;
            };
            if w.invisible || w.dir != 0 {
                continue;
            }
            let (mx, my) = ((w.bbox.x0 + w.bbox.x1) / 2.0, (w.bbox.y0 + w.bbox.y1) / 2.0);
            if mx < area.x0 || mx > area.x1 || my < area.y0 || my > area.y1 {
                continue;
            }
            match typed_rule(&w.text) {
                // dot leaders lead the eye to the cell; they are not its text
                Some(TypedRule::Leader) => continue,
                // a line typed with dashes is a rule
                Some(TypedRule::Line) => {
                    out.rules.push(RuleBox {
                        bbox: BBox {
                            x0: w.bbox.x0,
                            y0: (w.bbox.y0 + w.bbox.y1) / 2.0 - 0.25,
                            x1: w.bbox.x1,
                            y1: (w.bbox.y0 + w.bbox.y1) / 2.0 + 0.25,
                        },
                        filled: false,
                    });
                    continue;
                }
                None => {}
            }
            let mut tok = Token {
                text: w.text.clone(),
                x0: w.bbox.x0,
                x1: w.bbox.x1,
                top: w.bbox.y0,
                bottom: w.bbox.y1,
                baseline: w.baseline,
                size: w.size,
                font: w.font.clone(),
                bold: crate::layout::is_bold(&w.font),
                italic: crate::layout::is_italic(&w.font),
                script: w.script,
                page: page.number,
                dy: 0.0,
            };
            // a raised word (a note marker, an exponent) belongs to its line's cell
            if w.script != Script::Normal {
                tok.baseline = l.baseline;
                tok.size = tok.size.max(l.size);
            }
            out.tokens.push(tok);
        }
    }
    for r in &page.rules {
        let b = &r.bbox;
        if b.x1 >= area.x0 - 2.0
            && b.x0 <= area.x1 + 2.0
            && b.y1 >= area.y0 - 2.0
            && b.y0 <= area.y1 + 2.0
        {
            out.rules.push(RuleBox {
                bbox: *b,
                filled: r.kind == RuleKind::Rect && b.height() > 2.0 && b.width() > 2.0,
            });
        }
    }
    out.pages.push(page.number);
    out
}

/// The printed grid of a table read by `build::table`: header levels with their spans over
/// the value columns, the stub header, group heads as rows of their own, row labels per
/// stub column, body cells.
pub fn grid_cells(b: &Built) -> Vec<GridCell> {
    let t = &b.table;
    let nstub = b.stub_columns;
    let nval = t.columns.len();
    let depth = t.columns.iter().map(|p| p.len()).max().unwrap_or(0);
    let mut out = Vec::new();
    for level in 0..depth {
        let mut c = 0;
        while c < nval {
            let path = &t.columns[c];
            if path.len() <= level || path[level].trim().is_empty() {
                c += 1;
                continue;
            }
            let mut e = c + 1;
            while e < nval && t.columns[e].len() > level && t.columns[e][..=level] == path[..=level]
            {
                e += 1;
            }
            // the last level of a shorter path stands over the levels under it
            let last = (c..e).all(|k| t.columns[k].len() == level + 1);
            out.push(GridCell {
                row: level,
                col: nstub + c,
                row_span: if last { depth - level } else { 1 },
                col_span: e - c,
                text: path[level].clone(),
                header: true,
            });
            c = e;
        }
    }
    for (c, s) in t.stub.iter().enumerate().take(nstub) {
        if !s.trim().is_empty() {
            out.push(GridCell {
                row: 0,
                col: c,
                row_span: depth.max(1),
                col_span: 1,
                text: s.clone(),
                header: true,
            });
        }
    }
    let mut row = depth;
    let mut groups = b.groups.iter().peekable();
    for ri in 0..t.rows.len() {
        while let Some((_, g)) = groups.next_if(|(at, _)| *at <= ri) {
            out.push(GridCell {
                row,
                col: 0,
                row_span: 1,
                col_span: 1,
                text: g.clone(),
                header: false,
            });
            row += 1;
        }
        if let Some(labels) = b.labels.get(ri) {
            for (c, s) in labels.iter().enumerate().take(nstub) {
                if !s.is_empty() {
                    out.push(GridCell {
                        row,
                        col: c,
                        row_span: 1,
                        col_span: 1,
                        text: s.clone(),
                        header: false,
                    });
                }
            }
        }
        for cell in t.cells.iter().filter(|x| x.row == ri) {
            out.push(GridCell {
                row,
                col: nstub + cell.col,
                row_span: 1,
                col_span: 1,
                text: cell.cell.raw.clone(),
                header: false,
            });
        }
        row += 1;
    }
    out
}

/// The convention of a document from the numerals of its pages (English when they say so).
fn convention(doc: &Document) -> Convention {
    let mut ev = Evidence::default();
    for p in &doc.pages {
        for w in &p.words {
            if w.text.chars().any(|c| c.is_ascii_digit()) {
                ev.add(&w.text);
            }
        }
    }
    Convention::for_document(&ev, Convention::Dutch)
}

/// Reads one area of a page as a table; None when it holds no rows of cells.
pub fn read_area(
    page: &Page,
    pl: &PageLayout,
    area: &BBox,
    given: bool,
    document: Convention,
) -> Option<PageTable> {
    let toks = tokens_in(page, pl, area, given);
    if toks.tokens.is_empty() {
        return None;
    }
    let g = grid::build(&toks);
    let b = build::table(&g, &toks, document)?;
    let cells = grid_cells(&b);
    let bbox = toks
        .tokens
        .iter()
        .map(|t| t.page_box())
        .reduce(|a, b| a.union(&b))
        .unwrap_or(*area);
    Some(PageTable {
        page: page.number,
        bbox: if given { *area } else { bbox },
        detected: !given,
        cells,
        table: b.table,
    })
}

/// The tables on the given pages (all when `pages` is empty): in `area` when given, else
/// where [`detect::areas`] finds them.
pub fn read(doc: &Document, layout: &Layout, pages: &[u32], area: Option<BBox>) -> Vec<PageTable> {
    let document = convention(doc);
    let mut out = Vec::new();
    for (page, pl) in doc.pages.iter().zip(&layout.pages) {
        if !pages.is_empty() && !pages.contains(&page.number) {
            continue;
        }
        match &area {
            Some(a) => out.extend(read_area(page, pl, a, true, document)),
            None => {
                for a in detect::areas(page, pl) {
                    out.extend(read_area(page, pl, &a, false, document));
                }
            }
        }
    }
    out
}
