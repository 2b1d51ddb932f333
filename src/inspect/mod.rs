//! The page overlay of `figuren inspect`: one self-contained HTML file per page (the page's
//! raster as a PNG data URI under an SVG in PDF points) and an `index.html` of the figures
//! with their check verdicts. Pure: a [`Reading`], the rasters and the verdicts in, file
//! names and HTML text out; the command line writes them.
//!
//! The SVG's `viewBox` is the page box in figuren's coordinates (PDF points, origin top-left
//! of the visible page, y down), so every layer is drawn with the numbers the database
//! holds. Layers (each can be switched off, without script): words (superscripts and
//! subscripts in their own colours), layout blocks and lines, ruling lines and filled
//! rectangles, figure regions, table cells coloured by status, failed checks in red, footnote
//! markers linked to their notes, link annotations. Each shape has a `<title>` tooltip.
//!
//! An inline script (`selftest.js`) measures on load whether the overlay lines up with the
//! raster's pixels and writes the result into `<body data-selftest="…">`, which the browser
//! tests read. No network is used, and the same inputs give the same bytes (no clock, stable
//! order, fixed number formatting).

pub mod browser;

use crate::layout::PageLayout;
use crate::number::Status;
use crate::pdf::model::{BBox, Diagnostic, Page, RuleKind, Script};
use crate::pipeline::Reading;
use crate::render::Raster;
use crate::store::verdicts::{StoredCheck, StoredVerdicts};
use crate::structure::{Figure, Scope, Structure};
use crate::table::{Table, TableCell};
use std::collections::BTreeMap;
use std::fmt::Write as _;

const CSS: &str = include_str!("overlay.css");
const SELFTEST: &str = include_str!("selftest.js");
/// CSS pixels per point on screen.
pub const ZOOM: f64 = 1.5;

/// Everything an overlay is made of.
pub struct Inputs<'a> {
    /// The file's name, as shown in titles.
    pub file_name: &'a str,
    pub reading: &'a Reading,
    /// Rasters of (some of) the pages.
    pub rasters: &'a [Raster],
    /// Why pages have no raster, and what the renderer warned about.
    pub render_diagnostics: &'a [Diagnostic],
    /// Stored check verdicts (`--db`), when asked for and the file is in the database.
    pub verdicts: Option<&'a StoredVerdicts>,
    /// The pages to write, 1-based, in order.
    pub pages: &'a [u32],
}

/// One file to write.
#[derive(Debug, Clone, PartialEq)]
pub struct OutFile {
    pub name: String,
    pub html: String,
    /// For a page: what it shows.
    pub summary: Option<PageSummary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PageSummary {
    pub page: u32,
    pub raster: bool,
    pub words: usize,
    pub cells: usize,
    pub failed_checks: usize,
}

/// The file name of a page's overlay: `page-003.html`.
pub fn page_file(page: u32) -> String {
    format!("page-{page:03}.html")
}

/// A figure's verdict: from the stored figure, else from its checks; `unchecked` without
/// a database or checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict<'a> {
    pub status: String,
    pub checks: Vec<&'a StoredCheck>,
}

fn verdict<'a>(v: Option<&'a StoredVerdicts>, fig: &Figure) -> Verdict<'a> {
    let unchecked = Verdict {
        status: "unchecked".into(),
        checks: Vec::new(),
    };
    let Some(v) = v else { return unchecked };
    let Some(stored) = v.figures.iter().find(|f| f.label == fig.label) else {
        return unchecked;
    };
    let Some(all) = &v.checks else {
        return unchecked;
    };
    let checks: Vec<&StoredCheck> = all.iter().filter(|c| c.figure_id == stored.id).collect();
    let status = stored.check_status.clone().unwrap_or_else(|| {
        if checks.iter().any(|c| c.failed()) {
            "inconsistent".into()
        } else if checks.is_empty() {
            "unchecked".into()
        } else {
            "verified".into()
        }
    });
    Verdict { status, checks }
}

/// Builds the page files (in the order of `inputs.pages`) and `index.html` (last).
pub fn build(inputs: &Inputs) -> Vec<OutFile> {
    let mut out = Vec::new();
    for (i, &p) in inputs.pages.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| inputs.pages.get(j)).copied();
        let next = inputs.pages.get(i + 1).copied();
        if let Some(f) = page(inputs, p, prev, next) {
            out.push(f);
        }
    }
    out.push(index(inputs));
    out
}

/// Escapes text for HTML and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

fn n(v: f64) -> String {
    if v.is_finite() {
        let s = format!("{v:.2}");
        if s == "-0.00" {
            "0.00".into()
        } else {
            s
        }
    } else {
        "0.00".into()
    }
}

fn rect_attrs(b: &BBox) -> String {
    format!(
        "x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
        n(b.x0),
        n(b.y0),
        n(b.width().max(0.0)),
        n(b.height().max(0.0))
    )
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut o = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for ch in bytes.chunks(3) {
        let b = [
            ch[0],
            ch.get(1).copied().unwrap_or(0),
            ch.get(2).copied().unwrap_or(0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        o.push(T[(v >> 18) as usize & 63] as char);
        o.push(T[(v >> 12) as usize & 63] as char);
        o.push(if ch.len() > 1 {
            T[(v >> 6) as usize & 63] as char
        } else {
            '='
        });
        o.push(if ch.len() > 2 {
            T[v as usize & 63] as char
        } else {
            '='
        });
    }
    o
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// The id of a footnote's entry in a page's note list.
fn note_id(scope: &Scope, number: u32) -> String {
    format!("note-{}-{number}", slug(&scope.as_text()))
}

/// A safe target for a link annotation: web and mail addresses only (never `javascript:`).
fn safe_href(uri: &str) -> Option<&str> {
    let lower = uri.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "ftp://"]
        .iter()
        .any(|p| lower.starts_with(p))
        .then_some(uri.trim_start())
}

/// A stretch along one axis, in points: (start, end).
type Span = (f64, f64);

/// Spans for indices `0..n` along one axis: the known ones as they are; a run of unknown
/// ones shares the gap between its known neighbours (or the bounds `lo`, `hi`) evenly.
fn fill_spans(n: usize, known: &BTreeMap<usize, Span>, lo: f64, hi: f64) -> Vec<Span> {
    let mut out = vec![(lo, hi); n];
    let mut i = 0;
    while i < n {
        if let Some(&k) = known.get(&i) {
            out[i] = k;
            i += 1;
            continue;
        }
        let start = i;
        while i < n && !known.contains_key(&i) {
            i += 1;
        }
        let a = start
            .checked_sub(1)
            .and_then(|j| known.get(&j))
            .map(|k| k.1)
            .unwrap_or(lo);
        let b = known.get(&i).map(|k| k.0).unwrap_or(hi);
        let (a, b) = if b > a { (a, b) } else { (a, a + 1.0) };
        let step = (b - a) / (i - start) as f64;
        for (j, o) in out[start..i].iter_mut().enumerate() {
            *o = (a + step * j as f64, a + step * (j + 1) as f64);
        }
    }
    out
}

/// Where each cell of a table is drawn: its own box, or for a cell without one (an empty
/// cell) the box its row and column give on the same page; a row or column without any
/// box there gets the gap between its neighbours (within the table's cells, or the
/// figure's region on that page).
fn cell_boxes(t: &Table, fig: Option<&Figure>) -> Vec<Option<BBox>> {
    let mut pages: Vec<u32> = t.cells.iter().map(|c| c.page).collect();
    pages.sort_unstable();
    pages.dedup();
    let nrows = t.cells.iter().map(|c| c.row + 1).max().unwrap_or(0);
    let ncols = t.cells.iter().map(|c| c.col + 1).max().unwrap_or(0);
    let mut spans: BTreeMap<u32, (Vec<Span>, Vec<Span>)> = BTreeMap::new();
    for &p in &pages {
        let mut rows: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
        let mut cols: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
        let mut all: Option<BBox> = None;
        for c in t.cells.iter().filter(|c| c.page == p) {
            if let Some(b) = c.bbox {
                let r = rows.entry(c.row).or_insert((b.y0, b.y1));
                *r = (r.0.min(b.y0), r.1.max(b.y1));
                let k = cols.entry(c.col).or_insert((b.x0, b.x1));
                *k = (k.0.min(b.x0), k.1.max(b.x1));
                all = Some(all.map_or(b, |a| a.union(&b)));
            }
        }
        let region = fig.and_then(|f| {
            f.region
                .iter()
                .filter(|r| r.page == p)
                .map(|r| r.bbox)
                .reduce(|a, b| a.union(&b))
        });
        let Some(bounds) = all.or(region) else {
            continue;
        };
        // rows of this page only: the rows of other pages are not between its rows
        let first = t
            .cells
            .iter()
            .filter(|c| c.page == p)
            .map(|c| c.row)
            .min()
            .unwrap_or(0);
        let last = t
            .cells
            .iter()
            .filter(|c| c.page == p)
            .map(|c| c.row + 1)
            .max()
            .unwrap_or(0);
        let local: BTreeMap<usize, (f64, f64)> =
            rows.iter().map(|(&r, &v)| (r - first, v)).collect();
        let mut row_spans = vec![(bounds.y0, bounds.y1); nrows];
        for (i, v) in fill_spans(last - first, &local, bounds.y0, bounds.y1)
            .into_iter()
            .enumerate()
        {
            if let Some(o) = row_spans.get_mut(first + i) {
                *o = v;
            }
        }
        let col_spans = fill_spans(ncols, &cols, bounds.x0, bounds.x1);
        spans.insert(p, (row_spans, col_spans));
    }
    t.cells
        .iter()
        .map(|c| {
            c.bbox.or_else(|| {
                let (rows, cols) = spans.get(&c.page)?;
                let r = rows.get(c.row)?;
                let k = cols.get(c.col)?;
                Some(BBox {
                    x0: k.0,
                    y0: r.0,
                    x1: k.1,
                    y1: r.1,
                })
            })
        })
        .collect()
}

fn path_text(p: &[String]) -> String {
    let parts: Vec<&str> = p
        .iter()
        .map(|s| s.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        "(none)".into()
    } else {
        parts.join(" › ")
    }
}

fn cell_title(fig: Option<&Figure>, t: &Table, c: &TableCell, placed: bool) -> String {
    let v = &c.cell;
    let mut s = String::new();
    let value = match (&v.value, v.status) {
        (Some(_), _) => v.value_exact().unwrap_or_default(),
        (None, Status::Range) | (None, Status::BelowThreshold) => format!(
            "[{} … {}]",
            v.lower.map(|d| d.to_string()).unwrap_or_default(),
            v.upper.map(|d| d.to_string()).unwrap_or_default()
        ),
        (None, _) => "no value".into(),
    };
    let _ = write!(s, "{:?} → {value}", v.raw);
    if let Some(u) = &v.unit {
        let _ = write!(s, " {}", u.as_str());
    }
    if let Some(sh) = v.share {
        let _ = write!(s, " (share {sh}%)");
    }
    if v.stars > 0 {
        let _ = write!(s, " {}", "*".repeat(v.stars as usize));
    }
    let _ = write!(s, "\nstatus: {}", v.status.as_str());
    let _ = write!(
        s,
        "\nrow: {}",
        path_text(t.rows.get(c.row).map(|p| p.as_slice()).unwrap_or(&[]))
    );
    let _ = write!(
        s,
        "\ncolumn: {}",
        path_text(t.columns.get(c.col).map(|p| p.as_slice()).unwrap_or(&[]))
    );
    let _ = write!(
        s,
        "\n{} row {} column {}",
        fig.map(|f| f.label.as_str()).unwrap_or("table"),
        c.row,
        c.col
    );
    if !placed {
        s.push_str("\n(no box of its own: drawn where its row and column are)");
    }
    s
}

fn status_class(s: Status) -> &'static str {
    s.as_str()
}

fn title(text: &str) -> String {
    format!("<title>{}</title>", esc(text))
}

fn page(inputs: &Inputs, number: u32, prev: Option<u32>, next: Option<u32>) -> Option<OutFile> {
    let reading = inputs.reading;
    let doc = &reading.document;
    let pg: &Page = doc.pages.iter().find(|p| p.number == number)?;
    let layout: Option<&PageLayout> = reading
        .layout
        .as_ref()
        .and_then(|l| l.pages.iter().find(|p| p.page == number));
    let empty = Structure::default();
    let st = reading.structure.as_ref().unwrap_or(&empty);
    let raster = inputs.rasters.iter().find(|r| r.page == number);
    let (w, h) = (pg.width.max(1.0), pg.height.max(1.0));
    let mut summary = PageSummary {
        page: number,
        raster: raster.is_some(),
        words: pg.words.len(),
        ..Default::default()
    };

    let mut svg = String::new();
    // blocks and lines
    let _ = writeln!(svg, "<g id=\"layer-blocks\">");
    if let Some(pl) = layout {
        for (i, b) in pl.blocks.iter().enumerate() {
            let col = if b.column == usize::MAX {
                "-".into()
            } else {
                b.column.to_string()
            };
            let _ = writeln!(
                svg,
                "<rect class=\"{}\" {}>{}</rect>",
                b.zone.as_str(),
                rect_attrs(&b.bbox),
                title(&format!(
                    "block {i}: {}, column {col}, {} line(s)",
                    b.zone.as_str(),
                    b.lines.len()
                ))
            );
        }
    }
    let _ = writeln!(svg, "</g>\n<g id=\"layer-lines\">");
    if let Some(pl) = layout {
        for (i, l) in pl.lines.iter().enumerate() {
            let mut t = format!(
                "line {i}: {}, block {}, size {:.2}{}{}",
                l.zone.as_str(),
                l.block,
                l.size,
                if l.bold { ", bold" } else { "" },
                if l.italic { ", italic" } else { "" }
            );
            if let Some(nt) = l.note {
                let _ = write!(t, ", starts note {}", nt.number);
            }
            let _ = write!(t, "\n{}", l.text);
            let _ = writeln!(
                svg,
                "<rect class=\"{}\" {}>{}</rect>",
                l.zone.as_str(),
                rect_attrs(&l.bbox),
                title(&t)
            );
        }
    }
    // rules
    let _ = writeln!(svg, "</g>\n<g id=\"layer-rules\">");
    for r in &pg.rules {
        let t = format!(
            "{} {:.1} x {:.1} pt{}",
            r.kind.as_str(),
            r.bbox.width(),
            r.bbox.height(),
            r.color
                .as_deref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default()
        );
        let class = match r.kind {
            RuleKind::Line => "line",
            RuleKind::Rect => "rect",
        };
        let _ = writeln!(
            svg,
            "<rect class=\"{class}\" {}>{}</rect>",
            rect_attrs(&r.bbox),
            title(&t)
        );
    }
    // figures
    let _ = writeln!(svg, "</g>\n<g id=\"layer-figures\">");
    for (fi, f) in st.figures.iter().enumerate() {
        let v = verdict(inputs.verdicts, f);
        let t = format!(
            "{}: {}\nkind: {}{}{}\ncheck: {}",
            f.label,
            f.title,
            f.kind.as_str(),
            f.period
                .as_deref()
                .map(|p| format!("\nperiod: {p}"))
                .unwrap_or_default(),
            f.source
                .as_deref()
                .map(|p| format!("\nsource: {p}"))
                .unwrap_or_default(),
            v.status
        );
        if f.page == number {
            let _ = writeln!(
                svg,
                "<rect class=\"figure\" data-figure=\"{fi}\" {}>{}</rect>",
                rect_attrs(&f.bbox),
                title(&t)
            );
        }
        for part in f.region.iter().filter(|p| p.page == number) {
            let _ = writeln!(
                svg,
                "<rect class=\"region\" data-figure=\"{fi}\" {}>{}</rect>",
                rect_attrs(&part.bbox),
                title(&format!("region of {t}"))
            );
            let _ = writeln!(
                svg,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                n(part.bbox.x1 - 1.0),
                n(part.bbox.y0 + 7.0),
                esc(&f.label)
            );
        }
    }
    // cells and failed checks
    let mut cells_svg = String::new();
    let mut checks_svg = String::new();
    let mut expected = 0usize;
    for t in &reading.tables {
        let fig = st.figures.get(t.figure);
        let boxes = cell_boxes(t, fig);
        let failed: Vec<&StoredCheck> = fig
            .map(|f| verdict(inputs.verdicts, f).checks)
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c.failed())
            .collect();
        for (c, b) in t.cells.iter().zip(&boxes) {
            if c.page != number {
                continue;
            }
            expected += 1;
            let Some(b) = b else { continue };
            summary.cells += 1;
            let _ = writeln!(
                cells_svg,
                "<rect class=\"cell {}\" data-row=\"{}\" data-col=\"{}\" {}>{}</rect>",
                status_class(c.cell.status),
                c.row,
                c.col,
                rect_attrs(b),
                title(&cell_title(fig, t, c, c.bbox.is_some()))
            );
            for k in failed
                .iter()
                .filter(|k| k.cells.contains(&(c.row as u32, c.col as u32)))
            {
                summary.failed_checks += 1;
                let _ = writeln!(
                    checks_svg,
                    "<rect class=\"failed\" {}>{}</rect>",
                    rect_attrs(b),
                    title(&format!(
                        "check {} failed: printed {}, expected {}{}{}",
                        k.kind,
                        k.printed.as_deref().unwrap_or("?"),
                        k.expected.as_deref().unwrap_or("?"),
                        k.confidence
                            .as_deref()
                            .map(|c| format!(" ({c})"))
                            .unwrap_or_default(),
                        k.detail
                            .as_deref()
                            .map(|d| format!("\n{d}"))
                            .unwrap_or_default()
                    ))
                );
            }
        }
    }
    let _ = writeln!(svg, "</g>\n<g id=\"layer-cells\">");
    svg.push_str(&cells_svg);
    let _ = writeln!(svg, "</g>\n<g id=\"layer-checks\">");
    svg.push_str(&checks_svg);
    // words
    let _ = writeln!(svg, "</g>\n<g id=\"layer-words\">");
    for (i, wd) in pg.words.iter().enumerate() {
        let mut class = String::from("w");
        match wd.script {
            Script::Superscript => class.push_str(" sup"),
            Script::Subscript => class.push_str(" sub"),
            Script::Normal => {}
        }
        if wd.invisible {
            class.push_str(" inv");
        }
        if wd.dir != 0 {
            class.push_str(" rot");
        }
        let _ = writeln!(
            svg,
            "<rect class=\"{class}\" data-b=\"{}\" data-s=\"{}\" {}>{}</rect>",
            n(wd.baseline),
            n(wd.size),
            rect_attrs(&wd.bbox),
            title(&format!(
                "{}\nword {i}, line {}: {} {:.2} pt, baseline {:.2}{}{}",
                wd.text,
                wd.line,
                wd.font,
                wd.size,
                wd.baseline,
                match wd.script {
                    Script::Normal => "",
                    Script::Superscript => ", superscript",
                    Script::Subscript => ", subscript",
                },
                if wd.invisible { ", invisible" } else { "" }
            ))
        );
    }
    // footnote markers and note starts
    let _ = writeln!(svg, "</g>\n<g id=\"layer-notes\">");
    let mut notes_here: Vec<(&Scope, u32)> = Vec::new();
    for r in st.refs.iter().filter(|r| r.page == number) {
        let Some(wd) = r.word.and_then(|i| pg.words.get(i)) else {
            continue;
        };
        let note = st
            .footnotes
            .iter()
            .find(|f| f.scope == r.scope && f.number == r.number);
        let t = match note {
            Some(f) => format!(
                "note {} ({}, page {}): {}",
                f.number,
                f.scope.as_text(),
                f.page,
                f.text
            ),
            None => format!("note {} ({}): not found", r.number, r.scope.as_text()),
        };
        if !notes_here.contains(&(&r.scope, r.number)) {
            notes_here.push((&r.scope, r.number));
        }
        let _ = writeln!(
            svg,
            "<a href=\"#{}\"><rect class=\"marker\" {}>{}</rect></a>",
            note_id(&r.scope, r.number),
            rect_attrs(&wd.bbox),
            title(&t)
        );
    }
    if let Some(pl) = layout {
        for l in pl.lines.iter().filter(|l| l.note.is_some()) {
            if let Some(nt) = l.note {
                let _ = writeln!(
                    svg,
                    "<rect class=\"note-start\" {}>{}</rect>",
                    rect_attrs(&l.bbox),
                    title(&format!("footnote {} begins: {}", nt.number, l.text))
                );
            }
        }
    }
    // links
    let _ = writeln!(svg, "</g>\n<g id=\"layer-links\">");
    for (li, l) in pg.links.iter().enumerate() {
        let fig = st
            .link_figures
            .iter()
            .find(|(p, i, _)| *p == number && *i == li)
            .and_then(|(_, _, f)| st.figures.get(*f))
            .map(|f| format!("\nabout {}", f.label))
            .unwrap_or_default();
        let rect = format!(
            "<rect {}>{}</rect>",
            rect_attrs(&l.bbox),
            title(&format!("{}{fig}", l.uri))
        );
        match safe_href(&l.uri) {
            Some(href) => {
                let _ = writeln!(
                    svg,
                    "<a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">{rect}</a>",
                    esc(href)
                );
            }
            None => {
                let _ = writeln!(svg, "{rect}");
            }
        }
    }
    let _ = writeln!(svg, "</g>");

    // the notes listed under the page: cited here or printed here
    let mut notes: Vec<&crate::structure::Footnote> = st
        .footnotes
        .iter()
        .filter(|f| f.page == number || notes_here.contains(&(&f.scope, f.number)))
        .collect();
    notes.sort_by(|a, b| {
        (a.page, a.scope.as_text(), a.number).cmp(&(b.page, b.scope.as_text(), b.number))
    });

    let label = pg
        .label
        .as_deref()
        .or_else(|| {
            (number as usize)
                .checked_sub(1)
                .and_then(|i| st.printed_page.get(i))
                .and_then(|p| p.as_deref())
        })
        .map(|l| format!(" (printed {})", esc(l)))
        .unwrap_or_default();
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"generator\" content=\"figuren {}\">\n\
         <title>{} page {number}</title>\n<style>\n{CSS}</style>\n</head>\n",
        env!("CARGO_PKG_VERSION"),
        esc(inputs.file_name)
    );
    let _ = writeln!(
        html,
        "<body data-page=\"{number}\" data-width=\"{}\" data-height=\"{}\" data-cells=\"{expected}\">",
        n(w),
        n(h)
    );
    let _ = writeln!(
        html,
        "<header><h1>{} — page {number} of {}{label}</h1><nav><a href=\"index.html\">figures</a>{}{}</nav>",
        esc(inputs.file_name),
        doc.pages.len(),
        prev.map(|p| format!("<a href=\"{}\">← page {p}</a>", page_file(p)))
            .unwrap_or_default(),
        next.map(|p| format!("<a href=\"{}\">page {p} →</a>", page_file(p)))
            .unwrap_or_default()
    );
    let _ = writeln!(
        html,
        "<div class=\"legend\">cells:<span style=\"background:#2e7d32\"></span>number\
         <span style=\"background:#1565c0\"></span>symbol (nil, unknown, secret, n.v.t.)\
         <span style=\"background:#ef6c00\"></span>range or bound\
         <span style=\"background:#757575\"></span>text\
         <span style=\"background:#fff;border-style:dashed\"></span>empty\
         <span style=\"background:#e53935\"></span>failed check \
         · words: <span style=\"border-color:#1e88e5\"></span>word\
         <span style=\"border-color:#e65100\"></span>superscript</div></header>"
    );
    for (id, name, on) in [
        ("raster", "page", true),
        ("words", "words", true),
        ("blocks", "blocks", true),
        ("lines", "lines", false),
        ("rules", "rules", true),
        ("figures", "figures", true),
        ("cells", "cells", true),
        ("checks", "failed checks", true),
        ("notes", "footnotes", true),
        ("links", "links", true),
    ] {
        let _ = writeln!(
            html,
            "<input type=\"checkbox\" class=\"toggle\" id=\"t-{id}\"{}><label class=\"toggle\" for=\"t-{id}\">{name}</label>",
            if on { " checked" } else { "" }
        );
    }
    let (cw, ch) = (w * ZOOM, h * ZOOM);
    let _ = writeln!(
        html,
        "<div id=\"sheet\" style=\"width:{}px;height:{}px\">",
        n(cw),
        n(ch)
    );
    match raster {
        Some(r) => {
            let _ = writeln!(
                html,
                "<img id=\"raster\" alt=\"page {number}\" width=\"{}\" height=\"{}\" style=\"width:{}px;height:{}px\" data-sx=\"{:.6}\" data-sy=\"{:.6}\" src=\"data:image/png;base64,{}\">",
                r.width,
                r.height,
                n(cw),
                n(ch),
                r.x_scale,
                r.y_scale,
                base64(&r.png)
            );
        }
        None => {
            let _ = writeln!(
                html,
                "<div class=\"noraster\">page not rendered (see the diagnostics below)</div>"
            );
        }
    }
    let _ = writeln!(
        html,
        "<svg id=\"overlay\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\">\n<g id=\"content\">",
        n(w),
        n(h),
        n(cw),
        n(ch)
    );
    html.push_str(&svg);
    let _ = writeln!(html, "</g>\n</svg>\n</div>");

    if !notes.is_empty() {
        let _ = writeln!(html, "<section id=\"notes\"><h2>Footnotes</h2><ol>");
        for f in notes {
            let _ = writeln!(
                html,
                "<li id=\"{}\"><b>{}</b> ({}, page {}): {}</li>",
                note_id(&f.scope, f.number),
                f.number,
                esc(&f.scope.as_text()),
                f.page,
                esc(&f.text)
            );
        }
        let _ = writeln!(html, "</ol></section>");
    }
    let diags: Vec<&Diagnostic> = inputs
        .render_diagnostics
        .iter()
        .chain(doc.diagnostics.iter())
        .chain(st.diagnostics.iter())
        .filter(|d| d.page == Some(number))
        .collect();
    if !diags.is_empty() {
        let _ = writeln!(html, "<section id=\"diagnostics\"><h2>Diagnostics</h2><ul>");
        for d in diags {
            let _ = writeln!(
                html,
                "<li>{} ({}): {}</li>",
                d.severity.as_str(),
                esc(&d.stage),
                esc(&d.message)
            );
        }
        let _ = writeln!(html, "</ul></section>");
    }
    let _ = writeln!(html, "<script>\n{SELFTEST}</script>\n</body>\n</html>");
    Some(OutFile {
        name: page_file(number),
        html,
        summary: Some(summary),
    })
}

fn index(inputs: &Inputs) -> OutFile {
    let reading = inputs.reading;
    let empty = Structure::default();
    let st = reading.structure.as_ref().unwrap_or(&empty);
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"generator\" content=\"figuren {}\">\n\
         <title>{} — figures</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        esc(inputs.file_name)
    );
    let checked = inputs.verdicts.map(|v| v.checks.is_some()).unwrap_or(false);
    let _ = writeln!(
        html,
        "<header><h1>{}: {} page(s), {} figure(s)</h1><p>{}</p></header>",
        esc(inputs.file_name),
        reading.document.pages.len(),
        st.figures.len(),
        match inputs.verdicts {
            None => "No database given (--db): every figure is unchecked.",
            Some(v) if v.checks.is_none() =>
                "The database has no checks: every figure is unchecked.",
            Some(_) => "Check verdicts from the database.",
        }
    );
    let _ = writeln!(
        html,
        "<table class=\"figures\"><tr><th>figure</th><th>title</th><th>kind</th><th>pages</th><th>cells</th><th>check</th></tr>"
    );
    for (fi, f) in st.figures.iter().enumerate() {
        let v = verdict(inputs.verdicts, f);
        let mut pages: Vec<u32> = vec![f.page];
        for p in &f.region {
            if !pages.contains(&p.page) {
                pages.push(p.page);
            }
        }
        let cells = reading
            .tables
            .iter()
            .filter(|t| t.figure == fi)
            .map(|t| t.cells.len())
            .sum::<usize>();
        let page_links: Vec<String> = pages
            .iter()
            .map(|&p| {
                if inputs.pages.contains(&p) {
                    format!("<a href=\"{}\">{p}</a>", page_file(p))
                } else {
                    p.to_string()
                }
            })
            .collect();
        let mut check = format!(
            "<span class=\"{}\">{}</span>",
            slug(&v.status),
            esc(&v.status)
        );
        if checked && !v.checks.is_empty() {
            let mut by: BTreeMap<&str, usize> = BTreeMap::new();
            for c in &v.checks {
                *by.entry(c.status.as_str()).or_default() += 1;
            }
            let parts: Vec<String> = by.iter().map(|(k, n)| format!("{n} {k}")).collect();
            let _ = write!(check, " ({})", esc(&parts.join(", ")));
            for c in v.checks.iter().filter(|c| c.failed()) {
                let _ = write!(
                    check,
                    "<br>{} {:?}: printed {}, expected {}",
                    esc(&c.kind),
                    c.cells,
                    esc(c.printed.as_deref().unwrap_or("?")),
                    esc(c.expected.as_deref().unwrap_or("?"))
                );
            }
        }
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{cells}</td><td>{check}</td></tr>",
            esc(&f.label),
            esc(&f.title),
            f.kind.as_str(),
            page_links.join(", ")
        );
    }
    let _ = writeln!(html, "</table>");
    let _ = writeln!(html, "<section><h2>Pages</h2><p>");
    for &p in inputs.pages {
        let mark = if inputs.rasters.iter().any(|r| r.page == p) {
            ""
        } else {
            " (no raster)"
        };
        let _ = write!(html, "<a href=\"{}\">{p}</a>{mark} ", page_file(p));
    }
    let _ = writeln!(html, "</p></section>");
    let diags: Vec<&Diagnostic> = inputs
        .render_diagnostics
        .iter()
        .filter(|d| d.page.is_none_or(|p| inputs.pages.contains(&p)))
        .collect();
    if !diags.is_empty() {
        let _ = writeln!(html, "<section><h2>Rendering</h2><ul>");
        for d in diags {
            let _ = writeln!(
                html,
                "<li>{}{}: {}</li>",
                d.page.map(|p| format!("page {p}, ")).unwrap_or_default(),
                d.severity.as_str(),
                esc(&d.message)
            );
        }
        let _ = writeln!(html, "</ul></section>");
    }
    let _ = writeln!(html, "</body>\n</html>");
    OutFile {
        name: "index.html".into(),
        html,
        summary: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_rows_and_columns_without_boxes() {
        let mut known = BTreeMap::new();
        known.insert(0, (10.0, 20.0));
        known.insert(3, (50.0, 60.0));
        assert_eq!(
            fill_spans(5, &known, 0.0, 100.0),
            vec![
                (10.0, 20.0),
                (20.0, 35.0),
                (35.0, 50.0),
                (50.0, 60.0),
                (60.0, 100.0)
            ]
        );
        assert_eq!(
            fill_spans(2, &BTreeMap::new(), 0.0, 10.0),
            vec![(0.0, 5.0), (5.0, 10.0)]
        );
    }

    #[test]
    fn base64_as_the_rfc_says() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn escaping_and_safe_links() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(safe_href("https://x.nl/a"), Some("https://x.nl/a"));
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(n(-0.001), "0.00");
        assert_eq!(n(f64::NAN), "0.00");
    }
}
