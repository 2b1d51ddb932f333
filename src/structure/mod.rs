//! Document structure from the positioned words: running heads and footers (and the printed
//! page numbers they carry), the footnote zone, footnotes and their references, captions,
//! numbered sections, citations, links tied to figures, letter and Kamerstuk metadata.
//! Pure: same `Document` and profile, same `Structure`. Geometry and typography decide where
//! things are (bands, sizes, superscripts, spacing); the profile's patterns decide what the
//! text means.

pub mod caption;
pub mod citations;

use crate::pdf::model::{BBox, Diagnostic, Document, Script, Severity, Word};
use crate::profile::Profile;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DocMeta {
    pub title: Option<String>,
    pub edition: Option<i64>,
    pub published_on: Option<String>,
    pub kenmerk: Option<String>,
    pub dossier: Option<String>,
    pub ondernummer: Option<String>,
    pub vergaderjaar: Option<String>,
    pub subject: Option<String>,
    pub signatory: Option<String>,
    pub sender: Option<String>,
    pub identifier: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub number: Option<String>,
    pub title: String,
    pub page: u32,
    pub level: u32,
    /// Index into `Structure::sections`.
    pub parent: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub label: String,
    pub number: String,
    pub title: String,
    pub period: Option<String>,
    pub source: Option<String>,
    pub source_orgs: Vec<String>,
    pub note: Option<String>,
    pub page: u32,
    pub page_label: Option<String>,
    pub bbox: BBox,
    pub kind: String,
    /// The caption as printed, markers excluded.
    pub caption_text: String,
    /// Footnote numbers of the markers in the caption.
    pub footnotes: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Footnote {
    /// `document`, or the figure's label for notes that belong to one table.
    pub scope: String,
    pub number: u32,
    pub text: String,
    pub page: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FootnoteRef {
    pub scope: String,
    pub number: u32,
    pub page: u32,
    /// body / caption / header / cell
    pub kind: String,
    /// Index into `Structure::figures`.
    pub figure: Option<usize>,
    pub row_index: Option<u32>,
    pub col_index: Option<u32>,
    pub context: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// A citation as stored: where it was found, and the parsed reference without its byte
/// offsets (`citations::Citation` holds those, for the text it was parsed from).
pub struct CitationRow {
    /// Scope of the note it is in (`document`, or a figure label); None for body text.
    pub footnote_scope: Option<String>,
    pub footnote_number: Option<u32>,
    pub page: u32,
    pub kind: String,
    pub raw: String,
    pub identifier: String,
    pub url: Option<String>,
    pub chamber: Option<String>,
    pub session_year: Option<String>,
    pub dossier: Option<String>,
    pub number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Structure {
    pub profile: Option<String>,
    pub family: Option<String>,
    pub meta: DocMeta,
    /// Printed page number per page (from running heads/footers), where one is printed.
    pub printed_page: Vec<Option<String>>,
    pub sections: Vec<Section>,
    pub figures: Vec<Figure>,
    pub footnotes: Vec<Footnote>,
    pub refs: Vec<FootnoteRef>,
    pub citations: Vec<CitationRow>,
    /// (page, index of the link on its page, index into `figures`)
    pub link_figures: Vec<(u32, usize, usize)>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    Body,
    Running,
    Footnote,
}

/// A text line of a page: its words (indices into `Page::words`) and geometry.
#[derive(Debug, Clone)]
struct Line {
    words: Vec<usize>,
    /// The line's text without superscripts, joined once (every step reads it).
    text: String,
    bbox: BBox,
    size: f64,
    baseline: f64,
    zone: Zone,
}

fn lines_of(words: &[Word]) -> Vec<Line> {
    let mut by_line: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, w) in words.iter().enumerate() {
        if w.dir == 0 {
            by_line.entry(w.line).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (_, mut idx) in by_line {
        idx.sort_by(|&a, &b| words[a].bbox.x0.total_cmp(&words[b].bbox.x0));
        let mut bbox = words[idx[0]].bbox;
        for &i in &idx {
            bbox = bbox.union(&words[i].bbox);
        }
        let mut sizes: Vec<f64> = idx
            .iter()
            .filter(|&&i| words[i].script == Script::Normal)
            .map(|&i| words[i].size)
            .collect();
        if sizes.is_empty() {
            sizes = idx.iter().map(|&i| words[i].size).collect();
        }
        sizes.sort_by(|a, b| a.total_cmp(b));
        let size = sizes[sizes.len() / 2];
        let baseline = idx
            .iter()
            .find(|&&i| words[i].script == Script::Normal)
            .map(|&i| words[i].baseline)
            .unwrap_or(words[idx[0]].baseline);
        let text = join(words, &idx, true);
        out.push(Line {
            words: idx,
            text,
            bbox,
            size,
            baseline,
            zone: Zone::Body,
        });
    }
    out
}

/// Text of words with spaces where the page shows space (a gap of more than 0.12 em), leaving
/// out superscripts when `skip_super` (their gap is carried over to the next word).
fn join(words: &[Word], idx: &[usize], skip_super: bool) -> String {
    let mut s = String::new();
    let mut pending_space = false;
    let mut prev: Option<&Word> = None;
    for &i in idx {
        let w = &words[i];
        let gap = prev
            .map(|p| w.bbox.x0 - p.bbox.x1 > 0.12 * w.size.max(p.size) || w.line != p.line)
            .unwrap_or(false);
        prev = Some(w);
        if skip_super && w.script == Script::Superscript {
            pending_space |= gap;
            continue;
        }
        if !s.is_empty() && (gap || pending_space) {
            s.push(' ');
        }
        pending_space = false;
        s.push_str(&w.text);
    }
    s
}

fn is_number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// `18 oktober 2023` -> `2023-10-18`.
pub fn dutch_date(text: &str) -> Option<String> {
    let re = regex::Regex::new(r"(?i)\b(\d{1,2})\s+(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+((?:19|20)\d{2})\b").ok()?;
    let c = re.captures(text)?;
    let d: u32 = c.get(1)?.as_str().parse().ok()?;
    let m = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(c.get(2).map(|x| x.as_str()).unwrap_or("")))?
        + 1;
    let y = c.get(3)?.as_str();
    let leap = y
        .parse::<u32>()
        .map(|y| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0)
        .unwrap_or(false);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if d == 0 || d > days[m - 1] {
        return None;
    }
    Some(format!("{y}-{m:02}-{d:02}"))
}

/// Median font size of normal text, weighted by characters: the body size.
fn body_size(doc: &Document) -> f64 {
    let mut hist: HashMap<i64, usize> = HashMap::new();
    for p in &doc.pages {
        for w in &p.words {
            if w.script == Script::Normal && w.dir == 0 {
                *hist.entry((w.size * 10.0).round() as i64).or_default() += w.text.chars().count();
            }
        }
    }
    hist.into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(s, _)| s as f64 / 10.0)
        .unwrap_or(10.0)
}

/// Pages with more text lines than this are left out of caption and heading detection.
const MAX_LINES_PER_PAGE: usize = 5_000;

fn digits_masked(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// The text of the first `n` pages, one line per text line: what profiles are detected on.
pub fn first_pages_text(doc: &Document, n: usize) -> String {
    let mut out = String::new();
    for p in doc.pages.iter().take(n) {
        for l in lines_of(&p.words) {
            out.push_str(&l.text);
            out.push('\n');
        }
    }
    out
}

/// Recovers the structure of a document with a profile.
pub fn analyse(doc: &Document, profile: &Profile) -> Structure {
    let mut st = Structure {
        profile: Some(profile.name.clone()),
        family: Some(profile.family.clone()),
        ..Default::default()
    };
    let body = body_size(doc);
    let mut pages: Vec<Vec<Line>> = doc.pages.iter().map(|p| lines_of(&p.words)).collect();

    // 1. running heads and footers: lines in the top/bottom bands that repeat (digits aside)
    let mut band_count: HashMap<String, usize> = HashMap::new();
    for (pi, p) in doc.pages.iter().enumerate() {
        let mut seen = HashSet::new();
        for l in &pages[pi] {
            if l.bbox.y1 <= profile.running_top * p.height
                || l.bbox.y0 >= (1.0 - profile.running_bottom) * p.height
            {
                let key = digits_masked(&join(&p.words, &l.words, false));
                if seen.insert(key.clone()) {
                    *band_count.entry(key).or_default() += 1;
                }
            }
        }
    }
    let repeat_min = if doc.pages.len() >= 3 {
        2.max(doc.pages.len() / 4)
    } else {
        2
    };
    st.printed_page = vec![None; doc.pages.len()];
    for (pi, p) in doc.pages.iter().enumerate() {
        for l in pages[pi].iter_mut() {
            let in_band = l.bbox.y1 <= profile.running_top * p.height
                || l.bbox.y0 >= (1.0 - profile.running_bottom) * p.height;
            if !in_band {
                continue;
            }
            let text = join(&p.words, &l.words, false);
            let repeated =
                band_count.get(&digits_masked(&text)).copied().unwrap_or(0) >= repeat_min;
            let number = profile.page_number.iter().find_map(|r| {
                r.captures(text.trim())
                    .and_then(|c| c.name("n").map(|n| n.as_str().to_string()))
            });
            if repeated || (number.is_some() && doc.pages.len() > 1) {
                l.zone = Zone::Running;
                // a spread carries two footers (`32 | …` and `… | 33`): label it `32-33`
                st.printed_page[pi] = match (st.printed_page[pi].take(), number) {
                    (Some(a), Some(b)) if a != b => {
                        let (x, y) = (a.parse::<u32>().unwrap_or(0), b.parse::<u32>().unwrap_or(0));
                        Some(if x <= y {
                            format!("{a}-{b}")
                        } else {
                            format!("{b}-{a}")
                        })
                    }
                    (Some(a), _) => Some(a),
                    (None, b) => b,
                };
            }
        }
    }

    // 2. footnote zone: from the bottom, smaller-than-body lines; it starts at the topmost of
    //    them that begins with a raised number
    for (pi, p) in doc.pages.iter().enumerate() {
        let lines = &mut pages[pi];
        let mut order: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].zone == Zone::Body)
            .collect();
        order.sort_by(|&a, &b| lines[b].bbox.y0.total_cmp(&lines[a].bbox.y0));
        let mut zone_top: Option<usize> = None;
        for &i in &order {
            let l = &lines[i];
            // a footer the band check did not take as running (single page, unusual size)
            if l.bbox.y0 >= (1.0 - profile.running_bottom) * p.height
                && zone_top.is_none()
                && l.size >= 0.95 * body
                && l.words.len() <= 12
            {
                continue;
            }
            if l.size >= 0.95 * body || l.bbox.y0 < 0.4 * p.height {
                break;
            }
            let first = &p.words[l.words[0]];
            if first.script == Script::Superscript && is_number(&first.text).is_some() {
                zone_top = Some(i);
            }
        }
        if let Some(t) = zone_top {
            // a note continued from the previous page sits above the first raised number: the
            // contiguous lines in the notes' size and left edge directly above it
            let (note_size, note_x) = {
                let tl = &lines[t];
                let text_x = tl
                    .words
                    .get(1)
                    .map(|&w| p.words[w].bbox.x0)
                    .unwrap_or(tl.bbox.x0);
                (tl.size, text_x)
            };
            let mut top_line = t;
            loop {
                let cur = &lines[top_line];
                let above = (0..lines.len())
                    .filter(|&i| {
                        lines[i].zone == Zone::Body
                            && lines[i].baseline < cur.baseline
                            && cur.baseline - lines[i].baseline <= 1.6 * note_size
                    })
                    .max_by(|&a, &b| lines[a].baseline.total_cmp(&lines[b].baseline));
                match above {
                    Some(a)
                        if (lines[a].size - note_size).abs() <= 0.03 * note_size
                            && (lines[a].bbox.x0 - note_x).abs() <= 2.0
                            && lines[a].bbox.y0 > 0.4 * p.height =>
                    {
                        top_line = a
                    }
                    _ => break,
                }
            }
            let top = lines[top_line].bbox.y0.min(lines[t].bbox.y0) - 0.1;
            for l in lines.iter_mut() {
                if l.zone == Zone::Body && l.bbox.y0 >= top && l.size < 0.95 * body {
                    l.zone = Zone::Footnote;
                }
            }
        }
    }

    // 3. footnotes
    let vocabulary: HashSet<String> = doc
        .pages
        .iter()
        .flat_map(|p| p.words.iter().map(|w| w.text.to_lowercase()))
        .collect();
    for (pi, p) in doc.pages.iter().enumerate() {
        let mut zone: Vec<&Line> = pages[pi]
            .iter()
            .filter(|l| l.zone == Zone::Footnote)
            .collect();
        zone.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
        let mut current: Option<(u32, Vec<String>)> = None;
        let flush = |cur: &mut Option<(u32, Vec<String>)>, st: &mut Structure| {
            if let Some((n, lines)) = cur.take() {
                st.footnotes.push(Footnote {
                    scope: "document".into(),
                    number: n,
                    text: join_lines(&lines, &vocabulary),
                    page: p.number,
                });
            }
        };
        for l in zone {
            let first = &p.words[l.words[0]];
            // a raised number starts a note; so does a plain one that continues the series
            let last = current
                .as_ref()
                .map(|c| c.0)
                .or_else(|| st.footnotes.last().map(|f| f.number));
            let plain_next = first.script == Script::Normal
                && l.words.len() > 1
                && is_number(&first.text).is_some()
                && is_number(&first.text) == last.map(|n| n + 1);
            let start = (first.script == Script::Superscript || plain_next)
                .then(|| is_number(&first.text))
                .flatten();
            let rest: Vec<usize> = if start.is_some() {
                l.words[1..].to_vec()
            } else {
                l.words.clone()
            };
            let text = join(&p.words, &rest, false);
            match start {
                Some(n) => {
                    flush(&mut current, &mut st);
                    current = Some((n, vec![text]));
                }
                None if current.is_none() => {
                    // lines before the page's first note continue the previous page's last
                    // note, when that one stopped mid-sentence
                    let open = st
                        .footnotes
                        .last()
                        .map(|f| !f.text.trim_end().ends_with(['.', '!', '?', ')']))
                        .unwrap_or(false);
                    if open {
                        if let Some(f) = st.footnotes.last_mut() {
                            f.text = join_lines(&[f.text.clone(), text], &vocabulary);
                        }
                    }
                }
                None => {
                    if let Some((_, v)) = current.as_mut() {
                        v.push(text);
                    }
                }
            }
        }
        flush(&mut current, &mut st);
    }

    // 4. captions, with their continuation lines
    let mut caption_lines: HashSet<(usize, usize)> = HashSet::new();
    let mut figure_regions: Vec<(usize, f64, f64)> = Vec::new(); // page index, y0, y1
    for (pi, p) in doc.pages.iter().enumerate() {
        let lines = &pages[pi];
        if lines.len() > MAX_LINES_PER_PAGE {
            // a page this large is not prose with captions; reading its structure would take
            // time that grows with lines x figures
            st.diagnostics.push(Diagnostic {
                page: Some(p.number),
                stage: "structure".into(),
                severity: Severity::Warning,
                message: format!("page has {} text lines (more than {MAX_LINES_PER_PAGE}); captions and headings on it were not read", lines.len()),
            });
            continue;
        }
        let mut body_idx: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].zone == Zone::Body)
            .collect();
        body_idx.sort_by(|&a, &b| {
            lines[a]
                .baseline
                .total_cmp(&lines[b].baseline)
                .then(lines[a].bbox.x0.total_cmp(&lines[b].bbox.x0))
        });
        let mut k = 0;
        while k < body_idx.len() {
            let li = body_idx[k];
            let l = &lines[li];
            let text = l.text.as_str();
            // `Tabel 4.1 toont …` in a paragraph is a sentence, not a caption: a caption's
            // title starts with a capital or a digit, or its type differs from the body's
            let sentence = profile
                .caption_start
                .find(text.trim())
                .and_then(|m| text.trim()[m.end()..].chars().next())
                .map(|c| c.is_lowercase())
                .unwrap_or(false);
            let body_type = (l.size - body).abs() <= 0.03 * body
                && !p.words[l.words[0]].font.to_lowercase().contains("bold");
            // a table-of-contents line (`Tabel 3.1 Titel ........ 10`) is not a caption
            let toc = text
                .trim_end()
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .trim_end()
                .ends_with("....")
                || text.contains("…………");
            if profile.caption_start.is_match(text.trim()) && !(sentence && body_type) && !toc {
                let mut members = vec![li];
                let mut last = li;
                let mut j = k + 1;
                while j < body_idx.len() {
                    let n = &lines[body_idx[j]];
                    let prev = &lines[last];
                    let ntext = n.text.as_str();
                    let tight = n.baseline - prev.baseline <= 1.6 * prev.size.max(n.size)
                        && n.baseline > prev.baseline;
                    let same = (n.size - l.size).abs() <= 0.06 * l.size
                        && (n.bbox.x0 - l.bbox.x0).abs() <= 2.0 * l.size;
                    if !(tight && same) || profile.caption_start.is_match(ntext.trim()) {
                        break;
                    }
                    members.push(body_idx[j]);
                    last = body_idx[j];
                    j += 1;
                }
                let all: Vec<usize> = members
                    .iter()
                    .flat_map(|&m| lines[m].words.iter().copied())
                    .collect();
                let per_line: Vec<String> =
                    members.iter().map(|&m| lines[m].text.clone()).collect();
                let caption_text = join_lines(&per_line, &vocabulary);
                let markers: Vec<u32> = all
                    .iter()
                    .filter(|&&i| p.words[i].script == Script::Superscript)
                    .filter_map(|&i| is_number(&p.words[i].text))
                    .collect();
                if let Some(parts) = caption::parse(profile, &caption_text) {
                    let mut bbox = lines[members[0]].bbox;
                    for &m in &members {
                        bbox = bbox.union(&lines[m].bbox);
                        caption_lines.insert((pi, m));
                    }
                    st.figures.push(Figure {
                        label: parts.label,
                        number: parts.number,
                        title: parts.title,
                        period: parts.period,
                        source: parts.source,
                        source_orgs: parts.source_orgs,
                        note: parts.note,
                        page: p.number,
                        page_label: None,
                        bbox,
                        kind: "unknown".into(),
                        caption_text,
                        footnotes: markers,
                    });
                    figure_regions.push((pi, bbox.y0, bbox.y1));
                }
                k = j;
                continue;
            }
            k += 1;
        }
    }
    dedupe_labels(&mut st);
    // figure regions: from the caption to the next caption, heading-sized or full-width
    // body line, or the footnote zone
    let text_width: f64 = {
        let mut widths: Vec<f64> = pages
            .iter()
            .flatten()
            .filter(|l| l.zone == Zone::Body && (l.size - body).abs() < 0.05 * body)
            .map(|l| l.bbox.width())
            .collect();
        widths.sort_by(|a, b| a.total_cmp(b));
        widths.get(widths.len() * 9 / 10).copied().unwrap_or(400.0)
    };
    let mut figure_notes: Vec<Footnote> = Vec::new();
    let mut figure_note_lines: HashSet<(usize, usize)> = HashSet::new();
    for (fi, f) in st.figures.iter_mut().enumerate() {
        let (pi, _, cap_bottom) = figure_regions[fi];
        let p = &doc.pages[pi];
        let mut below: Vec<&Line> = pages[pi]
            .iter()
            .filter(|l| l.bbox.y0 >= cap_bottom - 0.5)
            .collect();
        below.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
        let mut end = p.height;
        let mut bbox = f.bbox;
        let mut region_lines: Vec<&Line> = Vec::new();
        for (k, l) in below.iter().enumerate() {
            let text = l.text.as_str();
            let is_caption = k > 0
                && profile.caption_start.is_match(text.trim())
                && l.bbox.y0 > cap_bottom + 1.0;
            let full_body =
                (l.size - body).abs() <= 0.05 * body && l.bbox.width() >= 0.8 * text_width;
            if l.zone != Zone::Body || is_caption || full_body {
                end = l.bbox.y0;
                break;
            }
            bbox = bbox.union(&l.bbox);
            region_lines.push(*l);
        }
        let region_rules = p
            .rules
            .iter()
            .filter(|r| r.bbox.y0 >= f.bbox.y1 - 0.5 && r.bbox.y1 <= end)
            .count();
        f.kind = kind_of(&p.words, &region_lines, region_rules).to_string();
        // rules and links below the caption count too
        for r in &p.rules {
            if r.bbox.y0 >= f.bbox.y0 && r.bbox.y1 <= end {
                bbox = bbox.union(&r.bbox);
            }
        }
        for (li, link) in p.links.iter().enumerate() {
            let cy = (link.bbox.y0 + link.bbox.y1) / 2.0;
            // a link belongs to one figure: the first whose region holds it
            if cy >= f.bbox.y0
                && cy <= end
                && !st
                    .link_figures
                    .iter()
                    .any(|&(pg, l, _)| pg == p.number && l == li)
            {
                st.link_figures.push((p.number, li, fi));
                bbox = bbox.union(&link.bbox);
            }
        }
        f.bbox = bbox;
        f.page_label = p.label.clone().or_else(|| st.printed_page[pi].clone());
        figure_regions[fi].2 = bbox.y1;
        // PBL/CBS style: `Bron:` and `Uitleg:` lines below the table, notes numbered per table
        let mut region: Vec<usize> = (0..pages[pi].len())
            .filter(|&i| {
                let l = &pages[pi][i];
                l.zone == Zone::Body && l.bbox.y0 >= cap_bottom - 0.5 && l.bbox.y1 <= end + 0.5
            })
            .collect();
        region.sort_by(|&a, &b| pages[pi][a].baseline.total_cmp(&pages[pi][b].baseline));
        let mut current: Option<(u32, Vec<String>)> = None;
        let mut notes_here: Vec<(u32, String)> = Vec::new();
        for &li in &region {
            let l = &pages[pi][li];
            let text = l.text.as_str();
            if let Some(c) = profile
                .source_line
                .as_ref()
                .and_then(|r| r.captures(text.trim()))
            {
                if f.source.is_none() {
                    let src = c
                        .name("source")
                        .map(|x| x.as_str().trim().to_string())
                        .unwrap_or_default();
                    f.source_orgs = caption::source_orgs(profile, &src);
                    f.source = Some(src);
                }
                if let Some((n, v)) = current.take() {
                    notes_here.push((n, join_lines(&v, &vocabulary)));
                }
                continue;
            }
            if let Some(c) = profile
                .note_line
                .as_ref()
                .and_then(|r| r.captures(text.trim()))
            {
                if f.note.is_none() {
                    f.note = c.name("note").map(|x| x.as_str().trim().to_string());
                }
                continue;
            }
            if profile.footnote_scope == "figure" && l.size < 0.97 * body {
                let first = &p.words[l.words[0]];
                let start = (first.script == Script::Superscript && l.words.len() > 1)
                    .then(|| is_number(&first.text))
                    .flatten();
                match start {
                    Some(n) => {
                        if let Some((m, v)) = current.take() {
                            notes_here.push((m, join_lines(&v, &vocabulary)));
                        }
                        current = Some((n, vec![join(&p.words, &l.words[1..], false)]));
                        figure_note_lines.insert((pi, li));
                    }
                    None => {
                        if let Some((_, v)) = current.as_mut() {
                            v.push(text.to_string());
                            figure_note_lines.insert((pi, li));
                        }
                    }
                }
            }
        }
        if let Some((n, v)) = current.take() {
            notes_here.push((n, join_lines(&v, &vocabulary)));
        }
        for (n, text) in notes_here {
            figure_notes.push(Footnote {
                scope: f.label.clone(),
                number: n,
                text,
                page: p.number,
            });
        }
    }
    st.footnotes.extend(figure_notes);

    // 5. footnote references: raised numbers outside the running lines and the note zone
    let note_keys: HashSet<(String, u32)> = st
        .footnotes
        .iter()
        .map(|f| (f.scope.clone(), f.number))
        .collect();
    for (pi, p) in doc.pages.iter().enumerate() {
        for (li, l) in pages[pi].iter().enumerate() {
            if l.zone != Zone::Body || figure_note_lines.contains(&(pi, li)) {
                continue;
            }
            for (k, &wi) in l.words.iter().enumerate() {
                let w = &p.words[wi];
                if w.script != Script::Superscript {
                    continue;
                }
                let Some(n) = is_number(&w.text) else {
                    continue;
                };
                // m², km³, R²: a 2 or 3 raised right after a one- or two-letter unit or symbol
                // is an exponent, not a note marker
                if n == 2 || n == 3 {
                    let prev = k.checked_sub(1).map(|j| &p.words[l.words[j]]);
                    let unit = prev
                        .filter(|pw| {
                            pw.script == Script::Normal && w.bbox.x0 - pw.bbox.x1 < 0.1 * pw.size
                        })
                        .map(|pw| {
                            pw.text
                                .trim_start_matches(['(', '['])
                                .chars()
                                .filter(|c| c.is_alphabetic())
                                .count()
                                <= 2
                                && pw
                                    .text
                                    .chars()
                                    .last()
                                    .map(|c| c.is_alphabetic())
                                    .unwrap_or(false)
                        })
                        .unwrap_or(false);
                    if unit {
                        continue;
                    }
                }
                let figure = figure_regions.iter().position(|&(fp, y0, y1)| {
                    fp == pi && w.bbox.y0 >= y0 - 0.5 && w.bbox.y1 <= y1 + 0.5
                });
                let kind = if caption_lines.contains(&(pi, li)) {
                    "caption"
                } else if figure.is_some() {
                    let numeric = l.words.iter().any(|&x| {
                        p.words[x].script == Script::Normal
                            && p.words[x].text.chars().any(|c| c.is_ascii_digit())
                    });
                    if numeric {
                        "cell"
                    } else {
                        "header"
                    }
                } else {
                    "body"
                };
                let from = k.saturating_sub(6);
                let to = (k + 6).min(l.words.len());
                let context = join(&p.words, &l.words[from..to], false);
                let scope = match figure {
                    Some(fi) if profile.footnote_scope == "figure" && kind != "body" => {
                        st.figures[fi].label.clone()
                    }
                    _ => "document".to_string(),
                };
                st.refs.push(FootnoteRef {
                    scope,
                    number: n,
                    page: p.number,
                    kind: kind.into(),
                    figure: if kind == "body" { None } else { figure },
                    row_index: None,
                    col_index: None,
                    context,
                });
            }
        }
    }
    // A raised number with no note in its scope is not a marker (m², R², a note we could not
    // read): it stays text in `words`, is not stored as a reference, and is reported.
    let (kept, unmatched): (Vec<FootnoteRef>, Vec<FootnoteRef>) = std::mem::take(&mut st.refs)
        .into_iter()
        .partition(|r| note_keys.contains(&(r.scope.clone(), r.number)));
    st.refs = kept;
    if !unmatched.is_empty() {
        let examples: Vec<String> = unmatched
            .iter()
            .take(8)
            .map(|r| format!("p{} {:?}", r.page, r.context))
            .collect();
        st.diagnostics.push(Diagnostic {
            page: None,
            stage: "structure".into(),
            severity: Severity::Info,
            message: format!(
                "{} raised number(s) have no footnote text and were not stored as references (exponents like m2, or notes not found): {}",
                unmatched.len(),
                examples.join("; ")
            ),
        });
    }

    // 6. sections: numbered headings larger or bolder than the body
    for (pi, p) in doc.pages.iter().enumerate() {
        if pages[pi].len() > MAX_LINES_PER_PAGE {
            continue;
        }
        for (li, l) in pages[pi].iter().enumerate() {
            if l.zone != Zone::Body || caption_lines.contains(&(pi, li)) || l.words.len() > 16 {
                continue;
            }
            let text = l.text.as_str();
            let bold = p.words[l.words[0]].font.to_lowercase().contains("bold");
            let larger = l.size >= 1.05 * body;
            if !(larger || bold) {
                continue;
            }
            let numbered = profile
                .section_numbered
                .as_ref()
                .and_then(|r| r.captures(text.trim()));
            let chapter = if l.size >= 1.3 * body {
                profile
                    .section_chapter
                    .as_ref()
                    .and_then(|r| r.captures(text.trim()))
            } else {
                None
            };
            let Some(c) = numbered.or(chapter) else {
                continue;
            };
            let number = c.name("number").map(|m| m.as_str().to_string());
            let mut title = c
                .name("title")
                .map(|m| m.as_str().trim().to_string())
                .unwrap_or_default();
            // a heading wrapped over two lines: the next line in the same type, close below
            let next = pages[pi]
                .iter()
                .filter(|n| {
                    n.zone == Zone::Body
                        && n.baseline > l.baseline
                        && n.baseline - l.baseline <= 2.2 * l.size
                })
                .min_by(|a, b| a.baseline.total_cmp(&b.baseline));
            if let Some(n) = next {
                let same_type = (n.size - l.size).abs() <= 0.03 * l.size
                    && p.words[n.words[0]].font == p.words[l.words[0]].font;
                let ntext = n.text.as_str();
                let numbered_too = profile
                    .section_numbered
                    .as_ref()
                    .map(|r| r.is_match(ntext.trim()))
                    .unwrap_or(false);
                // or an open parenthesis that the next bold line closes
                let open = title.matches('(').count() > title.matches(')').count();
                let bold_next = p.words[n.words[0]].font.to_lowercase().contains("bold");
                let close = n.baseline - l.baseline <= 1.6 * l.size;
                if ((same_type && close) || (open && bold_next))
                    && !numbered_too
                    && (n.bbox.x0 - l.bbox.x0).abs() <= 4.0 * l.size
                {
                    title = join_lines(&[title, ntext.to_string()], &vocabulary);
                }
            }
            let level = number
                .as_deref()
                .map(|n| n.split('.').filter(|s| !s.is_empty()).count() as u32)
                .unwrap_or(1);
            let parent = number.as_deref().and_then(|n| {
                let parts: Vec<&str> = n.split('.').filter(|s| !s.is_empty()).collect();
                (1..parts.len()).rev().find_map(|k| {
                    let prefix = parts[..k].join(".");
                    st.sections
                        .iter()
                        .rposition(|s| s.number.as_deref() == Some(prefix.as_str()))
                })
            });
            st.sections.push(Section {
                number,
                title,
                page: p.number,
                level,
                parent,
            });
        }
    }

    // 7. citations in footnotes and body text
    for f in &st.footnotes {
        for c in citations::find_citations(&f.text) {
            st.citations
                .push(citation_row(Some(&f.scope), Some(f.number), f.page, c));
        }
    }
    for (pi, p) in doc.pages.iter().enumerate() {
        let text: Vec<String> = pages[pi]
            .iter()
            .filter(|l| l.zone == Zone::Body)
            .map(|l| l.text.clone())
            .collect();
        for c in citations::find_citations(&join_lines(&text, &vocabulary)) {
            st.citations.push(citation_row(None, None, p.number, c));
        }
    }

    // 8. metadata
    st.meta = metadata(doc, profile, &pages);
    dedupe_notes(&mut st);
    st
}

/// Labels are unique per document and footnotes per (scope, number): a second `Figuur 5`
/// becomes `Figuur 5 (2)`, a second note 12 is dropped; both with a diagnostic.
fn dedupe_labels(st: &mut Structure) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for f in st.figures.iter_mut() {
        let n = seen.entry(f.label.clone()).or_default();
        *n += 1;
        if *n > 1 {
            let new = format!("{} ({})", f.label, n);
            st.diagnostics.push(Diagnostic {
                page: Some(f.page),
                stage: "structure".into(),
                severity: Severity::Warning,
                message: format!("caption label {} appears again; stored as {new}", f.label),
            });
            f.label = new;
        }
    }
}

fn dedupe_notes(st: &mut Structure) {
    let mut keys = HashSet::new();
    let mut dropped = Vec::new();
    st.footnotes.retain(|f| {
        let fresh = keys.insert((f.scope.clone(), f.number));
        if !fresh {
            dropped.push((f.page, f.number));
        }
        fresh
    });
    for (page, n) in dropped {
        st.diagnostics.push(Diagnostic {
            page: Some(page),
            stage: "structure".into(),
            severity: Severity::Warning,
            message: format!("footnote {n} found again on page {page}; the first one is kept"),
        });
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

/// What a figure region holds: `table` when at least two rows (lines sharing a baseline) have
/// two or more cells with numbers, or three or more cells; `chart` when it is mostly drawing
/// (rules and rectangles) without such rows; else `unknown`.
fn kind_of(words: &[Word], lines: &[&Line], rules: usize) -> &'static str {
    let mut rows: Vec<(f64, usize, usize)> = Vec::new(); // baseline, cells, numeric cells
    let mut sorted: Vec<&&Line> = lines.iter().collect();
    sorted.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
    for l in sorted {
        let numeric = l
            .words
            .iter()
            .filter(|&&w| is_cell_value(&words[w].text))
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
        "table"
    } else if rules >= 10 {
        "chart"
    } else {
        "unknown"
    }
}

fn citation_row(
    scope: Option<&str>,
    footnote: Option<u32>,
    page: u32,
    c: citations::Citation,
) -> CitationRow {
    CitationRow {
        footnote_scope: scope.map(str::to_string),
        footnote_number: footnote,
        page,
        kind: c.kind.as_str().to_string(),
        raw: c.raw,
        identifier: c.identifier,
        url: c.url,
        chamber: c.chamber,
        session_year: c.session_year,
        dossier: c.dossier,
        number: c.number,
    }
}

/// Lines of one paragraph or note joined: a line-end hyphen is dropped only when the joined
/// word occurs elsewhere in the document (`asiel-` + `zoekers` -> `asielzoekers`); otherwise
/// it is a real hyphen and stays (`EU-` + `landen`).
fn join_lines(lines: &[String], vocabulary: &HashSet<String>) -> String {
    let mut out = String::new();
    for l in lines {
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        if out.ends_with('-') && !out.ends_with(" -") {
            let head: String = out
                .rsplit(' ')
                .next()
                .unwrap_or("")
                .trim_end_matches('-')
                .to_string();
            let tail: String = l.split(' ').next().unwrap_or("").to_string();
            let clean = |s: &str| {
                s.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            };
            let joined = format!("{}{}", clean(&head), clean(&tail));
            let starts_lower = tail
                .chars()
                .next()
                .map(|c| c.is_lowercase())
                .unwrap_or(false);
            if starts_lower && vocabulary.contains(&joined) {
                out.pop();
            }
            out.push_str(l);
        } else {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(l);
        }
    }
    out
}

fn metadata(doc: &Document, profile: &Profile, pages: &[Vec<Line>]) -> DocMeta {
    let mut m = DocMeta {
        title: doc.info.title.clone(),
        ..Default::default()
    };
    let first_text: String = pages
        .iter()
        .take(3)
        .map(|lines| {
            lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n");
    if let Some(r) = &profile.edition {
        let from = m
            .title
            .as_deref()
            .and_then(|t| r.captures(t))
            .or_else(|| r.captures(&first_text));
        m.edition = from
            .and_then(|c| c.name("year"))
            .and_then(|y| y.as_str().parse().ok());
    }
    let grab = |r: &Option<regex::Regex>, name: &str| {
        r.as_ref()
            .and_then(|r| r.captures(&first_text))
            .and_then(|c| c.name(name).map(|x| x.as_str().trim().to_string()))
    };
    m.vergaderjaar = grab(&profile.vergaderjaar, "v")
        .map(|v| full_years(&v.replace(['–', '/'], "-").replace(' ', "")));
    m.dossier = grab(&profile.dossier, "d").map(|d| d.replace(' ', ""));
    m.ondernummer = grab(&profile.ondernummer, "n");
    m.identifier = grab(&profile.identifier, "id");
    m.subject = grab(&profile.subject, "s");
    // letterhead fields: label then value, on the same line or the line below
    if let Some(lines) = pages.first() {
        let all_labels: Vec<String> = profile
            .letter_fields
            .iter()
            .flat_map(|(_, l)| l.iter().cloned())
            .collect();
        for (field, labels) in &profile.letter_fields {
            if labels.is_empty() {
                continue;
            }
            let mut value: Option<String> = None;
            for (li, l) in lines.iter().enumerate() {
                let text = l.text.as_str();
                let t = text.trim();
                let Some(label) = labels
                    .iter()
                    .find(|lab| t == lab.as_str() || t.starts_with(&format!("{lab} ")))
                else {
                    continue;
                };
                let rest = t[label.len()..].trim();
                if !rest.is_empty() {
                    value = Some(rest.to_string());
                } else {
                    // the value to the right on the same baseline, else the line below in
                    // the same column (a letterhead column)
                    let right = lines
                        .iter()
                        .filter(|n| {
                            (n.baseline - l.baseline).abs() < 0.3 * l.size
                                && n.bbox.x0 > l.bbox.x1
                                && n.bbox.x0 - l.bbox.x1 < 12.0 * l.size
                        })
                        .min_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
                    if let Some(n) = right {
                        value = Some(n.text.trim().to_string());
                        break;
                    }
                    // the line below in the same column
                    let below = lines
                        .iter()
                        .enumerate()
                        .filter(|(k, n)| {
                            *k != li
                                && n.baseline > l.baseline
                                && n.baseline - l.baseline < 2.5 * l.size.max(n.size)
                                && (n.bbox.x0 - l.bbox.x0).abs() < 3.0
                        })
                        .min_by(|a, b| a.1.baseline.total_cmp(&b.1.baseline));
                    if let Some((_, n)) = below {
                        let v = &n.text;
                        if !all_labels
                            .iter()
                            .any(|lab| v.trim().starts_with(lab.as_str()))
                        {
                            value = Some(v.trim().to_string());
                        }
                    }
                }
                if value.is_some() {
                    break;
                }
            }
            match field.as_str() {
                "datum" => m.published_on = value.as_deref().and_then(dutch_date),
                "kenmerk" => m.kenmerk = value,
                "onderwerp" => m.subject = value.or(m.subject.take()),
                _ => {}
            }
        }
        if let Some(r) = &profile.ministry {
            // `Ministerie van` / `Infrastructuur en` / `Waterstaat`: a name broken over the
            // lines of the letterhead column continues while a line ends in a connective
            for (li, l) in lines.iter().enumerate() {
                let t = l.text.as_str();
                let Some(c) = r.captures(t.trim()) else {
                    continue;
                };
                let mut name = c
                    .get(1)
                    .map(|x| x.as_str().trim().to_string())
                    .unwrap_or_default();
                let mut last = l;
                let ends_open = |s: &str| {
                    [" van", " en", " voor", " der", " de"]
                        .iter()
                        .any(|e| s.ends_with(e))
                };
                while ends_open(&name) {
                    let next = lines
                        .iter()
                        .enumerate()
                        .filter(|(k, n)| {
                            *k != li
                                && n.baseline > last.baseline
                                && n.baseline - last.baseline <= 1.7 * last.size
                                && (n.bbox.x0 - last.bbox.x0).abs() < 3.0
                        })
                        .min_by(|a, b| a.1.baseline.total_cmp(&b.1.baseline));
                    let Some((_, n)) = next else { break };
                    name = format!("{name} {}", n.text.trim());
                    last = n;
                }
                m.sender = Some(name);
                break;
            }
        }
    }
    if m.published_on.is_none() && profile.family != "report" {
        m.published_on = dutch_date(&first_text);
    }
    // signatory: the office line and the name after it, at the end of the letter
    if let Some(r) = &profile.signatory {
        'outer: for lines in pages.iter().rev() {
            let texts: Vec<String> = lines
                .iter()
                .filter(|l| l.zone == Zone::Body)
                .map(|l| l.text.clone())
                .collect();
            for (k, t) in texts.iter().enumerate().rev() {
                // an office line, not a sentence that names an office: short, and (when the
                // profile knows the closing phrase) after it
                let after_closing = profile
                    .closing
                    .as_ref()
                    .map(|c| {
                        texts[..k].iter().any(|x| c.is_match(x.trim()))
                            || !texts.iter().any(|x| c.is_match(x.trim()))
                    })
                    .unwrap_or(true);
                if r.is_match(t.trim()) && t.split_whitespace().count() <= 12 && after_closing {
                    let mut s = t.trim().to_string();
                    if let Some(next) = texts
                        .get(k + 1)
                        .map(|n| n.trim())
                        .filter(|n| !n.is_empty() && n.split_whitespace().count() <= 6)
                    {
                        s = format!("{s} {next}");
                    }
                    m.signatory = Some(s);
                    break 'outer;
                }
            }
        }
    }
    m
}

/// `2020-21` -> `2020-2021`; `1999-00` -> `1999-2000`.
fn full_years(v: &str) -> String {
    match v.split_once('-') {
        Some((a, b)) if a.len() == 4 && b.len() == 2 => {
            match (a.parse::<u32>(), b.parse::<u32>()) {
                (Ok(y), Ok(_)) => format!("{a}-{}", y + 1),
                _ => v.to_string(),
            }
        }
        _ => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_years() {
        assert_eq!(full_years("2020-21"), "2020-2021");
        assert_eq!(full_years("1999-00"), "1999-2000");
        assert_eq!(full_years("2020-2021"), "2020-2021");
    }

    #[test]
    fn dates() {
        assert_eq!(
            dutch_date("Den Haag, 18 oktober 2023").as_deref(),
            Some("2023-10-18")
        );
        assert_eq!(dutch_date("3 juni 2024").as_deref(), Some("2024-06-03"));
        assert_eq!(dutch_date("32 juni 2024"), None);
        assert_eq!(dutch_date("31 februari 2024"), None);
        assert_eq!(
            dutch_date("29 februari 2024").as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(dutch_date("juni 2024"), None);
    }

    #[test]
    fn hyphens_at_line_ends() {
        let vocab: HashSet<String> = ["asielzoekers".to_string()].into_iter().collect();
        assert_eq!(
            join_lines(&["de asiel-".into(), "zoekers en".into()], &vocab),
            "de asielzoekers en"
        );
        assert_eq!(
            join_lines(&["in de EU-".into(), "landen".into()], &vocab),
            "in de EU-landen"
        );
        assert_eq!(
            join_lines(&["gezinshereniging en -".into(), "vorming".into()], &vocab),
            "gezinshereniging en - vorming"
        );
        assert_eq!(
            join_lines(&["een".into(), "twee".into()], &vocab),
            "een twee"
        );
    }
}
