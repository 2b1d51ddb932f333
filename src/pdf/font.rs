//! Fonts: how the bytes of a shown string become character codes, each code's text
//! (ToUnicode, encodings and glyph names) and advance width; ascent and descent for boxes.
//!
//! Order of trust for a code's text: the font's ToUnicode map, then the encoding
//! (/Encoding base + /Differences, or the embedded Type 1 font's built-in encoding) through
//! the glyph list (Dingbats names only in Dingbats fonts), then glyph names that carry a
//! number (`a65`, `C41`, `g3`: `glyphnames`, which also reads TeX's bitmap Type 3 fonts),
//! then (CID fonts with a UCS-2/UTF-16 CMap) the code itself.
//! A code with no text is kept as U+FFFD and counted, so the loss is visible.

use super::cmap::CMap;
use super::fontdata::{self, BaseEncoding};
use super::objects::{
    as_dict, get, get_array, get_dict, get_name, get_num, get_stream, numbers, resolve, stream_data,
};
use lopdf::{Dictionary, Document as Lopdf, Object};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontKind {
    Simple,
    Type3,
    Cid,
}

/// One decoded character code of a shown string.
#[derive(Debug, Clone)]
pub struct Code {
    pub code: u32,
    pub len: u8,
    /// Advance in text space per unit of font size (horizontal: w0; vertical fonts: w1).
    pub width: f64,
    /// Single-byte code 32: word spacing (Tw) applies.
    pub word_space: bool,
}

#[derive(Debug)]
pub struct Font {
    /// /BaseFont without a subset prefix.
    pub name: String,
    pub kind: FontKind,
    pub vertical: bool,
    /// Ascent and descent as fractions of the font size (descent negative).
    pub ascent: f64,
    pub descent: f64,
    /// Glyph space -> text space (Type 3); [0.001 0 0 0.001 0 0] otherwise.
    pub matrix: [f64; 6],
    /// The em in text space units: 1 except for Type 3 fonts whose glyphs are far wider or
    /// narrower than letters are (see `type3_em`). Font size times this is the size as set.
    pub em: f64,
    tounicode: Option<CMap>,
    encoding_cmap: Option<CMap>,
    /// Simple fonts: text and width (glyph units) per code.
    simple_text: Vec<Option<String>>,
    simple_width: Vec<f64>,
    /// CID fonts.
    cid_widths: HashMap<u32, f64>,
    cid_default_width: f64,
    cid_code_is_unicode: bool,
    /// CID -> text read from the embedded font program (TrueType cmap or CFF glyph names),
    /// for CID fonts without ToUnicode.
    cid_program_text: HashMap<u32, String>,
    cid_identity: bool,
    /// Codes seen without any text mapping (for the diagnostic).
    pub unmapped: std::cell::Cell<u32>,
    pub notes: Vec<String>,
    /// Widths of characters already looked up for ligature repair (each look-up searches
    /// the whole ToUnicode map; a page of unmapped glyphs would repeat it millions of times).
    char_widths: std::cell::RefCell<HashMap<char, Option<f64>>>,
}

const MAX_CMAP_BYTES: usize = 4 << 20;
const MAX_FONT_FILE_BYTES: usize = 8 << 20;

fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((prefix, rest))
            if prefix.len() == 6 && prefix.chars().all(|c| c.is_ascii_uppercase()) =>
        {
            rest
        }
        _ => name,
    }
}

fn base_encoding_by_name(n: &[u8]) -> Option<BaseEncoding> {
    Some(match n {
        b"WinAnsiEncoding" => BaseEncoding::WinAnsi,
        b"MacRomanEncoding" => BaseEncoding::MacRoman,
        b"MacExpertEncoding" => BaseEncoding::MacExpert,
        b"StandardEncoding" => BaseEncoding::Standard,
        b"PDFDocEncoding" => BaseEncoding::PdfDoc,
        _ => return None,
    })
}

/// Text of a ToUnicode entry, or None when it is unusable (empty or only NUL/controls).
fn usable(s: String) -> Option<String> {
    if s.is_empty() || s.chars().all(|c| c == '\0' || c == '\u{fffd}') {
        None
    } else {
        Some(s)
    }
}

impl Font {
    /// A stand-in when a font cannot be read: Helvetica metrics, Latin-1 text.
    pub fn fallback(name: &str) -> Font {
        let mut f = Font::empty(name, FontKind::Simple);
        let names = fontdata::encoding_names(BaseEncoding::WinAnsi);
        let helv = fontdata::standard_font("Helvetica");
        for code in 0..256usize {
            let g = names[code];
            f.simple_text[code] = if g.is_empty() {
                None
            } else {
                fontdata::glyph_to_unicode(g)
            };
            f.simple_width[code] = helv
                .and_then(|h| h.width(g))
                .map(|w| w as f64)
                .unwrap_or(500.0);
        }
        f
    }

    fn empty(name: &str, kind: FontKind) -> Font {
        Font {
            name: name.to_string(),
            kind,
            vertical: false,
            ascent: 0.95,
            descent: -0.35,
            matrix: [0.001, 0.0, 0.0, 0.001, 0.0, 0.0],
            em: 1.0,
            tounicode: None,
            encoding_cmap: None,
            simple_text: vec![None; 256],
            simple_width: vec![0.0; 256],
            cid_widths: HashMap::new(),
            cid_default_width: 1000.0,
            cid_code_is_unicode: false,
            cid_program_text: HashMap::new(),
            cid_identity: true,
            unmapped: std::cell::Cell::new(0),
            notes: Vec::new(),
            char_widths: Default::default(),
        }
    }

    pub fn load(doc: &Lopdf, d: &Dictionary) -> Font {
        let subtype = get_name(doc, d, b"Subtype").unwrap_or(b"");
        let base = get_name(doc, d, b"BaseFont")
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let name = strip_subset(&base).to_string();
        let tounicode = get_stream(doc, d, b"ToUnicode")
            .and_then(|s| stream_data(doc, s, MAX_CMAP_BYTES).ok())
            .map(|b| CMap::parse(&b));
        let mut f = match subtype {
            b"Type0" => Font::load_type0(doc, d, &name),
            b"Type3" => Font::load_simple(doc, d, &name, FontKind::Type3),
            _ => Font::load_simple(doc, d, &name, FontKind::Simple),
        };
        f.tounicode = tounicode.filter(|c| !c.is_empty_map());
        f
    }

    fn read_descriptor_metrics(&mut self, doc: &Lopdf, fd: Option<&Dictionary>) {
        // Poppler's rules, so boxes compare: negative ascent flipped, 0 or >= 3 ignored.
        if let Some(fd) = fd {
            if let Some(a) = get_num(doc, fd, b"Ascent") {
                let t = (a * 0.001).abs();
                if t != 0.0 && t < 3.0 {
                    self.ascent = t;
                }
            }
            if let Some(dsc) = get_num(doc, fd, b"Descent") {
                let t = -(dsc * 0.001).abs();
                if t != 0.0 && t > -3.0 {
                    self.descent = t;
                }
            }
        }
    }

    fn load_simple(doc: &Lopdf, d: &Dictionary, name: &str, kind: FontKind) -> Font {
        let mut f = Font::empty(name, kind);
        let fd = get_dict(doc, d, b"FontDescriptor");
        let std = if kind == FontKind::Simple {
            fontdata::standard_font(name)
        } else {
            None
        };
        let embedded = fd
            .map(|fd| {
                [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                    .iter()
                    .any(|k| fd.has(k))
            })
            .unwrap_or(false);
        f.read_descriptor_metrics(doc, fd);
        if let Some(s) = std.filter(|_| !embedded) {
            // A standard font is drawn in place of a non-embedded one: its metrics apply (poppler too).
            f.ascent = s.ascent as f64 / 1000.0;
            f.descent = s.descent as f64 / 1000.0;
        }
        let flags = fd.and_then(|fd| get_num(doc, fd, b"Flags")).unwrap_or(0.0) as u32;
        let symbolic = flags & 4 != 0 && flags & 32 == 0;

        if kind == FontKind::Type3 {
            if let Some(m) = get_array(doc, d, b"FontMatrix") {
                let m = numbers(doc, m);
                if m.len() == 6 && m.iter().all(|v| v.is_finite()) && (m[0] != 0.0 || m[1] != 0.0) {
                    f.matrix = [m[0], m[1], m[2], m[3], m[4], m[5]];
                }
            }
            if let Some(b) = get_array(doc, d, b"FontBBox") {
                let b = numbers(doc, b);
                let sy = f.matrix[3];
                if b.len() == 4 && sy != 0.0 {
                    let (lo, hi) = (b[1].min(b[3]) * sy, b[1].max(b[3]) * sy);
                    let (lo, hi) = if sy < 0.0 { (-hi, -lo) } else { (lo, hi) };
                    if hi > 0.0 && hi < 3.0 {
                        f.ascent = hi;
                    }
                    if lo < 0.0 && lo > -3.0 {
                        f.descent = lo;
                    }
                }
            }
        }

        // Base encoding: /Encoding name, or dict /BaseEncoding, else the font's own.
        let enc_obj = get(doc, d, b"Encoding");
        let mut names: Vec<String> = vec![String::new(); 256];
        let mut base: Option<BaseEncoding> = None;
        let mut differences: Option<&[Object]> = None;
        match enc_obj {
            Some(Object::Name(n)) => base = base_encoding_by_name(n),
            Some(o) => {
                if let Some(ed) = as_dict(o) {
                    base = get_name(doc, ed, b"BaseEncoding").and_then(base_encoding_by_name);
                    differences = get_array(doc, ed, b"Differences");
                }
            }
            None => {}
        }
        let program = if kind == FontKind::Simple && get_stream(doc, d, b"ToUnicode").is_none() {
            embedded_program(doc, fd)
        } else {
            None
        };
        let builtin = if base.is_none() {
            builtin_type1_encoding(doc, fd).or_else(|| match &program {
                Some((false, data)) => super::fontfile::cff_builtin_encoding(data)
                    .map(|v| v.into_iter().map(|n| n.unwrap_or_default()).collect()),
                _ => None,
            })
        } else {
            None
        };
        if let Some(b) = builtin {
            names = b;
        } else {
            let truetype = get_name(doc, d, b"Subtype") == Some(b"TrueType");
            let be = base.unwrap_or_else(|| match std {
                Some(s) => s.builtin,
                // TrueType fonts without /Encoding: WinAnsi, as Acrobat and poppler read them
                None if truetype || (symbolic && kind == FontKind::Simple) => BaseEncoding::WinAnsi,
                None => BaseEncoding::Standard,
            });
            for (i, n) in fontdata::encoding_names(be).iter().enumerate() {
                names[i] = n.to_string();
            }
        }
        let mut from_differences = vec![false; 256];
        let mut runs_start_low = true;
        if let Some(diffs) = differences {
            let mut code: i64 = 0;
            for o in diffs {
                match resolve(doc, o) {
                    Object::Integer(i) => {
                        code = *i;
                        runs_start_low &= code <= 5;
                    }
                    Object::Real(r) => {
                        code = *r as i64;
                        runs_start_low &= code <= 5;
                    }
                    Object::Name(n) => {
                        if (0..256).contains(&code) {
                            names[code as usize] = String::from_utf8_lossy(n).into_owned();
                            from_differences[code as usize] = true;
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        // Symbolic TrueType without an encoding: code -> glyph -> text by the font's own cmap.
        if let Some((true, data)) = &program {
            if symbolic && enc_obj.is_none() {
                if let Some(gids) = super::fontfile::truetype_code_to_gid(data) {
                    let by_gid = program_gid_text(true, data);
                    for (code, gid) in gids.iter().enumerate().take(256) {
                        if let Some(t) = gid.and_then(|g| by_gid.get(&g)) {
                            f.simple_text[code] = Some(t.clone());
                        }
                    }
                }
            }
        }
        // Dingbats names (a1..a191) only in a Dingbats font: elsewhere `a97` is TeX's code 97.
        let dingbats = name.contains("Dingbats")
            || base == Some(BaseEncoding::ZapfDingbats)
            || std.map(|s| s.builtin) == Some(BaseEncoding::ZapfDingbats);
        for (code, g) in names.iter().enumerate() {
            if g.is_empty() || f.simple_text[code].is_some() {
                continue;
            }
            f.simple_text[code] = fontdata::glyph_to_unicode(g).or_else(|| {
                dingbats
                    .then(|| fontdata::zapf_glyph_to_unicode(g).map(|c| c.to_string()))
                    .flatten()
            });
        }

        // Widths
        let first = get_num(doc, d, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
        let widths = get_array(doc, d, b"Widths")
            .map(|w| w.iter().map(|o| num_or(doc, o)).collect::<Vec<_>>());
        let missing = fd
            .and_then(|fd| get_num(doc, fd, b"MissingWidth"))
            .unwrap_or(0.0);
        let mut had_widths = false;
        for code in 0..256usize {
            let from_array = widths.as_ref().and_then(|w| {
                code.checked_sub(first)
                    .and_then(|i| w.get(i).copied().flatten())
            });
            let w = match from_array {
                Some(w) => {
                    had_widths = true;
                    w
                }
                None => match std {
                    Some(s) => s
                        .width(&names[code])
                        .map(|w| w as f64)
                        .unwrap_or(if missing > 0.0 { missing } else { 0.0 }),
                    None => {
                        if widths.is_some() {
                            missing
                        } else {
                            0.0
                        }
                    }
                },
            };
            f.simple_width[code] = w;
        }
        if !had_widths && std.is_none() {
            // No metrics at all: half an em per glyph keeps words apart; say so.
            for w in f.simple_width.iter_mut() {
                if *w == 0.0 {
                    *w = 500.0
                        * if kind == FontKind::Type3 {
                            0.001 / f.matrix[0].abs().max(1e-9)
                        } else {
                            1.0
                        };
                }
            }
            f.notes.push(format!(
                "font {name}: no /Widths and not a standard font; widths estimated"
            ));
        }
        // Names that carry a number (`a65`, `x41`, `C41`, `g3`): see `glyphnames`.
        let font_names = super::glyphnames::FontNames {
            names: &names,
            from_differences: &from_differences,
            runs_start_low: differences.is_some() && runs_start_low,
            base,
            type3: kind == FontKind::Type3,
        };
        let widths = f.simple_width.clone();
        super::glyphnames::fill(&font_names, &mut f.simple_text, |c| {
            widths.get(c as usize).copied().unwrap_or(0.0)
        });
        if kind == FontKind::Type3 {
            f.em = type3_em(&f.simple_width, f.matrix[0]);
        }
        f
    }

    fn load_type0(doc: &Lopdf, d: &Dictionary, name: &str) -> Font {
        let mut f = Font::empty(name, FontKind::Cid);
        let desc = get_array(doc, d, b"DescendantFonts")
            .and_then(|a| a.first())
            .map(|o| resolve(doc, o))
            .and_then(as_dict);
        match get(doc, d, b"Encoding") {
            Some(Object::Name(n)) => {
                let n = String::from_utf8_lossy(n).into_owned();
                f.vertical = n.ends_with("-V");
                f.cid_identity = n.starts_with("Identity");
                f.cid_code_is_unicode = n.contains("UCS2") || n.contains("UTF16");
                if !f.cid_identity {
                    // A predefined CMap that is not shipped here: two-byte codes, and if it is
                    // a Unicode CMap the code is the text.
                    let mut cm = CMap::default();
                    if n.contains("UTF8") {
                        cm.codespaces = vec![
                            (1, 0, 0x7f),
                            (2, 0xc280, 0xdfbf),
                            (3, 0xe08080, 0xefbfbf),
                            (4, 0xf0808080, 0xf48fbfbf),
                        ];
                    } else if n.contains("RKSJ")
                        || n.contains("EUC")
                        || n.contains("GBK")
                        || n.contains("B5")
                        || n.contains("KSC")
                    {
                        cm.codespaces = vec![(1, 0, 0x80), (2, 0x8140, 0xfefe)];
                    }
                    f.encoding_cmap = Some(cm);
                    if !f.cid_code_is_unicode {
                        f.notes.push(format!(
                            "font {name}: predefined CMap {n} not available; CIDs approximated"
                        ));
                    }
                }
            }
            Some(Object::Stream(s)) => {
                if let Ok(b) = stream_data(doc, s, MAX_CMAP_BYTES) {
                    let cm = CMap::parse(&b);
                    f.vertical = cm.wmode == 1;
                    f.cid_identity = false;
                    f.encoding_cmap = Some(cm);
                }
            }
            _ => {}
        }
        if let Some(desc) = desc {
            let fd = get_dict(doc, desc, b"FontDescriptor");
            f.read_descriptor_metrics(doc, fd);
            f.cid_default_width = get_num(doc, desc, b"DW").unwrap_or(1000.0);
            // Also with a ToUnicode map: it is the fallback for codes the map leaves out.
            {
                if let Some((truetype, data)) = embedded_program(doc, fd) {
                    let by_gid = program_gid_text(truetype, &data);
                    // CID -> GID: /CIDToGIDMap stream (2 bytes per CID) or Identity
                    let map = get_stream(doc, desc, b"CIDToGIDMap")
                        .and_then(|s| stream_data(doc, s, MAX_CMAP_BYTES).ok());
                    let cid_of_gid: Option<Vec<u16>> = if truetype {
                        None
                    } else {
                        super::fontfile::cff_gid_to_cid(&data)
                    };
                    match (map, cid_of_gid) {
                        (Some(m), _) => {
                            for (cid, pair) in m.chunks_exact(2).enumerate() {
                                let gid = u16::from_be_bytes([pair[0], pair[1]]);
                                if let Some(t) = by_gid.get(&gid) {
                                    f.cid_program_text.insert(cid as u32, t.clone());
                                }
                            }
                        }
                        (None, Some(cids)) => {
                            for (gid, cid) in cids.iter().enumerate() {
                                if let Some(t) =
                                    u16::try_from(gid).ok().and_then(|g| by_gid.get(&g))
                                {
                                    f.cid_program_text.insert(*cid as u32, t.clone());
                                }
                            }
                        }
                        (None, None) => {
                            for (g, t) in by_gid {
                                f.cid_program_text.insert(g as u32, t);
                            }
                        }
                    }
                }
            }
            if let Some(w) = get_array(doc, desc, b"W") {
                parse_cid_widths(doc, w, &mut f.cid_widths);
            }
        }
        f
    }

    /// Splits a shown string into codes with their advance widths.
    pub fn decode(&self, bytes: &[u8], out: &mut Vec<Code>, scratch: &mut Vec<(u32, u8)>) {
        out.clear();
        match self.kind {
            FontKind::Simple | FontKind::Type3 => {
                for &b in bytes {
                    out.push(Code {
                        code: b as u32,
                        len: 1,
                        width: self.simple_width[b as usize] * self.matrix[0],
                        word_space: b == 32,
                    });
                }
            }
            FontKind::Cid => {
                match &self.encoding_cmap {
                    Some(cm) => cm.split_codes(bytes, 2, scratch),
                    None => {
                        scratch.clear();
                        for c in bytes.chunks(2) {
                            let v = if c.len() == 2 {
                                (c[0] as u32) << 8 | c[1] as u32
                            } else {
                                c[0] as u32
                            };
                            scratch.push((v, c.len() as u8));
                        }
                    }
                }
                for &(code, len) in scratch.iter() {
                    let cid = match &self.encoding_cmap {
                        Some(cm) if !self.cid_identity => cm.cid(code, len).unwrap_or(code),
                        _ => code,
                    };
                    let w = if self.vertical {
                        1000.0
                    } else {
                        self.cid_widths
                            .get(&cid)
                            .copied()
                            .unwrap_or(self.cid_default_width)
                    };
                    out.push(Code {
                        code,
                        len,
                        width: w * 0.001,
                        word_space: len == 1 && code == 32,
                    });
                }
            }
        }
    }

    /// Text of a code; None when the font gives no way to know it.
    pub fn text(&self, code: u32, len: u8) -> Option<String> {
        if let Some(tu) = &self.tounicode {
            if let Some(s) = tu.lookup(code, len) {
                if let Some(s) = usable(s) {
                    return Some(s);
                }
            }
        }
        match self.kind {
            FontKind::Simple | FontKind::Type3 => {
                self.simple_text.get(code as usize).cloned().flatten()
            }
            FontKind::Cid => {
                if self.cid_code_is_unicode {
                    return char::from_u32(code).map(|c| c.to_string());
                }
                let cid = match &self.encoding_cmap {
                    Some(cm) if !self.cid_identity => cm.cid(code, len).unwrap_or(code),
                    _ => code,
                };
                self.cid_program_text.get(&cid).cloned()
            }
        }
    }

    /// Advance (text space per unit size) of the glyphs whose text is `s` in this font,
    /// used to tell which ligature an unmapped glyph is. None when the font lacks one.
    pub fn width_of_text(&self, s: &str) -> Option<f64> {
        let mut total = 0.0;
        for ch in s.chars() {
            total += self.width_of_char(ch)?;
        }
        Some(total)
    }

    fn width_of_char(&self, ch: char) -> Option<f64> {
        if let Some(w) = self.char_widths.borrow().get(&ch) {
            return *w;
        }
        let w = self.width_of_char_uncached(ch);
        self.char_widths.borrow_mut().insert(ch, w);
        w
    }

    fn width_of_char_uncached(&self, ch: char) -> Option<f64> {
        let mut buf = [0u8; 4];
        let want: &str = ch.encode_utf8(&mut buf);
        match self.kind {
            FontKind::Simple | FontKind::Type3 => {
                for code in 0..256u32 {
                    if self.text(code, 1).as_deref() == Some(want) {
                        let w = self.simple_width[code as usize] * self.matrix[0];
                        if w > 0.0 {
                            return Some(w);
                        }
                    }
                }
                None
            }
            FontKind::Cid => {
                let tu = self.tounicode.as_ref()?;
                let code = tu
                    .chars
                    .iter()
                    .find(|(_, v)| v.as_str() == want)
                    .map(|(k, _)| *k)
                    .or_else(|| {
                        tu.ranges.iter().find_map(|(l, lo, hi, first)| {
                            if first.len() != 1 {
                                return None;
                            }
                            let c = ch as u32;
                            let f = first[0] as u32;
                            if c >= f && c - f <= hi - lo {
                                Some((*l, lo + (c - f)))
                            } else {
                                None
                            }
                        })
                    })?;
                let cid = match &self.encoding_cmap {
                    Some(cm) if !self.cid_identity => cm.cid(code.1, code.0).unwrap_or(code.1),
                    _ => code.1,
                };
                Some(
                    self.cid_widths
                        .get(&cid)
                        .copied()
                        .unwrap_or(self.cid_default_width)
                        * 0.001,
                )
            }
        }
    }
}

/// The em of a Type 3 font in text space units. Producers choose the FontMatrix so that text
/// space is in ems, as for other fonts (pdfTeX: pixels times 1/ppem, matplotlib: 1/1000), so
/// it is 1 unless the median advance says otherwise: letters average about half an em, so a
/// median outside 0.1..2.5 em means text space is not in ems and the median sets the em.
/// (The glyph space units per em vary: 100 in 2b.pdf, about 91 in a 600 dpi pk font, so the
/// FontMatrix alone does not give the size.)
fn type3_em(widths: &[f64], m0: f64) -> f64 {
    let mut ws: Vec<f64> = widths
        .iter()
        .map(|w| (w * m0).abs())
        .filter(|w| w.is_finite() && *w > 0.0)
        .collect();
    if ws.is_empty() {
        return 1.0;
    }
    ws.sort_by(|a, b| a.total_cmp(b));
    let median = ws[ws.len() / 2];
    if (0.1..=2.5).contains(&median) {
        1.0
    } else {
        median / 0.5
    }
}

/// The embedded font program of a descriptor: (is TrueType, bytes).
fn embedded_program(doc: &Lopdf, fd: Option<&Dictionary>) -> Option<(bool, Vec<u8>)> {
    let fd = fd?;
    if let Some(s) = get_stream(doc, fd, b"FontFile2") {
        return stream_data(doc, s, MAX_FONT_FILE_BYTES)
            .ok()
            .map(|b| (true, b));
    }
    let s = get_stream(doc, fd, b"FontFile3")?;
    let data = stream_data(doc, s, MAX_FONT_FILE_BYTES).ok()?;
    let truetype =
        get_name(doc, &s.dict, b"Subtype") == Some(b"OpenType") && data.starts_with(&[0, 1, 0, 0]);
    Some((truetype, data))
}

/// Text per glyph id from a font program: TrueType cmap, else glyph names (post / CFF).
fn program_gid_text(truetype: bool, data: &[u8]) -> HashMap<u16, String> {
    let mut out: HashMap<u16, String> = HashMap::new();
    if truetype {
        for (g, c) in super::fontfile::truetype_gid_to_unicode(data) {
            out.insert(g, c.to_string());
        }
        for (g, n) in super::fontfile::truetype_glyph_names(data)
            .iter()
            .enumerate()
        {
            if let (Ok(g), Some(t)) = (u16::try_from(g), fontdata::glyph_to_unicode(n)) {
                out.entry(g).or_insert(t);
            }
        }
    } else if let Some(names) = super::fontfile::cff_glyph_names(data) {
        for (g, n) in names.iter().enumerate() {
            if let (Ok(g), Some(t)) = (u16::try_from(g), fontdata::glyph_to_unicode(n)) {
                out.insert(g, t);
            }
        }
    }
    out
}

fn num_or(doc: &Lopdf, o: &Object) -> Option<f64> {
    super::objects::num(resolve(doc, o))
}

fn parse_cid_widths(doc: &Lopdf, w: &[Object], out: &mut HashMap<u32, f64>) {
    let mut i = 0;
    let mut budget: u32 = 1 << 20;
    while i < w.len() {
        let Some(first) = num_or(doc, &w[i]) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).map(|o| resolve(doc, o)) {
            Some(Object::Array(ws)) => {
                for (k, o) in ws.iter().enumerate() {
                    if let Some(v) = num_or(doc, o) {
                        if budget == 0 {
                            return;
                        }
                        budget -= 1;
                        out.insert(first.saturating_add(k as u32), v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = super::objects::num(o).unwrap_or(0.0).max(0.0) as u32;
                let v = w.get(i + 2).and_then(|o| num_or(doc, o)).unwrap_or(1000.0);
                if last >= first {
                    for c in first..=last.min(first.saturating_add(65_535)) {
                        if budget == 0 {
                            return;
                        }
                        budget -= 1;
                        out.insert(c, v);
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
}

/// The built-in encoding of an embedded Type 1 font (FontFile): `dup 65 /A put` entries of
/// its clear-text part. None when the font is not embedded Type 1 or uses StandardEncoding.
fn builtin_type1_encoding(doc: &Lopdf, fd: Option<&Dictionary>) -> Option<Vec<String>> {
    let fd = fd?;
    let s = get_stream(doc, fd, b"FontFile")?;
    let data = stream_data(doc, s, MAX_FONT_FILE_BYTES).ok()?;
    let len1 = get_num(doc, &s.dict, b"Length1")
        .map(|v| v as usize)
        .unwrap_or(data.len())
        .min(data.len());
    let clear = &data[..len1];
    let start = find(clear, b"/Encoding")?;
    let rest = &clear[start..];
    if rest.starts_with(b"/Encoding StandardEncoding") {
        return None;
    }
    let end = find(rest, b" def")
        .or_else(|| find(rest, b"readonly"))
        .unwrap_or(rest.len());
    let body = &rest[..end];
    let mut names = vec![String::new(); 256];
    let toks: Vec<&[u8]> = body
        .split(|b| b.is_ascii_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    let mut any = false;
    for w in toks.windows(4) {
        if w[0] == b"dup" && w[3] == b"put" {
            if let (Some(code), Some(n)) = (
                std::str::from_utf8(w[1])
                    .ok()
                    .and_then(|c| c.parse::<usize>().ok()),
                w[2].strip_prefix(b"/"),
            ) {
                if code < 256 {
                    names[code] = String::from_utf8_lossy(n).into_owned();
                    any = true;
                }
            }
        }
    }
    if any {
        Some(names)
    } else {
        None
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_prefix() {
        assert_eq!(strip_subset("ABCDEF+Calibri-Bold"), "Calibri-Bold");
        assert_eq!(strip_subset("Calibri+Bold"), "Calibri+Bold");
    }

    #[test]
    fn type3_em_is_text_space_unless_widths_say_otherwise() {
        let mut w = vec![0.0; 256];
        // pdfTeX pk font: FontMatrix 0.011, glyphs ~45 pixels wide: half an em
        w[97..123].iter_mut().for_each(|v| *v = 45.0);
        assert_eq!(type3_em(&w, 0.011), 1.0);
        // 2b.pdf: FontMatrix 0.01, letters 100 units: 1.0 em wide, still ems
        w[97..123].iter_mut().for_each(|v| *v = 100.0);
        assert_eq!(type3_em(&w, 0.01), 1.0);
        // text space in points (Tf 1): letters 6 units wide -> a 12 unit em
        w[97..123].iter_mut().for_each(|v| *v = 6000.0);
        assert!((type3_em(&w, 0.001) - 12.0).abs() < 1e-9);
        // no widths at all
        assert_eq!(type3_em(&[0.0; 256], 0.001), 1.0);
        assert_eq!(type3_em(&[f64::NAN; 4], 0.001), 1.0);
    }

    #[test]
    fn fallback_font_is_latin() {
        let f = Font::fallback("X");
        assert_eq!(f.text(0xEB, 1).as_deref(), Some("ë"));
        let mut out = Vec::new();
        f.decode(b"a ", &mut out, &mut Vec::new());
        assert!((out[0].width - 0.556).abs() < 1e-9);
        assert!(out[1].word_space);
    }
}
