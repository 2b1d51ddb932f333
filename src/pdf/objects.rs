//! Small, panic-free helpers over lopdf objects: reference resolution with a depth bound,
//! typed lookups, stream decoding with a size limit, and PDF text strings.

use lopdf::{Dictionary, Document as Lopdf, Object, Stream};

static NULL: Object = Object::Null;

/// The most an object stream (or a cross-reference stream) may inflate to while the file is
/// loaded: far above any real one, and it keeps a compression bomb from taking gigabytes.
pub const MAX_OBJECT_STREAM: usize = 64 << 20;

/// Follows references (at most 32 hops); a dangling reference resolves to `Null`.
pub fn resolve<'a>(doc: &'a Lopdf, mut o: &'a Object) -> &'a Object {
    for _ in 0..32 {
        match o {
            Object::Reference(id) => match doc.objects.get(id) {
                Some(next) => o = next,
                None => return &NULL,
            },
            _ => return o,
        }
    }
    &NULL
}

/// A resolved, non-null entry of a dictionary.
pub fn get<'a>(doc: &'a Lopdf, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let o = resolve(doc, d.get(key).ok()?);
    match o {
        Object::Null => None,
        _ => Some(o),
    }
}

pub fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(*r as f64),
        _ => None,
    }
}

pub fn get_num(doc: &Lopdf, d: &Dictionary, key: &[u8]) -> Option<f64> {
    get(doc, d, key).and_then(num)
}

pub fn get_name<'a>(doc: &'a Lopdf, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, d, key)? {
        Object::Name(n) => Some(n.as_slice()),
        _ => None,
    }
}

/// The dictionary of a dictionary or stream object.
pub fn as_dict(o: &Object) -> Option<&Dictionary> {
    match o {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub fn get_dict<'a>(doc: &'a Lopdf, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    as_dict(get(doc, d, key)?)
}

pub fn get_array<'a>(doc: &'a Lopdf, d: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    match get(doc, d, key)? {
        Object::Array(a) => Some(a.as_slice()),
        _ => None,
    }
}

pub fn get_stream<'a>(doc: &'a Lopdf, d: &'a Dictionary, key: &[u8]) -> Option<&'a Stream> {
    match get(doc, d, key)? {
        Object::Stream(s) => Some(s),
        _ => None,
    }
}

/// Numbers of an array, resolved; non-numbers are skipped.
pub fn numbers(doc: &Lopdf, a: &[Object]) -> Vec<f64> {
    a.iter().filter_map(|o| num(resolve(doc, o))).collect()
}

/// A rectangle `[x0 y0 x1 y1]`, normalised so that x0 <= x1 and y0 <= y1.
pub fn rect(doc: &Lopdf, o: &Object) -> Option<[f64; 4]> {
    let a = match resolve(doc, o) {
        Object::Array(a) => a,
        _ => return None,
    };
    let n = numbers(doc, a);
    if n.len() < 4 {
        return None;
    }
    Some([
        n[0].min(n[2]),
        n[1].min(n[3]),
        n[0].max(n[2]),
        n[1].max(n[3]),
    ])
}

/// Decoded stream content, bounded by `limit` bytes. /Filter and /DecodeParms given as
/// indirect references (legal, and seen in the corpus) are resolved first. Flate data that
/// breaks off (a damaged or truncated file) gives what was decoded before the damage, as
/// poppler does; the error is in words.
pub fn stream_data(doc: &Lopdf, s: &Stream, limit: usize) -> Result<Vec<u8>, String> {
    let indirect = |k: &[u8]| matches!(s.dict.get(k), Ok(Object::Reference(_)));
    let copy;
    let s = if indirect(b"Filter") || indirect(b"DecodeParms") {
        let mut c = s.clone();
        for k in [&b"Filter"[..], &b"DecodeParms"[..]] {
            if let Ok(o) = s.dict.get(k) {
                let mut r = resolve(doc, o).clone();
                if let Object::Array(items) = &mut r {
                    for it in items.iter_mut() {
                        *it = resolve(doc, it).clone();
                    }
                }
                c.dict.set(k, r);
            }
        }
        copy = c;
        &copy
    } else {
        s
    };
    match s.decompressed_content_with_limit(limit) {
        Ok(d) => Ok(d),
        Err(e) => {
            if let lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) =
                e
            {
                return Err(format!(
                    "it inflates to more than {} MiB, a compression bomb?",
                    limit >> 20
                ));
            }
            let filters: Vec<&[u8]> = match s.dict.get(b"Filter") {
                Ok(Object::Name(n)) => vec![n.as_slice()],
                Ok(Object::Array(a)) => a
                    .iter()
                    .filter_map(|o| match o {
                        Object::Name(n) => Some(n.as_slice()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let known = |f: &[u8]| {
                matches!(
                    f,
                    b"FlateDecode"
                        | b"Fl"
                        | b"LZWDecode"
                        | b"LZW"
                        | b"ASCII85Decode"
                        | b"A85"
                        | b"ASCIIHexDecode"
                        | b"AHx"
                        | b"RunLengthDecode"
                        | b"RL"
                )
            };
            let flate_only = filters.len() == 1 && matches!(filters[0], b"FlateDecode" | b"Fl");
            let unknown_but_zlib =
                filters.len() == 1 && !known(filters[0]) && s.content.first() == Some(&0x78);
            let no_predictor = !s.dict.has(b"DecodeParms");
            if (flate_only || unknown_but_zlib) && no_predictor {
                let part = partial_inflate(&s.content, limit);
                if !part.is_empty() {
                    return Ok(part);
                }
            }
            Err(if filters.iter().any(|f| !known(f)) {
                format!(
                    "it is compressed with {}, which figuren does not decode",
                    filters
                        .iter()
                        .filter(|f| !known(f))
                        .map(|f| format!("/{}", String::from_utf8_lossy(f)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                "its compressed data is damaged".to_string()
            })
        }
    }
}

/// Inflates zlib (or raw deflate) data up to the first error or `limit` bytes.
pub fn partial_inflate(data: &[u8], limit: usize) -> Vec<u8> {
    use std::io::Read;
    fn drain(mut r: impl Read, limit: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut buf = [0u8; 16 * 1024];
        while out.len() < limit {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n.min(limit - out.len())]),
            }
        }
        out
    }
    let z = drain(flate2::read::ZlibDecoder::new(data), limit);
    if !z.is_empty() {
        return z;
    }
    drain(
        flate2::read::DeflateDecoder::new(data.get(2..).unwrap_or(&[])),
        limit,
    )
}

/// PDFDocEncoding code points for 0x18..=0x1F and 0x80..=0xAD (PDF 32000 Annex D.2).
const PDFDOC_18: [char; 8] = ['˘', 'ˇ', 'ˆ', '˙', '˝', '˛', '˚', '˜'];
const PDFDOC_80: [char; 46] = [
    '•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘', '’', '‚', '™',
    'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\u{fffd}', '€', '¡', '¢', '£',
    '¤', '¥', '¦', '§', '¨', '©', 'ª', '«', '¬', '\u{ad}',
];

pub fn pdfdoc_char(b: u8) -> char {
    match b {
        0x18..=0x1F => PDFDOC_18[(b - 0x18) as usize],
        0x80..=0xAD => PDFDOC_80[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// A PDF text string (Info, outline, annotations): UTF-16BE/LE with BOM, UTF-8 with BOM,
/// else PDFDocEncoding. Control characters other than tab/newline are dropped.
pub fn text_string(bytes: &[u8]) -> String {
    let s = if bytes.len() >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if bytes.len() >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if bytes.len() >= 3 && bytes[..3] == [0xEF, 0xBB, 0xBF] {
        String::from_utf8_lossy(&bytes[3..]).into_owned()
    } else {
        bytes.iter().map(|&b| pdfdoc_char(b)).collect()
    };
    s.chars()
        .filter(|c| !c.is_control() || *c == '\t' || *c == '\n')
        .collect::<String>()
        .trim()
        .to_string()
}

pub fn get_text(doc: &Lopdf, d: &Dictionary, key: &[u8]) -> Option<String> {
    match get(doc, d, key)? {
        Object::String(b, _) => {
            let t = text_string(b);
            if t.is_empty() {
                None
            } else {
                Some(t)
            }
        }
        _ => None,
    }
}

/// A PDF date `D:YYYYMMDDHHmmSSOHH'mm` as ISO 8601 (`2024-06-03T10:15:00+02:00`);
/// the raw string when it does not parse.
pub fn pdf_date(raw: &str) -> String {
    let s = raw.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() < 4 {
        return raw.to_string();
    }
    let part = |from: usize, len: usize, default: &str| -> String {
        digits
            .get(from..from + len)
            .map(|p| p.to_string())
            .unwrap_or_else(|| default.to_string())
    };
    let (y, mo, d, h, mi, se) = (
        part(0, 4, "0000"),
        part(4, 2, "01"),
        part(6, 2, "01"),
        part(8, 2, "00"),
        part(10, 2, "00"),
        part(12, 2, "00"),
    );
    let valid = |v: &str, lo: u32, hi: u32| {
        v.parse::<u32>()
            .map(|n| n >= lo && n <= hi)
            .unwrap_or(false)
    };
    if !(valid(&mo, 1, 12)
        && valid(&d, 1, 31)
        && valid(&h, 0, 23)
        && valid(&mi, 0, 59)
        && valid(&se, 0, 60))
    {
        return raw.to_string();
    }
    let mut out = format!("{y}-{mo}-{d}T{h}:{mi}:{se}");
    let rest: String = s[digits.len()..].chars().filter(|c| *c != '\'').collect();
    let mut chars = rest.chars();
    match chars.next() {
        Some('Z') => out.push('Z'),
        Some(sign @ ('+' | '-')) => {
            let tz: String = chars.filter(|c| c.is_ascii_digit()).collect();
            let hh = tz.get(0..2).unwrap_or("00");
            let mm = tz.get(2..4).unwrap_or("00");
            out.push_str(&format!("{sign}{hh}:{mm}"));
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            pdf_date("D:20240603101500+02'00'"),
            "2024-06-03T10:15:00+02:00"
        );
        assert_eq!(pdf_date("D:20231018"), "2023-10-18T00:00:00");
        assert_eq!(pdf_date("D:20231018120000Z"), "2023-10-18T12:00:00Z");
        assert_eq!(pdf_date("garbage"), "garbage");
        assert_eq!(pdf_date("D:20231399"), "D:20231399");
    }

    #[test]
    fn text_strings() {
        assert_eq!(text_string(b"\xfe\xff\x00A\x00\xeb"), "Aë");
        assert_eq!(text_string(b"caf\xe9 \x8dx\x8e \x93"), "café “x” ﬁ");
        assert_eq!(text_string(b"\xfe\xff\xd8"), ""); // odd length, lone byte dropped
    }
}
