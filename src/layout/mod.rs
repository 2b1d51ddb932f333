//! The layout stage: the geometry of every page, between the PDF layer (positioned words) and
//! the structure stage (captions, footnotes, sections).
//!
//! For each page it gives the text lines with their **zone** (running head, running foot,
//! page number, body, footnote zone), the **columns** (one column, two or more, and mixed
//! pages where a full-width caption or table stands above or between columned text), the
//! **blocks** (lines set together), the reading order (band by band, column by column), and
//! the page's body font size and line spacing. Everything is decided from geometry and
//! typography that every typesetter shares: positions, sizes, baselines, alignment,
//! repetition across pages, raised numbers. No text patterns of a document family are used
//! here (those live in `parsers/` and are applied by the structure stage).
//!
//! Steps, each in its own module and testable alone:
//! 1. `lines`: the PDF layer's lines (words on one baseline) and their fragments (runs of
//!    words without a gutter-wide gap).
//! 2. `running`: running heads and footers (lines at the page edge that repeat across pages,
//!    or that carry the page number) and the printed page number.
//! 3. `columns`: gutters, bands and column boxes per page, from the fragments' x-extents.
//! 4. `blocks`: lines grouped by vertical spacing and type within each column.
//! 5. `notes`: the footnote zone at the foot of each column, from several signals together
//!    (see that module).
//!
//! Cost: every step is linear in the words of a page, apart from sorting.

pub mod blocks;
pub mod columns;
pub mod lines;
pub mod notes;
pub mod running;

use crate::pdf::model::{BBox, Diagnostic, Document, Page, Script, Word};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Where a line sits on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Zone {
    /// A running head at the top of the page (repeats across pages, or carries the page number).
    Head,
    /// A running footer at the foot of the page.
    Foot,
    /// A line that is only the printed page number.
    PageNumber,
    Body,
    /// The footnote zone at the foot of a column or page.
    Note,
}

impl Zone {
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Head => "running_head",
            Zone::Foot => "running_foot",
            Zone::PageNumber => "page_number",
            Zone::Body => "body",
            Zone::Note => "note",
        }
    }

    /// Running heads, footers and page numbers: the page's furniture, not its content.
    pub fn is_running(self) -> bool {
        matches!(self, Zone::Head | Zone::Foot | Zone::PageNumber)
    }
}

/// The first line of a footnote, as the note zone found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteStart {
    pub number: u32,
    /// Index into `Line::words` of the word that prints the number.
    pub word: usize,
    /// The numbering starts again here (per-chapter notes).
    pub restart: bool,
}

/// A text line: words on one baseline within one column, left to right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// Indices into `Page::words`, left to right.
    pub words: Vec<usize>,
    /// The text without superscripts (footnote markers), words joined with spaces where the
    /// page shows space.
    pub text: String,
    pub bbox: BBox,
    /// Median size of the normal (not raised) words.
    pub size: f64,
    pub baseline: f64,
    /// Font of the first normal word.
    pub font: String,
    pub bold: bool,
    pub italic: bool,
    pub zone: Zone,
    /// Index into `PageLayout::columns`.
    pub column: usize,
    /// Index into `PageLayout::blocks`.
    pub block: usize,
    /// Set on the first line of each footnote.
    pub note: Option<NoteStart>,
}

/// Lines set together: same column, same type, normal line spacing between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// Indices into `PageLayout::lines`, in reading order.
    pub lines: Vec<usize>,
    pub bbox: BBox,
    pub column: usize,
    pub zone: Zone,
}

/// A column box. Columns of one band stand side by side; bands stand above each other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub bbox: BBox,
    /// Bands are numbered from the top of the page.
    pub band: usize,
    /// Position in the band, from the left.
    pub index: usize,
    /// Number of columns in the band.
    pub of: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageLayout {
    /// 1-based page number in the file.
    pub page: u32,
    /// Lines in reading order: heads, then the columns band by band, then footers.
    pub lines: Vec<Line>,
    pub blocks: Vec<Block>,
    /// Columns in reading order.
    pub columns: Vec<Column>,
    /// The most common size of normal text on this page (the document's when the page has
    /// little text).
    pub body_size: f64,
    /// Median distance between the baselines of consecutive body lines.
    pub line_spacing: f64,
    /// The page number printed in a running head or footer (`30`, or `30-31` on a spread).
    pub printed: Option<String>,
}

impl PageLayout {
    /// Text of the given line indices, lines joined with spaces.
    pub fn text_of(&self, lines: &[usize]) -> String {
        lines
            .iter()
            .filter_map(|&i| self.lines.get(i))
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn is_two_column(&self) -> bool {
        self.columns.iter().any(|c| c.of >= 2)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Layout {
    /// The body size of the document: the most common size of normal text, by characters.
    pub body_size: f64,
    /// Median baseline distance of body text in the document.
    pub line_spacing: f64,
    pub pages: Vec<PageLayout>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Pages with more text lines than this get one column and no note zone: reading their
/// structure would not be prose (a data dump), and its cost must stay bounded.
pub const MAX_LINES_PER_PAGE: usize = 5_000;

/// Reads the layout of every page of a document.
pub fn analyse(doc: &Document) -> Layout {
    let body_size = body_size(doc);
    let mut raw: Vec<Vec<lines::RawLine>> = doc
        .pages
        .iter()
        .map(|p| lines::raw_lines(&p.words))
        .collect();
    let run = running::find(doc, &raw, body_size);
    let mut pages = Vec::with_capacity(doc.pages.len());
    let mut diagnostics = Vec::new();
    for (pi, p) in doc.pages.iter().enumerate() {
        let zones = run.zones.get(pi).cloned().unwrap_or_default();
        let rl = std::mem::take(&mut raw[pi]);
        let mut pl = page_layout(p, rl, &zones, body_size);
        pl.printed = run.printed.get(pi).cloned().flatten();
        if pl.lines.len() > MAX_LINES_PER_PAGE {
            diagnostics.push(Diagnostic {
                page: Some(p.number),
                stage: "layout".into(),
                severity: crate::pdf::model::Severity::Warning,
                message: format!(
                    "page has {} text lines (more than {MAX_LINES_PER_PAGE}); read as one column without a note zone",
                    pl.lines.len()
                ),
            });
        }
        pages.push(pl);
    }
    let line_spacing = {
        let mut v: Vec<f64> = pages
            .iter()
            .map(|p| p.line_spacing)
            .filter(|s| *s > 0.0)
            .collect();
        median(&mut v).unwrap_or(1.2 * body_size)
    };
    let mut layout = Layout {
        body_size,
        line_spacing,
        pages,
        diagnostics,
    };
    notes::find(doc, &mut layout);
    layout
}

/// The layout of one page: columns, lines split at gutters, blocks, reading order.
fn page_layout(
    p: &Page,
    raw: Vec<lines::RawLine>,
    zones: &HashMap<usize, Zone>,
    doc_body: f64,
) -> PageLayout {
    let words = &p.words;
    type Numbered = Vec<(usize, lines::RawLine)>;
    let (running, content): (Numbered, Numbered) = raw
        .into_iter()
        .enumerate()
        .partition(|(i, _)| zones.contains_key(i));
    let content: Vec<lines::RawLine> = content.into_iter().map(|(_, l)| l).collect();
    let frags = lines::fragments(words, &content);
    let too_many = content.len() > MAX_LINES_PER_PAGE;
    let leaves = if too_many {
        vec![columns::Leaf {
            frags: (0..frags.len()).collect(),
            band: 0,
            index: 0,
            of: 1,
        }]
    } else {
        columns::segment(&frags, p.width)
    };
    let mut out_lines: Vec<Line> = Vec::new();
    let mut columns_out: Vec<Column> = Vec::new();
    // heads first
    let mut heads: Vec<(usize, &lines::RawLine)> = running
        .iter()
        .filter(|(i, _)| zones.get(i) == Some(&Zone::Head))
        .map(|(i, l)| (*i, l))
        .collect();
    heads.sort_by(|a, b| {
        a.1.baseline
            .total_cmp(&b.1.baseline)
            .then(a.1.bbox.x0.total_cmp(&b.1.bbox.x0))
    });
    let mut feet: Vec<(usize, &lines::RawLine)> = running
        .iter()
        .filter(|(i, _)| zones.get(i) != Some(&Zone::Head))
        .map(|(i, l)| (*i, l))
        .collect();
    feet.sort_by(|a, b| {
        a.1.baseline
            .total_cmp(&b.1.baseline)
            .then(a.1.bbox.x0.total_cmp(&b.1.bbox.x0))
    });
    for (i, l) in &heads {
        out_lines.push(lines::make_line(
            words,
            l.words.clone(),
            zones.get(i).copied().unwrap_or(Zone::Head),
            usize::MAX,
        ));
    }
    for leaf in &leaves {
        let ci = columns_out.len();
        let mut bbox: Option<BBox> = None;
        // the fragments of one raw line in this leaf form one line
        let mut by_line: Vec<(usize, Vec<usize>)> = Vec::new();
        for &fi in &leaf.frags {
            let f = &frags[fi];
            bbox = Some(bbox.map(|b| b.union(&f.bbox)).unwrap_or(f.bbox));
            match by_line.iter_mut().find(|(l, _)| *l == f.line) {
                Some((_, w)) => w.extend_from_slice(&f.words),
                None => by_line.push((f.line, f.words.clone())),
            }
        }
        let mut made: Vec<Line> = by_line
            .into_iter()
            .map(|(_, mut ws)| {
                ws.sort_by(|&a, &b| words[a].bbox.x0.total_cmp(&words[b].bbox.x0));
                lines::make_line(words, ws, Zone::Body, ci)
            })
            .collect();
        lines::sort_rows(&mut made);
        out_lines.extend(made);
        columns_out.push(Column {
            bbox: bbox.unwrap_or_default(),
            band: leaf.band,
            index: leaf.index,
            of: leaf.of,
        });
    }
    for (i, l) in &feet {
        out_lines.push(lines::make_line(
            words,
            l.words.clone(),
            zones.get(i).copied().unwrap_or(Zone::Foot),
            usize::MAX,
        ));
    }
    let body = page_body_size(words).unwrap_or(doc_body);
    let blocks = blocks::build(&mut out_lines, columns_out.len());
    let line_spacing = blocks::line_spacing(&out_lines, &blocks, body);
    PageLayout {
        page: p.number,
        lines: out_lines,
        blocks,
        columns: columns_out,
        body_size: body,
        line_spacing,
        printed: None,
    }
}

pub(crate) fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    Some(v[v.len() / 2])
}

/// The most common size of normal upright text, weighted by characters.
fn size_mode<'a>(words: impl Iterator<Item = &'a Word>) -> Option<(f64, usize)> {
    let mut hist: HashMap<i64, usize> = HashMap::new();
    let mut total = 0;
    for w in words {
        if w.script == Script::Normal && w.dir == 0 && !w.invisible {
            let n = w.text.chars().count();
            *hist.entry((w.size * 10.0).round() as i64).or_default() += n;
            total += n;
        }
    }
    hist.into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(s, _)| (s as f64 / 10.0, total))
}

/// The document's body size: the most common size of normal text, by characters.
pub fn body_size(doc: &Document) -> f64 {
    size_mode(doc.pages.iter().flat_map(|p| p.words.iter()))
        .map(|(s, _)| s)
        .unwrap_or(10.0)
}

/// A page's own body size, when it has enough text to say (a page of notes or a table page
/// may differ from the document's).
fn page_body_size(words: &[Word]) -> Option<f64> {
    size_mode(words.iter()).and_then(|(s, n)| (n >= 400).then_some(s))
}

/// Is this word a bold face? From the font name, as producers name them.
pub fn is_bold(font: &str) -> bool {
    let f = font.to_ascii_lowercase();
    f.contains("bold")
        || f.contains("black")
        || f.contains("heavy")
        || f.contains("semibold")
        || f.ends_with("-bd")
        || f.ends_with(",bold")
        || f.contains("demi")
}

pub fn is_italic(font: &str) -> bool {
    let f = font.to_ascii_lowercase();
    f.contains("italic") || f.contains("oblique") || f.ends_with("-it") || f.contains("slant")
}
