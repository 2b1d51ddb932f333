//! Static font data: the base encodings of simple fonts, the Adobe Glyph List, and the
//! metrics of the 14 standard fonts.
//!
//! The tables live in `fontdata/generated.rs`, written by `tools/gen_fontdata.py`; see NOTICE
//! for the sources and their licences.

#[allow(clippy::all, clippy::pedantic, clippy::nursery, dead_code)]
mod generated;

/// Base encodings of simple fonts (PDF 32000 Annex D).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
    MacExpert,
    PdfDoc,
    Symbol,
    ZapfDingbats,
}

/// Glyph name for each code 0..=255 of the encoding; "" where the code is undefined.
pub fn encoding_names(enc: BaseEncoding) -> &'static [&'static str; 256] {
    match enc {
        BaseEncoding::Standard => &generated::STANDARD,
        BaseEncoding::WinAnsi => &generated::WIN_ANSI,
        BaseEncoding::MacRoman => &generated::MAC_ROMAN,
        BaseEncoding::MacExpert => &generated::MAC_EXPERT,
        BaseEncoding::PdfDoc => &generated::PDF_DOC,
        BaseEncoding::Symbol => &generated::SYMBOL,
        BaseEncoding::ZapfDingbats => &generated::ZAPF_DINGBATS,
    }
}

/// Ligature glyph names whose AGL mapping is a presentation form (U+FB00..); text extraction
/// wants the plain letters instead.
fn ligature_override(name: &str) -> Option<&'static str> {
    Some(match name {
        "ff" => "ff",
        "fi" => "fi",
        "fl" => "fl",
        "ffi" => "ffi",
        "ffl" => "ffl",
        "ft" => "ft",
        "st" => "st",
        _ => return None,
    })
}

fn agl_lookup(name: &str) -> Option<&'static str> {
    generated::AGL
        .binary_search_by(|(k, _)| (*k).cmp(name))
        .ok()
        .and_then(|i| generated::AGL.get(i))
        .map(|(_, v)| *v)
}

fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `uniXXXX[YYYY...]`: one or more groups of four hex digits, BMP scalar values only.
fn uni_component(comp: &str, out: &mut String) -> bool {
    let Some(hex) = comp.strip_prefix("uni") else {
        return false;
    };
    if !is_hex(hex) || hex.len() % 4 != 0 {
        return false;
    }
    let start = out.len();
    // `hex` is ASCII, so slicing at multiples of 4 is on char boundaries.
    for i in (0..hex.len()).step_by(4) {
        let ch = hex
            .get(i..i + 4)
            .and_then(|g| u32::from_str_radix(g, 16).ok())
            .and_then(char::from_u32);
        match ch {
            Some(c) => out.push(c),
            None => {
                out.truncate(start);
                return false;
            }
        }
    }
    true
}

/// `uXXXX` .. `uXXXXXX`: a single Unicode scalar value.
fn u_component(comp: &str) -> Option<char> {
    let hex = comp.strip_prefix('u')?;
    if !is_hex(hex) || !(4..=6).contains(&hex.len()) {
        return None;
    }
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
}

fn component_to_unicode(comp: &str, out: &mut String) -> bool {
    if let Some(s) = ligature_override(comp).or_else(|| agl_lookup(comp)) {
        out.push_str(s);
        return true;
    }
    if uni_component(comp, out) {
        return true;
    }
    if let Some(c) = u_component(comp) {
        out.push(c);
        return true;
    }
    false
}

/// Unicode text for a glyph name: Adobe Glyph List (full AGL incl. legacy names) plus the AGL
/// specification's rules: `uniXXXX` (possibly several 4-hex groups, e.g. uni00660069), `uXXXX`..`uXXXXXX`,
/// components joined by `_` (`f_f_i` -> "ffi", `T_h` -> "Th"), suffixes after the first `.` dropped
/// (`a.sc` -> "a", `one.oldstyle` -> "1"), and ZapfDingbats names (a1..a191) only via zapf_glyph_to_unicode.
/// Ligature names `fi`, `fl`, `ff`, `ffi`, `ffl`, `ft`, `st` map to the plain letters ("fi" not U+FB01).
/// Returns None for names with no mapping (e.g. `g123`, `cid12`, `glyph5`, `.notdef`), and for
/// `_`-joined names in which any non-empty component has no mapping.
pub fn glyph_to_unicode(name: &str) -> Option<String> {
    let base = name.split_once('.').map_or(name, |(b, _)| b);
    let mut out = String::new();
    for comp in base.split('_').filter(|c| !c.is_empty()) {
        if !component_to_unicode(comp, &mut out) {
            return None;
        }
    }
    if out.is_empty() {
        None
    } else {
        Some(out)
    }
}

/// Unicode character for an ITC Zapf Dingbats glyph name (`a1`..`a191`, plus `space`).
pub fn zapf_glyph_to_unicode(name: &str) -> Option<char> {
    let base = name.split_once('.').map_or(name, |(b, _)| b);
    if base == "space" {
        return Some(' ');
    }
    generated::ZAPF
        .binary_search_by(|(k, _)| (*k).cmp(base))
        .ok()
        .and_then(|i| generated::ZAPF.get(i))
        .map(|(_, c)| *c)
}

/// Metrics of the 14 standard fonts.
#[derive(Debug)]
pub struct StandardFont {
    /// PostScript name, e.g. "Helvetica-Bold".
    pub name: &'static str,
    /// Ascent in 1/1000 em.
    pub ascent: f32,
    /// Descent in 1/1000 em (negative).
    pub descent: f32,
    /// Cap height in 1/1000 em.
    pub cap_height: f32,
    pub fixed_pitch: bool,
    pub serif: bool,
    pub bold: bool,
    pub italic: bool,
    pub symbolic: bool,
    /// Advance widths in 1/1000 em, sorted by glyph name for binary search.
    pub widths: &'static [(&'static str, u16)],
    /// The font's built-in encoding (StandardEncoding for text fonts; own encoding for Symbol/ZapfDingbats).
    pub builtin: BaseEncoding,
}

impl StandardFont {
    /// Advance width of a glyph in 1/1000 em, if the font has that glyph.
    pub fn width(&self, glyph: &str) -> Option<f32> {
        self.widths
            .binary_search_by(|(k, _)| (*k).cmp(glyph))
            .ok()
            .and_then(|i| self.widths.get(i))
            .map(|(_, w)| f32::from(*w))
    }
}

fn font_by_name(name: &str) -> Option<&'static StandardFont> {
    generated::FONTS.iter().find(|f| f.name == name)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Helvetica,
    Times,
    Courier,
    Symbol,
    ZapfDingbats,
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let (head, tail) = (s.get(..cut)?, s.get(cut..)?);
    tail.eq_ignore_ascii_case(suffix).then_some(head)
}

fn family_of(base: &str) -> Option<Family> {
    let mut b = base;
    for suffix in ["MT", "PS"] {
        if let Some(h) = strip_suffix_ci(b, suffix) {
            b = h;
        }
    }
    let is = |n: &str| b.eq_ignore_ascii_case(n);
    if is("Helvetica") || is("Arial") {
        Some(Family::Helvetica)
    } else if is("Times") || is("TimesRoman") || is("TimesNewRoman") {
        Some(Family::Times)
    } else if is("Courier") || is("CourierNew") {
        Some(Family::Courier)
    } else if is("Symbol") {
        Some(Family::Symbol)
    } else if is("ZapfDingbats") || is("Dingbats") || is("ITCZapfDingbats") {
        Some(Family::ZapfDingbats)
    } else {
        None
    }
}

/// Parses a style suffix such as "BoldItalicMT", "Bold", "Roman", "Oblique" into (bold, italic).
/// Returns None if it contains anything else (e.g. "Narrow", "Black").
fn parse_style(style: &str) -> Option<(bool, bool)> {
    let lower = style.to_ascii_lowercase();
    let mut rest = lower.as_str();
    let (mut bold, mut italic) = (false, false);
    const TOKENS: [&str; 10] = [
        "bold", "italic", "oblique", "roman", "regular", "normal", "medium", "book", "mt", "ps",
    ];
    'outer: while !rest.is_empty() {
        rest = rest.trim_start_matches([',', '-', ' ', '_']);
        for tok in TOKENS {
            if let Some(r) = rest.strip_prefix(tok) {
                match tok {
                    "bold" => bold = true,
                    "italic" | "oblique" => italic = true,
                    _ => {}
                }
                rest = r;
                continue 'outer;
            }
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some((bold, italic))
}

/// The standard font a /BaseFont name refers to, or None. Strips a subset prefix (`ABCDEF+`),
/// and maps the usual aliases (Arial*, TimesNewRoman*, CourierNew*, `,Bold`-style suffixes).
pub fn standard_font(base_font: &str) -> Option<&'static StandardFont> {
    let mut name = base_font.trim();
    if let Some((prefix, rest)) = name.split_once('+') {
        if prefix.len() == 6 && prefix.bytes().all(|b| b.is_ascii_uppercase()) {
            name = rest;
        }
    }
    if let Some(f) = font_by_name(name) {
        return Some(f);
    }
    let split = name.find([',', '-', ' ']).unwrap_or(name.len());
    let (base, style) = name.split_at(split);
    let family = family_of(base)?;
    let (bold, italic) = parse_style(style)?;
    let target = match family {
        Family::Symbol => "Symbol",
        Family::ZapfDingbats => "ZapfDingbats",
        Family::Helvetica => match (bold, italic) {
            (false, false) => "Helvetica",
            (true, false) => "Helvetica-Bold",
            (false, true) => "Helvetica-Oblique",
            (true, true) => "Helvetica-BoldOblique",
        },
        Family::Courier => match (bold, italic) {
            (false, false) => "Courier",
            (true, false) => "Courier-Bold",
            (false, true) => "Courier-Oblique",
            (true, true) => "Courier-BoldOblique",
        },
        Family::Times => match (bold, italic) {
            (false, false) => "Times-Roman",
            (true, false) => "Times-Bold",
            (false, true) => "Times-Italic",
            (true, true) => "Times-BoldItalic",
        },
    };
    font_by_name(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(name: &str) -> Option<String> {
        glyph_to_unicode(name)
    }

    fn sf(name: &str) -> Option<&'static str> {
        standard_font(name).map(|f| f.name)
    }

    #[test]
    fn tables_sorted() {
        assert!(generated::AGL.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(generated::ZAPF.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(generated::FONTS.len(), 14);
        for f in &generated::FONTS {
            assert!(
                f.widths.windows(2).all(|w| w[0].0 < w[1].0),
                "{} widths not sorted",
                f.name
            );
            assert!(f.descent < 0.0 && f.ascent > 0.0 && f.cap_height > 0.0);
        }
    }

    #[test]
    fn encodings() {
        let win = encoding_names(BaseEncoding::WinAnsi);
        assert_eq!(win[0xEB], "edieresis");
        assert_eq!(g(win[0xEB]).as_deref(), Some("ë"));
        assert_eq!(win[0x80], "Euro");
        assert_eq!(g(win[0x80]).as_deref(), Some("€"));
        assert_eq!(win[0x41], "A");
        assert_eq!(win[0x20], "space");
        assert_eq!(win[0x96], "endash");
        assert_eq!(win[0x00], "");
        let std = encoding_names(BaseEncoding::Standard);
        assert_eq!(std[0xAE], "fi");
        assert_eq!(g(std[0xAE]).as_deref(), Some("fi"));
        assert_eq!(std[0x27], "quoteright");
        assert_eq!(std[0x80], "");
        let mac = encoding_names(BaseEncoding::MacRoman);
        assert_eq!(mac[0x8A], "adieresis");
        assert_eq!(mac[0x80], "Adieresis");
        let pdf = encoding_names(BaseEncoding::PdfDoc);
        assert_eq!(pdf[0x8F], "quoteleft");
        assert_eq!(pdf[0x90], "quoteright");
        assert_eq!(g(pdf[0x90]).as_deref(), Some("\u{2019}"));
        assert_eq!(pdf[0x93], "fi");
        assert_eq!(pdf[0x84], "emdash");
        assert_eq!(pdf[0xA0], "Euro");
        assert_eq!(pdf[0x18], "breve");
        let sym = encoding_names(BaseEncoding::Symbol);
        assert_eq!(sym[0x61], "alpha");
        assert_eq!(g(sym[0x61]).as_deref(), Some("α"));
        assert_eq!(g(sym[0x22]).as_deref(), Some("∀"));
        let zapf = encoding_names(BaseEncoding::ZapfDingbats);
        assert_eq!(zapf[0x21], "a1");
        assert_eq!(zapf_glyph_to_unicode(zapf[0x21]), Some('✁'));
        assert_eq!(zapf_glyph_to_unicode(zapf[0x6C]), Some('●'));
        assert_eq!(zapf_glyph_to_unicode("space"), Some(' '));
        assert_eq!(zapf_glyph_to_unicode("a0"), None);
        assert_eq!(zapf_glyph_to_unicode("A"), None);
        let expert = encoding_names(BaseEncoding::MacExpert);
        assert_eq!(expert[0x56], "ff");
        // Every named code of every encoding maps to Unicode.
        for enc in [
            BaseEncoding::Standard,
            BaseEncoding::WinAnsi,
            BaseEncoding::MacRoman,
            BaseEncoding::MacExpert,
            BaseEncoding::PdfDoc,
            BaseEncoding::Symbol,
        ] {
            for (code, name) in encoding_names(enc).iter().enumerate() {
                if !name.is_empty() {
                    assert!(g(name).is_some(), "{enc:?} 0x{code:02X} {name}");
                }
            }
        }
        for name in encoding_names(BaseEncoding::ZapfDingbats) {
            if !name.is_empty() {
                assert!(zapf_glyph_to_unicode(name).is_some(), "{name}");
            }
        }
    }

    #[test]
    fn glyph_names() {
        assert_eq!(g("uni20AC").as_deref(), Some("€"));
        assert_eq!(g("uni00660069").as_deref(), Some("fi"));
        assert_eq!(g("u1F600").as_deref(), Some("😀"));
        assert_eq!(g("u00E9").as_deref(), Some("é"));
        assert_eq!(g("f_f_i").as_deref(), Some("ffi"));
        assert_eq!(g("T_h").as_deref(), Some("Th"));
        assert_eq!(g("t_i").as_deref(), Some("ti"));
        assert_eq!(g("t_t").as_deref(), Some("tt"));
        assert_eq!(g("f_t").as_deref(), Some("ft"));
        assert_eq!(g("Adieresis").as_deref(), Some("Ä"));
        assert_eq!(g("space").as_deref(), Some(" "));
        assert_eq!(g("nbspace").as_deref(), Some("\u{a0}"));
        assert_eq!(g("nonbreakingspace").as_deref(), Some("\u{a0}"));
        assert_eq!(g("hyphen").as_deref(), Some("-"));
        assert_eq!(g("a.sc").as_deref(), Some("a"));
        assert_eq!(g("one.oldstyle").as_deref(), Some("1"));
        assert_eq!(g("f_f_i.liga").as_deref(), Some("ffi"));
        for (lig, plain) in [
            ("fi", "fi"),
            ("fl", "fl"),
            ("ff", "ff"),
            ("ffi", "ffi"),
            ("ffl", "ffl"),
            ("ft", "ft"),
            ("st", "st"),
        ] {
            assert_eq!(g(lig).as_deref(), Some(plain));
        }
        assert_eq!(g("quoteright").as_deref(), Some("’"));
        assert_eq!(g("bullet").as_deref(), Some("•"));
        assert_eq!(g("dalethatafpatah").as_deref(), Some("\u{5D3}\u{5B2}"));
        for none in ["g123", "cid12", "glyph5", ".notdef", "a1", "a191"] {
            assert_eq!(g(none), None, "{none}");
        }
    }

    #[test]
    fn odd_names_do_not_panic() {
        let odd = [
            "",
            "uni",
            "uniD800",
            "u110000",
            "a.b.c",
            "_",
            "f_",
            "__",
            ".",
            "..",
            "uni12",
            "uniGGGG",
            "u",
            "u12",
            "u1234567",
            "uD800",
            "uDFFF",
            "uni0041D800",
            "uni+041",
            "u+0041",
            "ü",
            "uniü000",
            "uni00é0",
            "a_ü",
            "€",
            "\0",
            "a\u{0}b",
            "uni00410042004",
            "f_g123",
        ];
        for name in odd {
            let _ = glyph_to_unicode(name);
            let _ = zapf_glyph_to_unicode(name);
            let _ = standard_font(name);
            for f in &generated::FONTS {
                let _ = f.width(name);
            }
        }
        // Deterministic fuzz over an alphabet of tricky characters.
        let alphabet: Vec<char> = "uni0AFDfg._-+,ü€😀\u{0}xT".chars().collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut name = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 12) as usize;
            let mut x = state;
            for _ in 0..len {
                name.push(alphabet[(x % alphabet.len() as u64) as usize]);
                x /= alphabet.len() as u64;
                if x == 0 {
                    x = state.rotate_left(17) | 1;
                }
            }
            let _ = glyph_to_unicode(&name);
            let _ = zapf_glyph_to_unicode(&name);
            let _ = standard_font(&name);
            let _ = generated::FONTS[0].width(&name);
        }
        assert_eq!(g(""), None);
        assert_eq!(g("uni"), None);
        assert_eq!(g("uniD800"), None);
        assert_eq!(g("uni0041D800"), None);
        assert_eq!(g("uDFFF"), None);
        assert_eq!(g("u110000"), None);
        assert_eq!(g("u10FFFF").as_deref(), Some("\u{10FFFF}"));
        assert_eq!(g("a.b.c").as_deref(), Some("a"));
        assert_eq!(g("_"), None);
        assert_eq!(g("f_").as_deref(), Some("f"));
        assert_eq!(g("f_g123"), None);
        assert_eq!(g("uni12"), None);
        assert_eq!(g("u1234567"), None);
    }

    #[test]
    fn widths() {
        let helv = standard_font("Helvetica").unwrap();
        assert_eq!(helv.width("a"), Some(556.0));
        assert_eq!(helv.width("space"), Some(278.0));
        assert_eq!(helv.width("edieresis"), Some(556.0));
        assert_eq!(helv.width("Euro"), Some(556.0));
        assert_eq!(helv.width("nosuchglyph"), None);
        assert!(!helv.fixed_pitch && !helv.serif && !helv.bold && !helv.italic);
        assert_eq!(helv.ascent, 718.0);
        assert_eq!(helv.descent, -207.0);
        assert_eq!(helv.builtin, BaseEncoding::Standard);
        let times = standard_font("Times-Roman").unwrap();
        assert_eq!(times.width("a"), Some(444.0));
        assert_eq!(times.width("space"), Some(250.0));
        assert!(times.serif);
        for name in [
            "Courier",
            "Courier-Bold",
            "Courier-Oblique",
            "Courier-BoldOblique",
        ] {
            let c = standard_font(name).unwrap();
            assert!(c.fixed_pitch);
            assert!(c.widths.len() > 300);
            assert!(c.widths.iter().all(|&(_, w)| w == 600), "{name}");
        }
        let sym = standard_font("Symbol").unwrap();
        assert!(sym.symbolic);
        assert_eq!(sym.builtin, BaseEncoding::Symbol);
        assert_eq!(sym.width("alpha"), Some(631.0));
        let zapf = standard_font("ZapfDingbats").unwrap();
        assert_eq!(zapf.builtin, BaseEncoding::ZapfDingbats);
        assert_eq!(zapf.width("a1"), Some(974.0));
        // Every glyph of StandardEncoding has a width in every text font.
        for f in generated::FONTS.iter().filter(|f| !f.symbolic) {
            for name in encoding_names(BaseEncoding::Standard) {
                if !name.is_empty() {
                    assert!(f.width(name).is_some(), "{} {name}", f.name);
                }
            }
            for name in encoding_names(BaseEncoding::WinAnsi) {
                if !name.is_empty() {
                    assert!(f.width(name).is_some(), "{} {name}", f.name);
                }
            }
        }
    }

    #[test]
    fn font_names() {
        for f in &generated::FONTS {
            assert_eq!(sf(f.name), Some(f.name));
        }
        assert_eq!(sf("ABCDEF+Arial,Bold"), Some("Helvetica-Bold"));
        assert_eq!(sf("TimesNewRomanPS-BoldItalicMT"), Some("Times-BoldItalic"));
        assert_eq!(sf("Arial"), Some("Helvetica"));
        assert_eq!(sf("ArialMT"), Some("Helvetica"));
        assert_eq!(sf("Arial-BoldMT"), Some("Helvetica-Bold"));
        assert_eq!(sf("Arial-ItalicMT"), Some("Helvetica-Oblique"));
        assert_eq!(sf("Arial-BoldItalicMT"), Some("Helvetica-BoldOblique"));
        assert_eq!(sf("Arial,Italic"), Some("Helvetica-Oblique"));
        assert_eq!(sf("Arial,BoldItalic"), Some("Helvetica-BoldOblique"));
        assert_eq!(sf("TimesNewRoman"), Some("Times-Roman"));
        assert_eq!(sf("TimesNewRomanPSMT"), Some("Times-Roman"));
        assert_eq!(sf("TimesNewRoman,Bold"), Some("Times-Bold"));
        assert_eq!(sf("TimesNewRomanPS-BoldMT"), Some("Times-Bold"));
        assert_eq!(sf("TimesNewRomanPS-ItalicMT"), Some("Times-Italic"));
        assert_eq!(sf("Times"), Some("Times-Roman"));
        assert_eq!(sf("TimesRoman"), Some("Times-Roman"));
        assert_eq!(sf("Times-Roman"), Some("Times-Roman"));
        assert_eq!(sf("CourierNew"), Some("Courier"));
        assert_eq!(sf("CourierNewPSMT"), Some("Courier"));
        assert_eq!(sf("CourierNew,Bold"), Some("Courier-Bold"));
        assert_eq!(sf("CourierNewPS-BoldMT"), Some("Courier-Bold"));
        assert_eq!(sf("CourierNewPS-BoldItalicMT"), Some("Courier-BoldOblique"));
        assert_eq!(sf("Helvetica-Oblique"), Some("Helvetica-Oblique"));
        assert_eq!(sf("Helvetica,Bold"), Some("Helvetica-Bold"));
        assert_eq!(sf("XYZABC+Symbol"), Some("Symbol"));
        assert_eq!(sf("ZapfDingbats"), Some("ZapfDingbats"));
        assert_eq!(sf("Calibri"), None);
        assert_eq!(sf("ABCDEF+Calibri-Bold"), None);
        assert_eq!(sf("ArialNarrow"), None);
        assert_eq!(sf("Arial-Black"), None);
        assert_eq!(sf("Arial Unicode MS"), None);
        assert_eq!(sf(""), None);
        assert_eq!(sf("+"), None);
    }
}
