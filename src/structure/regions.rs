//! Figure regions and kinds: what belongs to each caption.
//!
//! A figure's region runs from its caption away from it (down, or up for profiles whose
//! captions stand below their figures: `[caption] position = "above"`) over the lines of the
//! caption's column (the whole width when the caption stands in a one-column band), and ends
//! at the first line that is something else: another caption, a heading, a line of running
//! prose (body size, filling the column, five words or more), or the footnote zone. The
//! region's rules, shapes, images and text rows say what the figure is (`FigureKind`).
//! Links whose middle lies in the region belong to the figure (the first that holds them).
//! PBL/CBS-style `Bron:` and `Uitleg:` lines and per-table notes in the region are read here.

use super::captions::Caption;
use super::{caption, diag, join_lines, Ctx, Figure, FigureKind, Footnote, LineRef, Scope};
use crate::layout::lines::join;
use crate::layout::{Line, PageLayout, Zone};
use crate::pdf::model::{BBox, Page, Script, Severity};
use std::collections::HashSet;

/// The region of a figure: page index, the box, the lines in it.
#[derive(Debug, Clone)]
pub struct Region {
    pub page: usize,
    pub bbox: BBox,
    pub lines: Vec<usize>,
    /// The caption's lines.
    pub caption: Vec<usize>,
}

pub struct Regions {
    pub figures: Vec<Figure>,
    pub regions: Vec<Region>,
    pub link_figures: Vec<(u32, usize, usize)>,
    pub figure_notes: Vec<Footnote>,
    pub figure_note_lines: HashSet<LineRef>,
    pub diagnostics: Vec<crate::pdf::model::Diagnostic>,
}

/// A line of running text: body size, filling most of its column, five words or more, most
/// of them words.
fn is_prose(l: &Line, body: f64, col_width: f64) -> bool {
    let words: Vec<&str> = l.text.split_whitespace().collect();
    let alpha = words
        .iter()
        .filter(|w| w.chars().next().map(|c| c.is_alphabetic()).unwrap_or(false))
        .count();
    (l.size - body).abs() <= 0.06 * body
        && !l.italic
        && l.bbox.width() >= 0.75 * col_width
        && words.len() >= 5
        && alpha * 10 >= 6 * words.len()
}

fn is_heading(cx: &Ctx, l: &Line) -> bool {
    (l.bold || l.size >= 1.1 * cx.body)
        && cx
            .profile
            .section_numbered
            .as_ref()
            .map(|r| r.is_match(l.text.trim()))
            .unwrap_or(false)
}

/// The x-range a figure may use: its caption's column in a band of several columns, else the
/// whole page.
fn x_range(pl: &PageLayout, column: usize, width: f64) -> (f64, f64) {
    match pl.columns.get(column) {
        Some(c) if c.of >= 2 => (c.bbox.x0 - 2.0, c.bbox.x1 + 2.0),
        _ => (0.0, width),
    }
}

fn region_of(cx: &Ctx, pl: &PageLayout, p: &Page, cap: &Caption, downwards: bool) -> Region {
    let (x0, x1) = x_range(pl, cap.column, p.width);
    let col_width = pl
        .columns
        .get(cap.column)
        .map(|c| c.bbox.width())
        .unwrap_or(p.width)
        .max(1.0);
    let cap_set: HashSet<usize> = cap.lines.iter().copied().collect();
    let mut cand: Vec<usize> = (0..pl.lines.len())
        .filter(|i| !cap_set.contains(i))
        .filter(|&i| {
            let l = &pl.lines[i];
            let cx_mid = (l.bbox.x0 + l.bbox.x1) / 2.0;
            let side = if downwards {
                l.bbox.y0 >= cap.bbox.y1 - 0.5
            } else {
                l.bbox.y1 <= cap.bbox.y0 + 0.5
            };
            side && cx_mid >= x0 && cx_mid <= x1
        })
        .collect();
    cand.sort_by(|&a, &b| {
        let (la, lb) = (&pl.lines[a], &pl.lines[b]);
        if downwards {
            la.bbox.y0.total_cmp(&lb.bbox.y0)
        } else {
            lb.bbox.y1.total_cmp(&la.bbox.y1)
        }
    });
    let mut lines = Vec::new();
    let mut end = if downwards { p.height } else { 0.0 };
    for i in cand {
        let l = &pl.lines[i];
        let caption_start = cx.profile.caption_start.is_match(l.text.trim());
        if l.zone != Zone::Body
            || caption_start
            || is_heading(cx, l)
            || is_prose(l, cx.body, col_width)
        {
            end = if downwards { l.bbox.y0 } else { l.bbox.y1 };
            break;
        }
        lines.push(i);
    }
    let mut bbox = cap.bbox;
    for &i in &lines {
        bbox = bbox.union(&pl.lines[i].bbox);
    }
    // drawing between the caption and the end of the region
    let (y_lo, y_hi) = if downwards {
        (cap.bbox.y0, end)
    } else {
        (end, cap.bbox.y1)
    };
    let inside = |b: &BBox| {
        let mx = (b.x0 + b.x1) / 2.0;
        b.y0 >= y_lo - 0.5 && b.y1 <= y_hi + 0.5 && mx >= x0 && mx <= x1
    };
    for r in p.rules.iter().filter(|r| inside(&r.bbox)) {
        bbox = bbox.union(&r.bbox);
    }
    for b in p.images.iter().chain(p.shapes.iter()).filter(|b| inside(b)) {
        bbox = bbox.union(b);
    }
    Region {
        page: cap.page,
        bbox,
        lines,
        caption: cap.lines.clone(),
    }
}

/// A Dutch number or statistical cell as printed: `1.660`, `4,35`, `-28%`, `+14%`, `54%`,
/// `<5`, `n.v.t.`, `-` (nil).
fn is_cell_value(t: &str) -> bool {
    let t = t.trim_matches(|c: char| c == '*' || c == '(' || c == ')');
    if matches!(
        t.to_lowercase().as_str(),
        "n.v.t." | "n.v.t" | "nvt" | "-" | "–" | "." | "x"
    ) {
        return true;
    }
    let t = t
        .trim_start_matches(['<', '>', '+', '-', '−', '–'])
        .trim_end_matches('%');
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && t.chars()
            .next()
            .map(|c| c.is_ascii_digit())
            .unwrap_or(false)
}

/// What the region holds, from its rows of text, its drawing and its pictures:
/// - `table`: at least two rows (lines on one baseline) with two or more numeric cells, or
///   with three or more cells;
/// - `image`: a picture, or an empty box (rules along the edges of one rectangle, or one
///   filled rectangle, with at most a short note inside);
/// - `chart`: drawing (curves, slanted lines, ten or more rules) without such rows;
/// - else `unknown`.
fn kind_of(p: &Page, pl: &PageLayout, reg: &Region) -> FigureKind {
    let mut rows: Vec<(f64, usize, usize)> = Vec::new(); // baseline, cells, numeric cells
    let mut sorted: Vec<&Line> = reg.lines.iter().map(|&i| &pl.lines[i]).collect();
    sorted.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
    for l in &sorted {
        let numeric = l
            .words
            .iter()
            .filter(|&&w| p.words[w].script == Script::Normal && is_cell_value(&p.words[w].text))
            .count();
        match rows.last_mut() {
            Some(r) if (l.baseline - r.0).abs() <= 0.3 * l.size => {
                r.1 += 1;
                r.2 += usize::from(numeric > 0);
            }
            _ => rows.push((l.baseline, 1, usize::from(numeric > 0))),
        }
    }
    let numeric_rows = rows.iter().filter(|r| r.2 >= 2).count();
    let wide_rows = rows.iter().filter(|r| r.1 >= 3).count();
    if numeric_rows >= 2 || wide_rows >= 2 {
        return FigureKind::Table;
    }
    let below = |b: &BBox| {
        b.y0 >= reg.bbox.y0 - 0.5
            && b.y1 <= reg.bbox.y1 + 0.5
            && b.x0 >= reg.bbox.x0 - 0.5
            && b.x1 <= reg.bbox.x1 + 0.5
    };
    if p.images
        .iter()
        .any(|b| below(b) && b.width() * b.height() >= 400.0)
    {
        return FigureKind::Image;
    }
    let rules: Vec<&BBox> = p
        .rules
        .iter()
        .map(|r| &r.bbox)
        .filter(|b| below(b))
        .collect();
    let shapes = p.shapes.iter().filter(|b| below(b)).count();
    if let Some(bx) = rules
        .iter()
        .skip(1)
        .fold(rules.first().map(|b| **b), |acc, b| acc.map(|a| a.union(b)))
    {
        let big = bx.width() >= 40.0 && bx.height() >= 8.0;
        let on_edge = |b: &BBox| {
            (b.y0 - bx.y0).abs() <= 2.0
                || (b.y1 - bx.y1).abs() <= 2.0
                || (b.x0 - bx.x0).abs() <= 2.0
                || (b.x1 - bx.x1).abs() <= 2.0
        };
        let filled_box = rules.len() <= 2
            && rules
                .iter()
                .any(|b| b.width() >= 0.9 * bx.width() && b.height() >= 0.9 * bx.height());
        let outline = rules.len() >= 4 && rules.iter().all(|b| on_edge(b));
        let text_inside = reg
            .lines
            .iter()
            .filter(|&&i| {
                let l = &pl.lines[i].bbox;
                l.y0 >= bx.y0 && l.y1 <= bx.y1 && l.x0 >= bx.x0 && l.x1 <= bx.x1
            })
            .count();
        if big && shapes == 0 && (filled_box || outline) && text_inside <= 3 {
            return FigureKind::Image;
        }
    }
    if shapes >= 1 || rules.len() >= 10 {
        return FigureKind::Chart;
    }
    FigureKind::Unknown
}

pub fn build(cx: &Ctx, caps: Vec<Caption>, printed: &[Option<String>]) -> Regions {
    let downwards = cx.profile.caption_position != "above";
    let mut out = Regions {
        figures: Vec::with_capacity(caps.len()),
        regions: Vec::with_capacity(caps.len()),
        link_figures: Vec::new(),
        figure_notes: Vec::new(),
        figure_note_lines: HashSet::new(),
        diagnostics: Vec::new(),
    };
    let mut taken_links: HashSet<(u32, usize)> = HashSet::new();
    for (fi, cap) in caps.into_iter().enumerate() {
        let (Some(pl), Some(p)) = (cx.layout.pages.get(cap.page), cx.doc.pages.get(cap.page))
        else {
            continue;
        };
        let reg = region_of(cx, pl, p, &cap, downwards);
        let kind = kind_of(p, pl, &reg);
        let mut f = Figure {
            label: cap.parts.label.clone(),
            number: cap.parts.number.clone(),
            title: cap.parts.title.clone(),
            period: cap.parts.period.clone(),
            source: cap.parts.source.clone(),
            source_orgs: cap.parts.source_orgs.clone(),
            note: cap.parts.note.clone(),
            page: p.number,
            page_label: p
                .label
                .clone()
                .or_else(|| printed.get(cap.page).cloned().flatten()),
            bbox: reg.bbox,
            kind,
            caption_text: cap.text.clone(),
            footnotes: cap.markers.clone(),
        };
        for (li, link) in p.links.iter().enumerate() {
            let (mx, my) = (
                (link.bbox.x0 + link.bbox.x1) / 2.0,
                (link.bbox.y0 + link.bbox.y1) / 2.0,
            );
            let b = &reg.bbox;
            let (x0, x1) = x_range(pl, cap.column, p.width);
            let inside = my >= b.y0 - 0.5 && my <= b.y1 + 0.5 && mx >= x0 && mx <= x1;
            if inside && taken_links.insert((p.number, li)) {
                out.link_figures.push((p.number, li, fi));
                f.bbox = f.bbox.union(&link.bbox);
            }
        }
        source_and_notes(cx, pl, p, &reg, &mut f, &mut out);
        if f.source.is_none() {
            out.diagnostics.push(diag(
                Some(p.number),
                Severity::Info,
                format!(
                    "{}: no source found, neither in the caption nor on a source line below it",
                    f.label
                ),
            ));
        }
        out.figures.push(f);
        out.regions.push(reg);
    }
    out
}

/// PBL/CBS style: `Bron:` and `Uitleg:` lines below the table, notes numbered per table.
fn source_and_notes(
    cx: &Ctx,
    pl: &PageLayout,
    p: &Page,
    reg: &Region,
    f: &mut Figure,
    out: &mut Regions,
) {
    let mut current: Option<(u32, Vec<String>)> = None;
    let mut notes_here: Vec<(u32, String)> = Vec::new();
    let mut region = reg.lines.clone();
    region.sort_by(|&a, &b| pl.lines[a].baseline.total_cmp(&pl.lines[b].baseline));
    for &li in &region {
        let l = &pl.lines[li];
        let text = l.text.trim();
        if let Some(c) = cx
            .profile
            .source_line
            .as_ref()
            .and_then(|r| r.captures(text))
        {
            if f.source.is_none() {
                let src = c
                    .name("source")
                    .map(|x| x.as_str().trim().to_string())
                    .unwrap_or_default();
                f.source_orgs = caption::source_orgs(cx.profile, &src);
                f.source = Some(src);
            }
            if let Some((n, v)) = current.take() {
                notes_here.push((n, join_lines(&v, &cx.vocabulary)));
            }
            continue;
        }
        if let Some(c) = cx.profile.note_line.as_ref().and_then(|r| r.captures(text)) {
            if f.note.is_none() {
                f.note = c.name("note").map(|x| x.as_str().trim().to_string());
            }
            continue;
        }
        if cx.profile.footnote_scope == "figure" && l.size < 0.97 * cx.body {
            let first = l.words.first().map(|&w| &p.words[w]);
            let start = first
                .filter(|w| w.script == Script::Superscript && l.words.len() > 1)
                .and_then(|w| super::text::small_number(&w.text));
            match start {
                Some(n) => {
                    if let Some((m, v)) = current.take() {
                        notes_here.push((m, join_lines(&v, &cx.vocabulary)));
                    }
                    current = Some((n, vec![join(&p.words, &l.words[1..], false)]));
                    out.figure_note_lines.insert((reg.page, li));
                }
                None => {
                    if let Some((_, v)) = current.as_mut() {
                        v.push(text.to_string());
                        out.figure_note_lines.insert((reg.page, li));
                    }
                }
            }
        }
    }
    if let Some((n, v)) = current.take() {
        notes_here.push((n, join_lines(&v, &cx.vocabulary)));
    }
    for (n, text) in notes_here {
        out.figure_notes.push(Footnote {
            scope: Scope::Figure(f.label.clone()),
            number: n,
            text,
            page: p.number,
        });
    }
}
