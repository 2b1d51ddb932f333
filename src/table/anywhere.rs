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
use crate::number::Convention;
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

/// The direction most of a page's words run in (0 when none is rotated).
fn dominant_dir(page: &Page) -> u16 {
    let mut n = [0usize; 4];
    for w in page.words.iter().filter(|w| !w.invisible) {
        n[(w.dir / 90) as usize % 4] += w.text.chars().count();
    }
    let best = (0..4).max_by_key(|&i| n[i]).unwrap_or(0);
    if n[best] > n[0] {
        (best * 90) as u16
    } else {
        0
    }
}

/// Page coordinates into the frame of text running in `dir` (text left to right, y down),
/// kept positive with the page's size; and back.
fn to_frame(dir: u16, w: f64, h: f64, x: f64, y: f64) -> (f64, f64) {
    match dir {
        90 => (y, w - x),
        180 => (w - x, h - y),
        270 => (h - y, x),
        _ => (x, y),
    }
}

fn from_frame(dir: u16, w: f64, h: f64, lx: f64, ly: f64) -> (f64, f64) {
    match dir {
        90 => (w - ly, lx),
        180 => (w - lx, h - ly),
        270 => (ly, h - lx),
        _ => (lx, ly),
    }
}

fn box_through(b: &BBox, f: impl Fn(f64, f64) -> (f64, f64)) -> BBox {
    let (ax, ay) = f(b.x0, b.y0);
    let (bx, by) = f(b.x1, b.y1);
    BBox {
        x0: ax.min(bx),
        y0: ay.min(by),
        x1: ax.max(bx),
        y1: ay.max(by),
    }
}

/// A page whose text runs in `dir` (a table set sideways), turned so that it reads left
/// to right: its words of that direction and its rules, with a layout of one line per text
/// line of the PDF layer, all body.
fn turned(page: &Page, dir: u16) -> (Page, PageLayout) {
    let (w, h) = (page.width, page.height);
    let f = |x: f64, y: f64| to_frame(dir, w, h, x, y);
    let mut p = page.clone();
    p.links.clear();
    p.words = page
        .words
        .iter()
        .filter(|x| x.dir == dir && !x.invisible)
        .map(|x| {
            let mut n = x.clone();
            n.bbox = box_through(&x.bbox, f);
            // the stored baseline is the page x (sideways) or y (upside down) of the line
            n.baseline = match dir {
                90 => w - x.baseline,
                180 => h - x.baseline,
                _ => x.baseline,
            };
            n.dir = 0;
            n
        })
        .collect();
    p.rules = page
        .rules
        .iter()
        .map(|r| {
            let mut n = r.clone();
            n.bbox = box_through(&r.bbox, f);
            n
        })
        .collect();
    if dir == 90 || dir == 270 {
        p.width = h;
        p.height = w;
    }
    // lines: the words of one PDF-layer line, left to right
    let mut by_line: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for (i, x) in p.words.iter().enumerate() {
        by_line.entry(x.line).or_default().push(i);
    }
    let mut lines = Vec::new();
    for (_, mut idx) in by_line {
        idx.sort_by(|&a, &b| p.words[a].bbox.x0.total_cmp(&p.words[b].bbox.x0));
        let Some(b) = idx
            .iter()
            .map(|&i| p.words[i].bbox)
            .reduce(|a, b| a.union(&b))
        else {
            continue;
        };
        let first = &p.words[idx[0]];
        lines.push(crate::layout::Line {
            text: idx
                .iter()
                .map(|&i| p.words[i].text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            bbox: b,
            size: first.size,
            baseline: first.baseline,
            font: first.font.clone(),
            bold: crate::layout::is_bold(&first.font),
            italic: crate::layout::is_italic(&first.font),
            zone: crate::layout::Zone::Body,
            column: 0,
            block: 0,
            note: None,
            words: idx,
        });
    }
    let mut sizes: Vec<f64> = lines.iter().map(|l| l.size).collect();
    let body = crate::layout::median(&mut sizes).unwrap_or(10.0);
    let pl = PageLayout {
        page: page.number,
        lines,
        blocks: Vec::new(),
        columns: Vec::new(),
        body_size: body,
        line_spacing: 1.2 * body,
        printed: None,
    };
    (p, pl)
}

/// A table read in a turned frame, with its boxes back on the page.
fn turned_back(mut t: PageTable, dir: u16, page: &Page) -> PageTable {
    let (w, h) = (page.width, page.height);
    let g = |x: f64, y: f64| from_frame(dir, w, h, x, y);
    t.bbox = box_through(&t.bbox, g);
    for c in t.table.cells.iter_mut() {
        if let Some(b) = c.bbox.as_mut() {
            *b = box_through(b, g);
        }
    }
    t
}

/// The tables on the given pages (all when `pages` is empty): in `area` when given, else
/// where [`detect::areas`] finds them. A page whose text runs sideways (a table turned a
/// quarter) is read in the frame of its text; boxes are given on the page as printed.
pub fn read(doc: &Document, layout: &Layout, pages: &[u32], area: Option<BBox>) -> Vec<PageTable> {
    let document = super::document_convention(doc);
    let mut out = Vec::new();
    for (page, pl) in doc.pages.iter().zip(&layout.pages) {
        if !pages.is_empty() && !pages.contains(&page.number) {
            continue;
        }
        let dir = dominant_dir(page);
        let turned_page;
        let (pg, pl) = if dir == 0 {
            (page, pl)
        } else {
            turned_page = turned(page, dir);
            (&turned_page.0, &turned_page.1)
        };
        let (w, h) = (page.width, page.height);
        let area = area.map(|a| box_through(&a, |x, y| to_frame(dir, w, h, x, y)));
        let found: Vec<PageTable> = match &area {
            Some(a) => read_area(pg, pl, a, true, document).into_iter().collect(),
            None => detect::areas(pg, pl)
                .iter()
                .filter_map(|a| read_area(pg, pl, a, false, document))
                .collect(),
        };
        out.extend(found.into_iter().map(|t| turned_back(t, dir, page)));
    }
    out
}
