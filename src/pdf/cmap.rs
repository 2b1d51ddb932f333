//! CMaps: code-space ranges (how many bytes make one character code), ToUnicode maps
//! (code -> text) and CID maps (code -> CID) of embedded CMap streams.

use super::lexer::{Lexer, Operand};
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct CMap {
    /// (byte length, low, high) of each code-space range.
    pub codespaces: Vec<(u8, u32, u32)>,
    /// Single-code mappings to text (ToUnicode) or to a CID (stored as text-less ranges below).
    pub chars: HashMap<(u8, u32), String>,
    /// bfrange entries: (len, lo, hi, first text); text increments in its last char.
    pub ranges: Vec<(u8, u32, u32, Vec<u16>)>,
    /// cidchar / cidrange entries: (len, lo, hi, first cid).
    pub cid_ranges: Vec<(u8, u32, u32, u32)>,
    /// Name of a CMap this one builds on (`usecmap`).
    pub usecmap: Option<String>,
    pub wmode: u8,
    /// Lookups already made (the range lists are searched in order, so a hostile CMap with
    /// thousands of ranges and a page of millions of glyphs would otherwise take hours).
    memo: std::cell::RefCell<HashMap<(u8, u32), Option<String>>>,
    /// Positions in `ranges` sorted by (length, low code), built on first use.
    index: std::cell::OnceCell<Vec<usize>>,
    cid_index: std::cell::OnceCell<Vec<usize>>,
    cid_memo: std::cell::RefCell<HashMap<(u8, u32), Option<u32>>>,
}

/// At most this many bfrange and cidrange entries are kept (real CMaps have a few thousand).
pub const MAX_RANGES: usize = 50_000;
const MAX_MEMO: usize = 1 << 17;

fn code_of(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    let mut v: u32 = 0;
    for &b in bytes {
        v = v << 8 | b as u32;
    }
    Some((bytes.len() as u8, v))
}

/// UTF-16BE bytes of a bfchar/bfrange destination.
fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    if bytes.len() == 1 {
        return vec![bytes[0] as u16];
    }
    bytes
        .chunks(2)
        .map(|c| {
            if c.len() == 2 {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                c[0] as u16
            }
        })
        .collect()
}

fn units_to_string(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or('\u{fffd}'))
        .collect()
}

impl CMap {
    pub fn parse(data: &[u8]) -> CMap {
        let mut cm = CMap::default();
        let mut lx = Lexer::new(data);
        let mut ops = Vec::new();
        let mut last_name: Option<Vec<u8>> = None;
        let mut guard = 0usize;
        while let Some(op) = lx.next_op(&mut ops) {
            guard += 1;
            if guard > 2_000_000 {
                break;
            }
            match op.as_slice() {
                b"endcodespacerange" => {
                    for pair in ops.chunks(2) {
                        if let [Operand::Str(lo), Operand::Str(hi)] = pair {
                            if let (Some((l, a)), Some((_, b))) = (code_of(lo), code_of(hi)) {
                                cm.codespaces.push((l, a, b));
                            }
                        }
                    }
                }
                b"endbfchar" => {
                    for pair in ops.chunks(2) {
                        match pair {
                            [Operand::Str(src), Operand::Str(dst)] => {
                                if let Some(k) = code_of(src) {
                                    cm.chars.insert(k, units_to_string(&utf16_units(dst)));
                                }
                            }
                            [Operand::Str(src), Operand::Name(n)] => {
                                if let (Some(k), Some(t)) = (
                                    code_of(src),
                                    std::str::from_utf8(n)
                                        .ok()
                                        .and_then(super::fontdata::glyph_to_unicode),
                                ) {
                                    cm.chars.insert(k, t);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                b"endbfrange" => {
                    for tri in ops.chunks(3) {
                        let [Operand::Str(lo), Operand::Str(hi), dst] = tri else {
                            continue;
                        };
                        let (Some((l, a)), Some((_, b))) = (code_of(lo), code_of(hi)) else {
                            continue;
                        };
                        if b < a || b - a > 65_535 {
                            continue;
                        }
                        match dst {
                            Operand::Str(d) if cm.ranges.len() < MAX_RANGES => {
                                cm.ranges.push((l, a, b, utf16_units(d)))
                            }
                            Operand::Array(items) => {
                                for (i, it) in items.iter().enumerate() {
                                    if let Operand::Str(d) = it {
                                        let code = a.saturating_add(i as u32);
                                        if code > b {
                                            break;
                                        }
                                        cm.chars
                                            .insert((l, code), units_to_string(&utf16_units(d)));
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                b"endcidrange" => {
                    for tri in ops.chunks(3) {
                        if let [Operand::Str(lo), Operand::Str(hi), Operand::Num(cid)] = tri {
                            if let (Some((l, a)), Some((_, b))) = (code_of(lo), code_of(hi)) {
                                if b >= a && *cid >= 0.0 && cm.cid_ranges.len() < MAX_RANGES {
                                    cm.cid_ranges.push((l, a, b, *cid as u32));
                                }
                            }
                        }
                    }
                }
                b"endcidchar" => {
                    for pair in ops.chunks(2) {
                        if let [Operand::Str(src), Operand::Num(cid)] = pair {
                            if let Some((l, a)) = code_of(src) {
                                if *cid >= 0.0 {
                                    cm.cid_ranges.push((l, a, a, *cid as u32));
                                }
                            }
                        }
                    }
                }
                b"usecmap" => {
                    if let Some(Operand::Name(n)) = ops.first().or(None) {
                        cm.usecmap = Some(String::from_utf8_lossy(n).into_owned());
                    } else if let Some(n) = &last_name {
                        cm.usecmap = Some(String::from_utf8_lossy(n).into_owned());
                    }
                }
                b"def" => {
                    if let [Operand::Name(k), Operand::Num(v)] = ops.as_slice() {
                        if k == b"WMode" {
                            cm.wmode = if *v == 1.0 { 1 } else { 0 };
                        }
                    }
                }
                _ => {}
            }
            if let Some(Operand::Name(n)) = ops.last() {
                last_name = Some(n.clone());
            }
        }
        cm
    }

    /// Splits a string of bytes into character codes (value, byte length) by the
    /// code-space ranges; without ranges, every code is `default_len` bytes.
    pub fn split_codes(&self, bytes: &[u8], default_len: u8, out: &mut Vec<(u32, u8)>) {
        out.clear();
        let mut i = 0;
        while i < bytes.len() {
            let mut taken = None;
            if !self.codespaces.is_empty() {
                for n in 1..=4u8 {
                    if i + n as usize > bytes.len() {
                        break;
                    }
                    let mut v = 0u32;
                    for &b in &bytes[i..i + n as usize] {
                        v = v << 8 | b as u32;
                    }
                    if self
                        .codespaces
                        .iter()
                        .any(|&(l, lo, hi)| l == n && v >= lo && v <= hi)
                    {
                        taken = Some((v, n));
                        break;
                    }
                }
            }
            let (v, n) = match taken {
                Some(t) => t,
                None => {
                    // Not in any range: take the shortest declared length (PDF 32000 9.7.6.3).
                    let n = self
                        .codespaces
                        .iter()
                        .map(|c| c.0)
                        .min()
                        .unwrap_or(default_len)
                        .max(1);
                    let n = n.min((bytes.len() - i) as u8).max(1);
                    let mut v = 0u32;
                    for &b in &bytes[i..i + n as usize] {
                        v = v << 8 | b as u32;
                    }
                    (v, n)
                }
            };
            out.push((v, n));
            i += n as usize;
        }
    }

    /// Text of a code from a ToUnicode map. A map written for codes of another length than
    /// the font's encoding (one-byte entries for an Identity-H font: seen in the corpus) is
    /// still used, by value, when nothing matches at the right length.
    pub fn lookup(&self, code: u32, len: u8) -> Option<String> {
        if let Some(hit) = self.memo.borrow().get(&(len, code)) {
            return hit.clone();
        }
        let found = self.lookup_len(code, len, true).or_else(|| {
            (1..=4u8)
                .filter(|&l| l != len)
                .find_map(|l| self.lookup_len(code, l, false))
        });
        let mut memo = self.memo.borrow_mut();
        if memo.len() < MAX_MEMO {
            memo.insert((len, code), found.clone());
        }
        found
    }

    fn lookup_len(&self, code: u32, len: u8, exact: bool) -> Option<String> {
        if !exact && len < 4 && code >= 1 << (8 * len as u32) {
            return None;
        }
        if let Some(s) = self.chars.get(&(len, code)) {
            return Some(s.clone());
        }
        // The range that holds the code: the first in file order among those that do. Found
        // through the sorted index, looking back over at most 64 ranges that start at or
        // before the code (real CMaps do not overlap; a hostile one cannot make this slow).
        let index = self.index.get_or_init(|| {
            let mut ix: Vec<usize> = (0..self.ranges.len()).collect();
            ix.sort_by_key(|&i| (self.ranges[i].0, self.ranges[i].1, i));
            ix
        });
        let end = index.partition_point(|&i| (self.ranges[i].0, self.ranges[i].1) <= (len, code));
        let best = index[end.saturating_sub(64)..end]
            .iter()
            .copied()
            .filter(|&i| {
                let (l, lo, hi, _) = &self.ranges[i];
                *l == len && code >= *lo && code <= *hi
            })
            .min();
        if let Some(i) = best {
            let (_, lo, _, first) = &self.ranges[i];
            let mut units = first.clone();
            if let Some(last) = units.last_mut() {
                *last = last.wrapping_add((code - lo) as u16);
            }
            return Some(units_to_string(&units));
        }
        None
    }

    /// CID of a code from an embedded encoding CMap.
    pub fn cid(&self, code: u32, len: u8) -> Option<u32> {
        if let Some(hit) = self.cid_memo.borrow().get(&(len, code)) {
            return *hit;
        }
        // Later entries override earlier ones; search from the back.
        // (through a sorted index, as in `lookup_len`; the last in file order wins)
        let r = &self.cid_ranges;
        let index = self.cid_index.get_or_init(|| {
            let mut ix: Vec<usize> = (0..r.len()).collect();
            ix.sort_by_key(|&i| (r[i].0, r[i].1, i));
            ix
        });
        let end = index.partition_point(|&i| (r[i].0, r[i].1) <= (len, code));
        let found = index[end.saturating_sub(64)..end]
            .iter()
            .copied()
            .filter(|&i| r[i].0 == len && code >= r[i].1 && code <= r[i].2)
            .max()
            .map(|i| r[i].3.saturating_add(code - r[i].1));
        let mut memo = self.cid_memo.borrow_mut();
        if memo.len() < MAX_MEMO {
            memo.insert((len, code), found);
        }
        found
    }

    pub fn is_empty_map(&self) -> bool {
        self.chars.is_empty() && self.ranges.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOUNI: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <0011> <00660069> endbfchar
2 beginbfrange <0024> <0026> <0041> <0030> <0031> [<00EB> <D835DC00>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn tounicode() {
        let cm = CMap::parse(TOUNI);
        assert_eq!(cm.codespaces, vec![(2, 0, 0xFFFF)]);
        assert_eq!(cm.lookup(3, 2).as_deref(), Some(" "));
        assert_eq!(cm.lookup(0x11, 2).as_deref(), Some("fi"));
        assert_eq!(cm.lookup(0x25, 2).as_deref(), Some("B"));
        assert_eq!(cm.lookup(0x30, 2).as_deref(), Some("ë"));
        assert_eq!(cm.lookup(0x31, 2).as_deref(), Some("\u{1D400}"));
        assert_eq!(cm.lookup(0x27, 2), None);
        let mut codes = Vec::new();
        cm.split_codes(&[0, 3, 0, 0x11, 7], 1, &mut codes);
        assert_eq!(codes, vec![(3, 2), (0x11, 2), (7, 1)]);
    }

    #[test]
    fn mixed_codespace_and_cids() {
        let cm = CMap::parse(
            b"2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange
1 begincidrange <20> <7e> 231 endcidrange 1 begincidchar <8140> 633 endcidchar /WMode 1 def",
        );
        let mut codes = Vec::new();
        cm.split_codes(&[0x41, 0x81, 0x40], 1, &mut codes);
        assert_eq!(codes, vec![(0x41, 1), (0x8140, 2)]);
        assert_eq!(cm.cid(0x41, 1), Some(231 + 0x21));
        assert_eq!(cm.cid(0x8140, 2), Some(633));
        assert_eq!(cm.wmode, 1);
    }
}
