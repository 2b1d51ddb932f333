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
use super::{
    caption, diag, join_lines, Ctx, Figure, FigureKind, Footnote, LineRef, RegionPart, Scope,
};
use crate::layout::lines::join;
use crate::layout::{Line, PageLayout, Zone};
use crate::pdf::model::{BBox, Page, Script, Severity};
use std::collections::HashSet;

/// A piece of a figure's region on one page.
#[derive(Debug, Clone)]
pub struct Part {
    /// Page index.
    pub page: usize,
    pub bbox: BBox,
    /// Line indices of the page layout in the region (the caption's not included).
    pub lines: Vec<usize>,
    /// The x-range the region may use on this page.
    pub x0: f64,
    pub x1: f64,
}

/// The region of a figure: its caption, and the parts on the caption's page and (when the
/// caption stands at the foot of a page) on the next.
#[derive(Debug, Clone)]
pub struct Region {
    /// Page index of the caption.
    pub page: usize,
    /// The caption's lines.
    pub caption: Vec<usize>,
    pub caption_bbox: BBox,
    pub parts: Vec<Part>,
}

impl Region {
    /// Does the region hold line `li` of page `pi` (the caption included)?
    pub fn holds_line(&self, pi: usize, li: usize) -> bool {
        (pi == self.page && self.caption.contains(&li))
            || self
                .parts
                .iter()
                .any(|p| p.page == pi && p.lines.contains(&li))
    }

    /// Does the region hold this box of page `pi`?
    pub fn holds_box(&self, pi: usize, b: &BBox) -> bool {
        let inside = |r: &BBox| {
            b.y0 >= r.y0 - 0.5 && b.y1 <= r.y1 + 0.5 && b.x0 >= r.x0 - 0.5 && b.x1 <= r.x1 + 0.5
        };
        (pi == self.page && inside(&self.caption_bbox))
            || self.parts.iter().any(|p| p.page == pi && inside(&p.bbox))
    }
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

/// The lines and drawing of a figure on one page, from `start` (a y) away from the caption,
/// within `x0..x1`; the lines in `skip` (the caption) left out. Returns the part and whether
/// it ran to the foot of the page (the footnote zone, the running lines or the page end).
#[allow(clippy::too_many_arguments)]
fn part_of(
    cx: &Ctx,
    pi: usize,
    pl: &PageLayout,
    p: &Page,
    start: f64,
    (x0, x1): (f64, f64),
    col_width: f64,
    skip: &HashSet<usize>,
    downwards: bool,
    first: Option<&BBox>,
) -> (Part, bool) {
    let mut cand: Vec<usize> = (0..pl.lines.len())
        .filter(|i| !skip.contains(i))
        .filter(|&i| {
            let l = &pl.lines[i];
            let mid = (l.bbox.x0 + l.bbox.x1) / 2.0;
            // a line whose box overlaps the caption's by a hair (a tall bold font's ascent)
            // is still under it when its middle is
            let ymid = (l.bbox.y0 + l.bbox.y1) / 2.0;
            let side = if downwards {
                l.bbox.y0 >= start - 0.5 || ymid >= start + 0.5
            } else {
                l.bbox.y1 <= start + 0.5 || ymid <= start - 0.5
            };
            side && mid >= x0 && mid <= x1
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
    let mut at_foot = true;
    for i in cand {
        let l = &pl.lines[i];
        if l.zone.is_running() {
            continue;
        }
        let caption_start = cx.profile.caption_start.is_match(l.text.trim());
        if l.zone == Zone::Note {
            end = if downwards { l.bbox.y0 } else { l.bbox.y1 };
            break;
        }
        // prose fills the width of its own column (a column of a band under a full-width
        // table is narrower than the table's)
        let own_width = pl
            .columns
            .get(l.column)
            .map(|c| c.bbox.width())
            .filter(|w| *w > 1.0)
            .unwrap_or(col_width)
            .min(col_width);
        if caption_start || is_heading(cx, l) || is_prose(l, cx.body, own_width) {
            end = if downwards { l.bbox.y0 } else { l.bbox.y1 };
            at_foot = false;
            break;
        }
        lines.push(i);
    }
    // the footnote separator (the lowest rule above the note zone) is not the figure's
    if downwards && at_foot {
        let last = lines
            .iter()
            .map(|&i| pl.lines[i].bbox.y1)
            .fold(start, f64::max);
        {
            if let Some(sep) = p
                .rules
                .iter()
                .filter(|r| r.bbox.height() <= 2.0 && r.bbox.y0 > last + 2.0 && r.bbox.y1 <= end)
                .map(|r| r.bbox.y0)
                .reduce(f64::max)
            {
                // a separator drawn as a thin box: its top edge
                let top = p
                    .rules
                    .iter()
                    .filter(|r| r.bbox.y0 >= sep - 2.0 && r.bbox.y1 <= sep + 2.0)
                    .map(|r| r.bbox.y0)
                    .fold(sep, f64::min);
                end = top - 0.5;
            }
        }
    }
    let mut bbox: Option<BBox> = first.copied();
    for &i in &lines {
        let b = pl.lines[i].bbox;
        bbox = Some(bbox.map(|x| x.union(&b)).unwrap_or(b));
    }
    let (y_lo, y_hi) = if downwards {
        (start, end)
    } else {
        (end, start)
    };
    let inside = |b: &BBox| {
        let mx = (b.x0 + b.x1) / 2.0;
        b.y0 >= y_lo - 0.5 && b.y1 <= y_hi + 0.5 && mx >= x0 && mx <= x1
    };
    for b in p
        .rules
        .iter()
        .map(|r| &r.bbox)
        .chain(p.images.iter())
        .chain(p.shapes.iter())
        .filter(|b| inside(b))
    {
        bbox = Some(bbox.map(|x| x.union(b)).unwrap_or(*b));
    }
    let bbox = bbox.unwrap_or(BBox {
        x0,
        y0: y_lo,
        x1: x0,
        y1: y_lo,
    });
    (
        Part {
            page: pi,
            bbox,
            lines,
            x0,
            x1,
        },
        at_foot,
    )
}

fn region_of(cx: &Ctx, cap: &Caption, downwards: bool) -> Option<Region> {
    let pl = cx.layout.pages.get(cap.page)?;
    let p = cx.doc.pages.get(cap.page)?;
    let range = x_range(pl, cap.column, p.width);
    let col_width = pl
        .columns
        .get(cap.column)
        .map(|c| c.bbox.width())
        .unwrap_or(p.width)
        .max(1.0);
    let skip: HashSet<usize> = cap.lines.iter().copied().collect();
    let start = if downwards { cap.bbox.y1 } else { cap.bbox.y0 };
    let (first, at_foot) = part_of(
        cx,
        cap.page,
        pl,
        p,
        start,
        range,
        col_width,
        &skip,
        downwards,
        Some(&cap.bbox),
    );
    let empty = first.lines.is_empty()
        && first.bbox.y1 - cap.bbox.y1 < 2.0
        && first.bbox.y0 >= cap.bbox.y0 - 2.0;
    let mut parts = vec![first];
    // a caption at the foot of a page with its figure on the next, or a table that goes on
    // over the page break (its rows at the top of the next page, a repeated header)
    let table_goes_on = !empty && {
        let p0 = &parts[0];
        rows_of(p, pl, &p0.lines)
            .iter()
            .filter(|r| r.0 >= 2)
            .count()
            >= 2
    };
    if downwards && at_foot && (empty || table_goes_on) {
        if let (Some(npl), Some(np)) = (
            cx.layout.pages.get(cap.page + 1),
            cx.doc.pages.get(cap.page + 1),
        ) {
            let top = npl
                .lines
                .iter()
                .filter(|l| !l.zone.is_running())
                .map(|l| l.bbox.y0)
                .fold(np.height, f64::min);
            let (next, _) = part_of(
                cx,
                cap.page + 1,
                npl,
                np,
                top,
                range,
                col_width,
                &HashSet::new(),
                downwards,
                None,
            );
            if empty {
                if !next.lines.is_empty() || next.bbox.height() > 2.0 {
                    parts.push(next);
                }
            } else {
                // the continuation of a table: rows of cells from the top (after a repeated
                // header), up to its last such row; what follows is not the table's
                let mut next = next;
                let rows = row_lines(npl, &next.lines);
                let cells: Vec<usize> = rows.iter().map(|r| r.len()).collect();
                let leading = cells.iter().take(8).filter(|&&c| c >= 2).count();
                if let Some(mut last) = cells.iter().rposition(|&c| c >= 2) {
                    // and the lines set close under it (a label's last line)
                    while let Some(next_row) = rows.get(last + 1) {
                        let bottom = rows[last]
                            .iter()
                            .map(|&i| npl.lines[i].bbox.y1)
                            .fold(f64::NEG_INFINITY, f64::max);
                        let top = next_row
                            .iter()
                            .map(|&i| npl.lines[i].bbox.y0)
                            .fold(f64::INFINITY, f64::min);
                        let size = next_row
                            .iter()
                            .map(|&i| npl.lines[i].size)
                            .fold(0.0, f64::max);
                        if top - bottom <= 0.5 * size {
                            last += 1;
                        } else {
                            break;
                        }
                    }
                    let keep: HashSet<usize> = rows[..=last].iter().flatten().copied().collect();
                    next.lines.retain(|li| keep.contains(li));
                }
                if cells.iter().take(3).any(|&c| c >= 2) && leading >= 2 {
                    next.bbox = next
                        .lines
                        .iter()
                        .map(|&i| npl.lines[i].bbox)
                        .reduce(|a, b| a.union(&b))
                        .unwrap_or(next.bbox);
                    parts.push(next);
                }
            }
        }
    }
    Some(Region {
        page: cap.page,
        caption: cap.lines.clone(),
        caption_bbox: cap.bbox,
        parts,
    })
}

/// Lines of a part grouped by baseline, top to bottom.
fn row_lines(pl: &PageLayout, lines: &[usize]) -> Vec<Vec<usize>> {
    crate::layout::lines::rows(&pl.lines, lines)
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

/// Rows of a part: (cells, cells holding a number) per baseline.
fn rows_of(p: &Page, pl: &PageLayout, lines: &[usize]) -> Vec<(usize, usize)> {
    let mut rows: Vec<(f64, usize, usize)> = Vec::new();
    let mut sorted: Vec<&Line> = lines.iter().map(|&i| &pl.lines[i]).collect();
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
    rows.into_iter().map(|(_, c, n)| (c, n)).collect()
}

/// Boxes drawn by the rules of a part: filled rectangles, and outlines (a top and a bottom
/// line of one width joined by lines at both ends, whole or dashed).
fn boxes(rules: &[&BBox]) -> Vec<BBox> {
    let mut out: Vec<BBox> = rules
        .iter()
        .filter(|b| b.width() >= 40.0 && b.height() >= 8.0)
        .map(|b| **b)
        .collect();
    let horizontal: Vec<&BBox> = rules
        .iter()
        .copied()
        .filter(|b| b.height() <= 2.0)
        .collect();
    let vertical: Vec<&BBox> = rules.iter().copied().filter(|b| b.width() <= 2.0).collect();
    for (i, top) in horizontal.iter().enumerate() {
        for bottom in horizontal.iter().skip(i + 1) {
            let (t, b) = if top.y0 <= bottom.y0 {
                (top, bottom)
            } else {
                (bottom, top)
            };
            if (t.x0 - b.x0).abs() > 2.0 || (t.x1 - b.x1).abs() > 2.0 || b.y0 - t.y1 < 6.0 {
                continue;
            }
            let side = |x: f64| {
                let covered: f64 = vertical
                    .iter()
                    .filter(|v| (v.x0 + v.x1) / 2.0 - x < 2.0 && x - (v.x0 + v.x1) / 2.0 < 2.0)
                    .filter(|v| v.y1 >= t.y0 - 1.0 && v.y0 <= b.y1 + 1.0)
                    .map(|v| v.height())
                    .sum();
                covered >= 0.5 * (b.y1 - t.y0)
            };
            if t.width() >= 40.0 && side(t.x0) && side(t.x1) {
                out.push(t.union(b));
            }
        }
    }
    out
}

/// What the region holds, from its rows of text, its drawing and its pictures:
/// - `table`: at least two rows (lines on one baseline) with two or more numeric cells, or
///   with three or more cells;
/// - `image`: a picture, or a placeholder: a box (filled, or outlined) with at most three
///   lines of text in it (a note that the chart is not included) and nothing drawn;
/// - `chart`: drawing (curves, slanted lines, ten or more rules) without such rows;
/// - else `unknown`.
fn kind_of(cx: &Ctx, reg: &Region) -> FigureKind {
    let mut rows = Vec::new();
    for part in &reg.parts {
        if let (Some(p), Some(pl)) = (cx.doc.pages.get(part.page), cx.layout.pages.get(part.page)) {
            rows.extend(rows_of(p, pl, &part.lines));
        }
    }
    let numeric_rows = rows.iter().filter(|r| r.1 >= 2).count();
    let wide_rows = rows.iter().filter(|r| r.0 >= 3).count();
    if numeric_rows >= 2 || wide_rows >= 2 {
        return FigureKind::Table;
    }
    let mut rules_n = 0;
    let mut shapes_n = 0;
    for part in &reg.parts {
        let (Some(p), Some(pl)) = (cx.doc.pages.get(part.page), cx.layout.pages.get(part.page))
        else {
            continue;
        };
        let within = |b: &BBox| {
            let r = &part.bbox;
            b.y0 >= r.y0 - 0.5 && b.y1 <= r.y1 + 0.5 && b.x0 >= r.x0 - 0.5 && b.x1 <= r.x1 + 0.5
        };
        if p.images
            .iter()
            .any(|b| within(b) && b.width() * b.height() >= 400.0)
        {
            return FigureKind::Image;
        }
        let rules: Vec<&BBox> = p
            .rules
            .iter()
            .map(|r| &r.bbox)
            .filter(|b| within(b))
            .collect();
        let shapes = p.shapes.iter().filter(|b| within(b)).count();
        rules_n += rules.len();
        shapes_n += shapes;
        if shapes == 0 {
            for bx in boxes(&rules) {
                let inside: Vec<usize> = part
                    .lines
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let l = &pl.lines[i].bbox;
                        l.y0 >= bx.y0 - 1.0
                            && l.y1 <= bx.y1 + 1.0
                            && l.x0 >= bx.x0 - 1.0
                            && l.x1 <= bx.x1 + 1.0
                    })
                    .collect();
                let table_inside = rows_of(p, pl, &inside).iter().any(|r| r.0 >= 2);
                if inside.len() <= 3 && !table_inside {
                    return FigureKind::Image;
                }
            }
        }
    }
    if shapes_n >= 1 || rules_n >= 10 {
        return FigureKind::Chart;
    }
    // a note where the chart is left out, without a box around it
    let placeholder = cx.profile.placeholder.as_ref().is_some_and(|r| {
        reg.parts.iter().any(|part| {
            cx.layout
                .pages
                .get(part.page)
                .map(|pl| part.lines.iter().any(|&i| r.is_match(&pl.lines[i].text)))
                .unwrap_or(false)
        })
    });
    if placeholder {
        return FigureKind::Image;
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
    for cap in caps {
        let (Some(reg), Some(p)) = (region_of(cx, &cap, downwards), cx.doc.pages.get(cap.page))
        else {
            continue;
        };
        let fi = out.figures.len();
        let kind = kind_of(cx, &reg);
        let bbox = reg
            .parts
            .iter()
            .filter(|x| x.page == cap.page)
            .fold(cap.bbox, |b, x| b.union(&x.bbox));
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
            bbox,
            kind,
            caption_text: cap.text.clone(),
            footnotes: cap.markers.clone(),
            region: Vec::new(),
        };
        for part in reg.parts.iter().filter(|x| x.page == cap.page) {
            let b = cap.bbox.union(&part.bbox);
            for (li, link) in p.links.iter().enumerate() {
                let (mx, my) = (
                    (link.bbox.x0 + link.bbox.x1) / 2.0,
                    (link.bbox.y0 + link.bbox.y1) / 2.0,
                );
                let inside = my >= b.y0 - 0.5 && my <= b.y1 + 0.5 && mx >= part.x0 && mx <= part.x1;
                if inside && taken_links.insert((p.number, li)) {
                    out.link_figures.push((p.number, li, fi));
                    f.bbox = f.bbox.union(&link.bbox);
                }
            }
        }
        let read = source_and_notes(cx, &reg, &mut f, &mut out);
        f.region = reg
            .parts
            .iter()
            .filter_map(|part| {
                let pl = cx.layout.pages.get(part.page)?;
                let lines: Vec<usize> = part
                    .lines
                    .iter()
                    .copied()
                    .filter(|li| !(part.page == reg.page && read.contains(li)))
                    .filter(|&li| {
                        !cx.profile
                            .placeholder
                            .as_ref()
                            .is_some_and(|r| r.is_match(&pl.lines[li].text))
                    })
                    .collect();
                Some(RegionPart {
                    page: pl.page,
                    bbox: part.bbox,
                    lines,
                })
            })
            .collect();
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
/// Reads the figure's source, explanation and table notes from its region (PBL/CBS style);
/// returns the line indices (of the first part's page) it read.
fn source_and_notes(cx: &Ctx, reg: &Region, f: &mut Figure, out: &mut Regions) -> HashSet<usize> {
    let mut read: HashSet<usize> = HashSet::new();
    let mut current: Option<(u32, Vec<String>)> = None;
    let mut notes_here: Vec<(u32, String)> = Vec::new();
    let Some(part) = reg.parts.first() else {
        return read;
    };
    let (Some(pl), Some(p)) = (cx.layout.pages.get(part.page), cx.doc.pages.get(part.page)) else {
        return read;
    };
    let mut region = part.lines.clone();
    region.sort_by(|&a, &b| pl.lines[a].baseline.total_cmp(&pl.lines[b].baseline));
    // the right edge of the region's text, for telling a note's last line
    let right = region
        .iter()
        .map(|&i| pl.lines[i].bbox.x1)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut prev_full = false;
    let mut explanation: Option<Vec<String>> = None;
    let mut explanation_full = false;
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
            if let Some(lines) = explanation.take() {
                f.note = Some(join_lines(&lines, &cx.vocabulary));
            }
            read.insert(li);
            continue;
        }
        let full = l.bbox.x1 >= right - 2.0 * l.size;
        if let Some(c) = cx.profile.note_line.as_ref().and_then(|r| r.captures(text)) {
            if f.note.is_none() {
                explanation = Some(vec![c
                    .name("note")
                    .map(|x| x.as_str().trim().to_string())
                    .unwrap_or_default()]);
                explanation_full = full;
            }
            read.insert(li);
            continue;
        }
        // an `Uitleg:` note goes on after a line that fills the width
        if let Some(lines) = explanation.as_mut() {
            let starts_note = l
                .words
                .first()
                .map(|&w| p.words[w].script == Script::Superscript)
                .unwrap_or(false);
            if explanation_full && !starts_note && l.size < 0.97 * cx.body {
                lines.push(text.to_string());
                explanation_full = full;
                read.insert(li);
                continue;
            }
            f.note = Some(join_lines(lines, &cx.vocabulary));
            explanation = None;
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
                    out.figure_note_lines.insert((part.page, li));
                    read.insert(li);
                }
                None => {
                    // a note goes on only after a line that fills the width; after a short
                    // last line, an unnumbered line is a note of its own (the table's note)
                    if current.is_some() && prev_full {
                        if let Some((_, v)) = current.as_mut() {
                            v.push(text.to_string());
                        }
                        out.figure_note_lines.insert((part.page, li));
                        read.insert(li);
                    } else if let Some((m, v)) = current.take() {
                        notes_here.push((m, join_lines(&v, &cx.vocabulary)));
                        f.note = Some(match f.note.take() {
                            Some(n) => format!("{n} {text}"),
                            None => text.to_string(),
                        });
                        out.figure_note_lines.insert((part.page, li));
                        read.insert(li);
                    }
                }
            }
            prev_full = l.bbox.x1 >= right - 2.0 * l.size;
        }
    }
    if let Some((n, v)) = current.take() {
        notes_here.push((n, join_lines(&v, &cx.vocabulary)));
    }
    if let Some(lines) = explanation.take() {
        f.note = Some(join_lines(&lines, &cx.vocabulary));
    }
    for (n, text) in notes_here {
        out.figure_notes.push(Footnote {
            scope: Scope::Figure(f.label.clone()),
            number: n,
            text,
            page: p.number,
        });
    }
    read
}
