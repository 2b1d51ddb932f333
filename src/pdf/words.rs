//! Glyphs -> lines -> words, with superscript/subscript flags and reading order.
//!
//! The rules use geometry and typography only:
//! - A *row* is a run of glyphs on one baseline (within 15% of the size).
//! - A short row of smaller (or clearly raised/lowered) glyphs next to a row of normal text
//!   joins that row as superscript or subscript: footnote markers (`(Bron: CBS)31`, `EU-11`³).
//! - Words split at space glyphs, at script changes, and at gaps. When a line draws its own
//!   space glyphs, a gap splits without one only at half an em, or at 0.1 em where a new
//!   text run starts (Td/Tm: table cells): letter-spaced text, where producers put extra room
//!   between letters inside one run (`I n f r a`), stays whole. Lines without space glyphs
//!   split at gaps larger than their usual letter gap plus 0.12 em.
//! - Reading order: recursive XY-cut over lines: columns first, then blocks (gaps wider than
//!   0.8 em), then single lines.

use super::interp::Glyph;
use super::model::{BBox, Script, Word};

/// A glyph in its text direction's local frame (text runs towards +x, up is -y).
#[derive(Debug, Clone)]
struct G<'a> {
    g: &'a Glyph,
    /// The glyph's text, borrowed when [`normalise_text`] leaves it as it is (most glyphs).
    text: std::borrow::Cow<'a, str>,
    space: bool,
    x0: f64,
    x1: f64,
    base: f64,
    top: f64,
    bottom: f64,
    size: f64,
    script: Script,
    /// Merged into a neighbour (a spacing accent drawn over its letter).
    skip: bool,
}

fn to_local(dir: u16, x: f64, y: f64) -> (f64, f64) {
    match dir {
        90 => (y, -x),
        180 => (-x, -y),
        270 => (-y, x),
        _ => (x, y),
    }
}

fn from_local(dir: u16, lx: f64, ly: f64) -> (f64, f64) {
    match dir {
        90 => (-ly, lx),
        180 => (-lx, -ly),
        270 => (ly, -lx),
        _ => (lx, ly),
    }
}

fn bbox_local(dir: u16, b: &BBox) -> BBox {
    let (ax, ay) = to_local(dir, b.x0, b.y0);
    let (bx, by) = to_local(dir, b.x1, b.y1);
    BBox {
        x0: ax.min(bx),
        y0: ay.min(by),
        x1: ax.max(bx),
        y1: ay.max(by),
    }
}

fn bbox_page(dir: u16, b: &BBox) -> BBox {
    let (ax, ay) = from_local(dir, b.x0, b.y0);
    let (bx, by) = from_local(dir, b.x1, b.y1);
    BBox {
        x0: ax.min(bx),
        y0: ay.min(by),
        x1: ax.max(bx),
        y1: ay.max(by),
    }
}

/// Text of a glyph as it should be stored: ligatures expanded, pdfium's U+0002 and the
/// soft hyphen printed at a line end as `-`, control characters dropped.
pub fn normalise_text(s: &str) -> String {
    normalised(s).into_owned()
}

/// [`normalise_text`] without a copy when nothing changes.
fn normalised(s: &str) -> std::borrow::Cow<'_, str> {
    let plain = |c: char| {
        !c.is_control()
            && !matches!(
                c,
                '\u{fb00}'..='\u{fb06}'
                    | '\u{ad}'
                    | '\u{a0}'
                    | '\u{2000}'..='\u{200d}'
                    | '\u{202f}'
                    | '\u{3000}'
                    | '\u{feff}'
            )
    };
    if s.chars().all(plain) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
            '\u{2}' | '\u{ad}' => out.push('-'),
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{3000}' | '\t' | '\n' | '\r' => {
                out.push(' ')
            }
            '\u{200b}' | '\u{feff}' | '\u{200c}' | '\u{200d}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

struct Line {
    glyphs: Vec<usize>,
    /// Space glyphs in the line plus one: about its number of words.
    words: usize,
    base: f64,
    size: f64,
    x0: f64,
    x1: f64,
    top: f64,
    bottom: f64,
}

/// What the word builder repaired or could not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordStats {
    /// Unmapped glyphs read as a ligature (`func?e` -> `functie`).
    pub repaired: u32,
    /// Unmapped glyphs left as U+FFFD.
    pub unmapped: u32,
}

/// Builds the words of one page from its glyphs, in reading order.
pub fn build_words(glyphs: &[Glyph]) -> (Vec<Word>, WordStats) {
    let mut stats = WordStats::default();
    let mut by_dir: [Vec<G>; 4] = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for g in glyphs {
        let text = normalised(&g.text);
        if text.is_empty() {
            continue;
        }
        let space = text.chars().all(|c| c == ' ');
        let b = bbox_local(g.dir, &g.bbox);
        let (ox, oy) = to_local(g.dir, g.origin.0, g.origin.1);
        let (ex, _) = to_local(g.dir, g.end.0, g.end.1);
        let slot = (g.dir / 90) as usize % 4;
        by_dir[slot].push(G {
            g,
            text,
            space,
            x0: ox.min(ex),
            x1: ox.max(ex),
            base: oy,
            top: b.y0,
            bottom: b.y1,
            size: g.size.max(0.01),
            script: Script::Normal,
            skip: false,
        });
    }
    let mut words = Vec::new();
    let mut line_no = 0u32;
    for (slot, gs) in by_dir.iter_mut().enumerate() {
        if gs.is_empty() {
            continue;
        }
        let dir = (slot * 90) as u16;
        dedupe(gs);
        let mut lines = build_lines(gs);
        let order = if dir == 0 {
            reading_order(&lines)
        } else {
            simple_order(&lines)
        };
        for li in order {
            let line = &mut lines[li];
            let before = words.len();
            split_words(gs, line, dir, line_no, &mut words, &mut stats);
            if words.len() > before {
                line_no += 1;
            }
        }
    }
    (words, stats)
}

/// Drops a glyph drawn again on top of the same glyph (fake bold, shadow text): same text,
/// origin within 0.15 em. Sorted by text and x, so the copies meet whatever lies between.
fn dedupe(gs: &mut Vec<G>) {
    let mut keep = vec![true; gs.len()];
    // sorted by first character and x (a key computed once: no string comparisons in the
    // sort); glyphs with the same text at the same place are then neighbours
    let first = |i: usize| gs[i].text.chars().next().map(u32::from).unwrap_or(0);
    let mut idx: Vec<(u32, f64, usize)> = (0..gs.len())
        .filter(|&i| !gs[i].space)
        .map(|i| (first(i), gs[i].x0, i))
        .collect();
    idx.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    for w in 0..idx.len() {
        let (ca, xa, a) = idx[w];
        if !keep[a] {
            continue;
        }
        let tol = 0.15 * gs[a].size;
        for &(cb, xb, b) in &idx[w + 1..] {
            if cb != ca || xb - xa > tol {
                break;
            }
            if keep[b]
                && gs[b].text == gs[a].text
                && (gs[b].base - gs[a].base).abs() < tol
                && (gs[b].size - gs[a].size).abs() < tol
            {
                keep[b] = false;
            }
        }
    }
    let mut i = 0;
    gs.retain(|_| {
        let k = keep[i];
        i += 1;
        k
    });
}

/// The combining mark for a spacing accent (`´` -> U+0301).
fn combining(accent: &str) -> Option<char> {
    let mut it = accent.chars();
    let c = it.next()?;
    if it.next().is_some() {
        return None;
    }
    Some(match c {
        '\u{b4}' | '\u{2ca}' => '\u{301}',
        '`' | '\u{2cb}' => '\u{300}',
        '\u{a8}' => '\u{308}',
        '^' | '\u{2c6}' => '\u{302}',
        '~' | '\u{2dc}' => '\u{303}',
        '\u{b8}' => '\u{327}',
        '\u{2c7}' => '\u{30c}',
        '\u{2d8}' => '\u{306}',
        '\u{2d9}' => '\u{307}',
        '\u{2da}' => '\u{30a}',
        '\u{2db}' => '\u{328}',
        '\u{2dd}' => '\u{30b}',
        '\u{af}' | '\u{2c9}' => '\u{304}',
        _ => return None,
    })
}

/// Puts spacing accents drawn over (or under) a letter onto that letter: `Kostic´` ->
/// `Kostić`, `Yes¸ilgöz` -> `Yeşilgöz` (KOOP Kamervragen draw them as separate glyphs).
/// The accent must overlap the letter by half its own width.
fn attach_accents(gs: &mut [G], line: &[usize]) {
    use unicode_normalization::UnicodeNormalization;
    for (k, &i) in line.iter().enumerate() {
        let Some(mark) = combining(&gs[i].text) else {
            continue;
        };
        let (ax0, ax1) = (gs[i].x0, gs[i].x1.max(gs[i].x0 + 0.01));
        let mut best: Option<(usize, f64)> = None;
        for &j in line[k.saturating_sub(2)..(k + 3).min(line.len())].iter() {
            if j == i || gs[j].space || gs[j].skip || combining(&gs[j].text).is_some() {
                continue;
            }
            let overlap = (ax1.min(gs[j].x1) - ax0.max(gs[j].x0)).max(0.0);
            if overlap >= 0.5 * (ax1 - ax0) && best.map(|b| overlap > b.1).unwrap_or(true) {
                best = Some((j, overlap));
            }
        }
        if let Some((j, _)) = best {
            let base = &gs[j].text;
            let composed: String = base.chars().chain(std::iter::once(mark)).nfc().collect();
            if composed.chars().count() <= base.chars().count() + 1 {
                gs[j].text = std::borrow::Cow::Owned(composed);
            }
            gs[i].skip = true;
        }
    }
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn make_line(gs: &[G], glyphs: Vec<usize>) -> Line {
    let mut sizes: Vec<f64> = glyphs
        .iter()
        .filter(|&&i| !gs[i].space)
        .map(|&i| gs[i].size)
        .collect();
    if sizes.is_empty() {
        sizes = glyphs.iter().map(|&i| gs[i].size).collect();
    }
    let size = median(&mut sizes);
    let mut bases: Vec<f64> = glyphs
        .iter()
        .filter(|&&i| !gs[i].space)
        .map(|&i| gs[i].base)
        .collect();
    if bases.is_empty() {
        bases = glyphs.iter().map(|&i| gs[i].base).collect();
    }
    let base = median(&mut bases);
    let words = 1 + glyphs.iter().filter(|&&i| gs[i].space).count();
    let mut l = Line {
        glyphs,
        words,
        base,
        size,
        x0: f64::INFINITY,
        x1: f64::NEG_INFINITY,
        top: f64::INFINITY,
        bottom: f64::NEG_INFINITY,
    };
    for &i in &l.glyphs {
        l.x0 = l.x0.min(gs[i].x0);
        l.x1 = l.x1.max(gs[i].x1);
        l.top = l.top.min(gs[i].top);
        l.bottom = l.bottom.max(gs[i].bottom);
    }
    l
}

fn build_lines(gs: &mut [G]) -> Vec<Line> {
    // 1. rows: same baseline (sorted by baseline, then x)
    let mut idx: Vec<usize> = (0..gs.len()).collect();
    idx.sort_by(|&a, &b| {
        gs[a]
            .base
            .total_cmp(&gs[b].base)
            .then(gs[a].x0.total_cmp(&gs[b].x0))
    });
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    let mut cur_base = f64::NAN;
    let mut cur_size = 0.0f64;
    for &i in &idx {
        let g = &gs[i];
        let tol = 0.15 * cur_size.min(g.size).max(0.5);
        if !cur.is_empty()
            && (g.base - cur_base).abs() <= tol.max(0.3)
            && size_compatible(cur_size, g.size)
        {
            cur.push(i);
        } else {
            if !cur.is_empty() {
                rows.push(std::mem::take(&mut cur));
            }
            cur.push(i);
            cur_base = g.base;
            cur_size = g.size;
        }
    }
    if !cur.is_empty() {
        rows.push(cur);
    }
    // 2. split rows into segments at wide gaps (columns, table cells far apart)
    let mut segs: Vec<Line> = Vec::new();
    for mut row in rows {
        row.sort_by(|&a, &b| gs[a].x0.total_cmp(&gs[b].x0));
        let mut part: Vec<usize> = Vec::new();
        let mut last_end = f64::NEG_INFINITY;
        for &i in &row {
            let g = &gs[i];
            if !part.is_empty() && !g.space && g.x0 - last_end > 2.0 * g.size {
                segs.push(make_line(gs, std::mem::take(&mut part)));
                last_end = f64::NEG_INFINITY;
            }
            part.push(i);
            if !g.space {
                last_end = last_end.max(g.x1);
            }
        }
        if !part.is_empty() {
            segs.push(make_line(gs, part));
        }
    }
    // 3. attach raised/lowered small segments to the line they belong to
    let mut order: Vec<usize> = (0..segs.len()).collect();
    // candidates: largest first, so markers attach to body text
    order.sort_by(|&a, &b| segs[b].size.total_cmp(&segs[a].size));
    let mut merged_into: Vec<Option<usize>> = vec![None; segs.len()];
    for s in 0..segs.len() {
        let nonspace = segs[s].glyphs.iter().filter(|&&i| !gs[i].space).count();
        if nonspace == 0 || nonspace > 8 {
            continue;
        }
        let mut best: Option<(usize, f64)> = None;
        for &m in &order {
            if m == s || merged_into[m].is_some() || !segs[m].glyphs.iter().any(|&i| !gs[i].space) {
                continue;
            }
            let (sm, ss) = (&segs[m], &segs[s]);
            let shift = sm.base - ss.base; // > 0: s is raised
            let smaller = ss.size <= 0.85 * sm.size;
            let raised_same =
                ss.size <= 1.05 * sm.size && shift.abs() >= 0.2 * sm.size && nonspace <= 4;
            if !(smaller || raised_same) {
                continue;
            }
            if shift.abs() < 0.12 * sm.size && !smaller {
                continue;
            }
            if shift > 0.75 * sm.size || shift < -0.45 * sm.size {
                continue;
            }
            // horizontally adjacent: starts within the line or just after it
            let near = ss.x0 >= sm.x0 - 0.3 * sm.size && ss.x0 <= sm.x1 + 0.6 * sm.size;
            // a marker just after the line, or leading it (a note's number before its indented text)
            let touches_end = (ss.x0 - sm.x1).abs() <= 0.6 * sm.size
                || (sm.x0 - ss.x1 >= -0.1 && sm.x0 - ss.x1 <= 1.5 * sm.size);
            if !(near || touches_end) {
                continue;
            }
            let score = shift.abs() + (ss.x0 - sm.x1).max(0.0);
            if best.map(|(_, b)| score < b).unwrap_or(true) {
                best = Some((m, score));
            }
        }
        if let Some((m, _)) = best {
            let shift = segs[m].base - segs[s].base;
            let script = if shift >= 0.12 * segs[m].size {
                Script::Superscript
            } else if shift <= -0.12 * segs[m].size {
                Script::Subscript
            } else {
                Script::Normal
            };
            for &i in &segs[s].glyphs {
                gs[i].script = script;
            }
            merged_into[s] = Some(m);
        }
    }
    // resolve chains and build final lines
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); segs.len()];
    for s in 0..segs.len() {
        let mut t = s;
        let mut hops = 0;
        while let Some(n) = merged_into[t] {
            t = n;
            hops += 1;
            if hops > 8 {
                break;
            }
        }
        members[t].extend_from_slice(&segs[s].glyphs);
    }
    let mut lines = Vec::new();
    for (s, mut m) in members.into_iter().enumerate() {
        if merged_into[s].is_some() || m.is_empty() {
            continue;
        }
        m.sort_by(|&a, &b| gs[a].x0.total_cmp(&gs[b].x0));
        attach_accents(gs, &m);
        m.retain(|&i| !gs[i].skip);
        if m.is_empty() {
            continue;
        }
        let mut l = make_line(gs, m);
        // base and size of the line are those of its normal glyphs
        let mut nb: Vec<f64> = l
            .glyphs
            .iter()
            .filter(|&&i| gs[i].script == Script::Normal && !gs[i].space)
            .map(|&i| gs[i].base)
            .collect();
        if !nb.is_empty() {
            l.base = median(&mut nb);
        }
        lines.push(l);
    }
    lines
}

fn size_compatible(a: f64, b: f64) -> bool {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    lo >= 0.8 * hi
}

fn split_words(
    gs: &[G],
    line: &mut Line,
    dir: u16,
    line_no: u32,
    out: &mut Vec<Word>,
    stats: &mut WordStats,
) {
    let has_spaces = line.glyphs.iter().any(|&i| gs[i].space);
    // usual gap between letters of this line, in em
    let mut gaps: Vec<f64> = Vec::new();
    let mut prev: Option<usize> = None;
    for &i in &line.glyphs {
        if gs[i].space {
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            if gs[p].script == gs[i].script {
                gaps.push((gs[i].x0 - gs[p].x1) / gs[i].size.max(0.01));
            }
        }
        prev = Some(i);
    }
    let usual = median(&mut gaps).max(0.0);
    let threshold_em = if has_spaces {
        0.5_f64.max(usual + 0.3)
    } else {
        0.15_f64.max(usual + 0.12)
    };

    let mut cur: Vec<usize> = Vec::new();
    let mut last: Option<usize> = None;
    let flush = |cur: &mut Vec<usize>, out: &mut Vec<Word>, stats: &mut WordStats| {
        if cur.is_empty() {
            return;
        }
        out.push(make_word(gs, cur, dir, line_no, line.base, stats));
        cur.clear();
    };
    for &i in &line.glyphs {
        let g = &gs[i];
        if g.space {
            flush(&mut cur, out, stats);
            last = None;
            continue;
        }
        if let Some(p) = last {
            let pg = &gs[p];
            let gap = g.x0 - pg.x1;
            let em = g.size.max(pg.size).max(0.01);
            let script_change = pg.script != g.script;
            let overlap_back = g.x0 < pg.x0 - 0.5 * em;
            // a gap where the producer started a new text run (table cells set apart by
            // Td/Tm) splits at a smaller size than extra room inside one run (letter-spacing)
            let new_run = g.g.run != pg.g.run && gap > 0.1 * em;
            if script_change || gap > threshold_em * em || overlap_back || (has_spaces && new_run) {
                flush(&mut cur, out, stats);
            }
        }
        cur.push(i);
        last = Some(i);
    }
    flush(&mut cur, out, stats);
}

fn make_word(
    gs: &[G],
    idx: &[usize],
    dir: u16,
    line_no: u32,
    line_base: f64,
    stats: &mut WordStats,
) -> Word {
    let mut text = String::new();
    let unmapped = idx.iter().filter(|&&i| gs[i].g.unmapped).count() as u32;
    let repaired = if unmapped > 0 {
        let pieces: Vec<super::ligature::Piece> = idx
            .iter()
            .map(|&i| {
                if gs[i].g.unmapped {
                    super::ligature::Piece::Unknown(&gs[i].g.candidates)
                } else {
                    super::ligature::Piece::Text(&gs[i].text)
                }
            })
            .collect();
        super::ligature::resolve(&pieces)
    } else {
        None
    };
    match repaired {
        Some(_) => stats.repaired += unmapped,
        None => stats.unmapped += unmapped,
    }
    let mut b = BBox {
        x0: f64::INFINITY,
        y0: f64::INFINITY,
        x1: f64::NEG_INFINITY,
        y1: f64::NEG_INFINITY,
    };
    let mut size: f64 = 0.0;
    let mut invisible = true;
    for &i in idx {
        let g = &gs[i];
        text.push_str(&g.text);
        let gb = bbox_local(dir, &g.g.bbox);
        b = BBox {
            x0: b.x0.min(gb.x0),
            y0: b.y0.min(gb.y0),
            x1: b.x1.max(gb.x1),
            y1: b.y1.max(gb.y1),
        };
        size = size.max(g.size);
        invisible &= g.g.invisible;
    }
    if let Some(r) = repaired {
        text = r;
    }
    let first = &gs[idx[0]];
    let script = first.script;
    let base_local = if script == Script::Normal {
        line_base
    } else {
        first.base
    };
    let page_box = bbox_page(dir, &b);
    let baseline = match dir {
        0 => base_local,
        180 => -base_local,
        90 => -base_local,
        _ => base_local,
    };
    Word {
        text,
        bbox: page_box,
        font: first.g.font.to_string(),
        size: (size * 100.0).round() / 100.0,
        baseline,
        script,
        line: line_no,
        invisible,
        dir,
    }
}

fn simple_order(lines: &[Line]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..lines.len()).collect();
    idx.sort_by(|&a, &b| {
        lines[a]
            .base
            .total_cmp(&lines[b].base)
            .then(lines[a].x0.total_cmp(&lines[b].x0))
    });
    idx
}

/// Recursive XY-cut: split at vertical whitespace (columns) first, else at horizontal
/// whitespace (blocks), else sort by baseline.
fn reading_order(lines: &[Line]) -> Vec<usize> {
    let idx: Vec<usize> = (0..lines.len()).collect();
    let mut sizes: Vec<f64> = lines.iter().map(|l| l.size).collect();
    let em = median(&mut sizes).max(1.0);
    let mut out = Vec::with_capacity(lines.len());
    xy_cut(lines, idx, em, 0, &mut out);
    out
}

fn gaps(intervals: &mut [(f64, f64, usize)], min_gap: f64) -> Vec<Vec<usize>> {
    intervals.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    let mut end = f64::NEG_INFINITY;
    for &(s, e, i) in intervals.iter() {
        if !cur.is_empty() && s - end >= min_gap {
            groups.push(std::mem::take(&mut cur));
        }
        cur.push(i);
        end = end.max(e);
    }
    if !cur.is_empty() {
        groups.push(cur);
    }
    groups
}

fn xy_cut(lines: &[Line], idx: Vec<usize>, em: f64, depth: usize, out: &mut Vec<usize>) {
    if idx.len() <= 1 || depth > 48 {
        let mut idx = idx;
        idx.sort_by(|&a, &b| {
            lines[a]
                .base
                .total_cmp(&lines[b].base)
                .then(lines[a].x0.total_cmp(&lines[b].x0))
        });
        out.extend(idx);
        return;
    }
    // columns
    let mut xs: Vec<(f64, f64, usize)> =
        idx.iter().map(|&i| (lines[i].x0, lines[i].x1, i)).collect();
    let cols = gaps(&mut xs, 1.0 * em);
    if cols.len() > 1 && !is_table_like(lines, &cols, em) {
        for c in cols {
            xy_cut(lines, c, em, depth + 1, out);
        }
        return;
    }
    // blocks: use the tight band (top of line .. baseline) so that lines of a paragraph,
    // whose ascent/descent boxes overlap, still count as touching only when they do
    let mut ys: Vec<(f64, f64, usize)> = idx
        .iter()
        .map(|&i| (lines[i].top, lines[i].bottom, i))
        .collect();
    // cut first where the white space is wider than a line gap (between blocks), so that
    // blocks side by side (an address and a letterhead column) stay together and the
    // column cut above can separate them; then at any gap
    for min_gap in [0.8 * em, 0.01] {
        let rows = gaps(&mut ys, min_gap);
        if rows.len() > 1 {
            for r in rows {
                xy_cut(lines, r, em, depth + 1, out);
            }
            return;
        }
    }
    out.extend(visual_lines_order(lines, idx));
}

/// Columns whose short lines (four words or fewer) sit on shared baselines are the cells of a
/// table: read them row by row. (Columns of prose share baselines too, but their lines hold
/// many words.)
fn is_table_like(lines: &[Line], cols: &[Vec<usize>], em: f64) -> bool {
    let total: usize = cols.iter().map(|c| c.len()).sum();
    if total < 4 {
        return false;
    }
    let mut words: Vec<f64> = cols
        .iter()
        .flatten()
        .map(|&i| lines[i].words as f64)
        .collect();
    let short = median(&mut words) <= 4.0;
    let mut aligned = 0usize;
    for (k, c) in cols.iter().enumerate() {
        for &i in c {
            let shared = cols.iter().enumerate().any(|(j, o)| {
                j != k
                    && o.iter()
                        .any(|&m| (lines[m].base - lines[i].base).abs() <= 0.2 * em)
            });
            aligned += usize::from(shared);
        }
    }
    short && aligned * 2 >= total
}

/// Top to bottom, then left to right within a visual line (baselines within 0.3 of the
/// size). Grouping first keeps the comparison a total order.
fn visual_lines_order(lines: &[Line], mut idx: Vec<usize>) -> Vec<usize> {
    idx.sort_by(|&a, &b| {
        lines[a]
            .base
            .total_cmp(&lines[b].base)
            .then(lines[a].x0.total_cmp(&lines[b].x0))
    });
    let mut out = Vec::with_capacity(idx.len());
    let mut group: Vec<usize> = Vec::new();
    let mut group_base = f64::NAN;
    for i in idx {
        let l = &lines[i];
        if !group.is_empty() && (l.base - group_base).abs() > 0.3 * l.size {
            group.sort_by(|&a, &b| lines[a].x0.total_cmp(&lines[b].x0));
            out.append(&mut group);
        }
        if group.is_empty() {
            group_base = l.base;
        }
        group.push(i);
    }
    group.sort_by(|&a, &b| lines[a].x0.total_cmp(&lines[b].x0));
    out.append(&mut group);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    fn glyph(text: &str, x: f64, base: f64, size: f64, w: f64) -> Glyph {
        Glyph {
            text: text.into(),
            bbox: BBox {
                x0: x,
                y0: base - 0.9 * size,
                x1: x + w,
                y1: base + 0.25 * size,
            },
            origin: (x, base),
            end: (x + w, base),
            size,
            font: Rc::from("F"),
            dir: 0,
            invisible: false,
            unmapped: false,
            candidates: Vec::new(),
            run: 0,
        }
    }

    fn run(text: &str, x: f64, base: f64, size: f64, adv: f64, gap: f64) -> Vec<Glyph> {
        let mut v = Vec::new();
        let mut x = x;
        for c in text.chars() {
            v.push(glyph(&c.to_string(), x, base, size, adv));
            x += adv + gap;
        }
        v
    }

    fn texts(ws: &[Word]) -> Vec<String> {
        ws.iter().map(|w| w.text.clone()).collect()
    }

    #[test]
    fn letter_spaced_with_spaces_stays_whole() {
        // 'Inf rastructuur en': letters 0.25 em apart, a big 0.4 em gap after 'f', real spaces
        let mut g = run("Inf", 100.0, 50.0, 10.0, 5.0, 2.5);
        g.extend(run(
            "rastructuur",
            100.0 + 3.0 * 7.5 + 1.5,
            50.0,
            10.0,
            5.0,
            2.5,
        ));
        g.push(glyph(" ", 200.0, 50.0, 10.0, 3.0));
        g.extend(run("en", 205.0, 50.0, 10.0, 5.0, 2.5));
        let w = build_words(&g).0;
        assert_eq!(texts(&w), vec!["Infrastructuur", "en"]);
    }

    #[test]
    fn superscript_marker_is_own_word() {
        let mut g = run("EU-11", 100.0, 50.0, 10.0, 5.0, 0.0);
        g.extend(run("3", 125.0, 46.5, 6.5, 3.3, 0.0));
        g.push(glyph(" ", 128.3, 50.0, 10.0, 3.0));
        g.extend(run("en", 131.3, 50.0, 10.0, 5.0, 0.0));
        let w = build_words(&g).0;
        assert_eq!(texts(&w), vec!["EU-11", "3", "en"]);
        assert_eq!(w[1].script, Script::Superscript);
        assert_eq!(w[0].script, Script::Normal);
        assert_eq!(w[0].line, w[1].line);
        assert!((w[1].baseline - 46.5).abs() < 1e-9);
    }

    #[test]
    fn subscript_and_no_space_lines() {
        let mut g = run("CO", 100.0, 50.0, 10.0, 6.0, 0.0);
        g.extend(run("2", 112.0, 52.5, 6.5, 3.3, 0.0));
        // a line without space glyphs: words separated by 0.3 em gaps
        g.extend(run("ab", 100.0, 70.0, 10.0, 5.0, 0.0));
        g.extend(run("cd", 113.0, 70.0, 10.0, 5.0, 0.0));
        let w = build_words(&g).0;
        assert_eq!(texts(&w), vec!["CO", "2", "ab", "cd"]);
        assert_eq!(w[1].script, Script::Subscript);
    }

    #[test]
    fn two_columns_read_column_first() {
        // prose: long lines in two columns, on a shared baseline grid
        let mut g = Vec::new();
        for (i, y) in [100.0, 112.0, 124.0].iter().enumerate() {
            g.extend(run(&format!("L{i} a b c d e f"), 50.0, *y, 10.0, 5.0, 0.0));
            g.extend(run(&format!("R{i} a b c d e f"), 300.0, *y, 10.0, 5.0, 0.0));
        }
        let w = build_words(&g).0;
        let first: Vec<&str> = w
            .iter()
            .filter(|w| w.text.len() == 2)
            .map(|w| w.text.as_str())
            .collect();
        assert_eq!(first, vec!["L0", "L1", "L2", "R0", "R1", "R2"]);
    }

    #[test]
    fn table_cells_read_row_by_row() {
        // short cells on shared baselines: a table
        let mut g = Vec::new();
        for (i, y) in [100.0, 112.0, 124.0].iter().enumerate() {
            g.extend(run(&format!("L{i}"), 50.0, *y, 10.0, 5.0, 0.0));
            g.extend(run(&format!("R{i}"), 300.0, *y, 10.0, 5.0, 0.0));
        }
        let w = build_words(&g).0;
        assert_eq!(texts(&w), vec!["L0", "R0", "L1", "R1", "L2", "R2"]);
    }

    #[test]
    fn duplicates_dropped_and_ligatures_expanded() {
        let mut g = run("a", 100.0, 50.0, 10.0, 5.0, 0.0);
        g.extend(run("a", 100.2, 50.0, 10.0, 5.0, 0.0));
        g.push(glyph("\u{fb01}", 105.0, 50.0, 10.0, 5.0));
        let w = build_words(&g).0;
        assert_eq!(texts(&w), vec!["afi"]);
    }

    #[test]
    fn spacing_accents_join_their_letter() {
        // `Kostic´`: the acute is drawn over the c, with a negative kern back
        let mut g = run("Kostic", 100.0, 50.0, 10.0, 5.0, 0.0);
        g.push(glyph("\u{b4}", 126.0, 50.0, 10.0, 3.3));
        g.push(glyph(" ", 130.0, 50.0, 10.0, 3.0));
        g.extend(run("Yes", 140.0, 50.0, 10.0, 5.0, 0.0));
        g.push(glyph("\u{b8}", 151.0, 50.0, 10.0, 3.3));
        g.extend(run("ilgöz", 155.0, 50.0, 10.0, 5.0, 0.0));
        // a free-standing accent stays
        g.push(glyph(" ", 181.0, 50.0, 10.0, 3.0));
        g.push(glyph("\u{b4}", 190.0, 50.0, 10.0, 3.3));
        let w = build_words(&g).0;
        assert_eq!(texts(&w), vec!["Kostić", "Yeşilgöz", "\u{b4}"]);
    }

    #[test]
    fn fake_bold_copies_are_dropped_even_when_interleaved() {
        // each letter drawn twice, 0.3 pt apart, in one run: M M u u n n ...
        let mut g = Vec::new();
        for (k, c) in "Municipalité".chars().enumerate() {
            let x = 100.0 + 5.0 * k as f64;
            g.push(glyph(&c.to_string(), x, 50.0, 10.0, 5.0));
            g.push(glyph(&c.to_string(), x + 0.3, 50.2, 10.0, 5.0));
        }
        assert_eq!(texts(&build_words(&g).0), vec!["Municipalité"]);
    }

    #[test]
    fn rotated_text() {
        // text running bottom to top (dir 270): origin moves up the page
        let mut g = Vec::new();
        for (k, c) in "AB".chars().enumerate() {
            let y = 500.0 - 6.0 * k as f64;
            g.push(Glyph {
                text: c.to_string(),
                bbox: BBox {
                    x0: 91.0,
                    y0: y - 6.0,
                    x1: 102.0,
                    y1: y,
                },
                origin: (100.0, y),
                end: (100.0, y - 6.0),
                size: 10.0,
                font: Rc::from("F"),
                dir: 270,
                invisible: false,
                unmapped: false,
                candidates: Vec::new(),
                run: 0,
            });
        }
        let w = build_words(&g).0;
        assert_eq!(texts(&w), vec!["AB"]);
        assert_eq!(w[0].dir, 270);
        assert!((w[0].bbox.y0 - 488.0).abs() < 1e-9 && (w[0].bbox.y1 - 500.0).abs() < 1e-9);
    }
}
