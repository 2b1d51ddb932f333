//! The footnote zone: where the notes are printed at the foot of a column or page.
//!
//! Typesetters differ in every single habit: the note number raised or on the baseline, in a
//! fixed-width box or followed by a space, a tab or a dot; a separator rule or none; notes
//! smaller than the body or the same size; under each column or across the page; numbered
//! through the document or again from 1 in each chapter. So the zone is decided from several
//! signals together, never from one:
//!
//! 1. **Position**: the zone is a run of rows at the foot of a column (no other column below
//!    it), in one size no larger than the body, without table rows or bold headings.
//! 2. **Numbers**: a note starts on a row whose first word is a number (raised or not, with
//!    or without a dot or parenthesis). Going up from the lowest start, the starts must count
//!    down by one (`32`, `31`, `30`); a row starting with another number is a continuation
//!    line (`2024 werden …`). The topmost start found that way is the top of the zone.
//! 3. **Evidence** that the chain `N..M` really is notes, at least one strong signal with a
//!    supporting one: raised numbers `N..M` in the page's text (markers pointing to the
//!    notes); `N` continuing the series of the notes before; the note number raised; the
//!    zone smaller than the body; a separator rule above it; extra space above it. Numbering
//!    that restarts at 1 needs a marker on the page.
//! 4. **Continuations**: rows just above the first start of a page, in the notes' size,
//!    under a separator rule or continuing an open note of the previous page, belong to that
//!    note; a page whose foot only continues a note (no start) needs the rule or the smaller
//!    size with extra space above, and an open note before it.
//!
//! A raised number with no note is not resolved here: the structure stage reports it.

use super::lines::rows;
use super::{blocks, Layout, Line, NoteStart, PageLayout, Zone};
use crate::pdf::model::{Document, Page, Rule, Script, Word};
use std::collections::HashSet;

/// A zone row may be this much larger than the body size (notes are never larger).
const MAX_SIZE: f64 = 1.04;
/// Rows of one zone stay within this fraction of the zone's lowest row's size (notes are
/// set in one size; a body 6% larger is not a note).
const SIZE_SPREAD: f64 = 0.04;
/// Rows of one zone follow each other at most this many sizes apart (baseline to baseline):
/// the space between the body and the notes ends the zone.
const ZONE_PITCH: f64 = 2.0;
/// Notes smaller than this fraction of the body count as "smaller".
const SMALLER: f64 = 0.93;
/// The zone never reaches above this fraction of the page height.
const MAX_REACH: f64 = 0.2;

/// A number as a note's number is printed: `30`, `30.`, `30)`.
fn note_number(text: &str) -> Option<u32> {
    let t = text.trim_end_matches(['.', ')']);
    if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok().filter(|&n| n > 0)
}

/// A raised number that points to a note: it follows a word of the text (a note's own
/// number starts its line), and it is not an exponent (`m²`, `km³`: a 2 or 3 right after a
/// short unit). `prev` is the word before it: in its line, or for the first word of a line
/// the last word of the line just left of it on the same row (a justified line the PDF
/// layer split at a wide space).
pub fn is_marker(words: &[Word], line: &Line, k: usize, prev: Option<&Word>) -> Option<u32> {
    let w = words.get(*line.words.get(k)?)?;
    if w.script != Script::Superscript {
        return None;
    }
    let prev = match k {
        0 => prev?,
        _ => words.get(line.words[k - 1])?,
    };
    let n = note_number(&w.text).filter(|_| !w.text.ends_with(['.', ')']))?;
    if n == 2 || n == 3 {
        let unit = prev.script == Script::Normal
            && w.bbox.x0 - prev.bbox.x1 < 0.1 * prev.size
            && prev
                .text
                .trim_start_matches(['(', '['])
                .chars()
                .filter(|c| c.is_alphabetic())
                .count()
                <= 2
            && prev
                .text
                .chars()
                .last()
                .map(|c| c.is_alphabetic())
                .unwrap_or(false);
        if unit {
            return None;
        }
    }
    Some(n)
}

/// The last word of the line standing just left of line `li` on its row (at most half an
/// em away), in the same zone.
pub fn left_neighbour<'a>(words: &'a [Word], pl: &PageLayout, li: usize) -> Option<&'a Word> {
    let l = pl.lines.get(li)?;
    let first = words.get(*l.words.first()?)?;
    pl.lines
        .iter()
        .enumerate()
        .filter(|(j, o)| {
            *j != li
                && o.zone == l.zone
                && (o.baseline - l.baseline).abs() <= 0.3 * l.size.max(o.size)
                && o.bbox.x1 <= first.bbox.x0 + 0.5
                && first.bbox.x0 - o.bbox.x1 <= 0.5 * o.size.max(1.0)
        })
        .max_by(|a, b| a.1.bbox.x1.total_cmp(&b.1.bbox.x1))
        .and_then(|(_, o)| {
            o.words
                .iter()
                .rev()
                .map(|&w| &words[w])
                .find(|w| w.script == Script::Normal)
        })
}

/// The markers of a page: (line, word position in the line, number) of every raised
/// number in the body that may point to a note.
pub fn page_markers(words: &[Word], pl: &PageLayout) -> Vec<(usize, usize, u32)> {
    let mut out = Vec::new();
    for (li, l) in pl.lines.iter().enumerate() {
        if l.zone != Zone::Body {
            continue;
        }
        for k in 0..l.words.len() {
            let prev = if k == 0 {
                left_neighbour(words, pl, li)
            } else {
                None
            };
            if let Some(n) = is_marker(words, l, k, prev) {
                out.push((li, k, n));
            }
        }
    }
    out
}

/// The raised numbers of a page that may point to notes, with the line they are on.
fn markers(p: &Page, pl: &PageLayout) -> Vec<(u32, usize)> {
    page_markers(&p.words, pl)
        .into_iter()
        .map(|(li, _, n)| (n, li))
        .collect()
}

/// Columns with no other column below them: where notes can stand.
fn foot_columns(pl: &PageLayout) -> Vec<usize> {
    let cols = &pl.columns;
    (0..cols.len())
        .filter(|&c| {
            let a = &cols[c].bbox;
            !cols.iter().enumerate().any(|(o, other)| {
                let b = &other.bbox;
                let overlap = (a.x1.min(b.x1) - a.x0.max(b.x0)).max(0.0);
                o != c
                    && b.y0 > a.y1 - 1.0
                    && overlap > 0.3 * a.width().min(b.width()).max(1.0)
                    // a column below that holds only a line or two of tiny text (a caption
                    // credit) does not stop notes above it; notes themselves may form it
                    && pl
                        .lines
                        .iter()
                        .filter(|l| l.column == o && l.zone == Zone::Body)
                        .count()
                        > 0
            })
        })
        .collect()
}

/// A row of the candidate zone: its lines (left to right) and measures.
struct Row {
    lines: Vec<usize>,
    top: f64,
    bottom: f64,
    size: f64,
    /// Number, raised, if the row starts like a note.
    start: Option<(u32, bool)>,
}

fn row_of(p: &Page, pl: &PageLayout, r: &[usize]) -> Row {
    let lines: Vec<usize> = r.to_vec();
    let top = lines
        .iter()
        .map(|&i| pl.lines[i].bbox.y0)
        .fold(f64::INFINITY, f64::min);
    let bottom = lines
        .iter()
        .map(|&i| pl.lines[i].bbox.y1)
        .fold(f64::NEG_INFINITY, f64::max);
    let size = lines
        .iter()
        .map(|&i| pl.lines[i].size)
        .fold(0.0f64, f64::max);
    let first = &pl.lines[lines[0]];
    let start = first.words.first().and_then(|&w| {
        let w = &p.words[w];
        let n = note_number(&w.text)?;
        // something must follow the number: on the row, or (number alone) the row below
        let more = first.words.len() > 1 || lines.len() > 1;
        Some((n, w.script == Script::Superscript, more))
    });
    Row {
        lines,
        top,
        bottom,
        size,
        start: start.and_then(|(n, raised, more)| more.then_some((n, raised))),
    }
}

fn base_line(pl: &PageLayout, r: &Row) -> f64 {
    r.lines
        .first()
        .map(|&i| pl.lines[i].baseline)
        .unwrap_or(r.bottom)
}

/// Is the row a note-like line: not a table row, not a bold heading, not larger than the body.
fn note_like(p: &Page, pl: &PageLayout, r: &Row, body: f64) -> bool {
    if r.size > MAX_SIZE * body || r.lines.len() > 2 {
        return false;
    }
    if r.lines.len() == 2 {
        // a number and its text far apart (a tab stop), nothing else
        let first = &pl.lines[r.lines[0]];
        let only_number = first.words.len() == 1
            && first
                .words
                .first()
                .map(|&w| note_number(&p.words[w].text).is_some())
                .unwrap_or(false);
        if !only_number {
            return false;
        }
    }
    let l = &pl.lines[r.lines[r.lines.len() - 1]];
    !(l.bold && l.size >= 0.98 * body && l.words.len() <= 12)
}

/// A horizontal rule between `above` (bottom of the text above) and `top` (the zone's top),
/// within the column's x-range: a footnote separator.
fn rule_between(rules: &[Rule], x0: f64, x1: f64, above: f64, top: f64) -> bool {
    rules.iter().any(|r| {
        let b = &r.bbox;
        b.height() <= 2.0
            && b.width() >= 15.0
            && b.y0 >= above - 0.5
            && b.y1 <= top + 0.5
            && b.x0 >= x0 - 5.0
            && b.x0 <= x0 + 0.5 * (x1 - x0)
    })
}

/// What the previous zones left: the last note's number and whether its text is open.
#[derive(Default)]
struct Series {
    last: Option<u32>,
    /// The last note line ended without closing punctuation.
    open: bool,
    /// Page index of the last note.
    page: Option<usize>,
}

fn ends_open(text: &str) -> bool {
    !text.trim_end().ends_with(['.', '!', '?', ')', ';', ':'])
}

pub fn find(doc: &Document, layout: &mut Layout) {
    let body_doc = layout.body_size;
    let mut series = Series::default();
    for (pi, p) in doc.pages.iter().enumerate() {
        let Some(pl) = layout.pages.get_mut(pi) else {
            continue;
        };
        if pl.lines.len() > super::MAX_LINES_PER_PAGE {
            continue;
        }
        let body = if pl.body_size > 0.0 {
            pl.body_size.max(0.9 * body_doc).min(1.1 * body_doc)
        } else {
            body_doc
        };
        let marks = markers(p, pl);
        let marked: HashSet<u32> = marks.iter().map(|m| m.0).collect();
        let mut changed = false;
        for c in foot_columns(pl) {
            let idx: Vec<usize> = (0..pl.lines.len())
                .filter(|&i| pl.lines[i].column == c && pl.lines[i].zone == Zone::Body)
                .collect();
            if idx.is_empty() {
                continue;
            }
            let all_rows: Vec<Row> = rows(&pl.lines, &idx)
                .iter()
                .map(|r| row_of(p, pl, r))
                .collect();
            // the candidate run: note-like rows from the foot, in one size
            let mut run_start = all_rows.len();
            let base_size = all_rows.last().map(|r| r.size).unwrap_or(body);
            while run_start > 0 {
                let r = &all_rows[run_start - 1];
                let below = all_rows.get(run_start);
                let near = below
                    .map(|b| base_line(pl, b) - base_line(pl, r) <= ZONE_PITCH * r.size.max(b.size))
                    .unwrap_or(true);
                let ok = note_like(p, pl, r, body)
                    && near
                    && (r.size - base_size).abs() <= SIZE_SPREAD * base_size
                    && r.top >= MAX_REACH * p.height;
                if !ok {
                    break;
                }
                run_start -= 1;
            }
            if run_start == all_rows.len() {
                continue;
            }
            let run = &all_rows[run_start..];
            // the chain of starts counting down from the lowest; where it reaches 1, the
            // numbering may have started again in this column (notes per section): a start
            // above it begins a new count, if a raised marker on the page names its number
            let mut chain: Vec<usize> = Vec::new(); // indices into run, bottom up
            let mut want: Option<u32> = None;
            for k in (0..run.len()).rev() {
                if let Some((n, _)) = run[k].start {
                    match want {
                        None => {
                            chain.push(k);
                            want = n.checked_sub(1);
                        }
                        Some(0) if marked.contains(&n) => {
                            chain.push(k);
                            want = n.checked_sub(1);
                        }
                        Some(w) if w == n => {
                            chain.push(k);
                            want = n.checked_sub(1);
                        }
                        _ => {}
                    }
                }
            }
            chain.reverse();
            let col = pl.columns.get(c).map(|k| k.bbox).unwrap_or_default();
            let zone_size = {
                let mut v: Vec<f64> = run.iter().map(|r| r.size).collect();
                super::median(&mut v).unwrap_or(body)
            };
            let smaller = zone_size <= SMALLER * body;
            // where the zone begins: the chain's top, or (no start) the whole run
            let accepted_top: Option<usize> = if let Some(&top) = chain.first() {
                let (n_first, raised) = run[top].start.unwrap_or((0, false));
                let numbers: Vec<u32> = chain
                    .iter()
                    .filter_map(|&k| run[k].start)
                    .map(|s| s.0)
                    .collect();
                let count = numbers.len();
                let with_marker = numbers.iter().filter(|n| marked.contains(n)).count();
                let above = if run_start + top > 0 {
                    all_rows[run_start + top - 1].bottom
                } else {
                    col.y0 - 3.0 * zone_size
                };
                let rule = rule_between(&p.rules, col.x0, col.x1, above, run[top].top);
                let gap = run[top].top - above >= 1.0 * zone_size;
                let series_next = series.last.map(|l| l + 1) == Some(n_first);
                let restart = n_first == 1 && series.last.is_some();
                let support = raised || smaller || rule || gap;
                let accept = if restart {
                    with_marker >= 1 && support
                } else {
                    with_marker == count
                        || (with_marker >= 1 && (raised || smaller || rule || series_next))
                        || (series_next && support)
                        || (series.last.is_none() && n_first == 1 && with_marker >= 1)
                };
                accept.then_some(top)
            } else {
                None
            };
            let top = match accepted_top {
                Some(t) => {
                    // continuation rows of an open note right above the first start: in the
                    // notes' size and left edge, with no separator rule between them and it
                    let mut t2 = t;
                    let continues_prev = series.open && series.page.is_some();
                    let left = chain
                        .iter()
                        .filter_map(|&k| run[k].lines.first())
                        .map(|&li| pl.lines[li].bbox.x0)
                        .fold(f64::INFINITY, f64::min);
                    while t2 > 0 && continues_prev {
                        let r = &run[t2 - 1];
                        let below = &run[t2];
                        let tight = below.top - r.bottom <= 0.8 * zone_size;
                        if rule_between(&p.rules, col.x0, col.x1, r.bottom, below.top) {
                            break;
                        }
                        let above = if run_start + t2 > 1 {
                            all_rows[run_start + t2 - 2].bottom
                        } else {
                            col.y0 - 3.0 * zone_size
                        };
                        let rule = rule_between(&p.rules, col.x0, col.x1, above, r.top);
                        let same_size = (r.size - zone_size).abs() <= 0.03 * zone_size;
                        let aligned = r
                            .lines
                            .first()
                            .map(|&li| pl.lines[li].bbox.x0 <= left + 1.5 * zone_size)
                            .unwrap_or(false);
                        if r.start.is_none() && tight && same_size && aligned && (smaller || rule) {
                            t2 -= 1;
                            if rule {
                                break;
                            }
                        } else {
                            break;
                        }
                    }
                    Some(t2)
                }
                None if chain.is_empty() && series.open && series.page.is_some() => {
                    // a foot that only continues the previous page's note
                    let above = if run_start > 0 {
                        all_rows[run_start - 1].bottom
                    } else {
                        col.y0 - 3.0 * zone_size
                    };
                    let rule = rule_between(&p.rules, col.x0, col.x1, above, run[0].top);
                    let gap = run[0].top - above >= 1.0 * zone_size;
                    (rule || (smaller && gap)).then_some(0)
                }
                None => None,
            };
            let Some(top) = top else { continue };
            changed = true;
            let chain_set: HashSet<usize> = chain.iter().copied().collect();
            let mut last_text = String::new();
            for (k, r) in run.iter().enumerate().skip(top) {
                for &li in &r.lines {
                    pl.lines[li].zone = Zone::Note;
                }
                if chain_set.contains(&k) {
                    if let Some((n, _)) = r.start {
                        let restart = n == 1 && series.last.is_some();
                        pl.lines[r.lines[0]].note = Some(NoteStart {
                            number: n,
                            word: 0,
                            restart,
                        });
                        series.last = Some(n);
                    }
                }
                if let Some(&li) = r.lines.last() {
                    last_text = pl.lines[li].text.clone();
                }
            }
            series.open = ends_open(&last_text);
            series.page = Some(pi);
        }
        if changed {
            let ncols = pl.columns.len();
            pl.blocks = blocks::build(&mut pl.lines, ncols);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_numbers() {
        assert_eq!(note_number("30"), Some(30));
        assert_eq!(note_number("30."), Some(30));
        assert_eq!(note_number("7)"), Some(7));
        assert_eq!(note_number("0"), None);
        assert_eq!(note_number("12345"), None);
        assert_eq!(note_number("3a"), None);
        assert_eq!(note_number("."), None);
    }

    #[test]
    fn open_and_closed_note_texts() {
        assert!(ends_open("en de brief die daarop volgde over de"));
        assert!(!ends_open("Kamerstukken II 2024/2025, 30 573, nr. 220."));
        assert!(!ends_open("(Bron: IND)"));
    }
}
