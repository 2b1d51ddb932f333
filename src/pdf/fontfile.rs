//! Embedded font programs -> glyph tables, for fonts whose text cannot be read otherwise.
//!
//! Some PDFs embed a TrueType program (FontFile2: CIDFontType2 with Identity-H, or a simple
//! TrueType font) or a CFF program (FontFile3 /Type1C, /CIDFontType0C, /OpenType) without a
//! /ToUnicode CMap. Like Poppler, the extractor can then recover text from the font program
//! itself: the TrueType `cmap` table inverted (glyph id -> Unicode), the `post` glyph names,
//! or the CFF charset (glyph id -> glyph name, or -> CID) and built-in encoding.
//!
//! Everything here is a pure function over the font program bytes. The bytes are untrusted:
//! every read is bounds-checked, every count is capped by the length of the data, every loop
//! has a bound, and nothing recurses. Any parse problem gives an empty (or `None`) result.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

// ---------------------------------------------------------------------------------------
// Byte readers (big-endian, bounds-checked)

fn be<const N: usize>(d: &[u8], off: usize) -> Option<[u8; N]> {
    d.get(off..off.checked_add(N)?)?.try_into().ok()
}

fn u8_at(d: &[u8], off: usize) -> Option<u8> {
    d.get(off).copied()
}

fn u16_at(d: &[u8], off: usize) -> Option<u16> {
    be::<2>(d, off).map(u16::from_be_bytes)
}

fn u32_at(d: &[u8], off: usize) -> Option<u32> {
    be::<4>(d, off).map(u32::from_be_bytes)
}

/// `base + k * size`, checked.
fn at(base: usize, k: usize, size: usize) -> Option<usize> {
    base.checked_add(k.checked_mul(size)?)
}

// ---------------------------------------------------------------------------------------
// sfnt (TrueType / OpenType) container

/// The bytes of table `tag` of an sfnt font (the first font of a TrueType collection).
/// A length running past the end of the data is clamped, as real embedded fonts often
/// carry slightly wrong table lengths.
fn sfnt_table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let base = if font.get(0..4)? == b"ttcf" {
        usize::try_from(u32_at(font, 12)?).ok()?
    } else {
        0
    };
    let num = usize::from(u16_at(font, base.checked_add(4)?)?);
    let records = base.checked_add(12)?;
    for i in 0..num {
        let rec = at(records, i, 16)?;
        if font.get(rec..rec.checked_add(4)?)? == tag {
            let off = usize::try_from(u32_at(font, rec.checked_add(8)?)?).ok()?;
            let len = usize::try_from(u32_at(font, rec.checked_add(12)?)?).ok()?;
            if off >= font.len() {
                return None;
            }
            let end = off.saturating_add(len).min(font.len());
            return font.get(off..end);
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// TrueType cmap

/// One cmap subtable; `data` runs from the subtable's start to the end of the cmap table
/// (the subtables' own length fields are unreliable in real fonts and are not used).
#[derive(Clone, Copy)]
struct CmapSub<'a> {
    platform: u16,
    encoding: u16,
    format: u16,
    data: &'a [u8],
}

fn cmap_subtables(font: &[u8]) -> Vec<CmapSub<'_>> {
    let mut out = Vec::new();
    let Some(cmap) = sfnt_table(font, b"cmap") else {
        return out;
    };
    let num = u16_at(cmap, 2).map_or(0, usize::from);
    for i in 0..num {
        let Some(rec) = at(4, i, 8) else { break };
        let (Some(platform), Some(encoding), Some(off)) = (
            u16_at(cmap, rec),
            u16_at(cmap, rec + 2),
            u32_at(cmap, rec + 4),
        ) else {
            break;
        };
        let Some(data) = usize::try_from(off).ok().and_then(|o| cmap.get(o..)) else {
            continue;
        };
        let Some(format) = u16_at(data, 0) else {
            continue;
        };
        out.push(CmapSub {
            platform,
            encoding,
            format,
            data,
        });
    }
    out
}

/// Upper bound on the (code, glyph) pairs visited in one call, whatever the data claims.
const MAPPING_BUDGET: usize = 1 << 22;

fn spend(budget: &mut usize) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    true
}

/// Calls `f(code, gid)` for every mapping with `code <= max_code` and a nonzero glyph id,
/// spending at most `*budget` steps. Formats 0, 4, 6 and 12; others are ignored.
fn for_each_mapping(
    sub: &CmapSub<'_>,
    max_code: u32,
    budget: &mut usize,
    f: &mut dyn FnMut(u32, u16),
) {
    let d = sub.data;
    match sub.format {
        0 => {
            for c in 0..256u32.min(max_code.saturating_add(1)) {
                if !spend(budget) {
                    return;
                }
                match u8_at(d, 6 + c as usize) {
                    Some(0) => {}
                    Some(g) => f(c, u16::from(g)),
                    None => return,
                }
            }
        }
        4 => {
            let Some(seg_x2) = u16_at(d, 6).map(usize::from) else {
                return;
            };
            let seg = seg_x2 / 2;
            let ends = 14usize;
            let starts = 16 + seg_x2;
            let deltas = 16 + 2 * seg_x2;
            let ranges = 16 + 3 * seg_x2;
            for i in 0..seg {
                let (Some(end), Some(start), Some(delta), Some(ro)) = (
                    u16_at(d, ends + 2 * i),
                    u16_at(d, starts + 2 * i),
                    u16_at(d, deltas + 2 * i),
                    u16_at(d, ranges + 2 * i),
                ) else {
                    return;
                };
                let (start, end) = (u32::from(start), u32::from(end).min(max_code));
                for c in start..=end {
                    if !spend(budget) {
                        return;
                    }
                    let gid = if ro == 0 {
                        (c + u32::from(delta)) & 0xFFFF
                    } else {
                        let addr = (ranges + 2 * i)
                            .checked_add(usize::from(ro))
                            .and_then(|a| a.checked_add(2 * (c - start) as usize));
                        match addr.and_then(|a| u16_at(d, a)) {
                            Some(0) => 0,
                            Some(g) => (u32::from(g) + u32::from(delta)) & 0xFFFF,
                            // Past the end: so is every later code of this segment.
                            None => break,
                        }
                    };
                    if gid != 0 {
                        f(c, gid as u16);
                    }
                }
            }
        }
        6 => {
            let (Some(first), Some(count)) = (u16_at(d, 6), u16_at(d, 8)) else {
                return;
            };
            for k in 0..u32::from(count) {
                let c = u32::from(first) + k;
                if c > max_code || !spend(budget) {
                    return;
                }
                match u16_at(d, 10 + 2 * k as usize) {
                    Some(0) => {}
                    Some(g) => f(c, g),
                    None => return,
                }
            }
        }
        12 => {
            let Some(n) = u32_at(d, 12).and_then(|n| usize::try_from(n).ok()) else {
                return;
            };
            let n = n.min(d.len().saturating_sub(16) / 12);
            for i in 0..n {
                let g = 16 + 12 * i;
                let (Some(start), Some(end), Some(sg)) =
                    (u32_at(d, g), u32_at(d, g + 4), u32_at(d, g + 8))
                else {
                    return;
                };
                if sg > 0xFFFF || start > max_code {
                    continue;
                }
                // Glyph ids past 0xFFFF cannot exist: clip the range so they are never visited.
                let end = end.min(max_code).min(start.saturating_add(0xFFFF - sg));
                for c in start..=end {
                    if !spend(budget) {
                        return;
                    }
                    let gid = sg + (c - start);
                    if gid != 0 {
                        f(c, gid as u16);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Preference among several code points for one glyph: real characters over controls,
/// non-private-use over private use, BMP over astral, then the smallest.
fn char_rank(c: char) -> (bool, bool, bool, u32) {
    let u = c as u32;
    let pua = (0xE000..=0xF8FF).contains(&u) || u >= 0xF0000;
    (c.is_control(), pua, u > 0xFFFF, u)
}

/// Keeps the preferred character for a glyph: a mapping from an earlier (better) pass is
/// never replaced; within one pass the better-ranked character wins.
fn insert_best(map: &mut HashMap<u16, (char, usize)>, gid: u16, c: char, pass: usize) {
    match map.entry(gid) {
        Entry::Vacant(v) => {
            v.insert((c, pass));
        }
        Entry::Occupied(mut o) => {
            let (old, p) = *o.get();
            if p == pass && char_rank(c) < char_rank(old) {
                o.insert((c, pass));
            }
        }
    }
}

/// Glyph id -> Unicode from a TrueType/OpenType font's `cmap` table.
///
/// The Unicode subtables are read in order of preference — (3,10) format 12, Unicode
/// platform format 12, (3,1), other Unicode-platform subtables (formats 0/4/6/12) — and a
/// glyph keeps the mapping of the first subtable that has one. Within a subtable, when
/// several code points map to one glyph the preferred is kept: a non-control, non-private-use,
/// BMP one, the smallest (so U+0020 beats U+00A0 and U+000D, 'A' beats U+F041). Only when no
/// Unicode subtable yields anything, a symbolic (3,0) subtable is used, mapping 0xF0xx (and
/// plain 0x00..0xFF) codes to U+00xx. Empty map on any parse problem.
pub fn truetype_gid_to_unicode(font: &[u8]) -> HashMap<u16, char> {
    let subs = cmap_subtables(font);
    let rank = |s: &CmapSub<'_>| -> Option<u8> {
        if !matches!(s.format, 0 | 4 | 6 | 12) {
            return None;
        }
        match (s.platform, s.encoding, s.format) {
            (3, 10, 12) => Some(0),
            (0, e, 12) if e != 5 => Some(1),
            (3, 1, _) => Some(2),
            (3, 10, _) => Some(3),
            (0, e, _) if e != 5 => Some(4),
            _ => None,
        }
    };
    let mut unicode: Vec<(u8, CmapSub<'_>)> = subs
        .iter()
        .filter_map(|s| rank(s).map(|r| (r, *s)))
        .collect();
    unicode.sort_by_key(|(r, _)| *r);
    // Several records may point at the same subtable: read each once, and at most a few.
    let mut seen: Vec<*const u8> = Vec::new();
    let mut budget = MAPPING_BUDGET;
    let mut out: HashMap<u16, (char, usize)> = HashMap::new();
    for (pass, (_, sub)) in unicode.into_iter().enumerate() {
        if seen.contains(&sub.data.as_ptr()) {
            continue;
        }
        if seen.len() >= 8 {
            break;
        }
        seen.push(sub.data.as_ptr());
        for_each_mapping(&sub, 0x10FFFF, &mut budget, &mut |code, gid| {
            if let Some(c) = char::from_u32(code) {
                insert_best(&mut out, gid, c, pass);
            }
        });
    }
    if out.is_empty() {
        if let Some(sym) = subs.iter().find(|s| s.platform == 3 && s.encoding == 0) {
            for_each_mapping(sym, 0xF0FF, &mut budget, &mut |code, gid| {
                let code = match code {
                    0..=0xFF => code,
                    0xF000..=0xF0FF => code - 0xF000,
                    _ => return,
                };
                if let Some(c) = char::from_u32(code) {
                    insert_best(&mut out, gid, c, 0);
                }
            });
        }
    }
    out.into_iter().map(|(gid, (c, _))| (gid, c)).collect()
}

/// For simple TrueType fonts: code (0..=255) -> glyph id, the way PDF 32000 9.6.6.4 reads
/// a symbolic font: through a (3,0) subtable (0xF000+code, then the code itself, then
/// 0xF100+code and 0xF200+code), else through a (1,0) Macintosh subtable. `None` if neither
/// subtable exists or maps any code. Glyph id 0 (.notdef) is reported as `None`.
pub fn truetype_code_to_gid(font: &[u8]) -> Option<Vec<Option<u16>>> {
    let subs = cmap_subtables(font);
    let mut budget = MAPPING_BUDGET;
    if let Some(sym) = subs.iter().find(|s| s.platform == 3 && s.encoding == 0) {
        // Rows: the code itself, 0xF000+, 0xF100+, 0xF200+.
        let mut rows = [[None::<u16>; 256]; 4];
        for_each_mapping(sym, 0xF2FF, &mut budget, &mut |code, gid| {
            let (row, low) = match code {
                0..=0xFF => (0, code),
                0xF000..=0xF2FF => (1 + ((code - 0xF000) >> 8) as usize, code & 0xFF),
                _ => return,
            };
            if let Some(slot) = rows.get_mut(row).and_then(|r| r.get_mut(low as usize)) {
                slot.get_or_insert(gid);
            }
        });
        let out: Vec<Option<u16>> = (0..256)
            .map(|c| {
                [1usize, 0, 2, 3]
                    .iter()
                    .find_map(|&r| rows.get(r).and_then(|row| row.get(c)).copied().flatten())
            })
            .collect();
        if out.iter().any(Option::is_some) {
            return Some(out);
        }
    }
    if let Some(mac) = subs.iter().find(|s| s.platform == 1 && s.encoding == 0) {
        let mut out = vec![None; 256];
        for_each_mapping(mac, 0xFF, &mut budget, &mut |code, gid| {
            if let Some(slot) = out.get_mut(code as usize) {
                slot.get_or_insert(gid);
            }
        });
        if out.iter().any(Option::is_some) {
            return Some(out);
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// TrueType post

/// Glyph names by glyph id from the `post` table (formats 1.0 and 2.0); empty if absent or
/// damaged. Unknown names (an index past the stored strings) are "".
pub fn truetype_glyph_names(font: &[u8]) -> Vec<String> {
    let Some(post) = sfnt_table(font, b"post") else {
        return Vec::new();
    };
    match u32_at(post, 0) {
        Some(0x0001_0000) => {
            let n = sfnt_table(font, b"maxp")
                .and_then(|m| u16_at(m, 4))
                .map_or(MAC_GLYPH_NAMES.len(), usize::from)
                .min(MAC_GLYPH_NAMES.len());
            MAC_GLYPH_NAMES
                .iter()
                .take(n)
                .map(|s| (*s).to_string())
                .collect()
        }
        Some(0x0002_0000) => {
            let Some(n) = u16_at(post, 32).map(usize::from) else {
                return Vec::new();
            };
            let mut idx = Vec::with_capacity(n);
            for g in 0..n {
                match u16_at(post, 34 + 2 * g) {
                    Some(i) => idx.push(usize::from(i)),
                    None => return Vec::new(),
                }
            }
            let needed = idx
                .iter()
                .filter(|&&i| i >= MAC_GLYPH_NAMES.len())
                .map(|&i| i - MAC_GLYPH_NAMES.len() + 1)
                .max()
                .unwrap_or(0);
            let mut strings: Vec<&[u8]> = Vec::new();
            let mut pos = 34 + 2 * n;
            while strings.len() < needed {
                let Some(len) = u8_at(post, pos).map(usize::from) else {
                    break;
                };
                let Some(s) = post.get(pos + 1..pos + 1 + len) else {
                    break;
                };
                strings.push(s);
                pos += 1 + len;
            }
            idx.iter()
                .map(|&i| match MAC_GLYPH_NAMES.get(i) {
                    Some(s) => (*s).to_string(),
                    None => strings
                        .get(i - MAC_GLYPH_NAMES.len())
                        .map(|s| String::from_utf8_lossy(s).into_owned())
                        .unwrap_or_default(),
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------
// CFF

/// A CFF INDEX: `count` objects, offsets at `offs` (each `off_size` bytes, 1-based from
/// `base + 1`); `end` is the position just past it.
struct Index<'a> {
    d: &'a [u8],
    count: usize,
    off_size: usize,
    offs: usize,
    base: usize,
    end: usize,
}

impl<'a> Index<'a> {
    fn parse(d: &'a [u8], pos: usize) -> Option<Index<'a>> {
        let count = usize::from(u16_at(d, pos)?);
        if count == 0 {
            return Some(Index {
                d,
                count,
                off_size: 1,
                offs: pos,
                base: pos,
                end: pos.checked_add(2)?,
            });
        }
        let off_size = usize::from(u8_at(d, pos.checked_add(2)?)?);
        if !(1..=4).contains(&off_size) {
            return None;
        }
        let offs = pos.checked_add(3)?;
        let base = at(offs, count + 1, off_size)?.checked_sub(1)?;
        let mut idx = Index {
            d,
            count,
            off_size,
            offs,
            base,
            end: 0,
        };
        let last = idx.offset(count)?;
        idx.end = base.checked_add(last)?;
        if idx.end > d.len() {
            return None;
        }
        Some(idx)
    }

    fn offset(&self, i: usize) -> Option<usize> {
        let p = at(self.offs, i, self.off_size)?;
        let b = self.d.get(p..p.checked_add(self.off_size)?)?;
        Some(b.iter().fold(0usize, |a, &x| (a << 8) | usize::from(x)))
    }

    fn get(&self, i: usize) -> Option<&'a [u8]> {
        if i >= self.count {
            return None;
        }
        let (a, b) = (self.offset(i)?, self.offset(i + 1)?);
        if a == 0 || b < a {
            return None;
        }
        self.d
            .get(self.base.checked_add(a)?..self.base.checked_add(b)?)
    }
}

/// What the Top DICT says (only the entries used here).
struct TopDict {
    charset: usize,
    encoding: usize,
    charstrings: Option<usize>,
    cid: bool,
}

fn parse_top_dict(d: &[u8]) -> TopDict {
    let mut top = TopDict {
        charset: 0,
        encoding: 0,
        charstrings: None,
        cid: false,
    };
    let mut ops: Vec<i64> = Vec::new();
    let mut i = 0usize;
    let byte = |k: usize| i64::from(u8_at(d, k).unwrap_or(0));
    while let Some(b0) = u8_at(d, i) {
        let b = i64::from(b0);
        let mut value = None;
        match b0 {
            0..=21 => {
                let op = if b0 == 12 {
                    i += 1;
                    1200 + byte(i)
                } else {
                    b
                };
                let last = ops.last().copied().and_then(|v| usize::try_from(v).ok());
                match op {
                    15 => top.charset = last.unwrap_or(0),
                    16 => top.encoding = last.unwrap_or(0),
                    17 => top.charstrings = last,
                    1230 => top.cid = true,
                    _ => {}
                }
                ops.clear();
                i += 1;
            }
            28 => {
                value = Some(i64::from(i16::from_be_bytes([
                    byte(i + 1) as u8,
                    byte(i + 2) as u8,
                ])));
                i += 3;
            }
            29 => {
                value = Some(i64::from(i32::from_be_bytes([
                    byte(i + 1) as u8,
                    byte(i + 2) as u8,
                    byte(i + 3) as u8,
                    byte(i + 4) as u8,
                ])));
                i += 5;
            }
            30 => {
                // Real number: nibbles up to an 0xF nibble; its value is never needed here.
                i += 1;
                while let Some(n) = u8_at(d, i) {
                    i += 1;
                    if n >> 4 == 0xF || n & 0xF == 0xF {
                        break;
                    }
                }
                value = Some(0);
            }
            32..=246 => {
                value = Some(b - 139);
                i += 1;
            }
            247..=250 => {
                value = Some((b - 247) * 256 + byte(i + 1) + 108);
                i += 2;
            }
            251..=254 => {
                value = Some(-(b - 251) * 256 - byte(i + 1) - 108);
                i += 2;
            }
            _ => i += 1, // reserved
        }
        if let Some(v) = value {
            if ops.len() < 48 {
                ops.push(v);
            }
        }
    }
    top
}

struct Cff<'a> {
    d: &'a [u8],
    strings: Index<'a>,
    top: TopDict,
    n_glyphs: usize,
}

/// Parses a bare CFF (version 1) font, or the 'CFF ' table of an OpenType font.
fn parse_cff(data: &[u8]) -> Option<Cff<'_>> {
    let d = if u8_at(data, 0)? == 1 {
        data
    } else {
        sfnt_table(data, b"CFF ")?
    };
    if u8_at(d, 0)? != 1 {
        return None;
    }
    let hdr = usize::from(u8_at(d, 2)?);
    let names = Index::parse(d, hdr)?;
    let tops = Index::parse(d, names.end)?;
    let strings = Index::parse(d, tops.end)?;
    let top = parse_top_dict(tops.get(0)?);
    let n_glyphs = Index::parse(d, top.charstrings?)?.count;
    if n_glyphs == 0 {
        return None;
    }
    Some(Cff {
        d,
        strings,
        top,
        n_glyphs,
    })
}

impl Cff<'_> {
    /// The charset: for each glyph id its SID (or CID, for CID-keyed fonts). Truncated data
    /// leaves the remaining glyphs at 0.
    fn charset(&self) -> Option<Vec<u16>> {
        let n = self.n_glyphs;
        let mut out: Vec<u16> = Vec::with_capacity(n);
        match self.top.charset {
            0 => out.extend((0..n).map(|g| if g <= 228 { g as u16 } else { 0 })),
            1 => out.extend(CFF_EXPERT_CHARSET.iter().take(n)),
            2 => out.extend(CFF_EXPERT_SUBSET_CHARSET.iter().take(n)),
            off => {
                let d = self.d;
                let format = u8_at(d, off)?;
                out.push(0);
                let mut pos = off + 1;
                match format {
                    0 => {
                        while out.len() < n {
                            let Some(v) = u16_at(d, pos) else { break };
                            out.push(v);
                            pos += 2;
                        }
                    }
                    1 | 2 => {
                        while out.len() < n {
                            let (Some(first), Some(left)) = (
                                u16_at(d, pos),
                                if format == 1 {
                                    u8_at(d, pos + 2).map(u32::from)
                                } else {
                                    u16_at(d, pos + 2).map(u32::from)
                                },
                            ) else {
                                break;
                            };
                            pos += if format == 1 { 3 } else { 4 };
                            for k in 0..=left {
                                let v = u32::from(first) + k;
                                if out.len() >= n || v > 0xFFFF {
                                    break;
                                }
                                out.push(v as u16);
                            }
                        }
                    }
                    _ => return None,
                }
            }
        }
        out.resize(n, 0);
        Some(out)
    }

    fn sid_name(&self, sid: u16) -> String {
        let sid = usize::from(sid);
        match CFF_STANDARD_STRINGS.get(sid) {
            Some(s) => (*s).to_string(),
            None => self
                .strings
                .get(sid - CFF_STANDARD_STRINGS.len())
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .unwrap_or_default(),
        }
    }

    fn glyph_names(&self) -> Option<Vec<String>> {
        if self.top.cid {
            return None;
        }
        Some(
            self.charset()?
                .into_iter()
                .map(|sid| self.sid_name(sid))
                .collect(),
        )
    }
}

/// CFF (a bare CFF program as in FontFile3, or an OpenType font with a 'CFF ' table):
/// glyph names by glyph id (charset + standard strings) for non-CID fonts; `None` for
/// CID-keyed fonts and on a parse problem. Unresolvable names are "".
pub fn cff_glyph_names(cff: &[u8]) -> Option<Vec<String>> {
    parse_cff(cff)?.glyph_names()
}

/// CFF built-in encoding of a non-CID font: code -> glyph name, 256 entries. The
/// predefined Standard encoding (id 0, also the default) gives the PDF StandardEncoding
/// names; the predefined Expert encoding (id 1) gives `None`, as do CID-keyed fonts and
/// parse problems; custom encodings (format 0 or 1, with supplements) are resolved through
/// the charset.
pub fn cff_builtin_encoding(cff: &[u8]) -> Option<Vec<Option<String>>> {
    let c = parse_cff(cff)?;
    if c.top.cid {
        return None;
    }
    match c.top.encoding {
        0 => Some(
            crate::pdf::fontdata::encoding_names(crate::pdf::fontdata::BaseEncoding::Standard)
                .iter()
                .map(|s| (!s.is_empty()).then(|| (*s).to_string()))
                .collect(),
        ),
        1 => None,
        off => {
            let d = c.d;
            let names = c.glyph_names()?;
            let mut out: Vec<Option<String>> = vec![None; 256];
            let format = u8_at(d, off)?;
            let mut pos = off + 1;
            let mut gid = 1usize;
            let assign = |code: usize, gid: usize, out: &mut Vec<Option<String>>| {
                if let (Some(slot), Some(name)) = (out.get_mut(code), names.get(gid)) {
                    *slot = Some(name.clone());
                }
            };
            match format & 0x7F {
                0 => {
                    let n = usize::from(u8_at(d, pos)?);
                    for k in 0..n {
                        let Some(code) = u8_at(d, pos + 1 + k) else {
                            break;
                        };
                        assign(usize::from(code), gid, &mut out);
                        gid += 1;
                    }
                    pos += 1 + n;
                }
                1 => {
                    let n = usize::from(u8_at(d, pos)?);
                    for r in 0..n {
                        let (Some(first), Some(left)) =
                            (u8_at(d, pos + 1 + 2 * r), u8_at(d, pos + 2 + 2 * r))
                        else {
                            break;
                        };
                        for k in 0..=usize::from(left) {
                            assign(usize::from(first) + k, gid, &mut out);
                            gid += 1;
                        }
                    }
                    pos += 1 + 2 * n;
                }
                _ => return None,
            }
            if format & 0x80 != 0 {
                let n = usize::from(u8_at(d, pos).unwrap_or(0));
                for s in 0..n {
                    let (Some(code), Some(sid)) =
                        (u8_at(d, pos + 1 + 3 * s), u16_at(d, pos + 2 + 3 * s))
                    else {
                        break;
                    };
                    if let Some(slot) = out.get_mut(usize::from(code)) {
                        *slot = Some(c.sid_name(sid));
                    }
                }
            }
            Some(out)
        }
    }
}

/// For a CID-keyed CFF font: glyph id -> CID, from the charset. `None` if the font is not
/// CID-keyed or cannot be parsed.
pub fn cff_gid_to_cid(cff: &[u8]) -> Option<Vec<u16>> {
    let c = parse_cff(cff)?;
    if !c.top.cid {
        return None;
    }
    if c.top.charset <= 2 {
        // A predefined charset makes no sense for a CID font: take the identity.
        return Some((0..c.n_glyphs).map(|g| g as u16).collect());
    }
    c.charset()
}

// ---------------------------------------------------------------------------------------
// Static tables (generated from fontTools, MIT licence: cffLib.cffStandardStrings,
// cffLib.cffIExpertStrings, cffLib.cffExpertSubsetStrings, ttLib.standardGlyphOrder)

/// CFF standard strings (SIDs 0..=390), Adobe TN #5176 Appendix A.
#[rustfmt::skip]
static CFF_STANDARD_STRINGS: [&str; 391] = [
    ".notdef", "space", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand",
    "quoteright", "parenleft", "parenright", "asterisk", "plus", "comma", "hyphen", "period",
    "slash", "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "colon", "semicolon", "less", "equal", "greater", "question", "at", "A", "B", "C", "D", "E",
    "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W",
    "X", "Y", "Z", "bracketleft", "backslash", "bracketright", "asciicircum", "underscore",
    "quoteleft", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p",
    "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "braceleft", "bar", "braceright",
    "asciitilde", "exclamdown", "cent", "sterling", "fraction", "yen", "florin", "section",
    "currency", "quotesingle", "quotedblleft", "guillemotleft", "guilsinglleft",
    "guilsinglright", "fi", "fl", "endash", "dagger", "daggerdbl", "periodcentered",
    "paragraph", "bullet", "quotesinglbase", "quotedblbase", "quotedblright", "guillemotright",
    "ellipsis", "perthousand", "questiondown", "grave", "acute", "circumflex", "tilde",
    "macron", "breve", "dotaccent", "dieresis", "ring", "cedilla", "hungarumlaut", "ogonek",
    "caron", "emdash", "AE", "ordfeminine", "Lslash", "Oslash", "OE", "ordmasculine", "ae",
    "dotlessi", "lslash", "oslash", "oe", "germandbls", "onesuperior", "logicalnot", "mu",
    "trademark", "Eth", "onehalf", "plusminus", "Thorn", "onequarter", "divide", "brokenbar",
    "degree", "thorn", "threequarters", "twosuperior", "registered", "minus", "eth", "multiply",
    "threesuperior", "copyright", "Aacute", "Acircumflex", "Adieresis", "Agrave", "Aring",
    "Atilde", "Ccedilla", "Eacute", "Ecircumflex", "Edieresis", "Egrave", "Iacute",
    "Icircumflex", "Idieresis", "Igrave", "Ntilde", "Oacute", "Ocircumflex", "Odieresis",
    "Ograve", "Otilde", "Scaron", "Uacute", "Ucircumflex", "Udieresis", "Ugrave", "Yacute",
    "Ydieresis", "Zcaron", "aacute", "acircumflex", "adieresis", "agrave", "aring", "atilde",
    "ccedilla", "eacute", "ecircumflex", "edieresis", "egrave", "iacute", "icircumflex",
    "idieresis", "igrave", "ntilde", "oacute", "ocircumflex", "odieresis", "ograve", "otilde",
    "scaron", "uacute", "ucircumflex", "udieresis", "ugrave", "yacute", "ydieresis", "zcaron",
    "exclamsmall", "Hungarumlautsmall", "dollaroldstyle", "dollarsuperior", "ampersandsmall",
    "Acutesmall", "parenleftsuperior", "parenrightsuperior", "twodotenleader", "onedotenleader",
    "zerooldstyle", "oneoldstyle", "twooldstyle", "threeoldstyle", "fouroldstyle",
    "fiveoldstyle", "sixoldstyle", "sevenoldstyle", "eightoldstyle", "nineoldstyle",
    "commasuperior", "threequartersemdash", "periodsuperior", "questionsmall", "asuperior",
    "bsuperior", "centsuperior", "dsuperior", "esuperior", "isuperior", "lsuperior",
    "msuperior", "nsuperior", "osuperior", "rsuperior", "ssuperior", "tsuperior", "ff", "ffi",
    "ffl", "parenleftinferior", "parenrightinferior", "Circumflexsmall", "hyphensuperior",
    "Gravesmall", "Asmall", "Bsmall", "Csmall", "Dsmall", "Esmall", "Fsmall", "Gsmall",
    "Hsmall", "Ismall", "Jsmall", "Ksmall", "Lsmall", "Msmall", "Nsmall", "Osmall", "Psmall",
    "Qsmall", "Rsmall", "Ssmall", "Tsmall", "Usmall", "Vsmall", "Wsmall", "Xsmall", "Ysmall",
    "Zsmall", "colonmonetary", "onefitted", "rupiah", "Tildesmall", "exclamdownsmall",
    "centoldstyle", "Lslashsmall", "Scaronsmall", "Zcaronsmall", "Dieresissmall", "Brevesmall",
    "Caronsmall", "Dotaccentsmall", "Macronsmall", "figuredash", "hypheninferior",
    "Ogoneksmall", "Ringsmall", "Cedillasmall", "questiondownsmall", "oneeighth",
    "threeeighths", "fiveeighths", "seveneighths", "onethird", "twothirds", "zerosuperior",
    "foursuperior", "fivesuperior", "sixsuperior", "sevensuperior", "eightsuperior",
    "ninesuperior", "zeroinferior", "oneinferior", "twoinferior", "threeinferior",
    "fourinferior", "fiveinferior", "sixinferior", "seveninferior", "eightinferior",
    "nineinferior", "centinferior", "dollarinferior", "periodinferior", "commainferior",
    "Agravesmall", "Aacutesmall", "Acircumflexsmall", "Atildesmall", "Adieresissmall",
    "Aringsmall", "AEsmall", "Ccedillasmall", "Egravesmall", "Eacutesmall", "Ecircumflexsmall",
    "Edieresissmall", "Igravesmall", "Iacutesmall", "Icircumflexsmall", "Idieresissmall",
    "Ethsmall", "Ntildesmall", "Ogravesmall", "Oacutesmall", "Ocircumflexsmall", "Otildesmall",
    "Odieresissmall", "OEsmall", "Oslashsmall", "Ugravesmall", "Uacutesmall",
    "Ucircumflexsmall", "Udieresissmall", "Yacutesmall", "Thornsmall", "Ydieresissmall",
    "001.000", "001.001", "001.002", "001.003", "Black", "Bold", "Book", "Light", "Medium",
    "Regular", "Roman", "Semibold",
];

/// The 258 standard Macintosh glyph names (TrueType `post` formats 1 and 2).
#[rustfmt::skip]
static MAC_GLYPH_NAMES: [&str; 258] = [
    ".notdef", ".null", "nonmarkingreturn", "space", "exclam", "quotedbl", "numbersign",
    "dollar", "percent", "ampersand", "quotesingle", "parenleft", "parenright", "asterisk",
    "plus", "comma", "hyphen", "period", "slash", "zero", "one", "two", "three", "four", "five",
    "six", "seven", "eight", "nine", "colon", "semicolon", "less", "equal", "greater",
    "question", "at", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O",
    "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "bracketleft", "backslash",
    "bracketright", "asciicircum", "underscore", "grave", "a", "b", "c", "d", "e", "f", "g",
    "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y",
    "z", "braceleft", "bar", "braceright", "asciitilde", "Adieresis", "Aring", "Ccedilla",
    "Eacute", "Ntilde", "Odieresis", "Udieresis", "aacute", "agrave", "acircumflex",
    "adieresis", "atilde", "aring", "ccedilla", "eacute", "egrave", "ecircumflex", "edieresis",
    "iacute", "igrave", "icircumflex", "idieresis", "ntilde", "oacute", "ograve", "ocircumflex",
    "odieresis", "otilde", "uacute", "ugrave", "ucircumflex", "udieresis", "dagger", "degree",
    "cent", "sterling", "section", "bullet", "paragraph", "germandbls", "registered",
    "copyright", "trademark", "acute", "dieresis", "notequal", "AE", "Oslash", "infinity",
    "plusminus", "lessequal", "greaterequal", "yen", "mu", "partialdiff", "summation",
    "product", "pi", "integral", "ordfeminine", "ordmasculine", "Omega", "ae", "oslash",
    "questiondown", "exclamdown", "logicalnot", "radical", "florin", "approxequal", "Delta",
    "guillemotleft", "guillemotright", "ellipsis", "nonbreakingspace", "Agrave", "Atilde",
    "Otilde", "OE", "oe", "endash", "emdash", "quotedblleft", "quotedblright", "quoteleft",
    "quoteright", "divide", "lozenge", "ydieresis", "Ydieresis", "fraction", "currency",
    "guilsinglleft", "guilsinglright", "fi", "fl", "daggerdbl", "periodcentered",
    "quotesinglbase", "quotedblbase", "perthousand", "Acircumflex", "Ecircumflex", "Aacute",
    "Edieresis", "Egrave", "Iacute", "Icircumflex", "Idieresis", "Igrave", "Oacute",
    "Ocircumflex", "apple", "Ograve", "Uacute", "Ucircumflex", "Ugrave", "dotlessi",
    "circumflex", "tilde", "macron", "breve", "dotaccent", "ring", "cedilla", "hungarumlaut",
    "ogonek", "caron", "Lslash", "lslash", "Scaron", "scaron", "Zcaron", "zcaron", "brokenbar",
    "Eth", "eth", "Yacute", "yacute", "Thorn", "thorn", "minus", "multiply", "onesuperior",
    "twosuperior", "threesuperior", "onehalf", "onequarter", "threequarters", "franc", "Gbreve",
    "gbreve", "Idotaccent", "Scedilla", "scedilla", "Cacute", "cacute", "Ccaron", "ccaron",
    "dcroat",
];

/// Predefined CFF Expert charset (TN #5176 Appendix C), as SIDs for gids 0...
#[rustfmt::skip]
static CFF_EXPERT_CHARSET: [u16; 166] = [
    0, 1, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 13, 14, 15, 99, 239, 240, 241, 242,
    243, 244, 245, 246, 247, 248, 27, 28, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 259,
    260, 261, 262, 263, 264, 265, 266, 109, 110, 267, 268, 269, 270, 271, 272, 273, 274, 275,
    276, 277, 278, 279, 280, 281, 282, 283, 284, 285, 286, 287, 288, 289, 290, 291, 292, 293,
    294, 295, 296, 297, 298, 299, 300, 301, 302, 303, 304, 305, 306, 307, 308, 309, 310, 311,
    312, 313, 314, 315, 316, 317, 318, 158, 155, 163, 319, 320, 321, 322, 323, 324, 325, 326,
    150, 164, 169, 327, 328, 329, 330, 331, 332, 333, 334, 335, 336, 337, 338, 339, 340, 341,
    342, 343, 344, 345, 346, 347, 348, 349, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359,
    360, 361, 362, 363, 364, 365, 366, 367, 368, 369, 370, 371, 372, 373, 374, 375, 376, 377,
    378,
];

/// Predefined CFF ExpertSubset charset, as SIDs for gids 0...
#[rustfmt::skip]
static CFF_EXPERT_SUBSET_CHARSET: [u16; 87] = [
    0, 1, 231, 232, 235, 236, 237, 238, 13, 14, 15, 99, 239, 240, 241, 242, 243, 244, 245, 246,
    247, 248, 27, 28, 249, 250, 251, 253, 254, 255, 256, 257, 258, 259, 260, 261, 262, 263, 264,
    265, 266, 109, 110, 267, 268, 269, 270, 272, 300, 301, 302, 305, 314, 315, 158, 155, 163,
    320, 321, 322, 323, 324, 325, 326, 150, 164, 169, 327, 328, 329, 330, 331, 332, 333, 334,
    335, 336, 337, 338, 339, 340, 341, 342, 343, 344, 345, 346,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn be16(v: u16) -> [u8; 2] {
        v.to_be_bytes()
    }

    /// An sfnt font holding the given tables (checksums left 0: nothing here reads them).
    fn sfnt(tables: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
        let mut out = vec![0, 1, 0, 0];
        out.extend(be16(tables.len() as u16));
        out.extend([0u8; 6]);
        let dir = 12 + 16 * tables.len();
        let mut body: Vec<u8> = Vec::new();
        for (tag, data) in tables {
            out.extend(tag.iter());
            out.extend([0u8; 4]);
            out.extend(((dir + body.len()) as u32).to_be_bytes());
            out.extend((data.len() as u32).to_be_bytes());
            body.extend(data);
            while !body.len().is_multiple_of(4) {
                body.push(0);
            }
        }
        out.extend(body);
        out
    }

    fn cmap(subs: &[(u16, u16, Vec<u8>)]) -> Vec<u8> {
        let mut out = vec![0, 0];
        out.extend(be16(subs.len() as u16));
        let start = 4 + 8 * subs.len();
        let mut body: Vec<u8> = Vec::new();
        for (p, e, data) in subs {
            out.extend(be16(*p));
            out.extend(be16(*e));
            out.extend(((start + body.len()) as u32).to_be_bytes());
            body.extend(data);
        }
        out.extend(body);
        out
    }

    /// Format 4 from (start, end, delta, glyph array for an idRangeOffset segment).
    fn fmt4(segs: &[(u16, u16, i16, Option<Vec<u16>>)]) -> Vec<u8> {
        let mut segs = segs.to_vec();
        segs.push((0xFFFF, 0xFFFF, 1, None));
        let n = segs.len();
        let mut out = Vec::new();
        for v in [4u16, 0, 0, (2 * n) as u16, 0, 0, 0] {
            out.extend(be16(v));
        }
        for s in &segs {
            out.extend(be16(s.1));
        }
        out.extend(be16(0));
        for s in &segs {
            out.extend(be16(s.0));
        }
        for s in &segs {
            out.extend(be16(s.2 as u16));
        }
        let mut glyphs: Vec<u16> = Vec::new();
        for (i, s) in segs.iter().enumerate() {
            match &s.3 {
                Some(g) => {
                    out.extend(be16((2 * (n - i) + 2 * glyphs.len()) as u16));
                    glyphs.extend(g);
                }
                None => out.extend(be16(0)),
            }
        }
        for g in glyphs {
            out.extend(be16(g));
        }
        let len = out.len() as u16;
        out.splice(2..4, be16(len));
        out
    }

    fn fmt12(groups: &[(u32, u32, u32)]) -> Vec<u8> {
        let mut out = vec![0, 12, 0, 0];
        out.extend(((16 + 12 * groups.len()) as u32).to_be_bytes());
        out.extend(0u32.to_be_bytes());
        out.extend((groups.len() as u32).to_be_bytes());
        for (a, b, g) in groups {
            for v in [a, b, g] {
                out.extend(v.to_be_bytes());
            }
        }
        out
    }

    fn fmt6(first: u16, glyphs: &[u16]) -> Vec<u8> {
        let mut out = Vec::new();
        for v in [6, 0, 0, first, glyphs.len() as u16] {
            out.extend(be16(v));
        }
        for g in glyphs {
            out.extend(be16(*g));
        }
        out
    }

    fn fmt0(pairs: &[(u8, u8)]) -> Vec<u8> {
        let mut out = vec![0, 0, 1, 6, 0, 0];
        let mut arr = [0u8; 256];
        for (c, g) in pairs {
            arr[*c as usize] = *g;
        }
        out.extend(arr);
        out
    }

    fn font_fmt4() -> Vec<u8> {
        let t = fmt4(&[
            (0x0D, 0x0D, 40 - 0x0D, None),
            (0x20, 0x20, 40 - 0x20, None),
            (0x41, 0x5A, 1 - 0x41, None),
            (0x61, 0x63, 0, Some(vec![30, 31, 0])),
            (0xA0, 0xA0, 40 - 0xA0, None),
        ]);
        sfnt(&[(
            b"cmap",
            cmap(&[(0, 3, fmt6(0x30, &[60, 61, 62])), (3, 1, t)]),
        )])
    }

    fn font_fmt12() -> Vec<u8> {
        let low = fmt4(&[
            (0x41, 0x41, 0x51 - 0x41 + 5 - 0x10, None),
            (0x5A, 0x5A, 50 - 0x5A, None),
        ]);
        sfnt(&[(
            b"cmap",
            cmap(&[
                (3, 1, low),
                (
                    3,
                    10,
                    fmt12(&[(0x41, 0x43, 5), (0x4E00, 0x4E01, 10), (0x1F600, 0x1F600, 9)]),
                ),
            ]),
        )])
    }

    fn font_symbolic() -> Vec<u8> {
        let sym = fmt4(&[(0xF020, 0xF07F, (3i32 - 0xF020) as i16, None)]);
        sfnt(&[(b"cmap", cmap(&[(1, 0, fmt0(&[(0x41, 7)])), (3, 0, sym)]))])
    }

    fn post2(names: &[u16], strings: &[&str]) -> Vec<u8> {
        let mut out = 0x0002_0000u32.to_be_bytes().to_vec();
        out.extend([0u8; 28]);
        out.extend(be16(names.len() as u16));
        for n in names {
            out.extend(be16(*n));
        }
        for s in strings {
            out.push(s.len() as u8);
            out.extend(s.as_bytes());
        }
        out
    }

    fn font_post() -> Vec<u8> {
        sfnt(&[(
            b"post",
            post2(&[0, 36, 258, 259, 3, 5000], &["foo", "bar.alt"]),
        )])
    }

    fn cff_index(items: &[&[u8]]) -> Vec<u8> {
        if items.is_empty() {
            return vec![0, 0];
        }
        let mut out = be16(items.len() as u16).to_vec();
        out.push(2);
        let mut off = 1u16;
        out.extend(be16(off));
        for it in items {
            off += it.len() as u16;
            out.extend(be16(off));
        }
        for it in items {
            out.extend(*it);
        }
        out
    }

    fn dict_int(v: i32) -> Vec<u8> {
        let mut o = vec![29];
        o.extend(v.to_be_bytes());
        o
    }

    /// A CFF font with 5 glyphs. Non-CID: .notdef A B foo space, charset format 0, custom
    /// encoding format 0 with a supplement. CID: ROS Adobe-Identity-0, charset format 2
    /// (gids 1..4 -> CIDs 100..103).
    fn build_cff(cid: bool) -> Vec<u8> {
        let top = |charset: i32, enc: i32, cs: i32| {
            let mut t = Vec::new();
            if cid {
                t.extend(dict_int(392));
                t.extend(dict_int(393));
                t.push(139); // 0
                t.extend([12, 30]);
            }
            t.extend([0x8b + 1, 0x8b + 2, 0x8b + 3, 0x8b + 4, 5]); // FontBBox, real ints
            t.extend(dict_int(charset));
            t.push(15);
            if !cid {
                t.extend(dict_int(enc));
                t.push(16);
            }
            t.extend(dict_int(cs));
            t.push(17);
            t
        };
        let header = vec![1u8, 0, 4, 1];
        let names = cff_index(&[b"Test"]);
        let strings = cff_index(&[b"foo", b"Adobe", b"Identity"]);
        let gsubrs = cff_index(&[]);
        let top_len = cff_index(&[&top(0, 0, 0)]).len();
        let charset_off = header.len() + names.len() + top_len + strings.len() + gsubrs.len();
        let charset: Vec<u8> = if cid {
            vec![2, 0, 100, 0, 3]
        } else {
            let mut c = vec![0];
            for sid in [34u16, 35, 391, 1] {
                c.extend(be16(sid));
            }
            c
        };
        let enc_off = charset_off + charset.len();
        // codes A B f space -> gids 1..4; supplement: 'a' -> SID 34 ("A").
        let enc: Vec<u8> = if cid {
            Vec::new()
        } else {
            vec![0x80, 4, 0x41, 0x42, 0x66, 0x20, 1, 0x61, 0, 34]
        };
        let cs_off = enc_off + enc.len();
        let cs = cff_index(&[&[14], &[14], &[14], &[14], &[14]]);
        let mut out = header;
        out.extend(names);
        out.extend(cff_index(&[&top(
            charset_off as i32,
            enc_off as i32,
            cs_off as i32,
        )]));
        out.extend(strings);
        out.extend(gsubrs);
        out.extend(charset);
        out.extend(enc);
        out.extend(cs);
        out
    }

    #[test]
    fn fontfile_cmap_format4() {
        let m = truetype_gid_to_unicode(&font_fmt4());
        assert_eq!(m.get(&1), Some(&'A'));
        assert_eq!(m.get(&26), Some(&'Z'));
        assert_eq!(m.get(&30), Some(&'a'));
        assert_eq!(m.get(&31), Some(&'b'));
        assert_eq!(m.get(&0), None);
        // U+000D, U+0020 and U+00A0 share glyph 40: the space wins.
        assert_eq!(m.get(&40), Some(&' '));
        // Format 6 of the Unicode platform fills in the digits.
        assert_eq!(m.get(&61), Some(&'1'));
        assert_eq!(m.len(), 26 + 2 + 1 + 3);
        // No symbolic or Mac subtable: no code -> gid map.
        assert_eq!(truetype_code_to_gid(&font_fmt4()), None);
    }

    #[test]
    fn fontfile_cmap_format12() {
        let m = truetype_gid_to_unicode(&font_fmt12());
        assert_eq!(m.get(&5), Some(&'A')); // (3,10) wins over the (3,1) 'Q'
        assert_eq!(m.get(&7), Some(&'C'));
        assert_eq!(m.get(&9), Some(&'\u{1F600}'));
        assert_eq!(m.get(&11), Some(&'\u{4E01}'));
        assert_eq!(m.get(&50), Some(&'Z')); // only in (3,1): added
    }

    #[test]
    fn fontfile_cmap_symbolic() {
        let f = font_symbolic();
        let m = truetype_gid_to_unicode(&f);
        assert_eq!(m.get(&(0x41 - 0x20 + 3)), Some(&'A'));
        let codes = truetype_code_to_gid(&f).expect("symbolic cmap");
        assert_eq!(codes.len(), 256);
        assert_eq!(codes[0x41], Some(0x41 - 0x20 + 3));
        assert_eq!(codes[0x10], None);
        // Without the (3,0) table the (1,0) table is used.
        let mac = sfnt(&[(b"cmap", cmap(&[(1, 0, fmt0(&[(0x41, 7)]))]))]);
        let codes = truetype_code_to_gid(&mac).expect("mac cmap");
        assert_eq!(codes[0x41], Some(7));
        assert_eq!(codes.iter().flatten().count(), 1);
    }

    #[test]
    fn fontfile_post() {
        let names = truetype_glyph_names(&font_post());
        assert_eq!(names, [".notdef", "A", "foo", "bar.alt", "space", ""]);
        let maxp = [0u8, 0, 0x50, 0, 0, 5].to_vec();
        let f = sfnt(&[
            (b"maxp", maxp),
            (b"post", 0x0001_0000u32.to_be_bytes().to_vec()),
        ]);
        assert_eq!(
            truetype_glyph_names(&f),
            [".notdef", ".null", "nonmarkingreturn", "space", "exclam"]
        );
        assert!(truetype_glyph_names(&font_fmt4()).is_empty());
    }

    #[test]
    fn fontfile_cff() {
        let f = build_cff(false);
        let names = cff_glyph_names(&f).expect("names");
        assert_eq!(names, [".notdef", "A", "B", "foo", "space"]);
        let enc = cff_builtin_encoding(&f).expect("encoding");
        assert_eq!(enc.len(), 256);
        assert_eq!(enc[0x41].as_deref(), Some("A"));
        assert_eq!(enc[0x66].as_deref(), Some("foo"));
        assert_eq!(enc[0x20].as_deref(), Some("space"));
        assert_eq!(enc[0x61].as_deref(), Some("A"));
        assert_eq!(enc[0x62], None);
        assert_eq!(cff_gid_to_cid(&f), None);
        // Inside an OpenType wrapper.
        let mut otf = sfnt(&[(b"CFF ", f.clone())]);
        otf.splice(0..4, *b"OTTO");
        assert_eq!(cff_glyph_names(&otf).expect("otf names").len(), 5);

        let c = build_cff(true);
        assert_eq!(cff_glyph_names(&c), None);
        assert_eq!(cff_builtin_encoding(&c), None);
        assert_eq!(cff_gid_to_cid(&c), Some(vec![0, 100, 101, 102, 103]));
    }

    #[test]
    fn fontfile_cff_standard_encoding() {
        // Replace the custom encoding offset by 0 (Standard): patch the Top DICT operand.
        let f = build_cff(false);
        let c = parse_cff(&f).expect("cff");
        let enc_off = c.top.encoding as i32;
        let needle = dict_int(enc_off);
        let pos = f
            .windows(needle.len() + 1)
            .position(|w| w[..5] == needle[..] && w[5] == 16)
            .expect("encoding operand");
        let mut g = f.clone();
        g.splice(pos..pos + 5, dict_int(0));
        let enc = cff_builtin_encoding(&g).expect("standard");
        assert_eq!(enc[0x41].as_deref(), Some("A"));
        assert_eq!(enc[0x27].as_deref(), Some("quoteright"));
        assert_eq!(enc[0x7F], None);
        g.splice(pos..pos + 5, dict_int(1));
        assert_eq!(cff_builtin_encoding(&g), None);
    }

    #[test]
    fn fontfile_standard_strings() {
        assert_eq!(CFF_STANDARD_STRINGS[0], ".notdef");
        assert_eq!(CFF_STANDARD_STRINGS[34], "A");
        assert_eq!(CFF_STANDARD_STRINGS[228], "zcaron");
        assert_eq!(CFF_STANDARD_STRINGS[390], "Semibold");
        assert_eq!(MAC_GLYPH_NAMES[257], "dcroat");
    }

    #[test]
    fn fontfile_huge_claims_are_bounded() {
        // One group claiming every code point, and many records pointing at one subtable.
        let big = fmt12(&[(0, 0x10FFFF, 1), (0, 0xFFFF_FFFF, 0xFFFF_FFFF)]);
        let recs: Vec<(u16, u16, Vec<u8>)> = vec![(3, 10, big)];
        let mut c = cmap(&recs);
        c.splice(2..4, be16(2000)); // claims 2000 records; most point past the data
        let f = sfnt(&[(b"cmap", c)]);
        let m = truetype_gid_to_unicode(&f);
        assert!(m.len() <= 0xFFFF);
        let _ = truetype_code_to_gid(&f);
    }

    struct XorShift(u64);
    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    fn run_all(d: &[u8]) {
        let _ = truetype_gid_to_unicode(d);
        let _ = truetype_code_to_gid(d);
        let _ = truetype_glyph_names(d);
        let _ = cff_glyph_names(d);
        let _ = cff_builtin_encoding(d);
        let _ = cff_gid_to_cid(d);
    }

    #[test]
    fn fontfile_fuzz_no_panic() {
        let seeds = [
            font_fmt4(),
            font_fmt12(),
            font_symbolic(),
            font_post(),
            build_cff(false),
            build_cff(true),
        ];
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        for i in 0..10_000 {
            let data: Vec<u8> = match i % 4 {
                0 => {
                    let n = rng.below(400);
                    let mut v: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                    // Plausible headers so the parsers get past the first check.
                    match rng.below(4) {
                        0 if v.len() >= 4 => v.splice(0..4, [0, 1, 0, 0]).for_each(drop),
                        1 if v.len() >= 4 => v.splice(0..4, [1, 0, 4, 1]).for_each(drop),
                        2 if v.len() >= 4 => v.splice(0..4, *b"ttcf").for_each(drop),
                        _ => {}
                    }
                    v
                }
                1 => {
                    let s = &seeds[rng.below(seeds.len())];
                    s[..rng.below(s.len() + 1)].to_vec()
                }
                _ => {
                    let mut v = seeds[rng.below(seeds.len())].clone();
                    for _ in 0..1 + rng.below(8) {
                        let p = rng.below(v.len());
                        v[p] = match rng.below(3) {
                            0 => 0xFF,
                            1 => 0,
                            _ => rng.next() as u8,
                        };
                    }
                    v
                }
            };
            run_all(&data);
        }
    }

    /// The Polish invoice of pdfminer issue 625: CIDFontType2 LiberationSans, Identity-H,
    /// no /ToUnicode. Its text comes from the embedded TrueType cmap.
    #[test]
    fn fontfile_corpus_identity_cmap() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/pdfminer/contrib/issue-625-identity-cmap.pdf");
        if !path.exists() {
            eprintln!("skipped: {} not present", path.display());
            return;
        }
        let doc = lopdf::Document::load(&path).expect("load");
        let mut fonts = Vec::new();
        for obj in doc.objects.values() {
            let Ok(d) = obj.as_dict() else { continue };
            if !d.has_type(b"FontDescriptor") {
                continue;
            }
            let Ok(r) = d.get(b"FontFile2").and_then(|o| o.as_reference()) else {
                continue;
            };
            let s = doc
                .get_object(r)
                .and_then(|o| o.as_stream())
                .expect("stream");
            fonts.push(s.decompressed_content().expect("inflate"));
        }
        assert!(!fonts.is_empty(), "no FontFile2 in the file");
        for f in &fonts {
            let m = truetype_gid_to_unicode(f);
            assert!(m.len() > 20, "cmap too small: {}", m.len());
            for c in ['F', 'a', 'k', 't', 'u', 'r'] {
                assert!(m.values().any(|&v| v == c), "no glyph for {c:?}");
            }
            run_all(f);
            for n in 0..f.len().min(4000) / 40 {
                run_all(&f[..n * 40]);
            }
        }
    }
}
