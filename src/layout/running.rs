//! Running heads, running footers and printed page numbers.
//!
//! A running line sits at the edge of the page (within `BAND` of the page height from the top
//! or the bottom) and is the page's furniture, not its content: its text repeats on other
//! pages at the same height (digits aside: `35 | De Staat van Migratie 2025`), or it carries
//! the page number. Running lines form a contiguous run of rows from the page edge inwards:
//! the first row that is neither ends the run, so a body line near the edge is never taken.
//!
//! The printed page number is the number at the start or end of a running line that follows
//! the page sequence: `printed = step * page + offset`, with the step 1 (one page per sheet)
//! or 2 (a spread of two printed pages per PDF page, labelled `30-31`), decided by the
//! numbers of all pages together. A single-page document takes a lone number at its edge.

use super::lines::{join, RawLine};
use super::Zone;
use crate::pdf::model::Document;
use std::collections::{HashMap, HashSet};

/// The edge bands, as a fraction of the page height.
pub const BAND: f64 = 0.12;
/// At most this many rows from each edge can be running lines.
const MAX_ROWS: usize = 3;

#[derive(Debug, Clone, Default)]
pub struct Running {
    /// Per page: raw line index -> its running zone (lines not listed are content).
    pub zones: Vec<HashMap<usize, Zone>>,
    /// Per page: the printed page number.
    pub printed: Vec<Option<String>>,
}

fn digits_masked(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// A bare page number: `35`, `- 35 -`, `35/160`, `Pagina 3 van 12`, `Page 3 of 12`.
fn lone_number(text: &str) -> Option<u32> {
    let t = text
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    if let Ok(n) = t.parse::<u32>() {
        return (t.len() <= 4).then_some(n);
    }
    let lower = t.to_lowercase();
    let rest = ["pagina ", "page ", "blz. ", "blz ", "p. "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower);
    let first: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let after = rest[first.len()..].trim();
    let tail_ok = after.is_empty()
        || ["van ", "of ", "/"].iter().any(|p| {
            after
                .strip_prefix(p)
                .map(|r| r.trim().chars().all(|c| c.is_ascii_digit()) && !r.trim().is_empty())
                .unwrap_or(false)
        });
    if !first.is_empty()
        && first.len() <= 4
        && tail_ok
        && (rest.len() < lower.len() || !after.is_empty())
    {
        return first.parse().ok();
    }
    None
}

/// Numbers a running line may print the page number as: its first and last tokens.
fn edge_numbers(text: &str) -> Vec<u32> {
    let toks: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '|')
        .filter(|t| !t.is_empty())
        .collect();
    let mut out = Vec::new();
    for t in [toks.first(), toks.last()].into_iter().flatten() {
        let t = t.trim_matches(|c: char| !c.is_ascii_digit());
        if !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit()) {
            if let Ok(n) = t.parse::<u32>() {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
    }
    if let Some(n) = lone_number(text) {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// Rows of lines at one edge of a page, outermost first (at most `MAX_ROWS`).
fn edge_rows(lines: &[RawLine], height: f64, top: bool) -> Vec<Vec<usize>> {
    let mut idx: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let b = &lines[i].bbox;
            if top {
                b.y1 <= BAND * height
            } else {
                b.y0 >= (1.0 - BAND) * height
            }
        })
        .collect();
    idx.sort_by(|&a, &b| {
        let (ya, yb) = (lines[a].baseline, lines[b].baseline);
        if top {
            ya.total_cmp(&yb)
        } else {
            yb.total_cmp(&ya)
        }
    });
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut base = f64::NAN;
    for i in idx {
        let l = &lines[i];
        match rows.last_mut() {
            Some(r) if (l.baseline - base).abs() <= 0.3 * l.size.max(1.0) => r.push(i),
            _ => {
                if rows.len() == MAX_ROWS {
                    break;
                }
                base = l.baseline;
                rows.push(vec![i]);
            }
        }
    }
    rows
}

/// Running lines are no larger than this many times the body size: a chapter title at the
/// same place on every chapter's first page (`Hoofdstuk 2`, `Hoofdstuk 3`) is not one.
const MAX_SIZE: f64 = 1.2;

pub fn find(doc: &Document, raw: &[Vec<RawLine>], body: f64) -> Running {
    let n = doc.pages.len();
    let texts: Vec<Vec<String>> = doc
        .pages
        .iter()
        .zip(raw)
        .map(|(p, ls)| ls.iter().map(|l| join(&p.words, &l.words, false)).collect())
        .collect();
    // the same without raised words: a note marker is not a page number
    let plain: Vec<Vec<String>> = doc
        .pages
        .iter()
        .zip(raw)
        .map(|(p, ls)| ls.iter().map(|l| join(&p.words, &l.words, true)).collect())
        .collect();
    // candidate rows at both edges of every page
    let mut cands: Vec<[Vec<Vec<usize>>; 2]> = Vec::with_capacity(n);
    for (pi, p) in doc.pages.iter().enumerate() {
        let ls = &raw[pi];
        let small = |rows: Vec<Vec<usize>>| -> Vec<Vec<usize>> {
            // rows up to the first with a line larger than running lines are
            let end = rows
                .iter()
                .position(|r| r.iter().any(|&i| ls[i].size > MAX_SIZE * body))
                .unwrap_or(rows.len());
            rows.into_iter().take(end).collect()
        };
        cands.push([
            small(edge_rows(ls, p.height, true)),
            small(edge_rows(ls, p.height, false)),
        ]);
    }
    // repetition: masked text -> (page, edge, y) seen
    let mut seen: HashMap<(String, usize), Vec<(usize, f64)>> = HashMap::new();
    for (pi, c) in cands.iter().enumerate() {
        for (edge, rows) in c.iter().enumerate() {
            for &li in rows.iter().flatten() {
                let key = (digits_masked(texts[pi][li].trim()), edge);
                seen.entry(key)
                    .or_default()
                    .push((pi, raw[pi][li].baseline));
            }
        }
    }
    // on how many other pages the line's text (digits aside) stands at the same height
    let repeats = |pi: usize, edge: usize, li: usize| -> usize {
        let key = (digits_masked(texts[pi][li].trim()), edge);
        let y = raw[pi][li].baseline;
        seen.get(&key)
            .map(|v| {
                v.iter()
                    .filter(|(p, yy)| *p != pi && (yy - y).abs() <= 4.0)
                    .map(|(p, _)| *p)
                    .collect::<HashSet<_>>()
                    .len()
            })
            .unwrap_or(0)
    };
    // the page sequence: votes for (step, offset) from the edge numbers of every page
    let mut votes: HashMap<(i64, i64), HashSet<usize>> = HashMap::new();
    for (pi, c) in cands.iter().enumerate() {
        for &li in c.iter().flatten().flatten() {
            if plain[pi][li].split_whitespace().count() > 12 {
                continue;
            }
            for t in edge_numbers(&plain[pi][li]) {
                for step in [1i64, 2] {
                    votes
                        .entry((step, t as i64 - step * pi as i64))
                        .or_default()
                        .insert(pi);
                }
            }
        }
    }
    let n_votes = |k: (i64, i64)| votes.get(&k).map(|s| s.len()).unwrap_or(0);
    // one printed page per PDF page: the offset most pages agree on
    let best1 = votes
        .iter()
        .filter(|((s, _), pages)| *s == 1 && pages.len() >= 2)
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0 .1.cmp(&a.0 .1)))
        .map(|(k, _)| *k);
    // a spread: two printed pages per PDF page, both numbers (offset and offset + 1) on at
    // least as many pages as the best single sequence
    let best2 = votes
        .keys()
        .filter(|(s, _)| *s == 2)
        .map(|&(_, b)| (b, n_votes((2, b)).min(n_votes((2, b + 1)))))
        .filter(|&(_, v)| v >= 2)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
    let best = match (best1, best2) {
        (Some(b1), Some((b2, v2))) if v2 >= n_votes(b1) => Some((2, b2)),
        (Some(b1), _) => Some(b1),
        (None, Some((b2, _))) => Some((2, b2)),
        (None, None) => None,
    };
    let page_number_of = |pi: usize, li: usize| -> Option<Vec<u32>> {
        let (step, off) = best?;
        let nums = edge_numbers(&plain[pi][li]);
        let want: Vec<i64> = if step == 2 {
            vec![2 * pi as i64 + off, 2 * pi as i64 + off + 1]
        } else {
            vec![pi as i64 + off]
        };
        let hit: Vec<u32> = nums
            .into_iter()
            .filter(|&t| want.contains(&(t as i64)))
            .collect();
        (!hit.is_empty()).then_some(hit)
    };

    // where lines carrying the page number stand: a line other than a bare number carries
    // it only at a height where other pages print theirs (a note `1 Kamerstuk …` above the
    // footer of page 1 does not)
    let mut number_ys: Vec<(usize, usize, f64)> = Vec::new(); // page, edge, baseline
    for (pi, c) in cands.iter().enumerate() {
        for (edge, rows) in c.iter().enumerate() {
            for &li in rows.iter().flatten() {
                if page_number_of(pi, li).is_some() {
                    number_ys.push((pi, edge, raw[pi][li].baseline));
                }
            }
        }
    }
    let number_slot = |pi: usize, edge: usize, li: usize| -> bool {
        let y = raw[pi][li].baseline;
        number_ys
            .iter()
            .any(|&(p, e, yy)| p != pi && e == edge && (yy - y).abs() <= 2.0)
    };

    // slots: the outermost row at an edge, at the same height and size on many pages and
    // set apart from the content by a gap (a running head whose text changes per chapter)
    let slot_of = |pi: usize, edge: usize| -> Option<(f64, f64, bool)> {
        let rows = &cands[pi][edge];
        let row = rows.first()?;
        let l = &raw[pi][*row.first()?];
        // the next line inwards, among all lines of the page
        let inward = raw[pi]
            .iter()
            .filter(|o| {
                if edge == 0 {
                    o.baseline > l.baseline + 0.3 * l.size
                } else {
                    o.baseline < l.baseline - 0.3 * l.size
                }
            })
            .map(|o| (o.baseline - l.baseline).abs())
            .fold(f64::INFINITY, f64::min);
        Some((l.baseline, l.size, inward >= 1.8 * l.size.max(1.0)))
    };
    let mut slot_pages: [Vec<(usize, f64, f64, bool)>; 2] = [Vec::new(), Vec::new()];
    for pi in 0..n {
        for edge in 0..2 {
            if let Some((y, size, apart)) = slot_of(pi, edge) {
                slot_pages[edge].push((pi, y, size, apart));
            }
        }
    }
    let in_slot = |pi: usize, edge: usize| -> bool {
        let Some(&(_, y, size, apart)) = slot_pages[edge].iter().find(|s| s.0 == pi) else {
            return false;
        };
        if !apart {
            return false;
        }
        let same: Vec<&(usize, f64, f64, bool)> = slot_pages[edge]
            .iter()
            .filter(|s| (s.1 - y).abs() <= 2.0 && (s.2 - size).abs() <= 0.05 * size)
            .collect();
        let apart_n = same.iter().filter(|s| s.3).count();
        same.len() >= 3 && same.len() * 10 >= 3 * n && apart_n * 10 >= 8 * same.len()
    };
    // text repeated on enough other pages at the same height
    let repeat_min = if n <= 3 { 1 } else { 1.max((n - 1) / 6) };

    let mut out = Running {
        zones: vec![HashMap::new(); n],
        printed: vec![None; n],
    };
    for (pi, c) in cands.iter().enumerate() {
        let mut printed: Vec<u32> = Vec::new();
        for (edge, rows) in c.iter().enumerate() {
            for (ri, row) in rows.iter().enumerate() {
                let short = row
                    .iter()
                    .all(|&li| texts[pi][li].split_whitespace().count() <= 12);
                let slot = ri == 0 && in_slot(pi, edge);
                let mut any = false;
                let mut zones: Vec<(usize, Zone)> = Vec::new();
                for &li in row {
                    let text = plain[pi][li].trim();
                    let lone = lone_number(text);
                    let number = page_number_of(pi, li)
                        .filter(|_| lone.is_some() || number_slot(pi, edge, li));
                    if let Some(ns) = &number {
                        printed.extend(ns.iter().copied());
                    } else if best.is_none() && lone.is_some() && ri == 0 {
                        printed.extend(lone);
                    }
                    let reps = repeats(pi, edge, li);
                    let zone =
                        if lone.is_some() && (number.is_some() || (best.is_none() && ri == 0)) {
                            Zone::PageNumber
                        } else if edge == 0 {
                            Zone::Head
                        } else {
                            Zone::Foot
                        };
                    any |= number.is_some()
                        || reps >= repeat_min
                        || (zone == Zone::PageNumber)
                        || slot;
                    zones.push((li, zone));
                }
                if !(any && short) {
                    break;
                }
                out.zones[pi].extend(zones);
            }
        }
        printed.sort_unstable();
        printed.dedup();
        out.printed[pi] = match printed.as_slice() {
            [] => None,
            [a] => Some(a.to_string()),
            [a, .., b] => Some(format!("{a}-{b}")),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_number_forms() {
        assert_eq!(lone_number("35"), Some(35));
        assert_eq!(lone_number("- 35 -"), Some(35));
        assert_eq!(lone_number("Pagina 3 van 12"), Some(3));
        assert_eq!(lone_number("Page 3 of 12"), Some(3));
        assert_eq!(lone_number("3/12"), Some(3));
        assert_eq!(lone_number("2024 werden"), None);
        assert_eq!(lone_number("12345"), None);
        assert_eq!(lone_number("Bron: IND"), None);
    }

    #[test]
    fn numbers_at_the_ends_of_a_running_line() {
        assert_eq!(
            edge_numbers("35 | De Staat van Migratie 2025"),
            vec![35, 2025]
        );
        assert_eq!(edge_numbers("Hoofdstuk 3 Arbeid 41"), vec![41]);
    }
}
