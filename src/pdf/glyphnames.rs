//! Glyph names that are not in the Adobe Glyph List but carry a number: the character code
//! (`a65`, `c41`, `x2E`, `C41`, `g3`, `cid12`) or, in fonts whose codes were renumbered,
//! the original character (poppler's "numeric glyph names"). And the TeX encodings that
//! give those codes their text in bitmap (pk) Type 3 fonts written by pdfTeX (`/a97`) and
//! dvipdfmx (`/x61`).
//!
//! What is read from a name, in this order (names the Adobe Glyph List, `uniXXXX` or
//! `uXXXX` already map never come here):
//! 1. *The name carries its own code*: one reading of its number (decimal, or hexadecimal,
//!    after a prefix of up to three letters) equals the code it sits at. The text is that
//!    code's: in the font's explicit base encoding; in T1 or OT1 when every name of a Type 3
//!    font has TeX's form (see `TexFont`); else the code as Latin-1 (poppler's pass-through).
//! 2. *The codes were renumbered*: every unknown name of the font is numeric and every
//!    /Differences run starts at code 5 or below (poppler's test). The number is then the
//!    character: hexadecimal when some name has the two-digit `Axx`/`xx` or four-digit
//!    `Axxxx` form with a letter among the digits, decimal otherwise.
//!
//! Control characters, surrogates and non-characters are never produced. Anything else stays
//! without text (U+FFFD downstream): unlike poppler, an unknown name is not read as its code.

use super::fontdata::{self, BaseEncoding};

/// One way to read the number in a glyph name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// Letters before the number.
    pub prefix: usize,
    pub value: u32,
    pub hex: bool,
}

/// The name without a `.suffix` (`a65.alt` -> `a65`); None for `.notdef` and the like.
fn stem(name: &str) -> Option<&str> {
    let s = name.split_once('.').map_or(name, |(b, _)| b);
    (!s.is_empty()).then_some(s)
}

/// Every reading of `name` as up to three ASCII letters followed by one to six digits, at
/// least one of them decimal unless they are the two hex digits of `Cdd` (decimal digits
/// are read both ways; with hex letters only as hexadecimal).
pub fn readings(name: &str) -> Vec<Reading> {
    let mut out = Vec::new();
    let Some(s) = stem(name) else {
        return out;
    };
    let b = s.as_bytes();
    for prefix in 0..=3usize.min(b.len().saturating_sub(1)) {
        if !b[..prefix].iter().all(u8::is_ascii_alphabetic) {
            break;
        }
        let rest = &b[prefix..];
        // At least one decimal digit, or `Cdd`/`xHH` (one letter, two hex digits): `a`, `ff`,
        // `cafe` are words, not numbers.
        if rest.is_empty()
            || rest.len() > 6
            || !rest.iter().all(u8::is_ascii_hexdigit)
            || !(rest.iter().any(u8::is_ascii_digit) || (prefix == 1 && rest.len() == 2))
        {
            continue;
        }
        // `rest` is ASCII, so this cannot fail.
        let Ok(digits) = std::str::from_utf8(rest) else {
            continue;
        };
        if rest.iter().all(u8::is_ascii_digit) {
            if let Ok(v) = digits.parse::<u32>() {
                out.push(Reading {
                    prefix,
                    value: v,
                    hex: false,
                });
            }
        }
        if let Ok(v) = u32::from_str_radix(digits, 16) {
            out.push(Reading {
                prefix,
                value: v,
                hex: true,
            });
        }
    }
    out
}

/// Whether one reading of the name's number is `code`.
pub fn carries_code(name: &str, code: u32) -> bool {
    readings(name).iter().any(|r| r.value == code)
}

fn is_hex_letter(c: &u8) -> bool {
    matches!(c, b'a'..=b'f' | b'A'..=b'F')
}

/// Hexadecimal evidence (poppler): `xx` with a hex letter second (`1a`, not `a0`), or `Axx`
/// (and pdf.js' `g00xx`-like `Axxxx`) with a hex letter among the digits (`C4F`, `g6CB0`).
fn looks_hex(name: &str) -> bool {
    let Some(s) = stem(name) else {
        return false;
    };
    let b = s.as_bytes();
    match b.len() {
        2 => b.iter().all(u8::is_ascii_hexdigit) && is_hex_letter(&b[1]),
        3 | 5 => {
            b[0].is_ascii_alphabetic()
                && b[1..].iter().all(u8::is_ascii_hexdigit)
                && b[1..].iter().any(is_hex_letter)
        }
        _ => false,
    }
}

/// The value of a numeric name once the font's base is known. Hexadecimal: the digits after
/// one leading letter (`C41`, `g0`; none for `1a`-like names of even length whose first
/// character is a hex digit). Decimal: the number after the leading letters (`a65`, `cid12`).
pub fn value(name: &str, hex: bool) -> Option<u32> {
    let s = stem(name)?;
    let b = s.as_bytes();
    let prefix = if hex {
        let first = *b.first()?;
        usize::from(first.is_ascii_alphabetic() && (b.len() % 2 == 1 || !first.is_ascii_hexdigit()))
    } else {
        b.iter().take_while(|c| c.is_ascii_alphabetic()).count()
    };
    readings(name)
        .iter()
        .find(|r| r.hex == hex && r.prefix == prefix)
        .map(|r| r.value)
}

/// Text for a Unicode value read from a name: none for controls, surrogates, non-characters.
pub fn char_text(v: u32) -> Option<String> {
    let c = char::from_u32(v)?;
    if c.is_control() || (0xFDD0..=0xFDEF).contains(&v) || v & 0xFFFE == 0xFFFE || v == 0xFFFD {
        return None;
    }
    Some(c.to_string())
}

/// The TeX encoding of a bitmap font whose glyphs are named by their codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TexEncoding {
    /// Cork / EC (`\usepackage[T1]{fontenc}`), 256 codes.
    T1,
    /// The original 128-code text encoding of Computer Modern.
    Ot1,
}

/// A Type 3 font whose every glyph name is TeX's: `a<decimal code>` (pdfTeX) or
/// `x<two hex digits of the code>` (dvipdfmx).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TexFont {
    pub encoding: TexEncoding,
    /// All glyphs equally wide (cmtt, ectt): ASCII for the printable codes.
    pub typewriter: bool,
}

fn tex_name(name: &str, code: u32) -> bool {
    let b = name.as_bytes();
    match b.first() {
        Some(b'a') => {
            let d = &b[1..];
            !d.is_empty()
                && d.len() <= 3
                && d.iter().all(u8::is_ascii_digit)
                && (d.len() == 1 || d[0] != b'0')
                && std::str::from_utf8(d)
                    .ok()
                    .and_then(|t| t.parse::<u32>().ok())
                    == Some(code)
        }
        Some(b'x') => {
            let d = &b[1..];
            d.len() == 2
                && d.iter().all(u8::is_ascii_hexdigit)
                && std::str::from_utf8(d)
                    .ok()
                    .and_then(|t| u32::from_str_radix(t, 16).ok())
                    == Some(code)
        }
        _ => false,
    }
}

impl TexFont {
    /// `named`: (code, glyph name) of every code the /Differences name (not `.notdef`);
    /// `width`: advance of a code. None unless every name has TeX's form.
    pub fn detect(named: &[(u8, &str)], width: impl Fn(u8) -> f64) -> Option<TexFont> {
        if named.is_empty() || !named.iter().all(|(c, n)| tex_name(n, *c as u32)) {
            return None;
        }
        let mut codes: Vec<u8> = named.iter().map(|(c, _)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        let max = codes.last().copied().unwrap_or(0);
        let ot1_only = codes.iter().any(|c| (11..=15).contains(c) || *c == 127);
        let encoding = if max < 128 && ot1_only {
            TexEncoding::Ot1
        } else {
            TexEncoding::T1
        };
        let ws: Vec<f64> = codes
            .iter()
            .map(|&c| width(c))
            .filter(|w| *w > 0.0)
            .collect();
        let typewriter = ws.len() >= 3
            && ws
                .iter()
                .all(|w| (w - ws[0]).abs() <= 1e-3 * ws[0].abs().max(1e-9));
        Some(TexFont {
            encoding,
            typewriter,
        })
    }

    /// Text of a code in this font.
    pub fn text(&self, code: u8) -> Option<String> {
        if code == 32 && (self.typewriter || self.encoding == TexEncoding::T1) {
            return Some("\u{2423}".into());
        }
        if self.typewriter && (33..=126).contains(&code) {
            return Some((code as char).to_string());
        }
        let name = match self.encoding {
            TexEncoding::T1 => T1[code as usize],
            TexEncoding::Ot1 => {
                if self.typewriter {
                    match code {
                        11 => "arrowup",
                        12 => "arrowdown",
                        13 => "quotesingle",
                        14 => "exclamdown",
                        15 => "questiondown",
                        _ => OT1.get(code as usize).copied().unwrap_or(""),
                    }
                } else {
                    OT1.get(code as usize).copied().unwrap_or("")
                }
            }
        };
        if name.is_empty() {
            return None;
        }
        fontdata::glyph_to_unicode(name)
    }
}

/// What `fill` needs to know about a simple font besides its names.
pub struct FontNames<'a> {
    /// Glyph name per code (base encoding + /Differences); "" where none.
    pub names: &'a [String],
    /// Codes named by /Differences.
    pub from_differences: &'a [bool],
    /// Every /Differences run starts at code 5 or below.
    pub runs_start_low: bool,
    /// /Encoding or /BaseEncoding given in the font dictionary.
    pub base: Option<BaseEncoding>,
    pub type3: bool,
}

/// Codes 0, 1, 2, ... (or 1, 2, 3, ...) without a gap, at least eight of them: glyphs
/// numbered in the order they were first used, which says nothing about the characters.
fn numbered_in_order(codes: &[u8]) -> bool {
    let mut c: Vec<u8> = codes.to_vec();
    c.sort_unstable();
    c.dedup();
    c.len() >= 8 && c[0] <= 1 && c.windows(2).all(|w| w[1] == w[0] + 1)
}

/// Fills codes without text whose names carry a number (see the module comment).
/// `text[code]` already holds what the glyph list gave; `width(code)` is the advance.
pub fn fill(f: &FontNames, text: &mut [Option<String>], width: impl Fn(u8) -> f64) {
    let n = f.names.len().min(text.len()).min(256);
    let unknown: Vec<(u8, &str)> = (0..n)
        .filter(|&c| text[c].is_none())
        .filter_map(|c| {
            let name = f.names[c].as_str();
            stem(name).map(|_| (c as u8, name))
        })
        .collect();
    if unknown.is_empty() {
        return;
    }
    let self_coded = unknown.iter().all(|(c, n)| carries_code(n, *c as u32));
    let codes: Vec<u8> = unknown.iter().map(|(c, _)| *c).collect();
    if self_coded && numbered_in_order(&codes) {
        return;
    }
    let renumbered = f.runs_start_low && unknown.iter().all(|(_, n)| !readings(n).is_empty());
    if renumbered && !self_coded {
        // 2. the number is the character
        let hex = unknown.iter().any(|(_, name)| looks_hex(name));
        for &(code, name) in &unknown {
            text[code as usize] = value(name, hex).and_then(char_text);
        }
        return;
    }
    // 1. names that carry their own code; TeX bitmap fonts when every /Differences name is TeX's
    let tex = if f.type3 && f.base.is_none() {
        let named: Vec<(u8, &str)> = (0..n)
            .filter(|&c| f.from_differences.get(c).copied().unwrap_or(false))
            .filter_map(|c| stem(&f.names[c]).map(|_| (c as u8, f.names[c].as_str())))
            .collect();
        TexFont::detect(&named, &width)
    } else {
        None
    };
    for &(code, name) in &unknown {
        if !carries_code(name, code as u32) {
            continue;
        }
        text[code as usize] = if let Some(t) = &tex {
            t.text(code)
        } else if let Some(b) = f.base {
            let g = fontdata::encoding_names(b)[code as usize];
            if g.is_empty() {
                None
            } else {
                fontdata::glyph_to_unicode(g)
            }
        } else {
            char_text(code as u32)
        };
    }
}

/// T1 (Cork/EC) encoding, after TeX Live's `ec.enc`; "" for the compound-word mark and the
/// per-mille zero, which have no text of their own.
#[rustfmt::skip]
static T1: [&str; 256] = [
    // 0x00
    "grave", "acute", "circumflex", "tilde", "dieresis", "hungarumlaut", "ring", "caron",
    "breve", "macron", "dotaccent", "cedilla", "ogonek", "quotesinglbase", "guilsinglleft", "guilsinglright",
    // 0x10
    "quotedblleft", "quotedblright", "quotedblbase", "guillemotleft", "guillemotright", "endash", "emdash", "",
    "", "dotlessi", "uni0237", "ff", "fi", "fl", "ffi", "ffl",
    // 0x20
    "uni2423", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand", "quoteright",
    "parenleft", "parenright", "asterisk", "plus", "comma", "hyphen", "period", "slash",
    // 0x30
    "zero", "one", "two", "three", "four", "five", "six", "seven",
    "eight", "nine", "colon", "semicolon", "less", "equal", "greater", "question",
    // 0x40
    "at", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O",
    // 0x50
    "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z",
    "bracketleft", "backslash", "bracketright", "asciicircum", "underscore",
    // 0x60
    "quoteleft", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
    // 0x70
    "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
    "braceleft", "bar", "braceright", "asciitilde", "hyphen",
    // 0x80
    "Abreve", "Aogonek", "Cacute", "Ccaron", "Dcaron", "Ecaron", "Eogonek", "Gbreve",
    "Lacute", "Lcaron", "Lslash", "Nacute", "Ncaron", "Eng", "Ohungarumlaut", "Racute",
    // 0x90
    "Rcaron", "Sacute", "Scaron", "Scedilla", "Tcaron", "uni0162", "Uhungarumlaut", "Uring",
    "Ydieresis", "Zacute", "Zcaron", "Zdotaccent", "IJ", "Idotaccent", "dcroat", "section",
    // 0xA0
    "abreve", "aogonek", "cacute", "ccaron", "dcaron", "ecaron", "eogonek", "gbreve",
    "lacute", "lcaron", "lslash", "nacute", "ncaron", "eng", "ohungarumlaut", "racute",
    // 0xB0
    "rcaron", "sacute", "scaron", "scedilla", "tcaron", "uni0163", "uhungarumlaut", "uring",
    "ydieresis", "zacute", "zcaron", "zdotaccent", "ij", "exclamdown", "questiondown", "sterling",
    // 0xC0
    "Agrave", "Aacute", "Acircumflex", "Atilde", "Adieresis", "Aring", "AE", "Ccedilla",
    "Egrave", "Eacute", "Ecircumflex", "Edieresis", "Igrave", "Iacute", "Icircumflex", "Idieresis",
    // 0xD0
    "Eth", "Ntilde", "Ograve", "Oacute", "Ocircumflex", "Otilde", "Odieresis", "OE",
    "Oslash", "Ugrave", "Uacute", "Ucircumflex", "Udieresis", "Yacute", "Thorn", "S_S",
    // 0xE0
    "agrave", "aacute", "acircumflex", "atilde", "adieresis", "aring", "ae", "ccedilla",
    "egrave", "eacute", "ecircumflex", "edieresis", "igrave", "iacute", "icircumflex", "idieresis",
    // 0xF0
    "eth", "ntilde", "ograve", "oacute", "ocircumflex", "otilde", "odieresis", "oe",
    "oslash", "ugrave", "uacute", "ucircumflex", "udieresis", "yacute", "thorn", "germandbls",
];

/// OT1, the text encoding of Computer Modern Roman (`cmr10`); the typewriter differences are
/// in `TexFont::text`. "" for code 32, the stroke that TeX overprints to make Ł.
#[rustfmt::skip]
static OT1: [&str; 128] = [
    // 0x00
    "Gamma", "uni0394", "Theta", "uni039B", "Xi", "Pi", "Sigma", "Upsilon",
    "Phi", "Psi", "uni03A9", "ff", "fi", "fl", "ffi", "ffl",
    // 0x10
    "dotlessi", "uni0237", "grave", "acute", "caron", "breve", "macron", "ring",
    "cedilla", "germandbls", "ae", "oe", "oslash", "AE", "OE", "Oslash",
    // 0x20
    "", "exclam", "quotedblright", "numbersign", "dollar", "percent", "ampersand", "quoteright",
    "parenleft", "parenright", "asterisk", "plus", "comma", "hyphen", "period", "slash",
    // 0x30
    "zero", "one", "two", "three", "four", "five", "six", "seven",
    "eight", "nine", "colon", "semicolon", "exclamdown", "equal", "questiondown", "question",
    // 0x40
    "at", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O",
    // 0x50
    "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z",
    "bracketleft", "quotedblleft", "bracketright", "circumflex", "dotaccent",
    // 0x60
    "quoteleft", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
    // 0x70
    "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
    "endash", "emdash", "hungarumlaut", "tilde", "dieresis",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Text per code of a font whose /Differences are `diffs` (one run per entry), the way
    /// `Font::load` reads a simple font: glyph list first, then `fill`.
    fn decode(
        diffs: &[(u8, &[&str])],
        base: Option<BaseEncoding>,
        type3: bool,
        width: impl Fn(u8) -> f64,
    ) -> Vec<Option<String>> {
        let mut names = vec![String::new(); 256];
        if let Some(b) = base {
            for (i, n) in fontdata::encoding_names(b).iter().enumerate() {
                names[i] = n.to_string();
            }
        }
        let mut from_differences = vec![false; 256];
        let mut runs_start_low = true;
        for (start, run) in diffs {
            runs_start_low &= *start <= 5;
            for (k, n) in run.iter().enumerate() {
                let c = *start as usize + k;
                names[c] = n.to_string();
                from_differences[c] = true;
            }
        }
        let mut text: Vec<Option<String>> = names
            .iter()
            .map(|n| fontdata::glyph_to_unicode(n))
            .collect();
        let f = FontNames {
            names: &names,
            from_differences: &from_differences,
            runs_start_low,
            base,
            type3,
        };
        fill(&f, &mut text, width);
        text
    }

    /// A lone name in a font that is not a TeX bitmap font.
    fn one(code: u8, name: &str) -> Option<String> {
        decode(&[(code, &[name])], None, false, |_| 0.5)[code as usize].clone()
    }

    #[test]
    fn readings_of_names() {
        let r = |n: &str| -> Vec<(usize, u32, bool)> {
            readings(n)
                .iter()
                .map(|r| (r.prefix, r.value, r.hex))
                .collect()
        };
        assert_eq!(
            r("a65"),
            vec![(0, 0xA65, true), (1, 65, false), (1, 0x65, true)]
        );
        assert_eq!(r("xEB"), vec![(1, 0xEB, true)]);
        assert_eq!(r("CAF"), vec![(1, 0xAF, true)]);
        assert_eq!(
            r("cid12"),
            vec![(2, 0xD12, true), (3, 12, false), (3, 0x12, true)]
        );
        assert_eq!(r("C4F"), vec![(0, 0xC4F, true), (1, 0x4F, true)]);
        assert_eq!(r("65"), vec![(0, 65, false), (0, 0x65, true)]);
        for none in [
            "a", "ff", "cafe", "uni", "cid", "Bullet", ".notdef", "", "a1234567", "é65", "_1",
        ] {
            assert!(readings(none).is_empty(), "{none}");
        }
        assert_eq!(value("a65", false), Some(65));
        assert_eq!(value("cid12", false), Some(12));
        assert_eq!(value("C4F", true), Some(0x4F));
        assert_eq!(value("1a", true), Some(0x1A));
        assert_eq!(value("g0", true), Some(0));
        assert_eq!(value("C4F", false), None);
        assert!(looks_hex("C4F") && looks_hex("1a") && looks_hex("g00e9"));
        assert!(!looks_hex("a0") && !looks_hex("c41") && !looks_hex("g618") && !looks_hex("cid12"));
    }

    #[test]
    fn names_that_carry_their_code() {
        // (code, name, text): the number, decimal or hex, is the code the name sits at
        let cases: &[(u8, &str, Option<&str>)] = &[
            (65, "a65", Some("A")),
            (65, "c65", Some("A")),
            (0x41, "C41", Some("A")),
            (0x41, "G41", Some("A")),
            (0x4F, "C4F", Some("O")),
            (0x2E, "x2E", Some(".")),
            (66, "g66", Some("B")),
            (67, "cid67", Some("C")),
            (0xE9, "cE9", Some("é")),
            (0x5F, "a95", Some("_")),
            (65, "a65.alt", Some("A")),
            // glyph list and uniXXXX / uXXXX come first
            (65, "uni00C9", Some("É")),
            (65, "u00E9", Some("é")),
            (65, "u1F600", Some("😀")),
            (65, "uni00660069", Some("fi")),
            // not codes: glyph list names, names without a number, numbers that are not the code
            (97, "a", Some("a")),
            (49, "one", Some("1")),
            (65, "uni", None),
            (65, "cid", None),
            (98, "Bullet", None),
            (0x21, "a1", None),
            (65, "a97", None),
            (65, "g3", None),
            (65, ".notdef", None),
            // a code that is a control character in Latin-1 has no text
            (3, "g3", None),
            (0x85, "a133", None),
            (0x85, "x85", None),
        ];
        for &(code, name, want) in cases {
            assert_eq!(one(code, name).as_deref(), want, "{name} at {code}");
        }
    }

    #[test]
    fn base_encoding_gives_the_code_its_text() {
        // pdf.js' rule: a name that is its code reads the code in the explicit base encoding
        let t = decode(
            &[(128, &["c128"])],
            Some(BaseEncoding::WinAnsi),
            false,
            |_| 0.5,
        );
        assert_eq!(t[128].as_deref(), Some("€"));
        let t = decode(&[(128, &["c128"])], None, false, |_| 0.5);
        assert_eq!(
            t[128], None,
            "no base encoding: Latin-1, and 0x80 is a control"
        );
    }

    #[test]
    fn renumbered_codes_read_the_number_as_the_character() {
        // every run starts at 5 or below and every unknown name is numeric (poppler's test)
        let t = decode(&[(1, &["c72", "c105", "c33"])], None, true, |_| 0.5);
        assert_eq!(t[1..4].concat_opt(), "Hi!");
        // hexadecimal when a name shows a hex letter among two digits
        let t = decode(&[(0, &["G48", "G69", "G2E", "C4F"])], None, true, |_| 0.5);
        assert_eq!(t[0..4].concat_opt(), "Hi.O");
        let t = decode(&[(1, &["cid72", "cid105"])], None, false, |_| 0.5);
        assert_eq!(t[1..3].concat_opt(), "Hi");
        // glyph numbers read as characters give controls: nothing
        let t = decode(&[(1, &["g3", "g4"])], None, true, |_| 0.5);
        assert_eq!(t[1], None);
        assert_eq!(t[2], None);
        // a run above 5: not renumbered, and the names do not carry their codes
        let t = decode(&[(1, &["c72"]), (40, &["c105"])], None, true, |_| 0.5);
        assert_eq!((t[1].clone(), t[40].clone()), (None, None));
        // a non-numeric unknown name among them: poppler's test fails too
        let t = decode(&[(1, &["c72", "Bullet"])], None, true, |_| 0.5);
        assert_eq!(t[1], None);
    }

    #[test]
    fn glyphs_numbered_in_order_of_use_stay_unknown() {
        let names: Vec<String> = (0..12).map(|i| format!("a{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let t = decode(&[(0, &refs)], None, true, |_| 0.5);
        assert!(t[..12].iter().all(Option::is_none), "{t:?}");
    }

    #[test]
    fn pdftex_t1_bitmap_font() {
        let t = decode(
            &[
                (3, &["a3"]),
                (16, &["a16", "a17"]),
                (21, &["a21", "a22"]),
                (28, &["a28"]),
                (32, &["a32"]),
                (39, &["a39"]),
                (97, &["a97", "a98"]),
                (0x8A, &["a138"]),
                (0xDF, &["a223"]),
                (0xEB, &["a235"]),
                (0xEF, &["a239"]),
                (0xFF, &["a255"]),
            ],
            None,
            true,
            |c| 0.4 + f64::from(c) / 1000.0,
        );
        let want: &[(u8, &str)] = &[
            (3, "\u{2dc}"),
            (16, "“"),
            (17, "”"),
            (21, "–"),
            (22, "—"),
            (28, "fi"),
            (32, "␣"),
            (39, "’"),
            (97, "a"),
            (0x8A, "Ł"),
            (0xDF, "SS"),
            (0xEB, "ë"),
            (0xEF, "ï"),
            (0xFF, "ß"),
        ];
        for &(c, s) in want {
            assert_eq!(t[c as usize].as_deref(), Some(s), "code {c}");
        }
    }

    #[test]
    fn typewriter_and_dvipdfmx_names() {
        // ectt: every glyph equally wide; ASCII for the printable codes
        let t = decode(
            &[
                (39, &["x27"]),
                (96, &["x60"]),
                (126, &["x7E"]),
                (0xEF, &["xEF"]),
            ],
            None,
            true,
            |_| 0.525,
        );
        assert_eq!(t[39].as_deref(), Some("'"));
        assert_eq!(t[96].as_deref(), Some("`"));
        assert_eq!(t[126].as_deref(), Some("~"));
        assert_eq!(t[0xEF].as_deref(), Some("ï"));
    }

    #[test]
    fn ot1_when_its_ligature_slots_are_used() {
        let named = [(12u8, "a12"), (97, "a97"), (123, "a123")];
        let tex = TexFont::detect(&named, |c| 0.4 + f64::from(c) / 1000.0);
        assert_eq!(
            tex,
            Some(TexFont {
                encoding: TexEncoding::Ot1,
                typewriter: false
            })
        );
        let t = tex.map(|t| (t.text(12), t.text(123), t.text(127)));
        assert_eq!(
            t,
            Some((Some("fi".into()), Some("–".into()), Some("\u{a8}".into())))
        );
        // T1 as soon as a code above 127 is used
        let named = [(12u8, "a12"), (0xEB, "a235")];
        assert_eq!(
            TexFont::detect(&named, |_| 0.5).map(|t| t.encoding),
            Some(TexEncoding::T1)
        );
        // not TeX's names
        assert_eq!(TexFont::detect(&[(65, "a65"), (66, "g66")], |_| 0.5), None);
        assert_eq!(TexFont::detect(&[(65, "a065")], |_| 0.5), None);
    }

    #[test]
    fn tex_tables_name_only_known_glyphs() {
        for (i, n) in T1.iter().enumerate() {
            assert!(
                n.is_empty() || fontdata::glyph_to_unicode(n).is_some(),
                "T1 {i} {n}"
            );
        }
        for (i, n) in OT1.iter().enumerate() {
            assert!(
                n.is_empty() || fontdata::glyph_to_unicode(n).is_some(),
                "OT1 {i} {n}"
            );
        }
        // Greek capitals, not the math operators the glyph list gives for Delta and Omega
        assert_eq!(fontdata::glyph_to_unicode(OT1[1]).as_deref(), Some("Δ"));
        assert_eq!(fontdata::glyph_to_unicode(OT1[10]).as_deref(), Some("Ω"));
    }

    #[test]
    fn odd_input_does_not_panic() {
        let long = "a".repeat(300);
        for n in [
            "",
            ".",
            "a.",
            "é",
            "aé1",
            "\u{0}",
            "99999999999",
            &long,
            "x",
            "xZZ",
        ] {
            let _ = readings(n);
            let _ = value(n, true);
            let _ = value(n, false);
            let _ = one(200, n);
        }
        // names shorter than 256 entries
        let names = vec!["a65".to_string(); 10];
        let mut text = vec![None; 3];
        let f = FontNames {
            names: &names,
            from_differences: &[],
            runs_start_low: false,
            base: None,
            type3: true,
        };
        fill(&f, &mut text, |_| 0.0);
    }

    trait ConcatOpt {
        fn concat_opt(&self) -> String;
    }
    impl ConcatOpt for [Option<String>] {
        fn concat_opt(&self) -> String {
            self.iter()
                .map(|s| s.as_deref().unwrap_or("\u{fffd}"))
                .collect()
        }
    }
}
