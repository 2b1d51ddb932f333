//! The words of a figure's region as tokens for the grid.
//!
//! A table that goes on over a page break is read as one: the parts are stacked (the y of
//! the next page's part continues below the first), and rows at the top of a later part
//! that repeat the first part's top rows (a repeated header) are dropped. Raised numbers
//! that point to a note (`layout::notes::is_marker`) are set apart as markers, with the
//! footnote reference the structure stage made for them; they are not cell text (`8`¹²² is
//! the cell `8`). Other raised text (the `2` of `m2`) stays in its word.

use crate::layout::lines::rows as line_rows;
use crate::layout::notes::{is_marker, left_neighbour};
use crate::layout::{Layout, Line};
use crate::number::{Hints, Unit};
use crate::pdf::model::{BBox, Document, RuleKind, Script, Word};
use crate::structure::Structure;

/// A word of the table. Coordinates are the page's, with `dy` added to y (parts stacked).
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    pub top: f64,
    pub bottom: f64,
    pub baseline: f64,
    pub size: f64,
    pub font: String,
    pub bold: bool,
    pub italic: bool,
    pub script: Script,
    /// 1-based page.
    pub page: u32,
    /// What was added to the page's y to stack the parts.
    pub dy: f64,
}

impl Token {
    pub fn mid(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }

    /// The box on its page.
    pub fn page_box(&self) -> BBox {
        BBox {
            x0: self.x0,
            y0: self.top - self.dy,
            x1: self.x1,
            y1: self.bottom - self.dy,
        }
    }
}

/// A footnote marker in the table: its reference (index into `Structure::refs`) and place.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub reference: Option<usize>,
    pub number: u32,
    pub x0: f64,
    pub x1: f64,
    pub baseline: f64,
}

/// A ruling line or shaded box in the table's area (stacked coordinates).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleBox {
    pub bbox: BBox,
    pub filled: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    pub markers: Vec<Marker>,
    pub rules: Vec<RuleBox>,
    pub pages: Vec<u32>,
    /// The unit the caption names for the whole table (`... (%)`), for cells whose row and
    /// column name none.
    pub title_unit: Option<Unit>,
}

fn token(w: &Word, bold: bool, italic: bool, page: u32, dy: f64) -> Token {
    Token {
        text: w.text.clone(),
        x0: w.bbox.x0,
        x1: w.bbox.x1,
        top: w.bbox.y0 + dy,
        bottom: w.bbox.y1 + dy,
        baseline: w.baseline + dy,
        size: w.size,
        font: w.font.clone(),
        bold,
        italic,
        script: w.script,
        page,
        dy,
    }
}

/// Normalised text of a row of lines, for telling a repeated header.
fn row_text(words: &[Word], lines: &[Line], row: &[usize]) -> String {
    row.iter()
        .flat_map(|&li| lines[li].words.iter())
        .filter_map(|&w| words.get(w))
        .filter(|w| w.script == Script::Normal)
        .map(|w| w.text.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The tokens of figure `fi`'s region.
pub fn collect(doc: &Document, layout: &Layout, st: &Structure, fi: usize) -> Tokens {
    let mut out = Tokens::default();
    let Some(f) = st.figures.get(fi) else {
        return out;
    };
    out.title_unit = Hints::title_unit(&f.title);
    let mut dy = 0.0;
    let mut first_rows: Vec<String> = Vec::new();
    for (k, part) in f.region.iter().enumerate() {
        let pi = (part.page as usize).saturating_sub(1);
        let (Some(page), Some(pl)) = (doc.pages.get(pi), layout.pages.get(pi)) else {
            continue;
        };
        if part.lines.is_empty() {
            continue;
        }
        let mut rows = line_rows(&pl.lines, &part.lines);
        // a part the table goes on from ends with its last row holding a digit (what stands
        // under it is a page-break note: `vervolg op de volgende pagina`)
        if k + 1 < f.region.len() {
            let digit = |r: &Vec<usize>| {
                r.iter().any(|&li| {
                    pl.lines[li].words.iter().any(|&w| {
                        page.words
                            .get(w)
                            .is_some_and(|w| w.text.chars().any(|c| c.is_ascii_digit()))
                    })
                })
            };
            if let Some(last) = rows.iter().rposition(digit) {
                rows.truncate(last + 1);
            }
        }
        // a later part: drop the rows that repeat the first part's top rows
        let mut skip = 0;
        if k > 0 {
            while skip < rows.len()
                && skip < first_rows.len()
                && row_text(&page.words, &pl.lines, &rows[skip]) == first_rows[skip]
            {
                skip += 1;
            }
        } else {
            first_rows = rows
                .iter()
                .take(6)
                .map(|r| row_text(&page.words, &pl.lines, r))
                .collect();
        }
        let top = rows
            .iter()
            .skip(skip)
            .flat_map(|r| r.iter())
            .map(|&li| pl.lines[li].bbox.y0)
            .fold(f64::INFINITY, f64::min);
        if k > 0 {
            if !top.is_finite() {
                continue;
            }
            // stack: this part starts a little below the last one
            let last = out
                .tokens
                .iter()
                .map(|t| t.bottom)
                .fold(f64::NEG_INFINITY, f64::max);
            if last.is_finite() {
                dy = last + 6.0 - top;
            }
        }
        for row in rows.iter().skip(skip) {
            for &li in row {
                let l = &pl.lines[li];
                for (kw, &wi) in l.words.iter().enumerate() {
                    let Some(w) = page.words.get(wi) else {
                        continue;
                    };
                    let prev = if kw == 0 {
                        left_neighbour(&page.words, pl, li)
                    } else {
                        None
                    };
                    if let Some(n) = is_marker(&page.words, l, kw, prev) {
                        let reference = st.refs.iter().position(|r| {
                            r.page == part.page && r.word == Some(wi) && r.number == n
                        });
                        out.markers.push(Marker {
                            reference,
                            number: n,
                            x0: w.bbox.x0,
                            x1: w.bbox.x1,
                            baseline: l.baseline + dy,
                        });
                        // the word it is raised after keeps its place (`Macroregio¹ (%)` is
                        // one run of words, not two)
                        if kw > 0 {
                            if let Some(last) = out.tokens.last_mut() {
                                let same_line = (last.baseline - (l.baseline + dy)).abs()
                                    <= 0.35 * last.size.max(1.0);
                                if same_line && last.x1 <= w.bbox.x0 + 1.0 {
                                    last.x1 = last.x1.max(w.bbox.x1);
                                }
                            }
                        }
                        continue;
                    }
                    let bold = crate::layout::is_bold(&w.font);
                    let italic = crate::layout::is_italic(&w.font);
                    let mut tok = token(w, bold, italic, part.page, dy);
                    // a raised or lowered word that is not a note marker (`m²`) stands on
                    // its line's baseline, in the cell of the word it belongs to
                    if w.script != Script::Normal {
                        tok.baseline = l.baseline + dy;
                        tok.size = tok.size.max(l.size);
                    }
                    out.tokens.push(tok);
                }
            }
        }
        // the rules and shading of the part
        let area = part.bbox;
        for r in &page.rules {
            let b = &r.bbox;
            let inside = b.x1 >= area.x0 - 2.0
                && b.x0 <= area.x1 + 2.0
                && b.y1 >= area.y0 - 2.0
                && b.y0 <= area.y1 + 2.0;
            if inside {
                out.rules.push(RuleBox {
                    bbox: BBox {
                        x0: b.x0,
                        y0: b.y0 + dy,
                        x1: b.x1,
                        y1: b.y1 + dy,
                    },
                    filled: r.kind == RuleKind::Rect && b.height() > 2.0 && b.width() > 2.0,
                });
            }
        }
        if !out.pages.contains(&part.page) {
            out.pages.push(part.page);
        }
    }
    out
}
